"""Exports from the window: charts to PNG and SVG, the dashboard to PNG, results, the brief.

Every image carries a footer with the stamp (scenario, date, key inputs); every
file is written atomically, so a failed export never leaves half a file behind.
"""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from core.formats.export import stamp
from core.scenario.files import write_bytes_atomic
from gui.document import ScenarioDocument
from gui.style.appearance import appearance

IMAGE_SUFFIXES = (".png", ".svg")
FOOTER_PT = 8
PNG_SCALE = 2  # images for slides: twice the screen's pixels


def stamp_line(document: ScenarioDocument) -> str:
    """The stamp of the scenario on screen, now."""
    return stamp(document.scenario, datetime.now())


def export_image(widget: QWidget, path: Path, stamp_text: str) -> Path:
    """`widget` as it looks now, with the stamp as a footer, to a .png or .svg at `path`."""
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ValueError(f"{path.name}: images are exported as .png or .svg, not {suffix!r}")
    footer = round(QFontMetrics(_footer_font(widget)).height() * 1.8)
    size = QSize(widget.width(), widget.height() + footer)
    if suffix == ".png":
        image = QImage(size * PNG_SCALE, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(PNG_SCALE)
        image.setText("Description", stamp_text)
        _paint(image, widget, stamp_text, footer)
        write_png(image, path)
        return path
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(widget.accessibleName() or widget.objectName())
    generator.setDescription(stamp_text)
    _paint(generator, widget, stamp_text, footer)
    buffer.close()
    write_bytes_atomic(path, bytes(buffer.data().data()))
    return path


def write_png(image: QImage, path: Path) -> None:
    """`image` as a PNG at `path`, atomically: an OSError with its errno says why not."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # runtime refuses bytes
        raise OSError(f"{path.name}: the image could not be encoded")
    buffer.close()
    write_bytes_atomic(path, bytes(buffer.data().data()))


def _footer_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setPointSize(appearance().pt(FOOTER_PT))
    return font


def _paint(device: QImage | QSvgGenerator, widget: QWidget, stamp_text: str, footer: int) -> None:
    theme = appearance().theme
    painter = QPainter(device)
    try:
        painter.fillRect(
            QRect(0, 0, widget.width(), widget.height() + footer), QColor(theme.background)
        )
        if isinstance(widget, QGraphicsView):  # a chart: its scene, in vectors for SVG
            target = QRectF(0, 0, widget.width(), widget.height())
            widget.render(painter, target, widget.viewport().rect())
        else:
            widget.render(painter, QPoint(0, 0))
        painter.setFont(_footer_font(widget))
        painter.setPen(QColor(theme.muted))
        painter.drawText(
            QRectF(8, widget.height(), widget.width() - 16, footer),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            painter.fontMetrics().elidedText(
                stamp_text, Qt.TextElideMode.ElideMiddle, widget.width() - 16
            ),
        )
    finally:
        painter.end()
