"""Plain-text tables for the terminal, with units in words."""

from collections.abc import Callable

import numpy as np

import core
from core.engine.compiled import FloatArray
from core.engine.result_tables import KpiName
from core.engine.results import Flag
from core.numbers import past
from core.units import (
    Scale,
    as_is,
    billions,
    horizon_cost_name,
    millions,
    percent_points,
    usd_short,
    years_text,
)

Getter = Callable[[core.Results], FloatArray]
Cell = Callable[[float], str]  # one figure as the table writes it


def _past_100(points: float) -> str:
    """A percentage past 100 reads past it: 100.004% busy is 100.004, not 100 (burst bought)."""
    return past(points, 100.0)


def _kpi(column: KpiName, scale: Scale) -> Getter:
    """A KPI over the years, in a row's unit."""
    return lambda results: scale(results.series(column))


def _busy_hour(column: KpiName) -> Getter:
    """Fleet GPU-hours a year as reference GPUs busy at the busy hour (`reference_gpus`)."""
    return lambda results: results.reference_gpus(results.series(column))


ROWS: tuple[tuple[str, Getter, str | Cell], ...] = (
    ("GPUs", _kpi("gpus", as_is), "{:,.0f}"),
    # As the dashboard's capacity chart and Compare count them: in fleet GPU-hours a faster
    # generation read as demand falling (6x GB200: 35.3 against the baseline's 91.5).
    ("Capacity, busy hour ({gpu}-eq)", _busy_hour("capacity_gpu_hours"), "{:,.0f}"),
    ("Demand, busy hour ({gpu}-eq)", _busy_hour("demand_gpu_hours"), "{:,.0f}"),
    ("Utilization, busy hour (%)", _kpi("utilization", percent_points), _past_100),
    ("Busy share, average hour (%)", _kpi("busy_share", percent_points), "{:,.0f}"),
    ("Fleet cost ($M)", _kpi("fleet_cost_usd", millions), "{:,.0f}"),
    ("Partner spend ($M)", _kpi("partner_spend_usd", millions), "{:,.0f}"),
    ("Cloud burst ($M)", _kpi("cloud_burst_usd", millions), "{:,.0f}"),
    ("Total cost ($M)", _kpi("total_cost_usd", millions), "{:,.0f}"),
    ("Capex cash, as paid ($M)", _kpi("capex_cash_usd", millions), "{:,.0f}"),
    ("Site power (MW)", _kpi("facility_mw", as_is), "{:,.1f}"),
    ("Cost per M tokens ($)", _kpi("cost_per_m_tokens_usd", as_is), "{:,.2f}"),
    ("External token share (%)", _kpi("external_token_share", percent_points), "{:,.0f}"),
    (
        "Tokens late on their latency promise (%)",
        _kpi("slo_breach_token_share", percent_points),
        "{:,.0f}",
    ),
    (
        "Tokens under a quality floor (%)",
        _kpi("under_floor_token_share", percent_points),
        "{:,.0f}",
    ),
    ("Partner HHI (0-10,000)", _kpi("partner_hhi", as_is), "{:,.0f}"),
    ("Outage exposure (B tokens)", _kpi("outage_exposure_tokens", billions), "{:,.1f}"),
    ("Risk index (0-100)", _kpi("risk_index", as_is), "{:,.1f}"),
)


def _totals(results: core.Results) -> str:
    """The two totals once, with the one to quote (docs/model.md#F-cost-words)."""
    return (
        f"Present cost {usd_short(results.pv_cost_usd)} (the figure to quote); "
        f"{horizon_cost_name(len(results.years))} {usd_short(results.horizon_cost_usd)}"
    )


def kpi_table(results: core.Results) -> str:
    """KPIs as rows, years as columns, then the warnings."""
    years = results.years
    gpu = results.structure.generation_names[0]  # the reference GPU the equivalents count in
    labels = [label.format(gpu=gpu) for label, *_ in ROWS]
    label_width = max(len(label) for label in labels)
    lines = [f"Scenario: {results.scenario_name}", ""]
    lines.append(" " * label_width + "".join(f"{year:>12}" for year in years))
    for label, (_, values_of, fmt) in zip(labels, ROWS, strict=True):
        values = values_of(results)
        cells = [
            "n/a" if not np.isfinite(v) else fmt(float(v)) if callable(fmt) else fmt.format(v)
            for v in values
        ]  # a rate per token with no token served is no number (docs/model.md)
        lines.append(f"{label:<{label_width}}" + "".join(f"{cell:>12}" for cell in cells))
    lines += ["", _totals(results)]
    if results.flags:
        lines += ["", "Warnings:"] + [f"  - {warning}" for warning in warnings(results.flags)]
    return "\n".join(lines)


YEAR = "\x00"  # where a flag's words name its year


def warnings(flags: tuple[Flag, ...]) -> list[str]:
    """Each warning once, with every year it holds (the JSON keeps one flag a year).

    A floor missed in six years is one line ("..., in 2026-2031"), not six; words that
    differ by more than the year stay apart.
    """
    years: dict[str, list[int]] = {}
    for flag in flags:
        year = str(flag.year)
        words = flag.message.replace(f" in {year}", f" in {YEAR}")
        if words.startswith(f"{year}: "):
            words = YEAR + words[len(year) :]
        years.setdefault(words, []).append(flag.year)
    return [words.replace(YEAR, years_text(when)) for words, when in years.items()]
