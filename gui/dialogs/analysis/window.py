"""The Analysis window: three tabs over the scenario on screen."""

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from gui.dialogs.analysis.frontier_tab import FrontierTab
from gui.dialogs.analysis.montecarlo_tab import MonteCarloTab
from gui.dialogs.analysis.tornado_tab import TornadoTab
from gui.dialogs.widgets import fit_to_screen
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
        fit_to_screen(self, 1400, 860)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("analysisTabs")
        self.frontier = FrontierTab(document, self)
        self.tornado = TornadoTab(document, self)
        self.monte_carlo = MonteCarloTab(document, self)
        self.tabs.addTab(self.frontier, "Recommended routing")
        self.tabs.addTab(self.tornado, "Sensitivity")
        self.tabs.addTab(self.monte_carlo, "Monte Carlo")
        QVBoxLayout(self).addWidget(self.tabs)
        app = QCoreApplication.instance()
        if app is not None:  # quitting with the window open stops its runs too
            app.aboutToQuit.connect(self.stop_runs)  # a method: Qt drops it with the window

    def done(self, result: int) -> None:
        """Closing stops any running worker, without waiting for it."""
        self.stop_runs()
        super().done(result)

    def stop_runs(self) -> None:
        """Stop each running worker at its next point or chunk; nothing it returns is shown.

        A frontier point can take seconds: nothing waits for it here.
        """
        self.frontier.cancel()
        for worker in (self.frontier.worker, self.monte_carlo.worker):
            if worker is not None:
                worker.quit()
