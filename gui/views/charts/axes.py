"""Axes that hold still while a slider moves: a steady 0..top range, a right-hand axis."""

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from gui.style.theme import Role
from gui.views.charts.items import marked_line, set_line

if TYPE_CHECKING:
    from gui.views.charts.base import Chart


GROWTH_ROOM = 1.25  # a growing axis leaves this much room above the data
SHRINK_BELOW = 0.4  # and shrinks once the data fills less than this share of it


class StableRange:
    """A 0..top range with a round top that moves only when the data leaves it.

    It grows as soon as the data exceeds it, with a quarter to spare so a drag upward
    steps it a few times rather than at every round number, and shrinks only below 40%
    of it: a slider drag neither jitters the axis nor redraws its labels on every move.
    Once the changes stop, `settle` fits it tightly again (the chart calls it).
    """

    def __init__(self) -> None:
        self.top: float | None = None
        self.needed = 1.0

    def fit(self, view: pg.ViewBox, needed: float) -> bool:
        """Show 0..top on `view`, moving top only when `needed` leaves it; True if loose."""
        if needed <= 0 or not np.isfinite(needed):
            needed = 1.0
        self.needed = needed
        if self.top is None or needed < SHRINK_BELOW * self.top:
            self.top = nice_ceiling(needed)
            view.setYRange(0, self.top, padding=0)
        elif needed > self.top:
            self.top = nice_ceiling(needed * GROWTH_ROOM)
            view.setYRange(0, self.top, padding=0)
        return self.top != nice_ceiling(needed)

    def settle(self, view: pg.ViewBox) -> None:
        """Fit the top tightly to the last data (the room a drag left is dropped).

        A range never fitted is the chart's own fixed one (0-100%): it stays.
        """
        tight = nice_ceiling(self.needed)
        if self.top is not None and self.top != tight:
            self.top = tight
            view.setYRange(0, tight, padding=0)


class RightAxis:
    """A second y axis on the right with one line, linked to the chart's years."""

    def __init__(self, chart: "Chart", label: str, name: str) -> None:
        plot = chart.plot_item
        # No menu: pyqtgraph would make it parentless, to outlive the chart.
        self.view = pg.ViewBox(enableMouse=False, enableMenu=False)
        plot.showAxis("right")
        axis = plot.getAxis("right")
        chart.set_axis_title("right", label)
        axis.setGrid(False)  # one grid (the left axis's) is enough
        plot.scene().addItem(self.view)
        self.view.setZValue(plot.zValue() + 1)  # its line above the bars of the main view
        axis.linkToView(self.view)
        self.view.setXLink(plot.vb)
        self.curve = chart.styled(marked_line(symbol="s"), Role.ACCENT, 2.5, Qt.PenStyle.DotLine)
        self.view.addItem(self.curve)
        chart.legend.addItem(self.curve, name)
        self._range = StableRange()
        self._chart = chart
        self._main = plot.vb
        plot.vb.sigResized.connect(self._follow)
        self._follow()

    def show(
        self, x: np.ndarray, y: np.ndarray, headroom: float = 1.2, at_least: float = 0.0
    ) -> None:
        """Draw the line and keep its axis steady, its top never under `at_least`."""
        set_line(self.curve, x, y)
        finite = y[np.isfinite(y)]
        needed = float(finite.max()) * headroom if finite.size else 1.0
        if self._range.fit(self.view, max(needed, at_least)):
            self._chart.settle_later()

    def settle(self) -> None:
        """Fit the axis tightly to its line again."""
        self._range.settle(self.view)

    def _follow(self, *_: object) -> None:
        """Keep the second view exactly over the main one (pyqtgraph does not)."""
        self.view.setGeometry(self._main.sceneBoundingRect())


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 x 10^k at or above `value` (> 0)."""
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= value))
