"""Start the dashboard: the Qt application, a safety net for exceptions, the first window."""

import gc
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

import core
from gui.controllers.file_controller import message, problems_text
from gui.controllers.recovery import offer_recovery
from gui.main_window import MainWindow
from gui.share.images import write_png
from gui.style.appearance import Preference, appearance

log = logging.getLogger("scaledeck")
DEFAULT_SIZE = QSize(1600, 1000)
SETTLE_PASSES = 3  # event passes before a screenshot: each may post the next layout


def application(kind: type[QApplication] = QApplication) -> QApplication:
    """The one QApplication, created with ScaleDeck's name and a projector-friendly font.

    `kind` is the class to create it as (benchmarks.profile_move's times every event).
    """
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    # Qt's raster engine hands every fill or image blit taller than ~96 lines to its GUI
    # thread pool and waits for it: on two busy cores the hand-off cost more than the
    # painting (1.8 ms of CPU per slider move, docs/benchmarks.md). Serial painting.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = kind(sys.argv[:1])
    app.setApplicationName("ScaleDeck")
    app.setOrganizationName("ScaleDeck")
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    # The modules imported so far live as long as the process (a collection here finds a
    # few dozen objects): frozen, they are no longer scanned by every collection to come,
    # the full one of `show_main_window` included (~40 ms less to the first paint).
    gc.freeze()
    return app


def open_workbook(path: str | None) -> tuple[core.Workbook, Path | None, str | None]:
    """The file at `path`, or the default, with the problems in words when the file is bad."""
    default = core.make_workbook(core.default_scenario())
    if path is None:
        return default, None, None
    try:
        return core.load_workbook(path), Path(path), None
    except core.ScenarioError as error:
        return default, None, f"{problems_text(path, error)}\n\nShowing the default scenario."


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


def first_geometry(available: QRect) -> QRect:
    """The first window: 1600x1000, or the screen's free area if smaller, centred in it.

    The window manager's frame comes on top of this, so a screen smaller than the default
    gets its whole free area less a margin for the title bar, never more than it shows.
    """
    frame_w, frame_h = 16, 40  # a typical frame and title bar, so nothing starts off-screen
    size = DEFAULT_SIZE.boundedTo(QSize(available.width() - frame_w, available.height() - frame_h))
    centred = QRect(QPoint(0, 0), size)
    centred.moveCenter(available.center())
    return centred


def fits_screen(geometry: QRect, available: QRect) -> bool:
    """Whether a saved geometry may open again: in the free area, no larger than a first start.

    A geometry saved on a bigger screen ran under this one's edges, its title bar or
    buttons out of reach on a projector.
    """
    room = first_geometry(available).size()
    return available.contains(geometry) and room.expandedTo(geometry.size()) == room


def place_window(window: MainWindow) -> None:
    """The last session's geometry where it `fits_screen`, else a first start's.

    A geometry Qt refused (corrupt, or saved at 3840x2160 and opened at 1280x720) left the
    window top left at its minimum size; it now opens fitted and centred, as a first start.
    """
    restored = window.restore_settings()  # it moves the window to the screen it was on
    available = window.screen().availableGeometry()
    if not (restored and fits_screen(window.normalGeometry(), available)):
        window.setGeometry(first_geometry(available))


def show_main_window(
    book: core.Workbook | core.Scenario, path: Path | None = None, size: QSize | None = DEFAULT_SIZE
) -> MainWindow:
    """Build, size and show the main window, then settle memory for smooth interaction.

    After start-up, `gc.freeze()` moves the ~150,000 long-lived objects (Qt wrappers,
    chart items) out of the collector's reach: a full collection then scans only what
    was made since, instead of pausing a slider drag for ~40 ms.
    """
    window = MainWindow(book, path)
    if size is not None:
        window.resize(size)
    else:
        place_window(window)
    window.show()
    application().processEvents()
    gc.collect()
    gc.freeze()
    return window


def run_gui(path: str | None) -> int:
    """Open the main window on `path` (or the default) and run until it closes."""
    app = application()
    install_exception_dialog()
    appearance().load_preference()
    book, opened, problem = open_workbook(path)
    window = show_main_window(book, opened, size=None)
    if problem:
        message(window, QMessageBox.Icon.Warning, "openErrorDialog", "File not opened", problem)
    offer_recovery(window, window.document, window.files)
    return app.exec()


def screenshot(
    out: Path, book: core.Workbook, path: Path | None, size: QSize, theme: Preference
) -> QSize:
    """Render the main window on `book` offscreen at `size` in `theme` and write it as a PNG.

    The caller has read the file (a bad one is an error, not the default). Returns the
    image's size; OSError (with its errno) when `out` cannot be written.
    """
    application()
    appearance().set_preference(theme, remember=False)
    window = show_main_window(book, path, size)
    for _ in range(SETTLE_PASSES):  # layouts posted by the first pass (a chart's new width)
        application().processEvents()
    image: QImage = window.grab().toImage()
    window.autosave.discard()  # a render, not a session: no settings, no autosave
    window.hide()  # not close(): that would remember the layout
    window.deleteLater()
    write_png(image, out)
    return image.size()
