"""Compare: two or more scenarios, every decision row for every year, copied and exported.

Also one year's KPIs side by side and their series overlaid; Copy (or Ctrl+C) puts the
table on screen on the clipboard as tab-separated text; Export writes XLSX, CSV or PNG.
Capacity is counted as the dashboard's capacity chart counts it, in reference-GPU
equivalents at the busy hour (docs/model.md#F-busy-hour): in the fleet's own GPU-hours,
buying faster GPUs read as demand falling ~3x, and one scenario's capacity differed here
from the dashboard's.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractScrollArea,
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
from core.analysis.compare import Comparison, EquivalentName, compare, reference_gpus
from core.engine.compiled import FloatArray
from core.engine.result_tables import KpiName
from core.engine.results import Results
from core.formats.export import stamp
from core.scenario.messages import write_reason
from core.units import Scale, as_is, billions, percent_points, thousands
from gui.controls.keyboard import tab_chain
from gui.dialogs.compare_table import (
    TABLE_SUFFIXES,
    CopyTable,
    DeltaModel,
    decisions_display,
    one_year_display,
    write_comparison,
)
from gui.dialogs.frozen_columns import FrozenTable
from gui.dialogs.widgets import fit_to_screen
from gui.document import ScenarioDocument
from gui.share.images import IMAGE_SUFFIXES, export_image
from gui.style.theme import SCENARIO_COLORS, Role
from gui.views.charts.base import Chart, Color
from gui.views.charts.items import marked_line
from gui.views.charts.legend import legend_text

MULTIPLE_COLUMNS = 3

Values = Callable[[Results], FloatArray]  # a scenario's series over the years, in the axis unit


def kpi(column: KpiName, scale: Scale) -> Values:
    """A KPI's series, scaled to its chart's unit."""
    return lambda results: np.asarray(scale(results.series(column)), float)


def busy_hour_thousands(measure: EquivalentName) -> Values:
    """A busy-hour row in thousands of reference GPUs: the dashboard's capacity axis."""
    return lambda results: np.asarray(thousands(reference_gpus(results, measure)), float)


@dataclass(frozen=True)
class Series:
    """A chart's spec: `unit` may name the reference GPU as {gpu}; `against` is drawn dotted.

    Each scenario's `against` line is named in the legend "<scenario> <against_name>".
    """

    name: str
    title: str
    unit: str
    values: Values
    against: Values | None = None
    against_name: str = ""


SERIES = (
    Series("compareCostChart", "TOTAL COST", "$B / year", kpi("total_cost_usd", billions)),
    Series(
        "compareCapacityChart",
        "CAPACITY vs DEMAND",
        "k {gpu}-eq, busy hour",  # the dashboard's: its short forms keep the unit when cramped
        busy_hour_thousands("capacity_ref_gpu_eq"),
        busy_hour_thousands("demand_ref_gpu_eq"),
        "demand",  # the legend's "Baseline demand": the axis says busy hour
    ),
    Series("compareRiskChart", "RISK INDEX", "0-100", kpi("risk_index", as_is)),
)
# Small multiples: each decision measure over the years, one line per scenario.
MULTIPLES = (
    Series("compareMultipleCost", "TOTAL COST", "$B / year", kpi("total_cost_usd", billions)),
    Series("compareMultipleCapex", "CAPEX CASH", "$B / year", kpi("capex_cash_usd", billions)),
    Series("compareMultiplePower", "POWER", "MW (facility)", kpi("facility_mw", as_is)),
    Series("compareMultipleGpus", "GPUs", "GPUs", kpi("gpus", as_is)),
    Series(
        "compareMultipleExternal",
        "EXTERNAL SHARE",  # said "External share chart", as the dashboard's
        "% of tokens",
        kpi("external_token_share", percent_points),
    ),
    Series("compareMultipleRisk", "RISK INDEX", "0-100", kpi("risk_index", as_is)),
)
# The `against` lines are marked with triangles: grey dots beside grey dashes read as one
# more baseline line. Each has its own legend entry, drawn from the line itself: one key
# in ink said "black dashes" of lines drawn dotted in each scenario's colour.
AGAINST_SYMBOL = "t1"
AGAINST_WIDTH = 2.0


