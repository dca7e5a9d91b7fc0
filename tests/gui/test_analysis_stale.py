"""The Analysis window's answers follow the scenario on screen, or say they no longer do
(docs/user-guide.md, "Analysis"): Apply never undoes an edit made after Find, and the
Monte Carlo band and the scenario's line always describe the same scenario."""

import pytest

from core.analysis.montecarlo import default_ranges, monte_carlo
from gui.dialogs.analysis.frontier_tab import STALE_TEXT as ROUTING_STALE
from gui.dialogs.analysis.montecarlo_tab import STALE_TEXT as RANGES_STALE
from gui.testing.testkit import set_control, trigger, wait_idle

CAPEX_ROW, MEDIAN, SIGMA = 3, 5, 6  # the ranges table's capex per GPU row, its lognormal cells


@pytest.fixture
def window(scaledeck_window):
    return scaledeck_window  # the default scenario, 1600x1000, closed without prompts


@pytest.fixture
def analysis(window):
    dialog = window.show_analysis()
    yield dialog
    dialog.close()


def _find(window, tab) -> None:
    tab.run()
    wait_idle(window, timeout_s=120)
    assert tab.found


def test_apply_never_undoes_an_edit_made_after_find(window, analysis):
    """Find, then scale 4 and electricity 0.12: the routings are stale, Apply is off."""
    tab, doc = analysis.frontier, window.document
    _find(window, tab)
    assert tab.apply_button.isEnabled()
    set_control(window, "scaleSlider", 4.0)
    set_control(window, "electricitySlider", 0.12)
    assert not tab.apply_button.isEnabled()
    assert tab.message.text() == ROUTING_STALE
    assert "Find" in tab.apply_button.toolTip()
    tab.apply()  # even driven directly, nothing is applied over the edits
    assert (doc.scenario.fleet.scale, doc.scenario.fleet.electricity_usd_per_kwh) == (4.0, 0.12)
    assert doc.scenario.routing_by_year == ()
    trigger(window, "undoAction")
    trigger(window, "undoAction")  # the scenario Find solved, on screen again
    assert tab.apply_button.isEnabled()
    assert not tab.stale
    doc.rename("Renamed")  # a name is no new question
    assert tab.apply_button.isEnabled()
    tab.apply_button.click()
    applied = doc.scenario
    assert applied.name == "Renamed"
    assert applied.routing_by_year == tab.found[tab.selected].scenario.routing_by_year
    assert tab.apply_button.isEnabled()  # the routing Apply wrote leaves the points current


def test_a_find_that_fails_clears_the_points_it_replaces(window, analysis):
    tab = analysis.frontier
    _find(window, tab)
    window.document.edit({"products[1].quality_floor": 95.0}, "floor")
    tab.run()
    wait_idle(window, timeout_s=120)
    assert tab.message.text().startswith("No routing found: ")
    assert tab.found == []
    assert tab.selected is None
    assert not tab.apply_button.isEnabled()
    assert len(tab.chart.points.data) == 0


def test_the_ranges_follow_the_scenario_and_a_run_says_when_it_is_stale(window, analysis):
    """Scale 6 and B200 after the window opened: the capex median is the new scenario's,
    and a run then agrees with `scaledeck montecarlo --scale 6 --gpu B200`."""
    tab, table = analysis.monte_carlo, analysis.monte_carlo.ranges_table
    tab.draws.setValue(1_000)
    tab.run()
    wait_idle(window)
    before = tab.present_cost.text()
    assert tab.cost.title == "TOTAL COST RANGE"
    table.item(CAPEX_ROW, SIGMA).setText("0.3")  # typed: kept
    set_control(window, "scaleSlider", 6.0)
    set_control(window, "generationCombo", "B200")
    scenario = window.document.scenario
    fresh = {r.field: r for r in default_ranges(scenario)}["capex_per_gpu_usd"]
    assert table.item(CAPEX_ROW, MEDIAN).text() == f"{fresh.mode / 1e3:.6g}" != "50"
    assert table.item(CAPEX_ROW, SIGMA).text() == "0.3"
    assert tab.stale
    assert tab.message.text() == RANGES_STALE
    assert tab.cost.title.endswith("STALE")
    assert tab.risk.title.endswith("STALE")
    assert tab.present_cost.text() == "Stale: " + before
    tab.reset_button.click()
    assert table.item(CAPEX_ROW, SIGMA).text() == "0.15"
    tab.run()
    wait_idle(window)
    assert not tab.stale
    assert tab.cost.title == "TOTAL COST RANGE"
    cli = monte_carlo(scenario, 1_000, 0).pv_cost_percentiles()
    assert tab.result.pv_cost_percentiles() == pytest.approx(cli, rel=1e-12)
    assert not tab.present_cost.text().startswith("Stale")


def test_a_typed_number_stays_and_the_message_names_it(window, analysis):
    tab, table = analysis.monte_carlo, analysis.monte_carlo.ranges_table
    table.item(CAPEX_ROW, MEDIAN).setText("60")
    set_control(window, "generationCombo", "B200")
    assert table.item(CAPEX_ROW, MEDIAN).text() == "60"
    assert "Capex per GPU ($k) median 60 (the scenario's" in tab.message.text()
    edited = {r.field: r for r in tab.ranges()}["capex_per_gpu_usd"]
    assert edited.mode == pytest.approx(60_000)
    trigger(window, "undoAction")  # back to H100: the untyped cells follow back
    assert table.item(CAPEX_ROW, MEDIAN).text() == "60"
    assert table.item(CAPEX_ROW, SIGMA).text() == "0.15"
