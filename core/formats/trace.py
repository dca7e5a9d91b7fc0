"""Request traces: read a request-level log and derive a product's workload profile.

One row per request (timestamp, prompt tokens, output tokens), as the Azure LLM inference
traces publish them (`TIMESTAMP,ContextTokens,GeneratedTokens`). The file is streamed in
chunks of typed columns, so memory stays at ~16 bytes per request; files over
MAX_TRACE_BYTES or with more than MAX_TRACE_ROWS requests are refused with the limit
in words. The profile's formulas are in docs/model.md#F-trace-profile.
"""

import math
import re
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.formats import tabular
from core.formats.tabular import (
    TableError,
    check_file,
    csv_chunks,
    csv_header,
    first_bad,
    match_columns,
)
from core.units import HOURS_PER_YEAR

if TYPE_CHECKING:
    import pandas as pd

MAX_TRACE_BYTES = 1 << 30  # 1 GiB on disk (a .gz is limited by its rows)
MAX_TRACE_ROWS = 25_000_000  # ~400 MB of arrays at 16 bytes a request
MAX_REQUEST_TOKENS = 100_000_000  # one request's prompt or output: more is a broken log
SECONDS_PER_YEAR = HOURS_PER_YEAR * 3_600.0
DEFAULT_WINDOW_S = 60.0
MIN_WINDOW_S = 1.0  # a request is served over seconds: a shorter window counts arrivals
MAX_WINDOWS = 10_000_000  # 80 MB of window sums
MAX_SPAN_YEARS = 10  # a request log covers hours to months: more is two logs, or a typo
MAX_SPAN_S = MAX_SPAN_YEARS * SECONDS_PER_YEAR
FIRST_YEAR, END_YEAR = 1970, 2262  # date-times from 1970 to 2261: int64 nanoseconds hold them
BUSY_HOUR_S = 3_600.0  # a scenario's peak_to_average is its busy hour over its average hour
MIN_BUSY_HOUR_S = 2 * BUSY_HOUR_S  # two complete hours: the fewest that have a peak to compare
PERCENTILES = (50, 95, 99)
# A number as a cell may spell it ('12', '-4.5', '1e400'); not 'inf', 'NaN' or '1_000'.
NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")
JSON_KEYS = (
    "requests",
    "duration_s",
    "requests_per_s",
    "mean_prompt_tokens",
    "mean_output_tokens",
    "p50_prompt_tokens",
    "p95_prompt_tokens",
    "p99_prompt_tokens",
    "p50_output_tokens",
    "p95_output_tokens",
    "p99_output_tokens",
    "output_fraction",
    "peak_to_average",
    "tokens_per_year",
)


@dataclass(frozen=True)
class TraceColumns:
    """The header names of a trace's three columns (matched case-insensitively)."""

    timestamp: str = "TIMESTAMP"
    prompt: str = "ContextTokens"
    output: str = "GeneratedTokens"


@dataclass(frozen=True)
class Requests:
    """The requests of a trace, in file order: arrival (ns since the epoch) and tokens."""

    arrival_ns: "np.ndarray[Any, np.dtype[np.int64]]"
    prompt_tokens: "np.ndarray[Any, np.dtype[np.int32]]"
    output_tokens: "np.ndarray[Any, np.dtype[np.int32]]"

    def __len__(self) -> int:
        return len(self.arrival_ns)


@dataclass(frozen=True)
class TraceProfile:
    """A workload profile measured from a trace (docs/model.md#F-trace-profile).

    Rows out of time order are accepted (the profile does not depend on order) and
    exact duplicate rows are kept as requests; both are counted so a user can judge.
    """

    requests: int
    duration_s: float
    requests_per_s: float
    mean_prompt_tokens: float
    mean_output_tokens: float
    p50_prompt_tokens: float
    p95_prompt_tokens: float
    p99_prompt_tokens: float
    p50_output_tokens: float
    p95_output_tokens: float
    p99_output_tokens: float
    output_fraction: float
    peak_to_average: float
    tokens_per_year: float
    window_s: float
    out_of_order_rows: int
    duplicate_rows: int

    def as_json(self) -> dict[str, float | int]:
        """The figures `scaledeck trace --json` prints, by their documented keys."""
        return {key: getattr(self, key) for key in JSON_KEYS}

    def notes(self) -> list[str]:
        """What the reader did with odd rows, in words (empty when there were none)."""
        notes = []
        if self.out_of_order_rows:
            notes.append(
                f"rows out of time order: {self.out_of_order_rows:,}; "
                "each is counted where its timestamp puts it"
            )
        if self.duplicate_rows:
            notes.append(
                f"rows repeating an earlier row exactly: {self.duplicate_rows:,}; kept as requests"
            )
        return notes


