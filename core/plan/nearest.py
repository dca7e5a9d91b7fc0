"""The nearest value of a limit that a plan can meet, and the year that stops it.

When one limit alone makes the plan impossible (the others kept), the answer an
executive needs is how far it must move: bisection on that limit with the plan's own
solver as the feasibility test, then the year whose row of that limit binds hardest at
the nearest feasible value (its largest shadow price). docs/model.md#F-plan.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from core.plan.lp import Limits
from core.scenario.checks import ScenarioError

STEPS = 30  # bisection steps: 1e-9 of a share's range
FAMILY = {"power_cap_mw": "power", "capex_budget_usd": "budget",
          "max_provider_share": "provider", "min_in_house_share": "in_house",
          "max_external_share": "external"}  # fmt: skip
FLOORS = ("min_in_house_share",)  # a floor is met by lowering it; every other limit is a cap


def _feasible(solves: Callable[[Limits], object], limits: Limits) -> object | None:
    try:
        return solves(limits)
    except ScenarioError:
        return None


def nearest_feasible(
    limits: Limits, name: str, solves: Callable[[Limits], object]
) -> tuple[float, int | None] | None:
    """(the feasible value of `name` nearest the asked one, the binding year index).

    None when no value of it makes a plan (another limit or a lock is the cause).
    Bisection between the asked value and a loose one, the plan's solver the test.
    """
    asked = float(getattr(limits, name))
    loose = _loosest(limits, name, asked, solves)
    if loose is None:
        return None
    tight = asked
    for _ in range(STEPS):
        middle = 0.5 * (tight + loose)
        if _feasible(solves, _with(limits, name, middle)) is None:
            tight = middle
        else:
            loose = middle
    at = _feasible(solves, _with(limits, name, loose))
    return loose, _binding_year(at, FAMILY[name])


def _loosest(
    limits: Limits, name: str, asked: float, solves: Callable[[Limits], object]
) -> float | None:
    """A value at which a plan exists: 0 for a floor, 1 for a share cap, else the cap doubled.

    None: no such value, so this limit is not what stops the plan.
    """
    if name in FLOORS:
        candidates = [0.0]
    elif name.startswith("max_"):
        candidates = [1.0]
    else:
        candidates = [asked * 2.0**k for k in range(1, 41)]
    for value in candidates:
        if _feasible(solves, _with(limits, name, value)) is not None:
            return value
    return None


def nearest_gpu_lock(
    limits: Limits, kind: str, solves: Callable[[Limits], object]
) -> tuple[int, int, int] | None:
    """(year, GPUs asked, the nearest count a plan meets) of the GPU lock that stops it.

    `kind` is `min_gpus` or `max_gpus`. The first locked year whose lock alone, lifted,
    lets a plan exist; then bisection on whole GPUs between the asked count and one a plan
    meets (0 for a floor; a cap doubled until met). None when no one year is the cause.
    """
    locked: dict[int, int] = getattr(limits.locks, kind)

    def at(year: int, count: int | None) -> Limits:
        others = {y: n for y, n in locked.items() if y != year}
        changes: dict[str, Any] = {kind: others if count is None else others | {year: count}}
        return replace(limits, locks=replace(limits.locks, **changes))

    for year, asked in sorted(locked.items()):
        if _feasible(solves, at(year, None)) is None:
            continue
        floor = kind == "min_gpus"
        loose = 0 if floor else next(
            (n for n in (asked * 2**k + 1 for k in range(1, 30))
             if _feasible(solves, at(year, n)) is not None),
            None,
        )  # fmt: skip
        if loose is None:
            return None
        tight = asked
        while abs(loose - tight) > 1:
            middle = (loose + tight) // 2
            if _feasible(solves, at(year, middle)) is None:
                tight = middle
            else:
                loose = middle
        return year, asked, loose
    return None


def without(limits: Limits, name: str) -> Limits:
    """`limits` with one limit lifted."""
    return _with(limits, name, None)


def _with(limits: Limits, name: str, value: float | None) -> Limits:
    """`limits` with one limit set to `value` (None lifts it)."""
    changes: dict[str, Any] = {name: value}
    return replace(limits, **changes)


def _binding_year(solution: object, family: str) -> int | None:
    """The year index of the family's tight row with the largest shadow price, if any."""
    rows = [r for r in getattr(solution, "shadow", ()) if r[0] == family]
    return max(rows, key=lambda r: (abs(r[3]), -r[1]))[1] if rows else None
