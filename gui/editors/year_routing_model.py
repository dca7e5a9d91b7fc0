"""The Plan tab's routing by year: one product's shares, years down and models across.

A cell shows the share routed that year: the year's own routing
(docs/model.md#F-routing-by-year) if it has one, else the base routing, with
`→ effective` when the in-house shift or fallback changes it, as the routing table does.
Typing a share makes or updates that year's own row by the routing table's rule, one
undo step (docs/model.md#F-plan-edits). Cells of models that do not serve that year,
miss the product's latency promise, or are partners of an in-house-only product are
locked: greyed, not editable, and an edit of the year moves their share to the others.
A lock icon marks every cell the plan gives no share (those, and routes under the
product's quality floor: core.plan.locks.closed_routes), its tooltip saying why.
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from core.engine.results import slo_miss_words
from core.scenario.plan_edits import routing_in, year_share_edit
from core.units import percent_points
from gui.document import ScenarioDocument, Shown
from gui.editors.routing_model import (
    forbidden,
    lock_words,
    plan_locks,
    share_text,
    share_to_apply,
    typed_number,
)
from gui.style.appearance import appearance
from gui.style.icons import lock_icon
from gui.views.tables.year_grid import EDITABLE, READ_ONLY, Index, YearGridModel


class YearRoutingModel(YearGridModel):
    """Years x models of product `product` (an index); edits become undoable document edits."""

    def __init__(self, document: ScenarioDocument) -> None:
        super().__init__()
        self._doc = document  # only to edit: the cells show the payload below
        self._now = document.shown
        self.product = 0
        self._key: tuple[object, ...] = ()
        appearance().changed.connect(self._repaint)

    def show(self, shown: Shown, product: int) -> None:
        """Show `product` of `shown`; repaint only when what the cells show changed."""
        self._now, self.product = shown, product
        s, structure = shown.scenario, shown.results.structure
        key = (
            product,
            s.products[product],
            s.models,
            s.routing_by_year,
            shown.results.outputs.shares[0, :, product].round(6).tobytes(),
            structure.serving.tobytes(),
            structure.generation_keeps[:, product].tobytes(),
        )
        if key == self._key:
            return  # not on every slider move
        self._key = key
        years, columns = s.horizon.years, [m.name for m in s.models]
        if (years, columns) != (self.years, self.columns):
            self.beginResetModel()
            self.years, self.columns = years, columns
            self.endResetModel()
            return
        self._repaint()
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(years) - 1)

    def own_years(self) -> set[int]:
        """The years in which the product has its own routing."""
        name = self._now.scenario.products[self.product].name
        return {r.year for r in self._now.scenario.routing_by_year if r.product == name}

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            year = self.years[section]
            return f"{year} (own)" if year in self.own_years() else str(year)
        return super().headerData(section, orientation, role)

    def cell_flags(self, row: int, column: int) -> Qt.ItemFlag:
        """Editable unless locked."""
        return READ_ONLY if self.locked_reason(row, column) is not None else EDITABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        routed, effective = self._shares(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return share_text(routed, effective)
        if role == Qt.ItemDataRole.EditRole:
            return round(percent_points(routed), 6)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.DecorationRole and self._closed(row, column) is not None:
            return lock_icon(appearance().theme.muted)
        if role == Qt.ItemDataRole.BackgroundRole:
            theme = appearance().theme
            if self.locked_reason(row, column) is not None:
                return QBrush(QColor(theme.forbidden))
            if effective > 0 and self._under_floor(column):
                return QBrush(QColor(theme.under_floor))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, routed, effective)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A typed share in % of an unlocked cell: that year's own routing, one undo step."""
        number = typed_number(value)
        row, column = index.row(), index.column()
        if role != Qt.ItemDataRole.EditRole or number is None:
            return False
        if self.locked_reason(row, column) is not None:
            return False
        s, year, model = self._now.scenario, self.years[row], self.columns[column]
        product = s.products[self.product].name
        now_pct = percent_points(self._shares(row, column)[0])
        if not share_to_apply(self._doc, f"{product} in {year} / {model}", number, now_pct):
            return False
        allowed = [m for j, m in enumerate(self.columns) if self.locked_reason(row, j) is None]
        changes = year_share_edit(s, product, year, model, number / 100.0, allowed)
        return self._doc.edit(changes, f"{product} in {year}: {model} {number:g}%")

    def locked_reason(self, row: int, column: int) -> str | None:
        """Why the cell is locked, in words; None when it can take a share."""
        s, structure = self._now.scenario, self._now.results.structure
        product, model = s.products[self.product], s.models[column]
        if forbidden(product, model):
            return f"{product.name} is in-house only (data residency): {model.name} is a partner."
        if not structure.serving[row, column]:
            return f"{model.name} does not serve in {self.years[row]} (disabled or not yet out)."
        if not structure.generation_keeps[:, self.product, column].any():  # on any GPU
            return f"{model.name} {slo_miss_words(structure, self.product, column)}."
        return None

    def _shares(self, row: int, column: int) -> tuple[float, float]:
        """The share routed (own routing, else base) and the effective one."""
        s, year, model = self._now.scenario, self.years[row], self.columns[column]
        routing = routing_in(s, s.products[self.product].name, year)
        effective = self._now.results.outputs.shares[0, row, self.product, column]
        return routing.get(model, 0.0) / sum(routing.values()), float(effective)

    def _under_floor(self, column: int) -> bool:
        product = self._now.scenario.products[self.product]
        model = self._now.scenario.models[column]
        return model.quality[product.task] < product.quality_floor

    def _closed(self, row: int, column: int) -> str | None:
        """Why the plan gives this cell no share (the lock's words), or None."""
        return plan_locks(self._now).get((row, self.product, column))

    def _tooltip(self, row: int, column: int, routed: float, effective: float) -> str:
        product, year = self._now.scenario.products[self.product], self.years[row]
        closed = self._closed(row, column)
        plan = [] if closed is None else [lock_words(closed, year)]
        locked = self.locked_reason(row, column)
        if locked is not None:
            return "\n".join([locked, *plan])
        whose = f"its own routing for {year}" if year in self.own_years() else "the base routing"
        lines = [
            f"{product.name} on {self.columns[column]} in {year}: {routed:.0%} routed "
            f"({whose}), {effective:.0%} effective"
        ]
        if self._under_floor(column):
            lines.append(f"{self.columns[column]} is under {product.name}'s quality floor.")
        return "\n".join(lines + plan)

    def _repaint(self) -> None:
        """Every cell again (a theme change, new shares)."""
        if self.years and self.columns:
            last = self.index(len(self.years) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
