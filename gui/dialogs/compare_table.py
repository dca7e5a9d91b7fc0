"""Compare's tables: every decision row for every year at once, coloured by meaning.

They copy to the clipboard as tab-separated text and export as XLSX or CSV. A change
is coloured by what it means for its measure (core.summary.direction), never by its
sign: a present cost that falls is green, GPUs have no better direction.
"""

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from core.analysis.compare import (
    HORIZON,
    SHARE_KPIS,
    Comparison,
    Decision,
    format_change,
    format_kpi,
    nonzero_text,
)
from core.formats.export import UNIT_FORMATS, column_unit, csv_texts, xlsx_bytes
from core.scenario.files import write_bytes_atomic, write_text_atomic
from core.summary.direction import Direction, change_direction, shown_direction
from core.units import percent_change, percent_points, reads_zero, signed
from gui.style.appearance import appearance
from gui.views.tables.fitted import fit_columns
from gui.views.tables.frame_model import FrameModel
from gui.views.tables.keyboard import keyboard_table

TABLE_SUFFIXES = (".xlsx", ".csv")
COUNT_FORMAT = "#,##0"  # a measure with no unit of its own counts: GPUs, GPU-eq, products
CHANGE_FORMAT = "0.0%"  # delta_pct: a change as a fraction of the reference's figure
DIRECTION_WORDS: dict[Direction, str] = {
    "better": "Better than the reference (costs and risk lower, utilization nearer 50-100%)",
    "worse": "Worse than the reference (costs and risk higher, utilization further from 50-100%)",
    "same": "The same as the reference",
    "neutral": "Neither better nor worse: this figure has no better direction",
}


class DeltaModel(FrameModel):
    """A compare table; each change is coloured by whether it is good for its measure."""

    def __init__(self) -> None:
        super().__init__()
        self.directions: dict[tuple[int, int], Direction] = {}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """As the frame's; a change's text is green when better, red when worse.

        A change that reads zero ("+0 pts") has no colour (`shown_direction`).
        """
        if role == Qt.ItemDataRole.ForegroundRole:
            direction = self.directions.get((index.row(), index.column()))
            theme = appearance().theme
            colors = {"better": theme.good, "worse": theme.warning}
            return QColor(colors[direction]) if direction in colors else None
        if role == Qt.ItemDataRole.ToolTipRole and (index.row(), index.column()) in self.directions:
            return DIRECTION_WORDS[self.directions[(index.row(), index.column())]]
        return super().data(index, role)


def decisions_display(
    comparison: Comparison,
) -> tuple[pd.DataFrame, dict[tuple[int, int], Direction]]:
    """Measure x scenario rows (a measure named on its first row), Horizon, then each year.

    Also the direction of each compared scenario's cell, as its change reads (one left
    out for reading zero is the same): (row, column) -> direction.
    """
    years = sorted({d.year for d in comparison.decisions if isinstance(d.year, int)})
    columns: list[int | str] = [HORIZON, *years]
    cells: dict[tuple[str, str], dict[int | str, Decision]] = {}
    for d in comparison.decisions:
        cells.setdefault((d.measure, d.scenario), {})[d.year] = d
    reference = comparison.names[0]
    measures = list(dict.fromkeys(measure for measure, _name in cells))
    rows: list[list[str]] = []
    directions: dict[tuple[int, int], Direction] = {}
    for measure, name in ((m, n) for m in measures for n in comparison.names):
        by_year = cells[(measure, name)]
        label = next(iter(by_year.values())).label if name == reference else ""
        row = [label, name]
        for column, year in enumerate(columns, start=2):
            found = by_year.get(year)
            row.append("" if found is None else _cell(found, name == reference))
            if found is not None and name != reference:
                base = cells[(measure, reference)][year].value
                verdict = change_direction(measure, base, found.value)
                change = format_change(measure, found.value, found.value - found.delta)
                directions[(len(rows), column)] = shown_direction(verdict, change)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["Measure", "Scenario", "Horizon", *map(str, years)])
    return frame, directions


def one_year_display(
    comparison: Comparison,
) -> tuple[pd.DataFrame, dict[tuple[int, int], Direction]]:
    """The year's rows (`Comparison.one_year_rows`), with each change coloured by meaning.

    Per scenario its value, for the others the change and % change; also the direction
    of each change's cells as they read (`shown_direction`): (row, column) -> direction.
    A change the shown figures round away read "+0 pts" (-0.3 points) or "+$0.00B" ($2M):
    it is written on its own scale (`_own_scale`).
    """
    rows, directions = {}, {}
    reference = comparison.names[0]
    for r, (kpi, label) in enumerate(comparison.one_year_rows()):
        row = {}
        base = comparison.cell(kpi, reference, "value")
        for i, name in enumerate(comparison.names):
            value = comparison.cell(kpi, name, "value")
            # the header wraps a name (tables.fitted); no cloud burst reads "$0", not "$0.00"
            row[name] = _zero_dollars(format_kpi(kpi, value), value)
            if i:
                pct = comparison.cell(kpi, name, "delta_pct")
                change = _own_scale(kpi, format_change(kpi, value, base), value - base)
                change, relative = _zero_dollars(change, value - base), percent_change(pct)
                if math.isfinite(pct) and reads_zero(relative) and pct != 0:
                    relative = _nonzero_signed(percent_points(pct), "%") or relative
                row[f"{name}\nΔ"], row[f"{name}\nΔ%"] = change, relative
                verdict = change_direction(kpi, base, value)
                # Each as it reads: "+0 pts" is no change ("n/a", a % of zero: as the Δ).
                directions[(r, 3 * i - 1)] = shown_direction(verdict, change)
                shown = relative if math.isfinite(pct) else change
                directions[(r, 3 * i)] = shown_direction(verdict, shown)
        rows[label] = row
    return pd.DataFrame.from_dict(rows, orient="index"), directions


