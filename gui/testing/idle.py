"""`wait_idle`: return only once the window has nothing left to do.

Qt applies much of a change later, from its event loop: a new palette reaches each
widget as a posted event, a slider applies its last value up to a frame after the
move (`gui.controls.sliders.FRAME_MS`), the catalog searches up to 50 ms after the last
keystroke, a closed dialog is deleted on the next turn of the loop, and the Analysis
tabs compute in worker threads. A helper that returned before these ran would let a
test read the state from before its own change.

What is pending is read, not guessed: superqt's throttles and debounces (`qthrottled`,
`qdebounced`, `QSignalThrottler`, `QSignalDebouncer`) that some window owns and that
still hold a call, and superqt's workers and the thread pool's threads. A fixed wait
(two frames, as before) returned ahead of the catalog's 50 ms search.
"""

import time
from collections.abc import Iterator
from typing import Any, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from superqt.utils import QSignalThrottler, WorkerBase

from gui.testing.guards import raises_unexpected_dialogs
from gui.views.charts.base import Chart

IDLE_TIMEOUT_S = 30.0  # a Monte Carlo of the default size finishes in a few seconds
POLL_MS = 2  # how often a wait looks again: well under a frame
# superqt's GenericSignalThrottler, the base of every throttle and debounce it makes
# (`qthrottled`'s included); reached through a public class, its module being private.
THROTTLER = cast(type[QObject], QSignalThrottler.__base__)


@raises_unexpected_dialogs
def wait_idle(window: QWidget, timeout_s: float = IDLE_TIMEOUT_S) -> None:
    """Wait until nothing runs or is pending: workers, throttled calls, posted events, deletes.

    Charts' axes are settled at the end. TimeoutError naming `window` and the workers
    (or throttled calls) still going after `timeout_s`; the AssertionError of a box
    `scaledeck_dialogs` was not told about, shown meanwhile.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        QCoreApplication.processEvents()  # palettes, layouts, the workers' last signals
        if not _workers_busy() and not _pending_throttles():
            break
        if time.monotonic() > deadline:
            raise TimeoutError(_still_going(window, timeout_s))
        QTest.qWait(POLL_MS)
    _settle_charts()
    QCoreApplication.processEvents()  # what those posted: palettes, layouts, repaints


def _pending_throttles() -> list[QObject]:
    """The throttles and debounces some window owns that still hold a call to make."""
    return [t for t in _owned_throttlers() if _holds_a_call(t)]


def _owned_throttlers() -> Iterator[QObject]:
    """Every superqt throttle under a top-level widget (each once), alive."""
    seen: set[int] = set()
    for top in QApplication.topLevelWidgets():
        for throttler in top.findChildren(THROTTLER):
            if id(throttler) not in seen and shiboken6.isValid(throttler):
                seen.add(id(throttler))
                yield throttler


def _holds_a_call(throttler: QObject) -> bool:
    """Whether `throttler`'s timer will still make a call when it fires.

    A leading throttle's timer keeps running after the call it let through: that tail
    holds nothing, so it is not waited for (superqt keeps the flag privately; without
    it, a running timer counts as pending).
    """
    timer = throttler.findChild(QTimer)
    if timer is None or not timer.isActive():
        return False
    return bool(getattr(throttler, "_hasPendingEmission", True))


def _workers_busy() -> bool:
    """A worker thread runs, or a superqt worker is queued to start or to say it finished.

    superqt starts a worker from inside an event loop one timer tick later, and drops it
    from its set only once its last signal is delivered here. A worker whose run ended
    without that signal (`is_running` left true, no thread) is not waited for.
    """
    if QThreadPool.globalInstance().activeThreadCount():
        return True
    return any(not worker.is_running for worker in _superqt_workers())


def _superqt_workers() -> list[WorkerBase[Any]]:
    """The started superqt workers whose signals still exist (its private set; empty if gone)."""
    workers = list(getattr(WorkerBase, "_worker_set", ()))
    return [w for w in workers if shiboken6.isValid(w.signals)]


def _still_going(window: QWidget, timeout_s: float) -> str:
    """What TimeoutError says: the window, then each worker or throttled call still going."""
    # Every worker started and not yet finished: one queued for a thread is not yet running.
    names = [_worker_name(w) for w in _superqt_workers()]
    threads = max(QThreadPool.globalInstance().activeThreadCount(), len(names))
    where = window.objectName() or type(window).__name__
    said = f"{where}: {threads} worker thread(s) still running after {timeout_s:g} s"
    if names:
        said += f": {', '.join(names)}"
    owners = [t.parent() for t in _pending_throttles()]
    throttled = [o.objectName() or type(o).__name__ for o in owners if o is not None]
    if throttled:
        said += f"; a throttled call still pending on {', '.join(throttled)}"
    return said


def _worker_name(worker: WorkerBase[Any]) -> str:
    """`monteCarloTab (iter_monte_carlo)`: the widget holding it as `.worker`, and its function."""
    work = getattr(worker, "_func", None) or getattr(worker, "_gen", None)
    function = getattr(work, "__name__", type(worker).__name__)
    for top in QApplication.topLevelWidgets():
        for widget in (top, *top.findChildren(QWidget)):
            if _worker_of(widget) is worker:
                return f"{widget.objectName() or type(widget).__name__} ({function})"
    return function


def _worker_of(widget: QWidget) -> object:
    """`widget.worker` if it has one (a tab's, a preview's, the plan window's); else None."""
    try:
        return getattr(widget, "worker", None)
    except RuntimeError:  # a property reading a deleted part
        return None


def _settle_charts() -> None:
    """Every chart's axes as they stand once a drag has ended, without the 0.4 s wait.

    A chart keeps the room a drag gave its axis until changes stop (`SETTLE_MS`); a test
    reading it right after a move saw the axis of the drag, not the one the user sees.
    """
    for top in QApplication.topLevelWidgets():
        for chart in top.findChildren(Chart):
            chart.settle_pending()
