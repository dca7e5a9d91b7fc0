"""`scaledeck workbook [FILE] OUT.xlsx`: the finance workbook, live formulas (core.formats.finance).

Every scenario of FILE side by side (the baseline first); with what-if options, the
scenario `--scenario` names (default: the baseline) changed by them is added last.
"""

import argparse
from typing import Any

import core
from cli.errors import EXIT_OK, writing
from cli.scenario_args import add_what_if, what_if_variant
from cli.share_commands import add_file_and_out, file_and_out
from core.formats.finance import write_finance_workbook
from core.units import counted


def register(commands: Any) -> None:
    """Add `workbook` to the `scaledeck` parser."""
    parser = commands.add_parser(
        "workbook", help="the finance workbook: the money as live Excel formulas, with checks"
    )
    add_file_and_out(parser, "OUT.xlsx", "the finance workbook")
    parser.add_argument(
        "--scenario", help="the scenario the what-if options change (default: the baseline)"
    )
    add_what_if(parser)
    parser.set_defaults(run=run_workbook)


def run_workbook(args: argparse.Namespace) -> int:
    """Write the workbook of FILE's scenarios (or the default), and the what-if if any."""
    file, out = file_and_out(args, (".xlsx",))
    book = core.load_workbook(file) if file else core.make_workbook(core.default_scenario())
    name = book.baseline.name if args.scenario is None else args.scenario
    if name not in book.names:
        known = ", ".join(book.names)
        raise core.ScenarioError(
            [core.Problem("scenario", f"no {name!r} in the file (it has: {known})")]
        )
    variant = what_if_variant(book, name, args)
    scenarios = [*book.scenarios, *([variant] if variant else [])]
    with writing(out):
        write_finance_workbook(scenarios, out)
    print(f"wrote {out} ({counted(len(scenarios), 'scenario')} side by side)")
    return EXIT_OK