def _own_scale(kpi: str, shown: str, change: float) -> str:
    """`shown`, or when it reads zero for a change that is not, the change on its own scale.

    Dollars as `usd_short` writes the change ($2M, not +$0.00B), a share in the points
    and other figures in the decimals at which it does not read 0 (`nonzero_text`).
    """
    if not reads_zero(shown) or change == 0:
        return shown
    if kpi in SHARE_KPIS:
        return _nonzero_signed(percent_points(change), " pts") or shown
    own = format_kpi(kpi, change, signed=True)
    return shown if reads_zero(own) else own


def _nonzero_signed(number: float, suffix: str) -> str:
    """`number` signed, to the decimals at which it does not read 0; "" for rounding residue."""
    decimals = len(nonzero_text(number, 0).partition(".")[2])
    text = signed(number, f"+,.{decimals}f")
    return "" if reads_zero(text) else f"{text}{suffix}"


def _zero_dollars(shown: str, number: float) -> str:
    """A dollar figure or change that is exactly 0 as "$0" ("+$0"): "$0.00" read as cents."""
    return f"{shown.partition('$')[0]}$0" if number == 0 and "$" in shown else shown


def _cell(d: Decision, reference: bool) -> str:
    """A figure; a compared scenario's with its change against the reference.

    A unit the row's label names is left out: "226.0 MW (+204.1 MW)" made every year's
    column ~40 px wider, and at 1280x720 the table showed three years. The change is the
    difference of the figures shown (`format_change`).
    """
    value = format_kpi(d.measure, d.value, unit=False)
    change = format_change(d.measure, d.value, d.value - d.delta, unit=False)
    return value if reference or reads_zero(change) else f"{value} ({change})"


def as_tsv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated lines as a spreadsheet pastes them (tabs and newlines in cells as spaces)."""
    lines = [headers, *rows]
    return "\n".join("\t".join(" ".join(str(c).split()) for c in line) for line in lines) + "\n"


class CopyTable(QTableView):
    """A read-only table whose Ctrl+C copies the selected cells (all when none) as TSV."""

    def __init__(self, name: str, words: str, parent: QWidget, header_lines: int = 2) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        keyboard_table(self, words)  # `words` read out; Tab leaves for Copy and Export
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.activated.connect(self.copy)
        fit_columns(self, header_lines)

    def text(self, selected_only: bool = True) -> str:
        """The selected cells' bounding box (or the whole table) with its headers, as TSV."""
        model = self.model()
        picked = self.selectionModel().selectedIndexes() if selected_only else []
        rows = sorted({i.row() for i in picked}) or range(model.rowCount())
        columns = sorted({i.column() for i in picked}) or range(model.columnCount())
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        corner = [""] if self.verticalHeader().isVisible() else []
        headers = corner + [str(model.headerData(c, horizontal)) for c in columns]
        body = [
            ([str(model.headerData(r, vertical))] if corner else [])
            + [str(model.data(model.index(r, c)) or "") for c in columns]
            for r in rows
        ]
        return as_tsv(headers, body)

    def copy(self) -> None:
        """Put the selection (or the whole table) on the clipboard; it pastes into Excel."""
        QGuiApplication.clipboard().setText(self.text())


def write_comparison(comparison: Comparison, path: Path, stamp_text: str) -> None:
    """The comparison as numbers to an .xlsx or .csv file.

    The XLSX holds every decision row (sheet "compare": scenario, measure, label, year,
    value, delta, delta_pct) and the one-year table (sheet "one_year":
    `Comparison.one_year_frame`), its stamp in the about sheet, each row's figures in its
    measure's number format (`measure_formats`); the CSV, one table, the decision rows
    (shares as fractions, as `compare --json` gives them). ValueError for another suffix;
    OSError when the file cannot be written.
    """
    frame = comparison.decisions_frame()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = {"compare": frame, "one_year": comparison.one_year_frame()}
        write_bytes_atomic(path, xlsx_bytes(sheets, stamp_text, formats=measure_formats))
    elif suffix == ".csv":
        write_text_atomic(path, csv_texts({"compare": frame})["compare"])
    else:
        raise ValueError(f"{path.name}: a comparison is exported as .xlsx or .csv, not {suffix!r}")


def measure_formats(sheet: Any) -> None:
    """Each row's numbers in its measure's format (`core.formats.export.UNIT_FORMATS`).

    One column holds every measure, so General showed a utilization of 113% as 1.1309 under
    "Utilization (% busy)": shares stay fractions, as `compare --json` and the results export
    give them, shown as percentages; a change carries its sign ("+5.0%", "+1,200").
    """
    header = [str(cell.value) for cell in sheet[1]]
    key = header.index("measure" if "measure" in header else "kpi")
    for row in sheet.iter_rows(min_row=2):
        unit = UNIT_FORMATS.get(column_unit(str(row[key].value)), COUNT_FORMAT)
        for name, cell in zip(header, row, strict=True):
            if name.endswith("delta_pct"):
                cell.number_format = _signed(CHANGE_FORMAT)
            elif name.endswith("delta"):
                cell.number_format = _signed(unit)
            elif name.endswith("value"):
                cell.number_format = unit


def _signed(number_format: str) -> str:
    """`number_format` with a plus before a rise: a change reads "+5.0%", not "5.0%"."""
    return f"+{number_format};-{number_format};{number_format}"
