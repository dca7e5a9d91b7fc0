"""The focus ring of a widget the style does not frame: a chart, a KPI tile, a tab bar...

The style rings the controls it draws (`gui.style.controls_style`). A chart's plot and a
tile's labels draw themselves, a line edit whose style sheet sets its border (a slider's
value box) is drawn by the style sheet, and Fusion draws a focused tab without a
primitive to ring: a child drawn over each rings it instead. One watcher of the
application's focus shows and hides them, so nothing runs while a slider moves: a ring is
made the first time its widget has the keyboard's focus.
"""

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTabBar,
    QWidget,
)

from gui.style.controls_style import VisibleControls

RINGED = "focusRingOver"  # the dynamic property that asks for a ring over the widget


def keyboard_focused(widget: QWidget) -> bool:
    """Whether `widget` has focus the keyboard gave it (Tab, Shift+Tab, a shortcut).

    The style's test: Qt marks a window so when the keyboard moves its focus, and clears
    the mark when a click does.
    """
    keyboard = widget.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    return widget.hasFocus() and keyboard


def ring_over(widget: QWidget) -> None:
    """Ring `widget` while the keyboard has it focused: it draws no focus of its own."""
    widget.setProperty(RINGED, True)


def wants_ring(widget: QWidget) -> bool:
    """Asked for (`ring_over`), a tab bar, or a line edit whose style sheet took its frame.

    Fusion marks a tab bar's focused tab by a faint fill alone: the bar is ringed whole.
    The editor of a spin or combo box is not: its box is ringed by the style.
    """
    if widget.property(RINGED) or isinstance(widget, QTabBar):
        return True
    inside_a_box = isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
    return isinstance(widget, QLineEdit) and bool(widget.styleSheet()) and not inside_a_box


class FocusRing(QWidget):
    """The ring over its parent while shown, following the parent's size."""

    def __init__(self, target: QWidget, style: VisibleControls) -> None:
        super().__init__(target)
        self._style = style
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def cover(self, target: QWidget) -> None:
        """Show over `target` (its parent) and follow its size while shown."""
        self.setGeometry(target.rect())
        self.raise_()
        self.show()
        target.installEventFilter(self)  # its resizes, only while ringed

    def withdraw(self, target: QWidget) -> None:
        """Hide, and stop following `target`."""
        target.removeEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Cover the target again after it was resized (presentation mode, a new window size)."""
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        """The style's ring just inside the target's edge."""
        painter = QPainter(self)
        self._style.ring_around(painter, self.rect())
        painter.end()


class FocusRings(QObject):
    """Shows the ring of the widget the keyboard focused, hides the one focus left.

    It holds each ring: the Python side of a widget Qt made (a tab widget's bar) comes and
    goes, and a ring held only through it would lose its own with it.
    """

    def __init__(self, app: QApplication, style: VisibleControls) -> None:
        super().__init__(app)
        self._style = style
        self._rings: dict[int, FocusRing] = {}  # by the target's address
        app.focusChanged.connect(self._moved)

    def _moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and (ring := self._rings.get(_address(old))) is not None:
            ring.withdraw(old)
        if new is not None and wants_ring(new) and keyboard_focused(new):
            self._ring(new).cover(new)

    def _ring(self, target: QWidget) -> FocusRing:
        """The target's ring, made the first time it is needed; forgotten with the target."""
        key = _address(target)
        if key not in self._rings:
            self._rings[key] = FocusRing(target, self._style)
            target.destroyed.connect(lambda _gone=None: self._rings.pop(key, None))
        return self._rings[key]


def _address(widget: QWidget) -> int:
    """The widget's own address: its Python object may be made anew for the same widget."""
    address: int = shiboken6.getCppPointer(widget)[0]
    return address
