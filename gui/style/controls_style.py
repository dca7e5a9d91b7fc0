"""Fusion, with the edges of check boxes, sliders, spin boxes and combo boxes in the theme's ink.

Fusion draws those edges in the window colour darkened by 40%: about 1.1:1 against the
dark theme's panel (a check box was an invisible square) and 2.3:1 on the light one.
Non-text controls need 3:1 (WCAG 1.4.11); the theme's `muted` colour gives 6-7:1.
"""

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

Primitive = QStyle.PrimitiveElement
Complex = QStyle.ComplexControl
INDICATORS = (
    Primitive.PE_IndicatorCheckBox,
    Primitive.PE_IndicatorItemViewItemCheck,
    Primitive.PE_IndicatorRadioButton,
)
FRAMED = (Complex.CC_SpinBox, Complex.CC_ComboBox)


class VisibleControls(QProxyStyle):
    """Fusion; every control's edge is outlined in `edge` (set by the theme)."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.edge = QColor("#5F6368")

    def drawPrimitive(
        self,
        element: Primitive,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Fusion's drawing, then an outline around check and radio indicators."""
        super().drawPrimitive(element, option, painter, widget)
        if element in INDICATORS:
            round_edge = element == Primitive.PE_IndicatorRadioButton
            self._outline(painter, option.rect, round_edge)

    def drawComplexControl(
        self,
        control: Complex,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Fusion's drawing, then an outline around a slider's handle or a box's frame."""
        super().drawComplexControl(control, option, painter, widget)  # type: ignore[arg-type]
        if control == Complex.CC_Slider:
            handle = self.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, widget)  # type: ignore[arg-type]
            self._outline(painter, handle, False)
        elif control in FRAMED:
            self._outline(painter, option.rect, False)

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
