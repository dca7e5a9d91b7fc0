"""What the plugin's opt-in fixtures check: modal boxes answered by name, and no leaks.

`Dialogs` stands in for `QMessageBox.exec`, so a test never hangs on a modal question:
it answers each box from a queue kept per objectName and fails the test on a box it
was not told about. `leaks` lists what a test left behind (a top-level window shown or
still alive, a running QTimer, a worker thread) after closing and stopping it, so one
leak fails one test, not every later one.
"""

import gc
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

IGNORED_TOP_LEVEL = {"QTipLabel", "QComboBoxPrivateContainer", "QMenu"}  # Qt's own popups
WORKERS_TIMEOUT_MS = 10_000


class Dialogs:
    """Answers modal message boxes by objectName; an unexpected one fails the test.

    A test queues answers (`dialogs.answer("recoveryDialog", QMessageBox.StandardButton.Yes)`)
    and reads what was shown in `dialogs.shown` as (objectName, text) pairs. A box with
    only an OK button needs no answer.
    """

    def __init__(self) -> None:
        self.answers: dict[str, list[Any]] = {}
        self.shown: list[tuple[str, str]] = []

    def answer(self, name: str, *buttons: Any) -> None:
        """Queue `buttons` as the answers to the next boxes called `name`, in order."""
        self.answers.setdefault(name, []).extend(buttons)

    def names(self) -> list[str]:
        """The objectNames of the boxes shown so far, in order."""
        return [name for name, _text in self.shown]

    def exec(self, box: QMessageBox) -> Any:
        """What the user would have pressed on `box` (AssertionError if nobody said)."""
        name = box.objectName()
        self.shown.append((name, box.text()))
        queued = self.answers.get(name)
        if queued:
            return queued.pop(0)
        if box.standardButtons() == QMessageBox.StandardButton.Ok:
            return QMessageBox.StandardButton.Ok
        raise AssertionError(f"unexpected dialog {name!r}: {box.text()}")


def leaks() -> tuple[list[str], list[str], int]:
    """Windows left shown or alive, timers left running, worker threads left: each then stopped.

    Worker threads get `WORKERS_TIMEOUT_MS` to finish first. Python's garbage is collected
    and deleteLater() honoured before looking, so a Qt object that only a reference cycle
    kept is deleted here, between tests, not inside some later test's code. A parentless
    widget of a class written in Python (ScaleDeck's or pyqtgraph's) still alive then was
    leaked even if hidden: it is deleted.
    """
    QThreadPool.globalInstance().waitForDone(WORKERS_TIMEOUT_MS)
    gc.collect()
    _delete_deferred()
    widgets = [w for w in QApplication.topLevelWidgets() if _left_behind(w)]
    timers = [
        t
        for t in gc.get_objects()
        if isinstance(t, QTimer) and shiboken6.isValid(t) and t.isActive()
    ]
    threads = QThreadPool.globalInstance().activeThreadCount()
    names = [w.objectName() or type(w).__name__ for w in widgets]
    for widget in widgets:  # close and delete them so one leak does not fail every later test
        widget.close()
        widget.deleteLater()
    for timer in timers:
        timer.stop()
    _delete_deferred()
    return names, [t.objectName() or "QTimer" for t in timers], threads


def _delete_deferred() -> None:
    """Run what is pending: deleteLater() calls, and the events they post in turn."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _left_behind(widget: QWidget) -> bool:
    """Shown (not one of Qt's own popups), or parentless and of a class written in Python."""
    kind = type(widget)
    if widget.isVisible():
        return kind.__name__ not in IGNORED_TOP_LEVEL
    return widget.parent() is None and not kind.__module__.startswith("PySide6")
