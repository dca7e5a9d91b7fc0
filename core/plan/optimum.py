"""The program's optimum: the plan's linear program solved, its speeds settled, its GPUs whole.

One linear program (scipy HiGHS) over the build x, the route shares s and the burst b
(bought by the hour, `core.plan.hours`), with every coefficient taken from the
evaluator's own arrays (`core.plan.data`). Each generation's speed is its speed on the
work it does, so the program is solved again at its own answer until the speeds settle.
The build is whole blocks of GPUs (`whole_solution`: the relaxed build rounded down when
that is within MIP_GAP of the relaxed optimum, else HiGHS's MILP) and the routing
re-solved with the build fixed. Turning the answer into a scenario and a plan is
`core.plan.solve`'s.
"""

from dataclasses import dataclass, replace

import numpy as np

from core.engine.compiled import BoolArray, FloatArray
from core.engine.load_curve import bought_gpu_hours
from core.plan.consolidate import SIMPLER_GAP, token_cohorts
from core.plan.data import PlanData, at_point, fleet_at
from core.plan.highs import MIP_GAP, SOLVER_FAILED, lp_result, milp_result
from core.plan.hours import burst_rows, work_rows
from core.plan.keepers import keeper_rows
from core.plan.locks import before_first_year, locked_shares
from core.plan.lp import (
    USD_B,
    Layout,
    Limits,
    equalities,
    equilibrated_rows,
    external_points,
    inequalities,
    layout,
    objective,
    share_pv_cost,
)
from core.plan.moves import move_cost, move_rows
from core.plan.words import (
    BUILD_FAMILIES,
    SLACK_TOLERANCE,
    binding_words,
    infeasible_problem,
    unsolved_words,
)
from core.scenario.checks import Problem, ScenarioError

ROUNDING = 1e-12  # a shortfall this small against the year's work is float noise, no burst
SHARE_FLOOR = 1e-12  # a share at or below this is no route (as `apply_solution` writes it)
SETTLE_STEPS = 20  # solves at most, each at the generations' speeds on the last one's work
SETTLED = 1e-4  # speeds that move less than this (relative) have settled
Shadow = tuple[str, int, int, float]  # row family, year index, item, USD saved per unit looser


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
    objective: float = 0.0  # USD billions + risk weight x points (+ beta x CVaR), baseline in
    applied: float = 0.0  # `objective` with the burst the evaluator buys at this plan's speeds
    shadow: tuple[Shadow, ...] = ()  # tight rows and rows with a dual price (LP only)

    def words(self, relaxed: "Solution | None" = None) -> tuple[str, ...]:
        """The binding sentences; those on the build alone from `relaxed` (before rounding)."""
        build = (relaxed or self).binding
        return tuple(t for f, t in build if f in BUILD_FAMILIES) + tuple(
            t for f, t in self.binding if f not in BUILD_FAMILIES
        )


def solve(
    data: PlanData,
    limits: Limits,
    risk_weight: float = 0.0,
    beta: float = 0.0,
    fixed_gpus: FloatArray | None = None,
    whole: bool = False,
    diagnose: bool = True,
    settle: bool = True,
    closed: BoolArray | None = None,
) -> Solution:
    """The program's optimum; `fixed_gpus` pins the build, `whole` asks for whole blocks.

    `closed` (C',) marks candidate cohorts held at 0 GPUs (`core.plan.consolidate`).

    Each generation's speed is its speed on the work it does (docs/model.md#F-generations),
    so the LP is solved again at its own answer until the speeds settle (at most
    SETTLE_STEPS solves; `settle` False, or the MILP, keeps `data`'s speeds). The LP
    (linprog) gives duals, hence binding rows and shadow prices; the MILP (HiGHS branch
    and bound, `whole`) gives none. ScenarioError says what cannot be met (with
    `diagnose` False only that nothing can). Burst is bought by the hour as the evaluator
    buys it (`core.plan.hours`); where the speeds do not settle with those rows (a product
    moving between routes whose generations' speeds differ most), and over many draws,
    at the busy hour's excess all year, a bound above.
    """
    exact = data.draws == 1
    ask = _Ask(limits, risk_weight, beta, fixed_gpus, whole, diagnose, closed)
    solution, settled = _settle(data, ask, settle, exact)
    if exact and not settled:  # the speeds swing on the hours' rows: the bound's plan, if better
        solution = min(solution, _settle(data, ask, settle, False)[0], key=_applied)
    return solution


