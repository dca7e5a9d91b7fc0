"""Side-by-side comparison of scenarios: KPIs with deltas against the first.

`Comparison.table` is one year's KPIs (the compare command's first table) and capacity
and busy-hour demand as the dashboard counts them (`BUSY_HOUR_ROWS`, the window's rows);
`Comparison.decisions` is every decision row for every scenario and year at once: the
present cost and the 6-year cost over the horizon, capex cash, power, GPUs by
generation, external share, risk, and the products that miss a latency promise or a
quality floor. Whether a change is good is core.summary.direction's to say.

Scenarios may span different horizons (a what-if of `horizon.end_year`): the horizon rows
are then each scenario's figure over its own years, labelled so (`horizon_labels`), and
`Comparison.spans` says which years each covers, so no reader takes a 10-year cost
against a 6-year one for a like-for-like change.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from core.engine.compiled import FloatArray, compile_scenario
from core.engine.evaluate import evaluate
from core.engine.kernel import cohort_counts
from core.engine.result_tables import KpiName
from core.engine.results import Results
from core.numbers import past
from core.scenario.checks import Problem, ScenarioError
from core.scenario.messages import year_outside
from core.scenario.schema import Scenario
from core.units import (
    RISK_DECIMALS,
    UNITS,
    Scale,
    as_is,
    horizon_cost_name,
    millions,
    percent,
    percent_points,
    reads_zero,
    usd_short,
)
from core.units import signed as signed_text  # `_figure` has a `signed` flag

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
    ("partner_hhi", "Partner HHI (outside providers' shares of all tokens, 0-10,000)"),
    ("risk_index", "Risk index (0-100)"),
)
# Capacity and busy-hour demand as the dashboard's capacity chart counts them: reference
# GPUs busy at the busy hour, each fleet GPU at its speed on the year's work
# (docs/model.md#F-busy-hour). In the fleet's own GPU-hours a faster generation read as
# demand falling; so counted it reads as more capacity. Rows of `Comparison.table` beside
# COMPARED_KPIS, whose keys the compare command prints as it did. {gpu}: the reference GPU.
EquivalentName = Literal["capacity_ref_gpu_eq", "demand_ref_gpu_eq"]
BUSY_HOUR_ROWS: tuple[tuple[EquivalentName, KpiName, str], ...] = (
    ("capacity_ref_gpu_eq", "capacity_gpu_hours", "Capacity ({gpu}-eq, busy hour)"),
    ("demand_ref_gpu_eq", "demand_gpu_hours", "Demand ({gpu}-eq, busy hour)"),
)
MEASURES = ("value", "delta", "delta_pct")
HORIZON = "horizon"  # the `year` of a decision row that is one figure for the whole horizon
# Decision rows over the horizon: (key, label with unit).
HORIZON_ROWS: tuple[tuple[str, str], ...] = (
    ("pv_cost_usd", "Present cost (USD, horizon)"),
    ("horizon_cost_usd", "6-year cost (USD)"),  # named by the horizon's length: horizon_labels
    ("peak_facility_mw", "Peak power (MW, facility)"),
)
# The same rows when the scenarios' horizons differ: each figure is over its own years.
UNEQUAL_HORIZON_ROWS: dict[str, str] = {
    "pv_cost_usd": "Present cost (USD, its own horizon)",
    "horizon_cost_usd": "Horizon cost (USD, its own years)",
    "peak_facility_mw": "Peak power (MW, facility, its own horizon)",
}
# Decision rows per year: these, GPUs by generation, then YEAR_ROWS_AFTER and COUNT_ROWS.
YEAR_ROWS: tuple[tuple[KpiName, str], ...] = (
    ("total_cost_usd", "Total cost (USD/yr)"),
    ("capex_cash_usd", "Capex cash (USD/yr)"),
    ("facility_mw", "Power (MW, facility)"),
    ("gpus", "GPUs"),
)
YEAR_ROWS_AFTER: tuple[tuple[KpiName, str], ...] = (
    ("external_token_share", "External token share"),
    ("risk_index", "Risk index (0-100)"),
    ("slo_breach_token_share", "Tokens late (share, latency)"),
)
COUNT_ROWS: tuple[tuple[str, str], ...] = (
    ("products_late", "Products missing a latency promise"),
    ("products_under_floor", "Products under their quality floor"),
)
DECISION_COLUMNS = ["scenario", "measure", "label", "year", *MEASURES]
GAP = 1e-9  # a share of tokens this small is rounding residue (as the flags read it)


@dataclass(frozen=True)
class Decision:
    """One decision row of one scenario: in a year, or over the horizon (`year` HORIZON)."""

    scenario: str
    measure: str  # the JSON key: a KPI, pv_cost_usd, gpus_<generation>, products_late ...
    label: str  # in words, with its unit
    year: int | str
    value: float
    delta: float  # against the reference's same row (0 where it has none)
    delta_pct: float  # NaN where the reference's is 0


@dataclass(frozen=True)
class Comparison:
    """Scenarios side by side; the first is the reference for every delta."""

    year: int
    results: tuple[Results, ...]
    table: pd.DataFrame  # rows: COMPARED_KPIS, BUSY_HOUR_ROWS; columns: (scenario, measure)
    decisions: tuple[Decision, ...]  # every scenario's rows: horizon first, then by measure

    def decisions_frame(self) -> pd.DataFrame:
        """The decision rows as a long table (DECISION_COLUMNS), for exports."""
        return pd.DataFrame([vars(d) for d in self.decisions], columns=DECISION_COLUMNS)

    def cell(self, kpi: str, name: str, measure: str) -> float:
        """One number of the table: `measure` is value, delta or delta_pct."""
        return float(self.table.loc[kpi, (name, measure)])  # type: ignore[arg-type]

    @property
    def reference_gpu(self) -> str:
        """The GPU the busy-hour rows count in: each scenario's `reference_gpu` (one, usually)."""
        return " / ".join(dict.fromkeys(r.structure.generation_names[0] for r in self.results))

    def one_year_rows(self) -> list[tuple[str, str]]:
        """(key, label) of the one-year table as the window shows it, in order.

        COMPARED_KPIS, with capacity in GPU-hours replaced by `BUSY_HOUR_ROWS`: the same
        figures as the dashboard's capacity chart, so one scenario reads the same in both.
        """
        busy = [(key, label.format(gpu=self.reference_gpu)) for key, _, label in BUSY_HOUR_ROWS]
        rows: list[tuple[str, str]] = []
        for kpi, label in COMPARED_KPIS:
            rows += busy if kpi == "capacity_gpu_hours" else [(kpi, label)]
        return rows

    def one_year_frame(self) -> pd.DataFrame:
        """The one-year table as numbers for exports, a row per `one_year_rows` (`cell`'s).

        Columns: year, kpi, label, "<name> value" per scenario, and "<name> delta" and
        "<name> delta_pct" per scenario but the reference (delta_pct NaN where its value is 0).
        """
        reference = self.names[0]
        rows = []
        for kpi, label in self.one_year_rows():
            row: dict[str, object] = {"year": self.year, "kpi": kpi, "label": label}
            for name in self.names:
                measures = ("value",) if name == reference else MEASURES
                row |= {f"{name} {measure}": self.cell(kpi, name, measure) for measure in measures}
            rows.append(row)
        return pd.DataFrame(rows)

    @property
    def names(self) -> list[str]:
        """The compared scenarios' names, reference first."""
        return [r.scenario_name for r in self.results]

    @property
    def spans(self) -> dict[str, tuple[int, int]]:
        """Each scenario's horizon, (first year, last year): what its horizon rows cover."""
        return {r.scenario_name: (r.years[0], r.years[-1]) for r in self.results}

    @property
    def horizons_differ(self) -> bool:
        """True if the horizon rows compare figures over different years."""
        return len(set(self.spans.values())) > 1


