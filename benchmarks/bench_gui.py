"""GUI responsiveness: slider change to repainted window, cold start, resident memory."""

import os
import subprocess
import sys
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QThreadPool

from benchmarks.report import Row, median, percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WATCHED = (QEvent.Type.Paint, QEvent.Type.UpdateRequest, QEvent.Type.LayoutRequest)


class _EventCounter(QObject):
    """Counts paint, update and layout events delivered to any object."""

    count = 0

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() in WATCHED:
            self.count += 1
        return False


def close_discarding(window: Any) -> None:
    """Close a benchmark's window without the unsaved-changes question."""
    window.document.undo_stack.setClean()
    window.close()


def drain(app: Any, passes: int = 5) -> None:
    """Process events until a pass delivers none that a view posted during the last one.

    One processEvents() leaves events posted while it ran (layout requests from labels
    whose text changed, now and then a paint) for the next pass; counting them keeps the
    figure honest.
    """
    counter = _EventCounter()
    app.installEventFilter(counter)
    try:
        for _ in range(passes):
            counter.count = 0
            app.processEvents()
            if counter.count == 0:
                return
    finally:
        app.removeEventFilter(counter)


def slider_to_repaint_ms(moves: int = 200, force_full_repaint: bool = False) -> list[float]:
    """Per move: set the scale slider, then process events until every changed view is
    updated and painted (what a screen shows). With `force_full_repaint`, also repaint
    the whole window, changed or not: a stricter figure, kept for comparison."""
    from superqt import QLabeledDoubleSlider

    import core
    from gui.app import application, show_main_window

    app = application()
    window = show_main_window(core.default_scenario())
    slider = window.findChild(QLabeledDoubleSlider, "scaleSlider")
    samples = []
    for value in np.concatenate(
        [np.linspace(1, 10, moves // 2), np.linspace(10, 1, moves - moves // 2)]
    ):
        time.sleep(0.02)  # past the 16 ms throttle, so each move takes the leading edge
        app.processEvents()
        start = time.perf_counter()
        slider.setValue(float(value))
        drain(app)  # the edit, every view's update, layouts and paint events
        if force_full_repaint:
            window.repaint()
        samples.append((time.perf_counter() - start) * 1e3)
    close_discarding(window)
    return samples


def stall_ms(app: Any, worker_of: Any, run: Any) -> float:
    """Longest gap between 5 ms timer ticks from `run()` until `worker_of()` is None again."""
    from PySide6.QtCore import QTimer

    drain(app)  # the window's first paint is not the work's doing
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    run()
    while worker_of() is not None:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    gaps = np.diff(ticks) * 1e3
    return float(gaps.max()) if gaps.size else 0.0


def monte_carlo_stall_ms(draws: int = 10_000) -> float:
    """Longest event-loop stall while Monte Carlo runs in the Analysis window."""
    import core
    from gui.app import application, show_main_window

    app = application()
    window = show_main_window(core.default_scenario())
    analysis = window.show_analysis()
    tab = analysis.monte_carlo
    tab.draws.setValue(draws)
    stall = stall_ms(app, lambda: tab.worker, tab.run)
    analysis.close()
    close_discarding(window)
    return stall


def plan_stall_ms() -> float:
    """Longest event-loop stall while the plan window solves (default, demand growth x1.5):
    the deterministic plan, the 20-plan frontier and the robust plan over 200 draws."""
    import core
    from core.scenario.edits import with_changes
    from gui.app import application, show_main_window

    app = application()
    scenario = with_changes(core.default_scenario(), {"levers.demand_growth_multiplier": 1.5})
    window = show_main_window(scenario)
    dialog = window.show_plan()
    dialog.inputs.draws.setValue(200)
    stall = stall_ms(app, lambda: dialog.worker, dialog.run)
    dialog.close()
    close_discarding(window)
    return stall


def plan_cancel() -> tuple[float, float]:
    """Cancel one second into a robust plan over 2,000 draws: ms until the window is usable
    (Run on, no worker, events drained), and s until the abandoned solve's thread ends
    (it stops before its next HiGHS call; one call cannot be interrupted)."""
    import core
    from gui.app import application, show_main_window

    app = application()
    window = show_main_window(core.default_scenario())
    dialog = window.show_plan()
    dialog.inputs.draws.setValue(2_000)
    drain(app)
    dialog.run()
    running_until = time.perf_counter() + 1.0
    while time.perf_counter() < running_until:
        app.processEvents()
        time.sleep(0.005)
    start = time.perf_counter()
    dialog.cancel_button.click()
    while dialog.worker is not None or not dialog.run_button.isEnabled():
        app.processEvents()
    drain(app)
    usable_ms = (time.perf_counter() - start) * 1e3
    QThreadPool.globalInstance().waitForDone(120_000)
    stopped_s = time.perf_counter() - start
    dialog.close()
    close_discarding(window)
    return usable_ms, stopped_s


def cold_start() -> tuple[list[float], float]:
    """Wall-clock seconds of 5 fresh processes to first painted window; max resident MB."""
    probe = [sys.executable, "-m", "benchmarks.startup_probe"]
    times, memory = [], 0.0
    for _ in range(5):
        start = time.perf_counter()
        done = subprocess.run(probe, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        memory = max(memory, float(done.stdout.strip().splitlines()[-1]))
    return times, memory


def run() -> list[Row]:
    """The GUI rows of the report."""
    samples = slider_to_repaint_ms()
    forced = slider_to_repaint_ms(force_full_repaint=True)
    starts, memory = cold_start()
    where = "scale slider, 200 moves, 1600x1000 offscreen"
    return [
        Row("slider to repaint p50", median(samples), "ms", 16.7, where),
        Row("slider to repaint p95", percentile(samples, 95), "ms", 12.0, "inside a 60 Hz frame"),
        Row("slider to repaint max", max(samples), "ms", 25.0, "never above 25 ms"),
        Row("... with full-window repaint p95", percentile(forced, 95), "ms", 16.7, "one frame"),
        Row("... with full-window repaint max", max(forced), "ms", 33.0, "two 60 Hz frames"),
        Row(
            "event-loop stall during GUI Monte Carlo",
            monte_carlo_stall_ms(),
            "ms",
            50.0,
            "10,000 draws in a worker",
        ),
        Row(
            "event-loop stall during the plan window's solve",
            plan_stall_ms(),
            "ms",
            50.0,
            "Analysis > Recommend a plan, in a worker",
        ),
        *_cancel_rows(),
        Row("cold start to first paint", median(starts), "s", 1.0, "median of 5 new processes"),
        Row("resident memory after start", memory, "MB", 250.0, "max RSS of the start-up probe"),
    ]


def _cancel_rows() -> list[Row]:
    usable_ms, stopped_s = plan_cancel()
    where = "Cancel 1 s into a robust plan of 2,000 draws"
    return [
        Row("plan window: Cancel to usable", usable_ms, "ms", 100.0, where),
        Row("... the abandoned solve stops within", stopped_s, "s", 10.0, "one HiGHS call"),
    ]
