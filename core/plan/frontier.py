"""Plans from least to most external dependency, and the knee (docs/model.md#F-plan-frontier).

Epsilon-constraint: the horizon-average external token share is capped at `points`
values evenly spaced from its least reachable value to the cheapest plan's share, and
the cost-only plan is found under each cap. The program caps partner tokens while the
evaluator also counts the tokens cloud burst serves, and each solve is a heuristic
(speeds settled at the plan's own answer), so a plan can come back beaten on both
evaluated axes by another: only the plans no other beats are the frontier (`efficient`,
the rule the Analysis window's routings use too). The knee, the point farthest below the
chord joining the two ends (both axes scaled 0-1), is the default recommendation.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from core.analysis.montecarlo import Cancelled
from core.engine.compiled import FloatArray
from core.plan.data import PlanData
from core.plan.lp import MAX_WEIGHT, Limits
from core.plan.optimum import solve
from core.plan.routing import fleet_build
from core.plan.solve import NO_LIMITS, Plan, applied_plan, check_limits, prepare, scenario_limits
from core.scenario.checks import Problem, ScenarioError
from core.scenario.schema import Scenario
from core.units import usd_short

SAFEST_WEIGHT = MAX_WEIGHT  # USD billions per point: external share first, cost breaks ties
CAP_SLACK = 1e-9  # above the least share, so the first cap is not lost to solver tolerance
MAX_POINTS = 100
FLAT_SHARE = 1e-4  # least and cheapest plans' external shares this close (0.01 points): one plan
BEATEN = 1e-9  # a plan must cost this much less (relative) than a less dependent one to count
BELOW = 1e-9  # a point this far below the chord (axes 0-1) or less is on it: no knee
MIN_TRADE_SHARE = 0.05  # a frontier spanning less external share (5 points) has nothing to trade
ONE_POINT = (
    "the cheapest plan is also the least dependent one the limits reach: the frontier is one point"
)


@dataclass(frozen=True)
class Frontier:
    """Present cost against external share: the plans no other beats, by rising share."""

    caps: list[float]  # the partner-share cap each plan was solved under (0-1; its own if none)
    external_share: list[float]  # 0-1, each plan's own share from core.engine.evaluate
    pv_cost_usd: list[float]  # each plan's, from core.engine.evaluate, falling along the list
    plans: list[Plan]
    knee: int  # index of the default recommendation
    dropped: int = 0  # plans solved but beaten on both axes by another, or repeats

    def plan_at(self, index: int) -> Plan:
        """The plan of one point."""
        return self.plans[index]

    @property
    def has_knee(self) -> bool:
        """`knee` is a point below the chord, not an end chosen for want of one (`knee`)."""
        return 0 < self.knee < len(self.plans) - 1

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
    """The cost-only plan, and cost-only plans under `points` - 1 rising caps below its share.

    Of these `points` plans only those no other beats on both evaluated axes are kept
    (`efficient`): so the cheapest plan found, the cost-only plan or a capped one, is the
    frontier's last point, and a plan that costs more without being less dependent is
    never offered. `keep_fleet` locks every point's build to the scenario's own fleet: the
    frontier of recommended routings (`core.plan.routing`). `progress(fraction)` -> False
    raises Cancelled. Where the least reachable external share is the cheapest plan's (the
    default: floors keep the rest on partners), every point is that one plan
    (`Frontier.flat`), solved once, and listed `points` times.
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
    cost_only = applied_plan(scenario, data, limits, 0.0, cheapest, build=build)
    if most - least <= FLAT_SHARE:  # nothing to trade: the cheapest plan at every point
        _step(progress, 1.0)
        n = points
        return Frontier([most] * n, [cost_only.external_share] * n,
                        [cost_only.pv_cost_usd] * n, [cost_only] * n, 0)  # fmt: skip
    caps = np.linspace(least + CAP_SLACK, most, points)[:-1].tolist()  # the last: cost only
    plans = [*_capped(scenario, data, limits, caps, build, progress), cost_only]
    _step(progress, 1.0)
    own = most if cost_only.solution is None else cost_only.solution.external_points[0] / 100
    return _kept([*caps, float(own)], plans)


def _capped(
    scenario: Scenario,
    data: PlanData,
    limits: Limits,
    caps: list[float],
    build: FloatArray | None,
    progress: Callable[[float], bool] | None,
) -> list[Plan]:
    """The cost-only plan under each cap, applied and evaluated, in the caps' order."""
    plans = []
    for i, cap in enumerate(caps):
        capped = replace(limits, max_external_share=cap)
        relaxed = solve(data, capped, fixed_gpus=build)
        plans.append(applied_plan(scenario, data, capped, 0.0, relaxed, build=build))
        _step(progress, (i + 1) / (len(caps) + 1))
    return plans


