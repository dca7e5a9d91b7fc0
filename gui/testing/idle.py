"""`wait_idle`: return only once the window has nothing left to do.

Qt applies much of a change later, from its event loop: a new palette reaches each
widget as a posted event, a slider applies its last value up to a frame after the
move (`gui.controls.sliders.FRAME_MS`), a closed dialog is deleted on the next turn of
the loop, and the Analysis tabs compute in worker threads. A helper that returned
before these ran would let a test read the state from before its own change.
"""

import time

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from gui.controls.sliders import FRAME_MS
from gui.testing.guards import raises_unexpected_dialogs
from gui.views.charts.base import Chart

IDLE_TIMEOUT_S = 30.0  # a Monte Carlo of the default size finishes in a few seconds


@raises_unexpected_dialogs
def wait_idle(window: QWidget, timeout_s: float = IDLE_TIMEOUT_S) -> None:
    """Wait until nothing runs: workers, posted events, deletes; charts' axes settled now.

    TimeoutError (naming `window` and how many workers still run) after `timeout_s`; the
    AssertionError of a box `scaledeck_dialogs` was not told about, shown meanwhile.
    """
    deadline = time.monotonic() + timeout_s
    pool = QThreadPool.globalInstance()
    while pool.activeThreadCount():
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{window.objectName() or type(window).__name__}: "
                f"{pool.activeThreadCount()} worker thread(s) still running after {timeout_s:g} s"
            )
        QTest.qWait(FRAME_MS)
    QTest.qWait(2 * FRAME_MS)  # a slider's trailing edit, and the workers' last signals
    _settle_charts()
    QCoreApplication.processEvents()  # what those posted: palettes, layouts, repaints


def _settle_charts() -> None:
    """Every chart's axes as they stand once a drag has ended, without the 0.4 s wait.

    A chart keeps the room a drag gave its axis until changes stop (`SETTLE_MS`); a test
    reading it right after a move saw the axis of the drag, not the one the user sees.
    """
    for top in QApplication.topLevelWidgets():
        for chart in top.findChildren(Chart):
            chart.settle_pending()
