"""The dashboard's charts as data for native PowerPoint charts: numbers, names and colours.

Pure: each `ChartSpec` holds the categories and series the deck draws (python-pptx
chart data, so a reader can restyle or re-plot them), with the colour of each series as
a hex string from the theme (Qt is never imported here). Its title is the slide's
message (core.formats.storyline), its label names the chart with units; colours carry
the dashboard's meaning: a product under its quality floor is drawn in the warning red.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from core.engine.compiled import BoolArray, FloatArray
from core.engine.result_tables import COST_PARTS
from core.engine.results import Results
from core.formats.storyline import (
    capacity_message,
    cost_message,
    external_message,
    latency_message,
    providers_message,
    quality_message,
    risk_message,
    under_floor,
)
from core.units import count, horizon_cost_name, usd_short, years_text

ChartKind = Literal["stacked", "clustered", "line", "bar"]


@dataclass(frozen=True)
class DeckColors:
    """The theme's colours as hex strings ('#0072B2'): the deck follows the dashboard."""

    background: str
    foreground: str
    muted: str
    ink: str
    accent: str
    reference: str
    good: str
    warning: str
    watch: str
    providers: dict[str, str] = field(default_factory=dict)
    costs: dict[str, str] = field(default_factory=dict)
    other_provider: str = "#CC79A7"
    training: str = "#56B4E9"
    inference: str = "#0072B2"


@dataclass(frozen=True)
class Series:
    """One named series: its values (in the chart's unit) and its colour."""

    name: str
    values: tuple[float | None, ...]
    color: str
    point_colors: tuple[str, ...] = ()  # one per category where a point's colour means something


@dataclass(frozen=True)
class ChartSpec:
    """One slide's chart: its message, label with units, kind, categories, series, format."""

    title: str  # the message: what the figures say
    label: str  # what the chart shows, with units
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str
    note: str = ""  # what the slide says under the chart
    value_range: tuple[float, float] | None = None  # the value axis's fixed bounds
    line: Series | None = None  # a line over the columns, on its own axis at the right
    line_format: str = "0.00"


def _values(array: FloatArray, scale: float = 1.0) -> tuple[float | None, ...]:
    """Numbers for a chart: a missing figure (NaN) is a gap, never a zero or a NaN cell."""
    return tuple(float(v) * scale if math.isfinite(v) else None for v in array)


def chart_specs(
    results: Results, reference: Results, year: int, colors: DeckColors
) -> list[ChartSpec]:
    """The dashboard's seven charts in its order; the per-product ones for `year`."""
    return [
        _cost(results, colors),
        _capacity(results, colors),
        _latency(results, year, colors),
        _external(results, year, colors),
        _providers(results, year, colors),
        _risk(results, reference, year, colors),
        _quality(results, year, colors),
    ]


def _meaning(broken: BoolArray, kept: str, c: DeckColors) -> tuple[str, ...]:
    """Each product's bar colour: the warning red where a promise is broken (as on screen)."""
    return tuple(c.warning if b else kept for b in broken)


def _years(results: Results) -> tuple[str, ...]:
    return tuple(str(year) for year in results.years)


def _cost(r: Results, c: DeckColors) -> ChartSpec:
    series = tuple(
        Series(label, _values(r.series(kpi), 1e-9), c.costs.get(kpi, c.muted))
        for kpi, label in COST_PARTS
    )
    per_m = Series(
        "Cost per million tokens ($, right axis)",
        _values(r.series("cost_per_m_tokens_usd")),
        c.accent,  # the dashboard's colour for a line on the right axis
    )
    return ChartSpec(
        cost_message(r),
        "Cost by component ($B a year, columns) and cost per million tokens ($, line)",
        "stacked",
        _years(r),
        series,
        '"$"#,##0.00"B"',
        f"Present cost {usd_short(r.pv_cost_usd)}; "
        f"{horizon_cost_name(len(r.years))} {usd_short(r.horizon_cost_usd)}." + _unserved_note(r),
        line=per_m,
        line_format='"$"0.00',
    )


def _unserved_note(r: Results) -> str:
    """The years the line has no point: no token served (an empty line said nothing why)."""
    per_m = r.series("cost_per_m_tokens_usd")
    none = [year for year, usd in zip(r.years, per_m, strict=True) if not math.isfinite(usd)]
    if not none:
        return ""
    if len(none) == len(r.years):
        return " No cost per million tokens: no token is served."
    return f" No cost per million tokens in {years_text(none)}: no token served."


