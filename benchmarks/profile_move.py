"""Where one slider move's time goes: `python -m benchmarks.profile_move [--moves N] [--full]`.

The `slider to repaint` rows say how long a move takes; this says what it is made of,
for docs/benchmarks.md. Each move (as bench_gui's: the scale slider from 1 to 10 and
back) is split into
- the edit: the new scenario validated (`with_changes`) and evaluated (`core.evaluate`);
- each view's update, timed around every slot the document's signals reach;
- Qt's events after it: layout requests and the paint of each widget (by objectName),
  timed in `QApplication.notify`, so nested sends are counted once, in their outermost.
Timing every event in Python adds a few microseconds to each: read the parts against each
other and against the same run's total, not against the benchmark's figures.
"""

import argparse
import os
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

Totals = defaultdict[str, float]
# The main thread's CPU time: on a machine others share, waiting for a core is not the
# move's work, and wall-clock parts would not add up (`--wall` for wall-clock instead).
CLOCK = time.thread_time
TIMED_EVENTS = {
    QEvent.Type.Paint: "paint",
    QEvent.Type.LayoutRequest: "layout",
    QEvent.Type.UpdateRequest: "update request",
    QEvent.Type.Resize: "resize",
    QEvent.Type.Timer: "timers",
    QEvent.Type.MetaCall: "queued calls",
}


def owner_name(obj: QObject) -> str:
    """The receiver's class under the nearest objectName up its parents (`costChart/QWidget`)."""
    kind, named = type(obj).__name__, obj
    while named is not None:
        if named.objectName() and not named.objectName().startswith("qt_"):
            return named.objectName() if named is obj else f"{named.objectName()}/{kind}"
        named = named.parent()
    return kind


class TimingApplication(QApplication):
    """A QApplication that times the events in TIMED_EVENTS, each less the timed events inside it."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.totals: Totals = defaultdict(float)
        self.recording = False
        self._nested: list[float] = []  # per open timed event: seconds of timed events inside

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        kind = TIMED_EVENTS.get(event.type()) if self.recording else None
        if kind is None:
            return super().notify(receiver, event)
        where = owner_name(receiver) if kind == "paint" else type(receiver).__name__
        return self.timed_call(f"qt {kind}: {where}", super().notify, receiver, event)

    def timed_call(self, name: str, work: Callable[..., Any], *args: Any) -> Any:
        """`work(*args)`, its own time (less the timed events inside) added to `name`."""
        self._nested.append(0.0)
        start = CLOCK()
        try:
            return work(*args)
        finally:
            elapsed = CLOCK() - start
            inside = self._nested.pop()
            if self._nested:
                self._nested[-1] += elapsed
            self.totals[name] += elapsed - inside


def timed(totals: Totals, name: str, work: Callable[..., Any]) -> Callable[..., Any]:
    """`work`, adding its wall-clock seconds to `totals[name]`."""

    def run(*args: Any, **kwargs: Any) -> Any:
        start = CLOCK()
        try:
            return work(*args, **kwargs)
        finally:
            totals[name] += CLOCK() - start

    return run


def instrument_edit(totals: Totals) -> None:
    """Time the edit's two parts where the document calls them."""
    import core
    import gui.document

    gui.document.with_changes = timed(
        totals, "edit: validate (with_changes)", gui.document.with_changes
    )
    core.evaluate = timed(totals, "edit: evaluate", core.evaluate)


# The slots the document's signals reach on a move (grep "Changed.connect" in gui/):
# wrapped on their classes before the window connects them, each timed per class.
SLOTS = (
    ("gui.views.charts.time_charts", "YearChart", ("show_shown", "show_year")),
    ("gui.views.charts.risk_charts", "ProductBars", ("refresh",)),
    ("gui.views.kpi_tiles", "KpiBar", ("_update",)),
    ("gui.views.headline", "HeadlineLabel", ("_update",)),
    ("gui.editors.routing_model", "RoutingTableModel", ("_show",)),
    ("gui.editors.inputs_model", "InputsTableModel", ("_show",)),
    ("gui.editors.result_tabs", "TablesPanel", ("_show",)),
    ("gui.editors.plan_tab", "PlanPage", ("show_shown",)),
    ("gui.controls.sliders", "ControlPanel", ("_sync", "_sync_year")),
    ("gui.controls.scenario_bar", "ScenarioBar", ("_sync",)),
    ("gui.main_window", "MainWindow", ("_update_title",)),
)


