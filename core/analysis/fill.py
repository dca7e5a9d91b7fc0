"""Fill the fleet: move partner traffic in-house, year by year, up to a target utilization.

The answer to "how many GPUs" needs traffic on them: Scale adds GPUs and moves nothing. Each
year, every product with an in-house model that keeps its quality floor and both latency
promises moves the same share of its partner traffic to that model, the largest share
that keeps the year's busy-hour utilization at or under the target (docs/model.md#F-fill).
Products without such a model keep their routing and are named. The result is per-year
routing (`routing_by_year`), so it is one edit, undone in one step.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from core.engine.compiled import Structure
from core.engine.deployment import MEETS
from core.engine.evaluate import evaluate
from core.scenario.checks import Problem, ScenarioError
from core.scenario.edits import with_changes
from core.scenario.schema import Scenario

FloatArray = npt.NDArray[np.float64]
SHARE_TOLERANCE = 1e-4  # of the partner traffic: how close to the target a year must end
MAX_ROUNDS = 40


@dataclass(frozen=True)
class Fill:
    """The filled routing and what it gives, year by year."""

    changes: dict[str, Any]  # the edit for `with_changes`: the new `routing_by_year`
    moved_share: dict[int, float]  # of the movable partner traffic, per year
    utilization: dict[int, float]  # busy-hour utilization after the fill, per year
    reasons: dict[int, str]  # why each year stopped where it did
    kept: dict[str, str]  # products that cannot move, and why


def fill_fleet(scenario: Scenario, target_utilization: float) -> Fill:
    """The routing that fills the fleet to `target_utilization` (a fraction) in each year."""
    if not 0.0 < target_utilization <= 10.0:
        why = f"{target_utilization:g} must be above 0 and at most 10 (0.85 is 85% busy)"
        raise ScenarioError([Problem("target_utilization", why)])
    results = evaluate(scenario)
    s = results.structure
    start = results.outputs.shares[0]  # (T, P, M) the routing in use, shift and fallback applied
    target = _qualifying_targets(s)  # (T, P, M)
    partner = (start * ~s.in_house).sum(axis=2, keepdims=True)  # (T, P, 1)

    def routing_at(moved: FloatArray) -> FloatArray:
        f = moved[:, None, None] * target.any(axis=2, keepdims=True)
        result: FloatArray = start * (1.0 - f * ~s.in_house) + f * partner * target
        return result

    def utilization_at(moved: FloatArray) -> FloatArray:
        edited = with_changes(scenario, _routing_edit(scenario, s, routing_at(moved), target))
        return np.asarray(evaluate(edited).series("utilization"), dtype=float)

    movable = (partner[..., 0] * target.any(axis=2)).sum(axis=1) > 0  # (T,)
    solved = _solve(utilization_at, np.asarray(results.series("utilization")), target_utilization)
    moved = np.where(movable, solved, 0.0)
    after = utilization_at(moved)
    years = [int(y) for y in s.years]
    return Fill(
        changes=_routing_edit(scenario, s, routing_at(moved), target, moved > 0),
        moved_share={y: float(m) for y, m in zip(years, moved, strict=True)},
        utilization={y: float(u) for y, u in zip(years, after, strict=True)},
        reasons={
            y: _reason(m, u, target_utilization, bool(can))
            for y, m, u, can in zip(years, moved, after, movable, strict=True)
        },
        kept=_kept(s, target),
    )


def _solve(
    utilization_at: Any, low_utilization: FloatArray, target_utilization: float
) -> FloatArray:
    """Per year, the largest share in [0, 1] whose utilization is at most the target.

    Utilization rises with the share moved (in-house work only grows), so each year is a
    bracket: a secant step where it shrinks the bracket by half, else its midpoint. With
    demand linear in the shares, the first secant lands on the answer.
    """
    low, high = np.zeros_like(low_utilization), np.ones_like(low_utilization)
    u_low, u_high = low_utilization.copy(), utilization_at(high)
    done = (u_high <= target_utilization) | (u_low > target_utilization)
    low[u_high <= target_utilization] = 1.0
    for _ in range(MAX_ROUNDS):
        if done.all():
            break
        span = np.where(u_high > u_low, u_high - u_low, 1.0)
        secant = low + (target_utilization - u_low) / span * (high - low)
        halfway = (low + high) / 2.0
        keeps_half = np.abs(secant - halfway) <= (high - low) / 4.0
        trial = np.where(done, low, np.where(keeps_half, secant, halfway))
        u_trial = utilization_at(trial)
        fits = (u_trial <= target_utilization + 1e-12) & ~done
        low, u_low = np.where(fits, trial, low), np.where(fits, u_trial, u_low)
        high = np.where(~fits & ~done, trial, high)
        u_high = np.where(~fits & ~done, u_trial, u_high)
        done |= (high - low <= SHARE_TOLERANCE) | (target_utilization - u_low <= 1e-6)
    return low


def _qualifying_targets(s: Structure) -> FloatArray:
    """(T, P, M) one-hot: the in-house model each product's shifted traffic may go to.

    The shift's own target (docs/model.md#F-routing), kept only where it meets the
    product's quality floor and both latency promises: filling never breaks a promise.
    """
    meets = (s.quality >= s.quality_floor[:, None]) & (s.route_slo_reason == MEETS)  # (P, M)
    result: FloatArray = s.shift_target * meets[None, :, :]
    return result


def _routing_edit(
    scenario: Scenario,
    s: Structure,
    routing: FloatArray,
    target: FloatArray,
    years_moved: npt.NDArray[np.bool_] | None = None,
) -> dict[str, Any]:
    """`routing_by_year` with each moved (year, product) set to `routing`, other rows kept."""
    moved = (
        target.any(axis=2)
        & (np.ones(len(s.years), bool) if years_moved is None else years_moved)[:, None]
    )
    rows = [
        r.model_dump(mode="json")
        for r in scenario.routing_by_year
        if not moved[list(s.years).index(r.year), s.product_names.index(r.product)]
    ]
    for t, p in zip(*np.nonzero(moved), strict=True):
        shares = routing[t, p]
        row = {s.model_names[m]: float(shares[m]) for m in np.nonzero(shares > 1e-12)[0]}
        rows.append({"year": int(s.years[t]), "product": s.product_names[p], "routing": row})
    return {"routing_by_year": rows}


def _reason(moved: float, utilization: float, target: float, movable: bool) -> str:
    if not movable:
        return "no partner traffic can move in-house with its promises kept"
    if moved <= 0.0:
        return f"already {utilization:.0%} busy at the busy hour, over the {target:.0%} target"
    if moved >= 1.0:
        return f"all movable traffic moved; the fleet is {utilization:.0%} busy at the busy hour"
    return f"{moved:.0%} of the movable partner traffic moved: {utilization:.0%} busy"


def _kept(s: Structure, target: FloatArray) -> dict[str, str]:
    """Products whose traffic stays with partners in every year, and why."""
    kept = {}
    for p, product in enumerate(s.product_names):
        if target[:, p].any():
            continue
        floor = s.quality_floor[p]
        kept[product] = (
            f"no serving in-house model meets its quality floor {floor:g} and its latency promises"
        )
    return kept
