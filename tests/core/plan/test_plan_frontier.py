"""The frontier keeps only plans no other beats, its knee among them, its last point the
cheapest plan found, and a provider cap no fleet reaches is said (docs/model.md#F-plan-frontier)."""

import re
from types import SimpleNamespace

import numpy as np
import pytest
from scopes import SHARED

import core
from core.plan.frontier import Frontier, efficient, knee, pareto, plan_frontier, recommendation
from core.plan.lp import MAX_FLEET_GPUS
from core.plan.solve import Limits, Plan, recommend_plan
from core.scenario.checks import ScenarioError
from core.scenario.edits import with_changes

CAP_33_MW = Limits(power_cap_mw=33.0)
CHEAP_PARTNERS = {"levers.price_shock": 0.3}


def _beats(a: Plan, b: Plan) -> bool:
    """`a` is no more dependent and no dearer than `b`, and better on one of the two."""
    share, cost = (a.external_share, b.external_share), (a.pv_cost_usd, b.pv_cost_usd)
    return (
        share[0] <= share[1] and cost[0] <= cost[1] and (share[0], cost[0]) != (share[1], cost[1])
    )


@pytest.fixture(scope=SHARED)
def capped() -> tuple[Plan, Frontier]:
    """The default under a 33 MW cap: the plan at λ = 0, and the plan window's 20 points.

    (40 MW until replicas were held to two NVLink domains: under 40 MW the frontier now
    spans 2.8 points of external share, $33.19B to $14.54B, and its knee is recommended;
    under 33 MW its three points span 0.6 points, too little to pay more for.)"""
    scenario = core.default_scenario()
    return recommend_plan(scenario, 0.0, CAP_33_MW), plan_frontier(scenario, 20, CAP_33_MW)


def test_under_a_power_cap_no_point_shown_or_recommended_is_beaten(capped):
    """Under 40 MW the knee was point 1, $34.34B at 62.2% external, beaten by point 16's
    $13.08B at 61.4%: the ends' shares ran backwards and the knee fell back to the first.
    Now every point shown is one no plan found beats, the λ = 0 plan included (here under
    33 MW: see `capped`)."""
    plan, frontier = capped
    found = [*frontier.plans, plan]
    for shown in frontier.plans:
        assert not any(_beats(other, shown) for other in found)
    assert np.all(np.diff(frontier.external_share) > 0)
    assert np.all(np.diff(frontier.pv_cost_usd) < 0)
    chosen, how = recommendation(plan, 0.0, frontier)
    assert not any(_beats(other, chosen) for other in found)
    # Its points span 0.6 points of external share: nothing to pay more for.
    assert chosen is frontier.plans[-1]
    assert "too little to pay more for" in how
    # The frontier's cheapest is at least as cheap and as independent as the λ = 0 plan.
    assert frontier.pv_cost_usd[-1] <= plan.pv_cost_usd
    assert frontier.external_share[-1] <= plan.external_share


def test_the_frontier_ends_on_the_cheapest_plan_found_the_cost_only_plan_included(capped):
    """The plan at λ = 0 is one of the frontier's plans, so the frontier's last point costs
    no more than it: under 40 MW it once cost $13.08B against its $14.01B (the same 7,176
    GB200 in 2029, routed apart by the speeds' settling, docs/model.md#F-plan-frontier);
    under 33 MW the λ = 0 plan is the last point, $14.92B."""
    plan, frontier = capped
    assert frontier.pv_cost_usd[-1] == min(frontier.pv_cost_usd) <= plan.pv_cost_usd


@pytest.mark.parametrize("limits", [Limits(power_cap_mw=70.0), Limits(capex_budget_usd=3e9)])
def test_the_cheapest_point_is_never_dearer_than_the_plan_at_lambda_0(limits):
    """With partners at 0.3x list prices the last cap's plan came back $1,792 (70 MW) and
    $304 ($3B budget) dearer than the uncapped plan: now the uncapped plan is the point."""
    scenario = with_changes(core.default_scenario(), CHEAP_PARTNERS)
    plan = recommend_plan(scenario, 0.0, limits)
    frontier = plan_frontier(scenario, 2, limits)
    assert min(frontier.pv_cost_usd) <= plan.pv_cost_usd