@dataclass(frozen=True, eq=False)
class _Ask:
    """What every solve of one `solve` call is asked: its limits, weights and build."""

    limits: Limits
    risk_weight: float
    beta: float
    fixed_gpus: FloatArray | None
    whole: bool
    diagnose: bool
    closed: BoolArray | None = None


def _settle(data: PlanData, ask: _Ask, settle: bool, exact: bool) -> tuple[Solution, bool]:
    """`solve`'s loop, with burst by the hour if `exact`, and whether the speeds settled.

    A limit the first solve keeps but a later point's coefficients cannot (a cap read at
    the edge of what the plan reaches) ends the loop on the last plan that kept it. When
    each draw's speeds have settled or come back to speeds solved at before (its routing
    going round a cycle, as a robust plan's draws can), the loop ends unsettled: for one
    draw on the plan best at its own speeds (`Solution.applied`, the evaluator's cost)
    among those it solved; over many draws, whose evaluation re-routes each draw, on the
    last.
    """
    solution = best = _solve_at(data, ask, exact)
    ranked = data.draws == 1
    looping = settle and not ask.whole
    seen: list[FloatArray] = []  # the speeds solved at before `data`'s
    for _ in range(SETTLE_STEPS - 1 if looping else 0):
        moved = at_point(data, solution.gpus, solution.shares)
        settled = _same_draws(moved.speed, data.speed)
        if settled.all():
            return solution, True
        if (settled | np.any([_same_draws(moved.speed, old) for old in seen], axis=0)).all():
            return best, False  # each draw settled or in a cycle: more solves go round
        seen.append(data.speed)
        data = moved
        try:
            solution = _solve_at(data, replace(ask, diagnose=False), exact)
        except ScenarioError:
            return solution, True
        best = min(best, solution, key=_applied) if ranked else solution
    if looping:
        moved = at_point(data, solution.gpus, solution.shares)
        if np.allclose(moved.speed, data.speed, rtol=SETTLED, atol=0.0):
            return solution, True
        return best, False
    return solution, True


def _applied(solution: Solution) -> float:
    """The key that ranks iterates that did not settle: each one's value at its own speeds."""
    return solution.applied


def _same_draws(speed: FloatArray, other: FloatArray) -> BoolArray:
    """(W,) the draws whose speeds (W, T, G) are the same to SETTLED."""
    return np.asarray(np.isclose(speed, other, rtol=SETTLED, atol=0.0).all(axis=(1, 2)))


