"""The Plan tab starts and removes a build plan and edits routing by year (docs/user-guide.md, "The plan window")."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QTableView

from core.scenario.plan_edits import routing_in

COPILOT, REGULATED = "GitHub Copilot", "Regulated-industry models"
MAI_2, GPT, SONNET, OPUS = 1, 3, 4, 5  # model columns of the default portfolio


@pytest.fixture
def window(scaledeck_window):
    window = scaledeck_window  # the default scenario, 1600x1000, closed without prompts
    window.tables.setCurrentWidget(window.tables.plan_page)
    return window


def _routing_table(window):
    return window.findChild(QTableView, "planRoutingByYearTable")


def _pick(window, product: str):
    window.findChild(QComboBox, "planTabProductCombo").setCurrentText(product)
    return _routing_table(window).model()


def test_start_writes_the_ramp_as_a_plan_and_remove_goes_back(qtbot, window):
    """docs/model.md#F-plan-edits: starting a plan moves no figure, in one undo step each way."""
    doc = window.document
    doc.edit({"fleet.scale": 2.0}, "scale")
    ramp = doc.results.outputs
    start = window.findChild(QPushButton, "planStartButton")
    remove = window.findChild(QPushButton, "planRemoveButton")
    assert start.isVisible()
    assert not remove.isVisible()
    steps = doc.undo_stack.count()
    start.click()
    assert [(r.year, r.gpu, r.gpus) for r in doc.scenario.build_plan] == [
        (2027, "H100", 5_000), (2028, "H100", 5_000), (2029, "H100", 5_000)
    ]  # fmt: skip
    planned = doc.results.outputs
    assert planned.pv_cost_usd[0] == pytest.approx(ramp.pv_cost_usd[0], rel=1e-9)
    assert planned.total_cost_usd[0] == pytest.approx(ramp.total_cost_usd[0], rel=1e-9)
    assert planned.fleet.capacity_gpu_hours[0] == pytest.approx(
        ramp.fleet.capacity_gpu_hours[0], rel=1e-9
    )
    assert doc.undo_stack.count() == steps + 1
    assert remove.isVisible()
    assert not start.isVisible()
    assert window.tables.plan_page.table.model().index(1, 0).data() == "5,000"
    remove.click()
    assert doc.scenario.build_plan is None
    assert doc.scenario.fleet.scale == 2.0
    assert doc.results.outputs.pv_cost_usd[0] == pytest.approx(ramp.pv_cost_usd[0], rel=1e-9)
    assert doc.undo_stack.count() == steps + 2
    doc.undo_stack.undo()
    assert len(doc.scenario.build_plan) == 3
    doc.undo_stack.undo()
    assert doc.scenario.build_plan is None
    assert start.isVisible()


def test_a_year_cell_edit_makes_that_years_routing_in_one_undo_step(qtbot, window):
    doc = window.document
    model = _pick(window, COPILOT)
    row = doc.scenario.horizon.years.index(2028)
    assert model.index(row, GPT).data() == "60%"
    assert model.headerData(row, Qt.Orientation.Vertical) == "2028"
    steps = doc.undo_stack.count()
    assert model.setData(model.index(row, SONNET), "70")
    assert doc.undo_stack.count() == steps + 1
    assert [(r.product, r.year) for r in doc.scenario.routing_by_year] == [(COPILOT, 2028)]
    shares = routing_in(doc.scenario, COPILOT, 2028)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert dict(shares) == pytest.approx({"GPT-5 class": 0.3, "Claude Sonnet class": 0.7})
    assert model.index(row, SONNET).data() == "70%"
    assert model.index(row, GPT).data() == "30%"
    assert model.index(row + 1, GPT).data() == "60%"  # other years keep the base routing
    assert model.headerData(row, Qt.Orientation.Vertical) == "2028 (own)"
    assert window.tables.plan_page.routing.full_text.endswith(f"{COPILOT} (2028).")
    assert not model.setData(model.index(row, SONNET), "lots")
    doc.undo_stack.undo()
    assert doc.scenario.routing_by_year == ()
    assert model.index(row, SONNET).data() == "40%"


def test_use_base_routing_clears_a_year_or_every_year(qtbot, window):
    doc = window.document
    model = _pick(window, COPILOT)
    table = _routing_table(window)
    clear_year = window.findChild(QPushButton, "planClearYearButton")
    clear_all = window.findChild(QPushButton, "planClearProductButton")
    assert not clear_all.isEnabled()
    for row in (1, 2):  # 2027, 2028
        assert model.setData(model.index(row, GPT), "100")
    table.setCurrentIndex(model.index(0, GPT))  # 2026 has no routing of its own
    assert not clear_year.isEnabled()
    table.setCurrentIndex(model.index(2, GPT))
    assert clear_year.isEnabled()
    assert clear_year.text() == "Use base routing in 2028"
    steps = doc.undo_stack.count()
    clear_year.click()
    assert [r.year for r in doc.scenario.routing_by_year] == [2027]
    assert model.index(2, GPT).data() == "60%"
    assert not clear_year.isEnabled()
    assert clear_all.isEnabled()
    clear_all.click()
    assert doc.scenario.routing_by_year == ()
    assert not clear_all.isEnabled()
    assert doc.undo_stack.count() == steps + 2
    doc.undo_stack.undo()
    assert [r.year for r in doc.scenario.routing_by_year] == [2027]


def test_cells_a_model_cannot_serve_are_locked(qtbot, window):
    doc = window.document
    model = _pick(window, COPILOT)
    editable = Qt.ItemFlag.ItemIsEditable
    not_yet = model.index(0, MAI_2)  # MAI-2 serves from 2029
    assert not model.flags(not_yet) & editable
    assert "does not serve in 2026" in model.data(not_yet, Qt.ItemDataRole.ToolTipRole)
    assert model.flags(model.index(3, MAI_2)) & editable  # 2029
    slow = model.index(0, OPUS)  # misses GitHub Copilot's latency promise
    assert not model.flags(slow) & editable
    assert "promise" in model.data(slow, Qt.ItemDataRole.ToolTipRole)
    assert not model.setData(slow, "50")
    assert doc.scenario.routing_by_year == ()
    model = _pick(window, REGULATED)  # in-house only: partners are locked
    partner = model.index(0, GPT)
    assert not model.flags(partner) & editable
    assert model.data(partner, Qt.ItemDataRole.BackgroundRole) == model.data(
        model.index(0, MAI_2), Qt.ItemDataRole.BackgroundRole
    )  # the same grey as a model not yet serving
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
