"""Read and set the routing table's shares by product and model name, as a tester would.

The table (`routingTable`, docs/testing.md "The routing table") has one row per product,
in the scenario's order, and the columns `Product`, `Floor`, `In-house only`, then one
per model in the scenario's order. A share cell edits the routed share in percent; it
shows `60% → 18%` when the effective share of the selected year differs. Partner cells
of an in-house-only product are locked (not editable).
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from gui.editors.routing_model import FIXED_COLUMNS
from gui.testing.guards import raises_unexpected_dialogs
from gui.testing.idle import wait_idle

if TYPE_CHECKING:
    from gui.main_window import MainWindow

TABLE = "routingTable"


def read_share(window: "MainWindow", product: str, model: str) -> float:
    """The share of `product`'s tokens routed to `model`, in percent (as the cell edits it)."""
    table, index = _cell(window, product, model)
    return float(table.model().data(index, Qt.ItemDataRole.EditRole))


def read_effective_share(window: "MainWindow", product: str, model: str) -> float:
    """The share `model` serves of `product` in the selected year, in percent.

    It differs from `read_share` when the in-house shift moves traffic, or when a model
    not yet serving that year falls back to the next (docs/user-guide.md, "Routing
    table rule").
    """
    _table, index = _cell(window, product, model)
    shown = window.document.shown
    year = shown.results.years.index(shown.year)
    column = index.column() - len(FIXED_COLUMNS)
    return 100.0 * float(shown.results.outputs.shares[0, year, index.row(), column])


@raises_unexpected_dialogs
def set_share(window: "MainWindow", product: str, model: str, percent: float) -> None:
    """Type `percent` into the cell, as a user would; the row's other shares rebalance.

    One undo step. ValueError naming the cell if it is locked, unknown, out of 0-100 or
    the edit is refused; returns once the dashboard shows the result.
    """
    table, index = _cell(window, product, model)
    cell = f"{TABLE}[{product!r}, {model!r}]"
    if not table.model().flags(index) & Qt.ItemFlag.ItemIsEditable:
        why = table.model().data(index, Qt.ItemDataRole.ToolTipRole)
        raise ValueError(f"{cell} is locked: {why}")
    if isinstance(percent, bool) or not isinstance(percent, int | float):
        raise ValueError(f"{cell}: expected a number of percent, got {percent!r}")
    if not 0 <= percent <= 100:
        raise ValueError(f"{cell}: {percent:g} is outside its range 0 to 100")
    rejected: list[str] = []
    window.document.editRejected.connect(rejected.append)
    try:
        table.model().setData(index, percent, Qt.ItemDataRole.EditRole)
    finally:
        window.document.editRejected.disconnect(rejected.append)
    if rejected:
        raise ValueError(f"{cell}: not applied: {' '.join(rejected)}")
    wait_idle(window)


def _cell(window: "MainWindow", product: str, model: str) -> tuple[QTableView, QModelIndex]:
    """The routing table and the index of (`product`, `model`); ValueError naming an unknown."""
    table = window.findChild(QTableView, TABLE)
    if table is None:
        raise LookupError(f"no {TABLE} in {window.objectName()!r}")
    scenario = window.document.scenario
    products = [p.name for p in scenario.products]
    models = [m.name for m in scenario.models]
    if product not in products:
        raise ValueError(f"{TABLE}: no product {product!r}; the products are {products}")
    if model not in models:
        raise ValueError(f"{TABLE}: no model {model!r}; the models are {models}")
    row, column = products.index(product), len(FIXED_COLUMNS) + models.index(model)
    return table, table.model().index(row, column)