def _solve_at(data: PlanData, ask: _Ask, exact: bool = True) -> Solution:
    """One solve of the program at `data`'s speeds (see `solve`), burst by the hour if `exact`."""
    limits, whole = ask.limits, ask.whole
    lay = layout(data, robust=ask.beta > 0, moves=limits.migration_usd > 0)
    eq, ub = equalities(data, lay), inequalities(data, lay, limits)
    work_rows(data, lay, eq)
    burst_rows(data, lay, ub, exact)
    keeper_rows(data, lay, ub)
    move_rows(lay, ub)
    parts, factor, row_factors = equilibrated_rows(
        [eq.matrix(lay.size), ub.matrix(lay.size)], lay.cohorts if whole else 0, limits.block_gpus
    )
    c = objective(data, lay, ask.risk_weight, ask.beta)
    c[lay.d(np.arange(lay.draws))] = move_cost(data, lay, limits.migration_usd)
    bounds = _bounds(data, lay, limits, ask) / factor[:, None]
    result = (milp_result if whole else lp_result)(c * factor, parts, bounds, lay.cohorts)
    if result.x is None:
        if result.status == SOLVER_FAILED:
            raise ScenarioError([Problem("plan", unsolved_words(c))])
        if not ask.diagnose:
            raise ScenarioError([Problem("plan", "no plan meets the constraints together")])
        problem = infeasible_problem(
            data,
            limits,
            lambda relaxed: solve(
                data, relaxed, ask.risk_weight, ask.beta, ask.fixed_gpus, whole, False
            ),
        )
        raise ScenarioError([problem])
    z = result.x * factor
    if whole:
        return _solution(data, lay, z, c, (), ())
    slack, duals = result.ineqlin.residual, result.ineqlin.marginals
    words = binding_words(data, limits, ub.labels, slack, duals)
    usd = -duals * row_factors[1] * USD_B  # saved per unit the row is loosened
    tight = (np.abs(duals) > 1e-12) | (np.abs(slack) <= SLACK_TOLERANCE)
    shadow = tuple((*ub.labels[i][:3], float(usd[i])) for i in np.flatnonzero(tight))
    return _solution(data, lay, z, c, words, shadow)


def _bounds(data: PlanData, lay: Layout, limits: Limits, ask: _Ask) -> FloatArray:
    """(n, 2) bounds: shares in [0, 1], locked cells fixed, locked-out models at 0."""
    bounds = np.zeros((lay.size, 2))
    bounds[:, 1] = np.inf
    shares = slice(lay.cohorts, lay.cohorts + lay.draws * lay.shares)
    locked = locked_shares(data.structure, limits.locks)[lay.t, lay.p, lay.m]
    out = before_first_year(data.structure, limits.locks)[lay.t, lay.m]
    low = np.where(np.isnan(locked), 0.0, locked)
    high = np.where(np.isnan(locked), np.where(out, 0.0, 1.0), locked)
    bounds[shares, 0] = np.tile(low, lay.draws)
    bounds[shares, 1] = np.tile(high, lay.draws)
    if lay.robust:
        bounds[lay.eta, 0] = -np.inf
    if ask.closed is not None:
        bounds[: lay.cohorts][ask.closed, 1] = 0.0
    if ask.fixed_gpus is not None:
        bounds[: lay.cohorts] = ask.fixed_gpus[:, None]
    return bounds


def _solution(
    data: PlanData,
    lay: Layout,
    z: FloatArray,
    c: FloatArray,
    words: tuple[tuple[str, str], ...],
    shadow: tuple[Shadow, ...],
) -> Solution:
    """The plan as applied: shares cleaned as `apply_solution` writes them, burst the shortfall.

    HiGHS returns a point feasible to its tolerance; the plan handed over is exact (shares
    sum to 1, burst buys exactly what the fleet lacks, as the evaluator does), so its
    present cost is the evaluator's to rounding, not to the solver's tolerance.
    """
    w = np.arange(lay.draws)
    shares = np.zeros((lay.draws, *data.allowed.shape))
    shares[:, lay.t, lay.p, lay.m] = np.clip(z[lay.s(w)], 0.0, 1.0)
    shares[shares <= SHARE_FLOOR] = 0.0
    shares /= np.maximum(shares.sum(axis=3, keepdims=True), 1e-300)
    s_flat = shares[:, lay.t, lay.p, lay.m]
    gpus = np.maximum(z[: lay.cohorts], 0.0)
    burst = _bought(data, gpus, shares)
    share_cost, burst_cost = share_pv_cost(data, lay)
    pv_cost = (
        data.baseline_gpus * data.unit_pv_cost[0]
        + gpus @ data.unit_pv_cost[1:]
        + (share_cost * s_flat).sum(axis=1)
        + burst @ burst_cost
    )
    points = (external_points(data, lay) * s_flat).sum(axis=1)
    value = float(c @ z) + data.baseline_gpus * data.unit_pv_cost[0] / USD_B
    bought = (burst @ burst_cost).mean() / USD_B - c[lay.b(w)].ravel() @ z[lay.b(w)].ravel()
    return Solution(
        data, gpus, shares, burst, pv_cost, points, words, value, value + bought, shadow
    )


