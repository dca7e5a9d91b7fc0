"""Side-by-side comparison of scenarios: KPIs of one year with deltas against the first."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.engine.evaluate import evaluate
from core.engine.result_tables import KpiName
from core.engine.results import Results
from core.scenario.checks import Problem, ScenarioError
from core.scenario.messages import year_outside
from core.scenario.schema import Scenario
from core.units import billions, millions, percent, percent_points

# (column of Results.by_year, label with unit)
COMPARED_KPIS: tuple[tuple[KpiName, str], ...] = (
    ("total_cost_usd", "Total cost (USD/yr)"),
    ("fleet_cost_usd", "Fleet cost (USD/yr)"),
    ("partner_spend_usd", "Partner spend (USD/yr)"),
    ("cloud_burst_usd", "Cloud burst (USD/yr)"),
    ("cost_per_m_tokens_usd", "Cost per M tokens (USD)"),
    ("gpus", "GPUs"),
    ("capacity_gpu_hours", "Capacity (GPU-hours)"),
    ("utilization", "Utilization (% busy)"),
    ("external_token_share", "External token share"),
    ("partner_hhi", "Partner HHI (outside spend, 0-10,000)"),
    ("risk_index", "Risk index (0-100)"),
)
MEASURES = ("value", "delta", "delta_pct")


@dataclass(frozen=True)
class Comparison:
    """Scenarios side by side; the first is the reference for every delta."""

    year: int
    results: tuple[Results, ...]
    table: pd.DataFrame  # rows: KPI columns; columns: (scenario, value | delta | delta_pct)

    def cell(self, kpi: str, name: str, measure: str) -> float:
        """One number of the table: `measure` is value, delta or delta_pct."""
        return float(self.table.loc[kpi, (name, measure)])  # type: ignore[arg-type]

    @property
    def names(self) -> list[str]:
        """The compared scenarios' names, reference first."""
        return [r.scenario_name for r in self.results]


def compare(scenarios: Sequence[Scenario], year: int | None = None) -> Comparison:
    """Evaluate each scenario and tabulate one year's KPIs with deltas against the first.

    `year` defaults to the first scenario's ramp target year if every horizon has it,
    else the last year they share. ScenarioError if fewer than two scenarios are given,
    names repeat, or the year is not in every horizon.
    """
    if len(scenarios) < 2:
        raise ScenarioError([Problem("scenarios", "pick at least two scenarios to compare")])
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ScenarioError([Problem("scenarios", "each scenario may be picked once")])
    common = set.intersection(*(set(s.horizon.years) for s in scenarios))
    if not common:
        raise ScenarioError([Problem("horizon", "the scenarios share no year")])
    if year is None:
        target = scenarios[0].fleet.target_year
        year = target if target in common else max(common)
    elif year not in common:
        raise ScenarioError([year_outside(year, sorted(common))])  # the years all share
    results = tuple(evaluate(s) for s in scenarios)
    return Comparison(year, results, _table(results, year))


def _table(results: tuple[Results, ...], year: int) -> pd.DataFrame:
    reference = results[0]
    columns: dict[tuple[str, str], list[float]] = {}
    for r in results:
        for column, _label in COMPARED_KPIS:
            value, base = r.kpi(column, year), reference.kpi(column, year)
            delta = value - base
            pct = delta / abs(base) if base != 0 and math.isfinite(base) else np.nan
            columns.setdefault((r.scenario_name, "value"), []).append(value)
            columns.setdefault((r.scenario_name, "delta"), []).append(delta)
            columns.setdefault((r.scenario_name, "delta_pct"), []).append(pct)
    return pd.DataFrame(
        list(zip(*columns.values(), strict=True)),
        index=pd.Index([c for c, _ in COMPARED_KPIS], name="kpi"),
        columns=pd.MultiIndex.from_tuples(list(columns), names=["scenario", "measure"]),
    )


def format_kpi(kpi: KpiName, value: float, signed: bool = False) -> str:
    """A KPI value (or, `signed`, a change) in its unit: 3.04B, 33%, +5 pts, 1,234."""
    sign = "+" if signed else ""
    if not math.isfinite(value):
        return "n/a"
    if kpi.endswith("_usd") and kpi != "cost_per_m_tokens_usd":
        return f"{billions(value):{sign},.2f}B"
    if kpi == "cost_per_m_tokens_usd":
        return f"{value:{sign},.2f}"
    if kpi in ("utilization", "external_token_share"):
        return f"{percent_points(value):+,.0f} pts" if signed else percent(value)
    if kpi == "capacity_gpu_hours":
        return f"{millions(value):{sign},.0f}M"
    return f"{value:{sign},.0f}"
