"""Cross-field rules of a scenario's plan: build plan and routing per year.

Kept apart from `core.scenario.checks` so the plan's rules read as one piece: every year inside
the horizon, every generation in the catalog, every per-year routing a valid routing
(known models, shares summing to one, no partner for an in-house-only product).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.numbers import apart
from core.scenario.checks import SHARE_TOLERANCE, Problem
from core.scenario.messages import year_outside

if TYPE_CHECKING:
    from core.scenario.schema import Scenario


def plan_problems(scenario: Scenario) -> list[Problem]:
    """Every plan rule `scenario` breaks (empty without a plan)."""
    return _build_rules(scenario) + _year_routing_rules(scenario)


def _build_rules(scenario: Scenario) -> list[Problem]:
    years = scenario.horizon.years
    catalog = {g.name for g in scenario.gpu_catalog}
    problems, seen = [], set()
    for i, row in enumerate(scenario.build_plan or ()):
        path = f"build_plan[{i}]"
        if row.year not in years:
            problems.append(_at(path, year_outside(row.year, years)))
        if row.gpu not in catalog:
            problems.append(Problem(f"{path}.gpu", f"unknown GPU {row.gpu!r}"))
        if (row.year, row.gpu) in seen:
            problems.append(Problem(path, f"{row.gpu} in {row.year} is listed twice"))
        seen.add((row.year, row.gpu))
    return problems


def _year_routing_rules(scenario: Scenario) -> list[Problem]:
    years = scenario.horizon.years
    kinds = {m.name: m.kind for m in scenario.models}
    products = {p.name: p for p in scenario.products}
    problems, seen = [], set()
    for i, row in enumerate(scenario.routing_by_year):
        path = f"routing_by_year[{i}]"
        if row.year not in years:
            problems.append(_at(path, year_outside(row.year, years)))
        if (row.year, row.product) in seen:
            problems.append(Problem(path, f"{row.product} in {row.year} is listed twice"))
        seen.add((row.year, row.product))
        product = products.get(row.product)
        if product is None:
            problems.append(Problem(f"{path}.product", f"unknown product {row.product!r}"))
        problems += _routing_problems(
            f"{path}.routing", row.routing, kinds, product is not None and product.in_house_only
        )
    return problems


def _routing_problems(
    path: str, shares: Mapping[str, float], kinds: Mapping[str, str], in_house_only: bool
) -> list[Problem]:
    problems = [Problem(path, f"unknown model {name!r}") for name in shares if name not in kinds]
    total = sum(shares.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        shown, one = apart(total, 1.0, decimals=2)
        problems.append(Problem(path, f"shares sum to {shown}, must be {one}"))
    partners = [m for m, s in shares.items() if s > 0 and kinds.get(m) == "partner"]
    if in_house_only and partners:
        problems.append(
            Problem(path, f"in-house-only product routed to partner model {partners[0]!r}")
        )
    return problems


def _at(path: str, problem: Problem) -> Problem:
    """`problem` (about a year) placed at `path`.year."""
    return Problem(f"{path}.year", problem.message)