def horizon_labels(results: Sequence[Results]) -> dict[str, str]:
    """The horizon rows' labels, true to the years each figure covers.

    "6-year cost (USD)" when every scenario spans the same years (its length named), else
    words saying each figure is over its own years.
    """
    if len({(r.years[0], r.years[-1]) for r in results}) > 1:
        return dict(UNEQUAL_HORIZON_ROWS)
    length = horizon_cost_name(len(results[0].years))
    return dict(HORIZON_ROWS) | {"horizon_cost_usd": f"{length} (USD)"}


def span_words(first: int, last: int) -> str:
    """A horizon in words with its length: 2026-2031 (6 years)."""
    length = last - first + 1
    years = f"{first}" if first == last else f"{first}-{last}"
    return f"{years} ({length} year{'s' * (length > 1)})"


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
    shared = sorted(common)
    fleets = [gpus_by_generation(s, r) for s, r in zip(scenarios, results, strict=True)]
    every = list(dict.fromkeys(gpu for fleet in fleets for gpu in fleet))  # the same rows for all
    labels = horizon_labels(results)
    decisions = _decisions(
        [
            decision_rows(
                r, shared, {gpu: fleet.get(gpu, 0 * r.yearly.gpus) for gpu in every}, labels
            )
            for r, fleet in zip(results, fleets, strict=True)
        ]
    )
    return Comparison(year, results, _table(results, year), decisions)


