"""Reading tables users bring (traces, usage history) safely: one clear error per bad file.

Each problem names the file, the row (data rows count from 1, the header is row 0) and
the column, so `trace.csv: row 41 (line 42), column 'ContextTokens': '-5' is negative`
says where to look. Nothing here keeps state; core.formats.trace and core.formats.usage build on it.
"""

import gzip
import re
import warnings
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.scenario.messages import not_a_file

if TYPE_CHECKING:
    import pandas as pd

CHUNK_ROWS = 250_000  # rows parsed at a time: ~10 MB of text
RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


class TableError(ValueError):
    """A table that cannot be read: the file, where in it (if known) and what is wrong."""

    def __init__(
        self, path: Path, problem: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.path, self.problem, self.row, self.column = path, problem, row, column
        where = []
        if row is not None:
            where.append("header" if row == 0 else f"row {row:,} (line {row + 1:,})")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(
            ": ".join([str(path), ", ".join(where), problem] if where else [str(path), problem])
        )


def check_file(path: Path, max_bytes: int, what: str, error: type[TableError]) -> None:
    """Refuse a missing path, a folder, a device, or a file over `max_bytes` before reading."""
    try:
        info = path.stat()
    except OSError as failure:
        raise error(path, failure.strerror or str(failure)) from None  # as scenario files say
    kind = not_a_file(info.st_mode)
    if kind is not None:
        raise error(path, kind)
    size = info.st_size
    if size > max_bytes:
        raise error(
            path,
            f"is {size / 2**30:,.1f} GB; {what} are read up to {max_bytes / 2**30:,.1f} GB "
            "(take a sample or a shorter period)",
        )
    if size == 0:
        raise error(path, "is empty")


def match_columns(
    path: Path, header: list[str], wanted: Mapping[str, str], error: type[TableError]
) -> dict[str, str]:
    """The header's name for each wanted column, matched case-insensitively and trimmed."""
    by_key: dict[str, list[str]] = {}
    for name in header:
        by_key.setdefault(str(name).strip().casefold(), []).append(str(name))
    found: dict[str, str] = {}
    for role, name in wanted.items():
        matches = by_key.get(name.strip().casefold(), [])
        if len(matches) > 1:
            raise error(path, f"has {len(matches)} columns named like {name!r}", row=0)
        if not matches:
            has = ", ".join(repr(str(h)) for h in header) or "none"
            raise error(
                path,
                f"has no {role} column (looked for {name!r}, any case); its columns are: {has}",
                row=0,
            )
        taken = next((other for other, column in found.items() if column == matches[0]), None)
        if taken is not None:  # a TypeError, or "cannot assemble with duplicate keys", before
            raise error(
                path,
                f"is given as both the {taken} and the {role} column",
                row=0,
                column=matches[0],
            )
        found[role] = matches[0]
    return found


def csv_header(path: Path, error: type[TableError]) -> list[str]:
    """The column names of the CSV (or CSV.GZ) at `path`."""
    import pandas as pd

    return [str(c) for c in _guarded(path, error, lambda: pd.read_csv(path, nrows=0)).columns]


def csv_chunks(
    path: Path, columns: list[str], error: type[TableError], text_columns: tuple[str, ...] = ()
) -> Iterator[tuple[int, "pd.DataFrame"]]:
    """(first data row, chunk) over `columns` of the CSV at `path`, CHUNK_ROWS rows at a time.

    Blank lines are kept as empty rows so row numbers match the file's lines.
    """
    import pandas as pd

    reader = _guarded(  # every column is parsed: a ragged row or a bad byte is found anywhere
        path,
        error,
        lambda: pd.read_csv(
            path,
            dtype=dict.fromkeys(text_columns, str),
            index_col=False,  # a first row with an extra field is an error, not an index
            chunksize=CHUNK_ROWS,
            encoding="utf-8",
            skip_blank_lines=False,
        ),
    )
    first_row = 1
    with reader:
        while True:
            chunk = _guarded(path, error, lambda: next(reader, None))
            if chunk is None:
                return
            yield first_row, chunk[columns]
            first_row += len(chunk)


def first_bad(flags: Any) -> int | None:
    """The position of the first True in a boolean array or Series, or None."""
    values = np.asarray(flags, dtype=bool)
    return int(values.argmax()) if values.any() else None


def _guarded(path: Path, error: type[TableError], read: Any) -> Any:
    """Run one read, turning pandas', gzip's and the system's failures into `error`."""
    import pandas as pd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return read()
    except pd.errors.ParserWarning:  # only the first row is checked this way (index_col=False)
        raise error(path, "has more fields than the header", row=1) from None
    except UnicodeDecodeError:
        row, column = _undecodable_cell(path)
        raise error(path, "is not UTF-8 text", row=row, column=column) from None
    except pd.errors.EmptyDataError:
        raise error(path, "is empty") from None
    except pd.errors.ParserError as failure:
        ragged = RAGGED.search(str(failure))
        if ragged is None:
            raise error(path, f"is not a well-formed CSV: {_first_line(failure)}") from None
        expected, line, saw = (int(g) for g in ragged.groups())
        raise error(
            path, f"has {saw} fields where the header has {expected}", row=line - 1
        ) from None
    except (OSError, EOFError, zlib.error) as failure:
        raise error(path, f"cannot be read: {_first_line(failure)}") from None


def _undecodable_cell(path: Path) -> tuple[int | None, str | None]:
    """The row (0 = header) and column of the first cell that is not UTF-8."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    header: list[bytes] = []
    try:
        with opener(path, "rb") as stream:
            for row, line in enumerate(stream):
                cells = line.rstrip(b"\r\n").split(b",")
                header = header or cells
                for index, cell in enumerate(cells):
                    try:
                        cell.decode("utf-8")
                    except UnicodeDecodeError:
                        name = header[index] if index < len(header) and row else b""
                        return row, name.decode("utf-8", "replace") or None
    except (OSError, EOFError, zlib.error):
        pass
    return None, None


def _first_line(failure: BaseException) -> str:
    text = str(failure).strip().splitlines()
    return text[0] if text else type(failure).__name__
