"""The main window: controls left, KPI tiles on top, charts in the centre, tables below.

It lays the views out and owns the window's settings; its commands are declared in
`gui.controllers.menus`, recovery lives in `gui.controllers.recovery`, presentation
mode in `gui.controllers.presentation`.
"""

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

import core
from gui.controllers.actions import build_menus
from gui.controllers.autosave import Autosave
from gui.controllers.export_controller import ExportController
from gui.controllers.file_controller import FileController
from gui.controllers.menus import (
    edit_menu,
    file_menu,
    fill_recent,
    models_menu,
    products_menu,
    view_menu,
)
from gui.controllers.presentation import Presentation
from gui.controls.scenario_bar import ScenarioBar
from gui.controls.sliders import ControlPanel
from gui.document import ScenarioDocument
from gui.settings import data_dir, settings
from gui.style.appearance import appearance
from gui.views.charts.base import Chart
from gui.views.charts.latency_chart import LatencyChart
from gui.views.charts.risk_charts import QualityChart, RiskCharts
from gui.views.charts.time_charts import CapacityChart, CostChart
from gui.views.folding_pane import FoldingPane
from gui.views.headline import HeadlineLabel
from gui.views.kpi_tiles import KpiBar
from gui.views.tables.result_tabs import TablesPanel

if TYPE_CHECKING:
    from gui.dialogs.analysis.window import AnalysisWindow
    from gui.dialogs.catalog_dialog import CatalogDialog, PriceUpdateDialog
    from gui.dialogs.compare_view import CompareDialog
    from gui.dialogs.imports.trace import TraceImportDialog
    from gui.dialogs.imports.usage import UsageImportDialog
    from gui.dialogs.plan.window import PlanWindow

CONTROL_WIDTH = 270
WindowT = TypeVar("WindowT", bound=QWidget)