def routing_words(before: Scenario, after: Scenario) -> list[str]:
    """Each product `after` routes otherwise than `before` (the scenario it was made from).

    "GitHub Copilot routed MAI-2 50%, GPT-5 class 30%, Claude Sonnet class 20%", largest
    share first, "(in-house only)" when that changed too: what an export's stamp names
    beside its key inputs, which hold no routing ("Baseline (what-if)" said nothing more).
    """
    words = []
    for old, new in zip(before.products, after.products, strict=False):
        if (old.routing, old.in_house_only) == (new.routing, new.in_house_only):
            continue
        shares = sorted(new.routing.items(), key=lambda item: -item[1])
        routed = ", ".join(f"{model} {percent(share)}" for model, share in shares)
        flag = " (in-house only)" if new.in_house_only != old.in_house_only else ""
        words.append(f"{new.name} routed {routed}{flag}")
    return words


def reference_gpus(results: Results, measure: EquivalentName) -> FloatArray:
    """A `BUSY_HOUR_ROWS` measure over the years (T,): reference GPUs busy at the busy hour.

    The dashboard's capacity chart counts the same way (docs/model.md#F-busy-hour).
    """
    column = next(kpi for key, kpi, _label in BUSY_HOUR_ROWS if key == measure)
    return results.reference_gpus(results.series(column))


def gpus_by_generation(scenario: Scenario, results: Results) -> dict[str, FloatArray]:
    """GPUs in service per year (T,) by generation, the names in the order first installed.

    Each cohort counts as the generation it was installed as; the baseline, once
    refreshed, as the generation it is re-bought as (the fleet's `gpu`).
    """
    structure, inputs = compile_scenario(scenario)
    count = cohort_counts(structure, inputs)[0][0]  # (C,) GPUs installed per cohort
    in_service = count[:, None] * (structure.cohort_age >= 0)  # (C, T)
    names = np.array(structure.cohort_gpu, dtype=object)[:, None].repeat(len(results.years), 1)
    renewed = structure.cohort_refreshed & structure.cohort_renewed_as_selected[:, None]
    names[renewed] = scenario.fleet.gpu
    out: dict[str, FloatArray] = {}
    for name in dict.fromkeys(names[in_service > 0]):
        out[str(name)] = (in_service * (names == name)).sum(axis=0)
    return out


def decision_rows(
    results: Results,
    years: Sequence[int],
    generations: dict[str, FloatArray],
    labels: dict[str, str] | None = None,
) -> list[tuple[str, str, str, int | str, float]]:
    """(scenario, measure, label, year or HORIZON, value) of every decision row in `years`.

    `generations`: GPUs in service per year by generation (`gpus_by_generation`);
    `labels`: the horizon rows' labels (`horizon_labels` of every compared scenario).
    """
    labels = horizon_labels([results]) if labels is None else labels
    name = results.scenario_name
    once = {
        "pv_cost_usd": results.pv_cost_usd,
        "horizon_cost_usd": results.horizon_cost_usd,
        "peak_facility_mw": float(results.series("facility_mw").max()),
    }
    rows: list[tuple[str, str, str, int | str, float]] = [
        (name, key, labels[key], HORIZON, float(once[key])) for key, _label in HORIZON_ROWS
    ]
    t = [results.years.index(y) for y in years]
    for key, label, values in _yearly(results, generations):
        rows += [(name, key, label, y, float(values[i])) for y, i in zip(years, t, strict=True)]
    return rows