class TraceError(TableError):
    """A trace that cannot be read; the message names the file, row and column."""


def read_trace(path: Path | str, columns: TraceColumns = TraceColumns()) -> Requests:
    """Every request of the CSV or CSV.GZ trace at `path`; TraceError names what is wrong."""
    reading = iter_read_trace(path, columns)
    while True:
        try:
            next(reading)
        except StopIteration as done:
            requests: Requests = done.value
            return requests


def iter_read_trace(
    path: Path | str, columns: TraceColumns = TraceColumns()
) -> Generator[int, None, Requests]:
    """As `read_trace`, yielding the requests read after each chunk.

    A caller in a worker shows them as progress and can stop between chunks.
    """
    path = Path(path)
    check_file(path, MAX_TRACE_BYTES, "traces", TraceError)
    wanted = {
        "timestamp": columns.timestamp,
        "prompt tokens": columns.prompt,
        "output tokens": columns.output,
    }
    names = match_columns(path, csv_header(path, TraceError), wanted, TraceError)
    _refuse_exact_twins(path, wanted)
    parts: list[tuple[Any, Any, Any]] = []
    rows = 0
    chunks = csv_chunks(path, list(names.values()), TraceError, (names["timestamp"],))
    for first_row, chunk in chunks:
        rows += len(chunk)
        if rows > MAX_TRACE_ROWS:
            raise TraceError(
                path,
                f"has more than {MAX_TRACE_ROWS:,} requests, the most a trace may have; "
                "import a sample or a shorter period",
                row=MAX_TRACE_ROWS + 1,
            )
        arrival = _arrival_ns(path, chunk[names["timestamp"]], first_row)
        prompt = _tokens(path, chunk[names["prompt tokens"]], first_row)
        output = _tokens(path, chunk[names["output tokens"]], first_row)
        parts.append((arrival, prompt, output))
        yield rows
    if rows == 0:
        raise TraceError(path, "has a header but no requests")
    requests = Requests(*(np.concatenate([p[i] for p in parts]) for i in range(3)))
    _check_span(path, requests.arrival_ns, names["timestamp"])
    return requests


def _refuse_exact_twins(path: Path, wanted: dict[str, str]) -> None:
    """TraceError if a wanted column is named twice exactly, as `match_columns` says it.

    pandas reads a second `ContextTokens` as `ContextTokens.1`, so the first was used
    silently while names differing by case were refused; the header as written tells.
    """
    written = _written_header(path)
    if written:
        match_columns(path, written, wanted, TraceError)


def _written_header(path: Path) -> list[str]:
    """The header's names as the file spells them (no `.1` added to a repeated name).

    `csv_header` has read the same line, so this reads; if not, the chunks say why.
    """
    import pandas as pd

    try:
        first = pd.read_csv(
            path, header=None, nrows=1, dtype=str, na_filter=False, encoding="utf-8"
        )
    except (ValueError, OSError, EOFError, zlib.error):
        return []
    return [str(name) for name in first.iloc[0]] if len(first) else []


def _check_span(path: Path, arrival_ns: "np.ndarray[Any, np.dtype[np.int64]]", column: str) -> None:
    """TraceError at the latest row past MAX_SPAN_YEARS (nanosecond offsets overflowed)."""
    import pandas as pd

    first, last = int(arrival_ns.argmin()), int(arrival_ns.argmax())
    span_s = (int(arrival_ns[last]) - int(arrival_ns[first])) / 1e9
    if span_s > MAX_SPAN_S:
        earliest, latest = (str(pd.Timestamp(int(arrival_ns[i]))) for i in (first, last))
        after = f"{span_s / SECONDS_PER_YEAR:,.1f} years after row {first + 1:,}'s {earliest!r}"
        spans = f"a trace spans at most {MAX_SPAN_YEARS} years"
        raise TraceError(path, f"{latest!r} is {after}; {spans}", row=last + 1, column=column)


