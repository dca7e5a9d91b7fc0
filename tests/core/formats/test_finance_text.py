"""The finance workbook's words and formats, pinned: what a CFO reads beside the formulas.

test_finance_formulas.py checks every number by recalculating; this pins every label,
heading, unit, number format, fill, frozen pane and column width of the same workbook against a committed copy
(tests/data/finance_workbook_text.json), so a change to what the workbook says is made on
purpose: run with SCALEDECK_UPDATE_SNAPSHOTS=1 to write the new copy, then read its diff.
"""

import io
import json
import os

import openpyxl

from core.formats.finance import finance_workbook_bytes
from tests.core.formats.test_finance_formulas import scenarios
from tests.paths import ROOT

SNAPSHOT = ROOT / "tests" / "data" / "finance_workbook_text.json"


def workbook_text() -> dict[str, object]:
    """Each sheet's text, number format, bold and fill by cell, its frozen panes and column
    widths, and the defined names."""
    book = openpyxl.load_workbook(io.BytesIO(finance_workbook_bytes(scenarios())))
    sheets: dict[str, dict[str, object]] = {}
    for sheet in book.worksheets:
        cells: dict[str, list[object]] = {}
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else None
                if text is not None and text.startswith("="):
                    text = None  # a formula: its value is test_finance_formulas'
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type else None
                shown = [text, cell.number_format, bool(cell.font.bold), fill]
                if shown != [None, "General", False, None]:
                    cells[cell.coordinate] = shown
        widths = {k: d.width for k, d in sorted(sheet.column_dimensions.items()) if d.width}
        sheets[sheet.title] = {"cells": cells, "frozen": sheet.freeze_panes, "widths": widths}
    names = sorted(f"{n}={d.attr_text}" for n, d in book.defined_names.items())
    return {"sheets": sheets, "names": names}


def test_the_workbook_says_what_the_committed_copy_says():
    now = json.loads(json.dumps(workbook_text()))  # tuples and keys as JSON reads them back
    if os.environ.get("SCALEDECK_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
    assert now == json.loads(SNAPSHOT.read_text())