def _yearly(
    results: Results, generations: dict[str, FloatArray]
) -> list[tuple[str, str, FloatArray]]:
    """(key, label, series over the horizon) of each decision row per year, in order."""
    kpis = [(key, label, results.series(key)) for key, label in YEAR_ROWS]
    by_generation = [(f"gpus_{gpu}", f"GPUs: {gpu}", series) for gpu, series in generations.items()]
    products = results.product_arrays  # (T, P) each
    late = (products.meets_slo < 0.5).sum(axis=1).astype(float)
    under = (products.under_floor_share > GAP).sum(axis=1).astype(float)  # any token under it
    after = [(key, label, results.series(key)) for key, label in YEAR_ROWS_AFTER]
    counts = [(key, label, n) for (key, label), n in zip(COUNT_ROWS, (late, under), strict=True)]
    return kpis + by_generation + after + counts


def _table(results: tuple[Results, ...], year: int) -> pd.DataFrame:
    """COMPARED_KPIS, then BUSY_HOUR_ROWS: (scenario, measure) columns, one row each."""
    rows = [kpi for kpi, _label in COMPARED_KPIS] + [key for key, _, _ in BUSY_HOUR_ROWS]

    def in_year(r: Results) -> list[float]:
        t = r.years.index(year)
        kpis = [r.kpi(kpi, year) for kpi, _label in COMPARED_KPIS]
        return kpis + [float(reference_gpus(r, key)[t]) for key, _, _ in BUSY_HOUR_ROWS]

    bases = in_year(results[0])
    columns: dict[tuple[str, str], list[float]] = {}
    for r in results:
        for value, base in zip(in_year(r), bases, strict=True):
            delta = value - base
            pct = delta / abs(base) if base != 0 and math.isfinite(base) else np.nan
            columns.setdefault((r.scenario_name, "value"), []).append(value)
            columns.setdefault((r.scenario_name, "delta"), []).append(delta)
            columns.setdefault((r.scenario_name, "delta_pct"), []).append(pct)
    return pd.DataFrame(
        list(zip(*columns.values(), strict=True)),
        index=pd.Index(rows, name="kpi"),
        columns=pd.MultiIndex.from_tuples(list(columns), names=["scenario", "measure"]),
    )


def _decisions(
    per_scenario: list[list[tuple[str, str, str, int | str, float]]],
) -> tuple[Decision, ...]:
    """The decision rows with their change against the first scenario's same row.

    A row the reference lacks (a generation only a variant buys) is compared with 0.
    """
    reference = {(m, y): v for _n, m, _l, y, v in per_scenario[0]}
    rows = []
    for scenario_rows in per_scenario:
        for name, measure, label, year, value in scenario_rows:
            base = reference.get((measure, year), 0.0)
            delta = value - base
            pct = delta / abs(base) if base != 0 and math.isfinite(base) else math.nan
            rows.append(Decision(name, measure, label, year, value, delta, pct))
    return tuple(rows)


def no_figure_reason(results: Results, kpi: str, year: int) -> str | None:
    """Why `kpi` has no figure (n/a) in `year`, in words; None where no reason is known.

    A cost per token with no token served is no number (docs/model.md): "n/a" alone read as
    a fault, and only the JSON headline said "No token is served."
    """
    if not kpi.startswith("cost_per_m_tokens"):
        return None
    t = results.years.index(year)
    products = results.product_arrays
    served = float((products.tokens[t] * (1.0 - products.unserved_share[t])).sum())
    return "no token is served" if served < 1.0 else None  # per_million's threshold


SHARE_KPIS = ("utilization", "external_token_share", "slo_breach_token_share")


class Shown(NamedTuple):
    """How one figure is written: its scale from the stored value, decimals and unit."""

    scale: Scale
    decimals: int
    prefix: str  # "$" before a dollar figure (after its sign)
    suffix: str
    size: float  # one shown unit in stored units: 1e9 for "B" (a dollar figure's own)


