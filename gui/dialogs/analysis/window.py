"""The Analysis window: three tabs over the scenario on screen."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget
from superqt.utils import GeneratorWorker

from gui.dialogs.analysis.frontier_tab import FrontierTab
from gui.dialogs.analysis.montecarlo_tab import MonteCarloTab
from gui.dialogs.analysis.tornado_tab import TornadoTab
from gui.document import ScenarioDocument


class AnalysisWindow(QDialog):
    """Recommended routing and frontier, sensitivity tornado, Monte Carlo ranges."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisWindow")
        self.setWindowTitle(f"Analysis - {document.current}")
        self.setAttribute(
            Qt.WidgetAttribute.WA_DeleteOnClose
        )  # closed: no work per edit, no threads
        self.resize(1400, 860)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("analysisTabs")
        self.frontier = FrontierTab(document, self)
        self.tornado = TornadoTab(document, self)
        self.monte_carlo = MonteCarloTab(document, self)
        self.tabs.addTab(self.frontier, "Recommended routing")
        self.tabs.addTab(self.tornado, "Sensitivity")
        self.tabs.addTab(self.monte_carlo, "Monte Carlo")
        QVBoxLayout(self).addWidget(self.tabs)

    def done(self, result: int) -> None:
        """Closing stops any running worker first."""
        self.frontier.cancel()  # stops at its next point
        running = [w for w in (self.frontier.worker, self.monte_carlo.worker) if w is not None]
        for worker in running:
            worker.quit()  # Monte Carlo stops at its next chunk
        if running:
            GeneratorWorker.await_workers(msecs=10_000)
        super().done(result)