def _bought(data: PlanData, gpus: FloatArray, shares: FloatArray) -> FloatArray:
    """(W, T) burst as the evaluator buys it, in reference-GPU hours (F-load-curve).

    The program's burst is the same hours above the fleet (`core.plan.hours`) to the
    solver's tolerance; the plan handed over pays for them as the kernel times its work
    (`core.engine.generations.fleet_work`), to rounding.
    """
    s = data.structure
    work, capacity = fleet_at(data, gpus, shares)
    by_product = work.inference_gpu_hours.sum(axis=3)  # (W, T, P)
    training = work.training_gpu_hours.sum(axis=2)
    short = bought_gpu_hours(by_product, s.week_load, training, capacity, s.training_in_valleys)
    need = by_product.sum(axis=2) + training
    kept = np.where(short > ROUNDING * np.maximum(need, capacity), short, 0.0)
    result: FloatArray = kept * work.reference_per_hour
    return result


def whole_solution(
    data: PlanData, limits: Limits, risk_weight: float, beta: float, relaxed: Solution
) -> Solution:
    """Whole blocks of GPUs that keep every limit, routing re-solved for that build.

    A generation bought in token numbers is closed and the plan solved again; the simpler
    plan is kept when it costs nothing real (`core.plan.consolidate`).
    """
    planned = _whole(data, limits, risk_weight, beta, relaxed)
    most = planned.objective + SIMPLER_GAP * max(1.0, abs(planned.objective))
    closed = np.zeros(len(planned.gpus), dtype=bool)
    for _ in data.generations:  # the closed generation's work may go to another token one
        token = token_cohorts(planned.gpus, len(data.generations))
        if token is None:
            break
        closed |= token
        try:
            narrowed = solve(data, limits, risk_weight, beta, diagnose=False, closed=closed)
            simpler = _whole(data, limits, risk_weight, beta, narrowed, closed)
        except ScenarioError:
            break
        if simpler.objective > most:
            break
        planned = simpler
    return planned


def _whole(
    data: PlanData,
    limits: Limits,
    risk_weight: float,
    beta: float,
    relaxed: Solution,
    closed: BoolArray | None = None,
) -> Solution:
    """`whole_solution` before its token generations are closed (`closed` kept closed).

    The relaxed build rounded down is kept when it costs within MIP_GAP of the relaxed
    optimum (a lower bound on every whole plan); otherwise, or when rounding down breaks a
    limit (less fleet spend raises a provider's share), HiGHS's MILP finds the whole build.
    So "infeasible" means no whole plan exists.
    """
    block, data = limits.block_gpus, relaxed.data  # the builds compared at the same speeds
    floor = np.floor(relaxed.gpus / block + 1e-6) * block
    try:
        rounded = solve(data, limits, risk_weight, beta, fixed_gpus=floor, settle=False)
    except ScenarioError:
        rounded = None
    if rounded is not None and rounded.objective <= relaxed.objective + MIP_GAP * max(
        1.0, abs(relaxed.objective)
    ):
        build, whole = floor, rounded
    else:
        whole = solve(data, limits, risk_weight, beta, whole=True, closed=closed)
        build = np.round(whole.gpus / block) * block
    try:
        return solve(data, limits, risk_weight, beta, fixed_gpus=build)  # at its own speeds
    except ScenarioError:  # a limit the MILP keeps to its tolerance (1e-6), not the LP's
        return replace(whole, gpus=build)
