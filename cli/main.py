"""`scaledeck` command line: argument parsing and dispatch to one function per command."""

import argparse
import os
import sys
from collections.abc import Sequence

from cli import (
    analysis_commands,
    compare_command,
    gui_commands,
    model_commands,
    serve_command,
    share_commands,
)


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar."""
    parser = argparse.ArgumentParser(  # bad arguments: usage and exit 2 (argparse's own rule)
        prog="scaledeck",
        description="ScaleDeck: AI compute strategy - cluster scale, model sourcing, routing.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    model_commands.register(commands)
    serve_command.register(commands)
    compare_command.register(commands)
    analysis_commands.register(commands)
    share_commands.register(commands)
    gui_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return gui_commands.run_gui(args)
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # `scaledeck ... | head`: the reader left; nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
