"""Products > Import usage history…: fitted volumes and growth per product, previewed first.

The table is read and fitted in a worker (progress and Cancel). Each product of the
file is matched to the scenario's by name (exactly, then ignoring case and spaces); an
unknown one is listed and can be mapped to a product or left skipped. Every row starts
unticked: Apply sets the ticked, mapped products' volume and growth in one undo step and
records the file, its rows and the date as their sources (docs/model.md#F-usage-fit).
Each change shows its size; one beyond x2 either way is warned in words and colour.
"""

from collections.abc import Callable, Generator
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import core
from core.formats.imports import FieldChange, product_edit, source_text, usage_changes
from core.formats.usage import UsageFit, fit_usage, match_products, read_usage
from gui.controls.keyboard import tab_chain
from gui.dialogs.imports.preview import (
    ReadingPreview,
    apply_button,
    apply_cancel,
    apply_edit,
    check_item,
    fill_rows,
    filled_whole,
    number_text,
    open_preview,
    preview_table,
    set_cells,
    size_item,
    ticked,
    warning_label,
    warnings_text,
)
from gui.document import ScenarioDocument

USAGE_FILTER = "Usage tables (*.csv *.xlsx *.xlsm);;All files (*)"
SKIP = "(skip)"
HEADERS = ["Product in file (tick to apply)", "Apply to", "Volume now", "Fitted volume"]
HEADERS += ["Volume change", "Growth now", "Fitted growth", "Growth change", "R²", "Months"]
TABLE_WORDS = "Usage import: each product's volume and growth now and fitted; tick to apply"


def import_usage(
    document: ScenarioDocument, parent: QWidget, path: Path | None = None
) -> "UsageImportDialog | None":
    """Ask for a usage table (unless `path` is given) and open the preview, which fits it.

    A bad file is reported in `usageErrorDialog` and nothing changes.
    """
    return open_preview(
        parent,
        path,
        ("Import usage history", USAGE_FILTER),
        lambda path: UsageImportDialog(document, path, parent),
    )


def _fit(start_year: int) -> Callable[[Path], Generator[int, None, list[UsageFit]]]:
    """A worker's read: a usage table is small, so it is one step (Cancel stops before it)."""

    def read(path: Path) -> Generator[int, None, list[UsageFit]]:
        yield 0
        return fit_usage(read_usage(path), start_year)

    return read


