"""What the meeting decided and the plan must keep (docs/model.md#F-plan-locks).

A lock is a constraint the user sets, never a preference: the generations the plan may
buy, GPUs added per year (at least / at most, all generations), the routing of a product
in a year (as the scenario routes it now), and a model's first year of serving. The
solver keeps every lock or says which one makes the plan impossible.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from core.engine.compiled import FloatArray, Structure
from core.engine.evaluate import evaluate
from core.engine.results import floor_miss_words, slo_miss_words
from core.plan.data import open_routes
from core.scenario.checks import Problem
from core.scenario.messages import year_outside
from core.scenario.schema import MAX_FLEET_GPUS, InHouseModel, Scenario


@dataclass(frozen=True)
class Locks:
    """The user's fixed decisions; empty by default (nothing locked)."""

    generations: tuple[str, ...] | None = None  # None: every catalog generation
    min_gpus: Mapping[int, int] = field(default_factory=dict)  # year -> GPUs added, at least
    max_gpus: Mapping[int, int] = field(default_factory=dict)  # year -> GPUs added, at most
    routing: Mapping[tuple[str, int], Mapping[str, float]] = field(default_factory=dict)
    first_year: Mapping[str, int] = field(default_factory=dict)  # model -> first serving year

    def as_json(self) -> dict[str, object]:
        """The locks as the CLI's JSON shows them (years and names as keys)."""
        routing: dict[str, dict[int, dict[str, float]]] = {}
        for (product, year), shares in sorted(self.routing.items()):
            routing.setdefault(product, {})[year] = dict(shares)
        return {
            "generations": list(self.generations) if self.generations is not None else None,
            "min_gpus": dict(self.min_gpus),
            "max_gpus": dict(self.max_gpus),
            "routing": routing,
            "first_year": dict(self.first_year),
        }


NO_LOCKS = Locks()


def unlocked(locks: Locks, kind: str) -> Locks:
    """`locks` without one kind of lock (min_gpus, max_gpus, routing or first_year)."""
    changes: dict[str, Any] = {kind: {}}
    return replace(locks, **changes)


def current_routing(
    scenario: Scenario, product: str, year: int | None = None
) -> dict[tuple[str, int], dict[str, float]]:
    """Routing locks keeping `product` as the scenario routes it now (every year, or one).

    Read from `core.engine.evaluate`, so the lock is the routing the dashboard shows,
    levers and routing per year included.
    """
    results = evaluate(scenario)
    s = results.structure
    names = list(s.product_names)
    if product not in names:
        return {}
    p = names.index(product)
    shares = results.outputs.shares[0][:, p, :]  # (T, M)
    return {
        (product, int(y)): {
            s.model_names[m]: float(v) for m, v in enumerate(shares[t]) if v > 1e-12
        }
        for t, y in enumerate(s.years)
        if year is None or int(y) == year
    }


def lock_problems(scenario: Scenario, locks: Locks) -> list[Problem]:
    """Each lock naming something the scenario lacks, or contradicting itself."""
    years = set(scenario.horizon.years)
    gpus = {g.name for g in scenario.gpu_catalog}
    models = {m.name for m in scenario.models}
    products = {p.name for p in scenario.products}
    problems = [
        Problem("generations", f"{g!r} is not in the GPU catalog ({', '.join(sorted(gpus))})")
        for g in locks.generations or ()
        if g not in gpus
    ]
    if locks.generations is not None and not locks.generations:
        problems.append(Problem("generations", "at least one generation must be allowed"))
    for name, by_year in (("min_gpus", locks.min_gpus), ("max_gpus", locks.max_gpus)):
        problems += [
            Problem(
                name,
                f"{year}={n}: the year must be in the horizon and N from 0 to {MAX_FLEET_GPUS:,}",
            )
            for year, n in by_year.items()
            if year not in years or not 0 <= n <= MAX_FLEET_GPUS
        ]
    problems += [
        Problem("min_gpus", f"{y}: at least {n:,} is more than at most {locks.max_gpus[y]:,}")
        for y, n in locks.min_gpus.items()
        if y in locks.max_gpus and n > locks.max_gpus[y]
    ]
    for (product, year), shares in locks.routing.items():
        if product not in products or year not in years:
            problems.append(
                Problem("lock_routing", f"{product} in {year}: no such product or year")
            )
        elif set(shares) - models or abs(sum(shares.values()) - 1.0) > 1e-6:
            problems.append(Problem("lock_routing", f"{product} in {year}: shares must name "
                                    "models and sum to 1"))  # fmt: skip
    problems += [
        Problem("lock_routing", f"{product} in {year} is locked to {model}, which is locked out "
                f"until {locks.first_year[model]}")
        for (product, year), shares in locks.routing.items()
        for model, share in shares.items()
        if share > 0 and year < locks.first_year.get(model, year)
    ]  # fmt: skip
    return problems + _first_year_problems(scenario, locks.first_year)


