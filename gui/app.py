"""Start the dashboard: the Qt application, a safety net for exceptions, the first window."""

import gc
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
DEFAULT_SIZE = QSize(1600, 1000)


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


def show_main_window(
    scenario: core.Scenario, path: Path | None = None, size: QSize = DEFAULT_SIZE
) -> MainWindow:
    """Build, size and show the main window, then settle memory for smooth interaction.

    After start-up, `gc.freeze()` moves the ~150,000 long-lived objects (Qt wrappers,
    chart items) out of the collector's reach: a full collection then scans only what
    was made since, instead of pausing a slider drag for ~40 ms.
    """
    window = MainWindow(scenario, path)
    window.resize(size)
    window.show()
    application().processEvents()
    gc.collect()
    gc.freeze()
    return window


def run_gui(path: str | None) -> int:
    """Open the main window on `path` (or the default) and run until it closes."""
    app = application()
    install_exception_dialog()
    scenario, opened, problem = open_scenario(path)
    window = show_main_window(scenario, opened)
    if problem:
        QMessageBox.warning(window, "ScaleDeck: file not opened", problem)
    return app.exec()


def screenshot(out: str, path: str | None, size: QSize) -> int:
    """Render the main window offscreen at `size` and write it as a PNG."""
    application()
    scenario, opened, problem = open_scenario(path)
    if problem:
        print(problem, file=sys.stderr)
    window = show_main_window(scenario, opened, size)
    image: QImage = window.grab().toImage()
    window.close()
    if not image.save(out, "PNG"):
        print(f"error: could not write {out}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({image.width()}x{image.height()})")
    return 0
