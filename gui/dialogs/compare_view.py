"""Compare: pick two or more scenarios; KPIs side by side and their series overlaid."""

import textwrap

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

import core
from core.compare import COMPARED_KPIS, Comparison, compare, format_kpi
from core.result_tables import KpiName
from core.units import Scale, as_is, billions, millions
from gui.document import ScenarioDocument
from gui.style.theme import SCENARIO_COLORS, Role
from gui.views.charts.base import Chart
from gui.views.tables.frame_model import FrameModel

HEADER_CHARS = 14  # scenario names wrap onto lines this long in the table header
SERIES: tuple[tuple[str, str, str, KpiName, Scale], ...] = (
    ("compareCostChart", "TOTAL COST", "$B / year", "total_cost_usd", billions),
    ("compareCapacityChart", "CAPACITY", "M GPU-hours available", "capacity_gpu_hours", millions),
    ("compareRiskChart", "RISK INDEX", "0-100", "risk_index", as_is),
)


class OverlayChart(Chart):
    """One KPI over the years, one line per scenario (reference dashed)."""

    def __init__(
        self, name: str, title: str, unit: str, column: KpiName, scale: Scale, parent: QWidget
    ) -> None:
        super().__init__(name, title, unit, parent)
        self.column, self.scale = column, scale
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.legend_columns = 1  # scenario names are long: one per row
        self.set_compact(False)
        self.show_year_line()

    def show_comparison(self, comparison: Comparison) -> None:
        """One line per compared scenario; lines of scenarios no longer picked are removed."""
        for name in set(self.lines) - set(comparison.names):
            line = self.lines.pop(name)
            self.forget(line)
            self.plot_item.removeItem(line)
            self.legend.removeItem(name)
        for i, results in enumerate(comparison.results):
            name = results.scenario_name
            if name not in self.lines:
                self.lines[name] = self.curve(_color(i), name, dashed=(i == 0))
            self.lines[name].setData(
                np.asarray(results.years, float), self.scale(results.series(self.column))
            )
            self.styled(self.lines[name], _color(i), 2.5, _style(i))
        self.set_year_ticks(comparison.results[0].years)
        top = self.scale(max(float(np.nanmax(r.series(self.column))) for r in comparison.results))
        self.fit_y(top * (1.1 + 0.12 * len(comparison.names)))  # headroom for the legend rows


class CompareDialog(QDialog):
    """Scenarios picked on the left; the KPI table and three overlaid series on the right."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: no more work per edit
        self.setWindowTitle("Compare scenarios")
        self.resize(1400, 860)
        self._doc = document
        self.picker = QListWidget(self)
        self.picker.setObjectName("compareList")
        self.picker.setAccessibleName("Scenarios to compare")
        self.picker.setToolTip(
            "Tick two or more scenarios; the first ticked is the reference for deltas."
        )
        self.year = QSpinBox(self)
        self.year.setObjectName("compareYear")
        self.year.setAccessibleName("Year compared")
        self.message = QLabel(self)
        self.message.setObjectName("compareMessage")
        self.message.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("compareTable")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.model = FrameModel()
        self.table.setModel(self.model)
        self.charts = [OverlayChart(*spec, parent=self) for spec in SERIES]
        left = QVBoxLayout()
        left.addWidget(QLabel("Scenarios (reference first):", self))
        left.addWidget(self.picker, 1)
        left.addWidget(QLabel("Year:", self))
        left.addWidget(self.year)
        left.addWidget(self.message)
        charts = QHBoxLayout()
        for chart in self.charts:
            charts.addWidget(chart)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addLayout(charts, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.comparison: Comparison | None = None
        self._fill_picker()
        self.picker.itemChanged.connect(lambda _item: self.refresh())
        self.year.valueChanged.connect(lambda _year: self.refresh())
        document.bookChanged.connect(self._follow_book)
        self.refresh()

    def picked(self) -> list[str]:
        """The ticked scenarios, in list order (the baseline first)."""
        items = (self.picker.item(i) for i in range(self.picker.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def set_picked(self, names: list[str]) -> None:
        """Tick exactly `names`."""
        with signals_blocked(self.picker):
            for i in range(self.picker.count()):
                item = self.picker.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked
                )
        self.refresh()

    def refresh(self) -> None:
        """Recompute the comparison for the ticked scenarios and the year."""
        book = self._doc.book
        try:
            comparison = compare([book.named(n) for n in self.picked()], self._year_or_none())
        except core.ScenarioError as error:
            self.message.setText("; ".join(p.message for p in error.problems))
            return
        self.message.setText(f"Deltas against {comparison.names[0]!r} in {comparison.year}.")
        with signals_blocked(self.year):
            years = sorted(set.intersection(*(set(r.years) for r in comparison.results)))
            self.year.setRange(years[0], years[-1])
            self.year.setValue(comparison.year)
        self.model.set_frame(_display_table(comparison))
        for chart in self.charts:
            chart.show_comparison(comparison)
            chart.set_year(comparison.year)
        self.comparison = comparison

    def _follow_book(self, book: core.Workbook) -> None:
        """Scenarios renamed, added or deleted while the dialog is open: keep what still exists."""
        if [self.picker.item(i).text() for i in range(self.picker.count())] != book.names:
            kept = [name for name in self.picked() if name in book.names]
            with signals_blocked(self.picker):
                self.picker.clear()
                self._fill_picker(kept)
        self.refresh()

    def _fill_picker(self, picked: list[str] | None = None) -> None:
        book = self._doc.book
        default = picked or [book.baseline.name, self._doc.current]
        if picked is None and len(set(default)) < 2 and book.variants:
            default = [book.baseline.name, book.variants[0].name]
        for name in book.names:
            item = QListWidgetItem(name, self.picker)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in default else Qt.CheckState.Unchecked
            )

    def _year_or_none(self) -> int | None:
        return None if self.comparison is None else self.year.value()


def _display_table(comparison: Comparison) -> pd.DataFrame:
    """KPI rows; per scenario its value, and for the others the change and % change."""
    rows = {}
    for kpi, label in COMPARED_KPIS:
        row = {}
        for i, name in enumerate(comparison.names):
            head = textwrap.fill(name, HEADER_CHARS)
            row[head] = format_kpi(kpi, comparison.cell(kpi, name, "value"))
            if i:
                pct = comparison.cell(kpi, name, "delta_pct")
                row[f"{head}\nΔ"] = format_kpi(
                    kpi, comparison.cell(kpi, name, "delta"), signed=True
                )
                row[f"{head}\nΔ%"] = f"{pct:+.0%}" if np.isfinite(pct) else "n/a"
        rows[label] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def _color(i: int) -> str | Role:
    return Role.REFERENCE if i == 0 else SCENARIO_COLORS[(i - 1) % len(SCENARIO_COLORS)]


def _style(i: int) -> Qt.PenStyle:
    return Qt.PenStyle.DashLine if i == 0 else Qt.PenStyle.SolidLine
