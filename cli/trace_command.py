"""`scaledeck trace FILE`: a request trace's workload profile (docs/model.md#F-trace-profile)."""

import argparse
import sys
from typing import Any

from cli.errors import EXIT_OK, fail, json_text
from core.formats.trace import (
    DEFAULT_WINDOW_S,
    MAX_SPAN_S,
    MIN_WINDOW_S,
    TraceColumns,
    TraceError,
    TraceProfile,
    load_trace_profile,
    window_problem,
)

DEFAULTS = TraceColumns()


def register(commands: Any) -> None:
    """Add `trace` to the `scaledeck` parser."""
    parser = commands.add_parser("trace", help="the workload profile of a request trace")
    parser.add_argument("file", help="CSV or CSV.GZ, one row per request (Azure trace format)")
    parser.add_argument(
        "--window",
        type=float,
        default=DEFAULT_WINDOW_S,
        help=f"seconds per window for the peak-to-average, {MIN_WINDOW_S:g} to {MAX_SPAN_S:,.0f} "
        "(default: %(default)g)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    for role, default in (
        ("timestamp", DEFAULTS.timestamp),
        ("prompt", DEFAULTS.prompt),
        ("output", DEFAULTS.output),
    ):
        parser.add_argument(
            f"--{role}-column",
            default=default,
            help=f"header of the {role} column, any case (default: %(default)s)",
        )
    parser.set_defaults(run=run_trace)


def run_trace(args: argparse.Namespace) -> int:
    """Read and measure; a bad file or window exits 2 with one line on stderr.

    The window is checked before the file is read: a bad one waits for no gigabyte.
    """
    problem = window_problem(args.window)
    if problem is not None:
        return fail(f"--window: {problem}")
    columns = TraceColumns(args.timestamp_column, args.prompt_column, args.output_column)
    try:
        profile = load_trace_profile(args.file, args.window, columns)
    except TraceError as error:
        return fail(str(error))
    if args.json:
        print(json_text(profile.as_json()))
        for note in profile.notes():
            print(f"note: {note}", file=sys.stderr)
    else:
        print(profile_table(profile))
    return EXIT_OK


def profile_table(profile: TraceProfile) -> str:
    """The profile for people: one figure a line, with its unit."""
    lines = [
        f"requests            {profile.requests:,}",
        f"duration            {profile.duration_s:,.1f} s",
        f"requests per second {profile.requests_per_s:,.2f}",
        f"prompt tokens       {_spread(profile, 'prompt')}",
        f"output tokens       {_spread(profile, 'output')}",
        f"output fraction     {profile.output_fraction:.4f}",
        f"peak to average     {profile.peak_to_average:.2f} (windows of {profile.window_s:g} s)",
        f"tokens per year     {profile.tokens_per_year:,.3g} at this rate",
    ]
    return "\n".join(lines + [f"note: {note}" for note in profile.notes()])


def _spread(profile: TraceProfile, kind: str) -> str:
    """Mean and percentiles of prompt or output tokens per request."""
    mean = getattr(profile, f"mean_{kind}_tokens")
    p50, p95, p99 = (getattr(profile, f"p{q}_{kind}_tokens") for q in (50, 95, 99))
    return f"mean {mean:,.1f}, p50 {p50:,.0f}, p95 {p95:,.0f}, p99 {p99:,.0f}"