class MainWindow(QMainWindow):
    """One screen: everything an executive needs, nothing to scroll at 1600x1000."""

    def __init__(self, book: core.Workbook | core.Scenario, path: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.document = ScenarioDocument(book, self)
        self.files = FileController(self.document, self, path)
        self.autosave = Autosave(self.document, lambda: self.files.path, data_dir(), self)
        self.exports = ExportController(self.document, self)
        self.compare_dialog: CompareDialog | None = None  # created on first use
        self.catalog_dialog: CatalogDialog | None = None
        self.price_dialog: PriceUpdateDialog | None = None
        self.analysis_window: AnalysisWindow | None = None  # created on first use
        self.plan_window: PlanWindow | None = None
        body = QWidget(self)
        row = QGridLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._control_column(), 0, 0)
        row.addWidget(self._centre(), 0, 1)
        self.setCentralWidget(body)
        self.history_dock = self._history_dock()
        self.scenario_bar = ScenarioBar(self.document, self)
        self.scenario_bar.compare.clicked.connect(self.show_compare)
        self.menuBar().setCornerWidget(self.scenario_bar, Qt.Corner.TopRightCorner)
        self.statusBar().setObjectName("statusBar")
        self.presentation = Presentation(self, self.control_pane, [self.tables, self.statusBar()])
        self._build_menus()
        self.exports.offer_chart_exports(self)
        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self.document.bookChanged.connect(self._update_title)
        self.files.pathChanged.connect(self._update_title)
        self.document.editRejected.connect(
            lambda text: self.statusBar().showMessage(f"Not applied: {text}", 8000)
        )
        self._update_title()

    def _control_column(self) -> QScrollArea:
        """The sliders, in a scroll area that presentation mode folds away."""
        self.controls = ControlPanel(self.document)
        self.control_scroll = scroll = QScrollArea(self)
        scroll.setObjectName("controlScroll")
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame, not a control: Tab skips it
        self.control_pane = FoldingPane(scroll)
        appearance().changed.connect(self._fit_controls)
        self._fit_controls()
        return scroll

    def _centre(self) -> QWidget:
        """KPI tiles on top, the six charts, and the tables under a splitter."""
        self.kpis = KpiBar(self.document)
        self.cost_chart = CostChart(self.document)
        self.capacity_chart = CapacityChart(self.document)
        charts = QWidget(self)
        self.risk_charts = RiskCharts(self.document, charts)
        self.quality_chart = QualityChart(self.document)
        self.latency_chart = LatencyChart(self.document)
        self.tables = TablesPanel(self.document)
        grid = QGridLayout(charts)  # 12 columns: three charts on top, four below
        grid.setContentsMargins(0, 0, 0, 0)
        for i, chart in enumerate((self.cost_chart, self.capacity_chart, self.latency_chart)):
            grid.addWidget(chart, 0, 4 * i, 1, 4)
        for i, chart in enumerate(self.charts()[3:]):
            grid.addWidget(chart, 1, 3 * i, 1, 3)
        for column in range(12):
            grid.setColumnStretch(column, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("centreSplitter")
        split.addWidget(charts)
        split.addWidget(self.tables)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([580, 300])  # at 1600x1000 the routing table shows every product
        centre = QWidget(self)
        column_layout = QVBoxLayout(centre)
        column_layout.setContentsMargins(6, 6, 6, 6)
        column_layout.addWidget(self.kpis)
        column_layout.addWidget(HeadlineLabel(self.document, centre))
        column_layout.addWidget(split, 1)
        return centre

    def _history_dock(self) -> QDockWidget:
        """The undo history, docked right and hidden until View > History."""
        dock = QDockWidget("History", self)
        dock.setObjectName("historyDock")
        history = QUndoView(self.document.undo_stack, dock)
        history.setObjectName("historyView")
        history.setEmptyLabel("Opened")
        dock.setWidget(history)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        return dock

    def _build_menus(self) -> None:
        """The menu bar from the declared actions (gui.controllers.menus)."""
        entries = (
            file_menu(self.files, self.exports, self, self.close)
            + edit_menu(self.document, self.show_compare, self.show_analysis, self.show_plan)
            + products_menu(self.import_trace, self.import_usage)
            + models_menu(self.show_catalog, self.show_price_update)
            + view_menu(self.history_dock, self.control_pane, self.presentation, self.cost_chart)
        )
        menus = build_menus(self, self.menuBar(), entries)
        recent = menus["recentMenu"]
        recent.aboutToShow.connect(lambda: fill_recent(recent, self.files.open_file))

    def charts(self) -> tuple[Chart, ...]:
        """The dashboard's charts, top left to bottom right."""
        risk = self.risk_charts
        return (
            self.cost_chart,
            self.capacity_chart,
            self.latency_chart,
            risk.external,
            risk.providers,
            risk.index,
            self.quality_chart,
        )

    def _fit_controls(self) -> None:
        self.control_scroll.setFixedWidth(round(CONTROL_WIDTH * appearance().scale))

    def show_compare(self) -> "CompareDialog":
        """Open the compare view on the workbook as it is now.

        Imported here, not at start-up: it brings pandas (~0.15 s and ~40 MB), which the
        first window does not need.
        """
        from gui.dialogs.compare_view import CompareDialog

        self.compare_dialog = self._replace(self.compare_dialog, CompareDialog(self.document, self))
        return self.compare_dialog

    def show_analysis(self) -> "AnalysisWindow":
        """Open the Analysis window on the scenario on screen.

        Imported here, not at start-up: it brings scipy (~0.3 s and ~40 MB) that a
        session without analysis never needs.
        """
        from gui.dialogs.analysis.window import AnalysisWindow

        self.analysis_window = self._replace(
            self.analysis_window, AnalysisWindow(self.document, self)
        )
        return self.analysis_window

    def show_plan(self) -> "PlanWindow":
        """Analysis > Recommend a plan… on the scenario on screen (scipy loads with it)."""
        from gui.dialogs.plan.window import PlanWindow

        self.plan_window = self._replace(self.plan_window, PlanWindow(self.document, self))
        return self.plan_window

    def show_catalog(self) -> "CatalogDialog":
        """Models > Add partner from catalog… (the catalog loads on first use, ~0.2 s)."""
        from gui.dialogs.catalog_dialog import CatalogDialog

        self.catalog_dialog = self._replace(self.catalog_dialog, CatalogDialog(self.document, self))
        return self.catalog_dialog

    def show_price_update(self) -> "PriceUpdateDialog":
        """Models > Update prices from catalog…: old and new prices, applied when ticked."""
        from gui.dialogs.catalog_dialog import PriceUpdateDialog

        self.price_dialog = self._replace(self.price_dialog, PriceUpdateDialog(self.document, self))
        return self.price_dialog

    def import_trace(self, path: Path | None = None) -> "TraceImportDialog | None":
        """Products > Import trace…: read a trace (asking for it without `path`) and preview it.

        Imported here, not at start-up: reading a trace brings pandas.
        """
        from gui.dialogs.imports.trace import import_trace

        return import_trace(self.document, self, path)

    def import_usage(self, path: Path | None = None) -> "UsageImportDialog | None":
        """Products > Import usage history…: fit a monthly table and preview it (lazy, as above)."""
        from gui.dialogs.imports.usage import import_usage

        return import_usage(self.document, self, path)

    def _replace(self, old: QWidget | None, new: WindowT) -> WindowT:
        """Show `new` in place of `old` (closed if still open); its charts offer exports."""
        if old is not None and shiboken6.isValid(old):
            old.close()
        self.exports.offer_chart_exports(new)
        new.show()
        return new

    def restore_settings(self) -> bool:
        """Restore the window's geometry and docks from the last session; False if none."""
        stored = settings()
        geometry = stored.value("window/geometry")
        if not isinstance(geometry, QByteArray):
            return False
        self.restoreGeometry(geometry)
        state = stored.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved work; on a normal close remember the layout and drop the autosave."""
        if not self.files.confirm_discard():
            event.ignore()
            return
        stored = settings()
        stored.setValue("window/geometry", self.saveGeometry())
        stored.setValue("window/state", self.saveState())
        self.autosave.discard()
        event.accept()

    def _update_title(self, *_: object) -> None:
        if not shiboken6.isValid(self.document.undo_stack):
            return  # the stack says "clean" once more while the window is being destroyed
        name = self.document.current
        modified = "" if self.document.undo_stack.isClean() else " (modified)"
        where = f" - {self.files.path.name}" if self.files.path else ""
        self.setWindowTitle(f"ScaleDeck - {name}{where}{modified}")
