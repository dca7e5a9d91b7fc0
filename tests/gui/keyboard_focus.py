"""Focus a widget as the keyboard does, whatever the focus chain (another fix's subject)."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


class TabTo(QObject):
    """Takes the next Tab key press to give `widget` the focus, as Qt sees a Tab move it."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A Tab's key press to a widget (not its window, which hands it on) moves the focus."""
        is_tab = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Tab
        if is_tab and event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget):
            self.widget.setFocus(Qt.FocusReason.TabFocusReason)  # inside the Tab's event
            return True
        return False


def focus_by_keyboard(widget: QWidget) -> None:
    """Focus `widget` by a Tab key press, whatever the focus chain (another fix's)."""
    tab = TabTo(widget)
    QApplication.instance().installEventFilter(tab)
    try:
        QTest.keyClick(widget.window().windowHandle(), Qt.Key.Key_Tab)
    finally:
        QApplication.instance().removeEventFilter(tab)
    QApplication.processEvents()
