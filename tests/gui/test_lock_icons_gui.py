"""Locks on what the plan must respect: the routing table and the Plan tab's routing by year
mark each route the plan gives no share (core.plan.locks.closed_routes) with a lock icon
and say why in the tooltip (issue 25, 4; docs/model.md#F-plan-locks)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox, QTableView

from core.plan.locks import closed_routes
from gui.editors.routing_model import FIXED_COLUMNS

DECORATION, TOOLTIP = Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole
COPILOT, EXCEL, REGULATED = 0, 1, 5  # product rows of the default
MAI_2, GPT = 1, 3  # model columns of the default portfolio
SHARES = len(FIXED_COLUMNS)


@pytest.fixture
def window(scaledeck_window):
    scaledeck_window.document.set_year(2026)
    return scaledeck_window  # the default scenario, 1600x1000, closed without prompts


def _closed(window) -> dict:
    doc = window.document
    return closed_routes(doc.scenario, doc.results.structure)


def test_the_routing_table_locks_exactly_the_routes_the_plan_closes(window):
    model = window.findChild(QTableView, "routingTable").model()
    closed, t = _closed(window), 0
    for p in range(model.rowCount()):
        for m in range(model.columnCount() - SHARES):
            icon = model.index(p, SHARES + m).data(DECORATION)
            assert (icon is not None) == ((t, p, m) in closed), (p, m)
    residency = model.index(REGULATED, SHARES + GPT)
    assert isinstance(residency.data(DECORATION), QIcon)
    assert residency.data(TOOLTIP) == (
        "Locked for the plan in 2026 (it routes nothing here): Regulated-industry models is "
        "in-house only (data residency): GPT-5 class is a partner."
    )
    floor = model.index(EXCEL, SHARES + GPT).data(TOOLTIP)
    assert floor.endswith(
        "Locked for the plan in 2026 (it routes nothing here): GPT-5 class, quality 84 under "
        "its floor 85; another model reaches it."
    )
    assert "MAI-2 serves from 2029, not in 2026" in model.index(COPILOT, SHARES + MAI_2).data(
        TOOLTIP
    )
    free = model.index(COPILOT, SHARES + GPT)
    assert free.data(DECORATION) is None
    assert "Locked" not in free.data(TOOLTIP)


def test_a_lock_follows_the_year_and_the_floor(window):
    model = window.findChild(QTableView, "routingTable").model()
    mai_2 = model.index(COPILOT, SHARES + MAI_2)
    assert mai_2.data(DECORATION) is not None
    window.document.set_year(2029)  # MAI-2 serves from 2029
    assert (3, COPILOT, MAI_2) not in _closed(window)
    assert mai_2.data(DECORATION) is None
    gpt_on_excel = model.index(EXCEL, SHARES + GPT)
    assert gpt_on_excel.data(DECORATION) is not None
    window.document.edit({"products[1].quality_floor": 84.0}, "floor")  # GPT-5 scores 84
    assert gpt_on_excel.data(DECORATION) is None


def test_the_plan_tabs_routing_by_year_locks_each_year(window):
    window.tables.setCurrentWidget(window.tables.plan_page)
    window.findChild(QComboBox, "planTabProductCombo").setCurrentText("M365 Copilot Excel")
    model = window.findChild(QTableView, "planRoutingByYearTable").model()
    closed = _closed(window)
    for t in range(model.rowCount()):
        for m in range(model.columnCount()):
            assert (model.index(t, m).data(DECORATION) is not None) == ((t, EXCEL, m) in closed)
    assert (
        model.index(0, GPT)
        .data(TOOLTIP)
        .endswith(
            "Locked for the plan in 2026 (it routes nothing here): GPT-5 class, quality 84 under "
            "its floor 85; another model reaches it."
        )
    )
    assert model.index(3, MAI_2).data(DECORATION) is None  # 2029: MAI-2 serves, reaches 85
    assert "not in 2026" in model.index(0, MAI_2).data(TOOLTIP)


def test_the_lock_is_drawn_in_the_themes_muted_colour(window):
    from gui.style.appearance import appearance

    icon = window.findChild(QTableView, "routingTable").model().index(REGULATED, 6).data(DECORATION)
    image = icon.pixmap(16, 16).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(16) for y in range(16)
               if image.pixelColor(x, y).alpha() == 255}  # fmt: skip
    assert colours == {appearance().theme.muted.lower()}
