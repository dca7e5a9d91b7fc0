"""Monthly usage history: each product's base-year volume and yearly growth, fitted.

A billing export gives tokens per month and product; a log-linear least-squares fit
over the months gives the growth and the fitted volume of the scenario's first year,
with R^2 to say how well a constant growth describes the history
(docs/model.md#F-usage-fit). Nothing here edits a scenario: core.formats.imports does.
"""

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.formats.tabular import (
    TableError,
    check_file,
    csv_chunks,
    csv_header,
    first_bad,
    match_columns,
)
from core.formats.trace import csv_cells, shown, token_numbers
from core.scenario.checks import name_key
from core.scenario.schema import YEAR_RANGE

if TYPE_CHECKING:
    import pandas as pd

MAX_USAGE_BYTES = 50 * 2**20  # a monthly table: thousands of rows, not millions
MAX_USAGE_ROWS = 1_000_000
MIN_MONTHS = 3  # two points always fit a line exactly
GROWTH_RANGE = (-0.9, 10.0)  # the schema's bounds on `growth`
MAX_TOKENS_PER_YEAR = 1e19  # the schema's bound on `tokens_per_year`
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# The zone after a month cell's time: 'Z', or an offset '+14:00', '-1200', '+05'.
ZONE = r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:(Z)|([+-]\d\d):?(\d\d)?)$"


@dataclass(frozen=True)
class UsageColumns:
    """The header names of a usage table's four columns (matched case-insensitively)."""

    month: str = "month"
    product: str = "product"
    input: str = "input_tokens"
    output: str = "output_tokens"


class UsageError(TableError):
    """A usage table that cannot be read; the message names the file, row and column."""


@dataclass(frozen=True)
class UsageFit:
    """One product's fit: what applying it would set, and how good it is."""

    product: str  # as the file names it
    rows: int  # of the file
    months: int  # with tokens, fitted
    zero_months: int  # with no tokens, left out of the fit
    tokens_per_year: float  # fitted volume of the base year
    growth: float  # per year
    r_squared: float
    problem: str = ""  # why it cannot be applied (empty: it can)


def read_usage(path: Path | str, columns: UsageColumns = UsageColumns()) -> "pd.DataFrame":
    """Rows of (month: Period[M], product, tokens, row) from a CSV or XLSX usage table."""
    import pandas as pd

    path = Path(path)
    check_file(path, MAX_USAGE_BYTES, "usage tables", UsageError)
    wanted = {
        "month": columns.month,
        "product": columns.product,
        "input tokens": columns.input,
        "output tokens": columns.output,
    }
    if path.suffix.lower() in EXCEL_SUFFIXES:
        table = _excel(path)
        names = match_columns(path, [str(c) for c in table.columns], wanted, UsageError)
        table = table[list(names.values())]
    else:
        names = match_columns(path, csv_header(path, UsageError), wanted, UsageError)
        text = (names["month"], names["product"])
        parts = [chunk for _row, chunk in csv_chunks(path, list(names.values()), UsageError, text)]
        table = pd.concat(parts, ignore_index=True)
    if len(table) == 0:
        raise UsageError(path, "has a header but no months")
    if len(table) > MAX_USAGE_ROWS:
        raise UsageError(path, f"has more than {MAX_USAGE_ROWS:,} rows", row=MAX_USAGE_ROWS + 1)
    return _checked(path, table, names)


def fit_usage(usage: "pd.DataFrame", base_year: int) -> list[UsageFit]:
    """One fit per product of `usage`, in the order the file first names them."""
    fits = []
    for product, rows in usage.groupby("product", sort=False):
        monthly = rows.groupby("month")["tokens"].sum()  # a month split over rows is summed
        ordinals = np.array([m.year * 12 + m.month - 1 for m in monthly.index])
        fits.append(
            fit_product(str(product), len(rows), ordinals, monthly.to_numpy(float), base_year)
        )
    return fits


def fit_product(
    product: str,
    rows: int,
    month_ordinals: "np.ndarray[Any, Any]",
    tokens: "np.ndarray[Any, Any]",
    base_year: int,
) -> UsageFit:
    """Least squares of ln tokens on years since the first month (docs/model.md#F-usage-fit)."""
    used = tokens > 0
    x = (month_ordinals[used] - month_ordinals.min()) / 12.0
    months, zero_months = int(used.sum()), int((~used).sum())
    if months < MIN_MONTHS:
        return UsageFit(
            product, rows, months, zero_months, np.nan, np.nan, np.nan,
            f"has {months} months with tokens; a fit needs at least {MIN_MONTHS}",
        )  # fmt: skip
    y = np.log(tokens[used])
    slope, intercept = np.polyfit(x, y, 1)
    total = float(((y - y.mean()) ** 2).sum())
    residual = float(((y - intercept - slope * x) ** 2).sum())
    r_squared = 1.0 - residual / total if total > 0 else 1.0
    base_x = (base_year * 12 + np.arange(12) - month_ordinals.min()) / 12.0
    with np.errstate(over="ignore"):  # inf only where growth is out of range, said below
        volume = float(np.exp(intercept + slope * base_x).sum())
    growth = float(np.expm1(slope))
    problem = ""
    if not GROWTH_RANGE[0] <= growth <= GROWTH_RANGE[1]:
        low, high = GROWTH_RANGE
        problem = f"growth {growth:+.0%} a year is outside {low:+.0%} to {high:+.0%}"
    elif volume > MAX_TOKENS_PER_YEAR:
        problem = f"{volume:.3g} tokens in {base_year} is over the most a product may have (1e19)"
    return UsageFit(product, rows, months, zero_months, volume, growth, r_squared, problem)


