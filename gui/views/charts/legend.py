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
        """The stock drawing (made for 20 px), scaled down; a bar layer's as the stock bars'."""
        painter.scale(self.SIZE_PX / 20, self.SIZE_PX / 20)
        super().paint(painter, *args)
        if isinstance(self.item, BarLayer) and self.item.isVisible():
            painter.setBrush(pg.mkBrush(self.item.opts["brush"]))  # the pen stays the line's
            painter.drawRect(QRectF(2, 2, 18, 18))


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