class OverlayChart(Chart):
    """One measure over the years, one line per scenario (reference dashed).

    Capacity also draws each scenario's busy-hour demand, dotted with triangles in the
    same colour: what the fleet has against what it must serve. Every legend entry is
    its plotted line's own sample (colour, dashes or dots, marker).
    """

    def __init__(self, spec: Series, parent: QWidget) -> None:
        super().__init__(spec.name, spec.title, spec.unit, parent)
        self.spec = spec
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.demand: dict[str, pg.PlotDataItem] = {}
        self.set_compact(False)
        self.show_year_line()

    def _against_line(self, color: Color, name: str) -> pg.PlotDataItem:
        """Scenario `name`'s dotted line, in the legend after its scenario's own."""
        label = legend_text(f"{name} {self.spec.against_name}")
        line = marked_line(symbol=AGAINST_SYMBOL, name=label)
        self.plot_item.addItem(line)  # named items join the legend by themselves
        return self.styled(line, color, AGAINST_WIDTH, Qt.PenStyle.DotLine)

    def show_comparison(self, comparison: Comparison) -> None:
        """One line per compared scenario; lines of scenarios no longer picked are removed."""
        self.set_axis_title("left", self.spec.unit.format(gpu=comparison.reference_gpu))
        for name in set(self.lines) - set(comparison.names):
            for lines in (self.lines, self.demand):
                line = lines.pop(name, None)
                if line is not None:
                    self.forget(line)
                    self.plot_item.removeItem(line)  # and from the legend
        top = 0.0
        for i, results in enumerate(comparison.results):
            name, years = results.scenario_name, np.asarray(results.years, float)
            if name not in self.lines:
                self.lines[name] = self.curve(_color(i), name, dashed=(i == 0))
            values = self.spec.values(results)
            self.lines[name].setData(years, values)
            self.styled(self.lines[name], _color(i), 2.5, _style(i))
            top = max(top, float(np.nanmax(values)))
            if self.spec.against is not None:
                if name not in self.demand:
                    self.demand[name] = self._against_line(_color(i), name)
                demand = self.spec.against(results)
                self.demand[name].setData(years, demand)
                self.styled(self.demand[name], _color(i), AGAINST_WIDTH, Qt.PenStyle.DotLine)
                top = max(top, float(np.nanmax(demand)))
        self.set_year_ticks(comparison.results[0].years)
        self.place_legend()
        self.fit_y(top * 1.05)


def _color(i: int) -> Color:
    return Role.REFERENCE if i == 0 else SCENARIO_COLORS[(i - 1) % len(SCENARIO_COLORS)]


