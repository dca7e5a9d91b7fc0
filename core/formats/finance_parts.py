"""What the finance workbook needs from one scenario: its money inputs, the model's quantities.

The workbook (core/formats/finance.py) recomputes ScaleDeck's money in spreadsheet formulas
(core/formats/calculations.py). Prices and rates are inputs the formulas read; quantities
that come from parts of the model too complex for a spreadsheet (the fleet's GPUs per
cohort after the ramp and the power cap, the hours bought as cloud burst after serving and
routing, the tokens each partner route carries) are taken here as the model computed them,
with ScaleDeck's own figures to check the formulas against.
"""

from dataclasses import dataclass

import numpy as np

from core.engine.compiled import compile_scenario
from core.engine.evaluate import evaluate
from core.engine.kernel import cohort_counts
from core.engine.result_tables import KpiName
from core.scenario.edits import field_value
from core.scenario.schema import PartnerModel, Scenario
from core.scenario.sources import source_for

JSON = "evaluate --json (kpis)"
TABLE = "export, kpis table"  # `scaledeck export`: not a key of evaluate --json
# The yearly money figures the workbook computes, as ScaleDeck names them, and where
# ScaleDeck reports each (so a reader finds the figure the Checks sheet compares with).
YEARLY_OUTPUTS: tuple[tuple[KpiName, str, str], ...] = (
    ("capital_charge_usd", "GPU capital charge", TABLE),
    ("facility_charge_usd", "Facility charge", TABLE),
    ("power_usd", "Power", TABLE),
    ("opex_usd", "Opex", TABLE),
    ("fleet_cost_usd", "Fleet cost", JSON),
    ("partner_spend_usd", "Partner spend", JSON),
    ("cloud_burst_usd", "Cloud burst", JSON),
    ("total_cost_usd", "Total cost", JSON),
    ("capex_cash_usd", "Capex cash", JSON),
    ("cash_outlay_usd", "Cash outlay", JSON),
)
# One number per scenario: the present cost, the horizon's cost, the residual credit.
SCALAR_OUTPUTS: tuple[tuple[str, str, str], ...] = (
    (
        "pv_cost_usd",
        "Present cost (the cash at present value, less the residual)",
        "evaluate --json",
    ),
    ("horizon_cost_usd", "Horizon cost (total cost summed over the years)", "evaluate --json"),
    (
        "residual_usd",
        "Residual value (charges due after the horizon, at the start year)",
        "only here (no command reports it)",
    ),
)
# Defined names kept beside their new name for one release (docs/cli.md): old -> new key.
DEPRECATED_OUTPUTS = {"npv_usd": "pv_cost_usd"}
# (key, field path, label, unit, number format) of each money input of the fleet.
FLEET_INPUTS = (
    ("capex_per_gpu_usd", "fleet.capex_per_gpu_usd", "GPU capex, bought from now on", "USD/GPU"),
    ("cost_of_capital", "fleet.cost_of_capital", "Cost of capital", "per year"),
    ("amortization_years", "fleet.amortization_years", "GPU life", "years"),
    ("refresh", "fleet.refresh", "Re-buy GPUs at the end of their life", "1 = yes"),
    ("facility_capex_usd_per_mw", "fleet.facility_capex_usd_per_mw", "Facility capex", "USD/MW IT"),
    ("facility_life_years", "fleet.facility_life_years", "Facility life", "years"),
    ("server_power_factor", "fleet.server_power_factor", "Server power over GPU TDP", "x"),
    ("avg_power_fraction", "fleet.avg_power_fraction", "Average draw over full draw", "share"),
    ("pue", "fleet.pue", "Power usage effectiveness (PUE)", "x"),
    ("electricity_usd_per_kwh", "fleet.electricity_usd_per_kwh", "Electricity", "USD/kWh"),
    ("opex_fraction", "fleet.opex_fraction", "Opex over installed GPU capex", "per year"),
    ("burst_usd_per_hour", "fleet.cloud_burst_usd_per_gpu_hour", "Cloud burst", "USD/H100-hour"),
    ("burst_price_change", "fleet.burst_price_change", "Cloud burst price change", "per year"),
    ("price_shock", "levers.price_shock", "Partner price shock lever", "x"),
)


@dataclass(frozen=True)
class Input:
    """One input cell: its value, and where the number comes from."""

    label: str
    unit: str
    value: float
    source: str


@dataclass(frozen=True)
class Cohort:
    """GPUs installed together: how many, when, as which generation, at which price.

    At the end of its life only the baseline is re-bought as the generation bought from
    now on; every later cohort stays its own generation, at its own capex and power, as
    core/engine/cohorts.py keeps it (a ramp's cohorts are that generation already).
    """

    label: str
    generation: str
    install_year: int
    gpus: float
    install_tdp_w: float
    priced_at_fleet_capex: bool  # else at its generation's catalog capex
    rebought_as_selected: bool  # at the end of its life; else re-bought as its own generation