def test_pareto_and_the_knee_by_hand():
    """(share, cost): (0.2, 9) and (0.3, 8) are beaten by (0.1, 8); (0.1, 8) repeated once."""
    assert pareto([0.2, 0.1, 0.3, 0.3, 0.1], [9.0, 8.0, 8.0, 5.0, 8.0]) == [1, 3]
    points = Frontier([0, 0, 0, 0], [0.2, 0.1, 0.3, 0.3], [9.0, 8.0, 8.0, 5.0], [], 0)
    assert efficient(points) == pareto(points.external_share, points.pv_cost_usd)
    # On the chord (two points, a straight line) or above it: no knee, the cheapest.
    assert knee(np.array([0.1, 0.3]), np.array([8.0, 5.0])) == 1
    assert knee(np.array([0.1, 0.2, 0.3]), np.array([8.0, 6.5, 5.0])) == 2
    assert knee(np.array([0.1, 0.2, 0.3]), np.array([8.0, 7.5, 5.0])) == 2
    assert knee(np.array([0.1, 0.2, 0.3]), np.array([8.0, 5.5, 5.0])) == 1  # below: the knee


def test_a_frontier_spanning_under_five_points_of_share_recommends_its_cheapest():
    """Under 40 MW the knee was $13.86B at 61.0% beside $13.05B at 61.3%: $810M for 0.3
    points of dependency; later $19.78B at 63.3% beside $14.62B at 64.7%: $5.17B for 1.4
    points. Scaled 0-1 any wobble looks like a knee; under 5 points it is none."""
    share, cost = np.array([0.610, 0.6105, 0.613]), np.array([14.67, 13.86, 13.05])
    assert knee(share, cost) == 2
    assert knee(share * 10, cost) == 2  # 3 points
    assert knee(share * 20, cost) == 1  # 6 points: a trade to offer
    plans = [SimpleNamespace(), SimpleNamespace(), SimpleNamespace()]
    narrow = Frontier([0.0] * 3, list(share), list(cost), plans, knee(share, cost))
    chosen, how = recommendation(plans[0], 0.0, narrow)
    assert chosen is plans[2]
    assert not narrow.has_knee
    assert "span only 0.3 points of external share" in how


def test_a_provider_cap_no_fleet_reaches_is_said_with_its_nearest_value():
    """0.4% of spend was met by 19.7 million GPUs in 2026, and the answer was the schema's
    "build_plan[0].gpus: 19727547 is above the maximum 1e+07". The fleet now stops at 10
    million GPUs, so the cap is infeasible and said as the docs promise."""
    with pytest.raises(ScenarioError) as caught:
        recommend_plan(core.default_scenario(), 0.0, Limits(max_provider_share=0.004))
    [problem] = caught.value.problems
    assert problem.path == "max_provider_share"
    assert re.fullmatch(
        r"no plan keeps each outside provider's share of spend at 0\.4%: "
        r"the nearest feasible cap is \d+\.\d% in 20(2[6-9]|3[01])",
        problem.message,
    )


def test_a_plan_near_that_cap_holds_no_more_than_the_largest_fleet():
    """Just above the nearest cap the plan is the largest fleet a scenario holds, written
    as one (every build row under the schema's maximum), and evaluated."""
    plan = recommend_plan(core.default_scenario(), 0.0, Limits(max_provider_share=0.0052))
    added = sum(n for row in plan.build.values() for n in row.values())
    assert added <= MAX_FLEET_GPUS - core.default_scenario().fleet.baseline_gpus
    assert plan.pv_cost_usd == pytest.approx(plan.lp_pv_cost_usd, rel=1e-6)
