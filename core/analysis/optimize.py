"""Recommended routing: a linear program over each product's shares (scipy HiGHS).

Variables are the routing shares x[p, m] (one row per product, summing to 1; partner
models excluded for in-house-only products). Each year's effective shares are linear
in x: a share on a model not serving that year moves down the product's fallback
chain. The in-house shift lever is folded into x (the optimizer picks each in-house
share itself), so the recommended scenario sets the shift to 0.

Objective: partner spend in USD billions over the chosen years (the fleet's own cost
does not depend on routing) + lambda x external token share in percentage points (the
linear risk proxy: the share of all tokens served by partners, averaged over the
chosen years). Constraints: quality >= floor per product and year; training plus
in-house inference GPU-hours <= capacity per year; optionally, no partner provider
above a cap on its share of the year's total spend (the fleet's cost included).
"""

from collections.abc import Generator
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from core.engine.compiled import FloatArray, Structure, compile_scenario
from core.engine.evaluate import evaluate
from core.engine.generations import route_hours
from core.engine.kernel import (
    _price_per_token,
    _tokens,
    _training_reference_hours,
    fleet_series,
)
from core.numbers import apart
from core.scenario.checks import Problem, ScenarioError
from core.scenario.edits import with_changes
from core.scenario.messages import year_outside
from core.scenario.schema import Scenario

SLACK_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Recommendation:
    """The optimizer's answer: routing per product, its figures, and the binding constraints."""

    scenario: Scenario  # the input scenario with the recommended routing (shift 0)
    routing: dict[str, dict[str, float]]
    partner_spend_usd: float  # over the chosen years
    external_share: float  # 0-1, token-weighted, averaged over the chosen years
    total_cost_usd: float  # from evaluate: fleet + partner + cloud burst, over the chosen years
    risk_index: float  # from evaluate: mean over the chosen years
    binding: list[str] = field(default_factory=list)  # constraints at their limit, in words


@dataclass(frozen=True)
class _Problem:
    """The LP's coefficients for one scenario and set of years."""

    structure: Structure
    years: list[int]
    allowed: np.ndarray  # (P, M) bool
    cost: np.ndarray  # (P, M) partner USD over the chosen years per unit share
    external: np.ndarray  # (P, M) external share points (0-100, averaged) per unit share
    quality: np.ndarray  # (Y, P, M) quality per unit share
    gpu_hours: np.ndarray  # (Y, P, M) in-house fleet GPU-hours per unit share
    free_hours: np.ndarray  # (Y,) capacity minus training
    spend: np.ndarray  # (Y, K, P, M) partner spend by provider per unit share
    fleet_cost: np.ndarray  # (Y,) the fleet's own cost (in-house spend)


def optimize(
    scenario: Scenario,
    risk_weight: float = 0.0,
    year: int | None = None,
    provider_cap: float | None = None,
    max_external_share: float | None = None,
) -> Recommendation:
    """The cost-minimal routing (plus `risk_weight` $B per point of external share).

    `year`: one year, or None for the whole horizon. `provider_cap`: maximum share
    (0-1) of any partner provider in a year's total spend. `max_external_share`:
    the most external token share (0-1) allowed. ScenarioError names the constraints
    that cannot be met.
    """
    if not np.isfinite(risk_weight) or risk_weight < 0:
        raise ScenarioError([Problem("lambda", f"{risk_weight} must be a number >= 0")])
    if provider_cap is not None and not 0 < provider_cap <= 1:
        raise ScenarioError([Problem("provider_cap", f"{provider_cap} must be in (0, 1]")])
    years = scenario.horizon.years
    if year is not None and year not in years:
        raise ScenarioError([year_outside(year, years)])
    base, lp = _problem(scenario, year)
    _explain_infeasible(lp)
    shares = _solve(lp, lp.cost + risk_weight * lp.external, provider_cap, max_external_share)
    return _recommendation(base, lp, shares, provider_cap)


def frontier(
    scenario: Scenario, points: int = 20, year: int | None = None, provider_cap: float | None = None
) -> list[Recommendation]:
    """The cost-risk frontier: `points` cost-minimal routings, from the safest to the cheapest.

    An LP's optima sit on vertices, so sweeping lambda finds only a few distinct corners;
    sweeping the allowed external share (between the risk-only and the cost-only optimum)
    traces the same curve with evenly spaced points. Cost never rises as the allowed
    share rises. Ordered from least to most external share.
    """
    steps = iter_frontier(scenario, points, year, provider_cap)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            result: list[Recommendation] = done.value
            return result


def iter_frontier(
    scenario: Scenario, points: int = 20, year: int | None = None, provider_cap: float | None = None
) -> Generator[float, None, list[Recommendation]]:
    """`frontier` as a generator: yields the fraction done after each point, returns the points."""
    if points < 2:
        raise ScenarioError([Problem("points", "a frontier needs at least 2 points")])
    cheapest = optimize(scenario, 0.0, year, provider_cap)
    safest = _least_external_share(scenario, year, provider_cap)
    caps = np.linspace(safest, cheapest.external_share, points)
    caps[0] += 1e-9  # the safest share itself, with room for rounding
    found = []
    for i, cap in enumerate(caps):
        found.append(optimize(scenario, 0.0, year, provider_cap, float(cap)))
        yield (i + 1) / points
    return found