def _capacity(r: Results, c: DeckColors) -> ChartSpec:
    """Thousands of reference GPUs at the busy hour, as the dashboard and Compare count.

    In fleet GPU-hours a 6x GB200 deck showed demand falling 61% against the baseline's.
    """
    y = r.yearly
    gpu = r.structure.generation_names[0]
    return ChartSpec(
        capacity_message(r),
        f"Capacity against busy-hour demand (thousand {gpu}-eq, busy hour)",
        "clustered",
        _years(r),
        (
            Series("Available", _values(r.reference_gpus(y.capacity_gpu_hours), 1e-3), c.ink),
            Series(
                "Busy-hour demand",
                _values(r.reference_gpus(y.demand_gpu_hours), 1e-3),
                c.inference,
            ),
        ),
        "#,##0.0",
        "Demand over the bar of capacity is bought as cloud burst.",
    )


def _product_names(r: Results) -> tuple[str, ...]:
    return tuple(r.structure.product_names)


def _latency(r: Results, year: int, c: DeckColors) -> ChartSpec:
    t = r.years.index(year)
    p = r.product_arrays
    ttft = p.ttft_p95_s[t] / p.ttft_slo_s[t]
    tpot = p.tpot_p95_ms[t] / p.tpot_slo_ms[t]
    late = p.meets_slo[t] < 0.5  # a product missing a promise: both its bars in red
    note = "Over 100% misses the promise (red). An unserved product has no latency (shown as 0)."
    if not np.isfinite(ttft).any() and not np.isfinite(tpot).any():
        note = f"No token is served in {year}: no latency to draw."  # not an empty chart
    return ChartSpec(
        latency_message(r, year),
        f"Latency against each product's promise, {year} (% of the promise used)",
        "bar",
        _product_names(r),
        (
            Series(
                "p95 time to first token",
                _values(ttft, 100.0),
                c.inference,
                _meaning(late, c.inference, c),
            ),
            Series(
                "Time per output token",
                _values(tpot, 100.0),
                c.training,
                _meaning(late, c.training, c),
            ),
        ),
        '0"%"',
        note,
    )


def _external(r: Results, year: int, c: DeckColors) -> ChartSpec:
    t = r.years.index(year)
    share = r.product_arrays.external_token_share[t]
    return ChartSpec(
        external_message(r, year),
        f"External share by product, {year} (% of tokens served by partners or cloud burst)",
        "bar",
        _product_names(r),
        (Series("External share", _values(share, 100.0), c.providers.get("Anthropic", c.accent)),),
        '0"%"',
        value_range=(0.0, 100.0),  # a share: never beyond 100%
    )


def _providers(r: Results, year: int, c: DeckColors) -> ChartSpec:
    """Who serves the tokens, as the dashboard's chart: the shares the partner HHI squares."""
    names = r.structure.providers
    shares = r.provider_arrays.token_share
    series = tuple(
        Series(name, _values(shares[:, k], 100.0), c.providers.get(name, c.other_provider))
        for k, name in enumerate(names)
    )
    hhi = r.yearly.partner_hhi
    hhi_said = f"{_whole(hhi[0])} in {r.years[0]} to {_whole(hhi[-1])} in {r.years[-1]}"
    return ChartSpec(
        providers_message(r, year),
        "Tokens served by provider (% a year; cloud burst: in-house models on rented GPUs)",
        "stacked",
        _years(r),
        series,
        '0"%"',
        f"Partner HHI (the outside providers' shares, squared and summed): {hhi_said}"
        " (over 1,800 is highly concentrated).",
        value_range=(0.0, 100.0),
    )


def _whole(value: float) -> str:
    """A whole figure, or n/a: never "nan" in a note."""
    return count(value) if math.isfinite(value) else "n/a"


def _risk(r: Results, reference: Results, year: int, c: DeckColors) -> ChartSpec:
    common = [year for year in r.years if year in reference.years]
    base = np.array([reference.kpi("risk_index", year) for year in common])
    mine = np.array([r.kpi("risk_index", year) for year in common])
    return ChartSpec(
        risk_message(r, reference, year),
        "Risk index (0-100, lower is safer)",
        "line",
        tuple(str(year) for year in common),
        (
            Series("Risk index", _values(mine), c.warning),
            Series("Baseline", _values(base), c.reference),
        ),
        "0",
        value_range=(0.0, 100.0),
    )


def _quality(r: Results, year: int, c: DeckColors) -> ChartSpec:
    t = r.years.index(year)
    p = r.product_arrays
    under = set(under_floor(r, year))
    meaning = _meaning(np.array([n in under for n in _product_names(r)]), c.good, c)
    return ChartSpec(
        quality_message(r, year),
        f"Quality against each product's floor, {year} (mean score 0-100; red: tokens under it)",
        "bar",
        _product_names(r),
        (
            Series("Quality", _values(p.quality[t]), c.good, meaning),
            Series("Floor", _values(p.quality_floor[t]), c.ink),
        ),
        "0.0",
        value_range=(0.0, 100.0),
    )
