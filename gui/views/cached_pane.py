"""A tab widget whose pane frame is drawn once per look and size, then copied.

Fusion draws a QTabWidget's pane with three rectangle passes over its whole area; under
the tables that was 2.2 ms of CPU on every repaint of the window, for pixels that only
change with the size, the palette or the selected tab (docs/benchmarks.md).

The copy is opaque, drawn over the window's background colour as the style draws it on
screen (its translucent edge blended twice, through a transparent pixmap, came out a
level off in the dark theme): the pane must sit on the window's plain background.
"""

from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QStyle, QStyleOptionTabWidgetFrame, QTabWidget


class CachedPaneTabs(QTabWidget):
    """A QTabWidget that paints its pane from a pixmap the style drew (pixel for pixel)."""

    _pane: tuple[tuple[object, ...], QPixmap] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        """The style's pane, drawn again only when what it depends on changed."""
        if self.documentMode():  # no pane: Qt draws the tab bar's base alone
            super().paintEvent(event)
            return
        option = QStyleOptionTabWidgetFrame()
        self.initStyleOption(option)
        pane = self.style().subElementRect(QStyle.SubElement.SE_TabWidgetTabPane, option, self)
        option.rect = pane  # what QTabWidget::paintEvent draws: its private panelRect
        key = (
            *(r.getRect() for r in (pane, option.tabBarRect, option.selectedTabRect)),
            option.tabBarSize.toTuple(),
            option.shape,
            option.state,
            option.palette.cacheKey(),
            self.window().palette().cacheKey(),
            self.size().toTuple(),
            self.devicePixelRatioF(),
            id(self.style()),
        )
        if self._pane is None or self._pane[0] != key:
            self._pane = (key, self._draw_pane(option))
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pane[1])
        painter.end()

    def _draw_pane(self, option: QStyleOptionTabWidgetFrame) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        window = self.window()
        pixmap.fill(window.palette().color(window.backgroundRole()))
        painter = QPainter(pixmap)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameTabWidget, option, painter, self)
        painter.end()
        return pixmap