def window_problem(window_s: float) -> str | None:
    """Why `window_s` is no window to measure a peak over, in words; None if it is one."""
    if not math.isfinite(window_s):
        return f"{window_s:g} is not a number of seconds"
    if window_s < MIN_WINDOW_S:
        why = "a shorter one counts arrivals, not load"
        return f"{window_s:g} s is below the minimum {MIN_WINDOW_S:g} s ({why})"
    if window_s > MAX_SPAN_S:
        return f"{window_s:g} s is above the maximum {MAX_SPAN_S:,.0f} s ({MAX_SPAN_YEARS} years)"
    return None


def trace_profile(requests: Requests, window_s: float = DEFAULT_WINDOW_S) -> TraceProfile:
    """The workload profile of `requests`, peaks measured over windows of `window_s` seconds."""
    problem = window_problem(window_s)
    if problem is not None:
        raise ValueError(f"window: {problem}")
    arrival = requests.arrival_ns
    start_ns = int(arrival.min())
    duration_s = (int(arrival.max()) - start_ns) / 1e9
    prompt = requests.prompt_tokens.astype(np.float64)
    output = requests.output_tokens.astype(np.float64)
    tokens = prompt + output
    total_tokens = float(tokens.sum())
    peak = _peak_to_average((arrival - start_ns) / 1e9, tokens, duration_s, window_s)
    p_prompt = np.percentile(prompt, PERCENTILES)
    p_output = np.percentile(output, PERCENTILES)
    return TraceProfile(
        requests=len(requests),
        duration_s=duration_s,
        requests_per_s=len(requests) / duration_s,
        mean_prompt_tokens=float(prompt.mean()),
        mean_output_tokens=float(output.mean()),
        p50_prompt_tokens=float(p_prompt[0]),
        p95_prompt_tokens=float(p_prompt[1]),
        p99_prompt_tokens=float(p_prompt[2]),
        p50_output_tokens=float(p_output[0]),
        p95_output_tokens=float(p_output[1]),
        p99_output_tokens=float(p_output[2]),
        output_fraction=float(output.sum()) / total_tokens,
        peak_to_average=peak,
        tokens_per_year=total_tokens / duration_s * SECONDS_PER_YEAR,
        window_s=window_s,
        out_of_order_rows=int(np.count_nonzero(np.diff(arrival) < 0)),
        duplicate_rows=_duplicates(requests),
    )


def load_trace_profile(
    path: Path | str,
    window_s: float = DEFAULT_WINDOW_S,
    columns: TraceColumns = TraceColumns(),
) -> TraceProfile:
    """Read the trace at `path` and measure its profile; TraceError says why it cannot."""
    requests = read_trace(path, columns)
    try:
        return trace_profile(requests, window_s)
    except _TooShort as short:
        raise TraceError(Path(path), str(short)) from None


@dataclass(frozen=True)
class TraceImport:
    """What a trace gives an import: its profile and, if it is long enough, its busy hour."""

    requests: int
    profile: TraceProfile
    busy_hour: float | None  # the busiest hour's tokens over the mean hour's
    busy_hour_note: str  # why there is no busy hour, in words (empty when there is one)


def iter_trace_import(
    path: Path | str, columns: TraceColumns = TraceColumns()
) -> Generator[int, None, TraceImport]:
    """Read the trace at `path` (yielding requests read) and measure what an import needs."""
    requests = yield from iter_read_trace(path, columns)
    try:
        profile = trace_profile(requests)
    except _TooShort as short:
        raise TraceError(Path(path), str(short)) from None
    try:
        busy_hour: float | None = busy_hour_factor(requests)
        note = ""
    except ValueError as short:  # under two hours, or no tokens in its complete hours
        busy_hour, note = None, f"{Path(path).name} {short}"
    return TraceImport(len(requests), profile, busy_hour, note)


