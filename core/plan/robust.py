"""A plan that holds over uncertain demand and prices (docs/model.md#F-robust-plan).

N Monte Carlo draws of three inputs only (demand growth, partner price change, partner
price shock): the build is one set of columns shared by every draw, routing and burst
are columns per draw, and the LP minimizes mean present cost + beta x CVaR90 of present cost
(Rockafellar-Uryasev, `core.plan.lp._cvar`). The build, rounded down to whole GPUs,
is then applied with the routing of the central case and evaluated by `core.engine.evaluate`;
its present cost over the same draws (routing re-optimized per draw) is set against the current
scenario's, run by the kernel on the same draws.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from core.analysis.montecarlo import PERCENTILES, Cancelled, Range, default_ranges, draw_inputs
from core.engine.compiled import FloatArray, Inputs, compile_scenario
from core.engine.kernel import run
from core.plan.data import candidate_scenario
from core.plan.lp import Limits
from core.plan.optimum import Solution, solve, whole_solution
from core.plan.solve import (
    NO_LIMITS,
    QUEUE_ROUNDS,
    Plan,
    applied_plan,
    apply_solution,
    check_limits,
    prepare,
    scenario_limits,
    weight_problems,
)
from core.scenario.checks import Problem, ScenarioError
from core.scenario.schema import Scenario

MAX_ROBUST_DRAWS = 2_000  # the LP grows by one routing per draw
ROBUST_FIELDS = ("demand_growth_multiplier", "annual_price_change")  # from default_ranges
SHOCK_HIGH = 1.5  # a shock draw reaches prices 50% above the scenario's (PRICE_SHOCK_TEST)


@dataclass(frozen=True)
class RobustPlan:
    """The robust build, applied with the central routing, and present-cost percentiles."""

    plan: Plan
    draws: int
    seed: int
    beta: float
    pv_cost_p10_usd: float
    pv_cost_p50_usd: float
    pv_cost_p90_usd: float
    current_pv_cost_p10_usd: float
    current_pv_cost_p50_usd: float
    current_pv_cost_p90_usd: float
    pv_cost_draws_usd: tuple[float, ...]  # the plan's per draw, routing re-optimized per draw
    current_pv_cost_draws_usd: tuple[float, ...]  # the current scenario's per draw
    per_draw: Solution  # the whole build over every draw: routing and burst per draw


def robust_ranges(scenario: Scenario) -> list[Range]:
    """Demand growth and partner price change as Monte Carlo's, and a price shock.

    The shock is triangular(s, s, 1.5 s) around the scenario's lever s (1 by default):
    prices only ever jump up, at most by the risk index's 50% test (illustrative).
    """
    chosen = [r for r in default_ranges(scenario) if r.field in ROBUST_FIELDS]
    shock = scenario.levers.price_shock
    high = min(10.0, SHOCK_HIGH * shock)
    chosen.append(Range("price_shock", "Partner price shock", "triangular", shock, shock, high))
    return chosen


def robust_plan(
    scenario: Scenario,
    draws: int,
    seed: int,
    beta: float = 1.0,
    risk_weight: float = 0.0,
    limits: Limits = NO_LIMITS,
    progress: Callable[[float], bool] | None = None,
) -> RobustPlan:
    """The build minimizing mean present cost + beta x CVaR90 over `draws` seeded draws.

    `progress(fraction)` is called between steps; returning False raises Cancelled.
    """
    check_options(draws, seed, beta)
    inputs = robust_inputs(scenario, draws, seed)
    return plan_over(scenario, inputs, beta, risk_weight, limits, progress, seed)


def robust_inputs(scenario: Scenario, draws: int, seed: int) -> Inputs:
    """`draws` seeded draws of the candidate scenario's inputs (`robust_ranges` only)."""
    names = tuple(g.name for g in scenario.gpu_catalog)
    structure, central = compile_scenario(candidate_scenario(scenario, names))
    rng = np.random.default_rng(seed)
    return draw_inputs(structure, central, robust_ranges(scenario), draws, rng)


