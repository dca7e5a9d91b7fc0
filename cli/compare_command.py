"""`scaledeck compare [FILE]`: the scenarios of a file side by side, with deltas.

With what-if options, the reference scenario changed by them is compared too, last.
"""

import argparse
import json
import math
from typing import Any

import core
from cli.errors import EXIT_OK, report_problems
from cli.scenario_args import add_what_if, what_if_variant
from core.analysis.compare import COMPARED_KPIS, MEASURES, Comparison, compare, format_kpi


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
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    add_what_if(parser)
    parser.set_defaults(run=run_compare)


def run_compare(args: argparse.Namespace) -> int:
    """Load, pick, compare and print; exit 2 with one line per problem."""
    try:
        book = core.load_workbook(args.file) if args.file else _default_book()
        names = [n.strip() for n in args.scenarios.split(",")] if args.scenarios else book.names
        unknown = [n for n in names if n not in book.names]
        if unknown:
            known = ", ".join(book.names)
            raise core.ScenarioError(
                [
                    core.Problem("scenarios", f"no scenario named {n!r} (the file has: {known})")
                    for n in unknown
                ]
            )
        scenarios = [book.named(n) for n in names]
        variant = what_if_variant(book, names[0], args)
        comparison = compare(scenarios + ([variant] if variant else []), args.year)
    except core.ScenarioError as error:
        return report_problems(error)
    print(
        json.dumps(comparison_json(comparison), indent=2)
        if args.json
        else comparison_table(comparison)
    )
    return EXIT_OK


def _default_book() -> core.Workbook:
    return core.make_workbook(core.default_scenario())


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """{year, scenarios, reference, kpis: {kpi: {scenario: {value, delta, delta_pct}}}}."""
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
    }


def comparison_table(comparison: Comparison) -> str:
    """KPIs as rows; per scenario its value, then the change against the reference."""
    names = comparison.names
    width = max(len(label) for _kpi, label in COMPARED_KPIS)
    head = f"{'':<{width}}" + "".join(f"{n[:24]:>26}" for n in names)
    lines = [f"Compared in {comparison.year}; deltas against {names[0]!r}", "", head]
    for kpi, label in COMPARED_KPIS:
        cells = []
        for name in names:
            value, delta, pct = (comparison.cell(kpi, name, m) for m in MEASURES)
            cell = format_kpi(kpi, value)
            if name != names[0]:
                change = f"{pct:+.0%}" if math.isfinite(pct) else "n/a"
                cell += f" ({format_kpi(kpi, delta, signed=True)}, {change})"
            cells.append(f"{cell:>26}")
        lines.append(f"{label:<{width}}" + "".join(cells))
    return "\n".join(lines)


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
