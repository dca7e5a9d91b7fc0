"""The plan window never passes a plan off as the answer to inputs that did not give it,
applies each plan once, and Apply keeps the plan's limits and says which plan it was
(docs/user-guide.md, "The plan window")."""

from dataclasses import replace

import pytest
from plans import run_plan
from PySide6.QtCore import QCoreApplication, QEvent

import core
from core.plan.lp import Limits
from core.plan.solve import recommend_plan
from core.scenario.edits import with_changes
from core.units import usd


@pytest.fixture
def plan_window(scaledeck_window):
    """The plan window over the default scenario (the fixture closes it)."""
    dialog = scaledeck_window.show_plan()
    dialog.inputs.frontier_points.setValue(0)  # the deterministic plan alone: ~0.04 s
    return dialog


def test_a_run_with_no_plan_keeps_the_last_plan_said_not_re_solved(
    qtbot, scaledeck_window, plan_window
):
    """Power cap 10 MW: no plan. The window cleared the plan of the run before, so a typo
    cost the user their plan (and, over a frontier or draws, minutes to solve it again)."""
    window = scaledeck_window
    run_plan(qtbot, plan_window)
    kept = plan_window.shown
    rows = plan_window.summary.table.rowCount()
    plan_window.inputs.limits["power_cap_mw"].setText("10")
    run_plan(qtbot, plan_window)
    message = plan_window.message.text()
    assert message.startswith("No plan meets the power cap: ")
    assert ". The plan shown is the last complete run's, solved before this change. " in message
    assert f"Present cost {usd(kept.pv_cost_usd)} against" in message
    assert plan_window.shown is kept
    assert plan_window.summary.table.rowCount() == rows
    assert plan_window.routing.model.rowCount() == len(kept.build)
    assert plan_window.apply_button.isEnabled()  # the plan the message names, its limits kept
    plan_window.apply_button.click()
    assert window.document.scenario.fleet.power_cap_mw is None  # not the 10 MW typed since
    assert window.document.scenario.build_plan == kept.scenario.build_plan
    plan_window.inputs.limits["power_cap_mw"].setText("")
    run_plan(qtbot, plan_window)  # a good run says only its own plan again
    assert "not re-solved" not in plan_window.message.text()


def test_a_first_run_with_no_plan_says_there_is_none(qtbot, plan_window):
    plan_window.inputs.limits["power_cap_mw"].setText("10")
    run_plan(qtbot, plan_window)
    assert plan_window.message.text().endswith(
        "No plan on screen: change the inputs and Run again."
    )
    assert plan_window.shown is None
    assert not plan_window.apply_button.isEnabled()


def test_apply_keeps_the_power_cap_and_capex_budget_the_plan_was_solved_under(
    qtbot, scaledeck_window, plan_window
):
    window = scaledeck_window
    plan_window.inputs.limits["power_cap_mw"].setText("40")
    plan_window.inputs.limits["capex_budget_usd"].setText("5")
    run_plan(qtbot, plan_window)
    shown = plan_window.shown
    plan_window.inputs.limits["power_cap_mw"].setText("90")  # typed after Run: not the plan's
    plan_window.apply_button.click()
    applied = window.document.scenario
    assert applied.fleet.power_cap_mw == 40.0
    assert applied.budget.capex_cash_usd_per_year == 5e9
    assert applied.build_plan == shown.scenario.build_plan
    assert window.document.results.pv_cost_usd == pytest.approx(shown.pv_cost_usd, rel=1e-9)
    assert max(window.document.results.yearly.facility_mw) <= 40.0 + 1e-6
    window.document.undo_stack.undo()
    assert window.document.book.names == ["Baseline"]  # one undo step
    assert window.document.scenario.fleet.power_cap_mw is None


def test_the_variant_is_named_after_the_plan_applied(qtbot, scaledeck_window, plan_window):
    """The knee recommended, the λ = 0 plan picked: each variant says which it was.

    8 frontier points, not 4: since the plan closes routes that wait at the busy hour past
    their promise (docs/model.md#F-queueing), 4 points have no knee (the middle plan
    closes Excel on MAI-2 in 2029 and lies above the chord); 8 have one.
    """
    window = scaledeck_window
    window.document.edit({"levers.price_shock": 0.3}, "partners at 0.3x")  # a real trade-off
    plan_window.inputs.frontier_points.setValue(8)
    run_plan(qtbot, plan_window)
    assert plan_window.shown_combo.currentText().startswith("Recommended: frontier knee")
    assert plan_window.name.text() == "Plan: frontier knee"
    cost_only = [label for label, _plan in plan_window._choices].index("Plan at λ = 0")
    plan_window.shown_combo.setCurrentIndex(cost_only)
    assert plan_window.name.text() == "Plan: cost only"
    plan_window.apply_button.click()
    assert window.document.current == "Plan: cost only"
    plan_window.name.setText("Board pick")
    plan_window.shown_combo.setCurrentIndex(0)  # a name typed stays when the plan changes
    assert plan_window.name.text() == "Board pick"
    plan_window.name.setText("Plan: cost only")
    plan_window.apply_button.click()
    assert window.document.current == "Plan: cost only 2"  # a free name, never a clash
    window.document.undo_stack.undo()
    plan_window.name.setText("")
    plan_window.apply_button.click()  # a blank name: the plan's own
    assert window.document.current == "Plan: frontier knee"
    assert window.document.book.names[1:] == ["Plan: cost only", "Plan: frontier knee"]


