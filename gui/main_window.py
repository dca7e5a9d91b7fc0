"""The main window: controls left, KPI tiles on top, charts in the centre, tables below."""

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QMainWindow, QScrollArea, QSplitter, QVBoxLayout, QWidget

import core
from gui.charts.risk_charts import QualityChart, RiskPanel
from gui.charts.time_charts import CapacityChart, CostChart
from gui.controls import ControlPanel
from gui.document import ScenarioDocument
from gui.kpi_tiles import KpiBar
from gui.tables import TablesPanel

CONTROL_WIDTH = 270


class MainWindow(QMainWindow):
    """One screen: everything an executive needs, nothing to scroll at 1600x1000."""

    def __init__(self, scenario: core.Scenario, path: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.document = ScenarioDocument(scenario, self)
        self.path = path
        self.controls = ControlPanel(self.document)
        scroll = QScrollArea(self)
        scroll.setObjectName("controlScroll")
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setFixedWidth(CONTROL_WIDTH)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.kpis = KpiBar(self.document)
        self.cost_chart = CostChart(self.document)
        self.capacity_chart = CapacityChart(self.document)
        self.risk_panel = RiskPanel(self.document)
        self.quality_chart = QualityChart(self.document)
        self.tables = TablesPanel(self.document)
        charts = QWidget(self)
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.cost_chart, 0, 0, 1, 2)
        grid.addWidget(self.capacity_chart, 0, 2, 1, 2)
        for column, chart in enumerate(
            (
                self.risk_panel.external,
                self.risk_panel.providers,
                self.risk_panel.index,
                self.quality_chart,
            )
        ):
            grid.addWidget(chart, 1, column)
            grid.setColumnStretch(column, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("centreSplitter")
        split.addWidget(charts)
        split.addWidget(self.tables)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 250])
        centre = QWidget(self)
        column_layout = QVBoxLayout(centre)
        column_layout.setContentsMargins(6, 6, 6, 6)
        column_layout.addWidget(self.kpis)
        column_layout.addWidget(split, 1)
        body = QWidget(self)
        row = QGridLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(scroll, 0, 0)
        row.addWidget(centre, 0, 1)
        self.setCentralWidget(body)
        self._build_menus()
        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self.document.editRejected.connect(
            lambda text: self.statusBar().showMessage(f"Not applied: {text}", 8000)
        )
        self.statusBar().setObjectName("statusBar")
        self._update_title()

    def _build_menus(self) -> None:
        edit = self.menuBar().addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("undoAction")
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setObjectName("redoAction")
        edit.addAction(undo)
        edit.addAction(redo)
        reset = QAction("Reset to &baseline", self)
        reset.setObjectName("resetAction")
        reset.triggered.connect(
            lambda: self.document.replace(self.document.baseline, "Reset to baseline")
        )
        edit.addAction(reset)

    def _update_title(self, *_clean: bool) -> None:
        if not shiboken6.isValid(self.document.undo_stack):
            return  # the stack says "clean" once more while the window is being destroyed
        name = self.document.scenario.name
        modified = "" if self.document.undo_stack.isClean() else " (modified)"
        where = f" - {self.path.name}" if self.path else ""
        self.setWindowTitle(f"ScaleDeck - {name}{where}{modified}")
