"""The plan window in a 1280x720 screen's room: the whole comparison after a run, and a
frontier that says what it waits for before one (docs/user-guide.md, "The plan window")."""

import pytest
from plans import run_plan
from PySide6.QtCore import QPoint, QRect

from gui.style.appearance import appearance

ROOM = (1280, 690)  # a 1280x720 screen less the title bar


@pytest.fixture
def small_plan(qtbot, scaledeck_window):
    """The plan window over the default scenario in a 1280x720 screen's room, a quick run."""
    dialog = scaledeck_window.show_plan()
    dialog.resize(*ROOM)
    dialog.inputs.frontier_points.setValue(3)
    dialog.inputs.draws.setValue(0)
    qtbot.wait(20)
    return dialog


def _row_seen(dialog, table, row: int) -> bool:
    """Every cell of `row` of `table` shows whole: in the table's viewport, not clipped by
    what holds the table (a scroll area), and in the window."""
    viewport = table.viewport()
    for column in range(table.columnCount()):
        cell = table.visualRect(table.model().index(row, column))  # in the viewport's terms
        if not viewport.rect().contains(cell):  # scrolled out inside the table
            return False
        if viewport.visibleRegion().intersected(cell).boundingRect() != cell:
            return False  # clipped by a scroll area around the table
        in_window = QRect(viewport.mapTo(dialog, cell.topLeft()), cell.size())
        if not dialog.rect().contains(in_window):
            return False
    return True


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_row_of_the_comparison_shows_after_a_run_at_1280_by_720(qtbot, small_plan, theme):
    """Only "Present cost" showed: the other four rows were scrolled out of sight with the
    inputs, under a table an executive had to scroll to."""
    appearance().set_preference(theme, remember=False)  # the fixture puts the system's back
    run_plan(qtbot, small_plan)
    qtbot.wait(50)
    table = small_plan.summary.table
    assert table.rowCount() == 5
    for row in range(table.rowCount()):
        name = table.item(row, 0).text()
        assert _row_seen(small_plan, table, row), f"{name} is out of sight"
    for control in (small_plan.run_button, small_plan.cancel_button, small_plan.apply_button):
        on_window = QRect(control.mapTo(small_plan, QPoint(0, 0)), control.size())
        assert small_plan.rect().contains(on_window), control.objectName()
        assert control.visibleRegion().boundingRect() == control.rect(), control.objectName()


def test_before_a_run_the_frontier_says_to_run_and_after_one_shows_its_plans(qtbot, small_plan):
    """Before a run it showed empty 0.2-0.8 axes and a legend of four items, unexplained."""
    frontier = small_plan.frontier
    assert frontier.note is not None
    assert frontier.note.isVisible()
    assert "Run" in frontier.note.textItem.toPlainText()
    assert not frontier.legend.isVisible()
    assert not frontier.plot_item.getAxis("left").isVisible()
    view = frontier.plot_item.vb
    qtbot.waitUntil(
        lambda: view.sceneBoundingRect().contains(frontier.note.sceneBoundingRect()), timeout=3000
    )
    run_plan(qtbot, small_plan)
    assert not frontier.note.isVisible()
    assert frontier.legend.isVisible()
    assert frontier.points.data.size > 0


def test_a_run_without_a_frontier_says_so_on_the_chart(qtbot, small_plan):
    """No frontier asked for (0 points): the chart must not still say to Run."""
    run_plan(qtbot, small_plan)
    small_plan.inputs.frontier_points.setValue(0)
    run_plan(qtbot, small_plan)
    note = small_plan.frontier.note
    assert note.isVisible()
    assert note.textItem.toPlainText().startswith("No frontier")
    assert small_plan.frontier.points.data.size == 0
