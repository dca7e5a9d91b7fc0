"""What every chart shares: a titled plot, axes with units, the selected-year line, hover values.

Items are created once and updated in place (`setData` / `setOpts`): no clear-and-replot,
so a slider drag never flickers or re-lays out the window.
"""

import math
import re
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QMetaMethod, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QCursor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtGui import Qt as GuiQt  # its text functions: mightBeRichText, convertFrom...
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QMenu, QToolTip, QWidget

from core.engine.compiled import FloatArray
from gui.style.appearance import appearance
from gui.style.focus_ring import ring_over
from gui.style.theme import Role
from gui.views.charts.axes import RightAxis, StableRange
from gui.views.charts.axis_titles import fit_axis_titles
from gui.views.charts.items import marked_line, retext_in_place
from gui.views.charts.legend import SmallSample, legend_columns_fitting, legend_text
from gui.views.charts.meanings import MEANINGS
from gui.views.charts.stacked import BarLayer, StackedBars
from gui.views.spoken import Spoken

pg.setConfigOptions(antialias=True)

NO_OUTLINE = QPen(Qt.PenStyle.NoPen)
Color = str | Role  # a fixed data colour, or one the theme decides
Describe = Callable[[float, float], str | None]  # hover text at (x, y) in data coordinates
Styled = QGraphicsObject | BarLayer  # a line, scatter, bar layer or infinite line
StyledT = TypeVar("StyledT", bound=Styled)

BAR_WIDTH = 0.62
COMPACT_WIDTH = 300  # px: below this a chart shortens its labels
COMPACT_HEIGHT = 250  # px: and below this
LEGEND_ROW = 1  # the plot layout's row of the (hidden) top axis: the legend sits there
LEGEND_MARGIN_PX = 6
MIN_DATA_PX = 60  # the least data area a legend leaves a chart; short of it, the legend yields
YEAR_GAP_PX = 8  # between two year labels
YEAR_MARGIN = 0.6  # the year axis runs from the first year less this to the last plus it
# Around a legend's name (Qt's text items: 4 px): three rows took 73 px, and at 1280x720
# the cost, capacity and providers charts had no room to show their legends in a meeting.
LEGEND_TEXT_MARGIN_PX = 1
LEGEND_GAP_PX = 4  # between grid columns of the legend (pyqtgraph: 25): swatch, name, next
SETTLE_MS = 400  # this long after the last change, axes drop the room a drag left them


def _without_interaction(plot: pg.PlotItem, owner: QWidget) -> None:
    """No menus, mouse pan or zoom, or auto-range button: these charts are read, not explored.

    Its "Plot Options" menu is parentless; owned by `owner`, it goes with the chart rather
    than later, inside Python's garbage collector, in the middle of unrelated code.
    """
    plot.setMenuEnabled(False)
    plot.ctrlMenu.setParent(owner, Qt.WindowType.Popup)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()


def title_name(title: str) -> str:
    """A title's name alone: "QUALITY" of "QUALITY  (| = floor)", "COST" of "COST · present…"."""
    return re.split(r" · |\s+\(", title, maxsplit=1)[0]


# Words a title shouts that are spoken as written, not lowercased ("GPUs", not "gpus").
SPOKEN_AS = {"GPU": "GPU", "GPUS": "GPUs", "MW": "MW", "USD": "USD", "TPOT": "TPOT", "KPI": "KPI"}


def chart_name(title: str) -> str:
    """What a screen reader calls the chart: "Cost chart", not the title's "COST".

    Each shouted word is lowercased but for acronyms and words with a digit (H100), so
    "CAPACITY vs DEMAND" reads "Capacity vs demand" and "GPUS ADDED" "GPUs added"; the
    first letter is capitalized. `capitalize()` on the whole title made "Gpus".
    """
    words = [_spoken(word) for word in title_name(title).split()]
    name = " ".join(words)
    return f"{name[:1].upper()}{name[1:]} chart"


def _spoken(word: str) -> str:
    """A title's word as said: an acronym, a code (H100) or a mixed-case word as written."""
    if word in SPOKEN_AS:
        return SPOKEN_AS[word]
    if not word.isupper() or any(c.isdigit() for c in word):
        return word
    return word.lower()


def _warn_export_handler() -> None:
    warnings.warn(
        "Chart.export_handler is deprecated and will be removed in ScaleDeck 0.3; connect "
        "Chart.exportRequested(chart, suffix) instead",
        DeprecationWarning,
        stacklevel=3,
    )