def _style(i: int) -> Qt.PenStyle:
    return Qt.PenStyle.DashLine if i == 0 else Qt.PenStyle.SolidLine


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
        # As wide as the names (Qt's default 256 px took the tables' room at 1280x720).
        self.picker.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.year = QSpinBox(self)
        self.year.setObjectName("compareYear")
        self.year.setAccessibleName("Year compared")
        self.message = QLabel(self)
        self.message.setObjectName("compareMessage")
        self.message.setWordWrap(True)
        self.decisions = FrozenTable(  # Measure and Scenario stay in sight as the years scroll
            "compareDecisionsTable", "Every year: each decision of each scenario, by year", self
        )
        self.decisions_model = DeltaModel()
        self.decisions.setModel(self.decisions_model)
        self.decisions.verticalHeader().setVisible(False)
        self._follow_year(self.decisions)
        self.table = CopyTable(  # headers: a name, then Δ or Δ%
            "compareTable", "One year: each figure of each scenario and its change", self, 3
        )
        self.model = DeltaModel()
        self.table.setModel(self.model)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("compareTabs")
        self.tabs.addTab(self.decisions, "Every year")
        self.tabs.addTab(self.table, "One year")
        self.multiples_page = self._multiples()
        self.tabs.addTab(self.multiples_page, "Small multiples")
        self.charts = [OverlayChart(spec, self) for spec in SERIES]
        self._layout(self._buttons())
        self._tab_order()
        self.tabs.currentChanged.connect(self._charts_for_tab)
        self.comparison: Comparison | None = None
        self._fill_picker()
        self.picker.itemChanged.connect(lambda _item: self.refresh())
        self.year.valueChanged.connect(lambda _year: self.refresh())
        document.bookChanged.connect(self._follow_book)
        self.refresh()

    def _follow_year(self, view: CopyTable) -> None:
        """Keep the year picked in sight in `view` once its columns are fitted or resized.

        At 1280x720 the every-year table showed 2026-2028 and the year picked, 2029, was
        off to the right. A fit resizes every column: one timer scrolls once, after it.
        """
        self._year_timer = QTimer(self)
        self._year_timer.setObjectName("compareYearTimer")
        self._year_timer.setSingleShot(True)
        self._year_timer.timeout.connect(self.show_year)
        view.horizontalHeader().sectionResized.connect(lambda *_: self._year_timer.start())

    def show_year(self) -> None:
        """Scroll the every-year table to the year picked (its frozen names stay in sight)."""
        model = self.decisions_model
        heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        if self.comparison is not None and str(self.comparison.year) in heads:
            top = max(self.decisions.rowAt(0), 0)  # the rows on screen stay
            self.decisions.horizontalScrollBar().setValue(0)  # then as little as it takes
            self.decisions.scrollTo(model.index(top, heads.index(str(self.comparison.year))))

    def _multiples(self) -> QWidget:
        """A grid of small charts, one per decision measure over the years."""
        page = QWidget(self)
        page.setObjectName("compareMultiples")
        grid = QGridLayout(page)
        self.multiples = [OverlayChart(spec, page) for spec in MULTIPLES]
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
        left.addWidget(_wrapped("Scenarios (reference first):", self))
        left.addWidget(self.picker, 1)
        left.addWidget(_wrapped("Year (charts, tables):", self))
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

    def _tab_order(self) -> None:
        """Tab in screen order: list, year, tabs and the page shown, Copy, Export, charts.

        Left to the order the widgets were made in, Tab went from the table up to the tab
        bar above it, and from the charts back up to Copy.
        """
        pages: list[QWidget] = [self.decisions, self.table, *self.multiples]  # hidden: skipped
        buttons = [self.copy_button, self.export_button]
        tab_chain([self.picker, self.year, self.tabs, *pages, *buttons, *self.charts])

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
        """The numbers (`write_comparison`: .xlsx, .csv) or the window (.png); says how it went."""
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
        except OSError as error:  # the export window's words: no temporary file's name
            self.message.setText(
                f"Not exported: {path} could not be written: {write_reason(error)}."
            )
            return False
        except ValueError as error:  # a format it has no writer for: says which it has
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
        frame, self.model.directions = one_year_display(comparison)
        self.model.set_frame(frame)
        frame, self.decisions_model.directions = decisions_display(comparison)
        self.decisions_model.set_frame(frame)
        for chart in self.charts + self.multiples:
            chart.show_comparison(comparison)
            chart.set_year(comparison.year)
        self.comparison = comparison
        self._year_timer.start()  # after the tables' columns are fitted to the new figures

    def _follow_book(self, book: core.Workbook) -> None:
        """Scenarios renamed, added or deleted while the dialog is open: keep what still exists.

        A rename changes one name in its place, so a tick follows its place (it was kept
        by name, and a renamed scenario lost its tick); otherwise (another file opened, a
        scenario added or deleted) the ticks of the names that remain are kept.
        """
        shown = [self.picker.item(i).text() for i in range(self.picker.count())]
        if shown != book.names:
            picked = self.picked()
            renamed = len(shown) == len(book.names) and (
                sum(old != new for old, new in zip(shown, book.names, strict=True)) == 1
            )
            if renamed:  # one scenario renamed in place (or the rename undone)
                kept = [new for old, new in zip(shown, book.names, strict=True) if old in picked]
            else:
                kept = [name for name in picked if name in book.names]
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


def _wrapped(text: str, parent: QWidget) -> QLabel:
    """A label that wraps: the column of pickers is as narrow as the names, not its labels."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label
