"""What each slider edits: its objectName, label, unit, range and the scenario fields behind it.

Data, not code: one `SliderSpec` per slider, so every slider is built, read, written,
throttled and explained by the same few lines in `gui.controls.sliders`.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import core
from core.scenario.edits import field_value

Changes = dict[str, Any]


@dataclass(frozen=True)
class SliderSpec:
    """A slider: display value = scenario value x `factor`, shown with `unit`."""

    name: str  # objectName, stable for testers
    group: str
    label: str
    unit: str
    minimum: float
    maximum: float
    decimals: int
    factor: float
    read: Callable[[core.Scenario], float]
    write: Callable[[core.Scenario, float], Changes]
    meaning: str
    source_key: str


def field(
    path: str,
) -> tuple[Callable[[core.Scenario], float], Callable[[core.Scenario, float], Changes]]:
    """Read and write one scenario field by path."""
    return (lambda s: float(field_value(s, path)), lambda s, v: {path: v})


def optional(
    path: str,
) -> tuple[Callable[[core.Scenario], float], Callable[[core.Scenario, float], Changes]]:
    """An optional limit (the power cap, a budget), 0 standing for none."""

    def read(s: core.Scenario) -> float:
        return float(field_value(s, path) or 0.0)

    def write(_s: core.Scenario, value: float) -> Changes:
        return {path: value if value > 0 else None}

    return read, write


def each_model(
    kind: str, attribute: str
) -> tuple[Callable[[core.Scenario], float], Callable[[core.Scenario, float], Changes]]:
    """Read the first model of `kind`'s attribute; write it on every model of that kind.

    A valid scenario may hold no model of `kind` (only partners, or only in-house models):
    then there is nothing to read, and `read` says NaN, the slider's cue to stand idle
    (`gui.controls.sliders`), where `next` raised StopIteration on open and every edit.
    """

    def read(s: core.Scenario) -> float:
        values = [getattr(m, attribute) for m in s.models if m.kind == kind]
        return float(values[0]) if values else math.nan

    def write(s: core.Scenario, value: float) -> Changes:
        return {f"models[{i}].{attribute}": value for i, m in enumerate(s.models) if m.kind == kind}

    return read, write


def software_gain() -> tuple[
    Callable[[core.Scenario], float], Callable[[core.Scenario, float], Changes]
]:
    """The serving software's yearly gain: a dated factor compounding from the start year.

    Read back as the constant gain that reaches the last year's factor; 0 lists no year.
    """

    def read(s: core.Scenario) -> float:
        years = s.horizon.end_year - s.horizon.start_year
        last = s.software_factor_in(s.horizon.end_year)
        return float(last ** (1.0 / years) - 1.0) if years else 0.0

    def write(s: core.Scenario, gain: float) -> Changes:
        start = s.horizon.start_year
        rows = [
            {"year": year, "factor": round(min((1.0 + gain) ** (year - start), MAX_FACTOR), 9)}
            for year in s.horizon.years[1:]
        ]
        return {"software_factor": rows if gain > 0 else []}

    return read, write


MAX_FACTOR = 100.0  # the schema's bound on a year's software factor


def _spec(
    name: str,
    group: str,
    label: str,
    unit: str,
    low: float,
    high: float,
    decimals: int,
    factor: float,
    access: tuple[Any, Any],
    meaning: str,
    source_key: str,
) -> SliderSpec:
    return SliderSpec(
        name,
        group,
        label,
        unit,
        low,
        high,
        decimals,
        factor,
        access[0],
        access[1],
        meaning,
        source_key,
    )


SLIDERS: tuple[SliderSpec, ...] = (
    _spec(
        "scaleSlider",
        "Cluster",
        "Scale",
        "x",
        1.0,
        10.0,
        1,
        1.0,
        field("fleet.scale"),
        "Cluster size in the target year as a multiple of today's baseline GPUs.",
        "fleet.scale",
    ),
    _spec(
        "targetYearSlider",
        "Cluster",
        "Ramp target year",
        "",
        2026,
        2036,  # the default horizon's end + 5: `_sync_horizon` sets each horizon's so
        0,
        1.0,
        field("fleet.target_year"),
        "Year the ramp reaches baseline x scale (linear from the first year).",
        "fleet.target_year",
    ),
    _spec(
        "capexSlider",
        "Cluster",
        "Capex per GPU",
        "$k",
        20.0,
        150.0,
        0,
        1e-3,
        field("fleet.capex_per_gpu_usd"),
        "All-in capital cost of each new GPU (server, network, storage share).",
        "fleet.capex_per_gpu_usd",
    ),
    _spec(
        "pueSlider",
        "Cluster",
        "PUE",
        "",
        1.0,
        2.0,
        2,
        1.0,
        field("fleet.pue"),
        "Power usage effectiveness: facility power over IT power.",
        "fleet.pue",
    ),
    _spec(
        "electricitySlider",
        "Cluster",
        "Electricity",
        "$/kWh",
        0.02,
        0.30,
        3,
        1.0,
        field("fleet.electricity_usd_per_kwh"),
        "Price of electricity.",
        "fleet.electricity_usd_per_kwh",
    ),
    _spec(
        "mfuSlider",
        "Cluster",
        "Training MFU",
        "%",
        10.0,
        70.0,
        0,
        100.0,
        each_model("in_house", "mfu_train"),
        "Model FLOP utilization of in-house training runs.",
        "models.mfu_train",
    ),
    _spec(
        "softwareGainSlider",
        "Cluster",
        "Serving software gain",
        "%/yr",
        0.0,
        150.0,
        0,
        100.0,
        software_gain(),
        "In-house serving throughput gained each year from software, at the same latency "
        "promise (a factor per year, compounding from the start year); 0 keeps the serving "
        "physics' rates.",
        "software_factor",
    ),
    _spec(
        "availabilitySlider",
        "Cluster",
        "Fleet availability",
        "%",
        70.0,
        100.0,
        0,
        100.0,
        field("fleet.availability"),
        "Share of GPU-hours usable after failures and maintenance.",
        "fleet.availability",
    ),
    _spec(
        "costOfCapitalSlider",
        "Cluster",
        "Cost of capital",
        "%",
        0.0,
        20.0,
        1,
        100.0,
        field("fleet.cost_of_capital"),
        "Yearly cost of the money tied up in GPUs and the site: capital is charged as an "
        "annuity over its life, and every year's cost is discounted at it for the present cost.",
        "fleet.cost_of_capital",
    ),
    _spec(
        "powerCapSlider",
        "Cluster",
        "Site power cap (0 = none)",
        "MW",
        0.0,
        1000.0,
        0,
        1.0,
        optional("fleet.power_cap_mw"),
        "Facility power (IT power x PUE) the site can give the fleet. The ramp stops adding "
        "GPUs at the cap; their work is bought as cloud burst. The cap holds back only the "
        "ramp: a refresh re-buys the baseline as the generation bought now, and a hotter one "
        "may take the site past the cap. The Site power tile is judged against it. 0 means "
        "no cap.",
        "fleet.power_cap_mw",
    ),
    _spec(
        "costBudgetSlider",
        "Cluster",
        "Cost budget (0 = none)",
        "$B/yr",
        0.0,
        30.0,
        1,
        1e-9,
        optional("budget.cost_usd_per_year"),
        "Total cost a year may reach: over it the Total cost tile is act; inside it, growth "
        "over the baseline or the year before is at most watch. 0 means no budget. A year "
        "the file budgets on its own (budget.cost_by_year) keeps its figure.",
        "budget.cost_usd_per_year",
    ),
    _spec(
        "capexBudgetSlider",
        "Cluster",
        "Capex budget (0 = none)",
        "$B/yr",
        0.0,
        20.0,
        1,
        1e-9,
        optional("budget.capex_cash_usd_per_year"),
        "Capex cash a year may reach (GPUs and facility paid for that year): over it the "
        "Capex tile is act. 0 means no budget. A year the file budgets on its own "
        "(budget.capex_cash_by_year) keeps its figure.",
        "budget.capex_cash_usd_per_year",
    ),
    _spec(
        "inHouseShiftSlider",
        "Model mix",
        "In-house shift",
        "%",
        0.0,
        100.0,
        0,
        100.0,
        field("levers.in_house_shift"),
        "Moves this share of every product's partner traffic to its best in-house model serving "
        "that year (the cheapest meeting the quality floor, else the best); quality may fall "
        "under the floor.",
        "levers.in_house_shift",
    ),
    _spec(
        "priceShockSlider",
        "Model mix",
        "Partner price shock",
        "x",
        0.5,
        3.0,
        1,
        1.0,
        field("levers.price_shock"),
        "Every partner price times this (x1.0 = list price, x2.0 = twice it).",
        "levers.price_shock",
    ),
    _spec(
        "priceChangeSlider",
        "Model mix",
        "Partner price change",
        "%/yr",
        -60.0,
        20.0,
        0,
        100.0,
        each_model("partner", "annual_price_change"),
        "Yearly change of partner prices.",
        "models.annual_price_change",
    ),
    _spec(
        "growthSlider",
        "Demand",
        "Demand growth",
        "x",
        0.0,
        3.0,
        2,
        1.0,
        field("levers.demand_growth_multiplier"),
        "Multiplier on every product's yearly growth.",
        "products.tokens_per_year",
    ),
)


def generation_meaning(scenario: core.Scenario) -> str:
    """The generation combo's tooltip: what choosing a generation changes, and under a plan.

    It sets the capex per GPU, not the cloud price (burst is priced per reference-GPU
    hour, docs/model.md#F-shortfall); a build plan names its own generations, so there the
    choice is left only the baseline's refresh and this generation's price.
    """
    said = (
        "GPU generation bought for the ramp and for refreshes; choosing one sets Capex per "
        f"GPU to its catalog price (cloud burst stays priced per {scenario.reference_gpu}-"
        "equivalent hour, whatever the fleet buys)."
    )
    if scenario.build_plan is None:
        return said
    return (
        f"{said} Under this build plan, which names each year's generations, it sets only "
        "what the baseline is re-bought as at its refresh, and the price of the plan's GPUs "
        "of this generation."
    )


def explanation(spec: SliderSpec, scenario: core.Scenario) -> str:
    """The tooltip: what the input means and where its default comes from."""
    source = scenario.source_of(spec.source_key)
    if source is None:
        cite = "Source: none recorded."
    elif source.illustrative:
        cite = f"Illustrative (no public source). {source.text}"
    else:
        cite = f"Source: {source.text}"
    return f"{spec.meaning}\n{cite}"
