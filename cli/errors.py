"""One voice for every `scaledeck` command's errors: exit 2, one line per problem on stderr.

New commands reuse this module rather than printing their own errors: raise
`core.ScenarioError` (main prints it), write files inside `writing(path)`, check an output
with `check_writable(path)` before slow work and an existing one with
`refuse_existing(path, force)`, print JSON through `json_text` (a number that is not
finite is one line, never a traceback), and register with `OneLineParser` (main's parser
class, inherited by every subcommand) so a bad argument is one line too.
"""

import argparse
import errno
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import core
from core.scenario.messages import write_reason

EXIT_OK, EXIT_PROBLEMS = 0, 2
HEADLESS_HINT = (
    "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset); run headless "
    "with QT_QPA_PLATFORM=offscreen, or render a PNG with `scaledeck screenshot OUT.png`"
)


class OneLineParser(argparse.ArgumentParser):
    """argparse with its errors on one line: `scaledeck CMD: error: ...` (exit 2), no usage."""

    def error(self, message: str) -> NoReturn:
        """Replace argparse's usage-then-error (two lines or more) with one line."""
        text = " ".join(message.split())
        self.exit(EXIT_PROBLEMS, f"{self.prog}: error: {text} (see {self.prog} --help)\n")


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """`parser.parse_args`, but an unknown option is reported by the subcommand given it.

    A subcommand's positionals may come after its options (`screenshot OUT.png --size
    1280x720 FILE`): argparse takes positionals in one run, so the subcommand's own
    words are read again with `parse_intermixed_args` before any is called unknown.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    args, extras = parser.parse_known_args(words)
    if not extras:
        return args
    command, culprit = None, parser
    for action in parser._actions:  # argparse has no public way in
        if isinstance(action, argparse._SubParsersAction):
            command = getattr(args, action.dest)
            culprit = action.choices.get(command, parser)
    if culprit is not parser and command in words:
        try:  # its own errors (one line, exit 2) name the subcommand
            own = culprit.parse_intermixed_args(words[words.index(command) + 1 :])
        except TypeError:  # a parser intermixing cannot read: the extras stay unknown
            own = None
        if own is not None:
            return argparse.Namespace(**(vars(args) | vars(own)))
    culprit.error(f"unrecognized arguments: {' '.join(extras)}")


def fail(message: str) -> int:
    """Print `error: message` on stderr; the exit code for a problem."""
    print(f"error: {message}", file=sys.stderr)
    return EXIT_PROBLEMS


def json_text(data: Any) -> str:
    """`data` as indented JSON; ScenarioError (one line) if a number is inf or NaN.

    Inputs are bounded so that none is: one that is still found is a bug to fix at the
    input, said in a line rather than json's traceback ("Out of range float values").
    """
    try:
        return json.dumps(data, indent=2, allow_nan=False)
    except ValueError:
        words = "a figure came out infinite or not a number (a bug: please report the input)"
        raise core.ScenarioError([core.Problem("output", words)]) from None


def report_problems(error: core.ScenarioError) -> int:
    """Print one `error: <path>: <reason>` line per problem on stderr; the exit code."""
    for problem in error.problems:
        fail(str(problem))
    return EXIT_PROBLEMS


def write_problem(path: str | os.PathLike[str], error: OSError) -> core.Problem:
    """`OUT: could not be written: <why in words>` for a failed write of `path`."""
    return core.Problem(str(path), f"could not be written: {write_reason(error)}")


@contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[None]:
    """Turn an OSError while writing `path` into a ScenarioError saying why."""
    try:
        yield
    except OSError as error:
        raise core.ScenarioError([write_problem(path, error)]) from None


def refuse_existing(path: Path, force: bool, remedy: str = "replaces it") -> None:
    """ScenarioError if `path` exists and `--force` was not given: no command loses a file.

    `remedy` says what `--force` does to it (`new` replaces it; `--save` saves into it).
    """
    if _lookup_error(path) is None and not force:
        raise core.ScenarioError([core.Problem(str(path), f"already exists (--force {remedy})")])


def _lookup_error(path: Path) -> int | None:
    """The errno of looking `path` up (ENOENT: it is not there), None when it exists.

    `Path.exists` raises on a name over 255 bytes (ENAMETOOLONG), a traceback in every writer.
    """
    try:
        path.stat()
    except OSError as error:
        return error.errno or errno.ENOENT
    return None


def check_writable(path: Path) -> None:
    """ScenarioError now, before slow work or Qt, if `path` surely cannot be written.

    The same words as a failed write; a full disk shows only when writing.
    """
    folder = path.parent  # "." for a bare file name
    looked_up = _lookup_error(path)
    if looked_up == errno.ENAMETOOLONG:
        code = looked_up
    elif path.is_dir():
        code = errno.EISDIR
    elif not folder.exists():
        code = errno.ENOENT
    elif not folder.is_dir():
        code = errno.ENOTDIR
    elif not os.access(folder, os.W_OK):
        code = errno.EACCES
    else:
        return
    raise core.ScenarioError([write_problem(path, OSError(code, os.strerror(code)))])


def display_missing() -> bool:
    """True on Linux with no X11 or Wayland display and no Qt platform chosen.

    Qt would abort there (exit 134) with a page about plugins; we say it in one line.
    """
    chosen = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return sys.platform.startswith("linux") and not any(os.environ.get(v) for v in chosen)
