"""Regenerate tests/data/bad_traces/: hostile request traces, one flaw each.

Run from the repository root: `python tests/data/make_bad_traces.py`. Each file's
expected message is asserted in tests/core/formats/test_trace.py; a folder, a 1 GB file and a file
over the row limit are made at test time (sparse or with a lowered limit).
"""

import gzip
from pathlib import Path

OUT = Path(__file__).resolve().parent / "bad_traces"
HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
GOOD = [
    "2023-11-16 18:17:03.9799600,4808,10\n",
    "2023-11-16 18:17:04.0319600,3180,8\n",
    "2023-11-16 18:19:04.0781490,110,27\n",
]


def with_row(row: str, at: int = 1) -> str:
    """The good trace with row `at` (0-based) replaced by `row`."""
    rows = list(GOOD)
    rows[at] = row
    return HEADER + "".join(rows)


TEXTS: dict[str, str | bytes] = {
    "empty.csv": "",
    "header_only.csv": HEADER,
    "wrong_columns.csv": "time,in,out\n" + "".join(GOOD),
    "missing_output_column.csv": "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03,4808\n",
    "twice_named_column.csv": "TIMESTAMP,timestamp,ContextTokens,GeneratedTokens\n",
    # pandas read the second as 'ContextTokens.1': the first was used silently, before.
    "exact_twin_column.csv": "TIMESTAMP,ContextTokens,ContextTokens,GeneratedTokens\n"
    + "".join(row.replace(",", ",1,", 1) for row in GOOD),
    "negative_tokens.csv": with_row("2023-11-16 18:17:04.03,-5,8\n"),
    "text_tokens.csv": with_row("2023-11-16 18:17:04.03,many,8\n"),
    "fractional_tokens.csv": with_row("2023-11-16 18:17:04.03,12.5,8\n"),
    "absurd_tokens.csv": with_row("2023-11-16 18:17:04.03,1e12,8\n"),
    "empty_tokens.csv": with_row("2023-11-16 18:17:04.03,,8\n"),
    "bad_timestamp.csv": with_row("yesterday at noon,3180,8\n", at=2),
    "blank_line.csv": with_row("\n"),
    "extra_field_first_row.csv": with_row("2023-11-16 18:17:03.98,4808,10,7\n", at=0),
    "ragged_row.csv": with_row("2023-11-16 18:17:04.03,3180,8,9,10\n"),
    "not_utf8.csv": with_row("2023-11-16 18:17:04.03,3180\u00e9,8\n").encode("latin-1"),
    "one_request.csv": HEADER + GOOD[0],
    "no_tokens.csv": HEADER + "2023-11-16 18:17:03,0,0\n2023-11-16 18:19:03,0,0\n",
    # Nanoseconds past 2262 or centuries apart overflowed: a numpy error naming nothing.
    "before_1970.csv": with_row("1700-01-01 00:00:00,3180,8\n"),
    "centuries_apart.csv": HEADER + "1980-01-01 00:00:00,1,1\n2200-01-01 00:00:00,1,1\n",
    # pandas read 310 digits as an int no float holds: an OverflowError traceback, before.
    "huge_int_tokens.csv": with_row(f"2023-11-16 18:17:04.03,{'9' * 310},8\n"),
    "huge_negative_tokens.csv": with_row(f"2023-11-16 18:17:04.03,-{'9' * 310},8\n"),
    # Past Python's 4,300-digit int limit pandas kept text: "not a number", before.
    "long_int_tokens.csv": with_row(f"2023-11-16 18:17:04.03,{'9' * 5000},8\n"),
    "exponent_overflow_tokens.csv": with_row("2023-11-16 18:17:04.03,1e400,8\n"),  # 'inf'
    # pandas reads 'NaN' as missing ("an empty cell", before) and 'inf' as a number.
    "nan_tokens.csv": with_row("2023-11-16 18:17:04.03,NaN,8\n"),
    "nan_timestamp.csv": with_row("NaN,10,8\n"),
    "inf_tokens.csv": with_row("2023-11-16 18:17:04.03,inf,8\n"),
    "minus_inf_tokens.csv": with_row("2023-11-16 18:17:04.03,-inf,8\n"),
    "infinity_output_tokens.csv": with_row("2023-11-16 18:17:04.03,3180,Infinity\n"),
}


def main() -> None:
    """Write every hostile trace, and a truncated gzip."""
    OUT.mkdir(exist_ok=True)
    for name, text in TEXTS.items():
        (OUT / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    packed = gzip.compress((HEADER + "".join(GOOD) * 200).encode("utf-8"), mtime=0)
    (OUT / "truncated.csv.gz").write_bytes(packed[: len(packed) // 2])


if __name__ == "__main__":
    main()