def instrument_views(totals: Totals) -> None:
    """Time each slot in SLOTS, per receiving class, and the document's whole change."""
    import importlib

    from gui.document import ScenarioDocument

    for module_name, class_name, methods in SLOTS:
        owner = getattr(importlib.import_module(module_name), class_name)
        for method in methods:
            setattr(owner, method, _timed_method(totals, getattr(owner, method)))
    ScenarioDocument._show = timed(
        totals, "document._show (evaluate + every slot)", ScenarioDocument._show
    )


def _timed_method(totals: Totals, work: Callable[..., Any]) -> Callable[..., Any]:
    """`work` as a method, its seconds added under its receiver's class and name."""

    def run(self: Any, *args: Any) -> Any:
        start = CLOCK()
        try:
            return work(self, *args)
        finally:
            totals[f"view: {type(self).__name__}.{work.__name__}"] += CLOCK() - start

    return run


def profile(moves: int, full_repaint: bool, plain: bool = False) -> tuple[Totals, float, int]:
    """Run the moves; seconds per part, the total seconds, the move count.

    `plain` times nothing but the moves: for an instruction count, e.g. under
    `valgrind --tool=cachegrind --cache-sim=no` (the difference of two move counts).
    """
    import numpy as np
    from superqt import QLabeledDoubleSlider

    import core
    from benchmarks.bench_gui import close_discarding, drain
    from gui.app import application, show_main_window

    app = application(QApplication if plain else TimingApplication)
    timing = app if isinstance(app, TimingApplication) else None
    totals: Totals = timing.totals if timing else defaultdict(float)
    if timing:
        instrument_edit(totals)
        instrument_views(totals)
    window = show_main_window(core.default_scenario())
    totals.clear()
    slider = window.findChild(QLabeledDoubleSlider, "scaleSlider")
    values = np.concatenate(
        [np.linspace(1, 10, moves // 2), np.linspace(10, 1, moves - moves // 2)]
    )
    total = 0.0
    for value in values:
        time.sleep(0.02)
        app.processEvents()
        if timing:
            timing.recording = True
        start = CLOCK()
        slider.setValue(float(value))
        drain(app)
        if full_repaint:
            if timing:
                timing.timed_call("qt: window.repaint() (the rest)", window.repaint)
            else:
                window.repaint()
        total += CLOCK() - start
        if timing:
            timing.recording = False
    close_discarding(window)
    return totals, total, len(values)


def charts_only(moves: int) -> float:
    """Main-thread CPU seconds per move of the cost, capacity and provider charts alone.

    The scenarios of the benchmark's 25 moves are evaluated first; then each move only
    updates the three charts and processes what they posted (dirty items, paint), with
    no axis-settling timer: the same work under valgrind as without, for an instruction
    count of the charts' part (the difference of two move counts).
    """
    import numpy as np

    import core
    from benchmarks.bench_gui import close_discarding, drain
    from gui.app import application, show_main_window

    app = application()
    window = show_main_window(core.default_scenario())
    payloads = []
    for value in np.concatenate([np.linspace(1, 10, 12), np.linspace(10, 1, 13)]):
        window.document.edit({"fleet.scale": float(value)}, "scale")
        payloads.append(window.document.shown)
    charts = [window.cost_chart, window.capacity_chart, window.risk_charts.providers]
    for chart in window.charts():
        chart._settle_timer.setInterval(10**9)  # never during the moves
    drain(app)
    start = CLOCK()
    for move in range(moves):
        for chart in charts:
            chart.update_results(payloads[move % len(payloads)])
        drain(app)
    total = CLOCK() - start
    close_discarding(window)
    return total / moves


def main() -> None:
    """Print each part's mean milliseconds per move, largest first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--full", action="store_true", help="also repaint the whole window")
    parser.add_argument("--wall", action="store_true", help="wall-clock time, not CPU time")
    parser.add_argument("--plain", action="store_true", help="only the moves (for valgrind)")
    parser.add_argument("--charts", action="store_true", help="only the stacked-bar charts")
    args = parser.parse_args()
    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter
    if args.charts:
        per_move = charts_only(args.moves)
        print(f"{args.moves} moves, {per_move * 1e3:.3f} ms per move: the three bar charts")
        return
    totals, total, moves = profile(args.moves, args.full, args.plain)
    clock = "wall-clock" if args.wall else "main-thread CPU"
    print(f"{moves} moves, {total / moves * 1e3:.2f} ms {clock} per move (instrumented)")
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        if seconds / moves >= 5e-6:
            print(f"  {seconds / moves * 1e3:7.3f} ms  {name}")


if __name__ == "__main__":
    main()
