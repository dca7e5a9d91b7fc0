"""Recommended routing: the cost-risk frontier, the current scenario against it, Apply."""

import numpy as np
import pandas as pd
import pyqtgraph as pg
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
from superqt.utils import GeneratorWorker, create_worker

import core
from core.analysis.optimize import Recommendation, iter_frontier
from core.units import billions, percent_points
from gui.document import ScenarioDocument
from gui.style.theme import FRONTIER, LIGHT, PICKED, Role
from gui.views.charts.base import Chart
from gui.views.tables.fitted import fit_columns
from gui.views.tables.frame_model import FrameModel

POINTS = 20


class FrontierChart(Chart):
    """Cost against external share: the frontier's points (clickable) and the scenario."""

    def __init__(
        self,
        parent: QWidget,
        name: str = "frontierChart",
        title: str = "COST-RISK FRONTIER",
        left: str = "total cost, $B over the years",
        noun: str = "Recommended routing",
    ) -> None:
        super().__init__(name, title, left, parent)
        self.noun = noun  # what a point is, in the legend and the hover text
        self.set_axis_title("bottom", "external token share, % (the risk proxy)")
        self.line = self.styled(self.plot_item.plot([], []), FRONTIER, 2)
        self.points = pg.ScatterPlotItem(size=11, brush=FRONTIER, pen=None, name=f"{noun}s")
        self.points.setObjectName("frontierPoints")
        self.picked = self.styled(
            pg.ScatterPlotItem(size=18, brush=PICKED, name="Previewed"), Role.INK, 1
        )
        self.current = pg.ScatterPlotItem(  # the red of warnings, readable on both themes
            size=18, symbol="star", brush=LIGHT.warning, pen=None, name="Current scenario"
        )
        for item in (self.points, self.picked, self.current):
            self.plot_item.addItem(item)
        self.plot_item.enableAutoRange()

    def show_frontier(self, x: np.ndarray, y: np.ndarray, current: tuple[float, float]) -> None:
        """The frontier and the scenario as set, in % and $B."""
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


class FrontierTab(QWidget):
    """Compute the frontier in a worker, preview a point's routing, apply it (undoable)."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frontierTab")
        self._doc = document
        self.worker: GeneratorWorker[float, None, list[Recommendation]] | None = None
        self.found: list[Recommendation] = []
        self.selected: int | None = None
        self.years = QComboBox(self)
        self.years.setObjectName("frontierYear")
        self.years.setAccessibleName("Years optimized")
        self.cap = QSpinBox(self)
        self.cap.setObjectName("providerCapSpin")
        self.cap.setAccessibleName("Partner provider cap")
        self.cap.setRange(0, 100)
        self.cap.setSuffix(" %")
        self.cap.setSpecialValueText("no cap")
        self.cap.setToolTip("Most share of a year's total spend any one partner provider may take.")
        self.run_button = QPushButton("Find recommended routings", self)
        self.run_button.setObjectName("runFrontierButton")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("frontierProgress")
        self.message = QLabel(self)
        self.message.setObjectName("frontierMessage")
        self.message.setWordWrap(True)
        controls = QHBoxLayout()
        for widget in (
            QLabel("Optimize", self),
            self.years,
            QLabel("Partner cap", self),
            self.cap,
            self.run_button,
        ):
            controls.addWidget(widget)
        controls.addWidget(self.progress, 1)
        body = QHBoxLayout()
        self.chart = FrontierChart(self)
        body.addWidget(self.chart, 3)
        body.addLayout(self._preview(), 2)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self.run_button.clicked.connect(self.run)
        self.apply_button.clicked.connect(self.apply)
        self.chart.points.sigClicked.connect(
            lambda _item, spots, _event=None: self.select(spots[0].data())
        )
        self._fill_years()
        self.message.setText(
            "Cost-minimal routings under the quality floors and in-house capacity, from the "
            "safest to the cheapest. Press Find."
        )

    def _preview(self) -> QVBoxLayout:
        """The right side: the previewed routing, its binding constraints, Apply."""
        self.table = QTableView(self)
        self.table.setObjectName("recommendedTable")
        self.model = FrameModel()
        self.table.setModel(self.model)
        fit_columns(self.table)
        self.binding = QListWidget(self)
        self.binding.setObjectName("bindingList")
        self.apply_button = QPushButton("Apply this routing", self)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(
            "Make the previewed routing the scenario's (one undo step); in-house shift goes to 0."
        )
        right = QVBoxLayout()
        right.addWidget(QLabel("Previewed routing (% of each product's tokens):", self))
        right.addWidget(self.table, 2)
        right.addWidget(QLabel("Constraints at their limit:", self))
        right.addWidget(self.binding, 1)
        right.addWidget(self.apply_button)
        return right

    def run(self) -> None:
        """Compute the frontier in a worker thread."""
        if self.worker is not None:
            return
        year = self.years.currentData()
        cap = self.cap.value() / 100 or None
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        scenario = self._doc.scenario
        self.worker = create_worker(
            iter_frontier,
            scenario,
            POINTS,
            year,
            cap,
            _connect={
                "yielded": lambda f: self.progress.setValue(round(percent_points(f))),
                "returned": lambda found: self._show(found, scenario, year),
                "errored": self._on_error,
                "finished": self._on_finished,
            },
        )

    def select(self, index: int) -> None:
        """Preview point `index`: its routing and binding constraints."""
        self.selected = index
        best = self.found[index]
        rows = {p: {m: f"{s:.0%}" for m, s in shares.items()} for p, shares in best.routing.items()}
        self.model.set_frame(pd.DataFrame.from_dict(rows, orient="index").fillna(""))
        self.binding.clear()
        self.binding.addItems(best.binding or ["none"])
        self.chart.picked.setData(
            x=[percent_points(best.external_share)], y=[billions(best.total_cost_usd)]
        )
        self.apply_button.setEnabled(True)

    def apply(self) -> None:
        """Make the previewed routing the scenario's, as one undo step."""
        if self.selected is None:
            return
        best = self.found[self.selected]
        self._doc.replace(
            best.scenario.model_copy(update={"name": self._doc.current}),
            "Apply recommended routing",
        )

    def _show(self, found: list[Recommendation], scenario: core.Scenario, year: int | None) -> None:
        self.found = found
        x = percent_points(np.array([r.external_share for r in found]))
        y = np.array([billions(r.total_cost_usd) for r in found])
        results = core.evaluate(scenario)
        index = [results.years.index(year)] if year else list(range(len(results.years)))
        current = (
            percent_points(float(results.yearly.external_token_share[index].mean())),
            billions(float(results.yearly.total_cost_usd[index].sum())),
        )
        self.chart.show_frontier(x, y, current)
        self.select(len(found) - 1)
        self.message.setText(
            f"{len(found)} routings from {x[0]:.0f}% to {x[-1]:.0f}% external; the star is the "
            "scenario as set. Click a point to preview it."
        )

    def _on_error(self, error: Exception) -> None:
        problems = error.problems if isinstance(error, core.ScenarioError) else [error]
        self.message.setText("No routing found: " + "; ".join(str(p) for p in problems))

    def _on_finished(self) -> None:
        self.worker = None
        self.run_button.setEnabled(True)

    def _fill_years(self) -> None:
        self.years.addItem("the whole horizon", None)
        for year in self._doc.scenario.horizon.years:
            self.years.addItem(str(year), year)
