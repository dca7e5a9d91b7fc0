"""The plan window on a 1280x720 projector, and its build chart with nothing to draw
(docs/user-guide.md, "The plan window")."""

from dataclasses import replace

import pytest
from plans import run_plan
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from gui.style.appearance import appearance

PROJECTOR = QRect(0, 0, 1280, 720)
ALWAYS_SHOWN = (
    "planRunButton",
    "planCancelButton",
    "planProgress",
    "planMessage",
    "planApplyButton",
)


@pytest.fixture
def plan_window(scaledeck_window):
    """The plan window over the default scenario (the fixture closes it)."""
    dialog = scaledeck_window.show_plan()
    dialog.inputs.frontier_points.setValue(0)  # the deterministic plan alone: ~0.1 s
    return dialog


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_run_cancel_apply_and_the_message_are_on_a_1280_by_720_screen(
    qtbot, monkeypatch, scaledeck_window, theme
):
    """The whole left column scrolled, and on a 1280x720 projector it was taller than the
    window: Apply and the message were below the window's bottom, out of reach."""
    monkeypatch.setattr(scaledeck_window.screen(), "availableGeometry", lambda: PROJECTOR)
    appearance().set_preference(theme, remember=False)  # the fixture puts the system's back
    dialog = scaledeck_window.show_plan()
    dialog.inputs.frontier_points.setValue(0)
    dialog.move(PROJECTOR.topLeft())  # where the window manager keeps a window this size
    run_plan(qtbot, dialog)
    qtbot.wait(50)
    assert PROJECTOR.contains(dialog.frameGeometry())
    for name in ALWAYS_SHOWN:
        control = dialog.findChild(QWidget, name)
        on_screen = QRect(control.mapToGlobal(QPoint(0, 0)), control.size())
        assert PROJECTOR.contains(on_screen), f"{name} at {on_screen}"
        assert control.visibleRegion().boundingRect() == control.rect(), f"{name} is cut"


def test_an_empty_build_chart_says_why_and_lists_no_generation(qtbot, plan_window):
    """A plan that buys nothing listed all nine generations over empty axes."""
    build = plan_window.build
    run_plan(qtbot, plan_window)
    assert build.legend.items
    plan = plan_window.run_result.plan
    build.show_plan(replace(plan, build={year: {} for year in plan.build}))
    assert build.legend.items == []
    assert not build.legend.isVisible()
    assert build.note.isVisible()
    assert build.note.textItem.toPlainText() == "No GPUs bought in this plan"
    # placed on the view's resize and range signals: the layout's pass may come after
    qtbot.waitUntil(
        lambda: build.plot_item.vb.sceneBoundingRect().contains(build.note.sceneBoundingRect()),
        timeout=3000,
    )
    build.show_plan(plan)
    assert not build.note.isVisible()


def test_before_a_run_the_build_chart_says_to_run(plan_window):
    build = plan_window.build
    assert build.legend.items == []
    assert build.note.isVisible()
    assert build.note.textItem.toPlainText() == "Run the plan to see what it builds"
    assert build.plot_item.vb.sceneBoundingRect().contains(build.note.sceneBoundingRect())
