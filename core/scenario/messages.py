"""Pydantic's validation errors rewritten for people: a field path and a reason in words.

`products[2].routing: shares sum to 1.30, must be 1.00` rather than a pydantic dump.
"""

import errno
import stat
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from core.scenario.checks import Problem, ScenarioError
from core.units import counted, years_text

GROUPED_BELOW = 1e12  # whole bounds below this are written out, grouped; above, as 1e+13
MAX_PROBLEMS = 50  # more than this is noise: the first ones say what is wrong
# Fields that moved in a schema version: where a file of the new version holds them now.
MOVED = {"availability": "availability is per provider since version 5: provider_availability"}


def scenario_error(error: ValidationError, at: str = "") -> ScenarioError:
    """A ScenarioError with every problem of `error` (at most MAX_PROBLEMS lines).

    `at` is the field path of the part `error` validated alone (`fleet`, `models[3]`),
    so each path reads as validating the whole scenario would give it.
    """
    return capped([_placed(at, p) for p in problems_from(error)])


def capped(problems: list[Problem]) -> ScenarioError:
    """A ScenarioError with `problems`, at most MAX_PROBLEMS of them and a count of the rest."""
    if len(problems) > MAX_PROBLEMS:
        more = Problem("", f"... and {len(problems) - MAX_PROBLEMS} more problems")
        problems = [*problems[:MAX_PROBLEMS], more]
    return ScenarioError(problems)


def _placed(at: str, problem: Problem) -> Problem:
    """`problem` of a part, its path under the part's path `at`."""
    if not at:
        return problem
    joint = "" if not problem.path or problem.path.startswith("[") else "."
    return Problem(at + joint + problem.path, problem.message)


def problems_from(error: ValidationError) -> list[Problem]:
    """One problem per pydantic error, with a readable field path and reason."""
    items = error.errors()
    paths = [_format_path(item["loc"]) for item in items]
    problems: list[Problem] = []
    for item, path in zip(items, paths, strict=True):
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, ScenarioError):
            prefix = f"{path}." if path else ""
            problems += [Problem(prefix + p.path, p.message) for p in cause.problems]
        elif item["type"] == "too_short" and any(p.startswith(f"{path}[") for p in paths):
            continue  # pydantic counted only the valid rows; the rows' own problems say it all
        else:
            problems.append(Problem(path, _message(item) + _moved(item)))
    return problems


def _moved(item: Any) -> str:
    """A hint for a field a newer version moved (`models[3].availability` in a v5 file)."""
    field = item["loc"][-1] if item["loc"] else None
    hint = MOVED.get(str(field)) if item["type"] == "extra_forbidden" else None
    return f" ({hint})" if hint and len(item["loc"]) > 1 else ""


def _format_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("in_house", "partner", "[key]"):
            continue  # discriminator tags and key markers add nothing for a reader
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text


def _message(item: Any) -> str:
    kind, ctx, value = item["type"], item.get("ctx") or {}, item.get("input")
    bound = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), None)
    shown = _beside(value, bound)
    messages = {
        "greater_than_equal": f"{shown} is below the minimum {_number(ctx.get('ge'))}",
        "greater_than": f"{shown} must be above {_number(ctx.get('gt'))}",
        "less_than_equal": f"{shown} is above the maximum {_number(ctx.get('le'))}",
        "less_than": f"{shown} must be below {_number(ctx.get('lt'))}",
        "finite_number": "NaN and infinity are not allowed",
        "missing": "is required",
        "extra_forbidden": "is not a known field",
        "union_tag_invalid": f"kind {_short(ctx.get('tag'))} is not one of 'in_house', 'partner'",
        "too_short": _too_short(ctx),
        "too_long": _too_long(ctx),
        "union_tag_not_found": "needs a kind: 'in_house' or 'partner'",
        "string_too_long": f"is longer than {ctx.get('max_length')} characters",
        "string_too_short": "must not be blank",  # names are stripped: "  " is blank
    }
    if kind in messages:
        return messages[kind]
    message = str(item["msg"]).removeprefix("Value error, ").removeprefix("Input should be ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        got = "null" if value is None else f"{json_type(value)} {shown}"
        return f"must be {message}, got {got}"
    return message


def _too_short(ctx: dict[str, Any]) -> str:
    """A table under its least count: "has 0 entries; at least 1"."""
    return f"has {_entries(ctx.get('actual_length'))}; at least {_number(ctx.get('min_length'))}"


def _too_long(ctx: dict[str, Any]) -> str:
    """A table over its limit (pydantic does not count a mapping's entries)."""
    actual, limit = ctx.get("actual_length"), ctx.get("max_length")
    if actual is None:
        return f"has more than {_entries(limit)}"
    return f"has {_entries(actual)}; at most {_number(limit)}"


def _entries(number: object) -> str:
    """A table's count of entries: "1 entry", "3 entries"."""
    return counted(number, "entry", "entries") if isinstance(number, int) else f"{number} entries"


def _number(value: object) -> str:
    """A bound as a reader compares it with a count: 10,000,000 (":g" wrote 1e+07); 1e+13."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer() and abs(value) < GROUPED_BELOW:
        return f"{value:,.0f}"
    return f"{value:g}"


def _beside(value: object, bound: object) -> str:
    """`value` as typed, in all its digits where fewer read as the bound it breaks.

    100000.5 above the maximum 100,000 read "100000 is above the maximum 100000".
    """
    shown = _short(value)
    if not isinstance(value, float) or not isinstance(bound, int | float) or value == bound:
        return shown
    return repr(value) if float(shown) == bound else shown


def _short(value: object) -> str:
    """A value as typed: 10000001, 0.5, 1e-300 (":g" wrote 10000001.0 as 1e+07, the bound)."""
    if isinstance(value, float):
        whole = value.is_integer() and abs(value) < GROUPED_BELOW
        return f"{value:.0f}" if whole else f"{value:g}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def json_type(value: object) -> str:
    """How JSON would name the type of `value` (an object, an array, a string, ...)."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    names |= {int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# Why a write failed, in the words a user acts on (errno -> reason); anything else keeps
# the system's own text.
WRITE_REASONS = {
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "part of its folder path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.EACCES: "permission denied (the folder or file is not writable for you)",
    errno.EPERM: "permission denied (the folder or file is not writable for you)",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENAMETOOLONG: "the name is too long",
}


def write_reason(error: OSError) -> str:
    """Why writing a file failed, in plain words (folder missing, a folder, permission, disk)."""
    if error.errno in WRITE_REASONS:
        return WRITE_REASONS[error.errno]
    if error.strerror:  # the system's words, as the middle of a sentence
        return error.strerror.lower()
    return str(error) or type(error).__name__  # our own words (may name a file): as they are


def not_a_file(mode: int) -> str | None:
    """Why a path of stat `mode` is no file to read, in words; None for a regular file.

    One wording for scenario files, traces and usage tables: /dev/zero has size 0, so a
    trace said "is empty", and a device or FIFO never ends.
    """
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


def year_outside(year: int, years: Sequence[int]) -> Problem:
    """The one wording for a year a command cannot show: `year: Y is outside the horizon A-B`."""
    span = years_text(range(min(years), max(years) + 1))  # a one-year horizon is "2026"
    return Problem("year", f"{year} is outside the horizon {span}")
