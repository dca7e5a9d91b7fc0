"""`scaledeck compare [FILE]`: the scenarios of a file side by side, with deltas.

With what-if options, the reference scenario (or `--scenario NAME`) changed by them is
compared too, last.
The JSON keeps its one-year `kpis` and adds every decision row for every scenario and
year (`horizon`, `by_year`), each change with its `direction` (core.summary.direction).
"""

import argparse
import math
from collections.abc import Sequence
from typing import Any

import core
from cli.errors import EXIT_OK, json_text, report_problems
from cli.scenario_args import add_what_if, what_if_variant
from cli.tables import aligned
from core.analysis.compare import (
    BUSY_HOUR_ROWS,
    COMPARED_KPIS,
    HORIZON,
    MEASURES,
    Comparison,
    Decision,
    compare,
    format_change,
    format_kpi,
    no_figure_reason,
    span_words,
)
from core.scenario.messages import year_outside
from core.summary.direction import change_direction
from core.units import percent_change


def register(commands: Any) -> None:
    """Add `compare` to the `scaledeck` parser."""
    parser = commands.add_parser("compare", help="a file's scenarios side by side, with deltas")
    parser.add_argument(
        "file", nargs="?", help="scenario file with variants (default: the built-in baseline)"
    )
    parser.add_argument(
        "--year", type=int, help="the year compared (default: the ramp target year)"
    )
    parser.add_argument(
        "--scenarios", help="comma-separated names, reference first (default: all, baseline first)"
    )
    parser.add_argument(
        "--scenario",
        metavar="NAME",
        help="compare the variant NAME with the baseline (the scenario the what-if options "
        "change, as in every command)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    add_what_if(parser)
    parser.set_defaults(run=run_compare)


def run_compare(args: argparse.Namespace) -> int:
    """Load, pick, compare and print; exit 2 with one line per problem."""
    try:
        book = core.load_workbook(args.file) if args.file else _default_book()
        option, names = _picked(book, args)
        unknown = [n for n in names if n not in book.names]
        if unknown:
            known = ", ".join(book.names)
            raise core.ScenarioError(
                [
                    core.Problem(option, f"no scenario named {n!r} (the file has: {known})")
                    for n in unknown
                ]
            )
        scenarios = [book.named(n) for n in names]
        variant = what_if_variant(book, names[-1] if args.scenario else names[0], args)
        picked = scenarios + ([variant] if variant else [])
        _check_year(args.year, picked)
        comparison = compare(picked, args.year)
    except core.ScenarioError as error:
        return report_problems(error)
    print(json_text(comparison_json(comparison)) if args.json else comparison_table(comparison))
    return EXIT_OK


def _picked(book: core.Workbook, args: argparse.Namespace) -> tuple[str, list[str]]:
    """(the option that picked them, the names compared, reference first).

    `--scenario NAME` is every command's: the variant of FILE to work on, here beside the
    baseline it is a variant of, and the scenario the what-if options change. Before it
    existed argparse read `--scenario X` as `--scenarios X`, one scenario, and refused.
    """
    if args.scenario is None:
        listed = args.scenarios and [n.strip() for n in args.scenarios.split(",")]
        return "scenarios", listed or book.names
    if args.scenarios:
        why = "give --scenario NAME (NAME against the baseline) or --scenarios A,B, not both"
        raise core.ScenarioError([core.Problem("scenario", why)])
    return "scenario", list(dict.fromkeys((book.baseline.name, args.scenario)))


def _check_year(year: int | None, scenarios: Sequence[core.Scenario]) -> None:
    """A --year outside the years the scenarios share, said first.

    `compare` checks the count of scenarios before the year; a user who typed a wrong
    year (`compare --year 2040`, the built-in baseline alone) hears of the year first.
    """
    common = sorted(set.intersection(*(set(s.horizon.years) for s in scenarios)))
    if year is not None and common and year not in common:
        raise core.ScenarioError([year_outside(year, common)])


def _default_book() -> core.Workbook:
    return core.make_workbook(core.default_scenario())


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """{year, scenarios, reference, kpis, years, labels, horizon, by_year, horizons}.

    `kpis`: {kpi: {scenario: {value, delta, delta_pct}}} in `year` (kept as it was);
    `horizon`: {measure: {scenario: cell}}; `by_year`: {measure: {scenario: {year: cell}}},
    a cell being {value, delta, delta_pct, direction}, for every year the scenarios share;
    `horizons`: {scenario: {start_year, end_year}}, the years its `horizon` cells cover;
    `busy_hour`: {unit, capacity_ref_gpu_eq, demand_ref_gpu_eq: {scenario: {value, delta,
    delta_pct}}} in `year`, in reference-GPU equivalents at the busy hour.
    """
    horizon: dict[str, dict[str, Any]] = {}
    by_year: dict[str, dict[str, Any]] = {}
    first = [d for d in comparison.decisions if d.scenario == comparison.names[0]]
    base = {(d.measure, d.year): d.value for d in first}
    for d in comparison.decisions:
        cell: dict[str, Any] = {m: _number(getattr(d, m)) for m in MEASURES}
        reference = base.get((d.measure, d.year), 0.0)
        cell["direction"] = change_direction(d.measure, reference, d.value)
        if d.year == HORIZON:
            horizon.setdefault(d.measure, {})[d.scenario] = cell
        else:
            by_year.setdefault(d.measure, {}).setdefault(d.scenario, {})[str(d.year)] = cell
    return {
        "year": comparison.year,
        "scenarios": comparison.names,
        "reference": comparison.names[0],
        "kpis": {
            kpi: {
                name: {m: _number(comparison.cell(kpi, name, m)) for m in MEASURES}
                for name in comparison.names
            }
            for kpi, _label in COMPARED_KPIS
        },
        "years": sorted({d.year for d in comparison.decisions if isinstance(d.year, int)}),
        "labels": {d.measure: d.label for d in comparison.decisions},
        "horizon": horizon,
        "by_year": by_year,
        "horizons": {
            name: {"start_year": first, "end_year": last}
            for name, (first, last) in comparison.spans.items()
        },
        # Capacity and demand as the window, the deck and the dashboard count them (the
        # GPU-hours of `kpis` read a faster fleet as less demand); added beside `kpis`.
        "busy_hour": {
            "unit": f"{comparison.reference_gpu}-eq",
            **{
                key: {
                    name: {m: _number(comparison.cell(key, name, m)) for m in MEASURES}
                    for name in comparison.names
                }
                for key, _kpi, _label in BUSY_HOUR_ROWS
            },
        },
    }


def comparison_table(comparison: Comparison) -> str:
    """The decision rows (over the horizon, then in `year`) and the year's other KPIs.

    Per scenario its value, then its change against the reference; headers are whole.
    Every row of one year names it; when the horizons differ a Horizon row names each
    scenario's years and a horizon row's change has no % for a scenario whose years
    differ from the reference's.
    """
    names, year = comparison.names, comparison.year
    spans = comparison.spans
    unequal = [spans[n] != spans[names[0]] for n in names]  # per scenario, as the reference's
    rows: list[tuple[str, list[str]]] = []
    if comparison.horizons_differ:
        rows.append(("Horizon", [span_words(*spans[n]) for n in names]))
    groups: dict[tuple[str, int | str], dict[str, Decision]] = {}
    for d in comparison.decisions:
        if d.year in (HORIZON, year):
            groups.setdefault((d.measure, d.year), {})[d.scenario] = d
    for (measure, when), by_name in groups.items():
        label = next(iter(by_name.values())).label + ("" if when == HORIZON else f", {when}")
        missing = Decision(names[0], measure, label, when, 0.0, 0.0, math.nan)
        figures = [
            (p.value, p.delta, p.delta_pct) for p in (by_name.get(n, missing) for n in names)
        ]
        over = unequal if when == HORIZON else [False] * len(names)
        rows.append((label, _cells(measure, figures, over)))
    for kpi, label in comparison.one_year_rows():  # capacity as the dashboard counts it
        if (kpi, year) in groups:
            continue  # a decision row above already
        cells = [tuple(comparison.cell(kpi, n, m) for m in MEASURES) for n in names]
        why = [no_figure_reason(r, kpi, year) for r in comparison.results]
        rows.append((f"{label}, {year}", _cells(kpi, cells, why=why)))
    head = [f"Compared in {year}; deltas against {names[0]!r}", ""]
    note = [
        "",
        "The horizons differ: each horizon row is a scenario's figure over its own years "
        "(the Horizon row), so a change between two spans is not like for like and has no %.",
    ]
    return "\n".join(head + aligned(names, rows, least=0) + (note if any(unequal) else []))


def _cells(
    kpi: str,
    figures: Sequence[tuple[float, ...]],
    unequal: Sequence[bool] = (),
    why: Sequence[str | None] = (),
) -> list[str]:
    """The reference's value, then each other scenario's value, change and % change.

    `unequal[i]`: scenario i's figure spans other years than the reference's, so its change
    says so instead of a %. `why[i]`: why scenario i's figure is n/a, said in its cell
    ("n/a (n/a, n/a)" gave no reason).
    """
    reasons = list(why) or [None] * len(figures)
    (reference, *_), *others = figures
    cells = [_with_reason(format_kpi(kpi, reference), reasons[0])]
    for i, (value, _delta, pct) in enumerate(others, start=1):
        if not math.isfinite(value) and reasons[i]:
            cells.append(f"n/a ({reasons[i]})")
            continue
        if not math.isfinite(reference) and reasons[0]:
            cells.append(f"{format_kpi(kpi, value)} (n/a: {reasons[0]} in the reference)")
            continue
        change = "unequal horizons" if unequal and unequal[i] else percent_change(pct)
        shown = format_change(kpi, value, reference)  # as the figures beside it read
        cells.append(f"{format_kpi(kpi, value)} ({shown}, {change})")
    return cells


def _with_reason(text: str, reason: str | None) -> str:
    """A figure, or n/a with its reason: "n/a (no token is served)"."""
    return f"{text} ({reason})" if text == "n/a" and reason else text


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
