"""A second, deliberately plain implementation of the routing and fleet rules (docs/model.md).

Loops over Python objects, written from the documented rules and not from the kernel's
arrays: properties compare the two on generated scenarios, so a slip in either shows up
as a disagreement instead of being recomputed the same wrong way.
"""

import core
from core.engine.compiled import compile_scenario
from core.scenario.schema import InHouseModel, PartnerModel, Product


def serves(model: InHouseModel | PartnerModel, year: int) -> bool:
    """Enabled, and for an in-house model, available by that year and trained before it."""
    if isinstance(model, InHouseModel):
        trained = model.train_year is None or model.train_year < year
        return model.enabled and model.available_from <= year and trained
    return model.enabled


def shift_target(scenario: core.Scenario, p: int, year: int) -> str | None:
    """The in-house model that product p's shifted traffic goes to, or None when none serves.

    The fastest (most tokens per GPU-second on the new generation) serving in-house model
    meeting the floor and the latency promise; if none meets both, the best quality. Ties
    go to the first in portfolio order. The per-route rates and verdicts are the serving
    model's (tested by hand in tests/core/engine/test_serving.py): this checks the routing rule.
    """
    product = scenario.products[p]
    structure, _inputs = compile_scenario(scenario)
    index = {m.name: j for j, m in enumerate(scenario.models)}
    serving = [m for m in scenario.models if isinstance(m, InHouseModel) and serves(m, year)]
    if not serving:
        return None
    meeting = [
        m
        for m in serving
        if m.quality[product.task] >= product.quality_floor
        and structure.route_slo_reason[p, index[m.name]] == 0
    ]
    if meeting:
        return max(meeting, key=lambda m: structure.serving_rate[1, p, index[m.name]]).name
    return max(serving, key=lambda m: m.quality[product.task]).name


def effective_shares(
    scenario: core.Scenario, product: Product, year: int
) -> tuple[dict[str, float], float]:
    """Shares per model after the in-house shift and fallback, and the unserved share."""
    total = sum(product.routing.values())
    shares = {m.name: product.routing.get(m.name, 0.0) / total for m in scenario.models}
    shift = scenario.levers.in_house_shift
    target = shift_target(scenario, scenario.products.index(product), year)
    if target is not None and shift > 0:
        moved = 0.0
        for model in scenario.models:
            if model.kind == "partner":
                moved += shares[model.name] * shift
                shares[model.name] *= 1.0 - shift
        shares[target] += moved
    rerouted = 0.0
    for model in scenario.models:
        if not serves(model, year):
            rerouted += shares[model.name]
            shares[model.name] = 0.0
    first = next(
        (name for name in product.fallback if serves(scenario.model_named(name), year)), None
    )
    if first is None:
        return shares, rerouted
    shares[first] += rerouted
    return shares, 0.0


def fleet_gpus(scenario: core.Scenario, year: int) -> float:
    """Baseline GPUs ramping linearly to baseline x scale in the target year."""
    fleet, start = scenario.fleet, scenario.horizon.start_year
    span = fleet.target_year - start
    progress = 1.0 if span <= 0 else min(1.0, max(0.0, (year - start) / span))
    return fleet.baseline_gpus * (1.0 + (fleet.scale - 1.0) * progress)


def product_tokens(scenario: core.Scenario, product: Product, year: int) -> float:
    """Base-year tokens grown by growth x the demand lever (floored at -99% a year)."""
    growth = max(product.growth * scenario.levers.demand_growth_multiplier, -0.99)
    return product.tokens_per_year * (1.0 + growth) ** (year - scenario.horizon.start_year)
