"""Monte Carlo: editable ranges, N draws in a worker, P10/P50/P90 fans and present cost.

The present cost's P10/P50/P90 is over the horizon. Each range's numbers sit under
their own names: a triangular range fills Low, Mode and High; a lognormal fills Median
and Sigma; the other cells are empty and locked.

The ranges are the scenario's own values with illustrative widths, so they follow the
scenario on screen: every cell the user has not typed takes the new scenario's default
(capex per GPU follows the generation bought), a typed number stays, and the message
names each typed number whose default moved. A run answers the scenario it ran on, band
and dashed line alike; once the scenario on screen is another, the charts and the present
cost say they are stale until the next Run.
"""

from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import GeneratorWorker, create_worker

import core
from core.analysis.montecarlo import (
    MAX_DRAWS,
    PARAMETERS,
    MonteCarlo,
    Range,
    check_range,
    default_ranges,
    iter_monte_carlo,
)
from core.units import Scale, as_is, billions, percent_points
from gui.dialogs.stale import same_scenario
from gui.dialogs.widgets import named_spin
from gui.dialogs.workers import outlive_window
from gui.document import ScenarioDocument
from gui.style.appearance import appearance
from gui.style.theme import Role
from gui.views.charts.base import Chart
from gui.views.charts.empty import EmptyNote
from gui.views.tables.fitted import fit_columns
from gui.views.tables.keyboard import keyboard_table

BAND_ALPHA = 60  # of 255: the P10-P90 band under its lines
NAMES = ("low", "mode", "high", "median", "sigma")  # every distribution's parameters, in order
COLUMNS = ("Input", "Distribution", *(name.capitalize() for name in NAMES))
COST_TITLE, RISK_TITLE = "TOTAL COST RANGE", "RISK INDEX RANGE"
STALE_TITLE = " · STALE"
NO_RUN = "Press Run to draw the ranges"
# The core takes 1,000,000 draws (a batch run); on screen that was ~1 min and +820 MB here,
# its bar still at 0 after 4 s. 100,000: ~5 s and +130 MB, the bar moving within 0.3 s.
MAX_SHOWN_DRAWS = min(MAX_DRAWS, 100_000)
STALE_TEXT = (
    "The scenario changed since this run: the charts and the present cost are for the "
    "scenario as it was then. Press Run for the scenario on screen."
)


class FanChart(Chart):
    """P10-P90 band, P50 line, and the scenario's own series dashed."""

    def __init__(self, name: str, title: str, unit: str, parent: QWidget) -> None:
        super().__init__(name, title, unit, parent)
        self.p10 = self.styled(pg.PlotDataItem(), Role.FAN, 1)
        self.p90 = self.styled(pg.PlotDataItem(), Role.FAN, 1)
        self.band = pg.FillBetweenItem(self.p10, self.p90)
        for item in (self.p10, self.p90, self.band):
            self.plot_item.addItem(item)
        # The legend draws samples from data items, not from a FillBetweenItem.
        self.band_sample = pg.PlotDataItem([0, 1], [1, 1], pen=None, fillLevel=0)
        self.legend.addItem(self.band_sample, "P10-P90")
        self.p50 = self.curve(Role.FAN, "P50 (median)", width=3)
        self.scenario = self.curve(Role.REFERENCE, "Scenario as set", width=2, dashed=True)
        self._tint_band()
        self.note = EmptyNote(self, NO_RUN)  # until the first run draws a fan

    def apply_look(self) -> None:
        """The theme's look, the band in its fan colour too."""
        super().apply_look()
        if hasattr(self, "band"):  # the base class styles once before the band exists
            self._tint_band()

    def _tint_band(self) -> None:
        band = QColor(appearance().theme.fan)
        band.setAlpha(BAND_ALPHA)
        for item in (self.band, self.band_sample):
            item.setBrush(pg.mkBrush(band))

    def show_fan(self, years: list[int], bands: np.ndarray, own: np.ndarray, scale: Scale) -> None:
        """`bands`: (years, 3) P10, P50, P90."""
        x = np.asarray(years, dtype=float)
        self.p10.setData(x, scale(bands[:, 0]))
        self.p90.setData(x, scale(bands[:, 2]))
        self.p50.setData(x, scale(bands[:, 1]))
        self.scenario.setData(x, scale(own))
        self.set_year_ticks(years)
        self.fit_y(float(scale(max(bands[:, 2].max(), own.max()))) * 1.25)
        self.note.withdraw()


