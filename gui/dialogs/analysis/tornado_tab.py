"""Sensitivity: each input moved down and up, bars of the change in present cost and in risk.

Cost is the present cost over the horizon in $B; risk is the risk index in the year on
screen in index points: each chart has its own unit on its axis and in its tooltips.
"""

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from core.analysis.sensitivity import input_value, tornado
from core.units import billions
from gui.document import ScenarioDocument, Shown
from gui.style.theme import HIGHER_INPUT, LOWER_INPUT, Role
from gui.views.charts.base import BAR_WIDTH, Chart

# The least half-width of each axis: a swing under it shows as the small change it is.
LEAST_COST_B = 0.1  # $0.1B of present cost
LEAST_RISK_POINTS = 1.0  # one point of the 0-100 risk index


class TornadoChart(Chart):
    """Horizontal bars per input: the change when it moves down (blue) and up (orange)."""

    def __init__(self, name: str, title: str, axis: str, parent: QWidget) -> None:
        super().__init__(name, title, "", parent, grid=(True, False))
        self.set_axis_title("bottom", axis)
        self.plot_item.invertY(True)
        self.low = pg.BarGraphItem(
            x0=[0], y=[0], width=[0], height=BAR_WIDTH, brush=LOWER_INPUT, name="input -"
        )
        self.high = pg.BarGraphItem(
            x0=[0], y=[0], width=[0], height=BAR_WIDTH, brush=HIGHER_INPUT, name="input +"
        )
        for item in (self.low, self.high):
            self.plot_item.addItem(item)
        self.plot_item.addItem(self.styled(pg.InfiniteLine(pos=0, angle=90), Role.INK, 1))
        self.plot_item.getAxis("left").setWidth(150)

    def show_swings(
        self,
        labels: list[str],
        low: np.ndarray,
        high: np.ndarray,
        unit: str,
        least: float,
        used: np.ndarray,
    ) -> None:
        """Bars from 0 to each change; labels largest first.

        `used` (n, 2) holds the values moved to, which the tooltip names in each input's unit
        as `scaledeck tornado` does ($40k per GPU; a move stops at an input's range: PUE at 1).

        The axis spans at least +/-`least`: a swing of 0.06 risk points must not fill the
        chart as if it were 6 (it did: the axis followed the largest swing however small).
        """
        rows = np.arange(len(labels), dtype=float)
        self.low.setOpts(x0=np.minimum(low, 0), y=rows, width=np.abs(low), height=BAR_WIDTH)
        self.high.setOpts(x0=np.minimum(high, 0), y=rows, width=np.abs(high), height=BAR_WIDTH)
        self.plot_item.getAxis("left").setTicks([[(i, label) for i, label in enumerate(labels)]])
        self.plot_item.setYRange(-0.6, len(labels) - 0.4, padding=0)
        extent = max(float(max(np.abs(low).max(), np.abs(high).max())) * 1.1, least)
        self.plot_item.setXRange(-extent, extent, padding=0)

        def describe(_x: float, y: float) -> str | None:
            i = round(y)
            if not 0 <= i < len(labels) or abs(y - i) > 0.5:
                return None
            lower, higher = (input_value(labels[i], v) for v in used[i])
            return (
                f"{labels[i]}: {low[i]:+,.2f} {unit} when lower (at {lower}), "
                f"{high[i]:+,.2f} {unit} when higher (at {higher})"
            )

        self.describe = describe


class TornadoTab(QWidget):
    """Follows the scenario and the selected year while it is on screen."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tornadoTab")
        self._shown = document.shown
        self.move_spin = QSpinBox(self)
        self.move_spin.setObjectName("tornadoMoveSpin")
        self.move_spin.setAccessibleName("Move of each input")
        self.move_spin.setRange(5, 50)
        self.move_spin.setValue(20)
        self.move_spin.setSuffix(" %")
        self.move_spin.setToolTip(
            "How far each input moves down and up (clamped to its valid range)."
        )
        self.caption = QLabel(self)
        self.caption.setObjectName("tornadoCaption")
        self.caption.setWordWrap(True)  # one long line set the window's least width (1,277 px)
        self.cost = TornadoChart(
            "tornadoCostChart", "CHANGE IN PRESENT COST", "$B over the horizon", self
        )
        self.risk = TornadoChart("tornadoRiskChart", "CHANGE IN RISK INDEX", "index points", self)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Move each input by", self))
        controls.addWidget(self.move_spin)
        controls.addWidget(self.caption, 1)
        charts = QHBoxLayout()
        charts.addWidget(self.cost)
        charts.addWidget(self.risk)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(charts, 1)
        self.move_spin.valueChanged.connect(lambda _v: self.refresh())
        # Bound methods, not lambdas: Qt disconnects them when this tab is deleted.
        document.resultsChanged.connect(self._show)
        document.yearChanged.connect(self._show)
        self.table = pd.DataFrame()
        self._stale = True
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with edits made while hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _show(self, shown: Shown) -> None:
        self._shown = shown
        self.refresh()

    def refresh(self) -> None:
        """Recompute (one batch of the kernel, a few ms) for the scenario and year on screen."""
        self._stale = not self.isVisible()
        if self._stale and not self.table.empty:
            return  # hidden: no work on the slider's path; showEvent catches up
        year = self._shown.year
        self.table = tornado(self._shown.scenario, year, self.move_spin.value() / 100)
        labels = list(self.table["label"])
        used = self.table[["low_value", "high_value"]].to_numpy()
        years = self._shown.scenario.horizon.years
        span = f"{years[0]}-{years[-1]}"
        self.cost.set_title(f"CHANGE IN PRESENT COST, {span}")
        self.cost.show_swings(
            labels,
            billions(self.table["pv_cost_low_usd"].to_numpy()),
            billions(self.table["pv_cost_high_usd"].to_numpy()),
            f"$B of present cost over {span}",
            LEAST_COST_B,
            used,
        )
        self.risk.set_title(f"CHANGE IN RISK INDEX, {year}")
        self.risk.show_swings(
            labels,
            self.table["risk_low"].to_numpy(),
            self.table["risk_high"].to_numpy(),
            f"index points in {year}",
            LEAST_RISK_POINTS,
            used,
        )
        self.caption.setText(
            f"{self._shown.scenario.name}: blue = input {self.move_spin.value()}% lower, "
            f"orange = {self.move_spin.value()}% higher; present cost over {span} ($B), "
            f"risk index in {year} (points); sorted by the present-cost swing."
        )
