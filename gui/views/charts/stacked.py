"""A chart's stacked bars as one item: every layer drawn from rectangles built once per change.

A pyqtgraph `BarGraphItem` per layer made each layer its own scene item: its own update,
bounding rectangle, dirty region and paint on every move (a scale move changed 13 layers
over three charts). Here a chart's layers are data held by one item, which computes its
bounds once per change and paints each layer as the stock item did (`drawRects` of the
same rectangles, pen and brush, in the same order), so the pixels are the same.
"""

from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from gui.views.charts.items import same

Bounds = tuple[tuple[float, float], tuple[float, float]]  # (x min, x max), (y min, y max)


class BarLayer:
    """One layer of a `StackedBars`: its bars' values and look, read as a BarGraphItem's `opts`.

    Bars are placed by centre `x`, `width`, bottom `y0` and `height`; `brush` and `pen`
    style them. Legends, the chart's restyling and testers read and set `opts` as they
    did on the stock item, and a click on its legend swatch hides it (`setVisible`).
    """

    def __init__(self, owner: "StackedBars", brush: object, name: str | None, width: float):
        self.owner = owner
        empty = np.zeros(0)
        self.opts: dict[str, Any] = {"x": empty, "height": empty, "y0": empty, "width": width}
        self.opts |= {"brush": brush, "pen": None, "name": name}
        self.rects = PrimitiveArray(QRectF, 4)  # what paint draws
        self.data_bounds: Bounds | None = None
        self.brush = pg.mkBrush(brush)
        self.pen = pg.mkPen(None)
        self._visible = True

    def name(self) -> str | None:
        """The legend's name for the layer (as markup), as a plot item's `name()`."""
        name: str | None = self.opts["name"]
        return name

    def set_values(self, **opts: Any) -> bool:
        """Set `opts` unless every one equals what the layer shows; True if they changed.

        A change repaints the chart's bars and everything under them.
        """
        if all(key in self.opts and same(self.opts[key], value) for key, value in opts.items()):
            return False
        self.setOpts(**opts)
        return True

    def setOpts(self, **opts: Any) -> None:
        """Take new values or look, as `BarGraphItem.setOpts` (x, width, y0, height, brush, pen)."""
        self.opts.update(opts)
        if "brush" in opts:
            self.brush = pg.mkBrush(opts["brush"])
        if "pen" in opts:
            self.pen = pg.mkPen(opts["pen"])
        shown = self.data_bounds
        self._prepare()
        self.owner.layer_changed(shown, self.data_bounds)

    def isVisible(self) -> bool:
        """Whether the layer is drawn (its legend swatch hides and shows it)."""
        return self._visible

    def setVisible(self, visible: bool) -> None:
        """Draw the layer or not; the other layers keep their places."""
        self._visible = bool(visible)
        self.owner.layer_changed(self.data_bounds, self.data_bounds)

    def pen_width_px(self) -> float:
        """The pen's width in pixels, 0 with no pen: the item pads its bounds by half of it."""
        return 0.0 if self.pen.style() == Qt.PenStyle.NoPen else self.pen.widthF()

    def _prepare(self) -> None:
        """The rectangles as BarGraphItem computes them (same arithmetic, so the same pixels)."""
        x, width = np.asarray(self.opts["x"]), np.asarray(self.opts["width"])
        y0, height = np.asarray(self.opts["y0"]), np.asarray(self.opts["height"])
        t0 = x - width / 2.0
        t1 = t0 + width
        left, right = np.minimum(t0, t1, dtype=np.float64), np.maximum(t0, t1, dtype=np.float64)
        t0, t1 = y0, y0 + height
        bottom, top = np.minimum(t0, t1, dtype=np.float64), np.maximum(t0, t1, dtype=np.float64)
        if left.size == 0 or bottom.size == 0:
            self.data_bounds = None
            self.rects.resize(0)
            return
        self.data_bounds = (
            (float(left.min()), float(right.max())),
            (
                float(bottom.min()),
                float(top.max()),
            ),
        )
        self.rects.resize(max(left.size, bottom.size))
        memory = self.rects.ndarray()
        memory[:, 0], memory[:, 1] = left, bottom
        memory[:, 2], memory[:, 3] = right - left, top - bottom


