"""The main window: controls left, KPI tiles on top, charts in the centre, tables below.

It lays the views out and owns the window's settings; its commands are rows of
`gui.commands.table` (menus and shortcuts are built from it), the dialogs it opens are
made by `gui.commands.dialogs`, recovery lives in `gui.controllers.recovery`,
presentation mode in `gui.controllers.presentation`.
"""

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent
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
from gui.commands.build import build_menus
from gui.commands.dialogs import DialogHolder, OldDialogAttribute
from gui.commands.spec import Context
from gui.controllers.autosave import Autosave
from gui.controllers.export_controller import ExportController
from gui.controllers.file_controller import FileController
from gui.controllers.presentation import Presentation
from gui.controls.keyboard import tab_chain
from gui.controls.scenario_bar import ScenarioBar
from gui.controls.sliders import ControlPanel
from gui.controls.steady import SteadyHeight
from gui.document import ScenarioDocument
from gui.editors.result_tabs import TablesPanel
from gui.settings import data_dir, settings
from gui.style.appearance import appearance
from gui.views.charts.base import Chart
from gui.views.charts.latency_chart import LatencyChart
from gui.views.charts.risk_charts import QualityChart, RiskCharts
from gui.views.charts.time_charts import CapacityChart, CostChart
from gui.views.folding_pane import FoldingPane
from gui.views.headline import HeadlineLabel
from gui.views.kpi_tiles import KpiBar

if TYPE_CHECKING:
    from gui.dialogs.analysis.window import AnalysisWindow
    from gui.dialogs.catalog_dialog import CatalogDialog, PriceUpdateDialog
    from gui.dialogs.compare_view import CompareDialog
    from gui.dialogs.imports.trace import TraceImportDialog
    from gui.dialogs.imports.usage import UsageImportDialog
    from gui.dialogs.plan.window import PlanWindow

CONTROL_WIDTH = 270
# Narrower than this, the History dock floats over the window's right edge: docked at
# 1280 px it took 165 px from the charts, which were then clipped ("EXTERNAL SHAR").
HISTORY_DOCKED_FROM_PX = 1500
HISTORY_FLOAT_PX = (260, 420)  # its width and height when floating


