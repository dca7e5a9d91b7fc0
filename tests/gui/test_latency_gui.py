"""Latency in the dashboard: the chart, the flagged routing cells and the editable inputs."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from core.scenario.edits import with_changes
from gui.main_window import MainWindow

OPUS_ON_COPILOT = {"products[0].routing": {"Claude Opus class": 0.5, "GPT-5 class": 0.5}}


@pytest.fixture
def window(scaledeck_window):
    return scaledeck_window  # the testers' kit's own window, on the default scenario


def _bars(window: MainWindow) -> np.ndarray:
    return np.asarray(window.latency_chart.bars_item.opts["width"], dtype=float)


def test_latency_bars_are_the_worse_of_ttft_and_tpot_against_the_promise(window):
    # GitHub Copilot runs on GPT-5 and Sonnet class: 2.0 s of 2.5 s, 15 ms of 25 ms -> 80%.
    assert _bars(window)[0] == pytest.approx(80.0)
    window.document.edit(OPUS_ON_COPILOT, "Opus")  # 30 ms against 25 ms -> 120%, in red
    assert _bars(window)[0] == pytest.approx(120.0)
    text = window.latency_chart.describe(100, 0)
    assert "MISSES its promise on 50% of its tokens (the bar: its slowest routed model)" in text
    assert "TPOT 30.0 ms of 25 ms promised" in text


def test_a_cell_that_misses_the_promise_is_flagged_with_its_reason(window):
    window.document.edit(OPUS_ON_COPILOT, "Opus")
    model = window.tables.routing_model
    column = 3 + [m.name for m in window.document.scenario.models].index("Claude Opus class")
    index = model.index(0, column)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    tooltip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "misses the TPOT promise (30 ms per token against 25 ms)" in tooltip


def _inputs(window: MainWindow, name: str) -> QTableView:
    view = window.findChild(QTableView, name)
    assert view is not None, name
    return view


def _column(view: QTableView, header: str) -> int:
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return next(c for c, h in enumerate(headers) if h and h.startswith(header))


def test_editing_a_promise_is_one_undo_step_in_the_unit_shown(window):
    view = _inputs(window, "productInputsTable")
    model = view.model()
    column = _column(view, "TPOT promise")
    assert model.data(model.index(0, column)) == "25.0"
    assert model.setData(model.index(0, column), "35", Qt.ItemDataRole.EditRole)
    assert window.document.scenario.products[0].tpot_slo_ms == 35.0
    cache = _column(view, "Cache hit")
    assert model.setData(model.index(0, cache), "40", Qt.ItemDataRole.EditRole)  # percent
    assert window.document.scenario.products[0].cache_hit == pytest.approx(0.4)
    assert window.document.undo_stack.count() == 2
    window.document.undo_stack.undo()
    assert window.document.scenario.products[0].cache_hit == 0.5


def test_a_refused_input_names_the_field_and_changes_nothing(qtbot, window):
    view = _inputs(window, "productInputsTable")
    model = view.model()
    before = window.document.scenario
    with qtbot.waitSignal(window.document.editRejected, timeout=1000) as signal:
        assert not model.setData(model.index(1, _column(view, "Cache hit")), "140")
    # In the cell's unit and by the row's and column's names, not "products[1].cache_hit:
    # 1.4 is above the maximum 1".
    product = before.products[1].name
    assert signal.args[0] == f"{product}, Cache hit (%): 140 is above the maximum 100"
    with qtbot.waitSignal(window.document.editRejected, timeout=1000) as signal:
        assert not model.setData(model.index(1, _column(view, "TPOT promise")), "0")
    assert signal.args[0] == f"{product}, TPOT promise (ms): 0 is below the minimum 0.001"
    for typed in ("lots", "nan", "inf"):
        with qtbot.waitSignal(window.document.editRejected, timeout=1000) as signal:
            assert not model.setData(model.index(1, _column(view, "Prompt")), typed)
        assert signal.args[0] == f"{product}, Prompt (tokens): {typed!r} is not a number"
    models = _inputs(window, "modelInputsTable")
    with qtbot.waitSignal(window.document.editRejected, timeout=1000) as signal:
        cell = models.model().index(0, _column(models, "Provider"))
        assert not models.model().setData(cell, "0")
    provider = before.models[0].provider
    assert signal.args[0] == f"{provider}, Provider availability (%): 0 must be above 0"
    assert window.document.scenario is before


def test_model_inputs_edit_only_their_own_kind_and_clear_a_measurement(window):
    view = _inputs(window, "modelInputsTable")
    model = view.model()
    names = [m.name for m in window.document.scenario.models]
    measured = _column(view, "Measured")
    own, partner = names.index("MAI-1-preview"), names.index("GPT-5 class")
    assert model.data(model.index(own, measured)) == "from the formulas"
    assert not model.flags(model.index(partner, measured)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(own, measured), "2,500")
    assert window.document.scenario.models[own].measured_tokens_per_gpu_s == 2500.0
    assert model.setData(model.index(own, measured), "")
    assert window.document.scenario.models[own].measured_tokens_per_gpu_s is None
    tpot = _column(view, "API TPOT")
    assert model.setData(model.index(partner, tpot), "20")
    assert window.document.scenario.models[partner].tpot_p95_ms == 20.0


def test_input_headers_name_their_source(window):
    model = _inputs(window, "productInputsTable").model()
    tip = model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Azure LLM inference trace" in tip
    assert tip.endswith("(illustrative)")


@pytest.mark.parametrize("name", ["productInputsTable", "modelInputsTable"])
def test_inputs_models_pass_qtmodeltester(qtmodeltester, window, name):
    qtmodeltester.check(_inputs(window, name).model())


def test_a_scenario_with_new_products_resets_the_inputs_rows(window):
    model = _inputs(window, "productInputsTable").model()
    fewer = with_changes(
        window.document.scenario, {"products": [window.document.scenario.products[0].model_dump()]}
    )
    window.document.replace(fewer, "One product")
    assert model.rowCount() == 1


def test_a_providers_availability_is_edited_once_for_all_its_models(window):
    view = _inputs(window, "modelInputsTable")
    model = view.model()
    names = [m.name for m in window.document.scenario.models]
    availability = _column(view, "Provider")
    sonnet, opus = names.index("Claude Sonnet class"), names.index("Claude Opus class")
    assert model.data(model.index(sonnet, availability)) == "99.79"
    hours_before = window.document.results.yearly.degraded_hours[0]
    risk_before = window.document.results.yearly.risk_outage[0]
    assert model.setData(model.index(sonnet, availability), "99.5")
    assert window.document.scenario.provider_availability["Anthropic"] == pytest.approx(0.995)
    assert model.data(model.index(opus, availability)) == "99.50"  # one provider, one figure
    assert window.document.results.yearly.degraded_hours[0] > hours_before
    # Anthropic's products already fill the outside-downtime budget (docs/model.md#F-risk-terms).
    assert window.document.results.yearly.risk_outage[0] >= risk_before
    assert not model.setData(model.index(opus, availability), "101")  # refused, named
    said = "Anthropic, Provider availability (%): 101 is above the maximum 100"
    assert said in window.statusBar().currentMessage()
    window.document.undo_stack.undo()
    assert window.document.scenario.provider_availability["Anthropic"] == 0.9979
