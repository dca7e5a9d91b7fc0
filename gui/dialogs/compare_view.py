"""Compare: two or more scenarios, every decision row for every year, copied and exported.

Also one year's KPIs side by side and their series overlaid; Copy (or Ctrl+C) puts the
table on screen on the clipboard as tab-separated text; Export writes XLSX, CSV or PNG.
"""

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

import core
from core.analysis.compare import COMPARED_KPIS, Comparison, compare, format_kpi
from core.engine.result_tables import KpiName
from core.formats.export import stamp
from core.summary.direction import Direction, change_direction
from core.units import Scale, as_is, billions, millions, percent_points
from gui.dialogs.compare_table import (
    TABLE_SUFFIXES,
    CopyTable,
    DeltaModel,
    decisions_display,
    write_comparison,
)
from gui.dialogs.widgets import fit_to_screen
from gui.document import ScenarioDocument
from gui.share.images import IMAGE_SUFFIXES, export_image
from gui.style.theme import SCENARIO_COLORS, Role
from gui.views.charts.base import Chart

SERIES: tuple[tuple[str, str, str, KpiName, Scale], ...] = (
    ("compareCostChart", "TOTAL COST", "$B / year", "total_cost_usd", billions),
    ("compareCapacityChart", "CAPACITY vs DEMAND", "M GPU-h / yr", "capacity_gpu_hours", millions),
    ("compareRiskChart", "RISK INDEX", "0-100", "risk_index", as_is),
)
# Small multiples: each decision measure over the years, one line per scenario.
MULTIPLES: tuple[tuple[str, str, str, KpiName, Scale], ...] = (
    ("compareMultipleCost", "TOTAL COST", "$B / year", "total_cost_usd", billions),
    ("compareMultipleCapex", "CAPEX CASH", "$B / year", "capex_cash_usd", billions),
    ("compareMultiplePower", "POWER", "MW (facility)", "facility_mw", as_is),
    ("compareMultipleGpus", "GPUs", "GPUs", "gpus", as_is),
    ("compareMultipleExternal", "EXTERNAL", "% of tokens", "external_token_share", percent_points),
    ("compareMultipleRisk", "RISK INDEX", "0-100", "risk_index", as_is),
)
MULTIPLE_COLUMNS = 3
AGAINST: dict[KpiName, KpiName] = {"capacity_gpu_hours": "demand_gpu_hours"}  # dotted, same colour
AGAINST_LEGEND = "dotted: busy-hour demand"


class OverlayChart(Chart):
    """One KPI over the years, one line per scenario (reference dashed).

    Capacity also draws each scenario's demand, dotted in the same colour: what the
    fleet has against what it must serve.
    """

    def __init__(
        self, name: str, title: str, unit: str, column: KpiName, scale: Scale, parent: QWidget
    ) -> None:
        super().__init__(name, title, unit, parent)
        self.column, self.scale = column, scale
        self.against = AGAINST.get(column)
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.demand: dict[str, pg.PlotDataItem] = {}
        if self.against is not None:  # one legend entry says what the dotted lines are
            key = self.styled(pg.PlotDataItem([], []), Role.MUTED, 2.5, Qt.PenStyle.DotLine)
            self.plot_item.addItem(key)
            self.legend.addItem(key, AGAINST_LEGEND)
        self.set_compact(False)
        self.show_year_line()

    def show_comparison(self, comparison: Comparison) -> None:
        """One line per compared scenario; lines of scenarios no longer picked are removed."""
        for name in set(self.lines) - set(comparison.names):
            for lines in (self.lines, self.demand):
                line = lines.pop(name, None)
                if line is not None:
                    self.forget(line)
                    self.plot_item.removeItem(line)
            self.legend.removeItem(name)
        top = 0.0
        for i, results in enumerate(comparison.results):
            name, years = results.scenario_name, np.asarray(results.years, float)
            if name not in self.lines:
                self.lines[name] = self.curve(_color(i), name, dashed=(i == 0))
            values = self.scale(results.series(self.column))
            self.lines[name].setData(years, values)
            self.styled(self.lines[name], _color(i), 2.5, _style(i))
            top = max(top, float(np.nanmax(values)))
            if self.against is not None:
                if name not in self.demand:
                    self.demand[name] = self.curve(_color(i))
                demand = self.scale(results.series(self.against))
                self.demand[name].setData(years, demand)
                self.styled(self.demand[name], _color(i), 2.5, Qt.PenStyle.DotLine)
                top = max(top, float(np.nanmax(demand)))
        self.set_year_ticks(comparison.results[0].years)
        self.place_legend()
        self.fit_y(top * 1.05)