@dataclass(frozen=True)
class Route:
    """Tokens a product sends to one partner model each year (after shift and fallback)."""

    product: str
    model: str
    output_fraction: float  # output tokens over all tokens of the product's requests
    tokens: list[float]


@dataclass(frozen=True)
class MoneyParts:
    """One scenario's inputs, the model's quantities and ScaleDeck's own money figures."""

    name: str
    years: list[int]
    inputs: dict[str, Input]  # fleet keys, `capex[GPU]`, `price_in|out|change[model]`
    cohorts: list[Cohort]
    refresh_tdp_w: float  # TDP of the generation a refreshed cohort becomes
    burst_hours: list[float]  # H100-equivalent hours bought as cloud burst
    routes: list[Route]
    yearly: dict[str, list[float]]  # ScaleDeck's figures, by YEARLY_OUTPUTS key
    scalars: dict[str, float]  # ScaleDeck's figures, by SCALAR_OUTPUTS key


def money_parts(scenario: Scenario) -> MoneyParts:
    """Gather what the workbook writes for `scenario` (one evaluation)."""
    structure, inputs = compile_scenario(scenario)
    results = evaluate(scenario)
    out = results.outputs
    counts = cohort_counts(structure, inputs)[0][0]
    first = results.years[0]
    cohorts = [
        Cohort(
            label=f"{structure.cohort_gpu[c]} "
            + ("baseline" if c == 0 else f"added {int(first - structure.cohort_age[c, 0])}"),
            generation=structure.cohort_gpu[c],
            install_year=int(first - structure.cohort_age[c, 0]),
            gpus=float(counts[c]),
            install_tdp_w=float(structure.cohort_install_tdp_w[c]),
            priced_at_fleet_capex=bool(structure.cohort_input_price[c]),
            rebought_as_selected=bool(structure.cohort_renewed_as_selected[c]),
        )
        for c in range(len(counts))
    ]
    return MoneyParts(
        name=scenario.name,
        years=results.years,
        inputs=_inputs(scenario, {c.generation for c in cohorts}),
        cohorts=cohorts,
        refresh_tdp_w=scenario.gpu_spec(scenario.fleet.gpu).tdp_w,
        burst_hours=_floats(out.shortfall_gpu_hours[0] * out.fleet.serving_factor[0]),
        routes=_routes(scenario, out.tokens[0], out.shares[0]),
        yearly={key: _floats(results.series(key)) for key, *_ in YEARLY_OUTPUTS},
        scalars={
            "pv_cost_usd": results.pv_cost_usd,
            "horizon_cost_usd": results.horizon_cost_usd,
            "residual_usd": float(out.fleet.residual_usd[0]),
        },
    )


def _inputs(scenario: Scenario, generations: set[str]) -> dict[str, Input]:
    """The money inputs by key: the fleet's, cohorts' catalog capex, partner prices."""
    found: dict[str, Input] = {}
    for key, path, label, unit in FLEET_INPUTS:
        found[key] = _input(scenario, path, label, unit)
    for i, gpu in enumerate(scenario.gpu_catalog):
        if gpu.name in generations:
            found[f"capex[{gpu.name}]"] = _input(
                scenario, f"gpu_catalog[{i}].capex_usd", f"Catalog capex, {gpu.name}", "USD/GPU"
            )
    for i, model in enumerate(scenario.models):
        if isinstance(model, PartnerModel):
            for key, field, words, unit in (
                ("price_in", "price_in_per_m", "input price", "USD/M tokens"),
                ("price_out", "price_out_per_m", "output price", "USD/M tokens"),
                ("price_change", "annual_price_change", "price change", "per year"),
            ):
                found[f"{key}[{model.name}]"] = _input(
                    scenario, f"models[{i}].{field}", f"{model.name}: {words}", unit
                )
    return found


def _input(scenario: Scenario, path: str, label: str, unit: str) -> Input:
    source = source_for(scenario, path)
    text = "" if source is None else source.text + (" (illustrative)" * source.illustrative)
    value = float(field_value(scenario, path))
    return Input(label, unit, value, f"{path}: {text}" if text else path)


def _routes(scenario: Scenario, tokens: np.ndarray, shares: np.ndarray) -> list[Route]:
    """Each product's partner models with tokens in some year: tokens (T, P), shares (T, P, M)."""
    routed = tokens[:, :, None] * shares
    return [
        Route(product.name, model.name, product.output_fraction, _floats(routed[:, p, m]))
        for p, product in enumerate(scenario.products)
        for m, model in enumerate(scenario.models)
        if isinstance(model, PartnerModel) and routed[:, p, m].any()
    ]


def _floats(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]
