"""What one Run of the plan window computes, off the GUI thread (docs/model.md#F-plan).

The deterministic plan first (~0.04 s), then the cost-dependency frontier and the robust
plan when asked for. `progress(fraction) -> bool` is called from the worker thread;
False stops the run (`core.analysis.montecarlo.Cancelled`).
"""

from collections.abc import Callable
from dataclasses import dataclass

import core
from core.analysis.montecarlo import Cancelled
from core.plan.explain import Explain, explain_plan
from core.plan.frontier import Frontier, plan_frontier, recommendation
from core.plan.robust import RobustPlan, check_options, robust_plan
from core.plan.solve import Plan, recommend_plan
from gui.dialogs.plan.inputs import PlanRequest

Progress = Callable[[float], bool]


@dataclass(frozen=True)
class PlanRun:
    """One Run's answers; a part not asked for is None with a note why."""

    plan: Plan
    frontier: Frontier | None
    frontier_note: str
    robust: RobustPlan | None
    robust_note: str
    recommended: Plan  # the one plan shown and applied by default
    chosen: str  # how it was chosen: the knee, or the lambda typed
    reasons: Explain  # why, for the recommended plan (what would change it included)


def solve_plan(scenario: core.Scenario, request: PlanRequest, progress: Progress) -> PlanRun:
    """The deterministic plan, then the frontier and the robust plan if asked (in a worker).

    The robust plan's options are checked first: a bad one is refused before any solve.
    """
    if request.draws:
        check_options(request.draws, request.seed)
    plan = recommend_plan(scenario, request.risk_weight, request.limits)
    frontier_share = 0.3 if request.draws else 1.0
    if not progress(0.05):
        raise Cancelled
    frontier, frontier_note = None, "not asked for (0 points)"
    if request.frontier_points:
        frontier = plan_frontier(
            scenario, request.frontier_points, request.limits,
            progress=_part(progress, 0.05, frontier_share),
        )  # fmt: skip
        frontier_note = ""
    robust, robust_note = None, "not asked for (0 draws)"
    if request.draws:
        robust = robust_plan(
            scenario, request.draws, request.seed, risk_weight=request.risk_weight,
            limits=request.limits, progress=_part(progress, frontier_share, 1.0),
        )  # fmt: skip
        robust_note = ""
    recommended, chosen = recommendation(plan, request.risk_weight, frontier)
    reasons = explain_plan(recommended)
    progress(1.0)
    return PlanRun(plan, frontier, frontier_note, robust, robust_note, recommended, chosen, reasons)


def _part(progress: Progress, start: float, end: float) -> Progress:
    """A stage's progress (0-1) as its slice [start, end] of the whole run's bar."""
    return lambda fraction: progress(start + (end - start) * fraction)


def solving_words(request: PlanRequest) -> str:
    """What Run is doing; a robust plan's bar moves only between its few long solves."""
    if not request.draws:
        return "Solving…"
    return (
        f"Solving… The robust plan over {request.draws:,} draws is one program, solved a "
        "few times: its part of the bar moves only between those solves."
    )