class CompareDialog(QDialog):
    """Scenarios picked on the left; the KPI table and three overlaid series on the right."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: no more work per edit
        self.setWindowTitle("Compare scenarios")
        fit_to_screen(self, 1400, 860)
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
        self.decisions = CopyTable("compareDecisionsTable", self)
        self.decisions_model = DeltaModel()
        self.decisions.setModel(self.decisions_model)
        self.decisions.verticalHeader().setVisible(False)
        self.table = CopyTable("compareTable", self, header_lines=3)  # a name, then Δ or Δ%
        self.model = DeltaModel()
        self.table.setModel(self.model)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("compareTabs")
        self.tabs.addTab(self.decisions, "Every year")
        self.tabs.addTab(self.table, "One year")
        self.multiples_page = self._multiples()
        self.tabs.addTab(self.multiples_page, "Small multiples")
        self.charts = [OverlayChart(*spec, parent=self) for spec in SERIES]
        self._layout(self._buttons())
        self.tabs.currentChanged.connect(self._charts_for_tab)
        self.comparison: Comparison | None = None
        self._fill_picker()
        self.picker.itemChanged.connect(lambda _item: self.refresh())
        self.year.valueChanged.connect(lambda _year: self.refresh())
        document.bookChanged.connect(self._follow_book)
        self.refresh()

    def _multiples(self) -> QWidget:
        """A grid of small charts, one per decision measure over the years."""
        page = QWidget(self)
        page.setObjectName("compareMultiples")
        grid = QGridLayout(page)
        self.multiples = [OverlayChart(*spec, parent=page) for spec in MULTIPLES]
        for i, chart in enumerate(self.multiples):
            chart.set_compact(True)
            grid.addWidget(chart, *divmod(i, MULTIPLE_COLUMNS))
        return page

    def _charts_for_tab(self, index: int) -> None:
        """Hide the row of charts below while the small multiples show.

        The multiples draw total cost and the risk index again; the row's room goes to them.
        """
        self.charts_row.setVisible(self.tabs.widget(index) is not self.multiples_page)

    def _buttons(self) -> QHBoxLayout:
        """Copy (the table on screen, as tab-separated text) and Export (XLSX, CSV, PNG)."""
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setObjectName("compareCopyButton")
        self.copy_button.setToolTip("Copy the table on screen; it pastes into Excel (Ctrl+C)")
        self.copy_button.clicked.connect(lambda _checked=False: self.shown_table().copy())
        self.export_button = QPushButton("Export…", self)
        self.export_button.setObjectName("compareExportButton")
        menu = QMenu(self.export_button)
        menu.setObjectName("compareExportMenu")
        for suffix, words in ((".xlsx", "Excel workbook"), (".csv", "CSV"), (".png", "Image")):
            action = QAction(f"{words} ({suffix})…", menu)
            action.setObjectName(f"compareExport{suffix[1:].capitalize()}Action")
            action.triggered.connect(lambda _checked=False, s=suffix: self.export_dialog(s))
            menu.addAction(action)
        self.export_button.setMenu(menu)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.export_button)
        return row

    def _layout(self, buttons: QHBoxLayout) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel("Scenarios (reference first):", self))
        left.addWidget(self.picker, 1)
        left.addWidget(QLabel("Year (one-year table, charts):", self))
        left.addWidget(self.year)
        left.addWidget(self.message)
        self.charts_row = QWidget(self)
        charts = QHBoxLayout(self.charts_row)
        charts.setContentsMargins(0, 0, 0, 0)
        for chart in self.charts:
            charts.addWidget(chart)
        right = QVBoxLayout()
        right.addWidget(self.tabs, 3)
        right.addLayout(buttons)
        right.addWidget(self.charts_row, 2)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def shown_table(self) -> CopyTable:
        """The table on screen: every year, or one year."""
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, CopyTable) else self.decisions

    def export_dialog(self, suffix: str) -> bool:
        """Ask where, then `export_to`; False if the user cancels or it fails."""
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export comparison", str(Path.home() / f"comparison{suffix}"), f"*{suffix}"
        )
        return bool(name) and self.export_to(Path(name))

    def export_to(self, path: Path) -> bool:
        """Every decision row (.xlsx, .csv: numbers) or the window (.png); says how it went."""
        if self.comparison is None:
            return False
        line = stamp(self._doc.book.named(self.comparison.names[0]), datetime.now())
        suffix = path.suffix.lower()
        try:
            if suffix in TABLE_SUFFIXES:
                write_comparison(self.comparison, path, line)
            elif suffix in IMAGE_SUFFIXES:
                export_image(self, path, line)
            else:
                raise ValueError(f"{path.name}: a comparison is exported as .xlsx, .csv or .png")
        except (OSError, ValueError) as error:
            self.message.setText(f"Not exported: {error}")
            return False
        self.message.setText(f"Exported to {path}.")
        return True

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
        self.model.directions = _directions(comparison)
        self.model.set_frame(_display_table(comparison))
        frame, self.decisions_model.directions = decisions_display(comparison)
        self.decisions_model.set_frame(frame)
        for chart in self.charts + self.multiples:
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
            head = name  # the header wraps it (gui.views.tables.fitted)
            row[head] = format_kpi(kpi, comparison.cell(kpi, name, "value"))
            if i:
                pct = comparison.cell(kpi, name, "delta_pct")
                row[f"{head}\nΔ"] = format_kpi(
                    kpi, comparison.cell(kpi, name, "delta"), signed=True
                )
                row[f"{head}\nΔ%"] = f"{pct:+.0%}" if np.isfinite(pct) else "n/a"
        rows[label] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def _directions(comparison: Comparison) -> dict[tuple[int, int], Direction]:
    """(row, column) of each Δ and Δ% cell of `_display_table` -> its direction."""
    directions: dict[tuple[int, int], Direction] = {}
    reference = comparison.names[0]
    for row, (kpi, _label) in enumerate(COMPARED_KPIS):
        base = comparison.cell(kpi, reference, "value")
        for i, name in enumerate(comparison.names[1:]):
            verdict = change_direction(kpi, base, comparison.cell(kpi, name, "value"))
            first = 1 + 3 * i + 1  # the reference's column, then value, Δ, Δ% per scenario
            directions[(row, first)] = directions[(row, first + 1)] = verdict
    return directions


def _color(i: int) -> str | Role:
    return Role.REFERENCE if i == 0 else SCENARIO_COLORS[(i - 1) % len(SCENARIO_COLORS)]


def _style(i: int) -> Qt.PenStyle:
    return Qt.PenStyle.DashLine if i == 0 else Qt.PenStyle.SolidLine
