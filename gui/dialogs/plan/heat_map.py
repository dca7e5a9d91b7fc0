"""Routing by year as a heat map: for one product, years down, models across, share as colour.

Each cell also says its share in %, so the map reads without colour (and in print).
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

import core
from core.plan.solve import Plan
from core.units import percent
from gui.dialogs.plan.locks import lock_mark
from gui.dialogs.plan.words import LOCKED_TITLE, ROUTING_TITLE
from gui.style.appearance import appearance
from gui.style.icons import lock_icon
from gui.style.theme import PROVIDER_COLORS
from gui.views.tables.fitted import fit_columns
from gui.views.tables.keyboard import keyboard_table
from gui.views.tables.year_grid import Index, YearGridModel

Routing = dict[int, dict[str, dict[str, float]]]  # year -> product -> model -> share
HEAT = QColor(PROVIDER_COLORS["In-house"])  # a full cell; an empty one is the background
DARK_TEXT_FROM = 0.18  # a cell's relative luminance above which dark text contrasts more


class RoutingHeatModel(YearGridModel):
    """One product's routing per year; `show(routing, product, models)` swaps what it shows."""

    def __init__(self) -> None:
        super().__init__()
        self._shares: list[list[float]] = []
        self._locked: frozenset[int] = frozenset()

    def show(
        self,
        routing: Routing,
        product: str,
        models: list[str],
        locked: frozenset[int] = frozenset(),
    ) -> None:
        """`product`'s shares per year, on the models it ever uses (in `models` order).

        A year in `locked` is a routing the user locked: its cells carry a lock.
        """
        self._locked = locked
        years = sorted(routing)
        used = {m for y in years for m, s in routing[y].get(product, {}).items() if s > 5e-4}
        self.beginResetModel()
        self.years = years
        self.columns = [m for m in models if m in used]
        rows = [routing[y].get(product, {}) for y in years]
        self._shares = [[row.get(m, 0.0) for m in self.columns] for row in rows]
        self.endResetModel()

    def share(self, row: int, column: int) -> float:
        """The share in a cell (0-1)."""
        return self._shares[row][column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        share = self._shares[index.row()][index.column()]
        locked = self.years[index.row()] in self._locked
        if role == Qt.ItemDataRole.DisplayRole:
            return percent(share) if share > 5e-4 else ""
        if role == Qt.ItemDataRole.DecorationRole and locked and share > 5e-4:
            return lock_icon(_ink(share))
        if role == Qt.ItemDataRole.BackgroundRole:
            return _cell(share)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(_ink(share))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            model, year = self.columns[index.column()], self.years[index.row()]
            kept = " (locked: the plan kept it)" if locked else ""
            return f"{year}: {percent(share, 1)} of the product's tokens on {model}{kept}"
        return None


class RoutingHeatMap(QWidget):
    """The product picked, its title (with a padlock when locked), its heat map."""

    def __init__(self, scenario: core.Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._models = [m.name for m in scenario.models]
        self._plan: Plan | None = None
        self.product = QComboBox(self)
        self.product.setObjectName("planRoutingProduct")
        self.product.setAccessibleName("Product whose routing is shown")
        self.product.addItems([p.name for p in scenario.products])
        self.lock = lock_mark(self)
        self.lock.setObjectName("planRoutingLockIcon")
        self.lock.hide()
        self.label = QLabel(ROUTING_TITLE, self)
        self.label.setObjectName("planRoutingProductLabel")
        self.model = RoutingHeatModel()
        self.table = QTableView(self)
        self.table.setObjectName("planRoutingTable")
        keyboard_table(self.table, "Plan's routing by year: share of the product's tokens by model")
        self.table.setModel(self.model)
        fit_columns(self.table)
        title = QHBoxLayout()
        title.addWidget(self.lock)
        title.addWidget(self.label)
        title.addWidget(self.product, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title)
        layout.addWidget(self.table)
        self.product.currentTextChanged.connect(lambda _text: self._draw())

    def show_plan(self, plan: Plan | None) -> None:
        """The routing `plan` gives the product picked (none: an empty map)."""
        self._plan = plan
        self._draw()

    def _draw(self) -> None:
        product, plan = self.product.currentText(), self._plan
        cells = plan.limits.locks.routing if plan is not None else {}
        locked = frozenset(year for name, year in cells if name == product)
        self.lock.setVisible(bool(locked))
        self.label.setText(LOCKED_TITLE if locked else ROUTING_TITLE)
        self.model.show(plan.routing if plan is not None else {}, product, self._models, locked)


def _ink(share: float) -> str:
    """Black or white on the cell's colour, whichever reads better."""
    return "#1A1A1A" if _luminance(_cell(share)) > DARK_TEXT_FROM else "#FFFFFF"


def _cell(share: float) -> QColor:
    """The theme's background at 0, the heat colour at 1, linear in between."""
    low, high, t = QColor(appearance().theme.background), HEAT, min(max(share, 0.0), 1.0)
    return QColor(
        round(low.red() + (high.red() - low.red()) * t),
        round(low.green() + (high.green() - low.green()) * t),
        round(low.blue() + (high.blue() - low.blue()) * t),
    )


def _luminance(color: QColor) -> float:
    """WCAG relative luminance (0 black, 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )
