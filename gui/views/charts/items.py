"""Chart items that update in place and do no work for what they already show.

A pyqtgraph item given the values it shows still rebuilds and repaints everything under
it; these skip that (bars, lines, markers), or keep a rarely-changing line as pixels.
"""

from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QTextCursor
from PySide6.QtWidgets import QGraphicsItem


class Bars(pg.BarGraphItem):
    """A bar series whose bounding rectangle is computed once per change.

    Qt asks a changed item for it ~4 times per repaint, and pyqtgraph derives it anew
    each time (a pixel-size lookup through the device transform, ~12 µs).
    """

    def setOpts(self, **opts: Any) -> None:
        """As pyqtgraph's, and the bounds are computed again."""
        self._bounds: QRectF | None = None
        super().setOpts(**opts)

    def viewTransformChanged(self) -> None:
        """The pixel padding of the bounds depends on the view's scale."""
        self._bounds = None
        super().viewTransformChanged()

    def boundingRect(self) -> QRectF:
        """The bounds pyqtgraph computes, kept until the data, the pens or the view change."""
        bounds = getattr(self, "_bounds", None)
        if bounds is None:
            bounds = self._bounds = super().boundingRect()
        return QRectF(bounds)


class ColoredBars(Bars):
    """Bars of several colours, painted directly.

    pyqtgraph replays a recorded QPicture for multi-coloured bars, and a QPicture
    rounds coordinates to whole numbers when played onto a printer or PDF: bars 0.62
    rows high became 0 or 1 row high in the brief. Painting the bars directly avoids it.
    """

    def paint(self, painter: QPainter, *args: object) -> None:
        """Draw every bar with its own brush."""
        if self._singleColor:
            super().paint(painter, *args)
        else:
            self._render(painter)


class Markers(pg.ScatterPlotItem):
    """A line's markers that move in place when only their positions change.

    pyqtgraph rebuilds every marker on each setData (a new record array, each style
    looked up again, the symbol atlas consulted): ~8% of a scale move for the five
    marked lines that move with it. When the count and the style are the ones shown,
    the positions are written into the existing markers instead; anything else takes
    pyqtgraph's full path.
    """

    _shown_style: tuple[object, ...] | None = None
    _rect: QRectF | None = None

    @property
    def bounds(self) -> list[Any]:
        """The data bounds pyqtgraph caches; it resets them whenever the bounds may change."""
        return self._data_bounds

    @bounds.setter
    def bounds(self, bounds: list[Any]) -> None:
        """Reset with the data, the sizes or the view: the bounding rectangle goes too."""
        self._data_bounds = bounds
        self._rect = None

    def boundingRect(self) -> QRectF:
        """pyqtgraph's, computed once per change rather than on each of Qt's ~4 asks.

        pyqtgraph derives it anew each time (data bounds, pixel padding through the
        device transform: ~30 µs) and resets `bounds` on every change that moves it.
        """
        if self._rect is None:
            self._rect = super().boundingRect()
        return QRectF(self._rect)

    def setData(self, *args: Any, **kargs: Any) -> None:
        """As pyqtgraph's; new x, y alone are written in place."""
        style = tuple(kargs.get(key) for key in _MARKER_STYLE)
        x, y = kargs.get("x"), kargs.get("y")
        if (
            not args
            and x is not None
            and y is not None
            and kargs.keys() <= _MARKER_ARGS
            and kargs.get("data") is None  # per-marker data: pyqtgraph's path
            and style == self._shown_style
            and self.move(x, y)
        ):
            return
        super().setData(*args, **kargs)
        self._shown_style = style

    def can_move(self, count: int) -> bool:
        """Whether `count` new positions can be written into the markers shown."""
        return self._shown_style is not None and count == len(self.data) > 0

    def move(self, x: np.ndarray, y: np.ndarray) -> bool:
        """Put the markers shown at x, y (same count, same style); False if they cannot be."""
        if len(x) != len(y) or not self.can_move(len(x)):
            return False
        self.prepareGeometryChange()
        self.data["x"] = x
        self.data["y"] = y
        self.informViewBoundsChanged()
        self.bounds = [None, None]  # the data bounds pyqtgraph caches
        self.invalidate()  # drop the cached drawing and repaint
        self.sigPlotChanged.emit(self)
        return True


# What PlotDataItem passes its markers on every update (pyqtgraph 0.14): the style,
# which decides how markers look and where they sit in the symbol atlas, and x, y.
_MARKER_STYLE = ("pen", "brush", "symbol", "size", "data", "pxMode", "antialias", "useCache")
_MARKER_ARGS = {"x", "y", *_MARKER_STYLE}