def _least_external_share(
    scenario: Scenario, year: int | None, provider_cap: float | None
) -> float:
    """The least external share any routing meeting the constraints can reach (0-1).

    Minimizes the external share alone: a large risk weight on top of cost is not enough
    when partner prices are extreme, and the frontier's safest end must be the safest.
    """
    _base, lp = _problem(scenario, year)
    return _external_share(lp, _solve(lp, lp.external, provider_cap, None))


def _problem(scenario: Scenario, year: int | None) -> tuple[Scenario, _Problem]:
    """The scenario as the optimizer reads it (no in-house shift) and its LP, for `year`."""
    base = with_changes(scenario, {"levers.in_house_shift": 0.0})
    return base, _build(base, scenario.horizon.years if year is None else [year])


def _build(scenario: Scenario, years: list[int]) -> _Problem:
    s, x = compile_scenario(scenario)
    t_index = [list(s.years).index(y) for y in years]
    fleet = fleet_series(s, x.broadcast())
    tokens = _tokens(s, x)[0][t_index]  # (Y, P)
    price = _price_per_token(s, x)[0][t_index]  # (Y, P, M) USD per token
    serving = s.serving[t_index].astype(float)  # (Y, M)
    # route[y, p, m, j]: share on model j that one unit of x[p, m] becomes in year y
    route = np.einsum("ym,mj->ymj", serving, np.eye(len(s.model_names)))[:, None, :, :]
    route = route + (1.0 - serving)[:, None, :, None] * s.fallback_target[t_index][:, :, None, :]
    flow = tokens[:, :, None, None] * route  # tokens per unit share, (Y, P, M, J)
    spend_pj = flow * price[:, :, None, :]  # (Y, P, M, J)
    all_tokens = tokens.sum(axis=1)  # (Y,)
    external_points = 100.0 * (flow * ~s.in_house).sum(axis=3) / all_tokens[:, None, None]
    hours_per_token = route_hours(s, fleet.generation_gpus)[0][t_index]  # (Y, P, J)
    busy_hours = flow * (hours_per_token * s.peak_to_average[:, None])[:, :, None, :]
    training = (
        _training_reference_hours(s, x)[0][t_index].sum(axis=1) / fleet.training_factor[0][t_index]
    )
    partner = np.array([not m for m in s.in_house])
    in_house_only = np.array([p.in_house_only for p in scenario.products])
    allowed = ~(in_house_only[:, None] & partner[None, :])
    meets_slo = s.route_slo_reason == 0
    # Recommend only routes that keep the product's latency promise, where any can.
    keeps = allowed & (meets_slo | ~(allowed & meets_slo).any(axis=1, keepdims=True))
    return _Problem(
        structure=s,
        years=years,
        allowed=keeps,
        cost=spend_pj.sum(axis=(0, 3)) / 1e9,
        external=external_points.mean(axis=0),
        quality=(route * s.quality[None, :, None, :]).sum(axis=3),
        gpu_hours=busy_hours.sum(axis=3),
        free_hours=fleet.capacity_gpu_hours[0][t_index] - training,
        spend=np.einsum("ypmj,jk->ykpm", spend_pj, s.provider_of_model),
        fleet_cost=(
            fleet.capital_charge_usd + fleet.facility_charge_usd + fleet.power_usd + fleet.opex_usd
        )[0][t_index],
    )


def _constraints(
    lp: _Problem, provider_cap: float | None
) -> tuple[list[FloatArray], list[float], list[str]]:
    """Rows of A_ub x <= b_ub, with a sentence for each when it binds."""
    s, keep = lp.structure, lp.allowed.ravel()
    rows, bounds, words = [], [], []
    for y, year in enumerate(lp.years):
        for p, product in enumerate(s.product_names):
            row = np.zeros(lp.allowed.shape)
            row[p] = -lp.quality[y, p]  # -quality <= -floor, for product p only
            rows.append(row.ravel())
            bounds.append(-s.quality_floor[p])
            words.append(f"{product}: quality held at its floor {s.quality_floor[p]:g} in {year}")
        rows.append(lp.gpu_hours[y].ravel())
        bounds.append(lp.free_hours[y])
        words.append(f"{year}: in-house capacity is full")
        if provider_cap is not None:
            total = lp.spend[y].sum(axis=0).ravel()
            partners = s.providers[1:-1]  # In-house is first, Cloud burst last (no routing)
            for k, provider in enumerate(partners, start=1):
                rows.append(lp.spend[y, k].ravel() - provider_cap * total)
                bounds.append(provider_cap * lp.fleet_cost[y])
                words.append(f"{year}: {provider} at the cap of {provider_cap:.0%} of spend")
    return [r[keep] for r in rows], bounds, words


