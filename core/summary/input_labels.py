"""The key inputs in words with units, each with its source: the brief's and the deck's inputs.

A reader outside the room needs "Capex per GPU  $50,000", never `fleet.capex_per_gpu_usd
50000` or 5e4. Every input the dashboard's controls move is here, with the prices, MFU
and price change of each model and the volume, floor and promises of each product.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.scenario.schema import Scenario
from core.scenario.sources import source_for
from core.units import as_set, tokens


@dataclass(frozen=True)
class LabelledInput:
    """One input: a label, its value with units, and where it comes from."""

    label: str
    value: str
    source: str  # the source text, or "" when none is given
    illustrative: bool


def _pct(value: float, signed: bool = False) -> str:
    return f"{value * 100:+,.0f}%" if signed else f"{value * 100:,.0f}%"


def _fleet_rows(s: Scenario) -> list[tuple[str, str, str]]:
    f = s.fleet
    cap = "none" if f.power_cap_mw is None else f"{as_set(f.power_cap_mw)} MW"
    return [
        ("horizon.start_year", "Horizon", f"{s.horizon.start_year}-{s.horizon.end_year}"),
        ("fleet.baseline_gpus", "GPUs today", f"{f.baseline_gpus:,} {f.baseline_gpu}"),
        ("fleet.scale", "Fleet scale", f"x{f.scale:g} by {f.target_year}"),
        ("fleet.gpu", "GPU bought from now on", f.gpu),
        ("fleet.capex_per_gpu_usd", "Capex per GPU", f"${f.capex_per_gpu_usd:,.0f}"),
        ("fleet.amortization_years", "GPU life", f"{f.amortization_years} years"),
        ("fleet.pue", "PUE", f"{f.pue:.2f}"),
        ("fleet.electricity_usd_per_kwh", "Electricity", f"${f.electricity_usd_per_kwh:.3f}/kWh"),
        ("fleet.opex_fraction", "Opex", f"{_pct(f.opex_fraction)} of capex a year"),
        ("fleet.availability", "Fleet availability", _pct(f.availability)),
        (
            "fleet.cloud_burst_usd_per_gpu_hour",
            "Cloud burst price",
            f"${f.cloud_burst_usd_per_gpu_hour:,.2f} per H100-hour",
        ),
        (
            "fleet.burst_price_change",
            "Burst price change",
            f"{_pct(f.burst_price_change, True)}/yr",
        ),
        ("fleet.cost_of_capital", "Cost of capital", f"{f.cost_of_capital * 100:.1f}%/yr"),
        (
            "fleet.facility_capex_usd_per_mw",
            "Facility capex",
            f"${f.facility_capex_usd_per_mw / 1e6:,.1f}M per MW",
        ),
        ("fleet.facility_life_years", "Facility life", f"{f.facility_life_years} years"),
        ("fleet.power_cap_mw", "Site power cap", cap),
        ("levers.in_house_shift", "In-house shift", _pct(s.levers.in_house_shift)),
        ("levers.price_shock", "Partner price shock", f"x{s.levers.price_shock:.2f}"),
        (
            "levers.demand_growth_multiplier",
            "Demand growth multiplier",
            f"x{s.levers.demand_growth_multiplier:.2f}",
        ),
    ]


def _model_rows(s: Scenario) -> list[tuple[str, str, str]]:
    rows = []
    for i, m in enumerate(s.models):
        off = "" if m.enabled else " (switched off)"
        if m.kind == "in_house":
            rows.append((f"models[{i}].available_from", m.name, f"from {m.available_from}{off}"))
            rows.append((f"models[{i}].mfu_train", f"{m.name}: training MFU", _pct(m.mfu_train)))
        else:
            prices = f"${m.price_in_per_m:,.2f} in / ${m.price_out_per_m:,.2f} out per M tokens"
            rows.append((f"models[{i}].price_in_per_m", f"{m.name} ({m.provider})", prices + off))
            change = f"{_pct(m.annual_price_change, True)}/yr"
            rows.append((f"models[{i}].annual_price_change", f"{m.name}: price change", change))
    return rows


def _product_rows(s: Scenario) -> list[tuple[str, str, str]]:
    rows = []
    for i, p in enumerate(s.products):
        volume = f"{tokens(p.tokens_per_year)} a year, {_pct(p.growth, True)}/yr"
        rows.append((f"products[{i}].tokens_per_year", p.name, volume))
        promise = f"floor {p.quality_floor:g}; TTFT {p.ttft_slo_s:g} s, TPOT {p.tpot_slo_ms:g} ms"
        rows.append((f"products[{i}].quality_floor", f"{p.name}: promises", promise))
    return rows


SECTIONS: tuple[Callable[[Scenario], list[tuple[str, str, str]]], ...] = (
    _fleet_rows,
    _model_rows,
    _product_rows,
)


def labelled_inputs(scenario: Scenario) -> list[LabelledInput]:
    """The key inputs in reading order: fleet and levers, then models, then products."""
    found = []
    for section in SECTIONS:
        for path, label, value in section(scenario):
            source = source_for(scenario, path)
            found.append(
                LabelledInput(
                    label,
                    value,
                    source.text if source else "",
                    bool(source and source.illustrative),
                )
            )
    return found


ELLIPSIS = "…"


def words_that_fit(text: str, fits: Callable[[str], bool]) -> str:
    """`text` if it fits, else its longest run of whole words that fits, with an ellipsis.

    A source cut mid-word ("secondary sour…") reads as a typo; `fits` measures in the
    caller's unit (characters for the deck's table, printed width for the brief).
    """
    if fits(text):
        return text
    words = text.split(" ")
    for n in range(len(words) - 1, 0, -1):
        shown = " ".join(words[:n]).rstrip(",;:.(-") + ELLIPSIS
        if fits(shown):
            return shown
    return ELLIPSIS