def busy_hour_factor(requests: Requests) -> float:
    """The busiest complete hour's tokens over the mean complete hour's.

    That is what a scenario's peak_to_average means (capacity is sized for the busy
    hour); a peak over shorter windows overstates it. A trace under two hours has no
    hour to compare the busiest with, so it gives none (`_NoBusyHour` says so in words).
    """
    arrival = requests.arrival_ns
    start_ns = int(arrival.min())
    duration_s = (int(arrival.max()) - start_ns) / 1e9
    if duration_s < MIN_BUSY_HOUR_S:
        raise _NoBusyHour(
            f"covers {duration_s:,.1f} s; a busy-hour factor (the busiest hour against the "
            f"average hour) needs at least {MIN_BUSY_HOUR_S:,.0f} s (2 hours), "
            "so peak to average is not offered"
        )
    tokens = requests.prompt_tokens.astype(np.float64) + requests.output_tokens
    return _peak_to_average((arrival - start_ns) / 1e9, tokens, duration_s, BUSY_HOUR_S)


class _TooShort(ValueError):
    """The trace has no complete window, too many, or no tokens to measure a peak with."""


class _NoBusyHour(ValueError):
    """The trace is too short to compare its busiest hour with its average hour."""


def _peak_to_average(
    offset_s: "np.ndarray[Any, np.dtype[np.float64]]",
    tokens: "np.ndarray[Any, np.dtype[np.float64]]",
    duration_s: float,
    window_s: float,
) -> float:
    """Busiest complete window's tokens over the mean complete window's (trailing part left out)."""
    windows = math.floor(duration_s / window_s)
    if windows < 1:
        raise _TooShort(
            f"covers {duration_s:,.1f} s, less than one {window_s:g} s window; "
            "use a shorter window or a longer trace"
        )
    if windows > MAX_WINDOWS:  # 1e-300 s made 1e302 windows: an OverflowError
        least = f"use a window of at least {math.ceil(duration_s / MAX_WINDOWS):,} s"
        many = f"{windows:,} windows of {window_s:g} s, more than the {MAX_WINDOWS:,} measured"
        raise _TooShort(f"covers {duration_s:,.1f} s: {many}; {least}")
    index = np.floor(offset_s / window_s).astype(np.int64)
    inside = index < windows
    per_window = np.bincount(index[inside], weights=tokens[inside], minlength=windows)
    mean = float(per_window.mean())
    if mean <= 0:
        raise _TooShort("has no tokens in its complete windows: no peak to measure")
    return float(per_window.max()) / mean


def _duplicates(requests: Requests) -> int:
    """Rows equal in timestamp and both token counts to an earlier row."""
    import pandas as pd

    frame = pd.DataFrame(
        {"t": requests.arrival_ns, "p": requests.prompt_tokens, "o": requests.output_tokens}
    )
    return int(frame.duplicated().sum())


def _arrival_ns(path: Path, column: "pd.Series[Any]", first_row: int) -> Any:
    """ISO 8601 date-times (naive ones read as UTC) as int64 nanoseconds since the epoch.

    From 1970 to 2261: pandas reads '4808' as a year, whose nanoseconds wrapped round.
    """
    import pandas as pd

    parsed = pd.to_datetime(column, format="ISO8601", errors="coerce", utc=True)
    first, end = (pd.Timestamp(year=y, month=1, day=1, tz="UTC") for y in (FIRST_YEAR, END_YEAR))
    outside = (parsed < first) | (parsed >= end)
    checks = (
        (parsed.isna(), "is not a date-time (ISO 8601, e.g. 2023-11-16 18:17:03.98)"),
        (outside, f"is not a date-time from {FIRST_YEAR} to {END_YEAR - 1}"),
    )
    _refuse_first(path, column, first_row, checks)
    return parsed.to_numpy(dtype="datetime64[ns]").view(np.int64)


def _tokens(path: Path, column: "pd.Series[Any]", first_row: int) -> Any:
    """A token column as int32, or the first row that is not a whole number of tokens."""
    name = str(column.name)
    numbers, typed = token_numbers(column, lambda at: csv_cells(path, name, first_row, at))
    checks = (
        (np.isnan(numbers), "is not a number of tokens"),
        (numbers < 0, "is negative; token counts are 0 or more"),
        (numbers != np.floor(numbers), "is not a whole number of tokens"),
        (numbers > MAX_REQUEST_TOKENS, f"is over {MAX_REQUEST_TOKENS:,} tokens for one request"),
    )
    _refuse_first(path, column, first_row, checks, typed)
    return numbers.astype(np.int32)


