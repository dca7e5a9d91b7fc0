"""Recommended routing: the plan with the fleet kept, its frontier, the scenario, Apply.

One optimizer (docs/model.md#F-plan): each point is `core.plan.frontier.plan_frontier`
with the build locked to the scenario's own fleet, routing per year under present cost +
λ x dependency; only the points no other beats on both evaluated axes are shown.

The points answer the scenario as it was at Find. Apply writes only the routing per year
onto the scenario on screen, and only while that scenario is the one Find solved (bar its
name and the routing Apply writes): a later edit on the dashboard (scale, prices, ...)
marks the points stale, since applying them would either undo that edit or route a fleet
they were not found for.
"""

import threading

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import FunctionWorker, create_worker

import core
from core.plan.frontier import Frontier, efficient, plan_frontier
from core.plan.lp import Limits
from core.plan.solve import Plan
from core.units import billions, percent_points
from gui.dialogs.stale import same_scenario
from gui.dialogs.workers import outlive_window
from gui.document import ScenarioDocument
from gui.style.theme import FRONTIER, LIGHT, PICKED, Role
from gui.views.charts.base import Chart
from gui.views.charts.empty import EmptyNote
from gui.views.tables.fitted import fit_columns
from gui.views.tables.frame_model import FrameModel
from gui.views.tables.keyboard import keyboard_table

POINTS = 20
APPLY_TIP = (
    "Make the previewed routing of every year the scenario's (one undo step); "
    "the fleet stays as it is."
)
NO_FIND = "Press Find recommended routings to draw the frontier"
NONE_FOUND = "No routing found: the message above says why"
STALE_TIP = "The scenario changed since Find: press Find for the scenario on screen."
STALE_TEXT = (
    "The scenario changed since Find: these routings (and the star) are for the scenario as "
    "it was then, so Apply is off. Press Find for the scenario on screen."
)


class FrontierChart(Chart):
    """Cost against external share: the frontier's points (clickable) and the scenario.

    Each point is ringed in the theme's ink: #0072B2 alone reads at about 3.2:1 on the
    dark background. The previewed point is drawn larger and behind the points, a ring
    around its own dot: drawn over it, it hid that dot.
    """

    def __init__(
        self,
        parent: QWidget,
        name: str = "frontierChart",
        title: str = "COST-RISK FRONTIER",
        left: str = "present cost, $B",
        noun: str = "Recommended routing",
        waiting: str | None = None,
    ) -> None:
        super().__init__(name, title, left, parent)
        self.noun = noun  # what a point is, in the legend and the hover text
        self.set_axis_title("bottom", "external token share, % (the risk proxy)")
        self.line = self.styled(self.plot_item.plot([], []), FRONTIER, 2)
        self.points = self.styled(
            pg.ScatterPlotItem(size=11, brush=FRONTIER, name=f"{noun}s"), Role.INK, 1.5
        )
        self.points.setObjectName("frontierPoints")
        self.picked = self.styled(
            pg.ScatterPlotItem(size=18, brush=PICKED, name="Previewed"), Role.INK, 1
        )
        self.picked.setZValue(self.points.zValue() - 1)
        self.current = pg.ScatterPlotItem(  # the red of warnings, readable on both themes
            size=18, symbol="star", brush=LIGHT.warning, pen=None, name="Current scenario"
        )
        for item in (self.points, self.picked, self.current):
            self.plot_item.addItem(item)
        self.plot_item.enableAutoRange()
        # Before any point, a line saying how to get them (None: the owner says it elsewhere).
        self.note = None if waiting is None else EmptyNote(self, waiting)

    def show_frontier(self, x: np.ndarray, y: np.ndarray, current: tuple[float, float]) -> None:
        """The frontier and the scenario as set, in % and $B."""
        if self.note is not None:
            self.note.withdraw()
        self.line.setData(x, y)
        self.points.setData(x=x, y=y, data=list(range(len(x))))
        self.current.setData(x=[current[0]], y=[current[1]])

        def describe(px: float, py: float) -> str | None:
            if abs(px - current[0]) < 0.6 and abs(py - current[1]) < 0.03 * max(
                y.max(), current[1]
            ):
                return f"Current scenario: {current[0]:.1f}% external, ${current[1]:,.2f}B"
            i = int(
                np.argmin(
                    np.hypot((x - px) / max(np.ptp(x), 1e-9), (y - py) / max(np.ptp(y), 1e-9))
                )
            )
            where = f"{x[i]:.1f}% external, ${y[i]:,.2f}B"
            return f"{self.noun} {i + 1}: {where}; click to preview"

        self.describe = describe

    def show_none(self, why: str | None = None) -> None:
        """No point, no star, no hover: nothing found to preview or apply; the note says `why`.

        Not `clear`: PlotWidget forwards that name to its PlotItem, which would take the
        chart's items away for good.
        """
        if self.note is not None and why is not None:
            self.note.say(why)
        self.line.setData([], [])
        for item in (self.points, self.picked, self.current):
            item.setData(x=[], y=[])
        self.describe = lambda _x, _y: None


