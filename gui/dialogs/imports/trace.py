"""Products > Import trace…: a request trace's profile applied to one product, previewed first.

The trace is read once; changing the window or the product only re-measures or
re-compares. Apply is one undo step that also records the file, its rows and the date
as the product's sources (docs/model.md#imports).
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.formats.imports import FieldChange, product_edit, source_text, trace_changes
from core.formats.trace import (
    DEFAULT_WINDOW_S,
    Requests,
    TraceProfile,
    read_trace,
    trace_profile,
)
from gui.dialogs.imports.preview import (
    apply_button,
    apply_cancel,
    apply_edit,
    fill_rows,
    number_text,
    open_preview,
    preview_table,
)
from gui.document import ScenarioDocument

TRACE_FILTER = "Request traces (*.csv *.csv.gz *.gz);;All files (*)"


def import_trace(
    document: ScenarioDocument, parent: QWidget, path: Path | None = None
) -> "TraceImportDialog | None":
    """Ask for a trace (unless `path` is given), read it, and open its preview.

    A bad file is reported in `traceErrorDialog` and nothing changes.
    """
    return open_preview(
        parent,
        path,
        ("Import request trace", TRACE_FILTER),
        _read,
        "traceErrorDialog",
        lambda requests, path: TraceImportDialog(document, requests, path, parent),
    )


def _read(path: Path) -> Requests:
    """The trace's requests, checked at the default window (too short says so now)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        requests = read_trace(path)
        trace_profile(requests)
    finally:
        QGuiApplication.restoreOverrideCursor()
    return requests


class TraceImportDialog(QDialog):
    """Pick the product and window; see each field now and from the trace; Apply or Cancel."""

    def __init__(
        self, document: ScenarioDocument, requests: Requests, path: Path, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("traceImportDialog")
        self.setWindowTitle(f"Import trace - {path.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._doc, self._requests, self._path = document, requests, path
        self.changes: list[FieldChange] = []
        self.product = QComboBox(self)
        self.product.setObjectName("traceProductCombo")
        self.product.addItems([p.name for p in document.scenario.products])
        self.window_s = QDoubleSpinBox(self)
        self.window_s.setObjectName("traceWindowSpin")
        self.window_s.setRange(1.0, 86_400.0)
        self.window_s.setDecimals(0)
        self.window_s.setSuffix(" s")
        self.window_s.setValue(DEFAULT_WINDOW_S)
        self.window_s.setToolTip("Peak to average over windows of this length (3,600 s: busy hour)")
        self.volume = QCheckBox("Set tokens per year from the trace's rate", self)
        self.volume.setObjectName("traceVolumeCheck")
        self.volume.setChecked(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("traceSummaryLabel")
        self.summary.setWordWrap(True)
        self.table = preview_table("tracePreviewTable", ["Field", "Now", "From the trace"], self)
        self.message = QLabel(self)
        self.message.setObjectName("traceMessageLabel")
        self.message.setWordWrap(True)
        self._layout(self._buttons())
        for signal in (
            self.product.currentIndexChanged,
            self.window_s.valueChanged,
            self.volume.toggled,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def _buttons(self) -> QDialogButtonBox:
        buttons = apply_cancel(self, "trace", self.apply)
        self.apply_button = apply_button(buttons)
        return buttons

    def _layout(self, buttons: QDialogButtonBox) -> None:
        form = QFormLayout()
        form.addRow("Product", self.product)
        form.addRow("Peak window", self.window_s)
        form.addRow("", self.volume)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addLayout(form)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.resize(640, 420)

    def refresh(self) -> None:
        """Re-measure at the window chosen and compare with the product chosen."""
        self.message.clear()
        try:
            profile = trace_profile(self._requests, self.window_s.value())
        except ValueError as error:
            self.changes = []
            self.message.setText(f"{self._path.name} {error}")
            fill_rows(self.table, [])
            self.apply_button.setEnabled(False)
            return
        self.summary.setText(_summary(self._path, profile))
        product = self._doc.scenario.products[self.product.currentIndex()]
        self.changes = trace_changes(product, profile, self.volume.isChecked())
        fill_rows(
            self.table, [(c.label, number_text(c.old), number_text(c.new)) for c in self.changes]
        )
        self.apply_button.setEnabled(True)

    def apply(self) -> bool:
        """Apply the previewed changes as one undo step; the dialog closes if they were taken."""
        name = self.product.currentText()
        source = source_text("Request trace", self._path.name, len(self._requests), date.today())
        return apply_edit(
            self,
            self._doc,
            product_edit(self._doc.scenario, {name: (self.changes, source)}),
            f"Import trace {self._path.name} into {name}",
            self.message,
        )


def _summary(path: Path, profile: TraceProfile) -> str:
    lines = [
        f"{path.name}: {profile.requests:,} requests over {profile.duration_s:,.1f} s "
        f"({profile.requests_per_s:,.2f}/s), output fraction {profile.output_fraction:.4f}, "
        f"p99 prompt {profile.p99_prompt_tokens:,.0f} tokens."
    ]
    return "\n".join(lines + [f"Note: {note}." for note in profile.notes()])