def _step(progress: Callable[[float], bool] | None, fraction: float) -> None:
    """Report progress; Cancelled when the caller says stop."""
    if progress is not None and not progress(fraction):
        raise Cancelled


def _kept(caps: list[float], plans: list[Plan]) -> Frontier:
    """The frontier of the plans no other beats (`pareto`), its knee among them alone."""
    share = [p.external_share for p in plans]
    cost = [p.pv_cost_usd for p in plans]
    kept = pareto(share, cost)
    shown = np.array([share[i] for i in kept]), np.array([cost[i] for i in kept])
    return Frontier(
        [caps[i] for i in kept],
        [share[i] for i in kept],
        [cost[i] for i in kept],
        [plans[i] for i in kept],
        knee(*shown),
        len(plans) - len(kept),
    )


def pareto(share: Sequence[float], cost: Sequence[float]) -> list[int]:
    """The points no other point beats on both axes, by rising share; one of each repeat.

    Sorted by share (then cost), a point is kept when it costs less than every point kept
    before it, which are all at least as independent: anything else is beaten or a repeat.
    """
    kept: list[int] = []
    for i in sorted(range(len(share)), key=lambda i: (share[i], cost[i])):
        if not kept or cost[i] < cost[kept[-1]] * (1 - BEATEN):
            kept.append(i)
    return kept


def efficient(frontier: Frontier) -> list[int]:
    """The points no other point beats on both evaluated axes, by rising external share.

    The program counts partner tokens as its dependency; the evaluator also counts the work
    the fleet buys as cloud burst (docs/model.md#F-external-share). A cap met by moving
    work in-house onto burst (on a fleet kept as it is, every move past its spare hours)
    costs more and is no less dependent: such a point is dropped, as is a repeated one.
    `plan_frontier` keeps only these already (its flat frontier's repeats aside).
    """
    return pareto(frontier.external_share, frontier.pv_cost_usd)


def knee(share: FloatArray, pv_cost_usd: FloatArray) -> int:
    """The point farthest below the chord from the first point to the last, axes scaled 0-1.

    The points are the frontier's: share rising, cost falling. With either axis flat there
    is no trade-off: the first point (least external share). With no point below the chord
    (two points, or a straight or bowed-out line) there is no knee either, and the answer
    is what it is without a frontier: the cheapest plan, the last point. So it is when the
    points span less than MIN_TRADE_SHARE of external share: paying more for a fraction of
    a point of dependency is no trade an executive would be offered.
    """
    width, height = share[-1] - share[0], pv_cost_usd[0] - pv_cost_usd[-1]
    if width <= 1e-12 or height <= 1e-9 * max(1.0, abs(pv_cost_usd[0])):
        return 0
    if width < MIN_TRADE_SHARE:  # scaled 0-1, noise would look like a trade-off
        return len(share) - 1
    x, y = (share - share[0]) / width, (pv_cost_usd - pv_cost_usd[-1]) / height
    below = 1.0 - x - y
    return int(np.argmax(below)) if below.max() > BELOW else len(share) - 1


def recommendation(plan: Plan, risk_weight: float, frontier: Frontier | None) -> tuple[Plan, str]:
    """The one plan to show and apply, and how it was chosen (docs/model.md#F-plan-frontier).

    A lambda the user typed (above 0) is their trade-off: its plan. Otherwise the
    frontier's knee when there is a frontier (a plan no other beats; its cheapest plan when
    no point lies below the chord), else the cost-only plan.
    """
    if risk_weight > 0 or frontier is None:
        how = "cost only (λ = 0)" if risk_weight == 0 else f"the λ typed ({risk_weight:g})"
        return plan, f"the plan at {how}"
    if frontier.flat:
        return frontier.plans[0], ONE_POINT
    k, n = frontier.knee, len(frontier.plans)
    span = frontier.external_share[-1] - frontier.external_share[0]
    if k == n - 1 and span < MIN_TRADE_SHARE:
        return frontier.plans[k], (
            f"the frontier's cheapest plan (point {n} of {n}): its points span only "
            f"{100 * span:.1f} points of external share, too little to pay more for"
        )
    if k == n - 1:  # the last point is on the chord: `knee` found none below it
        return frontier.plans[k], (
            f"the frontier's cheapest plan (point {n} of {n}): no point lies below the line "
            "from least dependency to least cost, so there is no knee"
        )
    more_usd = float(frontier.pv_cost_usd[k] - frontier.pv_cost_usd[-1])
    less_points = 100.0 * float(frontier.external_share[-1] - frontier.external_share[k])
    return frontier.plans[k], (
        f"the frontier's knee (point {k + 1} of {n}): the plan farthest below the line "
        f"from least dependency to least cost; it pays {usd_short(more_usd)} more than the "
        f"cheapest plan for {less_points:.1f} points less external share"
    )
