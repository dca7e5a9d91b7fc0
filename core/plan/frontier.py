"""Plans from least to most external dependency, and the knee (docs/model.md#F-plan-frontier).

Epsilon-constraint: the horizon-average external token share is capped at `points`
values evenly spaced from its least reachable value to the cheapest plan's share, and
the cost-only plan is found under each cap. The knee, the point farthest below the
chord joining the two ends (both axes scaled to 0-1), is the default recommendation.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from core.analysis.montecarlo import Cancelled
from core.engine.compiled import FloatArray
from core.plan.lp import Limits
from core.plan.routing import fleet_build
from core.plan.solve import (
    NO_LIMITS,
    Plan,
    applied_plan,
    check_limits,
    prepare,
    scenario_limits,
    solve,
)
from core.scenario.checks import Problem, ScenarioError
from core.scenario.schema import Scenario

SAFEST_WEIGHT = 1e6  # USD billions per point: external share first, present cost breaks ties
CAP_SLACK = 1e-9  # above the least share, so the first cap is not lost to solver tolerance
MAX_POINTS = 100
FLAT_SHARE = 1e-4  # least and cheapest plans' external shares this close (0.01 points): one plan
ONE_POINT = (
    "the cheapest plan is also the least dependent one the limits reach: the frontier is one point"
)


@dataclass(frozen=True)
class Frontier:
    """Present cost against external share, one applied and evaluated plan per cap."""

    caps: list[float]  # the external-share cap of each point (0-1)
    external_share: list[float]  # 0-1, each plan's own share from core.engine.evaluate
    pv_cost_usd: list[float]  # each plan's, from core.engine.evaluate, never rising along the list
    plans: list[Plan]
    knee: int  # index of the default recommendation

    def plan_at(self, index: int) -> Plan:
        """The plan of one point."""
        return self.plans[index]

    @property
    def flat(self) -> bool:
        """Every point is the same plan: no trade-off between cost and dependency."""
        return all(plan is self.plans[0] for plan in self.plans)


def plan_frontier(
    scenario: Scenario,
    points: int = 20,
    limits: Limits = NO_LIMITS,
    progress: Callable[[float], bool] | None = None,
    keep_fleet: bool = False,
) -> Frontier:
    """`points` cost-only plans under rising caps on the external share.

    A point whose rounded plan costs more than the point before keeps that point's
    plan: it meets the looser cap too, so present cost never rises as the cap loosens.
    `keep_fleet` locks every point's build to the scenario's own fleet: the frontier of
    recommended routings (`core.plan.routing`). `progress(fraction)` -> False raises Cancelled.
    Where the least reachable external share is the cheapest plan's (the default: floors
    keep the rest on partners), every point is that one plan (`Frontier.flat`), solved once.
    """
    if not 2 <= points <= MAX_POINTS:
        raise ScenarioError([Problem("points", f"{points} must be between 2 and {MAX_POINTS}")])
    check_limits(0.0, limits)
    limits = scenario_limits(scenario, limits)
    data = prepare(scenario, limits)
    build = fleet_build(scenario, data) if keep_fleet else None
    least = float(solve(data, limits, SAFEST_WEIGHT, fixed_gpus=build).external_points[0]) / 100
    cheapest = solve(data, limits, fixed_gpus=build)
    most = float(cheapest.external_points[0]) / 100.0
    if most - least <= FLAT_SHARE:  # nothing to trade: the cheapest plan at every point
        plan = applied_plan(scenario, data, limits, 0.0, cheapest, build=build)
        if progress is not None and not progress(1.0):
            raise Cancelled
        n = points
        return Frontier([most] * n, [plan.external_share] * n, [plan.pv_cost_usd] * n,
                        [plan] * n, 0)  # fmt: skip
    caps = np.linspace(least + CAP_SLACK, most + CAP_SLACK, points)
    plans: list[Plan] = []
    for i, cap in enumerate(caps):
        capped = replace(limits, max_external_share=float(cap))
        relaxed = solve(data, capped, fixed_gpus=build)
        plan = applied_plan(scenario, data, capped, 0.0, relaxed, build=build)
        if plans and plan.pv_cost_usd > plans[-1].pv_cost_usd:
            plan = plans[-1]
        plans.append(plan)
        if progress is not None and not progress((i + 1) / points):
            raise Cancelled
    shares = [p.external_share for p in plans]
    pv_costs = [p.pv_cost_usd for p in plans]
    costs = np.array(pv_costs)
    return Frontier(caps.tolist(), shares, pv_costs, plans, knee(np.array(shares), costs))


def efficient(frontier: Frontier) -> list[int]:
    """The points no other point beats on both evaluated axes, by rising external share.

    The program counts partner tokens as its dependency; the evaluator also counts the work
    the fleet buys as cloud burst (docs/model.md#F-external-share). A cap met by moving
    work in-house onto burst (on a fleet kept as it is, every move past its spare hours)
    costs more and is no less dependent: such a point is dropped, as is a repeated one.
    """
    share, cost = frontier.external_share, frontier.pv_cost_usd
    kept: list[int] = []
    for i in sorted(range(len(share)), key=lambda i: (share[i], cost[i])):
        if not kept or cost[i] < cost[kept[-1]] * (1 - 1e-9):
            kept.append(i)
    return kept


def knee(share: FloatArray, pv_cost_usd: FloatArray) -> int:
    """The point farthest below the chord from the first point to the last, axes scaled 0-1.

    With either axis flat there is no trade-off: the first point (least external share).
    """
    width, height = share[-1] - share[0], pv_cost_usd[0] - pv_cost_usd[-1]
    if width <= 1e-12 or height <= 1e-9 * max(1.0, abs(pv_cost_usd[0])):
        return 0
    x, y = (share - share[0]) / width, (pv_cost_usd - pv_cost_usd[-1]) / height
    return int(np.argmax(1.0 - x - y))


def recommendation(plan: Plan, risk_weight: float, frontier: Frontier | None) -> tuple[Plan, str]:
    """The one plan to show and apply, and how it was chosen (docs/model.md#F-plan-frontier).

    A lambda the user typed (above 0) is their trade-off: its plan. Otherwise the
    frontier's knee when there is a frontier, else the cost-only plan.
    """
    if risk_weight > 0 or frontier is None:
        how = "cost only (λ = 0)" if risk_weight == 0 else f"the λ typed ({risk_weight:g})"
        return plan, f"the plan at {how}"
    if frontier.flat:
        return frontier.plans[0], ONE_POINT
    k, n = frontier.knee, len(frontier.plans)
    return frontier.plans[k], (
        f"the frontier's knee (point {k + 1} of {n}): the plan farthest below the line "
        "from least dependency to least cost"
    )
