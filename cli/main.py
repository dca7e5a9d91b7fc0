"""`scaledeck` command line: argument parsing and dispatch to one function per command."""

import argparse
import os
import sys
from collections.abc import Sequence

import core
from cli import (
    analysis_commands,
    catalog_command,
    compare_command,
    deck_command,
    gui_commands,
    model_commands,
    new_command,
    optimize_command,
    plan_command,
    serve_command,
    share_commands,
    trace_command,
    workbook_command,
)
from cli.errors import (
    EXIT_OK,
    HEADLESS_HINT,
    OneLineParser,
    display_missing,
    fail,
    parse,
    report_problems,
)
from cli.scenario_args import write_pending_save
from cli.stdout_guard import keep_stdout_for_python


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar."""
    parser = OneLineParser(  # its subcommands' parsers are OneLineParsers too
        prog="scaledeck",
        description="ScaleDeck: AI compute strategy - cluster scale, model sourcing, routing.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    model_commands.register(commands)
    new_command.register(commands)
    serve_command.register(commands)
    compare_command.register(commands)
    optimize_command.register(commands)
    analysis_commands.register(commands)
    plan_command.register(commands)
    share_commands.register(commands)
    deck_command.register(commands)
    workbook_command.register(commands)
    catalog_command.register(commands)
    trace_command.register(commands)
    gui_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code (a bad argument exits 2 in argparse).

    A command that opens a window sets `opens_window=True` in its defaults (bare
    `scaledeck` opens one); a command may raise ScenarioError for main to print. The
    file `--save` asks for is written only once the command has succeeded.
    """
    args = parse(build_parser(), argv)
    if getattr(args, "opens_window", args.command is None) and display_missing():
        return fail(HEADLESS_HINT)
    try:
        code = _run(args)
        if code == EXIT_OK:
            write_pending_save(args)
    except core.ScenarioError as error:
        return report_problems(error)
    return code


def _run(args: argparse.Namespace) -> int:
    """The command's own exit code; a reader who left (`| head`) is no failure of it."""
    try:
        code: int = getattr(args, "run", gui_commands.run_gui)(args)
    except BrokenPipeError:
        return _reader_left()
    return code


def console() -> int:
    """The `scaledeck` program: `main`, with standard output kept for what it prints."""
    keep_stdout_for_python()
    code = main()
    try:
        sys.stdout.flush()  # what is still buffered goes now, while a closed pipe is handled
    except BrokenPipeError:
        return _reader_left()
    return code


def _reader_left() -> int:
    """`scaledeck ... | head`: the reader left, so nothing more is said (exit 0, no traceback)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(console())
