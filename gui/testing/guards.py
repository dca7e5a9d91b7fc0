"""What the plugin's opt-in fixtures check: modal boxes answered by name, and no leaks.

`Dialogs` stands in for `QMessageBox.exec`, so a test never hangs on a modal question:
it answers each box from a queue kept per objectName and fails the test on a box it
was not told about; it types a queued text into a named `QInputDialog`. `leaks` lists
what a test left behind (a top-level window shown or still alive, a running QTimer, a
worker thread) after closing and stopping it, so one leak fails one test, not every
later one.
"""

import functools
import gc
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget

IGNORED_TOP_LEVEL = {"QTipLabel", "QComboBoxPrivateContainer", "QMenu"}  # Qt's own popups
WORKERS_TIMEOUT_MS = 10_000
Params = ParamSpec("Params")
Result = TypeVar("Result")


class UnexpectedDialog(AssertionError):
    """A modal box the test did not answer: an AssertionError, as docs/testing.md says."""


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
        """Queue `buttons` as the answers to the next boxes called `name`, in order.

        A text input box (`renameDialog`) takes the text typed before OK, or
        `QDialog.DialogCode.Rejected` for Cancel.
        """
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
        raise UnexpectedDialog(f"unexpected dialog {name!r}: {box.text()}")

    def exec_input(self, dialog: QInputDialog, show: Callable[[QInputDialog], int]) -> int:
        """OK with the text queued for `dialog`'s name, or Cancel; `show` it if none is queued.

        Suites answered input boxes themselves (polling for the modal box) before this
        existed: a box without a queued answer is still shown, as it was for them.
        """
        name = dialog.objectName()
        queued = self.answers.get(name)
        if not queued:
            return show(dialog)
        answer = queued.pop(0)
        self.shown.append((name, dialog.labelText()))
        if answer == QDialog.DialogCode.Rejected:
            return QDialog.DialogCode.Rejected.value
        dialog.setTextValue(answer)
        return QDialog.DialogCode.Accepted.value


def raises_unexpected_dialogs(action: Callable[Params, Result]) -> Callable[Params, Result]:
    """Make `action` raise an unexpected dialog that a Qt slot swallowed while it ran.

    A box reached through a signal (an action's trigger, a control's change) raises
    inside a Qt slot: PySide hands the error to `sys.excepthook` and the caller goes
    on, so the test carried on and pytest-qt failed it only at teardown. Other errors
    still go to the hook in place.
    """

    @functools.wraps(action)
    def run(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        swallowed: list[UnexpectedDialog] = []
        outer = sys.excepthook

        def hook(
            kind: type[BaseException], error: BaseException, trace: TracebackType | None
        ) -> None:
            if isinstance(error, UnexpectedDialog):
                swallowed.append(error)
            else:
                outer(kind, error, trace)

        sys.excepthook = hook
        try:
            result = action(*args, **kwargs)
        finally:
            sys.excepthook = outer
        if swallowed:
            raise swallowed[0]
        return result

    return run


def leaks() -> tuple[list[str], list[str], int]:
    """Windows left shown or alive, timers left running, worker threads left: each then stopped.

    It cleans up what it reports, so one leak fails one test: every window it names is
    closed and deleted, every timer stopped. Called during a test it therefore closes
    the test's own windows too (the `scaledeck_window` fixture's included): call it
    once they are closed, as the `scaledeck_leak_guard` fixture does after the test.

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
    # Named before anything is closed: a timer owned by a leaked window dies with it.
    names = [w.objectName() or type(w).__name__ for w in widgets]
    timer_names = [t.objectName() or "QTimer" for t in timers]
    for timer in timers:
        timer.stop()
    for widget in widgets:  # close and delete them so one leak does not fail every later test
        widget.close()
        widget.deleteLater()
    _delete_deferred()
    return names, timer_names, threads


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
