"""Monte Carlo: editable ranges, N draws in a worker, P10/P50/P90 fans and present cost.

The present cost's P10/P50/P90 is over the horizon. Each range's numbers sit under
their own names: a triangular range fills Low, Mode and High; a lognormal fills Median
and Sigma; the other cells are empty and locked.
"""

from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
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
from gui.dialogs.widgets import named_spin
from gui.document import ScenarioDocument
from gui.style.appearance import appearance
from gui.style.theme import Role
from gui.views.charts.base import Chart
from gui.views.tables.fitted import fit_columns

BAND_ALPHA = 60  # of 255: the P10-P90 band under its lines
NAMES = ("low", "mode", "high", "median", "sigma")  # every distribution's parameters, in order
COLUMNS = ("Input", "Distribution", *(name.capitalize() for name in NAMES))


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


class MonteCarloTab(QWidget):
    """Ranges on the left; Run / Cancel with progress; two fan charts."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monteCarloTab")
        self._doc = document
        self.worker: GeneratorWorker[float, None, MonteCarlo] | None = None
        self.result: MonteCarlo | None = None
        self.ranges_table = QTableWidget(0, len(COLUMNS), self)
        self.ranges_table.setObjectName("rangesTable")
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
        self.draws = named_spin(self, "drawsSpin", "Draws", 100, MAX_DRAWS, 10_000)
        self.seed = named_spin(self, "seedSpin", "Seed", 0, 2**31 - 1, 0)
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
        self.cost = FanChart("costFanChart", "TOTAL COST RANGE", "$B / year", self)
        self.risk = FanChart("riskFanChart", "RISK INDEX RANGE", "0-100", self)
        left = QVBoxLayout()
        left.addWidget(self.ranges_table, 1)
        row = QHBoxLayout()
        for widget in (
            QLabel("Draws", self),
            self.draws,
            QLabel("Seed", self),
            self.seed,
            self.run_button,
            self.cancel_button,
        ):
            row.addWidget(widget)
        left.addLayout(row)
        left.addWidget(self.progress)
        left.addWidget(self.message)
        left.addWidget(self.present_cost)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.cost, 3)
        layout.addWidget(self.risk, 3)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)

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

    def cancel(self) -> None:
        """Stop the worker at its next chunk."""
        if self.worker is not None:
            self.worker.quit()

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(round(percent_points(fraction)))

    def _on_done(self, result: MonteCarlo, scenario: core.Scenario) -> None:
        self.result = result
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
        self.message.setText(
            f"{result.draws:,} draws, seed {result.seed}: the band holds 80% of outcomes."
        )
        self.present_cost.setText(_present_cost_text(result, own.pv_cost_usd))

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
            cells |= {
                name: f"{r.shown(getattr(r, field), name):.6g}"
                for name, field in PARAMETERS[r.kind]
            }
            for column, text in enumerate((r.title, r.kind, *cells.values())):
                item = QTableWidgetItem(text)
                if column < 2 or not text:  # the name, the kind, or a parameter of another kind
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.ranges_table.setItem(i, column, item)


def _present_cost_text(result: MonteCarlo, own_usd: float) -> str:
    """The present cost's P10/P50/P90 over the horizon, beside the scenario's own, in $B."""
    shown = ", ".join(
        f"{p.upper()} ${billions(v):,.2f}B" for p, v in result.pv_cost_percentiles().items()
    )
    return (
        f"Present cost {result.years[0]}-{result.years[-1]}: {shown} "
        f"(the scenario as set: ${billions(own_usd):,.2f}B)."
    )
