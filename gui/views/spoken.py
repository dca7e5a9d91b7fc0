"""What a screen reader says of a view that draws its own figures: a KPI tile, a chart.

Their words change with every slider move, but only someone listening needs them. They
are built when the view takes focus, or at each change while an assistive technology
listens (`QAccessible.isActive()`), and set only when they changed: otherwise a move
costs a flag (docs/benchmarks.md). A view Tab reaches also shows its description as a
tooltip, as hovering does for a mouse.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtGui import Qt as GuiQt  # its text functions: mightBeRichText, convertFrom...
from PySide6.QtWidgets import QToolTip, QWidget

from gui.style.focus_ring import keyboard_focused

Words = Callable[[], tuple[str, str]]  # () -> (accessible name, accessible description)


class Spoken(QObject):
    """The accessible name and description of `widget`, from `words`, built when heard.

    It watches the widget's events: said as it takes focus, shown once Tab is released.
    """

    def __init__(self, widget: QWidget, words: Words) -> None:
        super().__init__(widget)
        self._widget, self._words = widget, words
        self._stale = True
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Say the words on focus; show them once a Tab's release, not its press, is done."""
        if event.type() == QEvent.Type.FocusIn:
            self.say()
        elif event.type() == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent):
            self.released(event)
        return False

    def changed(self) -> None:
        """The words may have changed: say them now if anyone may be listening."""
        self._stale = True
        if QAccessible.isActive() or self._widget.hasFocus():
            self.say()

    def say(self) -> None:
        """Set the name and description, each only if it changed since it was last set."""
        if not self._stale:
            return
        self._stale = False
        name, description = self._words()
        widget = self._widget
        if name != widget.accessibleName():
            widget.setAccessibleName(name)
        if description != widget.accessibleDescription():
            widget.setAccessibleDescription(description)

    def released(self, event: QKeyEvent) -> None:
        """Shown under the widget once the Tab that brought the keyboard's focus is released.

        Not on focus: the key's release hides every tooltip.
        """
        self.say()  # a move while it had focus made them stale
        widget, text = self._widget, self._widget.accessibleDescription()
        tab = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.isAutoRepeat()
        if tab and keyboard_focused(widget) and text:  # data: "<b>x</b>" is shown as typed
            plain = GuiQt.convertFromPlainText(text) if GuiQt.mightBeRichText(text) else text
            QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), plain, widget)