class Chart(pg.PlotWidget):
    """A pyqtgraph plot styled for a projector, with a hover read-out in words.

    Its context menu asks for an export (`exportRequested`: this chart, ".png" or
    ".svg"); whoever owns the exports connects it. A chart no one listens to offers none.
    """

    exportRequested = Signal(object, str)

    def __init__(
        self,
        name: str,
        title: str,
        left_label: str,
        parent: QWidget | None = None,
        grid: tuple[bool, bool] = (False, True),
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._be_heard(title)
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.title = title
        self.legend_columns = 4  # at most; `place_legend` uses as many as fit the width
        self.legend_wanted = True  # False: the chart names its series elsewhere (bar labels)
        self.compact: bool | None = None  # narrow charts get a smaller title
        self.axis_titles = {"left": left_label}  # side -> whole title (short when cramped)
        self.grid_axes = grid  # (x, y)
        _without_interaction(self.plot_item, self)
        self._styled: list[tuple[Styled, Color, float, Qt.PenStyle]] = []
        self.stacked: StackedBars | None = None  # every bar layer's item, made by the first
        self.right: RightAxis | None = None
        for side in ("left", "bottom", "right"):
            axis = self.plot_item.getAxis(side)
            axis.enableAutoSIPrefix(False)  # units are in the labels; "(x0.001)" would hide them
            # An axis (and the grid it draws across the plot) is repainted whenever any bar
            # under it changes; replaying its text costs ~2 ms. Cache its pixels instead: the
            # axis invalidates the cache itself (update()) when its ticks or range change.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.legend = self.plot_item.addLegend(
            offset=(8, 4),
            labelTextSize="9pt",
            sampleType=SmallSample,
            verSpacing=-4,
            horSpacing=LEGEND_GAP_PX,
        )
        # A row above the data, never over it: the legend hangs from the plot, not its view.
        self.legend.setParentItem(self.plot_item)
        self.plot_item.getAxis("top").hide()
        self.destroyed.connect(partial(_release_anchor, self.legend))
        self.year_line = self.styled(
            pg.InfiniteLine(angle=90), Role.MUTED, 1.5, Qt.PenStyle.DashLine
        )
        self.year_line.setZValue(50)
        self._ticks: tuple[tuple[int, ...], tuple[tuple[int, str], ...]] | None = None
        self._tick_metrics = QFontMetrics(QFont())  # the tick font's (apply_look sets it)
        self._y_range = StableRange()
        self._settle_timer = self._settle_timer_made()
        self.scene().sigMouseMoved.connect(self._hover)
        self.plot_item.vb.sigResized.connect(self.fit_axis_titles)
        self.plot_item.vb.sigResized.connect(self._fit_years)
        self.setMinimumSize(200, 160)
        self._span_title()
        self.apply_look()
        appearance().changed.connect(self.apply_look)  # bound: disconnected when self is deleted

    def _be_heard(self, title: str) -> None:
        """Named in words ("Cost chart"), described when heard (`spoken`), ringed by Tab."""
        self.setAccessibleName(chart_name(title))
        self.viewport().setAccessibleName(self.accessibleName())
        self.meaning = MEANINGS.get(self.objectName(), "")  # what it shows, in words
        self._year: int | None = None  # the selected year, on a chart over the years
        self._hover_words: Describe = lambda x, y: None
        self.spoken = Spoken(self, self._words)
        ring_over(self)

    def apply_look(self) -> None:
        """Restyle for the current theme and scale: background, axes, text, every line."""
        look = appearance()
        theme = look.theme
        self.setBackground(theme.background)
        font = QFont()
        font.setPointSize(look.pt(10))
        self._tick_metrics = QFontMetrics(font)
        for side in ("left", "bottom", "right"):
            axis = self.plot_item.getAxis(side)
            axis.setTickFont(font)
            axis.labelStyle["font-size"] = f"{look.pt(10)}pt"
            axis.setPen(theme.muted)
            axis.setTextPen(theme.accent if side == "right" and self.right else theme.foreground)
            axis.update()
        self.plot_item.showGrid(x=self.grid_axes[0], y=self.grid_axes[1], alpha=theme.grid_alpha)
        for item, color, width, style in self._styled:
            _restyle(item, self.pen(color, width, style))
        self.set_compact(self._narrow() if self.isVisible() else bool(self.compact))
        self.fit_axis_titles()

    def set_axis_title(self, side: str, title: str) -> None:
        """Title the `side` axis with `title` (or its short form while the axis is short)."""
        self.axis_titles[side] = title
        self.fit_axis_titles()

    def fit_axis_titles(self, *_: object) -> None:
        """Each axis title whole if the axis is long enough, else short, else none: never cut."""
        fit_axis_titles(self.plot_item, self.axis_titles, appearance().pt(10))

    def show_year_line(self) -> None:
        """Mark the selected year with a vertical line (time charts only)."""
        self.plot_item.addItem(self.year_line, ignoreBounds=True)

    def set_year(self, year: int) -> None:
        """Move the selected-year line."""
        self.year_line.setPos(year)
        if year != self._year:
            self._year = year
            self.spoken.changed()

    @property
    def describe(self) -> Describe:
        """The hover text at a point (x, y) of the data, or None where there is nothing."""
        return self._hover_words

    @describe.setter
    def describe(self, describe: Describe) -> None:
        """A chart sets it on each update: its words may have changed (built when heard)."""
        self._hover_words = describe
        self.spoken.changed()

    def summary(self) -> str:
        """The selected year's figures in words: what hovering over its year says."""
        return "" if self._year is None else self._hover_words(self._year, 0.0) or ""

    def _words(self) -> tuple[str, str]:
        """Its name, and what it shows and the selected year's figures (`spoken`)."""
        said = "\n".join(part for part in (self.meaning, self.summary()) if part)
        return self.accessibleName(), said

    def set_year_ticks(self, years: Sequence[int]) -> None:
        """Label the x axis with whole years, as '26 where those would touch.

        Where even '26 would, every other year (or fewer): read from the plot's width and
        the tick font, so "2026202720282029" never shows on a narrow or presentation chart.
        """
        labels = self._year_labels(years)
        if (tuple(years), labels) == self._ticks:
            return  # new ticks invalidate the axis's cached drawing: set them only on change
        self._ticks = (tuple(years), labels)
        self.plot_item.getAxis("bottom").setTicks([list(labels)])
        self.plot_item.setXRange(years[0] - YEAR_MARGIN, years[-1] + YEAR_MARGIN, padding=0)

    def _year_labels(self, years: Sequence[int]) -> tuple[tuple[int, str], ...]:
        room = self.plot_item.vb.width() or self.width()  # the view before its first layout
        per_year = room / (years[-1] - years[0] + 2 * YEAR_MARGIN)
        gap = YEAR_GAP_PX * appearance().scale
        width = self._tick_metrics.horizontalAdvance
        if width(str(years[-1])) + gap <= per_year:
            return tuple((y, str(y)) for y in years)
        step = max(1, math.ceil((width("'00") + gap) / per_year))

        def inside(year: int, text: str) -> bool:  # pyqtgraph drops a label past an edge
            left_px = (year - years[0] + YEAR_MARGIN) * per_year
            return bool(min(left_px, room - left_px) >= width(text) / 2)

        choices = [[(y, f"'{y % 100:02d}") for y in years[first::step]] for first in range(step)]
        kept = max(([t for t in c if inside(*t)] for c in choices), key=len)  # '27 '30, not '29
        return tuple(kept or choices[0])

    def _fit_years(self, *_: object) -> None:
        """Label the years again for the plot's new width."""
        if self._ticks is not None:
            self.set_year_ticks(self._ticks[0])

    def set_title(self, title: str) -> None:
        """Show `title`: only its text changes as a slider moves, replaced in place."""
        if title != self.title:
            self.title = title
            self._retitle()

    def _retitle(self) -> None:
        """The title's text again, fitted to the chart's width, in place if it can be.

        The label asks no width of its own: its minimum (the whole text) held a squeezed
        chart's plot wider than the chart, and Qt cut its right side off.
        """
        label = self.plot_item.titleLabel
        if not retext_in_place(label, self._fitted_title()):
            self._show_title()
        label.setMinimumWidth(0)
        if self.plot_item.geometry().width() > self.range.width():  # held wide by the old text
            self.plot_item.setGeometry(self.range)

    def _settle_timer_made(self) -> QTimer:
        """The timer that settles the axes `SETTLE_MS` after the last change (`settle_later`)."""
        timer = QTimer(self)
        timer.setObjectName("axisSettleTimer")
        timer.setSingleShot(True)
        timer.setInterval(SETTLE_MS)
        timer.timeout.connect(self.settle_axes)
        return timer

    def _span_title(self) -> None:
        """The title spans the axes' columns too: centred over the chart, with its room."""
        title, layout = self.plot_item.titleLabel, self.plot_item.layout
        layout.removeItem(title)
        layout.addItem(title, 0, 0, 1, 3)

    def _title_font(self) -> QFont:
        """The title's bold font at the chart's size (smaller when compact)."""
        font = QFont(self.font())
        font.setPointSize(appearance().pt(9 if self.compact else 11))
        font.setBold(True)
        return font

    def _fitted_title(self) -> str:
        """The title, fitted to the chart's width: a squeezed chart read 'EXTERNAL SHAR'."""
        room = max(self.width() - 2 * LEGEND_MARGIN_PX, 0)
        metrics = QFontMetrics(self._title_font())
        name = title_name(self.title)  # alone before a cut: "QUALITY", not "QUALITY  (| = flo…"
        for text in (self.title, name):
            if metrics.horizontalAdvance(text) <= room:
                return text
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)

    def set_compact(self, compact: bool) -> None:
        """Fit a narrow chart: smaller title, at most two legend columns (subclasses add more)."""
        self.compact = compact
        look = appearance()
        color = look.theme.foreground
        self._show_title()
        size = f"{look.pt(8 if compact else 9)}pt"
        self.legend.setLabelTextSize(size)  # stores the size; labels re-render on setText
        self.legend.setLabelTextColor(color)
        for _sample, label in self.legend.items:
            label.item.document().setDocumentMargin(LEGEND_TEXT_MARGIN_PX)
            label.setText(label.text, size=size, color=color)
            label.setMaximumHeight(label.itemRect().height())  # a row no taller than its name
        self.place_legend()

    def _show_title(self) -> None:
        """The title in bold, in a row just as tall as its text (pyqtgraph fixes 30 px)."""
        look = appearance()
        self.plot_item.setTitle(
            f"<b>{self._fitted_title()}</b>",
            size=f"{look.pt(9 if self.compact else 11)}pt",
            color=look.theme.foreground,
        )
        self.plot_item.layout.setRowFixedHeight(0, QFontMetrics(self._title_font()).height() + 6)
        self.plot_item.titleLabel.setMinimumWidth(0)  # see `_retitle`

    def place_legend(self) -> None:
        """Lay the legend out in a row above the plot, in as many columns as fit its width.

        The row is part of the plot's layout, so the data area shrinks to make room:
        a legend never covers a bar, a line or the selected-year line.
        """
        legend, layout = self.legend, self.plot_item.layout
        entries = [
            sample.boundingRect().width() + label.item.boundingRect().width() + 2 * LEGEND_GAP_PX
            for sample, label in legend.items
        ]
        if not entries or not self.legend_wanted:
            legend.hide()
            self._legend_row(0.0)
            return
        legend.show()
        room = self.plot_item.width() - 2 * LEGEND_MARGIN_PX
        columns = legend_columns_fitting(entries, room, self.legend_columns)
        legend.setColumnCount(columns)
        legend.updateSize()
        while legend.width() > room and legend.columnCount > 1:  # the estimate was short
            legend.setColumnCount(legend.columnCount - 1)
            legend.updateSize()
        top = layout.rowMinimumHeight(0) if self.plot_item.titleLabel.isVisible() else 0.0
        axis = self.plot_item.getAxis("bottom")
        data_px = self.height() - top - legend.height() - (axis.height() if axis.isVisible() else 0)
        # Squeezed (a dock beside it, presentation mode with the controls): the data keeps
        # the room, and hovering still names each series. A legend never takes more height
        # than the data it names: six rows over a 75 px plot left a chart of its legend.
        if data_px < max(MIN_DATA_PX * appearance().scale, legend.height()):
            legend.hide()
            self._legend_row(0.0)
            return
        legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(LEGEND_MARGIN_PX, top))
        self._legend_row(legend.height() + 2)

    def _legend_row(self, height_px: float) -> None:
        """Give the legend's row `height_px`, laying the plot out again at once if it changed.

        A row that grows inside a resize was otherwise left to a later pass, and the legend
        drew over the data until then.
        """
        layout = self.plot_item.layout
        if layout.rowMinimumHeight(LEGEND_ROW) != height_px:
            layout.setRowFixedHeight(LEGEND_ROW, height_px)
            layout.activate()
            self.fit_axis_titles()  # on the axes' new lengths (the view's resize came first)

    def pen(self, color: Color, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        """A pen in `color` (a role is resolved by the theme), its width scaled for the room."""
        look = appearance()
        resolved = look.theme.color(color) if isinstance(color, Role) else color
        pen = QPen(QColor(resolved), width * look.scale, style)
        pen.setCosmetic(True)  # pixels on screen, whatever the axes' scale
        return pen

    def styled(
        self, item: StyledT, color: Color, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine
    ) -> StyledT:
        """Register `item` to be drawn with this pen in every theme and scale (again: re-pen)."""
        self.forget(item)
        self._styled.append((item, color, width, style))
        _restyle(item, self.pen(color, width, style))
        return item

    def fit_y(self, needed: float) -> None:
        """Fit the left axis to `needed` (see `StableRange`); settle it once changes stop."""
        if self._y_range.fit(self.plot_item.vb, needed):
            self.settle_later()

    def settle_later(self) -> None:
        """Settle the axes once changes have stopped for `SETTLE_MS` (a drag has ended)."""
        self._settle_timer.start()

    def settle_pending(self) -> None:
        """Settle now what waits for `SETTLE_MS`: the testkit's `wait_idle` shows the end state."""
        if self._settle_timer.isActive():
            self._settle_timer.stop()
            self.settle_axes()

    def settle_axes(self) -> None:
        """Fit every axis tightly to its data again (changes have stopped)."""
        self._y_range.settle(self.plot_item.vb)
        if self.right is not None:
            self.right.settle()

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden (window closed): nothing left to settle."""
        self._settle_timer.stop()
        super().hideEvent(event)

    def right_axis(self, label: str, name: str) -> RightAxis:
        """A line on its own right-hand axis in the accent colour, sharing the years."""
        self.right = RightAxis(self, label, name)
        self.apply_look()
        return self.right

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        """Compact when narrow (the year labels follow the view's own resize: `_fit_years`)."""
        ready = hasattr(self, "_ticks")  # pyqtgraph resizes once before __init__ has run
        if ready and self._narrow() != self.compact:
            self.set_compact(self._narrow())  # before the scene is laid out
        super().resizeEvent(event)
        if ready:
            self._retitle()
            self.place_legend()

    def _narrow(self) -> bool:
        """Narrow or short: smaller title and legend text."""
        scale = appearance().scale
        return bool(self.width() < COMPACT_WIDTH * scale or self.height() < COMPACT_HEIGHT * scale)

    def bars(self, color: str, name: str | None = None, width: float = BAR_WIDTH) -> BarLayer:
        """A bar layer over the chart's earlier ones, to be updated with `set_values`.

        The chart's layers are drawn by one item (`StackedBars`), added with the first.
        """
        if self.stacked is None:
            self.stacked = StackedBars()
            self.plot_item.addItem(self.stacked)
        layer = self.stacked.add_layer(color, legend_text(name), width)
        if name is not None:
            self.legend.addItem(layer, legend_text(name))
        return layer

    def forget(self, item: Styled) -> None:
        """Stop restyling `item` (it is being removed from the chart)."""
        self._styled = [entry for entry in self._styled if entry[0] is not item]

    def curve(
        self, color: Color, name: str | None = None, width: float = 2.5, dashed: bool = False
    ) -> pg.PlotDataItem:
        """A line series with round markers, added once, to be updated with `setData`."""
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        item = marked_line(symbol="o", name=legend_text(name))
        self.plot_item.addItem(item)  # named items join the legend by themselves
        return self.styled(item, color, width, style)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click (or the menu key): export this chart as PNG or SVG."""
        menu = self.context_menu()
        if menu is not None:
            menu.exec(event.globalPos())
            menu.deleteLater()

    def context_menu(self) -> QMenu | None:
        """The chart's menu: Export chart as PNG…, as SVG… (None while no one takes exports).

        Only the menu asked for last bears the names `chartMenu`, `exportChartPngAction`
        and `exportChartSvgAction`: the one before (this chart's or another's) is
        unnamed, so `trigger(window, "exportChartPngAction")` exports the
        chart whose menu was opened last, not the first chart ever asked.
        """
        handler = self.__dict__.get("_export_handler")
        if handler is None and not self.isSignalConnected(
            QMetaMethod.fromSignal(self.exportRequested)
        ):
            return None
        _retire_chart_menus(self)
        menu = QMenu(self)
        menu.setObjectName("chartMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # shown and closed: gone
        for suffix, name in ((".png", "exportChartPngAction"), (".svg", "exportChartSvgAction")):
            action = menu.addAction(f"Export chart as {suffix[1:].upper()}…")
            action.setObjectName(name)
            action.triggered.connect(
                lambda _checked=False, s=suffix: (
                    self.exportRequested.emit(self, s) if handler is None else handler(self, s)
                )
            )
        return menu

    @property
    def export_handler(self) -> Callable[["Chart", str], object] | None:
        """Deprecated (0.1, until 0.3): connect `exportRequested` instead."""
        _warn_export_handler()
        handler: Callable[[Chart, str], object] | None = self.__dict__.get("_export_handler")
        return handler

    @export_handler.setter
    def export_handler(self, handler: Callable[["Chart", str], object] | None) -> None:
        """Deprecated (0.1, until 0.3): a handler set here takes the chart's exports, as then.

        A 0.1 suite set it and triggered the menu; with the window's exports listening it
        opened a real file dialog and hung. Set, it takes the requests instead of them.
        """
        _warn_export_handler()
        self.__dict__["_export_handler"] = handler

    def _hover(self, position: QPointF) -> None:
        if not self.plot_item.sceneBoundingRect().contains(position):
            return
        point = self.plot_item.vb.mapSceneToView(position)
        text = self.describe(point.x(), point.y())
        if text:  # names are data: a product called "<b>x</b>" is shown as typed
            plain = GuiQt.convertFromPlainText(text) if GuiQt.mightBeRichText(text) else text
            QToolTip.showText(QCursor.pos(), plain, self)
        else:
            QToolTip.hideText()


def _release_anchor(legend: pg.LegendItem, *_: object) -> None:
    """Stop `legend` following its anchor before the scene deletes the items under it.

    The scene deletes the view box first; a legend that re-lays out while it goes
    (after a theme or font change) would ask the deleted box for its size.
    """
    legend.geometryChanged.disconnect()


def _restyle(item: Any, pen: QPen) -> None:
    """Give `item` its pen (markers take the pen's colour, sized with its width).

    Markers get a QBrush and a QPen *object*, kept by the item: pyqtgraph's symbol
    atlas keys its cached images by pen and brush identity, so a colour or None
    here made a new key, and a new cached image, on every data update (memory
    grew through a long session).
    """
    if isinstance(item, pg.PlotDataItem):
        item.setPen(pen)
        if item.opts["symbol"] is not None:
            item.setSymbolPen(NO_OUTLINE)
            item.setSymbolBrush(QBrush(pen.color()))
            item.setSymbolSize(round(pen.widthF() + 3.5 * appearance().scale))
    elif isinstance(item, pg.BarGraphItem | BarLayer):
        item.setOpts(pen=pen)
    else:
        item.setPen(pen)


def stack(layers: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Bottoms of stacked layers: 0, then the running sums."""
    bottoms, running = [], np.zeros_like(layers[0], dtype=float)
    for layer in layers:
        bottoms.append(running.copy())
        running += layer
    return bottoms


def nearest_index(
    x: float, positions: "Sequence[float] | FloatArray", half_width: float = 0.5
) -> int | None:
    """Index of the position within `half_width` of x, if any."""
    if len(positions) == 0:
        return None
    i = int(np.argmin(np.abs(np.asarray(positions) - x)))
    return i if abs(float(positions[i]) - x) <= half_width else None


def _retire_chart_menus(chart: QWidget) -> None:
    """Unname the chart menus already made in `chart`'s whole window tree.

    Each `context_menu()` made another `chartMenu` that lived as long as its chart: two
    charts' menus shared every name, and `find` took the first one made. An older menu
    keeps working for a suite that holds it (0.1's did); shown and closed, it is deleted.
    """
    root = chart
    while (parent := root.parentWidget()) is not None:
        root = parent
    for menu in root.findChildren(QMenu, "chartMenu"):
        menu.setObjectName("")
        for action in menu.actions():
            action.setObjectName("")
