"""The deck's argument: each variant against the baseline, and a plan's recommendation.

A comparison is the compare window's decision rows (core.analysis.compare) for the
horizon and the deck's year, each change in words and judged by what it means
(core.summary.direction). A recommendation is what a scenario holding a plan adds (its
build plan, else its ramp) and where it routes, with the plan's reasons (core.plan.explain)
re-derived for its build.
Pure content (no pptx): core.formats.deck draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.analysis.compare import HORIZON, Comparison, Decision, format_change, format_kpi
from core.engine.result_tables import KpiName
from core.engine.results import Results
from core.formats.storyline import comparison_title, share_words
from core.plan.explain import Explain, build_notes, explain_plan
from core.plan.routing import recommend_routing
from core.scenario.checks import ScenarioError
from core.scenario.plan_edits import ramp_build_plan
from core.scenario.schema import Scenario
from core.summary.direction import Direction, change_direction
from core.units import cost_change, count, usd_short, years_text

MAIN = 0.5  # a product-year's main model holds at least half its tokens
Added = tuple[int, str, int]  # GPUs added: year, generation, GPUs
SHOWN_LIMITS, SHOWN_CHANGES = 3, 2  # the plan's reasons a slide has room for


@dataclass(frozen=True)
class ComparedRow:
    """One decision row of a comparison slide, each figure in words."""

    label: str
    baseline: str
    variant: str
    change: str
    direction: Direction


@dataclass(frozen=True)
class ComparisonSlide:
    """A variant against the baseline: the message and the decision rows."""

    title: str
    subtitle: str
    rows: tuple[ComparedRow, ...]


def comparison_slides(comparison: Comparison) -> list[ComparisonSlide]:
    """One slide per compared scenario after the first (the baseline), in the year compared."""
    reference, year = comparison.results[0], comparison.year
    base = {
        (d.measure, d.year): d
        for d in comparison.decisions
        if d.scenario == reference.scenario_name
    }
    slides = []
    for results in comparison.results[1:]:
        mine = [d for d in comparison.decisions if d.scenario == results.scenario_name]
        rows = tuple(
            _row(base[(d.measure, d.year)], d)
            for d in mine
            if d.year in (HORIZON, year) and not _idle_generation(base[(d.measure, d.year)], d)
        )
        subtitle = (
            f"{results.scenario_name} against {reference.scenario_name}: over the horizon, then "
            f"in {year}. Green is better, red is worse."
        )
        slides.append(ComparisonSlide(comparison_title(results, reference, year), subtitle, rows))
    return slides


def _idle_generation(base: Decision, d: Decision) -> bool:
    """A GPU generation neither scenario has in the year: a row of zeros says nothing."""
    return d.measure.startswith("gpus_") and base.value == 0 and d.value == 0


def _row(base: Decision, d: Decision) -> ComparedRow:
    label = d.label if d.year == HORIZON else f"{d.label}, {d.year}"
    direction = change_direction(d.measure, base.value, d.value)
    if d.measure.endswith("_usd"):
        change = cost_change(d.value, base.value)
    else:
        change = format_change(d.measure, d.value, base.value)
    if direction == "same":
        change = "the same"
    return ComparedRow(label, _figure(d.measure, base.value), _figure(d.measure, d.value),
                       change, direction)  # fmt: skip


def _figure(measure: str, value: float) -> str:
    return usd_short(value) if measure.endswith("_usd") else format_kpi(measure, value)


def holds_plan(scenario: Scenario) -> bool:
    """True if the scenario carries a plan: a build per year or a routing per year."""
    return scenario.build_plan is not None or bool(scenario.routing_by_year)


@dataclass(frozen=True)
class Recommendation:
    """What a plan builds and routes, against the baseline, and why."""

    title: str
    label: str  # what it builds, in a line
    build: tuple[tuple[str, ...], ...]  # a header row (years), then GPUs added per generation
    routing: tuple[str, ...]  # per product: its main model over the years
    reasons: tuple[str, ...]


def recommendation(
    scenario: Scenario, results: Results, reference: Results, year: int
) -> Recommendation:
    """The recommendation slide of `scenario`, evaluated as `results`, which holds a plan.

    Without a build plan it adds what its ramp adds: "It adds no GPU" beside a fleet of
    15,000 -> 60,000 H100 said the opposite of the comparison slide before it.
    """
    every = added_gpus(scenario, results)
    rows = [row for row in every if row[2] > 0]
    gens = ", ".join(dict.fromkeys(gpu for _year, gpu, _gpus in rows))
    what = "the build" if scenario.build_plan is not None else "the ramp"
    label = (
        f"It adds {count(sum(gpus for *_, gpus in rows))} GPUs ({gens}) over "
        f"{years_text([year for year, *_ in rows])}: {what}, the routing, and why"
        if rows
        else "It adds no GPU: the routing, and why"
    )
    share: KpiName = "external_token_share"
    title = (
        f"{scenario.name} {cost_change(results.pv_cost_usd, reference.pv_cost_usd)} in present "
        f"cost and {share_words(reference.kpi(share, year), results.kpi(share, year))} in {year}"
    )
    table = build_table(scenario.horizon.years, every)
    return Recommendation(title, label, table, routing_lines(scenario), reasons(scenario))


def added_gpus(scenario: Scenario, results: Results) -> list[Added]:
    """The GPUs `scenario` adds: its build plan, else its ramp as evaluated (`results`).

    The ramp's GPUs are the evaluated fleet's, the power cap applied, written as the plan
    that adds them (core.scenario.plan_edits.ramp_build_plan).
    """
    if scenario.build_plan is not None:
        return [(row.year, row.gpu, row.gpus) for row in scenario.build_plan]
    ramp = ramp_build_plan(scenario, results.yearly.gpus)["build_plan"]
    return [(row["year"], row["gpu"], row["gpus"]) for row in ramp]


def build_table(years: list[int], rows: list[Added]) -> tuple[tuple[str, ...], ...]:
    """GPUs added per generation (rows) and year (columns), with the header row."""
    added: dict[str, dict[int, int]] = {}
    for year, gpu, gpus in rows:
        added.setdefault(gpu, {}).setdefault(year, 0)
        added[gpu][year] += gpus
    header = ("GPUs added", *(str(y) for y in years))
    body = [(gpu, *(count(by_year.get(y, 0)) for y in years)) for gpu, by_year in added.items()]
    return (header, *body)


def routing_lines(scenario: Scenario) -> tuple[str, ...]:
    """Per product of the plan's routing: its main model and the years it holds them."""
    runs: dict[str, list[tuple[str, list[int]]]] = {}
    for row in sorted(scenario.routing_by_year, key=lambda r: r.year):
        model, share = max(row.routing.items(), key=lambda item: item[1])
        main = model if share >= MAIN else "split"
        product = runs.setdefault(row.product, [])
        if product and product[-1][0] == main:
            product[-1][1].append(row.year)
        else:
            product.append((main, [row.year]))
    return tuple(
        f"{name}: " + ", then ".join(f"{main} {years_text(years)}" for main, years in held)
        for name, held in runs.items()
    )


