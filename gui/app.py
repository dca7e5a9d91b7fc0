"""Start the dashboard: the Qt application, a safety net for exceptions, the first window."""

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

import core
from gui.main_window import MainWindow

log = logging.getLogger("scaledeck")


def application() -> QApplication:
    """The one QApplication, created with ScaleDeck's name and a projector-friendly font."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ScaleDeck")
    app.setOrganizationName("ScaleDeck")
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    return app


def open_scenario(path: str | None) -> tuple[core.Scenario, Path | None, str | None]:
    """The scenario at `path`, or the default with the problems in words when it is bad."""
    if path is None:
        return core.default_scenario(), None, None
    try:
        return core.load_scenario(path), Path(path), None
    except core.ScenarioError as error:
        problems = "\n".join(f"• {p}" for p in error.problems)
        return (
            core.default_scenario(),
            None,
            f"{path} could not be opened:\n{problems}\n\nShowing the default scenario.",
        )


def install_exception_dialog() -> None:
    """An exception in a slot is logged and shown; the app keeps running (no crash in a demo)."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        log.error("Unhandled exception:\n%s", text)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "ScaleDeck: something went wrong",
            f"{kind.__name__}: {error}\n\nYour scenario is unchanged; the details are in the log.",
        )
        box.setObjectName("errorDialog")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def run_gui(path: str | None) -> int:
    """Open the main window on `path` (or the default) and run until it closes."""
    app = application()
    install_exception_dialog()
    scenario, opened, problem = open_scenario(path)
    window = MainWindow(scenario, opened)
    window.resize(1600, 1000)
    window.show()
    if problem:
        QMessageBox.warning(window, "ScaleDeck: file not opened", problem)
    return app.exec()


def screenshot(out: str, path: str | None, size: QSize) -> int:
    """Render the main window offscreen at `size` and write it as a PNG."""
    app = application()
    scenario, opened, problem = open_scenario(path)
    if problem:
        print(problem, file=sys.stderr)
    window = MainWindow(scenario, opened)
    window.resize(size)
    window.show()
    app.processEvents()
    image: QImage = window.grab().toImage()
    window.close()
    if not image.save(out, "PNG"):
        print(f"error: could not write {out}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({image.width()}x{image.height()})")
    return 0
