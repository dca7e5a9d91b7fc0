"""Sensitivity: each input moved down and up, bars of the change in present cost and in risk.

Cost is the present cost over the horizon in $B; risk is the risk index in the year on
screen in index points: each chart has its own unit on its axis and in its tooltips.
"""

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from core.analysis.sensitivity import LEVERS, input_value, tornado
from core.units import billions, signed
from gui.document import ScenarioDocument, Shown
from gui.style.appearance import appearance
from gui.style.theme import HIGHER_INPUT, LOWER_INPUT, Role
from gui.views.charts.base import BAR_WIDTH, Chart

# The least half-width of each axis: a swing under it shows as the small change it is.
LEAST_COST_B = 0.1  # $0.1B of present cost
LEAST_RISK_POINTS = 1.0  # one point of the 0-100 risk index
LABEL_PAD_PX = 20  # the left axis's room beyond its longest input name: ticks and margin
ENDS = ("least", "most")  # the end of its range an input is held at, lower and higher


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
        self.labels: list[str] = []
        self.notes: list[pg.TextItem] = []  # "held at its least" where a side has no bar

    def apply_look(self) -> None:
        """As every chart, the held notes in the theme's muted ink, the names' room rescaled."""
        super().apply_look()
        for note in getattr(self, "notes", []):
            note.setColor(appearance().theme.muted)
        if hasattr(self, "labels"):
            self._fit_labels()

    def _fit_labels(self) -> None:
        """The left axis as wide as its longest input name at the scale's font.

        A fixed 150 px dropped the longer names in presentation mode ("Demand growth").
        """
        font = QFont()
        font.setPointSize(appearance().pt(10))  # the tick font (`Chart.apply_look`)
        widest = max(map(QFontMetrics(font).horizontalAdvance, self.labels), default=0)
        self.plot_item.getAxis("left").setWidth(widest + round(LABEL_PAD_PX * appearance().scale))

    def show_swings(
        self,
        labels: list[str],
        low: np.ndarray,
        high: np.ndarray,
        unit: str,
        least: float,
        used: np.ndarray,
        held: np.ndarray,
    ) -> None:
        """Bars from 0 to each change; labels largest first.

        `used` (n, 2) holds the values moved to, which the tooltip names in each input's unit
        as `scaledeck tornado` does ($40k per GPU; a move stops at an input's range: PUE at 1).
        `held` (n, 2) marks each side an input could not move at all (`held_sides`): it has
        no bar, and the bar's place and the tooltip say why.

        The axis spans at least +/-`least`: a swing of 0.06 risk points must not fill the
        chart as if it were 6 (it did: the axis followed the largest swing however small).
        """
        rows = np.arange(len(labels), dtype=float)
        self.low.setOpts(x0=np.minimum(low, 0), y=rows, width=np.abs(low), height=BAR_WIDTH)
        self.high.setOpts(x0=np.minimum(high, 0), y=rows, width=np.abs(high), height=BAR_WIDTH)
        self.plot_item.getAxis("left").setTicks([[(i, label) for i, label in enumerate(labels)]])
        self.labels = labels
        self._fit_labels()
        self.plot_item.setYRange(-0.6, len(labels) - 0.4, padding=0)
        extent = max(float(max(np.abs(low).max(), np.abs(high).max())) * 1.1, least)
        self.plot_item.setXRange(-extent, extent, padding=0)
        self._note_held(held, low, high)

        def describe(_x: float, y: float) -> str | None:
            i = round(y)
            if not 0 <= i < len(labels) or abs(y - i) > 0.5:
                return None
            sides = []
            for side, change, way in ((0, low[i], "lower"), (1, high[i], "higher")):
                at = input_value(labels[i], used[i, side])
                sides.append(
                    f"no bar when {way} (held at {at}, its {ENDS[side]})"
                    if held[i, side]
                    else f"{signed(change, '+,.2f')} {unit} when {way} (at {at})"
                )
            return f"{labels[i]}: {', '.join(sides)}"

        self.describe = describe

    def _note_held(self, held: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        """A "held at its least" (or most) note beside zero, on each side without a bar.

        Cluster scale at x1 cannot go lower: its row had an orange bar alone, unexplained.
        A note lies away from its row's other bar: lower to the left, unless that bar does.
        """
        spots = list(zip(*np.nonzero(held), strict=True))
        while len(self.notes) < len(spots):
            note = pg.TextItem(color=appearance().theme.muted)
            self.plot_item.addItem(note, ignoreBounds=True)
            self.notes.append(note)
        for i, note in enumerate(self.notes):
            note.setVisible(i < len(spots))
            if i < len(spots):
                row, side = spots[i]
                note.setText(f"held at its {ENDS[side]}")
                left = high[row] >= 0 if side == 0 else low[row] > 0
                note.setAnchor((1, 0.5) if left else (0, 0.5))
                note.setPos(0.0, float(row))


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
        held = held_sides(self.table, self.move_spin.value() / 100)
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
            held,
        )
        self.risk.set_title(f"CHANGE IN RISK INDEX, {year}")
        self.risk.show_swings(
            labels,
            self.table["risk_low"].to_numpy(),
            self.table["risk_high"].to_numpy(),
            f"index points in {year}",
            LEAST_RISK_POINTS,
            used,
            held,
        )
        self.caption.setText(
            f"{self._shown.scenario.name}: blue = input {self.move_spin.value()}% lower, "
            f"orange = {self.move_spin.value()}% higher; present cost over {span} ($B), "
            f"risk index in {year} (points); sorted by the present-cost swing."
        )


def held_sides(table: pd.DataFrame, move: float) -> np.ndarray:
    """(inputs, 2): whether each input could not move down / up at all (no bar that side).

    It was at its range's end already (Cluster scale at x1, its least). Read from the values
    used: held at its least, it moved up to that least x (1 + `move`); at its most, down to
    that most x (1 - `move`). One that moved to its end is not held: its bar is short, or
    missing because the move changed nothing (Fleet availability 92% to 100% at scale x2).
    """
    ends = {lever.label: (lever.low, lever.high) for lever in LEVERS}
    least, most = np.array([ends[label] for label in table["label"]], dtype=float).reshape(-1, 2).T
    lower, higher = table[["low_value", "high_value"]].to_numpy(dtype=float).T
    return np.column_stack(
        [
            np.isclose(lower, least) & np.isclose(higher, np.minimum(least * (1 + move), most)),
            np.isclose(higher, most) & np.isclose(lower, np.maximum(most * (1 - move), least)),
        ]
    )