def reasons(scenario: Scenario) -> tuple[str, ...]:
    """The plan's reasons for its build, re-solved at cost only; why not, if it cannot be.

    The cheapest GPU and where the build stops are reasons for a build plan: beside a ramp
    they argued for GB200 while the scenario bought H100.
    """
    try:
        plan = recommend_routing(scenario)
        why = explain_plan(plan)
    except ScenarioError as error:
        return (f"The reasons could not be re-derived: {error.problems[0].message}.",)
    shown = (*why.limits[:SHOWN_LIMITS], *why.changes[:SHOWN_CHANGES])
    if scenario.build_plan is not None:
        return (*_cheapest(why), *shown, *why.notes)
    final, relaxed = plan.solution, plan.relaxed
    stops = build_notes(final, relaxed, why.generation_costs) if final and relaxed else []
    return (*shown, *(note for note in why.notes if note not in stops))


def _cheapest(why: Explain) -> list[str]:
    """'MI300X is the cheapest GPU per million tokens in 2026-2031 ($0.16-$0.28; burst ...)'."""
    runs: dict[str, list[int]] = {}
    for year in why.generation_costs:
        if (gpu := why.cheapest_gpu(year)) is not None:  # no token served: none priced
            runs.setdefault(gpu, []).append(year)
    lines = []
    for gpu, years in runs.items():
        own = [why.generation_costs[y][gpu] for y in years]
        burst = [why.generation_costs[y]["cloud burst"] for y in years]
        lines.append(
            f"{gpu} is the cheapest GPU per million tokens in {years_text(years)}: "
            f"{_span(own)} over its life, against {_span(burst)} as cloud burst"
        )
    return lines


def _span(values: list[float]) -> str:
    low, high = f"${min(values):,.2f}", f"${max(values):,.2f}"
    return low if low == high else f"{low}-{high}"
