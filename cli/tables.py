"""Plain-text tables for the terminal, with units in words."""

from collections.abc import Callable

import numpy as np

import core
from core.analysis.compare import no_figure_reason, nonzero_text
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


def _figure(decimals: int) -> Cell:
    """Figures to `decimals`, more where one that is not 0 would read 0 ($15k in $M: 0.02)."""
    return lambda value: nonzero_text(value, decimals)


def _past_100(points: float) -> str:
    """A percentage past 100 reads past it: 100.004% busy is 100.004, not 100 (burst bought)."""
    return past(points, 100.0)


def _kpi(column: KpiName, scale: Scale) -> Getter:
    """A KPI over the years, in a row's unit."""
    return lambda results: scale(results.series(column))


def _busy_hour(column: KpiName) -> Getter:
    """Fleet GPU-hours a year as reference GPUs busy at the busy hour (`reference_gpus`)."""
    return lambda results: results.reference_gpus(results.series(column))


COST_PER_TOKEN = "Cost per M tokens ($)"
ROWS: tuple[tuple[str, Getter, Cell], ...] = (
    ("GPUs", _kpi("gpus", as_is), _figure(0)),
    # As the dashboard's capacity chart and Compare count them: in fleet GPU-hours a faster
    # generation read as demand falling (6x GB200: 35.3 against the baseline's 91.5).
    ("Capacity, busy hour ({gpu}-eq)", _busy_hour("capacity_gpu_hours"), _figure(0)),
    ("Demand, busy hour ({gpu}-eq)", _busy_hour("demand_gpu_hours"), _figure(0)),
    ("Utilization, busy hour (%)", _kpi("utilization", percent_points), _past_100),
    ("Busy share, average hour (%)", _kpi("busy_share", percent_points), _figure(0)),
    ("Fleet cost ($M)", _kpi("fleet_cost_usd", millions), _figure(0)),
    ("Partner spend ($M)", _kpi("partner_spend_usd", millions), _figure(0)),
    ("Cloud burst ($M)", _kpi("cloud_burst_usd", millions), _figure(0)),
    ("Total cost ($M)", _kpi("total_cost_usd", millions), _figure(0)),
    ("Capex cash, as paid ($M)", _kpi("capex_cash_usd", millions), _figure(0)),
    ("Site power (MW)", _kpi("facility_mw", as_is), _figure(1)),
    (COST_PER_TOKEN, _kpi("cost_per_m_tokens_usd", as_is), _figure(2)),
    ("External token share (%)", _kpi("external_token_share", percent_points), _figure(0)),
    (
        "Tokens late on their latency promise (%)",
        _kpi("slo_breach_token_share", percent_points),
        _figure(0),
    ),
    (
        "Tokens under a quality floor (%)",
        _kpi("under_floor_token_share", percent_points),
        _figure(0),
    ),
    ("Partner HHI (0-10,000)", _kpi("partner_hhi", as_is), _figure(0)),
    ("Outage exposure (B tokens)", _kpi("outage_exposure_tokens", billions), _figure(1)),
    ("Risk index (0-100)", _kpi("risk_index", as_is), _figure(1)),
)


# Rows whose n/a has a reason to say under the table (`no_figure_reason`): (label, KPI).
MISSING_ROWS: tuple[tuple[str, KpiName], ...] = ((COST_PER_TOKEN, "cost_per_m_tokens_usd"),)


def _totals(results: core.Results) -> str:
    """The two totals once, with the one to quote (docs/model.md#F-cost-words)."""
    return (
        f"Present cost {usd_short(results.pv_cost_usd)} (the figure to quote); "
        f"{horizon_cost_name(len(results.years))} {usd_short(results.horizon_cost_usd)}"
    )


def kpi_table(results: core.Results) -> str:
    """KPIs as rows, years as columns, then why a figure is n/a, the totals and the warnings."""
    gpu = results.structure.generation_names[0]  # the reference GPU the equivalents count in
    rows = [
        (label.format(gpu=gpu), _cells(values_of(results), fmt)) for label, values_of, fmt in ROWS
    ]
    lines = [f"Scenario: {results.scenario_name}", ""]
    lines += aligned([str(year) for year in results.years], rows)
    lines += _missing(results)
    lines += ["", _totals(results)]
    if results.flags:
        lines += ["", "Warnings:"] + [f"  - {warning}" for warning in warnings(results.flags)]
    return "\n".join(lines)


def _cells(values: FloatArray, cell: Cell) -> list[str]:
    """A row's figures as written; a rate per token with no token served is no number."""
    return ["n/a" if not np.isfinite(v) else cell(float(v)) for v in values]


def aligned(heads: list[str], rows: list[tuple[str, list[str]]], least: int = 10) -> list[str]:
    """Labelled rows under right-aligned heads, each column as wide as its widest cell.

    Two spaces between columns: a fixed width of 12 ran "253,966,603,630596,062,106,919"
    together once a figure outgrew it.
    """
    first = max(len(label) for label, _cells in rows)
    widths = [max(least, len(head), *(len(cells[i]) for _l, cells in rows))
              for i, head in enumerate(heads)]  # fmt: skip
    lines = [" " * first + "".join(f"  {h:>{w}}" for h, w in zip(heads, widths, strict=True))]
    for label, cells in rows:
        lines.append(
            f"{label:<{first}}" + "".join(f"  {c:>{w}}" for c, w in zip(cells, widths, strict=True))
        )
    return lines


def _missing(results: core.Results) -> list[str]:
    """Why a row reads n/a, and when: "n/a: Cost per M tokens ($) in 2026: no token is served"."""
    years: dict[tuple[str, str], list[int]] = {}
    for label, kpi in MISSING_ROWS:
        for year, value in zip(results.years, results.series(kpi), strict=True):
            reason = None if np.isfinite(value) else no_figure_reason(results, kpi, year)
            if reason:
                years.setdefault((label, reason), []).append(year)
    return [""] * bool(years) + [
        f"n/a: {label} in {years_text(when)}: {reason}" for (label, reason), when in years.items()
    ]


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
