"""The first window fits the screen it opens on: 1600x1000 where there is room, less where not."""

import pytest
from PySide6.QtCore import QRect

from gui.app import DEFAULT_SIZE, first_geometry, show_main_window


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        (QRect(0, 0, 1280, 720), QRect(0, 0, 1264, 680)),
        (QRect(0, 0, 1366, 768), QRect(0, 0, 1350, 728)),
        (QRect(0, 0, 1920, 1080), QRect(160, 40, 1600, 1000)),
        (QRect(1920, 30, 2560, 1410), QRect(2400, 235, 1600, 1000)),  # a second screen
    ],
)
def test_the_first_geometry_fits_the_free_area_and_is_centred(screen, expected):
    got = first_geometry(screen)
    assert got.size() == expected.size()
    assert screen.contains(got)
    assert abs(got.center().x() - screen.center().x()) <= 1
    assert abs(got.center().y() - screen.center().y()) <= 1


def test_the_default_size_is_kept_where_it_fits():
    assert first_geometry(QRect(0, 0, 3840, 2160)).size() == DEFAULT_SIZE


def test_a_first_launch_takes_the_first_geometry_and_fits_a_1280_by_720_screen(
    qtbot, tmp_path, monkeypatch
):
    import core

    monkeypatch.setenv("SCALEDECK_DATA_DIR", str(tmp_path))  # no saved geometry
    window = show_main_window(core.default_scenario(), size=None)
    qtbot.addWidget(window)
    wanted = first_geometry(window.screen().availableGeometry()).size()
    assert window.size() == wanted.expandedTo(window.minimumSize())
    small_screen = first_geometry(QRect(0, 0, 1280, 720)).size()
    assert window.minimumSize().boundedTo(small_screen) == window.minimumSize()
    window.close()