def match_products(names: list[str], products: list[str]) -> dict[str, str | None]:
    """Each file name's product: exact, else ignoring case and spaces around; None if unknown."""
    folded = {p.strip().casefold(): p for p in products}
    return {
        name: name if name in products else folded.get(name.strip().casefold()) for name in names
    }


def _excel(path: Path) -> "pd.DataFrame":
    """The first sheet, read whole (the file's size is already bounded)."""
    import zipfile

    import pandas as pd

    try:
        return pd.read_excel(path, sheet_name=0, engine="openpyxl", dtype=object)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as failure:
        text = str(failure).strip().splitlines()
        reason = text[0] if text else type(failure).__name__
        raise UsageError(path, f"is not a readable XLSX workbook: {reason}") from None


def _cells(path: Path, column: str, rows: list[int]) -> dict[int, str]:
    """The text of `column` at table `rows` (from 0), read again with nothing taken as missing."""
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return csv_cells(path, column, 1, rows)
    import zipfile

    import pandas as pd

    try:
        sheet = pd.read_excel(path, sheet_name=0, engine="openpyxl", dtype=object, na_filter=False)
        texts = sheet[column]
    except (ValueError, KeyError, OSError, zipfile.BadZipFile):  # changed since: pandas' stand
        return {}
    return {row: str(texts.iloc[row]) for row in rows if row < len(texts)}


def _product_names(path: Path, column: "pd.Series[Any]") -> "pd.Series[Any]":
    """The product column as typed, stripped.

    pandas reads a product called NA or None as an empty cell: those are read again.
    """
    product = column.astype("string").str.strip()
    missing = [int(row) for row in np.flatnonzero(product.isna().to_numpy())]
    for row, text in _cells(path, str(column.name), missing).items() if missing else ():
        if text.strip():
            product.iloc[row] = text.strip()
    return product


def _zones(text: "pd.Series[Any]") -> "pd.Series[Any]":
    """Each month cell's time zone, one spelling per offset ('+14:00', or 'no zone').

    pandas refused a table mixing zones with "Pass utc=True", naming no row; converted to
    UTC, 2025-02-01T00:00-12:00 would be January's last day, not February.
    """
    utc, hours, minutes = (part for _, part in text.str.strip().str.extract(ZONE).items())
    zone = (hours + ":" + minutes.fillna("00")).where(utc.isna(), "+00:00")
    return zone.fillna("no zone")


def _spelled_again(product: "pd.Series[Any]") -> tuple["np.ndarray[Any, Any]", str]:
    """Rows spelling a product in another case than a row above, and the first one's problem.

    Both matched one scenario product (whose names differ by more than case), and the
    later fit replaced the earlier one without a word.
    """
    keys = product.map(name_key)
    rows = product.index.to_series(index=product.index)
    first_spelling = product.groupby(keys, sort=False).transform("first")
    first_row = rows.groupby(keys, sort=False).transform("first")
    flags = np.asarray(product != first_spelling)
    bad = first_bad(flags)
    if bad is None:
        return flags, ""
    earlier = f"{first_spelling.iloc[bad]!r} (row {first_row.iloc[bad] + 1:,})"
    return flags, f"differs only in case from {earlier}: one product, two spellings"


def _checked(path: Path, table: "pd.DataFrame", names: dict[str, str]) -> "pd.DataFrame":
    """Every cell parsed, or a UsageError at the first bad one."""
    import pandas as pd

    def fail(flags: Any, role: str, problem: str, typed: dict[int, str] | None = None) -> None:
        bad = first_bad(flags)
        if bad is not None:
            cell = (typed or {}).get(bad, table[names[role]].iloc[bad])
            cell = None if not isinstance(cell, str) and pd.isna(cell) else cell
            raise UsageError(path, f"{shown(cell)} {problem}", row=bad + 1, column=names[role])

    text = table[names["month"]].astype(str)
    zones = _zones(text)
    other_zone = f"is in another time zone than row 1 ({zones.iloc[0]}); give every month one zone"
    fail(zones != zones.iloc[0], "month", other_zone)
    months = pd.to_datetime(text, format="ISO8601", errors="coerce")
    fail(months.isna(), "month", "is not a month (e.g. 2025-01)")
    low, high = YEAR_RANGE  # year 1 extrapolated to the base year at x11 a year was inf
    fail(~months.dt.year.between(low, high), "month", f"is not a month from {low} to {high}")
    product = _product_names(path, table[names["product"]])
    fail(product.isna() | (product == ""), "product", "is not a product name")
    again, words = _spelled_again(product)
    fail(again, "product", words)
    tokens = []
    for role in ("input tokens", "output tokens"):
        column = names[role]
        numbers, typed = token_numbers(table[column], partial(_cells, path, column))
        fail(np.isnan(numbers), role, "is not a number of tokens", typed)
        fail(numbers < 0, role, "is negative; token counts are 0 or more", typed)
        fail(numbers > MAX_TOKENS_PER_YEAR, role, f"is over {MAX_TOKENS_PER_YEAR:g} tokens, "
             "more than a product may have in a year", typed)  # fmt: skip
        tokens.append(numbers)
    return pd.DataFrame(
        {
            "month": months.dt.to_period("M"),
            "product": product.astype(str),
            "tokens": tokens[0] + tokens[1],
        }
    )