class StackedBars(pg.GraphicsObject):
    """Every bar layer of one chart, painted by one item (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.layers: list[BarLayer] = []
        self._rect: QRectF | None = None  # the bounding rectangle, until a change
        self._drawn: tuple[Bounds, float] | None = None  # the data bounds and pad it holds

    def add_layer(self, brush: object, name: str | None, width: float) -> BarLayer:
        """A new layer drawn over the ones before it (empty until its `set_values`)."""
        layer = BarLayer(self, brush, name, width)
        self.layers.append(layer)
        return layer

    def layer_changed(self, before: Bounds | None, after: Bounds | None) -> None:
        """A layer's values, look or visibility changed from `before` to `after` (data bounds).

        Only that layer's old and new area is repainted while the whole's bounds stay (a
        scale move changes only the capacity chart's shortfall boxes): as with one item
        per layer, the other layers' pixels are not painted again.
        """
        shown, drawn = self._rect, self._drawn
        changed = [bounds for bounds in (before, after) if bounds is not None]
        if not changed:
            return  # empty before and after: nothing drawn, nothing to repaint
        if shown is None or drawn is None or self._extent() != drawn:
            self.prepareGeometryChange()  # repaints the old and the new bounds
            self._rect = None
            self.update()
            self.informViewBoundsChanged()
            return
        (left, right), (bottom, top) = _union(changed)
        (all_left, all_right), (all_bottom, all_top) = drawn[0]
        pad_x = (shown.width() - (all_right - all_left)) / 2  # the pen's half, in data units
        pad_y = (shown.height() - (all_top - all_bottom)) / 2
        self.update(
            QRectF(left - pad_x, bottom - pad_y, right - left + 2 * pad_x, top - bottom + 2 * pad_y)
        )

    def paint(self, painter: QPainter, *args: object) -> None:
        """Each shown layer as BarGraphItem paints one colour: `drawRects` with its pen, brush."""
        for layer in self.layers:
            if layer._visible and len(layer.rects):
                painter.setPen(layer.pen)
                painter.setBrush(layer.brush)
                painter.drawRects(*layer.rects.drawargs())

    def dataBounds(
        self, ax: int, frac: float = 1.0, orthoRange: object = None
    ) -> tuple[float | None, float | None]:
        """The shown layers' data range on axis `ax` (0: x, 1: y), for auto-ranging."""
        shown = self._shown_bounds()
        return _union(shown)[ax] if shown else (None, None)

    def pixelPadding(self) -> float:
        """Half the widest pen, at least half a pixel (as BarGraphItem pads)."""
        return max([layer.pen_width_px() for layer in self._shown()] + [1.0]) * 0.5

    def boundingRect(self) -> QRectF:
        """The shown bars and half a pen around them, computed once per change (Qt asks ~4x)."""
        if self._rect is None:
            self._rect = self._bounds()
        return QRectF(self._rect)

    def viewTransformChanged(self) -> None:
        """The pixel padding is in pixels: the bounds change with the view's scale."""
        self.prepareGeometryChange()
        self._rect = None
        super().viewTransformChanged()

    def _shown(self) -> list[BarLayer]:
        return [layer for layer in self.layers if layer._visible and layer.data_bounds]

    def _shown_bounds(self) -> list[Bounds]:
        return [bounds for layer in self.layers if layer._visible and (bounds := layer.data_bounds)]

    def _extent(self) -> tuple[Bounds, float] | None:
        """The shown layers' data bounds and pixel padding: what the bounding rectangle holds."""
        shown = self._shown_bounds()
        return (_union(shown), self.pixelPadding()) if shown else None

    def _bounds(self) -> QRectF:
        self._drawn = self._extent()
        if self._drawn is None:
            return QRectF()
        ((left, right), (bottom, top)), pad = self._drawn
        px, py = self.pixelVectors()
        px_pad = 0.0 if px is None else px.length() * pad
        py_pad = 0.0 if py is None else py.length() * pad
        return QRectF(
            left - px_pad, bottom - py_pad, right - left + 2 * px_pad, top - bottom + 2 * py_pad
        )


def _union(bounds: list[Bounds]) -> Bounds:
    """The data bounds that hold every one of `bounds` (at least one)."""
    return (min(b[0][0] for b in bounds), max(b[0][1] for b in bounds)), (
        min(b[1][0] for b in bounds),
        max(b[1][1] for b in bounds),
    )
