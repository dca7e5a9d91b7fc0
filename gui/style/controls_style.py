"""Fusion, with visible edges on check boxes, sliders, spin and combo boxes, and a focus ring.

Fusion draws those edges in the window colour darkened by 40%: about 1.1:1 against the
dark theme's panel (a check box was an invisible square) and 2.3:1 on the light one.
Non-text controls need 3:1 (WCAG 1.4.11); the theme's `muted` colour gives 6-7:1.

Fusion's focus is a faint highlight (a combo box changed 7 pixels, a table's current cell
1.2:1, a slider none in presentation mode), and the edge outline was drawn over it. The
keyboard's focus is ringed instead: `ring_px` wide (2, more at presentation scale) in the
theme's `focus` colour, 3:1 or more on every surface a control sits on (WCAG 1.4.11, 2.4.7).
As Fusion's own focus frame, it follows the keyboard (Tab, Shift+Tab, shortcuts); a
click hides it, and a table's current cell has it while the table has focus.
"""

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QToolButton,
    QWidget,
)

Primitive = QStyle.PrimitiveElement
Complex = QStyle.ComplexControl
INDICATORS = (
    Primitive.PE_IndicatorCheckBox,
    Primitive.PE_IndicatorItemViewItemCheck,
    Primitive.PE_IndicatorRadioButton,
)
FRAMED = (Complex.CC_SpinBox, Complex.CC_ComboBox)
RING_PX = 2  # at a desk; `Appearance` scales it for a projector
RING_RADIUS_PX = 3


def keyboard_focus(option: QStyleOption) -> bool:
    """Whether `option`'s control has focus that the keyboard gave (Fusion's own test)."""
    wanted = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
    return option.state & wanted == wanted


def paint_ring(painter: QPainter, rect: QRect, color: QColor, width: int) -> None:
    """A `width` px ring in `color` just inside `rect`, so no neighbour or clip cuts it."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(color, width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = width / 2
    painter.drawRoundedRect(
        QRectF(rect).adjusted(half, half, -half, -half), RING_RADIUS_PX, RING_RADIUS_PX
    )
    painter.restore()


def _rings_itself(element: Primitive, widget: QWidget | None) -> bool:
    """Whether `element` is the whole of a focused control: a button's panel, a line edit's."""
    if element == Primitive.PE_PanelButtonCommand:
        return isinstance(widget, QPushButton | QToolButton)
    boxed = widget is not None and isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
    return element == Primitive.PE_PanelLineEdit and not boxed


class VisibleControls(QProxyStyle):
    """Fusion; every control's edge is outlined in `edge`, keyboard focus ringed in `ring`.

    `Appearance` sets both colours (and the ring's width) from the theme.
    """

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.edge = QColor("#5F6368")
        self.ring = QColor("#002F6C")
        self.ring_px = RING_PX

    def drawPrimitive(
        self,
        element: Primitive,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Fusion's drawing, with an outline around check and radio indicators and the ring.

        Fusion's focus rectangle (check boxes, tabs, a table's current cell) is replaced by
        the ring; a button is ringed at its edge instead (a push button had no rectangle),
        and a line edit over Fusion's faint highlight (not a spin or combo box's editor:
        the box is ringed).
        """
        if element == Primitive.PE_FrameFocusRect:
            keyboard = option.state & QStyle.StateFlag.State_KeyboardFocusChange
            if keyboard and not isinstance(widget, QPushButton | QToolButton):
                self.ring_around(painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in INDICATORS:
            round_edge = element == Primitive.PE_IndicatorRadioButton
            self._outline(painter, option.rect, round_edge)
        elif keyboard_focus(option) and _rings_itself(element, widget):
            self.ring_around(painter, option.rect)

    def drawComplexControl(
        self,
        control: Complex,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Fusion's drawing, then an outline around a slider's handle or a box's frame.

        With the keyboard's focus a box's frame is the ring, and a slider is ringed whole:
        its handle alone was too small a mark on a projector.
        """
        super().drawComplexControl(control, option, painter, widget)  # type: ignore[arg-type]
        focused = keyboard_focus(option)
        if control == Complex.CC_Slider:
            handle = self.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, widget)  # type: ignore[arg-type]
            self._outline(painter, handle, False)
            if focused:
                self.ring_around(painter, option.rect)
        elif control in FRAMED:
            if focused:
                self.ring_around(painter, option.rect)
            else:
                self._outline(painter, option.rect, False)

    def ring_around(self, painter: QPainter, rect: QRect) -> None:
        """The focus ring just inside `rect`."""
        paint_ring(painter, rect, self.ring, self.ring_px)

    def _outline(self, painter: QPainter, rect: QRect, round_edge: bool) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # a crisp 1 px edge
        painter.setPen(QPen(self.edge, 1))
        painter.setBrush(QColor(0, 0, 0, 0))
        box = rect.adjusted(0, 0, -1, -1)
        if round_edge:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 2, 2)
        painter.restore()
