"""Recommend a plan: GPUs to add per year and generation, routing per year (docs/model.md#F-plan).

The options are checked and the program's data gathered (`prepare`, `core.plan.data`),
the program solved (`core.plan.optimum`), and its answer applied to the scenario and
evaluated beside the current one (`Plan`), so the plan applied to the scenario and run
through `core.engine.evaluate` gives the program's own present cost.
With the build fixed to the scenario's fleet it is the recommended routing
(`core.plan.routing`): one optimizer for both questions.
"""

from dataclasses import dataclass, replace

import numpy as np

from core.engine.compiled import BoolArray, FloatArray, Inputs
from core.engine.evaluate import evaluate
from core.engine.kernel import Outputs
from core.plan.data import PlanData, plan_data, reachable_floor_problems
from core.plan.locks import lock_problems, locked_shares
from core.plan.lp import MAX_WEIGHT, Limits
from core.plan.optimum import Solution, solve, whole_solution
from core.plan.words import limits_broken
from core.scenario.checks import Problem, ScenarioError
from core.scenario.edits import with_changes
from core.scenario.plan_edits import plan_limits_edit
from core.scenario.schema import MAX_FLEET_GPUS, MAX_POWER_CAP_MW, MAX_USD, Scenario

PLAN_NAME = "Recommended plan"
QUEUE_ROUNDS = 3  # re-solves closing routes that wait for a slot past their promise
NO_LIMITS = Limits()


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
    limits: Limits = NO_LIMITS  # the limits and locks it keeps (scenario's power cap included)
    risk_weight: float = 0.0  # the lambda it was solved with
    solution: Solution | None = None  # the whole plan's program (for `core.plan.explain`)
    relaxed: Solution | None = None  # the relaxed program (the build rows' duals)

    def saved_as(self, name: str) -> Scenario:
        """The plan's scenario named `name`, with the limits it was solved under as its own.

        What the plan window's Apply adds and `scaledeck plan --save` writes: a plan solved
        under a 40 MW cap is only that plan under that cap (`plan_limits_edit`).
        """
        limits = self.limits
        kept = plan_limits_edit(self.scenario, limits.power_cap_mw, limits.capex_budget_usd)
        return with_changes(self.scenario, {**kept, "name": name})


def weight_problems(name: str, weight: float) -> list[Problem]:
    """`name` (lambda, beta) outside 0 to MAX_WEIGHT, in words (`core.plan.lp.MAX_WEIGHT`)."""
    if np.isfinite(weight) and 0 <= weight <= MAX_WEIGHT:
        return []
    return [Problem(name, f"{weight:g} must be a number from 0 to {MAX_WEIGHT:,.0f}")]


def check_limits(risk_weight: float, limits: Limits) -> None:
    """ScenarioError naming an option outside its range (one line each).

    A power cap and a budget are bounded as a scenario's are (a plan saves them into one);
    1e308 MW overflowed the scaled rows to inf.
    """
    problems = weight_problems("lambda", risk_weight)
    for name in ("max_provider_share", "min_in_house_share", "max_external_share"):
        value = getattr(limits, name)
        if value is not None and not 0 <= value <= 1:
            problems.append(Problem(name, f"{value:g} must be between 0 and 1"))
    for name, most, unit in (
        ("power_cap_mw", MAX_POWER_CAP_MW, "MW"),
        ("capex_budget_usd", MAX_USD, "USD"),
    ):
        value = getattr(limits, name)
        if value is not None and not (np.isfinite(value) and 0 < value <= most):
            words = f"{value:g} must be a number above 0 and at most {most:,g} {unit}"
            problems.append(Problem(name, words))
    if not 1 <= limits.block_gpus <= MAX_FLEET_GPUS:
        words = f"{limits.block_gpus} must be from 1 to {MAX_FLEET_GPUS:,} (the largest fleet)"
        problems.append(Problem("block_gpus", words))
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
    """The LP's data, after the checks that need no solver (locks, floors out of reach).

    The locked generations, if any, are the candidates; a locked route gets a share
    variable even where the plan would not offer it (a promise it misses is the user's call).
    """
    problems = lock_problems(scenario, limits.locks)
    if problems:
        raise ScenarioError(problems)
    catalog = tuple(g.name for g in scenario.gpu_catalog)
    names = limits.locks.generations or generations or catalog
    data = plan_data(scenario, tuple(g for g in catalog if g in names), draws)
    locked = locked_shares(data.structure, limits.locks)
    data = replace(data, allowed=data.allowed | (np.nan_to_num(locked) > 0))
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
    scenario: Scenario,
    data: PlanData,
    limits: Limits,
    risk_weight: float,
    relaxed: Solution,
    build: FloatArray | None = None,
) -> Plan:
    """The build in whole blocks of GPUs (or `build`), routing re-solved, applied, evaluated.

    The program does not see the busy hour's queue (docs/model.md#F-queueing): a route
    whose replicas hold few requests can wait for a slot past its promise. Routes the
    evaluator finds so are closed and the plan solved again (at most QUEUE_ROUNDS times),
    unless closing them leaves no plan; then the plan keeps them and shows their late tokens.
    """
    final = _whole(data, limits, risk_weight, relaxed, build)
    planned = apply_solution(scenario, final)
    mine = evaluate(planned).outputs
    for _ in range(QUEUE_ROUNDS):
        late = queued_routes(final.data, mine, limits)
        if not late.any():
            break
        before = final.data.queued if final.data.queued is not None else np.zeros_like(late)
        narrowed = replace(final.data, allowed=final.data.allowed & ~late, queued=before | late)
        try:
            relaxed_again = solve(narrowed, limits, risk_weight, fixed_gpus=build)
            final_again = (  # with the build fixed, the routing solved is the plan
                relaxed_again
                if build is not None
                else _whole(narrowed, limits, risk_weight, relaxed_again, None)
            )
        except ScenarioError:
            break  # no plan without them: this one, its late tokens shown beside the current
        relaxed, final = relaxed_again, final_again
        planned = apply_solution(scenario, final)
        mine = evaluate(planned).outputs
    current = evaluate(scenario)
    now = current.outputs
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
        limits=limits,
        risk_weight=risk_weight,
        solution=final,
        relaxed=relaxed,
    )


def _whole(
    data: PlanData,
    limits: Limits,
    risk_weight: float,
    relaxed: Solution,
    build: FloatArray | None,
) -> Solution:
    """The plan in whole blocks of GPUs, or the routing for the fixed `build`."""
    if build is None:
        return whole_solution(data, limits, risk_weight, 0.0, relaxed)
    return solve(data, limits, risk_weight, fixed_gpus=build)


def queued_routes(data: PlanData, planned: Outputs, limits: Limits) -> BoolArray:
    """(T, P, M) routes given tokens none of which keep their promise: held up in the queue.

    Not a locked route (the user's call), nor a product's last route that year.
    """
    late = data.allowed & (planned.shares[0] > 1e-9) & (planned.on_time_share[0] <= 1e-9)
    late &= np.isnan(locked_shares(data.structure, limits.locks))
    late &= (data.allowed & ~late).any(axis=2, keepdims=True)
    result: BoolArray = late
    return result


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