def token_numbers(
    column: "pd.Series[Any]", cells: Callable[[list[int]], dict[int, str]]
) -> tuple["np.ndarray[Any, np.dtype[np.float64]]", dict[int, str]]:
    """A column of counts as float64 (NaN: not a number), and the text of each non-finite cell.

    pandas reads 'NaN', 'NA' and an empty cell as missing, 'inf' and '1e400' as infinity,
    and 309 to 4,300 digits as an int no float holds (an OverflowError); so the text of
    each such cell, by position, decides: a number too large for a float is +-inf (over
    any bound), anything else NaN. `cells` reads the text of the positions pandas kept
    none of again from the file (only a column that holds such a cell pays for it).
    """
    import pandas as pd

    try:
        numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64)
    except OverflowError:  # "int too large to convert to float", naming no row
        numbers = np.array([_number(cell) for cell in column], dtype=np.float64)
    odd = [int(p) for p in np.flatnonzero(~np.isfinite(numbers))]
    if not odd:
        return numbers, {}
    numbers = numbers.copy()  # pandas' own array is read-only
    kept = {p: _text(column.iloc[p]) for p in odd}
    lost = [p for p, text in kept.items() if text is None]
    found = cells(lost) if lost else {}
    typed: dict[int, str] = {}
    for p, text in kept.items():
        text = text if text is not None else found.get(p)
        if text is not None:
            typed[p] = text
            numbers[p] = float(text) if NUMBER.fullmatch(text) else np.nan
    return numbers, typed


def csv_cells(path: Path, column: str, first_row: int, at: list[int]) -> dict[int, str]:
    """`column`'s text at positions `at` from data row `first_row` (from 1), read again as typed.

    The CSV at `path` is read as its chunks were (blank lines kept as rows), but with no
    text taken as missing; a file that cannot be read again gives what was read (the
    caller keeps pandas' value for the rest).
    """
    import pandas as pd

    wanted, found, first = {first_row + p for p in at}, dict[int, str](), 1
    try:
        with pd.read_csv(
            path,
            usecols=[column],
            dtype=str,
            na_filter=False,
            index_col=False,
            chunksize=tabular.CHUNK_ROWS,
            encoding="utf-8",
            skip_blank_lines=False,
        ) as reader:
            for chunk in reader:
                texts = chunk[column]
                for row in wanted & set(range(first, first + len(texts))):
                    found[row] = str(texts.iloc[row - first])
                first += len(texts)
                if first > max(wanted, default=0):
                    break
    except (ValueError, OSError, EOFError, zlib.error):  # changed since: pandas' values stand
        pass
    return {p: found[first_row + p] for p in at if first_row + p in found}


def _number(cell: object) -> float:
    """One cell as a float as pandas would read it; +-inf for an integer no float holds."""
    if isinstance(cell, str):
        return float(cell) if NUMBER.fullmatch(cell) else math.nan
    try:
        return float(cell)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf if cell > 0 else -math.inf  # type: ignore[operator]
    except (TypeError, ValueError):
        return math.nan


def _text(cell: object) -> str | None:
    """A cell's text where pandas kept it (a string, or an int it made of digits), else None."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, (int, np.integer)) and not isinstance(cell, bool):
        try:
            return str(cell)
        except ValueError:  # over Python's 4,300 digits for int to text
            return None
    return None


def _refuse_first(
    path: Path,
    column: "pd.Series[Any]",
    first_row: int,
    checks: tuple[tuple[Any, str], ...],
    typed: dict[int, str] | None = None,
) -> None:
    """TraceError at the first row a check flags, checks in order: (row flags, problem).

    `typed` holds the text of cells pandas read as no number, by position in `column`.
    """
    for bad_rows, problem in checks:
        bad = first_bad(bad_rows)
        if bad is not None:
            cell = (typed or {}).get(bad, column.iloc[bad])
            if cell is None or (isinstance(cell, float) and math.isnan(cell)):  # read as empty
                cell = csv_cells(path, str(column.name), first_row, [bad]).get(bad, cell)
            raise TraceError(
                path,
                f"{shown(cell)} {problem}",
                row=first_row + bad,
                column=str(column.name),
            )


def shown(value: object) -> str:
    """A cell as the user typed it (an empty cell said as such)."""
    empty = isinstance(value, str) and not value
    if value is None or empty or (isinstance(value, float) and math.isnan(value)):
        return "an empty cell"
    return repr(str(value)[:40])