def _first_year_problems(scenario: Scenario, first_year: Mapping[str, int]) -> list[Problem]:
    """Each `MODEL=YEAR` lock the scenario cannot take, saying which part is wrong.

    An unknown model lists the scenario's models; a year outside the horizon gives its
    span, so the user knows what to type instead (the CLI and the Plan window alike).
    """
    models, years = [m.name for m in scenario.models], scenario.horizon.years
    problems: list[Problem] = []
    for model, year in first_year.items():
        if model not in models:
            known = ", ".join(models)
            problems.append(Problem("first_year", f"{model}={year}: no model named {model!r} "
                                    f"(the scenario has: {known})"))  # fmt: skip
        elif year not in years:
            outside = year_outside(year, years).message
            problems.append(Problem("first_year", f"{model}={year}: {outside}"))
    return problems


def locked_shares(s: Structure, locks: Locks) -> FloatArray:
    """(T, P, M) the locked routing: a share where a cell is locked, NaN where it is free."""
    result = np.full((len(s.years), len(s.product_names), len(s.model_names)), np.nan)
    years, products, models = list(s.years), list(s.product_names), list(s.model_names)
    for (product, year), shares in locks.routing.items():
        cell = result[years.index(year), products.index(product)]
        cell[:] = 0.0
        for model, share in shares.items():
            cell[models.index(model)] = share
    return result


def before_first_year(s: Structure, locks: Locks) -> np.ndarray:
    """(T, M) True where a model is locked out: years before its locked first year."""
    result = np.zeros((len(s.years), len(s.model_names)), dtype=bool)
    for model, year in locks.first_year.items():
        result[:, list(s.model_names).index(model)] = s.years < year
    return result


def closed_routes(scenario: Scenario, s: Structure) -> dict[tuple[int, int, int], str]:
    """(year index, product, model) -> why the plan gives that route no share, in words.

    What the plan must respect whatever it is asked (docs/model.md#F-plan-locks): data
    residency, a model not serving that year, a latency promise missed where another
    route keeps it, a quality floor under which its tokens would break the promise. The
    routing table and the Plan tab show a lock on these cells with the sentence.
    """
    closed = np.argwhere(~open_routes(scenario, s))
    return {(int(t), int(p), int(m)): _closed_words(scenario, s, t, p, m) for t, p, m in closed}


def _closed_words(scenario: Scenario, s: Structure, t: int, p: int, m: int) -> str:
    """The first rule, in `open_routes`' order, that closes route (p, m) in year t."""
    product, model, year = scenario.products[p], scenario.models[m], int(s.years[t])
    if product.in_house_only and not s.in_house[m]:
        return f"{product.name} is in-house only (data residency): {model.name} is a partner"
    if not s.serving[t, m]:
        if isinstance(model, InHouseModel) and model.enabled and year < model.first_serving_year:
            return f"{model.name} serves from {model.first_serving_year}, not in {year}"
        return f"{model.name} is switched off"
    if not s.generation_keeps[:, p, m].any():
        return f"{model.name} {slo_miss_words(s, p, m)}; another route keeps it"
    return f"{floor_miss_words(s, p, m)}; another model reaches it"