def test_a_years_own_capex_budget_above_the_plans_comes_down_to_it():
    base = with_changes(
        core.default_scenario(),
        {
            "budget.capex_cash_by_year": [
                {"year": 2027, "usd": 1e9},
                {"year": 2029, "usd": 9e9},
            ]
        },
    )
    plan = recommend_plan(base)
    plan = replace(plan, limits=Limits(capex_budget_usd=4e9))
    variant = plan.saved_as("Plan: cost only")
    assert variant.name == "Plan: cost only"
    assert variant.budget.capex_cash_usd_per_year == 4e9
    assert [(r.year, r.usd) for r in variant.budget.capex_cash_by_year] == [
        (2027, 1e9),  # tighter than the plan's: kept as the executive set it
        (2029, 4e9),
    ]
    assert variant.fleet.power_cap_mw is None  # no cap solved under, none added


def test_an_edit_after_run_turns_apply_off_until_undone(qtbot, scaledeck_window, plan_window):
    """A plan solved at scale 1, applied after the dashboard moved to scale 4, was added as
    a variant of the old inputs: the scale edit silently missing from it."""
    document = scaledeck_window.document
    run_plan(qtbot, plan_window)
    assert plan_window.apply_button.isEnabled()
    document.edit({"fleet.scale": 4.0}, "Scale 4")
    assert not plan_window.apply_button.isEnabled()
    assert plan_window.message.text().startswith("The scenario changed after this run")
    plan_window.apply_button.click()  # a click that reaches it anyway adds nothing
    assert document.book.names == ["Baseline"]
    document.undo_stack.undo()
    assert plan_window.apply_button.isEnabled()
    assert plan_window.message.text().startswith("Done. ")


def test_a_plan_is_applied_once_until_its_variant_is_gone(qtbot, scaledeck_window, plan_window):
    """Apply pressed twice added "Plan: cost only" and "Plan: cost only 2", the same plan.
    Apply is off while the workbook holds the plan's variant (under any name), even after
    another Run of the same inputs; Undo of the Apply makes it the plan's to add again."""
    document = scaledeck_window.document
    run_plan(qtbot, plan_window)
    plan_window.apply_button.click()
    assert document.book.names == ["Baseline", "Plan: cost only"]
    assert not plan_window.apply_button.isEnabled()
    assert "in the workbook already, as 'Plan: cost only'" in plan_window.apply_button.toolTip()
    plan_window.apply_button.click()
    plan_window.apply()  # even driven directly: no copy
    assert document.book.names == ["Baseline", "Plan: cost only"]
    document.switch("Baseline")
    assert document.rename("Board case")  # the scenario solved for, renamed: not stale
    run_plan(qtbot, plan_window)  # the same plan again, from a new Run
    assert not plan_window.apply_button.isEnabled()
    for _ in range(2):  # the rename, the Apply (a switch is no undo step)
        document.undo_stack.undo()
    assert document.book.names == ["Baseline"]
    assert plan_window.apply_button.isEnabled()
    plan_window.apply_button.click()
    assert document.book.names == ["Baseline", "Plan: cost only"]


def test_an_edit_after_the_window_closed_touches_nothing_deleted(qtbot, scaledeck_window):
    """The window followed the workbook through a lambda, which outlived it: every edit
    after closing raised "Internal C++ object (QPushButton) already deleted" (the soak)."""
    dialog = scaledeck_window.show_plan()
    dialog.inputs.frontier_points.setValue(0)
    run_plan(qtbot, dialog)  # a plan on screen: the window then reads its Apply button
    dialog.close()  # WA_DeleteOnClose
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert scaledeck_window.dialogs.current("planWindow") is None
    assert scaledeck_window.document.edit({"fleet.scale": 2.0}, "Scale 2")
