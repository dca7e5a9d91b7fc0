"""Recommended routing is the plan with the build locked to the scenario's fleet (issue 25, 6)."""

import pytest

import core
from core.plan.locks import Locks
from core.plan.routing import recommend_routing
from core.plan.solve import Limits, recommend_plan
from core.scenario.edits import with_changes
from core.scenario.plan_edits import ramp_build_plan


@pytest.mark.parametrize("weight", [0.0, 0.05])
def test_the_routing_is_the_plan_locked_to_the_ramp(weight):
    """Two paths to one answer: the fleet fixed directly, and locks of the same GPUs per year."""
    scenario = with_changes(core.default_scenario(), {"fleet.scale": 2.0})
    routed = recommend_routing(scenario, weight)
    ramp = ramp_build_plan(scenario, core.evaluate(scenario).yearly.gpus)["build_plan"]
    by_year = dict.fromkeys(scenario.horizon.years, 0) | {r["year"]: r["gpus"] for r in ramp}
    assert routed.build == {y: ({scenario.fleet.gpu: n} if n else {}) for y, n in by_year.items()}
    locks = Locks(generations=(scenario.fleet.gpu,), min_gpus=by_year, max_gpus=by_year)
    locked = recommend_plan(scenario, weight, Limits(locks=locks))
    assert locked.build == routed.build
    assert routed.pv_cost_usd == pytest.approx(locked.pv_cost_usd, rel=1e-9)
    assert routed.pv_cost_usd == pytest.approx(routed.lp_pv_cost_usd, rel=1e-9)


def test_no_routing_of_that_fleet_beats_it(tiny):
    """The tiny's own routing (A half in house, B all outside) with its fleet costs no less."""
    scenario = tiny()
    routed = recommend_routing(scenario)
    assert routed.pv_cost_usd <= core.evaluate(scenario).outputs.pv_cost_usd[0] * (1 + 1e-9)
