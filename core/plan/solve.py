"""Recommend a plan: GPUs to add per year and generation, routing per year (docs/model.md#F-plan).

One linear program (scipy HiGHS) over the build x, the route shares s and the burst b,
with every coefficient taken from the evaluator's own arrays (`core.plan.data`). The
continuous build is rounded down to whole GPUs (which keeps the power cap and the capex
budget) and the routing re-solved with the build fixed, so the plan applied to the
scenario and run through `core.engine.evaluate` gives the LP's own present cost.
`core.analysis.optimize` (one routing for the whole horizon, no build) stays as it is for
the Analysis window's routing tab; this module answers the joint question.
"""

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import linprog

from core.engine.compiled import FloatArray, Inputs
from core.engine.evaluate import evaluate
from core.plan.data import PlanData, plan_data, reachable_floor_problems
from core.plan.lp import (
    Layout,
    Limits,
    equalities,
    equilibrated,
    external_points,
    inequalities,
    layout,
    objective,
    share_pv_cost,
)
from core.plan.words import BUILD_FAMILIES, binding_words, infeasible_problem, limits_broken
from core.scenario.checks import Problem, ScenarioError
from core.scenario.edits import with_changes
from core.scenario.schema import Scenario

PLAN_NAME = "Recommended plan"
NO_LIMITS = Limits()


@dataclass(frozen=True)
class Solution:
    """One solved LP: the build, shares per draw, burst per draw and each draw's present cost."""

    data: PlanData
    gpus: FloatArray  # (C',) GPUs added per candidate cohort
    shares: FloatArray  # (W, T, P, M)
    burst: FloatArray  # (W, T) reference-GPU hours
    pv_cost_usd: FloatArray  # (W,) the LP's cost part
    external_points: FloatArray  # (W,) horizon-average external token share in points
    binding: tuple[tuple[str, str], ...]  # (family, sentence)

    def words(self, relaxed: "Solution | None" = None) -> tuple[str, ...]:
        """The binding sentences; those on the build alone from `relaxed` (before rounding)."""
        build = (relaxed or self).binding
        return tuple(t for f, t in build if f in BUILD_FAMILIES) + tuple(
            t for f, t in self.binding if f not in BUILD_FAMILIES
        )


@dataclass(frozen=True)
class Plan:
    """A recommended plan, applied and evaluated, beside the current scenario."""

    scenario: Scenario  # the input scenario carrying the plan, named "Recommended plan"
    build: dict[int, dict[str, int]]
    routing: dict[int, dict[str, dict[str, float]]]
    lp_pv_cost_usd: float
    pv_cost_usd: float  # from core.engine.evaluate
    current_pv_cost_usd: float
    external_share: float  # 0-1, horizon-average token share, from core.engine.evaluate
    current_external_share: float
    risk_index: float  # mean over the years, from core.engine.evaluate
    current_risk_index: float
    facility_mw: list[float]
    current_facility_mw: list[float]
    total_cost_usd: list[float]
    current_total_cost_usd: list[float]
    binding: tuple[str, ...]
    current_breaks: tuple[str, ...] = ()  # limits the current scenario breaks, in words


def solve(
    data: PlanData,
    limits: Limits,
    risk_weight: float = 0.0,
    beta: float = 0.0,
    fixed_gpus: FloatArray | None = None,
) -> Solution:
    """The LP's optimum; `fixed_gpus` pins the build. ScenarioError says what cannot be met."""
    lay = layout(data, robust=beta > 0)
    eq, ub = equalities(data, lay), inequalities(data, lay, limits)
    [(a_eq, b_eq), (a_ub, b_ub)], factor = equilibrated([eq.matrix(lay.size), ub.matrix(lay.size)])
    bounds = np.zeros((lay.size, 2))
    bounds[:, 1] = np.inf
    bounds[lay.cohorts : lay.cohorts + lay.draws * lay.shares, 1] = 1.0
    if lay.robust:
        bounds[lay.eta, 0] = -np.inf
    if fixed_gpus is not None:
        bounds[: lay.cohorts] = fixed_gpus[:, None]
    result = linprog(
        objective(data, lay, risk_weight, beta) * factor,
        A_ub=a_ub if a_ub.shape[0] else None,
        b_ub=b_ub if a_ub.shape[0] else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds / factor[:, None],
        method="highs",
        options={"primal_feasibility_tolerance": 1e-9, "dual_feasibility_tolerance": 1e-9},
    )
    if result.status != 0:
        problem = infeasible_problem(
            data, limits, lambda relaxed: solve(data, relaxed, risk_weight, beta, fixed_gpus)
        )
        raise ScenarioError([problem])
    z = result.x * factor
    slack, duals = result.ineqlin.residual, result.ineqlin.marginals
    words = binding_words(data, limits, ub.labels, slack, duals)
    return _solution(data, lay, z, words)


def _solution(
    data: PlanData, lay: Layout, z: FloatArray, words: tuple[tuple[str, str], ...]
) -> Solution:
    w = np.arange(lay.draws)
    shares = np.zeros((lay.draws, *data.allowed.shape))
    shares[:, lay.t, lay.p, lay.m] = np.clip(z[lay.s(w)], 0.0, 1.0)
    burst = z[lay.b(w)]
    gpus = np.maximum(z[: lay.cohorts], 0.0)
    share_cost, burst_cost = share_pv_cost(data, lay)
    npv = (
        data.baseline_gpus * data.unit_pv_cost[0]
        + gpus @ data.unit_pv_cost[1:]
        + (share_cost * z[lay.s(w)]).sum(axis=1)
        + burst @ burst_cost
    )
    points = (external_points(data, lay) * z[lay.s(w)]).sum(axis=1)
    return Solution(data, gpus, shares, burst, npv, points, words)