class MainWindow(QMainWindow):
    """One screen: everything an executive needs, nothing to scroll at 1600x1000."""

    # 0.1's attributes of the open dialogs, until 0.3 (docs/testing.md, "Changes").
    compare_dialog = OldDialogAttribute("compareDialog")
    analysis_window = OldDialogAttribute("analysisWindow")
    plan_window = OldDialogAttribute("planWindow")
    catalog_dialog = OldDialogAttribute("catalogDialog")
    price_dialog = OldDialogAttribute("priceUpdateDialog")

    def __init__(self, book: core.Workbook | core.Scenario, path: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.document = ScenarioDocument(book, self)
        self.files = FileController(self.document, self, path)
        self.autosave = Autosave(self.document, self.files, data_dir(), self)
        self.exports = ExportController(self.document, self)
        self.dialogs = DialogHolder(self.document, self)  # each made on first use
        self.dialogs.opened.connect(self.exports.offer_chart_exports)
        body = QWidget(self)
        row = QGridLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._control_column(), 0, 0)
        row.addWidget(self._centre(), 0, 1)
        self.setCentralWidget(body)
        self.history_dock = self._history_dock()
        self.scenario_bar = ScenarioBar(self.document, self)
        self.scenario_bar.compare.clicked.connect(self.dialogs.compare)
        self.menuBar().setCornerWidget(self.scenario_bar, Qt.Corner.TopRightCorner)
        self._tab_order()
        self.statusBar().setObjectName("statusBar")
        self.presentation = Presentation(self, self.control_pane, [self.tables, self.statusBar()])
        self.command_context = self._command_context()  # what the commands act on
        self.menus = build_menus(self, self.menuBar(), self.command_context)
        self.document.bookChanged.connect(self._enable_compare)
        self._enable_compare(self.document.book)
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
        # Held: a new headline (every move) keeps its fixed height, so the centre is not laid out
        column_layout.addWidget(SteadyHeight(HeadlineLabel(self.document), centre))
        column_layout.addWidget(split, 1)
        return centre

    def _tab_order(self) -> None:
        """Tab follows the screen: scenario bar, controls, tiles, charts by row, tables.

        The controls go top to bottom, a tile only if it takes focus, the charts row by row
        from the left. Left to the order the widgets were made in, the charts went from
        External share to Quality then Cost, and the scenario bar came last, after the tables.
        """
        bar = self.scenario_bar
        tab_chain(
            [
                *(bar.combo, bar.fork, bar.rename, bar.delete, bar.compare),
                *self.controls.tab_stops(),
                *self.kpis.tiles.values(),
                *self.charts(),
                self.tables,
            ]
        )

    def _history_dock(self) -> QDockWidget:
        """The undo history, docked right and hidden until View > History."""
        dock = QDockWidget("History", self)
        dock.setObjectName("historyDock")
        history = QUndoView(self.document.undo_stack, dock)
        history.setObjectName("historyView")
        history.setAccessibleName("Undo history")  # a list view reads no name of its own
        history.setEmptyLabel("Opened")
        dock.setWidget(history)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        dock.visibilityChanged.connect(lambda shown: self._place_history(dock) if shown else None)
        return dock

    def _enable_compare(self, book: core.Workbook) -> None:
        """Edit > Compare as the Compare button: off with one scenario, saying why.

        The action stayed on and opened an empty Compare ("pick at least two scenarios").
        """
        action = self.findChild(QAction, "compareAction")
        if action is not None:
            two = len(book.names) > 1
            action.setEnabled(two)
            action.setToolTip("" if two else "Compare needs two scenarios: fork one first.")

    def _place_history(self, dock: QDockWidget) -> None:
        """Dock History at the right where the charts keep their room, else float it there."""
        narrow = self.width() < HISTORY_DOCKED_FROM_PX
        if dock.isFloating() == narrow:
            return
        dock.setFloating(narrow)
        if narrow:
            width, height = HISTORY_FLOAT_PX
            frame = self.geometry()
            dock.setGeometry(
                frame.right() - width - 20, frame.top() + 60, width, min(height, frame.height())
            )

    def _command_context(self) -> Context:
        """What the command table's functions act on."""
        return Context(
            window=self,
            document=self.document,
            files=self.files,
            exports=self.exports,
            presentation=self.presentation,
            dialogs=self.dialogs,
            history=self.history_dock,
            controls=self.control_pane,
            cost_chart=self.cost_chart,
        )

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

    # Kept for testers: each is a thin delegate to `self.dialogs` (gui.commands.dialogs),
    # which opens it as its command does, replacing one already open.
    def show_compare(self) -> "CompareDialog":
        """Edit > Compare scenarios… (`dialogs.compare`)."""
        return self.dialogs.compare()

    def show_analysis(self) -> "AnalysisWindow":
        """Analysis > Recommended routing, sensitivity, Monte Carlo… (`dialogs.analysis`)."""
        return self.dialogs.analysis()

    def show_plan(self) -> "PlanWindow":
        """Analysis > Recommend a plan… (`dialogs.plan`)."""
        return self.dialogs.plan()

    def show_catalog(self) -> "CatalogDialog":
        """Models > Add partner from catalog… (`dialogs.catalog`)."""
        return self.dialogs.catalog()

    def show_price_update(self) -> "PriceUpdateDialog":
        """Models > Update prices from catalog… (`dialogs.price_update`)."""
        return self.dialogs.price_update()

    def import_trace(self, path: Path | None = None) -> "TraceImportDialog | None":
        """Products > Import trace…, `path` skipping the file dialog (`dialogs.import_trace`)."""
        return self.dialogs.import_trace(path)

    def import_usage(self, path: Path | None = None) -> "UsageImportDialog | None":
        """Products > Import usage history…, as `import_trace` (`dialogs.import_usage`)."""
        return self.dialogs.import_usage(path)

    def restore_settings(self) -> bool:
        """Restore the docks and the window's geometry from the last session; False if no geometry.

        False too when Qt refuses the geometry (corrupt, or saved on a screen of another
        width); the docks are restored all the same, being the user's choice on any screen.
        A start is never in presentation mode, so never full screen: a geometry saved
        while presenting started full screen, and neither F11 nor Esc left it.
        """
        stored = settings()
        geometry, state = stored.value("window/geometry"), stored.value("window/state")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowFullScreen)
        if isinstance(state, QByteArray):  # after the geometry, which the docks' sizes fit
            self.restoreState(state)
        return restored

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved work; on a normal close remember the layout and drop the autosave."""
        if not self.files.confirm_discard():
            event.ignore()
            return
        stored = settings()
        stored.setValue("window/geometry", self.presentation.desk_geometry())
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
