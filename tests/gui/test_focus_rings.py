"""A focus ring on every kind of control, in both themes (finding 6).

Fusion's focus was a faint highlight (a combo box changed 7 pixels, the current table cell
1.2:1) or none (a chart, a slider in presentation mode). The keyboard's focus is now a
ring at least 2 px wide, in the theme's `focus` colour, 3:1 or more against what it covers.
"""

import numpy as np
import pytest
from keyboard_focus import focus_by_keyboard
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from gui.style.appearance import appearance, palette
from gui.style.theme import DARK, LIGHT
from gui.testing.testkit import find, trigger, wait_idle
from tests.contrast import contrast

pytestmark = pytest.mark.usefixtures("light_after")  # the theme is global

# Each kind of focusable control: what takes the focus, found from the window.
TARGETS = {
    "combo box": lambda w: find(w, "generationCombo"),
    "spin box": lambda w: find(w, "fillTargetSpin"),
    "slider": lambda w: find(w, "scaleSlider").focusProxy(),
    "slider's value box": lambda w: find(w, "scaleSliderValue"),
    "push button": lambda w: find(w, "fillFleetButton"),
    "tool button": lambda w: find(w, "forkButton"),
    "check box": lambda w: find(w, "modelEnabled_MAI_2"),
    "current table cell": lambda w: find(w, "routingTable"),
    "tab bar": lambda w: find(w, "tablesTabs").tabBar(),
    "chart": lambda w: find(w, "costChart"),
    "KPI tile": lambda w: find(w, "kpiTotalCost"),
}


def pixels(image: QImage) -> np.ndarray:
    """(h, w) colours as 0xRRGGBB integers."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), -1)
    return rows[:, : image.width()] & 0xFFFFFF


def shot(widget: QWidget) -> np.ndarray:
    """`widget` as the window shows it (over its parents' background: a box may be clear)."""
    window = widget.window()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return pixels(window.grab(area).toImage())


def ring_widths(before: np.ndarray, after: np.ndarray, color: QColor) -> list[tuple[int, float]]:
    """Per side of the ring (left, right, top, bottom): its width at the side's middle and
    its contrast with the colour it covered there or, where that was the control's edge
    (the ring takes its place), the colour just inside it."""
    ys, xs = np.nonzero(after == color.rgb() & 0xFFFFFF)
    assert xs.size, "no pixel of the ring's colour"
    top, bottom, left, right = ys.min(), ys.max(), xs.min(), xs.max()
    middle_y, middle_x = (top + bottom) // 2, (left + right) // 2
    lines = (
        (after[middle_y, left:], before[middle_y, left:]),
        (after[middle_y, right::-1], before[middle_y, right::-1]),
        (after[top:, middle_x], before[top:, middle_x]),
        (after[bottom::-1, middle_x], before[bottom::-1, middle_x]),
    )
    found = []
    for ring, covered in lines:
        width = int(np.argmin(ring == (color.rgb() & 0xFFFFFF)))
        around = {QColor(int(c)).name() for c in (*covered[:width], ring[width])}
        found.append((width, max(contrast(color.name(), c) for c in around)))
    return found


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", TARGETS)
def test_keyboard_focus_is_ringed_2_px_at_3_to_1(window, theme, kind):
    appearance().set_preference(theme, remember=False)
    wait_idle(window)
    target = TARGETS[kind](window)
    before = shot(target)
    focus_by_keyboard(target)
    assert QApplication.focusWidget() is target
    after = shot(target)
    ring = ring_widths(before, after, QColor(appearance().theme.focus))
    assert all(width >= 2 and ratio >= 3.0 for width, ratio in ring), ring


def test_a_slider_in_presentation_mode_is_ringed_as_wide_as_its_scale(window):
    """With the controls shown the scale may stay 1.0 to fit the screen; alone, 1.45x."""
    trigger(window, "presentationAction")
    assert appearance().style.ring_px == 3  # round(2 x 1.45)
    trigger(window, "controlsAction")
    slider = find(window, "pueSlider").focusProxy()
    before = shot(slider)
    focus_by_keyboard(slider)
    ring = ring_widths(before, shot(slider), QColor(LIGHT.focus))
    assert all(width >= 2 and ratio >= 3.0 for width, ratio in ring), ring
    assert min(width for width, _ratio in ring) == appearance().style.ring_px


def test_the_ring_follows_the_keyboard_not_a_click(window, qtbot):
    """Tab from one tile to the next moves the ring; a click (the mouse's focus) shows none."""
    first, second = find(window, "kpiTotalCost"), find(window, "kpiCapex")
    focus_by_keyboard(first)
    ring = QColor(LIGHT.focus).rgb() & 0xFFFFFF
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second
    assert (shot(second) == ring).any()
    assert not (shot(first) == ring).any()
    spin = find(window, "fillTargetSpin")
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    assert spin.hasFocus()
    assert not (shot(spin) == ring).any()
    assert not (shot(second) == ring).any()


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_the_focus_colour_has_3_to_1_on_every_surface_a_ring_sits_on(qapp, theme):
    roles = QPalette.ColorRole
    colors = palette(theme)
    surfaces = [colors.color(r).name() for r in (roles.Window, roles.Base, roles.Button)]
    surfaces += [colors.color(roles.Highlight).name()]  # a selected cell under the ring
    surfaces += [theme.background, theme.panel, theme.under_floor, theme.forbidden]
    assert min(contrast(theme.focus, s) for s in surfaces) >= 3.0
