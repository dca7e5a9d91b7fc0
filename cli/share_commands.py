"""Commands that write files to share: `export` (XLSX or CSV tables) and `report` (PDF brief)."""

import argparse
import os
from pathlib import Path
from typing import Any

import core
from cli.errors import EXIT_OK, check_writable, write_problem, writing
from cli.scenario_args import (
    add_what_if,
    changed_and_saved,
    open_scenario,
    shown,
    what_if_given,
    what_if_name,
    what_if_variant,
)
from core.analysis.compare import routing_words
from core.formats.export import RESULT_SUFFIXES, SetWriteError, export_files, export_results
from core.scenario.messages import year_outside


def register(commands: Any) -> None:
    """Add `export` and `report` to the `scaledeck` parser."""
    export = commands.add_parser(
        "export", help="result tables to XLSX (one sheet each) or CSV (one file each)"
    )
    add_file_and_out(export, "OUT.xlsx|OUT.csv", "the output: XLSX, or CSV with one file a table")
    export.add_argument("--scenario", help="a variant of FILE, by name (default: its baseline)")
    add_what_if(export)
    export.set_defaults(run=run_export)
    report = commands.add_parser("report", help="the executive brief as a PDF (headless)")
    document_arguments(report, "OUT.pdf", "year of the KPI tiles (default: the ramp's target year)")
    report.set_defaults(run=run_report)


def document_arguments(parser: argparse.ArgumentParser, out: str, year_help: str) -> None:
    """`[FILE] OUT [--scenario NAME] [--year Y] [--theme T]` and the what-ifs: brief and deck."""
    add_file_and_out(parser, out, "the output file")
    parser.add_argument("--scenario", help="a variant of FILE, by name (default: its baseline)")
    add_what_if(parser)
    parser.add_argument("--year", type=int, help=year_help)
    parser.add_argument(
        "--theme", choices=("light", "dark"), default="light", help="colour theme (default light)"
    )


def add_file_and_out(parser: argparse.ArgumentParser, out: str, out_help: str) -> None:
    """`[FILE] OUT` as two positionals: export, report, deck and workbook.

    Not one `paths` (nargs="+"), whose usage read "[FILE] OUT.pdf [[FILE] OUT.pdf ...]",
    more than any of these commands takes.
    """
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="scenario file (default: the built-in baseline)"
    )
    parser.add_argument("out", metavar=out, help=out_help)


def file_and_out(args: argparse.Namespace, suffixes: tuple[str, ...]) -> tuple[str | None, Path]:
    """`[FILE] OUT`: the scenario file (None: the default) and the output path, checked."""
    return args.file, output_path(args.out, suffixes)


def output_path(text: str, suffixes: tuple[str, ...]) -> Path:
    """The output path OUT, checked now: its suffix, and that it can be written."""
    out = Path(text)
    if out.suffix.lower() not in suffixes:
        wanted = " or ".join(suffixes)
        raise core.ScenarioError([core.Problem(str(out), f"the output must end in {wanted}")])
    check_writable(out)
    return out


def run_export(args: argparse.Namespace) -> int:
    """`scaledeck export [FILE] OUT.xlsx|OUT.csv [--scenario NAME]` and the what-ifs.

    A what-if's stamp names the routing it changed, which its key inputs do not show
    ("Baseline (what-if: GitHub Copilot routed MAI-2 50%, ...)"). Every file of a CSV set
    is checked before any is written, so a folder named like a sidecar (`OUT-models.csv`)
    is named and no half set is left; a write that still fails (a full disk) names its file
    and the files written before it.
    """
    out = output_path(args.out, RESULT_SUFFIXES)
    for target in export_files(out):
        check_writable(target)
    original = open_scenario(args.file, args.scenario)
    changed = changed_and_saved(original, args)
    scenario = shown(changed, args)  # `NAME (what-if)`; its stamp says what changed
    stamped = what_if_name(changed.name, routing_words(original, changed))
    with writing(out):  # the XLSX; a CSV set's file is named by `_set_problem`
        try:
            written = export_results(
                scenario,
                core.evaluate(scenario),
                out,
                stamp_name=stamped if what_if_given(args) else None,
            )
        except SetWriteError as error:
            raise core.ScenarioError([_set_problem(error)]) from None
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _set_problem(error: SetWriteError) -> core.Problem:
    """The file of a CSV set that failed, and which of the set were written before it."""
    problem = write_problem(error.target, error)
    if not error.written:
        return core.Problem(problem.path, f"{problem.message}; no file of the set was written")
    done = ", ".join(str(p) for p in error.written)
    return core.Problem(problem.path, f"{problem.message}; written before it: {done}")


def run_report(args: argparse.Namespace) -> int:
    """`scaledeck report [FILE] OUT.pdf`: rendered offscreen, no window shown."""
    file, out = file_and_out(args, (".pdf",))
    original = open_scenario(file, args.scenario)  # names the missing variant, if any
    book = core.load_workbook(file) if file else core.make_workbook(original)
    # The what-ifs, if any, as a variant `NAME (what-if)` beside the file's scenarios, as
    # the deck has them: put in the baseline's place, its tiles compared it with itself
    # ("CAPEX ✓ GOOD" where the deck said "✕ ACT: +1,576% vs base").
    changed = what_if_variant(book, original.name, args)
    if changed is not None:
        book = core.make_workbook(book.baseline, (*book.variants, changed))
    scenario = changed or original
    if args.year is not None and args.year not in scenario.horizon.years:
        raise core.ScenarioError([year_outside(args.year, scenario.horizon.years)])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import application
    from gui.share.brief import write_brief
    from gui.style.appearance import appearance

    application()
    appearance().set_preference(args.theme, remember=False)
    with writing(out):
        pages = write_brief(book, scenario.name, out, args.year)
    print(f"wrote {out} ({pages} pages)")
    return EXIT_OK
