"""What every chart shares: a titled plot, axes with units, the selected-year line, hover values.

Items are created once and updated in place (`setData` / `setOpts`): no clear-and-replot,
so a slider drag never flickers or re-lays out the window.
"""

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QCursor, QFont, QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QToolTip, QWidget

from gui.theme import LIGHT

pg.setConfigOptions(antialias=True, background=LIGHT.background, foreground=LIGHT.foreground)

BAR_WIDTH = 0.62
COMPACT_WIDTH = 300  # px: below this a chart shortens its labels


class Chart(pg.PlotWidget):
    """A pyqtgraph plot styled for a projector, with a hover read-out in words."""

    def __init__(
        self, name: str, title: str, left_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(title)
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.title = title
        self.legend_columns = 3
        self.compact: bool | None = None  # narrow charts get a smaller title, one legend column
        self.plot_item.setLabel("left", left_label)
        self.plot_item.showGrid(x=False, y=True, alpha=LIGHT.grid_alpha)
        self.plot_item.setMenuEnabled(False)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.hideButtons()
        font = QFont()
        font.setPointSize(10)
        for side in ("left", "bottom", "right"):
            axis = self.plot_item.getAxis(side)
            axis.setTickFont(font)
            axis.enableAutoSIPrefix(False)  # units are in the labels; "(x0.001)" would hide them
            # An axis (and the grid it draws across the plot) is repainted whenever any bar
            # under it changes; replaying its text costs ~2 ms. Cache its pixels instead: the
            # axis invalidates the cache itself (update()) when its ticks or range change.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.legend = self.plot_item.addLegend(offset=(8, 4), labelTextSize="9pt")
        self.set_compact(False)
        self.year_line = pg.InfiniteLine(
            angle=90, pen=pg.mkPen("#888888", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine)
        )
        self.year_line.setZValue(50)
        self.describe: Callable[[float, float], str | None] = lambda x, y: None
        self._ticks: tuple[tuple[int, ...], bool] | None = None
        self._y_range = StableRange()
        self.scene().sigMouseMoved.connect(self._hover)
        self.setMinimumSize(200, 160)

    def show_year_line(self) -> None:
        """Mark the selected year with a vertical line (time charts only)."""
        self.plot_item.addItem(self.year_line, ignoreBounds=True)

    def set_year(self, year: int) -> None:
        """Move the selected-year line."""
        self.year_line.setPos(year)

    def set_year_ticks(self, years: Sequence[int]) -> None:
        """Label the x axis with whole years ('26 on narrow charts)."""
        narrow = self.width() < 60 * len(years)
        if (tuple(years), narrow) == self._ticks:
            return  # new ticks invalidate the axis's cached drawing: set them only on change
        self._ticks = (tuple(years), narrow)
        self.plot_item.getAxis("bottom").setTicks(
            [[(y, f"'{y % 100:02d}" if narrow else str(y)) for y in years]]
        )
        self.plot_item.setXRange(years[0] - 0.6, years[-1] + 0.6, padding=0)

    def set_compact(self, compact: bool) -> None:
        """Fit a narrow chart: smaller title, at most two legend columns (subclasses add more)."""
        self.compact = compact
        self.plot_item.setTitle(f"<b>{self.title}</b>", size="9pt" if compact else "11pt")
        self.legend.setColumnCount(min(2, self.legend_columns) if compact else self.legend_columns)
        size = "8pt" if compact else "9pt"
        self.legend.setLabelTextSize(size)  # stores the size; labels re-render on setText
        for _sample, label in self.legend.items:
            label.setText(label.text, size=size)

    def fit_y(self, needed: float) -> None:
        """Fit the left axis to `needed` (see `StableRange`)."""
        self._y_range.fit(self.plot_item.vb, needed)

    def right_axis(self, label: str, color: str, name: str) -> "RightAxis":
        """A line on its own right-hand axis, sharing the years (cost per token, utilization)."""
        return RightAxis(self, label, color, name)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        """Adapt labels to the width: '26 or 2026 on the year axis, compact when narrow."""
        ready = hasattr(self, "_ticks")  # pyqtgraph resizes once before __init__ has run
        if ready and (self.width() < COMPACT_WIDTH) != self.compact:
            self.set_compact(self.width() < COMPACT_WIDTH)  # before the scene is laid out
        super().resizeEvent(event)
        if ready and self._ticks is not None:
            self.set_year_ticks(self._ticks[0])

    def bars(self, color: str, name: str | None = None) -> pg.BarGraphItem:
        """A bar series added once, to be updated with `setOpts`."""
        item = pg.BarGraphItem(
            x=[0], height=[0], width=BAR_WIDTH, brush=color, pen=pg.mkPen(None), name=name
        )
        self.plot_item.addItem(item)  # named items join the legend by themselves
        return item

    def curve(
        self, color: str, name: str | None = None, width: float = 2.5, dashed: bool = False
    ) -> pg.PlotDataItem:
        """A line series added once, to be updated with `setData`."""
        style = pg.QtCore.Qt.PenStyle.DashLine if dashed else pg.QtCore.Qt.PenStyle.SolidLine
        item = self.plot_item.plot(
            [],
            [],
            pen=pg.mkPen(color, width=width, style=style),
            name=name,
            symbol="o",
            symbolSize=6,
            symbolBrush=color,
            symbolPen=None,
        )
        return item

    def _hover(self, position: QPointF) -> None:
        if not self.plot_item.sceneBoundingRect().contains(position):
            return
        point = self.plot_item.vb.mapSceneToView(position)
        text = self.describe(point.x(), point.y())
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()


class StableRange:
    """A 0..top range with a round top that moves only when the data leaves it.

    It grows as soon as the data exceeds it and shrinks only below 40% of it, so a
    slider drag neither jitters the axis nor redraws its labels on every move.
    """

    def __init__(self) -> None:
        self.top: float | None = None

    def fit(self, view: pg.ViewBox, needed: float) -> None:
        """Show 0..top on `view`, moving top only when `needed` leaves it."""
        if needed <= 0 or not np.isfinite(needed):
            needed = 1.0
        if self.top is None or needed > self.top or needed < 0.4 * self.top:
            self.top = nice_ceiling(needed)
            view.setYRange(0, self.top, padding=0)


class RightAxis:
    """A second y axis on the right with one line, linked to the chart's years."""

    def __init__(self, chart: Chart, label: str, color: str, name: str) -> None:
        plot = chart.plot_item
        self.view = pg.ViewBox(enableMouse=False)
        plot.showAxis("right")
        axis = plot.getAxis("right")
        axis.setLabel(label, color=color)
        axis.setTextPen(color)
        axis.setGrid(False)  # one grid (the left axis's) is enough
        plot.scene().addItem(self.view)
        axis.linkToView(self.view)
        self.view.setXLink(plot.vb)
        self.curve = pg.PlotDataItem(
            pen=pg.mkPen(color, width=2.5, style=pg.QtCore.Qt.PenStyle.DotLine),
            symbol="s",
            symbolSize=7,
            symbolBrush=color,
            symbolPen=None,
        )
        self.view.addItem(self.curve)
        chart.legend.addItem(self.curve, name)
        self._range = StableRange()
        self._main = plot.vb
        plot.vb.sigResized.connect(self._follow)
        self._follow()

    def show(self, x: np.ndarray, y: np.ndarray, headroom: float = 1.2) -> None:
        """Draw the line and keep its axis steady."""
        self.curve.setData(x, y)
        finite = y[np.isfinite(y)]
        self._range.fit(self.view, float(finite.max()) * headroom if finite.size else 1.0)

    def _follow(self, *_: object) -> None:
        """Keep the second view exactly over the main one (pyqtgraph does not)."""
        self.view.setGeometry(self._main.sceneBoundingRect())


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 x 10^k at or above `value` (> 0)."""
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= value))


def stack(layers: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Bottoms of stacked layers: 0, then the running sums."""
    bottoms, running = [], np.zeros_like(layers[0], dtype=float)
    for layer in layers:
        bottoms.append(running.copy())
        running += layer
    return bottoms


def nearest_index(x: float, positions: Sequence[float], half_width: float = 0.5) -> int | None:
    """Index of the position within `half_width` of x, if any."""
    if len(positions) == 0:
        return None
    i = int(np.argmin(np.abs(np.asarray(positions) - x)))
    return i if abs(positions[i] - x) <= half_width else None