class FrontierTab(QWidget):
    """Solve in a worker, preview a point's routing in a year, apply it (undoable)."""

    progressed = Signal(float)  # emitted from the worker thread, shown on the GUI thread

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frontierTab")
        self._doc = document
        self.worker: FunctionWorker[Frontier] | None = None
        self._cancel = threading.Event()
        self.found: list[Plan] = []
        self.selected: int | None = None
        self._scenario = document.scenario  # the one the points were solved for
        self._solving = document.scenario  # the one the running Find solves
        self._said = ""  # what the last Find found, said again once no longer stale
        self.years = QComboBox(self)
        self.years.setObjectName("frontierYear")
        self.years.setAccessibleName("Year previewed")
        self.cap = QSpinBox(self)
        self.cap.setObjectName("providerCapSpin")
        self.cap.setAccessibleName("Partner provider cap")
        self.cap.setRange(0, 100)
        self.cap.setSuffix(" %")
        self.cap.setSpecialValueText("no cap")
        self.cap.setToolTip("Most share of a year's spend any one outside provider may take.")
        self.run_button = QPushButton("Find recommended routings", self)
        self.run_button.setObjectName("runFrontierButton")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("frontierProgress")
        self.message = QLabel(self)
        self.message.setObjectName("frontierMessage")
        self.message.setWordWrap(True)
        controls = QHBoxLayout()
        for widget in (
            QLabel("Partner cap", self),
            self.cap,
            self.run_button,
            QLabel("Routing in", self),
            self.years,
        ):
            controls.addWidget(widget)
        controls.addWidget(self.progress, 1)
        body = QHBoxLayout()
        self.chart = FrontierChart(self, waiting=NO_FIND)
        # Halves: at 1280x720 a 3:2 split scrolled the routing's fourth model out of view.
        body.addWidget(self.chart, 1)
        body.addLayout(self._preview(), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self._connect(document)
        self._fill_years()
        self.message.setText(
            "The plan with the fleet as it is: routing per year at the least present cost, "
            "then less dependency for more cost, under the quality floors and latency "
            "promises. Press Find."
        )

    def _connect(self, document: ScenarioDocument) -> None:
        """Buttons, year box and points to their work; the document's edits to `_follow`."""
        self.progressed.connect(lambda f: self.progress.setValue(round(percent_points(f))))
        self.run_button.clicked.connect(self.run)
        self.apply_button.clicked.connect(self.apply)
        self.years.currentIndexChanged.connect(lambda _i: self._show_routing())
        self.chart.points.sigClicked.connect(
            lambda _item, spots, _event=None: self.select(spots[0].data())
        )
        # A bound method, not a lambda: Qt disconnects it when this tab is deleted.
        document.scenarioChanged.connect(self._follow)

    def _preview(self) -> QVBoxLayout:
        """The right side: the previewed routing, its binding constraints, Apply."""
        self.table = QTableView(self)
        self.table.setObjectName("recommendedTable")
        keyboard_table(self.table, "Previewed routing: share of each product's tokens by model")
        self.model = FrameModel()
        self.table.setModel(self.model)
        fit_columns(self.table)
        self.binding = QListWidget(self)
        self.binding.setObjectName("bindingList")
        keyboard_table(self.binding, "Constraints at their limit")
        self.binding.setWordWrap(True)  # a sentence per constraint, never cut at "(202"
        self.apply_button = QPushButton("Apply this routing", self)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(APPLY_TIP)
        right = QVBoxLayout()
        right.addWidget(QLabel("Previewed routing (% of each product's tokens):", self))
        right.addWidget(self.table, 2)
        right.addWidget(QLabel("Constraints at their limit:", self))
        right.addWidget(self.binding, 1)
        right.addWidget(self.apply_button)
        return right

    def run(self) -> None:
        """Solve the frontier in a worker thread."""
        if self.worker is not None:
            return
        cap = self.cap.value() / 100 or None
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self._solving = scenario = self._doc.scenario
        self._cancel = cancel = threading.Event()

        def progress(fraction: float) -> bool:
            if cancel.is_set():  # the window may be closed (deleted): tell it nothing
                return False
            self.progressed.emit(fraction)
            return True

        self.worker = create_worker(
            plan_frontier,
            scenario,
            POINTS,
            Limits(max_provider_share=cap),
            progress,
            keep_fleet=True,
            _connect={
                "returned": self._show,
                "errored": self._on_error,
                "finished": self._on_finished,
            },
        )
        outlive_window(self.worker)

    def cancel(self) -> None:
        """Stop a run at its next point."""
        self._cancel.set()

    def select(self, index: int) -> None:
        """Preview point `index`: its routing in the year chosen and its binding constraints."""
        self.selected = index
        plan = self.found[index]
        self._show_routing()
        self.binding.clear()
        self.binding.addItems(list(plan.binding) or ["none"])
        self.chart.picked.setData(
            x=[percent_points(plan.external_share)], y=[billions(plan.pv_cost_usd)]
        )
        self._mark()

    @property
    def stale(self) -> bool:
        """Whether the scenario on screen is no longer the one the points were found for.

        Its name and the routing per year (what Apply writes) do not count: after Apply,
        or a rename, the same points are still the choices for the same fleet and prices.
        """
        return bool(self.found) and not same_scenario(
            self._scenario, self._doc.scenario, "routing_by_year"
        )

    def _follow(self, _scenario: core.Scenario) -> None:
        """A dashboard edit: the points may have gone stale (or fresh again, after Undo)."""
        if self.found:
            self._mark()

    def _mark(self) -> None:
        """Apply only for a point previewed on the scenario it was found for; say which."""
        stale = self.stale
        self.apply_button.setEnabled(self.selected is not None and not stale)
        self.apply_button.setToolTip(STALE_TIP if stale else APPLY_TIP)
        self.message.setText(STALE_TEXT if stale else self._said)

    def _show_routing(self) -> None:
        if self.selected is None:
            return
        routing = self.found[self.selected].routing[self.years.currentData()]
        rows = {p: {m: f"{s:.0%}" for m, s in shares.items()} for p, shares in routing.items()}
        self.model.set_frame(pd.DataFrame.from_dict(rows, orient="index").fillna(""))

    def apply(self) -> None:
        """Make the previewed routing per year the scenario's, as one undo step.

        Onto the scenario on screen, never the one Find saw: an edit made since (a name,
        say) is kept, and a stale point is not applied at all (`stale`).
        """
        if self.selected is None or self.stale:
            return
        rows = self.found[self.selected].scenario.routing_by_year
        changed = self._doc.scenario.model_copy(update={"routing_by_year": rows})
        self._doc.replace(changed, "Apply recommended routing")

    def _show(self, frontier: Frontier) -> None:
        kept = efficient(frontier)
        self._scenario = self._solving
        self.found = [frontier.plans[i] for i in kept]
        x = percent_points(np.array([p.external_share for p in self.found]))
        y = np.array([billions(p.pv_cost_usd) for p in self.found])
        now = self.found[0]
        current = (percent_points(now.current_external_share), billions(now.current_pv_cost_usd))
        self.chart.show_frontier(x, y, current)
        self.select(len(self.found) - 1)
        # Beaten plans are dropped by `plan_frontier`; a flat frontier repeats its one plan.
        dropped = frontier.dropped + len(frontier.plans) - len(kept)
        solved = len(frontier.plans) + frontier.dropped
        said = (
            f"{len(self.found)} routings {share_span(x[0], x[-1])} external"
            if len(self.found) > 1
            else f"One routing: the cheapest is also the least dependent ({x[0]:.0f}% external)"
        )
        why = (
            f"; {dropped} of {solved} points are not shown: repeats, or less "
            "partner traffic bought with cloud burst (no less outside, at more cost)"
            if dropped
            else ""
        )
        self._said = f"{said}{why}. The star is the scenario as set; click a point to preview it."
        self._mark()

    def _on_error(self, error: Exception) -> None:
        """Say why, and clear the last Find's points: they answered other inputs."""
        self.found, self.selected, self._said = [], None, ""
        self.chart.show_none(NONE_FOUND)
        self.model.set_frame(pd.DataFrame())
        self.binding.clear()
        self.apply_button.setEnabled(False)
        problems = error.problems if isinstance(error, core.ScenarioError) else [error]
        self.message.setText("No routing found: " + "; ".join(str(p) for p in problems))

    def _on_finished(self) -> None:
        self.worker = None
        self.run_button.setEnabled(True)

    def _fill_years(self) -> None:
        for year in self._doc.scenario.horizon.years:
            self.years.addItem(str(year), year)
        self.years.setCurrentText(str(self._doc.year))


def share_span(low_pct: float, high_pct: float) -> str:
    """A range of shares, "from 74.5% to 74.7%", in the fewest decimals (up to 2) that part it.

    With none they read as one share, said once ("at 74.62%"): "from 75% to 75%" read as
    a range that is not there.
    """
    for decimals in range(3):
        low, high = f"{low_pct:.{decimals}f}", f"{high_pct:.{decimals}f}"
        if low != high:
            return f"from {low}% to {high}%"
    return f"at {high}%"
