"""Small icons drawn with QPainter in the theme's colours: no image file, no emoji font.

A table cell's lock (Qt.DecorationRole) marks what the plan must respect
(core.plan.locks.closed_routes); its tooltip says why.
"""

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

SIZES = (16, 32)  # a desk screen and a 2x one


@cache
def lock_icon(color: str) -> QIcon:
    """A padlock in `color`: a shackle over a filled body, at each of SIZES."""
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        painter.setPen(QPen(QColor(color), 1.8 * unit))
        painter.drawArc(QRectF(4.5 * unit, 1.5 * unit, 7 * unit, 9 * unit), 0, 180 * 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(QRectF(2.5 * unit, 7 * unit, 11 * unit, 8 * unit), unit, unit)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
