"""Products > Import trace…: a request trace's profile applied to one product, previewed first.

The trace is read once, in a worker (progress and Cancel); changing the product only
re-compares. Every change starts unticked, so an import changes nothing until the user
ticks a row; each shows its size, and a change beyond x2 either way is warned in words
and colour. Peak to average is offered only from a busy hour (docs/model.md#F-trace-profile).
Apply is one undo step that also records the file, its rows and the date as the
product's sources for the fields taken (docs/model.md#imports).
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

import core
from core.formats.imports import (
    FIELD_LABELS,
    FieldChange,
    product_edit,
    source_text,
    trace_changes,
)
from core.formats.trace import TraceImport, iter_trace_import
from gui.dialogs.imports.preview import (
    ReadingPreview,
    apply_button,
    apply_cancel,
    apply_edit,
    check_item,
    number_text,
    open_preview,
    preview_table,
    set_cells,
    size_item,
    ticked,
    warning_label,
    warnings_text,
)
from gui.dialogs.imports.trace_old import add_old_options
from gui.document import ScenarioDocument

TRACE_FILTER = "Request traces (*.csv *.csv.gz *.gz);;All files (*)"
HEADERS = ["Field (tick to apply)", "Now", "From the trace", "Change"]
TABLE_WORDS = "Trace import: each field now, from the trace, and the change; tick to apply"


def import_trace(
    document: ScenarioDocument, parent: QWidget, path: Path | None = None
) -> "TraceImportDialog | None":
    """Ask for a trace (unless `path` is given) and open its preview, which reads it.

    A bad file is reported in `traceErrorDialog` and nothing changes.
    """
    return open_preview(
        parent,
        path,
        ("Import request trace", TRACE_FILTER),
        lambda path: TraceImportDialog(document, path, parent),
    )


class TraceImportDialog(ReadingPreview):
    """Pick the product; tick the fields to take from the trace; Apply or Cancel."""

    def __init__(self, document: ScenarioDocument, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("traceImportDialog")
        self.setWindowTitle(f"Import trace - {path.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._doc, self._path = document, path
        self.trace: TraceImport | None = None
        self.changes: list[FieldChange] = []
        self.product = QComboBox(self)
        self.product.setObjectName("traceProductCombo")
        self.product.addItems([p.name for p in document.scenario.products])
        self.summary = QLabel(self)
        self.summary.setObjectName("traceSummaryLabel")
        self.summary.setWordWrap(True)
        self.table = preview_table("tracePreviewTable", TABLE_WORDS, HEADERS, self)
        self.warning = warning_label("traceWarningLabel", self)
        self.message = QLabel(self)
        self.message.setObjectName("traceMessageLabel")
        self.message.setWordWrap(True)
        self.start_reading("trace", iter_trace_import, path, "Import request trace", self._loaded)
        self.follow_products(document)
        self._layout(self._buttons())
        self.product.currentIndexChanged.connect(self.refresh)
        self.table.itemChanged.connect(self._ticked)
        add_old_options(self, self.table, lambda: [c.field for c in self.changes])

    def _buttons(self) -> QDialogButtonBox:
        buttons = apply_cancel(self, "trace", self.apply)
        self.apply_button = apply_button(buttons)
        self.apply_button.setEnabled(False)
        return buttons

    def _layout(self, buttons: QDialogButtonBox) -> None:
        form = QFormLayout()
        form.addRow("Product", self.product)
        column = QVBoxLayout(self)
        column.addWidget(self.reading)
        column.addWidget(self.summary)
        column.addLayout(form)
        column.addWidget(self.table, 1)
        widgets: tuple[QWidget, ...] = (self.warning, self.message, buttons)
        for widget in widgets:
            column.addWidget(widget)
        self.resize(720, 440)

    def _loaded(self, trace: TraceImport) -> None:
        self.trace = trace
        self.summary.setText(_summary(self._path, trace))
        self.refresh()

    def products_changed(self, scenario: core.Scenario) -> None:
        """The products of the scenario now, the one chosen kept if it is still there."""
        chosen = self.product.currentText()
        with signals_blocked(self.product):
            self.product.clear()
            self.product.addItems([p.name for p in scenario.products])
            self.product.setCurrentText(chosen)
        self.refresh()

    def refresh(self) -> None:
        """Compare the trace with the product chosen; every row starts unticked."""
        if self.trace is None:
            return
        product = self._doc.scenario.products[self.product.currentIndex()]
        self.changes = trace_changes(product, self.trace)
        self.message.clear()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for change in self.changes:
            self._add_row(
                check_item(change.label),
                number_text(change.old),
                number_text(change.new),
                size_item(change),
            )
        if self.trace.busy_hour is None:
            now = number_text(product.peak_to_average)
            self._add_row(check_item(FIELD_LABELS["peak_to_average"], False), now, "not offered")
        self.table.blockSignals(False)
        self.warning.setText(warnings_text(self.changes))
        self._ticked()

    def _add_row(self, first: QTableWidgetItem, *cells: str | QTableWidgetItem) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        set_cells(self.table, row, [first, *cells])

    def chosen(self) -> list[FieldChange]:
        """The changes whose rows are ticked."""
        return [c for row, c in enumerate(self.changes) if ticked(self.table.item(row, 0))]

    def _ticked(self) -> None:
        self.apply_button.setEnabled(bool(self.chosen()))

    def apply(self) -> bool:
        """Apply the ticked changes as one undo step; the dialog closes if they were taken."""
        chosen = self.chosen()
        if not chosen:
            self.message.setText("Not applied: no row is ticked")
            return False
        name = self.product.currentText()
        assert self.trace is not None  # rows exist only once the trace is read
        source = source_text("Request trace", self._path.name, self.trace.requests, date.today())
        return apply_edit(
            self,
            self._doc,
            product_edit(self._doc.scenario, {name: (chosen, source)}),
            f"Import trace {self._path.name} into {name}",
            self.message,
        )


def _summary(path: Path, trace: TraceImport) -> str:
    profile = trace.profile
    lines = [
        f"{path.name}: {profile.requests:,} requests over {profile.duration_s:,.1f} s "
        f"({profile.requests_per_s:,.2f}/s), output fraction {profile.output_fraction:.4f}, "
        f"p99 prompt {profile.p99_prompt_tokens:,.0f} tokens."
    ]
    if trace.busy_hour_note:
        lines.append(f"No busy hour: {trace.busy_hour_note}.")
    return "\n".join(lines + [f"Note: {note}." for note in profile.notes()])
