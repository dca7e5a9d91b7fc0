"""Chart legends: small swatches, as many columns as fit, names shown as typed."""

import html
from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from gui.views.charts.stacked import BarLayer


class SmallSample(pg.ItemSample):
    """A legend swatch at 3/4 of pyqtgraph's 20 px: legend rows take less of a short chart."""

    SIZE_PX = 15

    def __init__(self, item: Any) -> None:
        super().__init__(item)
        self.setFixedWidth(self.SIZE_PX)
        self.setFixedHeight(self.SIZE_PX)

    def boundingRect(self) -> QRectF:
        """The swatch's square."""
        return QRectF(0, 0, self.SIZE_PX, self.SIZE_PX)

    def paint(self, painter: QPainter, *args: Any) -> None:
        """The stock drawing (made for 20 px), scaled down; a bar layer's as the stock bars'.

        A symbol larger than the stock box (the plan frontier's 24-px knee ring) is drawn
        down to it: at its own size it spilled over the legend's next row.
        """
        painter.scale(self.SIZE_PX / 20, self.SIZE_PX / 20)
        symbol_px = _symbol_px(self.item)
        if symbol_px > STOCK_SYMBOL_ROOM_PX:
            shrink = STOCK_SYMBOL_ROOM_PX / symbol_px
            painter.translate(10, 10)  # the stock drawing's centre
            painter.scale(shrink, shrink)
            painter.translate(-10, -10)
        super().paint(painter, *args)
        if isinstance(self.item, BarLayer) and self.item.isVisible():
            painter.setBrush(pg.mkBrush(self.item.opts["brush"]))  # the pen stays the line's
            painter.drawRect(QRectF(2, 2, 18, 18))


STOCK_SYMBOL_ROOM_PX = 16.0  # the largest symbol the stock 20-px box holds, its pen inside


def _symbol_px(item: Any) -> float:
    """The size of the symbol a legend sample draws for `item` (0: none)."""
    opts = getattr(item, "opts", None)
    if not isinstance(opts, dict) or opts.get("symbol") is None:
        return 0.0
    if isinstance(item, pg.PlotDataItem):  # as the stock sample reads it: its scatter's size
        opts = item.scatter.opts
    return float(opts.get("size", 0.0) or 0.0)


def legend_columns_fitting(entries_px: Sequence[float], room_px: float, most: int) -> int:
    """The most columns (up to `most`) in which legend entries, row by row, fit `room_px`."""
    for columns in range(min(most, len(entries_px)), 1, -1):
        widths = [max(entries_px[c::columns]) for c in range(columns)]
        if sum(widths) <= room_px:
            return columns
    return 1


def legend_text(name: str | None) -> str | None:
    """A series name as legend markup: pyqtgraph's legend reads HTML, names are data."""
    return None if name is None else html.escape(name, quote=False)
