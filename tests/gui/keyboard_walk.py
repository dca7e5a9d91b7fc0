"""Keyboard helpers for the GUI tests: Tab walks, key holds, focus stops named for testers."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from superqt import QLabeledDoubleSlider, QLabeledSlider

MAX_STOPS = 300  # far more Tab stops than any window has: a walk that needs more is a loop


def stop_name(widget: QWidget | None) -> str:
    """The objectName a tester knows a focus stop by: a labeled slider's, for its inner slider."""
    if widget is None:
        return "None"
    holder = widget.parentWidget()
    if isinstance(holder, QLabeledSlider | QLabeledDoubleSlider) and holder.focusProxy() is widget:
        return holder.objectName()
    return widget.objectName()


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press and release `key` on the focus widget, as a keyboard does (shortcuts first)."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    QTest.keyClick(focused, key, modifier)


def walk(start: QWidget, key: Qt.Key = Qt.Key.Key_Tab) -> list[QWidget]:
    """The focus stops from `start` round to it again by `key`; AssertionError on a loop."""
    activate(start.window())
    start.setFocus(Qt.FocusReason.TabFocusReason)
    first = QApplication.focusWidget()
    assert first is not None
    stops = [first]
    for _ in range(MAX_STOPS):
        press(key)
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is first:
            return stops
        stops.append(focused)
    raise AssertionError(f"Tab never came back to {stop_name(first)}: {names(stops[-12:])}")


def activate(window: QWidget) -> None:
    """Make `window` the active one: keys go to the active window's focus widget."""
    window.activateWindow()
    QApplication.processEvents()  # the platform says so in an event
    assert window.isActiveWindow(), window.objectName()


def names(stops: list[QWidget]) -> list[str]:
    """The stops by the names testers know them by."""
    return [stop_name(stop) for stop in stops]


def tab_leaves(view: QAbstractItemView) -> bool:
    """Tab, then Shift+Tab from the view, each move the focus off it (from its first cell)."""
    activate(view.window())
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        view.setFocus(Qt.FocusReason.TabFocusReason)
        view.setCurrentIndex(view.model().index(0, 0))
        press(key)
        if QApplication.focusWidget() is view:
            return False
    return True


def send_key(widget: QWidget, kind: QEvent.Type, key: Qt.Key, repeat: bool = False) -> None:
    """One key event as a keyboard sends it, `repeat` marking an auto-repeat of a held key."""
    QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "", repeat))


def hold(widget: QWidget, key: Qt.Key, repeats: int, release: bool = True) -> None:
    """Hold `key` on `widget` for `repeats` auto-repeats (X11's release-press pairs), let go."""
    press_, release_ = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
    send_key(widget, press_, key)
    for _ in range(repeats):
        send_key(widget, release_, key, repeat=True)
        send_key(widget, press_, key, repeat=True)
    if release:
        send_key(widget, release_, key)
