"""The finance workbook's cells: how its sheets write a cell, a name and a row of formulas.

Number formats and fills (yellow inputs, grey values from the model), `Grid` (one sheet,
cell by cell, words kept as text), `Names` (the defined names `s<k>_<key>` of scenario `k`),
`Block` (a row of formulas a year on the Calculations sheet) and `Quantities` (where a
scenario's model values sit). Apart from what the sheets say (`core.formats.finance`) and
the formulas they hold (`core.formats.calculations`), so each reads without the other.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from core.formats.export import keep_as_text
from core.formats.finance_parts import DEPRECATED_OUTPUTS, FLEET_INPUTS

USD, COUNT, FACTOR, PLAIN = "#,##0;-#,##0", "#,##0", "0.000000", "0"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # FAST: inputs stand out
MODEL_FILL = PatternFill("solid", fgColor="E7E6E6")  # taken from the model, not typed
BOLD = Font(bold=True)
FIRST_YEAR_COLUMN = 5  # A label, B unit, C detail, D one value per row, then the years


@dataclass
class Grid:
    """A worksheet written cell by cell, with each cell's number format and fill."""

    sheet: Worksheet

    @property
    def name(self) -> str:
        """The sheet's name, quoted for a formula."""
        return str(quote_sheetname(self.sheet.title))

    def put(
        self,
        row: int,
        col: int,
        value: object,
        fmt: str | None = None,
        fill: PatternFill | None = None,
    ) -> str:
        """Write one cell; its absolute reference from another sheet."""
        cell = self.sheet.cell(row=row, column=col, value=value)
        if fmt:
            cell.number_format = fmt
        if fill is not None:
            cell.fill = fill
        return f"{self.name}!{absolute(col, row)}"

    def head(self, row: int, col: int, value: object) -> None:
        """A bold header cell (text stays text: `text`)."""
        self.text(row, col, value).font = BOLD

    def label(self, row: int, *texts: str, bold: bool = False) -> None:
        """Texts in the first columns of `row`."""
        for col, text in enumerate(texts, start=1):
            self.text(row, col, text).font = Font(bold=bold)

    def text(self, row: int, col: int, value: object) -> Cell:
        """Write a word cell; a name from a file (`=HYPERLINK(...)`) stays text, never a formula.

        The export's own guard (export.keep_as_text); ScaleDeck's formulas go through `put`.
        """
        cell = self.sheet.cell(row=row, column=col, value=value)
        keep_as_text(cell)
        return cell


def absolute(col: int, row: int) -> str:
    """`$E$7` for column 5, row 7."""
    return f"${get_column_letter(col)}${row}"


@dataclass
class Names:
    """The workbook's defined names of scenario `k`: `s<k>_<key>`."""

    book: Workbook
    k: int
    refs: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, ref: str) -> str:
        """Define `s<k>_<key>` as `ref`; the name, for formulas."""
        name = f"s{self.k}_{key}"
        self.book.defined_names[name] = DefinedName(name, attr_text=ref)
        self.refs[key] = name
        return name

    def add_deprecated(self) -> None:
        """Keep each renamed output's old name beside its new one for a release (docs/cli.md)."""
        for old, new in DEPRECATED_OUTPUTS.items():
            name = f"s{self.k}_{old}"
            target = self.book.defined_names[f"s{self.k}_{new}"].attr_text
            comment = f"Deprecated: use s{self.k}_{new}; this name goes in the next release."
            self.book.defined_names[name] = DefinedName(name, attr_text=target, comment=comment)

    def add_inputs(self, refs: dict[str, str]) -> None:
        """Name every fleet input of this scenario; other inputs keep their cell references."""
        fleet = {key for key, *_ in FLEET_INPUTS}
        for key, ref in refs.items():
            if key in fleet:
                self.add(key, ref)
            else:
                self.refs[key] = ref


@dataclass(frozen=True)
class Quantities:
    """Cell references of one scenario's values on the From the model sheet."""

    cohorts: list[dict[str, str]]  # install_year, gpus, tdp_w, priced, rebought per cohort
    refresh_tdp_w: str
    burst_hours: list[str]  # per year
    routes: list[tuple[str, str, list[str]]]  # label, output fraction, tokens per year


@dataclass
class Block:
    """One scenario's rows on the Calculations sheet, written from `row` down."""

    grid: Grid
    row: int
    years: list[int]

    @property
    def columns(self) -> list[str]:
        """The letter of each year's column."""
        return [get_column_letter(FIRST_YEAR_COLUMN + t) for t in range(len(self.years))]

    def line(
        self, label: str, unit: str, formula: Callable[[str], str], fmt: str, detail: str = ""
    ) -> int:
        """A row of formulas, one per year (`formula` of the column letter); its row number."""
        self.grid.label(self.row, label, unit, detail)
        for t, col in enumerate(self.columns):
            self.grid.put(self.row, FIRST_YEAR_COLUMN + t, "=" + formula(col), fmt)
        self.row += 1
        return self.row - 1

    def lines(
        self, title: str, unit: str, labels: list[str], formula: Callable[[int, str], str], fmt: str
    ) -> list[int]:
        """A titled row per cohort (or route): `formula` of its index and the column letter."""
        self.grid.label(self.row, title, bold=True)
        self.row += 1
        return [self.line(label, unit, partial(formula, i), fmt) for i, label in enumerate(labels)]

    def singles(
        self, title: str, unit: str, labels: list[str], formula: Callable[[int, str], str], fmt: str
    ) -> list[int]:
        """A titled row per cohort with one formula in column D: `formula` of its index and D."""
        self.grid.label(self.row, title, bold=True)
        self.row += 1
        found = []
        for i, label in enumerate(labels):
            self.single(label, unit, formula(i, "D"), fmt)
            found.append(self.row - 1)
        return found

    def single(self, label: str, unit: str, formula: str, fmt: str, detail: str = "") -> str:
        """One formula in column D; its reference (`$D$9`)."""
        self.grid.label(self.row, label, unit, detail)
        self.grid.put(self.row, 4, "=" + formula, fmt)
        self.row += 1
        return absolute(4, self.row - 1)

    def total(self, label: str, rows: list[int], fmt: str = USD) -> int:
        """A row summing `rows` year by year (0 when there are none)."""
        if not rows:
            return self.line(label, "USD", lambda col: "0", fmt)
        return self.line(label, "USD", lambda col: f"SUM({col}{rows[0]}:{col}{rows[-1]})", fmt)
