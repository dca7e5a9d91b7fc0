"""What one Run of the plan window computes, off the GUI thread (docs/model.md#F-plan).

The deterministic plan first (~0.04 s), then the NPV-dependency frontier and the robust
plan when asked for. `progress(fraction) -> bool` is called from the worker thread;
False stops the run (`core.montecarlo.Cancelled`).

GUARD: the frontier and the robust plan come from `core.plan_robust`, which lands
separately. It is imported inside `solve_plan`; until it exists each of those panels
says "not available" and the deterministic plan still works. Once merged, import
`plan_frontier` and `robust_plan` at the top and drop `_robust_module`.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import core
from core.montecarlo import Cancelled
from core.plan import Plan, recommend_plan
from gui.dialogs.plan.inputs import PlanRequest

Progress = Callable[[float], bool]
NOT_AVAILABLE = "not available in this build (core.plan_robust is missing)"


class Frontier(Protocol):
    """Plans from the most in-house to the cheapest (core.plan_robust.plan_frontier)."""

    external_share: list[float]  # 0-1, horizon average, per point
    npv_usd: list[float]
    knee: int  # the default recommendation


class RobustPlan(Protocol):
    """A build chosen once over Monte Carlo draws (core.plan_robust.robust_plan)."""

    plan: Plan
    draws: int
    seed: int
    npv_p10_usd: float
    npv_p50_usd: float
    npv_p90_usd: float
    current_npv_p10_usd: float
    current_npv_p50_usd: float
    current_npv_p90_usd: float


@dataclass(frozen=True)
class PlanRun:
    """One Run's answers; a part not asked for or not available is None with a note why."""

    plan: Plan
    frontier: Frontier | None
    frontier_note: str
    robust: RobustPlan | None
    robust_note: str


def plan_at(frontier: Frontier, index: int) -> Plan:
    """The frontier's plan at point `index` (`plan_at(i)` or a `plans` list)."""
    found: Any = frontier
    if hasattr(found, "plan_at"):
        plan: Plan = found.plan_at(index)
        return plan
    listed: Plan = found.plans[index]
    return listed


def solve_plan(scenario: core.Scenario, request: PlanRequest, progress: Progress) -> PlanRun:
    """The deterministic plan, then the frontier and the robust plan if asked (in a worker)."""
    plan = recommend_plan(scenario, request.risk_weight, request.limits)
    robust_module = _robust_module()
    frontier_share = 0.3 if request.draws else 1.0
    if not progress(0.05):
        raise Cancelled
    frontier, frontier_note = None, "not asked for (0 points)"
    if request.frontier_points and robust_module is None:
        frontier_note = NOT_AVAILABLE
    elif request.frontier_points:
        frontier = robust_module.plan_frontier(
            scenario, request.frontier_points, request.limits,
            progress=_part(progress, 0.05, frontier_share),
        )  # fmt: skip
        frontier_note = ""
    robust, robust_note = None, "not asked for (0 draws)"
    if request.draws and robust_module is None:
        robust_note = NOT_AVAILABLE
    elif request.draws:
        robust = robust_module.robust_plan(
            scenario, request.draws, request.seed, risk_weight=request.risk_weight,
            limits=request.limits, progress=_part(progress, frontier_share, 1.0),
        )  # fmt: skip
        robust_note = ""
    progress(1.0)
    return PlanRun(plan, frontier, frontier_note, robust, robust_note)


def _robust_module() -> Any:
    """`core.plan_robust`, or None until it is merged (see GUARD above)."""
    try:
        return importlib.import_module("core.plan_robust")
    except ImportError:
        return None


def _part(progress: Progress, start: float, end: float) -> Progress:
    """A stage's progress (0-1) as its slice [start, end] of the whole run's bar."""
    return lambda fraction: progress(start + (end - start) * fraction)
