"""Plain-text tables for the terminal, with units in words."""

import core
from core.engine.result_tables import KpiName
from core.engine.results import Flag
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

ROWS: tuple[tuple[str, KpiName, str, Scale], ...] = (
    ("GPUs", "gpus", "{:,.0f}", as_is),
    ("Capacity (M GPU-hours)", "capacity_gpu_hours", "{:,.1f}", millions),
    ("Demand, busy hour (M GPU-hours)", "demand_gpu_hours", "{:,.1f}", millions),
    ("Utilization, busy hour (%)", "utilization", "{:,.0f}", percent_points),
    ("Busy share, average hour (%)", "busy_share", "{:,.0f}", percent_points),
    ("Fleet cost ($M)", "fleet_cost_usd", "{:,.0f}", millions),
    ("Partner spend ($M)", "partner_spend_usd", "{:,.0f}", millions),
    ("Cloud burst ($M)", "cloud_burst_usd", "{:,.0f}", millions),
    ("Total cost ($M)", "total_cost_usd", "{:,.0f}", millions),
    ("Capex cash, as paid ($M)", "capex_cash_usd", "{:,.0f}", millions),
    ("Site power (MW)", "facility_mw", "{:,.1f}", as_is),
    ("Cost per M tokens ($)", "cost_per_m_tokens_usd", "{:,.2f}", as_is),
    ("External token share (%)", "external_token_share", "{:,.0f}", percent_points),
    ("Tokens missing their SLO (%)", "slo_breach_token_share", "{:,.0f}", percent_points),
    ("Tokens under a quality floor (%)", "under_floor_token_share", "{:,.0f}", percent_points),
    ("Partner HHI (0-10,000)", "partner_hhi", "{:,.0f}", as_is),
    ("Outage exposure (B tokens)", "outage_exposure_tokens", "{:,.1f}", billions),
    ("Risk index (0-100)", "risk_index", "{:,.1f}", as_is),
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
    label_width = max(len(label) for label, *_ in ROWS)
    lines = [f"Scenario: {results.scenario_name}", ""]
    lines.append(" " * label_width + "".join(f"{year:>12}" for year in years))
    for label, column, fmt, scale in ROWS:
        values = scale(results.series(column))
        lines.append(f"{label:<{label_width}}" + "".join(f"{fmt.format(v):>12}" for v in values))
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
