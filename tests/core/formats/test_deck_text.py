"""The deck's words, styles, layout and charts' series pinned against a committed copy.

test_deck.py checks what each slide must say and show, with the figures; this pins the
rest for one meeting (the default, a variant that buys GB200 at 6x and shifts traffic in
house, the recommended plan, their comparison and recommendation slides) in tests/data/deck_text.json, so the deck's wording and
style change only on purpose: run with SCALEDECK_UPDATE_SNAPSHOTS=1 to write the new
copy, then read its diff. Digits are kept out (each is `#`), so a change to the model's
figures alone does not touch the copy.
"""

import io
import json
import os
import re
from datetime import datetime

from pptx import Presentation
from pptx.enum.dml import MSO_FILL

import core
from core.formats.deck import build_deck
from core.plan.solve import recommend_plan
from core.scenario.edits import with_changes, with_generation
from gui.style.theme import LIGHT, deck_colors
from tests.paths import ROOT

SNAPSHOT = ROOT / "tests" / "data" / "deck_text.json"
WHEN = datetime(2026, 12, 1, 9, 30)  # the deck's stamp: a fixed date, not today's


def words(text: str) -> str:
    """`text` with each digit as `#`: the wording, not the model's figures."""
    return re.sub(r"[0-9]", "#", text)


def _runs(shape) -> list[list[object]]:
    """Each text run: its text, size (pt), bold and colour as written."""
    runs = []
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            font = run.font
            color = font.color.rgb if font.color and font.color.type is not None else None
            size = font.size.pt if font.size is not None else None
            runs.append([words(run.text), size, font.bold, None if color is None else str(color)])
    return runs


def _fill(cell) -> str | None:
    """A table cell's solid fill colour, if it has one."""
    fill = cell.fill
    return str(fill.fore_color.rgb) if fill.type == MSO_FILL.SOLID else None


def _shape(shape) -> dict[str, object]:
    found: dict[str, object] = {
        "kind": str(shape.shape_type),
        "name": shape.name,
        "box": [shape.left, shape.top, shape.width, shape.height],  # EMU
    }
    if shape.has_text_frame:
        found["runs"] = _runs(shape)
    if getattr(shape, "has_table", False) and shape.has_table:
        table = shape.table
        found["columns"] = [column.width for column in table.columns]
        found["table"] = [[[_runs(cell), _fill(cell)] for cell in row.cells] for row in table.rows]
    if getattr(shape, "has_chart", False) and shape.has_chart:
        plot = shape.chart.plots[0]
        found["chart"] = {
            "type": str(shape.chart.chart_type),
            "categories": [words(str(c)) for c in plot.categories],
            "series": [words(s.name) for s in plot.series],
        }
    return found


def deck_text() -> list[list[dict[str, object]]]:
    """Every slide's shapes as `_shape` reads them, in order."""
    base = core.default_scenario()
    variant = with_changes(
        with_generation(base, "GB200"),
        {"name": "GB200 x6", "fleet.scale": 6.0, "levers.in_house_shift": 0.5},
    )
    planned = with_changes(recommend_plan(base).scenario, {"name": "Recommended plan"})
    book = core.make_workbook(base, (variant, planned))
    blob = build_deck(book, variant.name, 2029, deck_colors(LIGHT), when=WHEN)
    return [[_shape(s) for s in slide.shapes] for slide in Presentation(io.BytesIO(blob)).slides]


def test_the_deck_says_what_the_committed_copy_says():
    now = json.loads(json.dumps(deck_text()))
    if os.environ.get("SCALEDECK_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
    assert now == json.loads(SNAPSHOT.read_text())
