"""Plain-text tables for the terminal, with units in words."""

import core

ROWS = (
    ("GPUs", "gpus", "{:,.0f}", 1.0),
    ("Capacity (M GPU-hours)", "capacity_gpu_hours", "{:,.1f}", 1e-6),
    ("Demand (M GPU-hours)", "demand_gpu_hours", "{:,.1f}", 1e-6),
    ("Utilization (%)", "utilization", "{:,.0f}", 100.0),
    ("Fleet cost ($M)", "fleet_cost_usd", "{:,.0f}", 1e-6),
    ("Partner spend ($M)", "partner_spend_usd", "{:,.0f}", 1e-6),
    ("Cloud burst ($M)", "cloud_burst_usd", "{:,.0f}", 1e-6),
    ("Total cost ($M)", "total_cost_usd", "{:,.0f}", 1e-6),
    ("Cost per M tokens ($)", "cost_per_m_tokens_usd", "{:,.2f}", 1.0),
    ("External token share (%)", "external_token_share", "{:,.0f}", 100.0),
    ("Provider HHI (0-10,000)", "provider_hhi", "{:,.0f}", 1.0),
    ("Outage exposure (M tokens)", "outage_exposure_tokens", "{:,.1f}", 1e-6),
    ("Risk index (0-100)", "risk_index", "{:,.1f}", 1.0),
)


def kpi_table(results: core.Results) -> str:
    """KPIs as rows, years as columns, then the warnings."""
    years = results.years
    label_width = max(len(label) for label, *_ in ROWS)
    lines = [f"Scenario: {results.scenario_name}", ""]
    lines.append(" " * label_width + "".join(f"{year:>12}" for year in years))
    for label, column, fmt, factor in ROWS:
        values = results.series(column) * factor
        lines.append(f"{label:<{label_width}}" + "".join(f"{fmt.format(v):>12}" for v in values))
    if results.flags:
        lines += ["", "Warnings:"] + [f"  - {flag.message}" for flag in results.flags]
    return "\n".join(lines)