def plan_over(
    scenario: Scenario,
    inputs: Inputs,
    beta: float,
    risk_weight: float = 0.0,
    limits: Limits = NO_LIMITS,
    progress: Callable[[float], bool] | None = None,
    seed: int = 0,
) -> RobustPlan:
    """The robust plan over the given draws of the candidate scenario's inputs."""
    step = _stepper(progress)
    check_limits(risk_weight, limits)
    limits = scenario_limits(scenario, limits)
    step(0.05)
    data = prepare(scenario, limits, draws=inputs)
    # Migration prices the routing applied, the central case's: the draws' routings are
    # what-ifs, and pricing their moves would double the program for nothing.
    over_draws = replace(limits, migration_usd=0.0)
    central = prepare(scenario, limits)
    for round_ in range(QUEUE_ROUNDS + 1):  # the build solved again without queued routes
        relaxed = solve(data, over_draws, risk_weight, beta)
        step(0.6 + 0.08 * round_)
        fixed = whole_solution(data, over_draws, risk_weight, beta, relaxed)
        step(0.64 + 0.08 * round_)
        plan = applied_plan(scenario, central, limits, risk_weight, relaxed, build=fixed.gpus)
        queued = plan.solution.data.queued if plan.solution is not None else None
        if queued is None or not (queued & data.allowed).any():
            break
        data = replace(data, allowed=data.allowed & ~queued, queued=queued)
        central = replace(central, allowed=central.allowed & ~queued, queued=queued)
    step(0.95)
    now = pv_cost_over(scenario, inputs)
    step(1.0)
    ranks = {
        f"{who}pv_cost_p{p}_usd": float(v)
        for who, values in (("", fixed.pv_cost_usd), ("current_", now))
        for p, v in zip(PERCENTILES, np.percentile(values, PERCENTILES), strict=True)
    }
    return RobustPlan(
        plan=plan,
        draws=data.draws,
        seed=seed,
        beta=beta,
        **ranks,
        pv_cost_draws_usd=tuple(float(v) for v in fixed.pv_cost_usd),
        current_pv_cost_draws_usd=tuple(float(v) for v in now),
        per_draw=fixed,
    )


def pv_cost_over(scenario: Scenario, inputs: Inputs) -> FloatArray:
    """(W,) present cost of `scenario` as it is, run by the kernel with the robust plan's draws."""
    structure, own = compile_scenario(scenario)
    drawn = {field: getattr(inputs, field) for field in (*ROBUST_FIELDS, "price_shock")}
    result: FloatArray = run(structure, own.with_values(**drawn).broadcast()).pv_cost_usd
    return result


def draw_scenario(scenario: Scenario, solution: Solution, draw: int) -> Scenario:
    """`scenario` carrying the solution's build and routing of one draw (for checks)."""
    one = replace(solution, shares=solution.shares[draw : draw + 1])
    return apply_solution(scenario, one)


def _stepper(progress: Callable[[float], bool] | None) -> Callable[[float], None]:
    """Report a fraction done; raise Cancelled when the callback says stop."""

    def step(fraction: float) -> None:
        if progress is not None and not progress(fraction):
            raise Cancelled

    return step


def check_options(draws: int, seed: int, beta: float = 1.0) -> None:
    """ScenarioError naming each option out of range (one line each).

    Public so a caller that solves other plans first (the plan window's deterministic plan
    and frontier) refuses a bad option before any of them: 2,001 draws waited out a
    20-point frontier (17 s) to be refused.
    """
    problems = []
    if not 1 <= draws <= MAX_ROBUST_DRAWS:
        problems.append(Problem("draws", f"{draws} must be between 1 and {MAX_ROBUST_DRAWS:,}"))
    if seed < 0:
        problems.append(Problem("seed", f"{seed} must be 0 or more"))
    problems += weight_problems("beta", beta)
    if problems:
        raise ScenarioError(problems)
