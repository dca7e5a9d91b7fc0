"""Editing the plan by hand: start from the ramp, route one year (docs/model.md#F-plan-edits)."""

import numpy as np
import pytest

import core
from core.scenario.edits import with_changes
from core.scenario.plan_edits import base_routing_edit, ramp_build_plan, routing_in, year_share_edit

COPILOT, GPT, SONNET, MAI = "GitHub Copilot", "GPT-5 class", "Claude Sonnet class", "MAI small"
ALLOWED = [GPT, SONNET, MAI]


def _figures(results: core.Results) -> dict[str, np.ndarray]:
    o = results.outputs
    return {
        "pv_cost_usd": o.pv_cost_usd,
        "total_cost_usd": o.total_cost_usd,
        "gpus": o.fleet.gpus,
        "capacity_gpu_hours": o.fleet.capacity_gpu_hours,
        "shortfall_gpu_hours": o.shortfall_gpu_hours,
        "capex_cash_usd": o.fleet.capex_cash_usd,
        "facility_mw": o.fleet.facility_mw,
        "risk_index": o.risk_index,
    }


def _started(scenario: core.Scenario) -> core.Scenario:
    return with_changes(scenario, ramp_build_plan(scenario, core.evaluate(scenario).yearly.gpus))


def test_the_ramp_as_a_plan_keeps_every_figure_on_an_all_reference_fleet():
    ramp = with_changes(core.default_scenario(), {"fleet.scale": 2.0})
    planned = _started(ramp)
    assert [(r.year, r.gpu, r.gpus) for r in planned.build_plan] == [
        (2027, "H100", 5_000), (2028, "H100", 5_000), (2029, "H100", 5_000)
    ]  # fmt: skip
    before, after = _figures(core.evaluate(ramp)), _figures(core.evaluate(planned))
    for name, values in before.items():
        np.testing.assert_allclose(after[name], values, rtol=1e-9, atol=0, err_msg=name)


def test_a_fractional_ramp_is_rounded_as_a_running_total():
    ramp = with_changes(core.default_scenario(), {"fleet.scale": 1.37, "fleet.target_year": 2030})
    gpus = core.evaluate(ramp).yearly.gpus
    planned = _started(ramp)
    plan_gpus = core.evaluate(planned).yearly.gpus
    assert np.abs(plan_gpus - gpus).max() <= 0.5
    assert sum(r.gpus for r in planned.build_plan) == round(gpus[-1]) - 15_000


def test_the_plan_takes_the_fleet_the_power_cap_left():
    ramp = with_changes(core.default_scenario(), {"fleet.scale": 4.0, "fleet.power_cap_mw": 40.0})
    results = core.evaluate(ramp)
    assert results.yearly.held_back_gpus.max() > 0  # the cap binds
    planned = core.evaluate(_started(ramp))
    np.testing.assert_allclose(planned.yearly.gpus, np.rint(results.yearly.gpus))


def test_no_growth_gives_an_empty_plan_that_still_replaces_the_ramp():
    planned = _started(core.default_scenario())  # scale 1: the ramp adds nothing
    assert planned.build_plan == ()


def test_a_year_share_starts_from_the_base_routing_and_rebalances_the_rest():
    s = core.default_scenario()
    edited = with_changes(s, year_share_edit(s, COPILOT, 2028, SONNET, 0.7, ALLOWED))
    assert dict(routing_in(edited, COPILOT, 2028)) == pytest.approx({GPT: 0.3, SONNET: 0.7})
    assert dict(routing_in(edited, COPILOT, 2027)) == {GPT: 0.6, SONNET: 0.4}  # base
    again = with_changes(edited, year_share_edit(edited, COPILOT, 2028, MAI, 0.5, ALLOWED))
    assert len(again.routing_by_year) == 1  # updated in place
    assert dict(routing_in(again, COPILOT, 2028)) == pytest.approx(
        {GPT: 0.15, SONNET: 0.35, MAI: 0.5}
    )


def test_a_year_share_drops_models_that_are_not_allowed_that_year():
    s = core.default_scenario()
    edited = with_changes(s, year_share_edit(s, COPILOT, 2028, MAI, 0.2, [MAI, SONNET]))
    assert dict(routing_in(edited, COPILOT, 2028)) == pytest.approx({SONNET: 0.8, MAI: 0.2})


def test_base_routing_comes_back_for_one_year_or_all():
    s = core.default_scenario()
    for year in (2027, 2028, 2029):
        s = with_changes(s, year_share_edit(s, COPILOT, year, SONNET, 1.0, ALLOWED))
    other = "M365 Copilot Excel"
    s = with_changes(s, year_share_edit(s, other, 2030, GPT, 1.0, ALLOWED))
    one = with_changes(s, base_routing_edit(s, COPILOT, {2028}))
    assert [(r.product, r.year) for r in one.routing_by_year] == [
        (COPILOT, 2027), (COPILOT, 2029), (other, 2030)
    ]  # fmt: skip
    every = with_changes(s, base_routing_edit(s, COPILOT))
    assert [(r.product, r.year) for r in every.routing_by_year] == [(other, 2030)]
