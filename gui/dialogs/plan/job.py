"""One Run of the plan window in a worker thread, which Cancel lets go of at once.

One HiGHS call cannot be interrupted (scipy's linprog and milp take no callback): a
robust plan over 2,000 draws spent 4-5 s in each, and Cancel used to wait for the next
progress step, up to 25 s. The window no longer waits: `let_go` cuts the job off, so
nothing it finds, fails with or reports reaches the window after, and its thread stops
before its next solve (`core.plan.cancel`). A job lives as long as its worker, owned by
the application as `outlive_window` keeps the worker's signals, so the window may close
or start the next run while a job it let go of still ends.
"""

import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal
from superqt.utils import FunctionWorker, create_worker

import core
from core.plan.cancel import stoppable
from gui.dialogs.plan.inputs import PlanRequest
from gui.dialogs.plan.solve import PlanRun, Progress, solve_plan
from gui.dialogs.workers import outlive_window


class PlanJob(QObject):
    """`solve_plan` on `scenario` in a worker thread; says nothing once let go of."""

    progressed = Signal(float)  # 0-1 of the run
    solved = Signal(object, object)  # the scenario solved for, its PlanRun
    failed = Signal(object)  # the exception: ScenarioError (no plan), or a bug
    _moved = Signal(float)  # emitted in the worker thread, delivered in the GUI thread

    def __init__(self, scenario: core.Scenario, request: PlanRequest) -> None:
        super().__init__()
        self.scenario = scenario
        self._stop = threading.Event()
        self._moved.connect(self._on_moved)
        self.worker: FunctionWorker[PlanRun] = create_worker(
            _solve,
            scenario,
            request,
            self._report,
            self._stop,
            _connect={"returned": self._on_returned, "errored": self._on_errored},
            _start_thread=False,
        )
        outlive_window(self.worker)
        app = QCoreApplication.instance()
        if app is not None:  # the window may go first: the worker still reports to this
            self.setParent(app)
            self.worker.signals._finished.connect(self.deleteLater)
        self.worker.start()

    def let_go(self) -> None:
        """Say nothing more, and stop before the next solve (the one under way ends alone)."""
        self._stop.set()

    def _report(self, fraction: float) -> bool:
        """The run's progress callback, in the worker thread: False once let go of."""
        if self._stop.is_set():
            return False
        self._moved.emit(fraction)
        return True

    def _on_moved(self, fraction: float) -> None:
        if not self._stop.is_set():  # a report queued before `let_go` arrives after it
            self.progressed.emit(fraction)

    def _on_returned(self, run: PlanRun) -> None:
        if not self._stop.is_set():
            self.solved.emit(self.scenario, run)

    def _on_errored(self, error: Exception) -> None:
        if not self._stop.is_set():
            self.failed.emit(error)


def _solve(
    scenario: core.Scenario,
    request: PlanRequest,
    progress: Progress,
    stop: threading.Event,
) -> PlanRun:
    """`solve_plan`, stopping before any HiGHS call once `stop` is set."""
    with stoppable(stop.is_set):
        return solve_plan(scenario, request, progress)