def _solve(
    lp: _Problem, objective: FloatArray, provider_cap: float | None, max_external: float | None
) -> np.ndarray:
    """The routing (P, M) that minimizes `objective` (per unit share, like `lp.cost`)."""
    keep = lp.allowed.ravel()
    rows, bounds, _words = _constraints(lp, provider_cap)
    if max_external is not None:
        rows.append(lp.external.ravel()[keep])
        bounds.append(100.0 * max_external)
    products = np.arange(lp.allowed.size)[keep] // lp.allowed.shape[1]
    equal = (products[None, :] == np.arange(lp.allowed.shape[0])[:, None]).astype(float)
    scale = np.maximum(np.abs(np.asarray(bounds)), 1.0)  # rows in comparable units for HiGHS
    result = linprog(
        objective.ravel()[keep],
        A_ub=np.asarray(rows) / scale[:, None],
        b_ub=np.asarray(bounds) / scale,
        A_eq=equal,
        b_eq=np.ones(lp.allowed.shape[0]),
        bounds=(0.0, 1.0),
        method="highs",
    )
    if result.status != 0:
        raise ScenarioError([_conflict(lp, provider_cap, max_external)])
    flat = np.zeros(lp.allowed.size)
    flat[keep] = np.clip(result.x, 0.0, 1.0)
    shares: np.ndarray = flat.reshape(lp.allowed.shape)
    normalized: np.ndarray = shares / shares.sum(axis=1, keepdims=True)
    return normalized


def _conflict(lp: _Problem, provider_cap: float | None, max_external: float | None) -> Problem:
    """Which constraints clash, found by relaxing them one family at a time."""
    if max_external is not None:
        return Problem(
            "max_external_share",
            f"no routing keeps the external share at {max_external:.0%} or less",
        )
    if provider_cap is not None and _feasible_without_cap(lp):
        return Problem(
            "provider_cap",
            f"no routing keeps every partner at {provider_cap:.0%} of spend or less "
            "while meeting the quality floors and capacity",
        )
    return Problem(
        "fleet.scale",
        "the quality floors need more in-house capacity than the fleet has "
        f"in {lp.years[0]}-{lp.years[-1]}: scale the cluster up or lower a floor",
    )


def _feasible_without_cap(lp: _Problem) -> bool:
    """Whether a routing exists once the provider cap is lifted (so the cap is to blame)."""
    try:
        _solve(lp, lp.cost, None, None)
    except ScenarioError:
        return False
    return True


def _explain_infeasible(lp: _Problem) -> None:
    """Problems that make any routing impossible, named before solving."""
    s, problems = lp.structure, []
    for y, year in enumerate(lp.years):
        for p, product in enumerate(s.product_names):
            reachable = np.where(lp.allowed[p], lp.quality[y, p], -np.inf)
            if reachable.max() < s.quality_floor[p] - 1e-9:
                best = s.model_names[int(reachable.argmax())]
                floor, score = apart(s.quality_floor[p], reachable.max())
                problems.append(
                    Problem(
                        f"products[{p}].quality_floor",
                        f"{product}: no available model reaches quality floor "
                        f"{floor} in {year} (best: {best} at {score})",
                    )
                )
        if lp.free_hours[y] < 0:
            problems.append(
                Problem(
                    "fleet.scale",
                    f"{year}: training alone needs more GPU-hours than the fleet has "
                    f"({-lp.free_hours[y] / 1e6:,.1f} M GPU-hours short)",
                )
            )
    if problems:
        raise ScenarioError(problems)


def _external_share(lp: _Problem, shares: np.ndarray) -> float:
    """Token-weighted external share (0-1) of `shares`, averaged over the LP's years."""
    return float((lp.external * shares).sum() / 100.0)


def _recommendation(
    base: Scenario, lp: _Problem, shares: np.ndarray, provider_cap: float | None
) -> Recommendation:
    s = lp.structure
    routing = {
        product: {
            m: float(shares[p, j]) for j, m in enumerate(s.model_names) if shares[p, j] > 1e-9
        }
        for p, product in enumerate(s.product_names)
    }
    changes = {f"products[{p}].routing": routing[name] for p, name in enumerate(s.product_names)}
    scenario = with_changes(base, changes)
    results = evaluate(scenario)
    t_index = [results.years.index(y) for y in lp.years]
    rows, bounds, words = _constraints(lp, provider_cap)
    keep = lp.allowed.ravel()
    used = shares.ravel()[keep]
    binding = [
        w
        for r, b, w in zip(rows, bounds, words, strict=True)
        if b - r @ used <= SLACK_TOLERANCE * max(1.0, abs(b))
    ]
    return Recommendation(
        scenario=scenario,
        routing=routing,
        partner_spend_usd=float((lp.cost * shares).sum() * 1e9),
        external_share=_external_share(lp, shares),
        total_cost_usd=float(results.yearly.total_cost_usd[t_index].sum()),
        risk_index=float(results.yearly.risk_index[t_index].mean()),
        binding=binding,
    )
