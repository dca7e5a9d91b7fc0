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
    "% of tokens": "%",
    "% tokens served outside": "% outside",
    "% of promise used": "% of promise",
    # The bars' colour is what a reader cannot guess: it outlives "score" on a short axis.
    QUALITY_AXIS: "red = some tokens under floor",
    # Each form keeps the condition "red": "some under floor" alone read as a fact at
    # 1280x720 beside green bars. "some" goes last: a bar is red when some of its tokens are
    # under the floor, though its mean may meet it (no "<": labels are HTML).
    "red = some tokens under floor": "red = some under floor",
    "red = some under floor": "red: some under",  # 1280x720; the title says floor
    "red: some under": "red: under",  # presentation mode at 1280x720
}

# Titles that name the scenario's GPU have no fixed short form: their unit's shortest
# form, "k H100e" (thousands of H100-equivalents, as the chart's hover says), is their last
# resort, in a smaller type if need be: "k GPUs" read as GPUs a chart of equivalents.
UNIT_FORMS = ((re.compile(r"^k (.+?)-eq\b"), r"k \1e"),)
SMALLER_PT = 2  # how much smaller a unit's shortest form may be than the axis's type


def fitting_title(title: str, room_px: float, width_px: Callable[[str], float]) -> str | None:
    """`title` if its text fits `room_px`, else its short forms, then its leading clauses.

    "k H100-eq, busy hour" has no fixed short form (the GPU is the scenario's): it reads
    "k H100-eq", then "k H100e" (`unit_form`), rather than losing its unit or naming
    another. None when nothing fits.
    """
    forms = [title]
    while SHORT_TITLES.get(forms[-1], title) not in forms:  # no form twice, whatever the table
        forms.append(SHORT_TITLES[forms[-1]])
    last = unit_form(title)
    for text in (*forms, *leading_clauses(title), *([last] if last else [])):
        if width_px(text) <= room_px:
            return text
    return None


def unit_form(title: str) -> str | None:
    """The shortest form that keeps a title's unit ("k H100e"), or None if it has none."""
    for pattern, short in UNIT_FORMS:
        if (found := pattern.match(title)) is not None:
            return found.expand(short)
    return None


def fit_axis_titles(plot: pg.PlotItem, titles: Mapping[str, str], points: int) -> None:
    """Show each side's title (text of `points` pt) whole, short or not at all, to fit its axis.

    A title whose unit fits in no form at `points` shows its unit's shortest form
    `SMALLER_PT` smaller (the capacity chart's "k H100e" at 1280x720) before none.
    """
    for side, title in titles.items():
        axis = plot.getAxis(side)
        box = axis.boundingRect()
        room = box.width() if side == "bottom" else box.height()
        room -= 2 * axis.label.document().documentMargin()  # the label's own padding
        shown, size = fitting_title(title, room, _width_at(points)), points
        last = unit_form(title)
        if shown is None and last and _width_at(points - SMALLER_PT)(last) <= room:
            shown, size = last, points - SMALLER_PT
        if shown is None:
            if axis.label.isVisible():
                axis.showLabel(False)
            continue
        style = f"{size}pt"
        if (shown, style) != (axis.labelText, axis.labelStyle.get("font-size")) or (
            not axis.label.isVisible()
        ):
            axis.labelStyle["font-size"] = style
            axis.setLabel(shown)  # only on change: a new label re-lays the plot out
            axis.resizeEvent()  # centres it again: pyqtgraph does only when the axis resizes


def _width_at(points: int) -> Callable[[str], float]:
    """A title's width at `points`, as pyqtgraph writes it: "title units", a space after."""
    font = QFont()
    font.setPointSize(points)
    metrics = QFontMetrics(font)
    return lambda text: metrics.horizontalAdvance(f"{text} ")
