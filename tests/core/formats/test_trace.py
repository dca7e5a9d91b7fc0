"""Request traces: the shared Azure trace's published figures, hand-worked profiles, bad files.

The profile's formulas: docs/model.md#F-trace-profile.
"""

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from paths import DATA, ROOT

import core.formats.trace
from cli.main import main
from core.formats.imports import FieldChange, trace_changes
from core.formats.tabular import TableError
from core.formats.trace import (
    JSON_KEYS,
    SECONDS_PER_YEAR,
    TraceColumns,
    TraceError,
    busy_hour_factor,
    iter_trace_import,
    load_trace_profile,
    read_trace,
)
from core.scenario.files import default_scenario

AZURE = ROOT.parent / "shared" / "data" / "azure-llm-inference-2023"
AZURE_CODE = AZURE / "AzureLLMInferenceTrace_code.csv"
BAD = DATA / "bad_traces"
HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
# Five requests at 0, 30, 60, 119 and 130 s: with 60 s windows, two complete windows
# (0-60 s: 220 tokens; 60-120 s: 550 tokens) and the request at 130 s left out of the peak.
HAND = HEADER + (
    "2024-01-01 00:00:00,100,10\n"
    "2024-01-01 00:00:30,100,10\n"
    "2024-01-01 00:01:00,200,20\n"
    "2024-01-01 00:01:59,300,30\n"
    "2024-01-01 00:02:10,900,100\n"
)


# Three complete hours of 100, 500 and 100 tokens, and one request at 3:00 past them.
HOURS = HEADER + (
    "2024-01-01 00:00:00,90,10\n"
    "2024-01-01 00:30:00,0,0\n"
    "2024-01-01 01:00:00,450,50\n"
    "2024-01-01 02:00:00,90,10\n"
    "2024-01-01 03:00:00,9,1\n"
)


