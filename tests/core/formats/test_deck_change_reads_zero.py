"""The deck's comparison slide colours a change as it reads: "+0 pts" is muted, not green.

At 6x the fleet, the 2029 external token share read 82% against 82%, a change of -0.30
points shown "+0 pts" in green as better.
"""

import io

from pptx import Presentation

import core
from core.formats.deck import build_deck
from core.scenario.edits import with_changes
from gui.style.theme import LIGHT, deck_colors

YEAR = 2029


def change_cells() -> dict[str, tuple[str, str]]:
    """The comparison slide's rows: label -> (the change's text, its colour)."""
    base = core.default_scenario()
    variant = with_changes(base, {"name": "Scale 6x", "fleet.scale": 6.0})
    book = core.make_workbook(base, (variant,))
    deck = Presentation(io.BytesIO(build_deck(book, "Baseline", YEAR, deck_colors(LIGHT))))
    table = next(s for s in deck.slides[1].shapes if s.has_table).table
    cells = {}
    for r in range(1, len(table.rows)):
        cell = table.cell(r, 3)
        colour = str(cell.text_frame.paragraphs[0].runs[0].font.color.rgb)
        cells[table.cell(r, 0).text] = (cell.text, colour)
    return cells


def test_a_change_that_reads_zero_is_muted_and_one_shown_keeps_its_colour():
    cells = change_cells()
    muted, good, warning = (c.lstrip("#").upper() for c in (LIGHT.muted, LIGHT.good, LIGHT.warning))
    assert cells[f"External token share, {YEAR}"] == ("+0 pts", muted)
    text, colour = cells["Present cost (USD, horizon)"]  # 6x the fleet: a real change
    assert text.startswith("costs $")
    assert colour == warning
    assert good != muted
