"""The window the next start opens: the last session's where it fits, never presentation's.

Quitting while presenting saved the full screen as the window's geometry: the next start
was full screen but not presenting, and neither F11 twice nor Esc left it. A geometry
Qt refused (corrupt, or saved on a 3840x2160 monitor and opened on a 1280x720 projector)
left the window top left at its minimum size; one larger than the screen ran under its
edges. Either now opens as a first start does: fitted to the screen and centred.
"""

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, Qt

import core
from gui.app import first_geometry, fits_screen, show_main_window
from gui.main_window import MainWindow
from gui.settings import settings
from gui.style.appearance import appearance
from gui.testing.testkit import trigger

GEOMETRY_MAGIC, GEOMETRY_VERSION = 0x1D9D0CB, 3  # QWidget::saveGeometry's format


def saved_geometry(normal: QRect, screen_width: int) -> QByteArray:
    """What `saveGeometry()` writes for a normal window at `normal` on a screen that wide."""
    data = QByteArray()
    stream = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    stream.setVersion(QDataStream.Version.Qt_4_0)
    stream.writeUInt32(GEOMETRY_MAGIC)
    stream.writeUInt16(GEOMETRY_VERSION)
    stream.writeUInt16(0)  # minor version
    stream << normal << normal  # frame and normal geometry (no frame offscreen)
    stream.writeInt32(0)  # screen number
    stream.writeUInt8(0)  # maximized
    stream.writeUInt8(0)  # full screen
    stream.writeInt32(screen_width)
    stream << normal  # geometry
    return data


@pytest.fixture
def start(qtbot) -> Iterator[Callable[[], MainWindow]]:
    """Start ScaleDeck as `scaledeck` does: the window placed from the saved settings."""
    started: list[MainWindow] = []

    def start() -> MainWindow:
        window = show_main_window(core.default_scenario(), size=None)
        started.append(window)
        return window

    yield start
    for window in started:
        window.presentation.set_active(False)
        window.autosave.discard()
        window.close()
        window.deleteLater()


def assert_placed_as_a_first_start(window: MainWindow) -> None:
    """At the first start's geometry (grown to the window's minimum where the screen is smaller)."""
    first = first_geometry(window.screen().availableGeometry())
    assert window.geometry().topLeft() == first.topLeft()
    assert window.size() == first.size().expandedTo(window.minimumSize())


def test_quitting_while_presenting_starts_a_normal_window_next_time(start, qtbot):
    window = start()
    desk, saved_at_the_desk = window.geometry(), window.saveGeometry()
    trigger(window, "presentationAction")
    assert window.isFullScreen()
    assert window.close()  # quit while presenting
    assert settings().value("window/geometry") == saved_at_the_desk  # not the full screen
    appearance().set_scale(1.0)  # a new process starts at the desk's scale

    again = start()
    assert not again.isFullScreen()
    assert again.windowState() == Qt.WindowState.WindowNoState
    assert not again.presentation.active
    assert again.geometry() == desk
    trigger(again, "presentationAction")  # F11 enters and leaves presentation mode
    assert again.isFullScreen()
    qtbot.keyClick(again.cost_chart, Qt.Key.Key_Escape)
    assert not again.isFullScreen()
    assert not again.presentation.active


def test_leaving_presentation_mode_gives_the_desk_window_back(start, qtbot):
    """The projector's scale grew the window: it came back bigger and in the screen's corner."""
    window = start()
    window.setGeometry(QRect(52, 42, 1400, 900))
    trigger(window, "presentationAction")
    assert window.isFullScreen()
    qtbot.keyClick(window.cost_chart, Qt.Key.Key_Escape)
    assert window.geometry() == QRect(52, 42, 1400, 900)


def test_a_full_screen_geometry_saved_by_an_earlier_session_starts_a_normal_window(start):
    earlier = start()
    earlier.setWindowState(Qt.WindowState.WindowFullScreen)
    settings().setValue("window/geometry", earlier.saveGeometry())
    earlier.setWindowState(Qt.WindowState.WindowNoState)

    window = start()
    assert window.restore_settings()
    assert not window.isFullScreen()
    assert window.windowState() == Qt.WindowState.WindowNoState


@pytest.mark.parametrize(
    "geometry",
    [
        QByteArray(b"\x01\x02garbage"),
        saved_geometry(QRect(2300, 1300, 1500, 820), screen_width=3840),  # Qt refuses it
        saved_geometry(QRect(50, 10, 1500, 780), screen_width=800),  # bigger than the screen
    ],
    ids=["corrupt", "from a 4K monitor", "bigger than the screen"],
)
def test_a_geometry_that_does_not_fit_opens_as_a_first_start(start, geometry):
    settings().setValue("window/geometry", geometry)
    assert_placed_as_a_first_start(start())


AVAILABLE = QRect(0, 0, 1280, 720)  # a projector


@pytest.mark.parametrize(
    ("geometry", "fitting"),
    [
        (first_geometry(AVAILABLE), True),
        (QRect(100, 30, 1150, 680), True),
        (QRect(1, 25, 1278, 694), False),  # Qt's own fit of a bigger one: its frame runs off
        (QRect(900, 500, 1200, 700), False),  # mostly off the screen
        (QRect(-200, 0, 800, 600), False),
    ],
)
def test_a_saved_geometry_fits_inside_the_free_area_and_no_larger_than_a_first_start(
    geometry, fitting
):
    assert fits_screen(geometry, AVAILABLE) is fitting


def test_a_geometry_on_a_second_screen_fits_there():
    second = QRect(1920, 30, 2560, 1410)
    assert fits_screen(QRect(2000, 100, 1600, 1000), second)
    assert not fits_screen(QRect(2000, 100, 1600, 1000), AVAILABLE)