def write(folder: Path, text: str, name: str = "trace.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not AZURE_CODE.exists(), reason="the shared Azure trace is not here")
def test_the_azure_code_trace_gives_its_readme_figures():
    """The figures the shared trace's README gives for checking an importer."""
    profile = load_trace_profile(AZURE_CODE)
    assert round(profile.mean_prompt_tokens, 1) == 2047.8
    assert round(profile.mean_output_tokens, 1) == 27.9
    assert round(profile.output_fraction, 4) == 0.0134
    assert round(profile.requests_per_s, 2) == 2.57
    assert round(profile.duration_s) == 3436
    # The README says 8,818 rows: `wc -l` less the header. The last line has no newline,
    # so wc misses it; Python's csv module and pandas both read 8,819 requests.
    assert profile.requests == 8_819
    assert (profile.out_of_order_rows, profile.duplicate_rows) == (0, 0)
    assert profile.peak_to_average == pytest.approx(4.2828, abs=1e-4)


def test_a_hand_worked_profile(tmp_path):
    profile = load_trace_profile(write(tmp_path, HAND))
    assert profile.requests == 5
    assert profile.duration_s == 130.0
    assert profile.requests_per_s == pytest.approx(5 / 130)
    assert profile.mean_prompt_tokens == 320.0
    assert profile.mean_output_tokens == 34.0
    assert profile.p50_prompt_tokens == 200.0
    assert profile.p95_prompt_tokens == pytest.approx(300 + 0.8 * 600)  # linear, as numpy
    assert profile.p99_output_tokens == pytest.approx(30 + 0.96 * 70)
    assert profile.output_fraction == pytest.approx(170 / 1770)
    assert profile.peak_to_average == pytest.approx(550 / ((220 + 550) / 2))
    assert profile.tokens_per_year == pytest.approx(1770 / 130 * 8760 * 3600)
    assert SECONDS_PER_YEAR == 31_536_000


def test_the_window_changes_only_the_peak(tmp_path):
    path = write(tmp_path, HAND)
    # 30 s windows: 0-30: 110, 30-60: 110, 60-90: 220, 90-120: 330 (130 s left out).
    narrow = load_trace_profile(path, window_s=30)
    assert narrow.peak_to_average == pytest.approx(330 / (770 / 4))
    assert narrow.mean_prompt_tokens == load_trace_profile(path).mean_prompt_tokens
    with pytest.raises(ValueError, match=r"^window: -1 s is below the minimum 1 s"):
        load_trace_profile(path, window_s=-1)


@pytest.mark.parametrize(
    ("window", "message"),
    [  # 1e-300 s made 1e302 windows: an OverflowError traceback
        ("1e-300", "--window: 1e-300 s is below the minimum 1 s (a shorter one counts arrivals, not load)"),
        ("0", "--window: 0 s is below the minimum 1 s (a shorter one counts arrivals, not load)"),
        ("nan", "--window: nan is not a number of seconds"),
        ("1e300", "--window: 1e+300 s is above the maximum 315,360,000 s (10 years)"),
    ],
)  # fmt: skip
def test_a_window_out_of_bounds_is_one_line_naming_the_option(tmp_path, capsys, window, message):
    assert main(["trace", str(write(tmp_path, HAND)), "--window", window]) == 2
    assert capsys.readouterr().err == f"error: {message}\n"


def test_too_many_windows_names_the_least_window_that_fits(tmp_path, monkeypatch):
    monkeypatch.setattr(core.formats.trace, "MAX_WINDOWS", 100)
    with pytest.raises(TraceError) as caught:
        load_trace_profile(write(tmp_path, HAND), window_s=1)
    assert str(caught.value).endswith(
        "trace.csv: covers 130.0 s: 130 windows of 1 s, more than the 100 measured; use a "
        "window of at least 2 s"
    )


@pytest.mark.parametrize(
    ("roles", "message"),
    [  # a TypeError traceback, and "cannot assemble with duplicate keys", before
        (["--prompt-column", "ContextTokens", "--output-column", "contexttokens"],
         "header, column 'ContextTokens': is given as both the prompt tokens and the output "
         "tokens column"),
        (["--timestamp-column", "ContextTokens"],
         "header, column 'ContextTokens': is given as both the timestamp and the prompt tokens "
         "column"),
    ],
)  # fmt: skip
def test_one_column_for_two_roles_is_refused_naming_it(tmp_path, capsys, roles, message):
    path = write(tmp_path, HAND)
    assert main(["trace", str(path), *roles]) == 2
    assert capsys.readouterr().err == f"error: {path}: {message}\n"


def test_a_number_read_as_a_year_past_2261_names_row_and_column(tmp_path):
    """pandas reads '4808' as the year 4808: its nanoseconds wrapped round without a word."""
    path = write(tmp_path, HEADER + "2023-01-01 00:00:00,1,1\n4808,1,1\n")
    with pytest.raises(TraceError) as caught:
        read_trace(path)
    assert str(caught.value) == (
        f"{path}: row 2 (line 3), column 'TIMESTAMP': '4808' is not a date-time from 1970 to 2261"
    )


def test_a_device_is_not_a_regular_file_as_a_scenario_file_says():
    with pytest.raises(TraceError) as caught:
        read_trace("/dev/zero")  # size 0: it said "is empty", and reading it never ends
    assert str(caught.value) == "/dev/zero: is not a regular file"


def test_headers_match_in_any_case_gzip_and_other_names_by_mapping(tmp_path):
    lower = HAND.replace(HEADER, "timestamp,contexttokens,GENERATEDTOKENS\n")
    packed = tmp_path / "trace.csv.gz"
    packed.write_bytes(gzip.compress(lower.encode()))
    expected = load_trace_profile(write(tmp_path, HAND))
    assert load_trace_profile(packed) == expected
    renamed = write(tmp_path, HAND.replace(HEADER, "when,input_tokens,output_tokens\n"), "o.csv")
    columns = TraceColumns(timestamp="When", prompt="INPUT_TOKENS", output="output_tokens")
    assert load_trace_profile(renamed, columns=columns) == expected


def test_extra_columns_are_ignored_and_time_zones_read(tmp_path):
    text = "x,TIMESTAMP,ContextTokens,GeneratedTokens\n" + "".join(
        f"a,2024-05-10 00:0{i}:00+00:00,10,5\n" for i in range(3)
    )
    profile = load_trace_profile(write(tmp_path, text))
    assert (profile.requests, profile.duration_s, profile.peak_to_average) == (3, 120.0, 1.0)


def test_unsorted_rows_are_counted_and_give_the_sorted_profile(tmp_path):
    """Decision: rows out of time order are accepted; the profile does not depend on order."""
    lines = HAND.splitlines(keepends=True)
    shuffled = write(tmp_path, lines[0] + "".join(reversed(lines[1:])), "shuffled.csv")
    sorted_profile = load_trace_profile(write(tmp_path, HAND))
    profile = load_trace_profile(shuffled)
    assert profile.out_of_order_rows == 4
    assert profile.notes() == [
        "rows out of time order: 4; each is counted where its timestamp puts it"
    ]
    assert profile.as_json() == sorted_profile.as_json()


def test_duplicate_rows_are_kept_and_counted(tmp_path):
    """Decision: an exact repeat is kept as a request (two requests can match) and counted."""
    lines = HAND.splitlines(keepends=True)
    profile = load_trace_profile(write(tmp_path, HAND + lines[2] + lines[2]))
    assert (profile.requests, profile.duplicate_rows) == (7, 2)
    assert "rows repeating an earlier row exactly: 2; kept as requests" in profile.notes()


BAD_MESSAGES = {
    "empty.csv": "empty.csv: is empty",
    "header_only.csv": "header_only.csv: has a header but no requests",
    "wrong_columns.csv": "wrong_columns.csv: header: has no timestamp column (looked for "
    "'TIMESTAMP', any case); its columns are: 'time', 'in', 'out'",
    "missing_output_column.csv": "missing_output_column.csv: header: has no output tokens "
    "column (looked for 'GeneratedTokens', any case); its columns are: 'TIMESTAMP', "
    "'ContextTokens'",
    "twice_named_column.csv": "header: has 2 columns named like 'TIMESTAMP'",
    "exact_twin_column.csv": "exact_twin_column.csv: header: has 2 columns named like "
    "'ContextTokens'",
    "negative_tokens.csv": "row 2 (line 3), column 'ContextTokens': '-5' is negative; "
    "token counts are 0 or more",
    "text_tokens.csv": "row 2 (line 3), column 'ContextTokens': 'many' is not a number of tokens",
    "fractional_tokens.csv": "row 2 (line 3), column 'ContextTokens': '12.5' is not a whole "
    "number of tokens",
    "absurd_tokens.csv": "row 2 (line 3), column 'ContextTokens': '1000000000000.0' is over "
    "100,000,000 tokens for one request",
    "empty_tokens.csv": "row 2 (line 3), column 'ContextTokens': an empty cell is not a number",
    "bad_timestamp.csv": "row 3 (line 4), column 'TIMESTAMP': 'yesterday at noon' is not a "
    "date-time (ISO 8601, e.g. 2023-11-16 18:17:03.98)",
    "blank_line.csv": "row 2 (line 3), column 'TIMESTAMP': an empty cell is not a date-time",
    "extra_field_first_row.csv": "row 1 (line 2): has more fields than the header",
    "ragged_row.csv": "row 2 (line 3): has 5 fields where the header has 3",
    "not_utf8.csv": "row 2 (line 3), column 'ContextTokens': is not UTF-8 text",
    "one_request.csv": "covers 0.0 s, less than one 60 s window; use a shorter window or a "
    "longer trace",
    "no_tokens.csv": "has no tokens in its complete windows: no peak to measure",
    "truncated.csv.gz": "truncated.csv.gz: cannot be read: Compressed file ended before the "
    "end-of-stream marker was reached",
    "before_1970.csv": "row 2 (line 3), column 'TIMESTAMP': '1700-01-01 00:00:00' is not a "
    "date-time from 1970 to 2261",
    "centuries_apart.csv": "row 2 (line 3), column 'TIMESTAMP': '2200-01-01 00:00:00' is 220.1 "
    "years after row 1's '1980-01-01 00:00:00'; a trace spans at most 10 years",
    # An OverflowError traceback (int too large to convert to float), before.
    "huge_int_tokens.csv": f"row 2 (line 3), column 'ContextTokens': '{'9' * 40}' is over "
    "100,000,000 tokens for one request",
    "huge_negative_tokens.csv": f"row 2 (line 3), column 'ContextTokens': '-{'9' * 39}' is "
    "negative; token counts are 0 or more",
    "long_int_tokens.csv": f"row 2 (line 3), column 'ContextTokens': '{'9' * 40}' is over "
    "100,000,000 tokens for one request",  # "is not a number", before
    "exponent_overflow_tokens.csv": "row 2 (line 3), column 'ContextTokens': '1e400' is over "
    "100,000,000 tokens for one request",  # shown as 'inf', before
    # "an empty cell", "is over" and "is negative", before.
    "nan_tokens.csv": "row 2 (line 3), column 'ContextTokens': 'NaN' is not a number of tokens",
    "nan_timestamp.csv": "row 2 (line 3), column 'TIMESTAMP': 'NaN' is not a date-time (ISO 8601, e.g. 2023-11-16 18:17:03.98)",
    "inf_tokens.csv": "row 2 (line 3), column 'ContextTokens': 'inf' is not a number of tokens",
    "minus_inf_tokens.csv": "row 2 (line 3), column 'ContextTokens': '-inf' is not a number of "
    "tokens",
    "infinity_output_tokens.csv": "row 2 (line 3), column 'GeneratedTokens': 'Infinity' is not a "
    "number of tokens",
}


def test_every_hostile_trace_is_listed():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_MESSAGES)


