"""Axis titles that are never cut: whole when the axis is long enough, else a short form."""

import re
from collections.abc import Callable, Mapping

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

from gui.views.elided import leading_clauses

QUALITY_AXIS = "score (illustrative); red = some tokens under the floor"
SHORT_TITLES = {  # what a title reads as on a short axis (1280x720, a crowded Compare window),
    # and a short form's own shorter form
    "$B / year": "$B",
    "M GPU-h / year": "M GPU-h",
    "$ / M tokens": "$/M",
    "utilization (%)": "util. %",
    "HHI (0-10,000)": "HHI",
    "0-100 (low = safe)": "0-100",
    "% of spend": "%",
    "% tokens served outside": "% outside",
    "% of promise used": "% of promise",
    # The bars' colour is what a reader cannot guess: it outlives "score" on a short axis.
    QUALITY_AXIS: "red = some tokens under floor",
    "red = some tokens under floor": "red = some under floor",
    "red = some under floor": "red = under floor",
    "red = under floor": "red = under",  # presentation mode at 1280x720, the title says floor
}

# Titles that name the scenario's GPU have no fixed short form: their last resort.
SHORT_PATTERNS = ((re.compile(r"^k .+?-eq\b"), "k GPUs"),)


def fitting_title(title: str, room_px: float, width_px: Callable[[str], float]) -> str | None:
    """`title` if its text fits `room_px`, else its short forms, then its leading clauses.

    "k H100-eq, busy hour" has no fixed short form (the GPU is the scenario's): it reads
    "k H100-eq", then "k GPUs" (1280x720's capacity chart), rather than losing its unit.
    None when nothing fits.
    """
    forms = [title]
    while SHORT_TITLES.get(forms[-1], title) not in forms:  # no form twice, whatever the table
        forms.append(SHORT_TITLES[forms[-1]])
    last = [short for pattern, short in SHORT_PATTERNS if pattern.match(title)]
    for text in (*forms, *leading_clauses(title), *last):
        if width_px(text) <= room_px:
            return text
    return None


def fit_axis_titles(plot: pg.PlotItem, titles: Mapping[str, str], points: int) -> None:
    """Show each side's title (text of `points` pt) whole, short or not at all, to fit its axis."""
    font = QFont()
    font.setPointSize(points)
    metrics = QFontMetrics(font)
    for side, title in titles.items():
        axis = plot.getAxis(side)
        box = axis.boundingRect()
        room = box.width() if side == "bottom" else box.height()
        room -= 2 * axis.label.document().documentMargin()  # the label's own padding
        # pyqtgraph writes the label as "title units": a space after a title without units.
        shown = fitting_title(title, room, lambda text: metrics.horizontalAdvance(f"{text} "))
        if shown is None:
            if axis.label.isVisible():
                axis.showLabel(False)
        elif shown != axis.labelText or not axis.label.isVisible():
            axis.setLabel(shown)  # only on change: a new label re-lays the plot out
            axis.resizeEvent()  # centres it again: pyqtgraph does only when the axis resizes
