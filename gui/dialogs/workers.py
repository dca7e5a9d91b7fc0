"""The dialogs' worker threads: their signals outlive the window and the application's end.

superqt keeps a worker's signals on a parentless QObject that Python owns. Quitting with
a run under way, PySide deletes every such object first and Qt's application waits for the
thread pool after: the run's next emit hit a deleted object ("RuntimeError in aborted
thread: Signal source has been deleted" from Monte Carlo, an abort from the routing
frontier). The windows also stop their runs when the application is about to quit, so
that wait is one chunk or one solve, not the rest of the run.
"""

import time
from typing import Any

from PySide6.QtCore import QCoreApplication
from superqt.utils import WorkerBase

QUIT_WAIT_S = 10.0  # the longest a quit waits for a worker to stop (one chunk, one import)


def outlive_window(worker: WorkerBase[Any]) -> None:
    """Give `worker`'s signals to the application; they are deleted once the run has ended.

    Owned by Qt, the exit sweep of Python's objects leaves them alone, and the application
    deletes its children only after it has waited for the thread pool: after the last emit.
    """
    app = QCoreApplication.instance()
    if app is None:  # no event loop to deliver to: nothing outlives anything
        return
    signals = worker.signals
    signals.setParent(app)
    # `_finished` is superqt's last emit of a run ("emitted when the work is finished to
    # delete"); `finished` comes just before it, and a deletion queued on it could land first.
    signals._finished.connect(signals.deleteLater)  # queued: the signals live on the GUI thread


def stop_before_exit(worker: WorkerBase[Any], seconds: float = QUIT_WAIT_S) -> None:
    """Stop `worker` and wait (at most `seconds`) until its thread has left its work.

    For the application's quit: Qt waits for the thread pool only while Python finalizes,
    and a trace read still importing pandas there printed "RuntimeError in aborted thread:
    can't register atexit after shutdown". Waiting now costs the quit what Qt's wait would.
    """
    worker.quit()
    deadline = time.monotonic() + seconds
    while worker.is_running and time.monotonic() < deadline:
        time.sleep(0.01)