def check_limits(risk_weight: float, limits: Limits) -> None:
    """ScenarioError naming an option outside its range (one line each)."""
    problems = []
    if not np.isfinite(risk_weight) or risk_weight < 0:
        problems.append(Problem("lambda", f"{risk_weight:g} must be a number >= 0"))
    for name in ("max_provider_share", "min_in_house_share", "max_external_share"):
        value = getattr(limits, name)
        if value is not None and not 0 <= value <= 1:
            problems.append(Problem(name, f"{value:g} must be between 0 and 1"))
    for name in ("power_cap_mw", "capex_budget_usd"):
        value = getattr(limits, name)
        if value is not None and not (np.isfinite(value) and value > 0):
            problems.append(Problem(name, f"{value:g} must be a number above 0"))
    if problems:
        raise ScenarioError(problems)


def scenario_limits(scenario: Scenario, limits: Limits) -> Limits:
    """`limits` with the scenario's own site power cap when none is given."""
    if limits.power_cap_mw is None and scenario.fleet.power_cap_mw is not None:
        return replace(limits, power_cap_mw=scenario.fleet.power_cap_mw)
    return limits


def prepare(
    scenario: Scenario,
    limits: Limits,
    generations: tuple[str, ...] | None = None,
    draws: Inputs | None = None,
) -> PlanData:
    """The LP's data, after the checks that need no solver (floors out of reach)."""
    names = generations or tuple(g.name for g in scenario.gpu_catalog)
    data = plan_data(scenario, names, draws)
    problems = reachable_floor_problems(data)
    if problems:
        raise ScenarioError(problems)
    return data


def recommend_plan(
    scenario: Scenario,
    risk_weight: float = 0.0,
    limits: Limits = NO_LIMITS,
    generations: tuple[str, ...] | None = None,
) -> Plan:
    """The plan minimizing present cost ($B) + risk_weight x external token share (points)."""
    check_limits(risk_weight, limits)
    limits = scenario_limits(scenario, limits)
    data = prepare(scenario, limits, generations)
    relaxed = solve(data, limits, risk_weight)
    return applied_plan(scenario, data, limits, risk_weight, relaxed)


def applied_plan(
    scenario: Scenario, data: PlanData, limits: Limits, risk_weight: float, relaxed: Solution
) -> Plan:
    """The build rounded down to whole GPUs, routing re-solved, applied and evaluated."""
    whole = np.floor(relaxed.gpus + 1e-6)
    final = solve(data, limits, risk_weight, fixed_gpus=whole)
    planned = apply_solution(scenario, final)
    current = evaluate(scenario)
    mine, now = evaluate(planned).outputs, current.outputs
    return Plan(
        scenario=planned,
        build=_build(planned),
        routing=_routing(planned),
        lp_pv_cost_usd=float(final.pv_cost_usd[0]),
        pv_cost_usd=float(mine.pv_cost_usd[0]),
        current_pv_cost_usd=float(now.pv_cost_usd[0]),
        external_share=float(mine.risk_terms[0, :, 0].mean()),
        current_external_share=float(now.risk_terms[0, :, 0].mean()),
        risk_index=float(mine.risk_index[0].mean()),
        current_risk_index=float(now.risk_index[0].mean()),
        facility_mw=mine.fleet.facility_mw[0].tolist(),
        current_facility_mw=now.fleet.facility_mw[0].tolist(),
        total_cost_usd=mine.total_cost_usd[0].tolist(),
        current_total_cost_usd=now.total_cost_usd[0].tolist(),
        binding=final.words(relaxed),
        current_breaks=limits_broken(current, limits),
    )


def apply_solution(scenario: Scenario, solution: Solution) -> Scenario:
    """`scenario` carrying the solution's build and its first draw's routing per year."""
    s, data = solution.data.structure, solution.data
    names = s.model_names
    rows = [
        {"year": int(s.years[(c - 1) // len(data.generations)]), "gpu": s.cohort_gpu[c],
         "gpus": round(float(n))}
        for c, n in enumerate(solution.gpus, start=1)
        if round(float(n)) > 0
    ]  # fmt: skip
    routing = [
        {"year": int(year), "product": product, "routing": _row(solution.shares[0, t, p], names)}
        for t, year in enumerate(s.years)
        for p, product in enumerate(s.product_names)
    ]
    changes = {"build_plan": rows, "routing_by_year": routing, "name": PLAN_NAME}
    return with_changes(scenario, changes)


def _row(shares: FloatArray, names: tuple[str, ...]) -> dict[str, float]:
    """One year's routing of a product: shares above 1e-12, summing to 1."""
    kept = {names[m]: float(v) for m, v in enumerate(shares) if v > 1e-12}
    total = sum(kept.values())
    return {name: v / total for name, v in kept.items()}


def _build(planned: Scenario) -> dict[int, dict[str, int]]:
    build: dict[int, dict[str, int]] = {y: {} for y in planned.horizon.years}
    for row in planned.build_plan or ():
        build[row.year][row.gpu] = row.gpus
    return build


def _routing(planned: Scenario) -> dict[int, dict[str, dict[str, float]]]:
    routing: dict[int, dict[str, dict[str, float]]] = {y: {} for y in planned.horizon.years}
    for row in planned.routing_by_year:
        routing[row.year][row.product] = dict(row.routing)
    return routing