def format_kpi(kpi: KpiName | str, value: float, signed: bool = False, unit: bool = True) -> str:
    """A KPI value (or, `signed`, a change) in its unit: $3.04B, $76k, 33%, +5 pts, 1,234.

    `unit` False leaves out a unit the row's label names (MW, the dollar sign): a narrower
    table. A change shown beside two figures reads from them: `format_change`.
    """
    if not math.isfinite(value):
        return "n/a"
    shown = _shown_as(kpi, value, signed, unit)
    return _figure(float(shown.scale(value)), shown, signed)


def format_change(kpi: KpiName | str, value: float, reference: float, unit: bool = True) -> str:
    """The change from `reference` to `value` as their shown figures read: 82% to 98% is +16 pts.

    Taken from the unrounded figures (0.821 to 0.975) it read "+15 pts" beside them, a sum
    a reader cannot redo; the figures themselves stay as computed (the JSON's `delta`).
    Written in the larger figure's unit: $3.84B to $76k is -$3.84B, $5M to $0.00 is -$5M.
    """
    if not (math.isfinite(value) and math.isfinite(reference)):
        return "n/a"
    shown = [_shown_as(kpi, figure, True, unit) for figure in (value, reference)]
    now, was = (round(float(s.scale(f)), s.decimals) * s.size
                for s, f in zip(shown, (value, reference), strict=True))  # fmt: skip
    top = max(shown, key=lambda s: (s.size, s.decimals))
    return _figure(round((now - was) / top.size, top.decimals), top, signed=True)


def _shown_as(kpi: str, value: float, signed: bool, unit: bool) -> Shown:
    """How `value` of `kpi` is shown, so that a figure that is not 0 never reads 0.

    Dollars in the unit `usd_short` picks ($3.84B, $5M, $76k: "0.00B" read as none);
    a fixed unit with the decimals the figure needs (0.001 MW, not 0.0 MW).
    """
    if kpi.endswith("_usd") and kpi != "cost_per_m_tokens_usd":
        return _dollars(value, unit)
    if kpi in SHARE_KPIS:
        return Shown(percent_points, 0, "", " pts" if signed else "%", 1.0)
    scale, decimals, suffix = _fixed_unit(kpi, unit)
    return Shown(scale, _places(float(scale(value)), decimals), "", suffix, 1.0)


def _fixed_unit(kpi: str, unit: bool) -> tuple[Scale, int, str]:
    """A KPI's fixed unit: scale, least decimals and suffix."""
    if kpi == "cost_per_m_tokens_usd":
        return as_is, 2, ""
    if kpi.endswith("facility_mw"):
        return as_is, 1, " MW" * unit
    if kpi == "capacity_gpu_hours":
        return millions, 0, "M"
    return as_is, RISK_DECIMALS if kpi == "risk_index" else 0, ""


def _dollars(value: float, unit: bool) -> Shown:
    """A dollar figure as `usd_short` writes it, the sign left to `_figure`."""
    text = usd_short(value)
    suffix = text[-1] if text[-1] in UNITS else ""
    size = UNITS.get(suffix, 1.0)
    decimals = len(text.removesuffix(suffix).partition(".")[2])
    return Shown(lambda usd: usd / size, decimals, "$" * unit, suffix, size)


def _places(number: float, decimals: int) -> int:
    """The decimals (`decimals` to 6) a figure needs not to read 0 (`nonzero_text`)."""
    return len(nonzero_text(number, decimals).partition(".")[2])


def nonzero_text(number: float, decimals: int) -> str:
    """`number` to `decimals`, or to the fewest more (at most 6) at which it does not read 0.

    $15k in a $M column read "0", 0.001 MW "0.0 MW": a figure that is there, shown as none.
    Below 6 decimals it is rounding residue and reads 0.
    """
    text = past(number, 0.0, decimals)
    return f"{0.0:,.{decimals}f}" if reads_zero(text) else text


def _figure(number: float, shown: Shown, signed: bool) -> str:
    spec = f"{'+' if signed else ''},.{shown.decimals}f"
    text = signed_text(number, spec) if signed else format(number, spec)
    sign = text[0] if text[0] in "+-" else ""  # -$0.25B, as `usd` writes it
    return f"{sign}{shown.prefix}{text[len(sign) :]}{shown.suffix}"