class UsageImportDialog(ReadingPreview):
    """One row per product of the file: tick, where it goes, old and fitted figures, R², months."""

    def __init__(self, document: ScenarioDocument, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("usageImportDialog")
        self.setWindowTitle(f"Import usage history - {path.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._doc, self._path = document, path
        self._fits: list[UsageFit] = []
        self.targets: list[QComboBox] = []
        self.table = preview_table("usagePreviewTable", TABLE_WORDS, HEADERS, self)
        self.unknown = QLabel(self)
        self.unknown.setObjectName("usageUnknownLabel")
        self.unknown.setWordWrap(True)
        self.warning = warning_label("usageWarningLabel", self)
        self.message = QLabel(self)
        self.message.setObjectName("usageMessageLabel")
        self.message.setWordWrap(True)
        buttons = apply_cancel(self, "usage", self.apply)
        self.apply_button: QPushButton = apply_button(buttons)
        self.apply_button.setEnabled(False)
        self.start_reading(
            "usage",
            _fit(document.scenario.horizon.start_year),
            path,
            "Import usage history",
            self._loaded,
        )
        self.follow_products(document)
        column = QVBoxLayout(self)
        for widget in (self.reading, self.unknown, self.table, self.warning, self.message):
            column.addWidget(widget)
        column.addWidget(buttons)
        self.resize(1000, 420)
        self.table.itemChanged.connect(self._ticked)

    def _loaded(self, fits: list[UsageFit]) -> None:
        self._fits = fits
        self._fill()

    def products_changed(self, scenario: core.Scenario) -> None:
        """Each row's picker lists the products now, matched again by name."""
        if self._fits:
            self._fill()

    def _fill(self) -> None:
        """A row per product of the file, every product name whole (the dialog widens)."""
        with filled_whole(self, self.table):
            self.targets = self._target_combos()
            self.refresh()
        tab_chain([self.table, *self.targets])  # made last, the pickers came after Cancel

    def _target_combos(self) -> list[QComboBox]:
        """A product picker per row: the matched product, or (skip) for an unknown name."""
        names = [p.name for p in self._doc.scenario.products]
        matched = match_products([f.product for f in self._fits], names)
        self.table.blockSignals(True)
        fill_rows(self.table, [[""] * len(HEADERS) for _fit in self._fits])
        combos = []
        for row, fit in enumerate(self._fits):
            self.table.setItem(row, 0, check_item(fit.product, not fit.problem))
            combo = QComboBox(self.table)
            combo.setObjectName(f"usageTarget_{row}")
            combo.addItems([SKIP, *names])
            combo.setCurrentText(matched[fit.product] or SKIP)
            combo.setEnabled(not fit.problem)
            combo.currentIndexChanged.connect(self.refresh)
            self.table.setCellWidget(row, 1, combo)
            combos.append(combo)
        self.table.blockSignals(False)
        unknown = [f.product for f in self._fits if matched[f.product] is None]
        if unknown:
            listed = ", ".join(repr(name) for name in unknown)
            self.unknown.setText(f"Not in the scenario: {listed}. Map each to a product or skip.")
        return combos

    def targets_by_product(self) -> dict[str, str | None]:
        """The scenario product each file product is applied to (None: skipped)."""
        return {
            fit.product: (None if combo.currentText() == SKIP else combo.currentText())
            for fit, combo in zip(self._fits, self.targets, strict=True)
        }

    def refresh(self) -> None:
        """Old and fitted figures, and the change's size, for each row's chosen product."""
        scenario = self._doc.scenario
        large: list[FieldChange] = []
        self.table.blockSignals(True)
        for row, (fit, combo) in enumerate(zip(self._fits, self.targets, strict=True)):
            old = scenario.products[combo.currentIndex() - 1] if combo.currentIndex() else None
            changes = usage_changes(old, fit) if old and not fit.problem else []
            large += [c for c in changes if c.large]
            cells: list[str | QTableWidgetItem] = [
                number_text(old.tokens_per_year) if old else "",
                fit.problem or number_text(fit.tokens_per_year),
                size_item(changes[0]) if changes else "",
                f"{old.growth:+.1%}" if old else "",
                "" if fit.problem else f"{fit.growth:+.1%}",
                size_item(changes[1]) if changes else "",
                "" if fit.problem else f"{fit.r_squared:.3f}",
                f"{fit.months}" + (f" (+{fit.zero_months} empty)" if fit.zero_months else ""),
            ]
            set_cells(self.table, row, cells, start=2)
        self.table.blockSignals(False)
        self.warning.setText(warnings_text(large))
        self._ticked()

    def chosen(self) -> list[tuple[UsageFit, str]]:
        """The ticked rows mapped to a product: (fit, product name)."""
        targets = self.targets_by_product()
        return [
            (fit, target)
            for row, fit in enumerate(self._fits)
            if ticked(self.table.item(row, 0)) and (target := targets[fit.product])
        ]

    def _ticked(self) -> None:
        self.apply_button.setEnabled(bool(self.chosen()))

    def apply(self) -> bool:
        """Apply the ticked, mapped products in one undo step; say why not if two share one."""
        chosen = self.chosen()
        taken = [t for _fit, t in chosen]
        twice = sorted({t for t in taken if taken.count(t) > 1})
        if twice:
            self.message.setText(f"Not applied: more than one row maps to {', '.join(twice)}")
            return False
        if not chosen:
            self.message.setText("Not applied: no ticked row is mapped to a product")
            return False
        today = date.today()
        updates: dict[str, tuple[list[FieldChange], str]] = {}
        products = {p.name: p for p in self._doc.scenario.products}
        for fit, target in chosen:
            product = products[target]
            source = source_text("Usage history", self._path.name, fit.rows, today)
            updates[target] = (usage_changes(product, fit), f"{source}, R² {fit.r_squared:.3f}")
        text = f"Import usage history {self._path.name} ({len(updates)} products)"
        return apply_edit(
            self, self._doc, product_edit(self._doc.scenario, updates), text, self.message
        )