class MonteCarloTab(QWidget):
    """Ranges on the left; Run / Cancel with progress; two fan charts."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monteCarloTab")
        self._doc = document
        self.worker: GeneratorWorker[float, None, MonteCarlo] | None = None
        self.result: MonteCarlo | None = None
        self._ran_on: core.Scenario | None = None  # the scenario `result` answers
        self._was_stale = False
        self._done_text = self._cost_text = ""  # what the last run said, fresh
        self.ranges_table = QTableWidget(0, len(COLUMNS), self)
        self.ranges_table.setObjectName("rangesTable")
        keyboard_table(self.ranges_table, "Ranges drawn, editable: each input's distribution")
        ranges_header = fit_columns(self.ranges_table)
        self.ranges_table.setHorizontalHeaderLabels(list(COLUMNS))
        self.ranges_table.verticalHeader().setVisible(False)
        self.ranges_table.setToolTip(
            "Edit each range's numbers: low, mode and high of a triangular range, median "
            "and sigma (of the log) of a lognormal; widths are illustrative."
        )
        self._ranges = default_ranges(document.scenario)
        self._fill_ranges()
        self.ranges_table.setMinimumWidth(ranges_header.natural_width())  # every parameter
        # As tall as its rows, no blank below them: the room goes to the fans.
        self.ranges_table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.ranges_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.draws = named_spin(self, "drawsSpin", "Draws", 100, MAX_SHOWN_DRAWS, 10_000)
        self.seed = named_spin(self, "seedSpin", "Seed", 0, 2**31 - 1, 0)
        self.reset_button = QPushButton("Scenario's ranges", self)
        self.reset_button.setObjectName("resetRangesButton")
        self.reset_button.setToolTip(
            "Put the scenario's own ranges back in every cell (drops the numbers you typed)."
        )
        self.run_button = QPushButton("Run", self)
        self.run_button.setObjectName("runMonteCarloButton")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelMonteCarloButton")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("monteCarloProgress")
        self.message = QLabel("Set the ranges and press Run.", self)
        self.message.setObjectName("monteCarloMessage")
        self.message.setWordWrap(True)
        self.present_cost = QLabel(self)
        self.present_cost.setObjectName("presentCostLabel")
        self.present_cost.setWordWrap(True)
        self.present_cost.hide()  # until a run: its empty line took room from the fans
        self.cost = FanChart("costFanChart", COST_TITLE, "$B / year", self)
        self.risk = FanChart("riskFanChart", RISK_TITLE, "0-100", self)
        self._lay_out()
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.reset_button.clicked.connect(self.reset_ranges)
        # A bound method, not a lambda: Qt disconnects it when this tab is deleted.
        document.scenarioChanged.connect(self._follow)

    def _lay_out(self) -> None:
        """The ranges beside Draws / Seed / Run / Cancel; the words; the two fans below, wide.

        On a 1280x720 projector (x1.45) the ranges' whole columns take 847 px: the fans
        beside them were squeezed to ~140 px ("TOTAL COST RAN…") and held the window
        1,303 px wide, off the screen.
        """
        controls = QGridLayout()
        for row, (label, spin) in enumerate((("Draws", self.draws), ("Seed", self.seed))):
            controls.addWidget(QLabel(label, self), row, 0)
            controls.addWidget(spin, row, 1)
        controls.addWidget(self.run_button, 2, 0)
        controls.addWidget(self.cancel_button, 2, 1)
        controls.addWidget(self.reset_button, 3, 0, 1, 2)
        controls.addWidget(self.progress, 4, 0, 1, 2)
        controls.setRowStretch(5, 1)
        top = QHBoxLayout()
        top.addWidget(self.ranges_table, 1)
        top.addLayout(controls)
        fans = QHBoxLayout()
        fans.addWidget(self.cost)
        fans.addWidget(self.risk)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.present_cost)
        layout.addLayout(fans, 1)

    @property
    def stale(self) -> bool:
        """Whether the last run answered another scenario than the one on screen (bar its name)."""
        return self._ran_on is not None and not same_scenario(self._ran_on, self._doc.scenario)

    def reset_ranges(self) -> None:
        """The scenario's own ranges in every cell, the numbers typed dropped."""
        self._ranges = default_ranges(self._doc.scenario)
        self._fill_ranges()
        self.message.setText("The ranges are the scenario's own again.")

    def ranges(self) -> list[Range]:
        """The ranges as edited (ScenarioError naming the cell that is not a number)."""
        edited = []
        for i, r in enumerate(self._ranges):
            numbers = {"low": r.low, "mode": r.mode, "high": r.high}  # the unused stay as they are
            for name, field in PARAMETERS[r.kind]:
                item = self.ranges_table.item(i, 2 + NAMES.index(name))
                text = item.text() if item is not None else ""
                try:
                    numbers[field] = r.typed(float(text), name)
                except ValueError:
                    raise core.ScenarioError(
                        [core.Problem(r.title, f"{name} {text!r} is not a number")]
                    ) from None
            low, mode, high = (numbers[field] for field in ("low", "mode", "high"))
            edited.append(replace(r, low=low, mode=mode, high=high))
        return edited

    def run(self) -> None:
        """Start the draws in a worker thread; the window stays responsive."""
        if self.worker is not None:
            return
        try:
            ranges = self.ranges()
            for r in ranges:
                check_range(r)  # problems are said here, before any thread starts
        except core.ScenarioError as error:
            self.message.setText("Not run: " + "; ".join(str(p) for p in error.problems))
            return
        self.progress.setValue(0)
        self.message.setText(f"Running {self.draws.value():,} draws…")
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        scenario = self._doc.scenario
        self.worker = create_worker(
            iter_monte_carlo,
            scenario,
            self.draws.value(),
            self.seed.value(),
            ranges,
            _connect={
                "yielded": self._on_progress,
                "returned": lambda r: self._on_done(r, scenario),
                "errored": self._on_error,
                "aborted": self._on_aborted,
                "finished": self._on_finished,
            },
        )
        outlive_window(self.worker)

    def cancel(self) -> None:
        """Stop the worker at its next chunk."""
        if self.worker is not None:
            self.worker.quit()

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(round(percent_points(fraction)))

    def _on_done(self, result: MonteCarlo, scenario: core.Scenario) -> None:
        self.result, self._ran_on = result, scenario
        own = core.evaluate(scenario)
        self.cost.show_fan(
            result.years,
            result.percentiles("total_cost_usd").to_numpy(),
            own.yearly.total_cost_usd,
            billions,
        )
        self.risk.show_fan(
            result.years, result.percentiles("risk_index").to_numpy(), own.yearly.risk_index, as_is
        )
        self._done_text = (
            f"{result.draws:,} draws, seed {result.seed}: the band holds 80% of outcomes."
        )
        self._cost_text = _present_cost_text(result, own.pv_cost_usd)
        self.present_cost.show()
        self.message.setText(STALE_TEXT if self._mark() else self._done_text)

    def _follow(self, scenario: core.Scenario) -> None:
        """A dashboard edit: untyped cells take the scenario's ranges; a run may go stale.

        The message changes only when there is news (the run went stale or fresh again,
        or a typed number's default moved): an error it says survives a slider drag.
        """
        was_stale, stale = self._was_stale, self._mark()
        moved = self._rederive(default_ranges(scenario))
        if stale == was_stale and not moved:
            return
        parts = []
        if self.worker is None and self.result is not None:
            parts.append(STALE_TEXT if stale else self._done_text)
        if moved:
            parts.append(
                f'Kept the numbers you typed: {"; ".join(moved)}. "Scenario\'s ranges" '
                "puts the scenario's own back."
            )
        if parts:
            self.message.setText(" ".join(parts))

    def _mark(self) -> bool:
        """Titles and the present cost say whether the run shown is stale; True if it is."""
        stale = self._was_stale = self.stale
        self.cost.set_title(COST_TITLE + STALE_TITLE * stale)
        self.risk.set_title(RISK_TITLE + STALE_TITLE * stale)
        if self.result is not None:
            self.present_cost.setText(("Stale: " if stale else "") + self._cost_text)
        return stale

    def _rederive(self, new: list[Range]) -> list[str]:
        """Write `new` into every cell not typed; name each typed number whose default moved.

        A cell is typed when its number is not the default it was filled with.
        """
        if [(r.field, r.kind) for r in new] != [(r.field, r.kind) for r in self._ranges]:
            self._ranges = new
            self._fill_ranges()
            return []
        moved = []
        for row, (old, r) in enumerate(zip(self._ranges, new, strict=True)):
            for name, field in PARAMETERS[r.kind]:
                item = self.ranges_table.item(row, 2 + NAMES.index(name))
                was, now = _cell_text(old, name, field), _cell_text(r, name, field)
                if item is None or was == now:
                    continue
                typed = _as_cell(item.text())
                if typed == was:
                    item.setText(now)
                elif typed != now:  # typed, and now apart from the scenario's own
                    moved.append(f"{r.title} {name} {item.text().strip()} (the scenario's {now})")
        self._ranges = new
        return moved

    def _on_error(self, error: Exception) -> None:
        self.message.setText(f"Stopped: {error}")

    def _on_aborted(self) -> None:
        self.message.setText("Cancelled; the charts show the last complete run.")

    def _on_finished(self) -> None:
        self.worker = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _fill_ranges(self) -> None:
        self.ranges_table.setRowCount(len(self._ranges))
        for i, r in enumerate(self._ranges):
            cells = dict.fromkeys(NAMES, "")
            cells |= {name: _cell_text(r, name, field) for name, field in PARAMETERS[r.kind]}
            for column, text in enumerate((r.title, r.kind, *cells.values())):
                item = QTableWidgetItem(text)
                if column < 2 or not text:  # the name, the kind, or a parameter of another kind
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.ranges_table.setItem(i, column, item)


def _cell_text(r: Range, name: str, field: str) -> str:
    """A parameter of `r` as its cell shows it, in the unit its slider shows."""
    return f"{r.shown(getattr(r, field), name):.6g}"


def _as_cell(text: str) -> str:
    """Typed text as the cell would show the same number ("50.0" reads "50")."""
    try:
        return f"{float(text):.6g}"
    except ValueError:
        return text.strip()


def _present_cost_text(result: MonteCarlo, own_usd: float) -> str:
    """The present cost's P10/P50/P90 over the horizon, beside the scenario's own, in $B."""
    shown = ", ".join(
        f"{p.upper()} ${billions(v):,.2f}B" for p, v in result.pv_cost_percentiles().items()
    )
    return (
        f"Present cost {result.years[0]}-{result.years[-1]}: {shown} "
        f"(the scenario as set: ${billions(own_usd):,.2f}B)."
    )
