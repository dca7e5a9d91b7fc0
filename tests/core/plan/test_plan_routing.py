"""Recommended routing is the plan with the build locked to the scenario's fleet (issue 25, 6;
docs/model.md#F-optimizer)."""

import pytest
from parts import CHEAP

import core
from core.plan.frontier import Frontier, efficient, plan_frontier
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


def test_the_recommended_routing_is_the_cheapest_point_once_evaluated():
    """Issue 25: at scale 8 the fleet is short at the peaks, so burst is most of the question.

    The program buys burst by the hour as the evaluator does (docs/model.md#F-plan), so
    its cost is the evaluated present cost and no capped point of the frontier beats the
    uncapped answer (with the busy hour's excess bought all year, $16.79B at 55.5% external
    against a point at $16.43B).
    """
    scenario = with_changes(core.default_scenario(), {"fleet.scale": 8.0})
    routed = recommend_routing(scenario, limits=Limits(migration_usd=0.0))
    solution = routed.relaxed
    assert solution is not None
    assert solution.objective * 1e9 == pytest.approx(routed.pv_cost_usd, rel=1e-6)
    frontier = plan_frontier(scenario, 6, keep_fleet=True)
    assert routed.pv_cost_usd <= min(frontier.pv_cost_usd) * (1 + 1e-9)


def test_no_routing_of_that_fleet_beats_it(tiny):
    """The tiny's own routing (A half in house, B all outside) with its fleet costs no less."""
    scenario = tiny()
    routed = recommend_routing(scenario)
    assert routed.pv_cost_usd <= core.evaluate(scenario).outputs.pv_cost_usd[0] * (1 + 1e-9)


def test_the_routing_by_hand(tiny):
    """The tiny with a cheap partner (CHEAP: 86 on b at $1/M): A (floor 70) fits on Own's
    spare hours at no partner cost; B (floor 85) cannot use Own (60, under its floor, gets
    no share) and goes to the cheapest partner at its floor, Cheap, in both years."""
    routed = recommend_routing(tiny({"models[2]": CHEAP}))
    for year in (2026, 2027):
        assert routed.routing[year] == {"A": {"Own": 1.0}, "B": {"Cheap": 1.0}}
    assert routed.build == {2026: {}, 2027: {}}
    assert routed.pv_cost_usd == pytest.approx(core.evaluate(routed.scenario).pv_cost_usd)


def test_the_frontier_of_routings_keeps_only_the_routing_no_other_beats():
    """On the default with its fleet kept, every capped routing moves partner tokens in
    house onto cloud burst: more cost and no less dependency once evaluated. So the
    frontier is the one cheapest routing (the recommended one), the 5 others dropped."""
    scenario = core.default_scenario()
    frontier = plan_frontier(scenario, 6, keep_fleet=True)
    assert frontier.flat
    assert len(frontier.plans) == 1
    assert frontier.dropped == 5
    routed = recommend_routing(scenario)
    assert frontier.plans[0].build == routed.build  # no GPU added
    assert frontier.pv_cost_usd == [routed.pv_cost_usd]
    # The cap holds partners' tokens over the horizon; evaluated, the kept fleet's burst
    # takes the share above it (75% against 55%): the words say so, not "(2026)". Only a
    # frontier point sets it: the words say it is that point's, not a limit the user set
    # ("at the allowed 54.9%" read as one, beside "Partner cap: no cap").
    capped = recommend_routing(scenario, limits=Limits(max_external_share=0.549))
    cap = next(b for b in capped.binding if "partners" in b)
    assert cap == (
        "this point of the frontier holds partners to 54.9% of tokens on average, "
        "not counting cloud burst (2026-2031)"
    )
    assert capped.external_share > 0.549 + 0.1
    assert capped.external_share >= routed.external_share
    assert capped.pv_cost_usd > routed.pv_cost_usd


def test_efficient_by_hand():
    """(share, cost): (0.2, 9) beaten by (0.1, 8); (0.3, 8) by (0.1, 8); (0.3, 5) kept."""
    points = Frontier([0, 0, 0, 0], [0.2, 0.1, 0.3, 0.3], [9.0, 8.0, 8.0, 5.0], [], 0)
    assert efficient(points) == [1, 3]