class Line(pg.PlotDataItem):
    """A marked line whose new points alone go straight to its curve and markers.

    PlotDataItem's `setData` takes ~75 µs for six points: it parses its arguments, maps
    the data for display (log, FFT, downsampling, clipping, none of which these charts
    use) and sets the curve and markers again with every style argument. New finite
    points, as many as shown, with no display mapping on, are what it would hand its
    curve and markers unchanged: here they are handed over directly (~20 µs); anything
    else takes pyqtgraph's path. Style changes (`setPen`, `setSymbol...`) are pyqtgraph's.
    """

    def setData(self, *args: Any, **kargs: Any) -> None:
        """As pyqtgraph's; new x, y alone (as `setData(x, y)`) are handed over directly."""
        if kargs or len(args) != 2 or not self._moved(np.asarray(args[0]), np.asarray(args[1])):
            super().setData(*args, **kargs)

    def _moved(self, x: np.ndarray, y: np.ndarray) -> bool:
        """Show x, y the short way if pyqtgraph would draw them as given; False if not done."""
        opts, shown = self.opts, self.xData
        if (
            shown is None
            or not len(x) == len(y) == len(shown)
            or x.dtype.kind != "f"
            or y.dtype.kind != "f"
            or any(opts[key] for key in _DISPLAY_MAPPINGS)
            or opts["logMode"] != [False, False]
            or opts["downsample"] != 1
            or self.curve.opts["connect"] not in _FINITE_CONNECTS
            or not (np.isfinite(x).all() and np.isfinite(y).all())
            or self._range_limited(y)
            or (opts["symbol"] is not None and not self.scatter.can_move(len(x)))
        ):
            return False
        self._dataset = PlotDataset(x, y)
        self._datasetMapped = self._datasetDisplay = None  # derived again when asked
        self._adsLastValue = 1
        self.curve.setData(x=x, y=y)  # keeps its pen, connect and finite-check options
        if opts["symbol"] is not None:
            self.scatter.move(x, y)
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)
        return True

    def _range_limited(self, y: np.ndarray) -> bool:
        """Whether pyqtgraph would clip y for display (`dynamicRangeLimit`: far off screen)."""
        limit, view = self.opts["dynamicRangeLimit"], self.getViewBox()
        if limit is None or view is None:
            return limit is not None
        height = view.viewRect().height()
        return bool(np.ptp(y) > 2 * self.opts["dynamicRangeHyst"] * limit * abs(height))


# PlotDataItem's display mappings (pyqtgraph 0.14): each makes the curve's data differ
# from what was given, so a line with one on takes pyqtgraph's path.
_DISPLAY_MAPPINGS = ("fftMode", "derivativeMode", "phasemapMode", "autoDownsample", "clipToView")
# How pyqtgraph joins finite points (its pick for "auto"): the same path either way.
_FINITE_CONNECTS = ("all", "finite")


def marked_line(**opts: Any) -> Line:
    """A `Line` whose markers are `Markers` (moved in place on a data update).

    PlotDataItem makes its own ScatterPlotItem; it is swapped here, before the line
    joins a scene, with the connections PlotDataItem gives it (pyqtgraph 0.14).
    """
    item = Line(**opts)
    markers = Markers()
    markers.setParentItem(item)
    markers.sigClicked.connect(item.scatterClicked)
    markers.sigHovered.connect(item.sigPointsHovered)
    item.scatter.setParentItem(None)  # not in a scene yet: dropped with its last reference
    item.scatter = markers
    item.updateItems()
    return item


def same(shown: object, new: object) -> bool:
    """Whether `new` is exactly `shown` (arrays: same shape, type and bytes; NaN is NaN)."""
    if isinstance(shown, np.ndarray) or isinstance(new, np.ndarray):
        a, b = np.asarray(shown), np.asarray(new)
        return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    try:
        return bool(shown == new)
    except ValueError:  # sequences of arrays, and the like: call them different
        return False


def cache_pixels(item: QGraphicsItem) -> None:
    """Keep `item`'s drawing as pixels: for a line that rarely changes but lies under others.

    Every change under such an item repaints it, and replaying a dashed, antialiased
    line and its markers in Python costs ~0.1 ms; a cached one is copied. Qt redraws
    the cache itself when the item changes or the view is rescaled.
    """
    mode = QGraphicsItem.CacheMode.DeviceCoordinateCache
    item.setCacheMode(mode)
    if isinstance(item, pg.PlotDataItem):  # drawn by its children: the line and the markers
        item.curve.setCacheMode(mode)
        item.scatter.setCacheMode(mode)


def set_line(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> bool:
    """`item.setData(x, y)` unless the line already shows x, y; True if it changed.

    A line (and its markers) rebuilt with the same points still repaints everything
    under it, and the rebuild itself costs ~0.1 ms.
    """
    if same(item.xData, x) and same(item.yData, y):
        return False
    item.setData(x, y)
    return True


def retext_in_place(label: pg.LabelItem, text: str) -> bool:
    """Put plain `text` in `label` in the format its text has now; False if it cannot.

    `LabelItem.setText` parses new HTML each time (~0.2 ms for a title); this replaces
    the characters, keeps their format, and centres and sizes the label as setText does,
    so the pixels are the same. Not for markup (`<`, `&`) or an empty label.
    """
    text_document = label.item.document()  # Qt's, not the scenario's
    if "<" in text or "&" in text or text_document.isEmpty():
        return False
    cursor = QTextCursor(text_document)
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)  # the first character's format
    first = cursor.charFormat()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text, first)
    label.resizeEvent(None)  # centres the text and sets the label's minimum size from it
    label.updateGeometry()
    return True