@pytest.mark.parametrize("name", sorted(BAD_MESSAGES))
def test_each_hostile_trace_has_its_own_message(name):
    with pytest.raises(TraceError) as caught:
        load_trace_profile(BAD / name)
    assert BAD_MESSAGES[name] in str(caught.value)
    assert str(caught.value).startswith(str(BAD / name) + ": ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", sorted(BAD_MESSAGES))
def test_each_hostile_trace_exits_2_with_its_message_on_one_line(name, capsys):
    assert main(["trace", str(BAD / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: {BAD / name}: ")
    assert BAD_MESSAGES[name] in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


NOT_A_NUMBER = "is not a number of tokens"
OVER = "is over 100,000,000 tokens for one request"


@pytest.mark.parametrize(
    ("cell", "problem"),
    [  # pandas reads these as missing: "an empty cell", before
        ("nan", f"'nan' {NOT_A_NUMBER}"),
        ("NA", f"'NA' {NOT_A_NUMBER}"),
        ("null", f"'null' {NOT_A_NUMBER}"),
        ("N/A", f"'N/A' {NOT_A_NUMBER}"),
        ("", f"an empty cell {NOT_A_NUMBER}"),
        # pandas reads these as infinity: "is over", before
        ("+inf", f"'+inf' {NOT_A_NUMBER}"),
        ("INF", f"'INF' {NOT_A_NUMBER}"),
        # the shortest and the longest integer pandas reads as an int no float holds
        ("9" * 309, f"'{'9' * 40}' {OVER}"),
        ("9" * 4300, f"'{'9' * 40}' {OVER}"),
        ("-1e400", "'-1e400' is negative; token counts are 0 or more"),  # '-inf', before
    ],
)
def test_a_token_cell_is_shown_as_typed_when_pandas_read_no_number(tmp_path, cell, problem):
    path = write(tmp_path, HAND.replace(",300,", f",{cell},"))
    with pytest.raises(TraceError) as caught:
        read_trace(path)
    assert str(caught.value) == f"{path}: row 4 (line 5), column 'ContextTokens': {problem}"


def test_a_nan_in_a_later_chunk_is_shown_from_its_own_row(tmp_path, monkeypatch):
    """The cell's text is read again from the file: the right row, past blank and quoted lines."""
    monkeypatch.setattr(core.formats.tabular, "CHUNK_ROWS", 2)
    quoted = HEADER.replace("TIMESTAMP", '"TIME\nSTAMP"')
    text = HAND.replace(HEADER, quoted).replace(",900,", ",NULL,").replace(",200,", ",,")
    path = write(tmp_path, text)
    with pytest.raises(TraceError) as caught:
        read_trace(path, TraceColumns(timestamp="time\nstamp"))
    assert str(caught.value).endswith(
        "row 3 (line 4), column 'ContextTokens': an empty cell is not a number of tokens"
    )
    path = write(tmp_path, text.replace(",,", ",200,"))
    with pytest.raises(TraceError) as caught:
        read_trace(path, TraceColumns(timestamp="time\nstamp"))
    assert str(caught.value).endswith(
        "row 5 (line 6), column 'ContextTokens': 'NULL' is not a number of tokens"
    )


def test_a_folder_and_a_missing_file(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(TraceError, match=r"folder.csv: is a folder, not a file$"):
        load_trace_profile(tmp_path / "folder.csv")
    with pytest.raises(TraceError, match=r"gone.csv: No such file or directory$"):
        load_trace_profile(tmp_path / "gone.csv")


def test_a_file_over_a_gigabyte_is_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as stream:  # sparse: 1.5 GB long, a few bytes on disk
        stream.write(HEADER.encode())
        stream.truncate(3 * 2**29)
    with pytest.raises(TraceError) as caught:
        read_trace(huge)
    assert str(caught.value) == (
        f"{huge}: is 1.5 GB; traces are read up to 1.0 GB (take a sample or a shorter period)"
    )


def test_a_trace_over_the_row_limit_stops_while_streaming(tmp_path, monkeypatch):
    monkeypatch.setattr(core.formats.trace, "MAX_TRACE_ROWS", 4)
    monkeypatch.setattr(core.formats.tabular, "CHUNK_ROWS", 2)
    with pytest.raises(TraceError, match=r"row 5 \(line 6\): has more than 4 requests"):
        read_trace(write(tmp_path, HAND))


def test_a_problem_deep_in_a_later_chunk_names_its_row(tmp_path, monkeypatch):
    monkeypatch.setattr(core.formats.tabular, "CHUNK_ROWS", 2)
    path = write(tmp_path, HAND.replace(",900,", ",-900,"))
    with pytest.raises(TraceError, match=r"row 5 \(line 6\), column 'ContextTokens': '-900'"):
        read_trace(path)


def test_a_trace_error_is_a_table_error_with_its_parts(tmp_path):
    with pytest.raises(TableError) as caught:
        read_trace(BAD / "negative_tokens.csv")
    error = caught.value
    assert (error.row, error.column) == (2, "ContextTokens")
    assert error.problem == "'-5' is negative; token counts are 0 or more"


# The command line ------------------------------------------------------------------


def test_cli_json_has_exactly_the_documented_keys(tmp_path, capsys):
    assert main(["trace", str(write(tmp_path, HAND)), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == list(JSON_KEYS)
    assert list(out) == [
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
    ]
    assert out["requests"] == 5
    assert out["mean_output_tokens"] == 34.0


def test_cli_window_and_table(tmp_path, capsys):
    assert main(["trace", str(write(tmp_path, HAND)), "--window", "30"]) == 0
    text = capsys.readouterr().out
    assert "requests            5\n" in text
    assert f"peak to average     {330 / (770 / 4):.2f} (windows of 30 s)" in text
    assert "prompt tokens       mean 320.0, p50 200, p95 780, p99 876" in text


def test_cli_column_mapping(tmp_path, capsys):
    path = write(tmp_path, HAND.replace(HEADER, "t,p,o\n"))
    argv = ["trace", str(path), "--json", "--timestamp-column", "T", "--prompt-column", "p"]
    assert main([*argv, "--output-column", "o"]) == 0
    assert json.loads(capsys.readouterr().out)["requests"] == 5


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([str(BAD / "negative_tokens.csv")], "'-5' is negative"),
        ([str(BAD / "empty.csv"), "--json"], "empty.csv: is empty"),
        (["--window", "0", str(BAD.parent / "bad_traces" / "one_request.csv")], "minimum 1 s"),
    ],
)
def test_cli_errors_exit_2_with_one_line(argv, message, capsys):
    assert main(["trace", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1


def test_cli_json_notes_go_to_stderr(tmp_path, capsys):
    lines = HAND.splitlines(keepends=True)
    assert main(["trace", str(write(tmp_path, HAND + lines[1])), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["requests"] == 6
    assert captured.err == (
        "note: rows out of time order: 1; each is counted where its timestamp puts it\n"
        "note: rows repeating an earlier row exactly: 1; kept as requests\n"
    )


def test_requests_are_stored_in_16_bytes(tmp_path):
    requests = read_trace(write(tmp_path, HAND))
    assert requests.arrival_ns.dtype == np.int64
    assert requests.prompt_tokens.dtype == requests.output_tokens.dtype == np.int32
    assert len(requests) == 5


def imported(path: Path):
    """Drain `iter_trace_import`: the rows it yields as it reads, and what it returns."""
    reading = iter_trace_import(path)
    yielded = []
    while True:
        try:
            yielded.append(next(reading))
        except StopIteration as done:
            return yielded, done.value


def test_the_busy_hour_is_the_peak_hour_over_the_mean_hour(tmp_path):
    path = write(tmp_path, HOURS)
    assert busy_hour_factor(read_trace(path)) == pytest.approx(500 / ((100 + 500 + 100) / 3))
    yielded, trace = imported(path)
    assert yielded == [5]  # one chunk of five rows
    assert (trace.requests, trace.busy_hour_note) == (5, "")
    assert trace.busy_hour == pytest.approx(15 / 7)
    assert trace.profile.peak_to_average != trace.busy_hour  # the 60 s window's is not used


def test_a_trace_under_two_hours_gives_no_busy_hour_and_says_why_in_words(tmp_path):
    """The shared sample trace is under an hour long: no busy hour, not its 60 s peak."""
    _yielded, trace = imported(write(tmp_path, HAND, "hand.csv"))
    assert trace.busy_hour is None
    assert trace.busy_hour_note == (
        "hand.csv covers 130.0 s; a busy-hour factor (the busiest hour against the "
        "average hour) needs at least 7,200 s (2 hours), so peak to average is not offered"
    )
    product = default_scenario().products[0]
    changes = trace_changes(product, trace)
    assert changes == [
        FieldChange("prompt_tokens", product.prompt_tokens, trace.profile.mean_prompt_tokens),
        FieldChange("output_tokens", product.output_tokens, trace.profile.mean_output_tokens),
        FieldChange(
            "p95_prompt_tokens", product.p95_prompt_tokens, trace.profile.p95_prompt_tokens
        ),
        FieldChange("tokens_per_year", product.tokens_per_year, trace.profile.tokens_per_year),
    ]  # each offered as the product's figure, then the trace's
    just_short = HEADER + "2024-01-01 00:00:00,1,1\n2024-01-01 01:59:59,1,1\n"
    with pytest.raises(ValueError, match=r"covers 7,199.0 s; a busy-hour factor"):
        busy_hour_factor(read_trace(write(tmp_path, just_short)))


@pytest.mark.parametrize("name", sorted(BAD_MESSAGES))
def test_each_hostile_trace_gives_its_message_to_the_import_too(name):
    with pytest.raises(TraceError) as caught:
        imported(BAD / name)
    assert BAD_MESSAGES[name] in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("field", "old", "new", "size", "large"),
    [
        ("tokens_per_year", 1.19e13, 1e10, "x0.00084", True),  # an hour's sample as a year
        ("tokens_per_year", 1e10, 1.19e13, "x1,190", True),
        ("prompt_tokens", 1000, 1120, "+12%", False),
        ("prompt_tokens", 1000, 600, "-40%", False),
        ("prompt_tokens", 1000, 2000, "+100%", False),  # exactly x2: not warned
        ("prompt_tokens", 1000, 2500, "x2.5", True),
        ("prompt_tokens", 1000, 300, "x0.30", True),
        ("peak_to_average", 1.8, 1.8, "+0%", False),
        ("growth", 0.25, 0.30, "+5.0 points", False),
        ("growth", 0.25, 1.0, "+75.0 points", True),
        ("output_tokens", 0, 50, "from 0", True),
    ],
)
def test_a_change_says_its_size_and_whether_it_is_large(field, old, new, size, large):
    change = FieldChange(field, old, new)
    assert (change.size, change.large) == (size, large)
    assert bool(change.warning()) == large


def test_a_large_change_is_warned_in_words():
    assert FieldChange("tokens_per_year", 1.19e13, 1e10).warning() == (
        "tokens per year (base year) x0.00084: less than half what it is now"
    )
    assert FieldChange("prompt_tokens", 100, 300).warning() == (
        "prompt tokens (mean per request) x3.0: more than twice what it is now"
    )
    assert FieldChange("growth", 0.0, 0.9).warning() == (
        "growth per year changes by +90.0 points, more than 50"
    )
