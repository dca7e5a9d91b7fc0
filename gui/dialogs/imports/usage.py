"""Products > Import usage history…: fitted volumes and growth per product, previewed first.

Each product of the file is matched to the scenario's by name (exactly, then ignoring
case and spaces); an unknown one is listed and can be mapped to a product or left
skipped. Apply sets every mapped product's volume and growth in one undo step and
records the file, its rows and the date as their sources (docs/model.md#F-usage-fit).
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.formats.imports import FieldChange, product_edit, source_text, usage_changes
from core.formats.usage import UsageFit, fit_usage, match_products, read_usage
from gui.dialogs.imports.preview import (
    apply_cancel,
    apply_edit,
    fill_rows,
    number_text,
    open_preview,
    preview_table,
)
from gui.document import ScenarioDocument

USAGE_FILTER = "Usage tables (*.csv *.xlsx *.xlsm);;All files (*)"
SKIP = "(skip)"
HEADERS = ["Product in file", "Apply to", "Volume now", "Fitted volume", "Growth now"]
HEADERS += ["Fitted growth", "R²", "Months"]


def import_usage(
    document: ScenarioDocument, parent: QWidget, path: Path | None = None
) -> "UsageImportDialog | None":
    """Ask for a usage table (unless `path` is given), fit it, and open the preview.

    A bad file is reported in `usageErrorDialog` and nothing changes.
    """
    return open_preview(
        parent,
        path,
        ("Import usage history", USAGE_FILTER),
        lambda path: fit_usage(read_usage(path), document.scenario.horizon.start_year),
        "usageErrorDialog",
        lambda fits, path: UsageImportDialog(document, fits, path, parent),
    )


class UsageImportDialog(QDialog):
    """One row per product of the file: where it goes, old and fitted figures, R², months."""

    def __init__(
        self, document: ScenarioDocument, fits: list[UsageFit], path: Path, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("usageImportDialog")
        self.setWindowTitle(f"Import usage history - {path.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._doc, self._fits, self._path = document, fits, path
        self.table = preview_table("usagePreviewTable", HEADERS, self)
        self.unknown = QLabel(self)
        self.unknown.setObjectName("usageUnknownLabel")
        self.unknown.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("usageMessageLabel")
        self.message.setWordWrap(True)
        buttons = apply_cancel(self, "usage", self.apply)
        column = QVBoxLayout(self)
        for widget in (self.unknown, self.table, self.message, buttons):
            column.addWidget(widget)
        self.resize(900, 420)
        self.targets = self._target_combos()
        self.refresh()

    def _target_combos(self) -> list[QComboBox]:
        """A product picker per row: the matched product, or (skip) for an unknown name."""
        names = [p.name for p in self._doc.scenario.products]
        matched = match_products([f.product for f in self._fits], names)
        fill_rows(self.table, [[f.product] + [""] * (len(HEADERS) - 1) for f in self._fits])
        combos = []
        for row, fit in enumerate(self._fits):
            combo = QComboBox(self.table)
            combo.setObjectName(f"usageTarget_{row}")
            combo.addItems([SKIP, *names])
            combo.setCurrentText(matched[fit.product] or SKIP)
            combo.setEnabled(not fit.problem)
            combo.currentIndexChanged.connect(self.refresh)
            self.table.setCellWidget(row, 1, combo)
            combos.append(combo)
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
        """Old and fitted figures for each row's chosen product."""
        scenario = self._doc.scenario
        for row, (fit, combo) in enumerate(zip(self._fits, self.targets, strict=True)):
            target = None if combo.currentText() == SKIP else combo.currentText()
            old = scenario.products[combo.currentIndex() - 1] if target else None
            cells = [
                number_text(old.tokens_per_year) if old else "",
                fit.problem or number_text(fit.tokens_per_year),
                f"{old.growth:+.1%}" if old else "",
                "" if fit.problem else f"{fit.growth:+.1%}",
                "" if fit.problem else f"{fit.r_squared:.3f}",
                f"{fit.months}" + (f" (+{fit.zero_months} empty)" if fit.zero_months else ""),
            ]
            for offset, text in enumerate(cells, start=2):
                item = self.table.item(row, offset)
                if item is not None:  # every cell was filled when the rows were made
                    item.setText(text)

    def apply(self) -> bool:
        """Apply every mapped product in one undo step; say why not if two share a product."""
        targets = self.targets_by_product()
        chosen = [(fit, target) for fit in self._fits if (target := targets[fit.product])]
        taken = [t for _fit, t in chosen]
        twice = sorted({t for t in taken if taken.count(t) > 1})
        if twice:
            self.message.setText(f"Not applied: more than one row maps to {', '.join(twice)}")
            return False
        if not chosen:
            self.message.setText("Not applied: every row is skipped")
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
