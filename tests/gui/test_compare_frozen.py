"""Compare's every-year table keeps Measure and Scenario in sight while its years scroll.

At 1280x720, and more in presentation mode, the table scrolled sideways and its first two
columns went with it: in a meeting nobody knew which row was which. They are frozen (an
overlay over the table's left edge, `gui.dialogs.frozen_columns`).
"""

import pytest
from keyboard_focus import focus_by_keyboard
from keyboard_walk import names, walk
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QAccessible, QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView
from three_scenarios import LONG, open_three

from gui.style.appearance import appearance

FROZEN = "compareDecisionsTableFrozen"


@pytest.fixture
def cramped(scaledeck_window, tmp_path, monkeypatch):
    """Three scenarios, one with a long name, on a 1280x720 projector (Compare opens 1240x680)."""
    open_three(scaledeck_window, tmp_path)
    screen = scaledeck_window.screen()
    monkeypatch.setattr(screen, "availableGeometry", lambda: QRect(0, 0, 1280, 720))
    monkeypatch.setattr(scaledeck_window.presentation, "screen_width", lambda: 1280)
    yield scaledeck_window
    appearance().set_preference("light", remember=False)


def opened(window, qtbot):
    """Compare on the three scenarios, its tables fitted and the year picked scrolled to."""
    dialog = window.show_compare()
    dialog.set_picked(["Baseline", "B200 build", LONG])
    qtbot.waitExposed(dialog)
    qtbot.wait(300)
    return dialog


def frozen_in_sight(dialog) -> None:
    """The overlay lies over the table's left edge, its names and cells as the table's rows."""
    table = dialog.decisions
    overlay = dialog.findChild(QTableView, FROZEN)
    assert overlay is not None
    assert overlay.isVisible()
    viewport = table.viewport().geometry()
    assert overlay.geometry() == QRect(
        viewport.x(),
        table.horizontalHeader().y(),
        table.frozen_width(),
        table.horizontalHeader().height() + viewport.height(),
    )
    header = overlay.horizontalHeader()
    assert [header.sectionViewportPosition(c) for c in (0, 1)] == [0, overlay.columnWidth(0)]
    model = table.model()
    top = table.rowAt(0)
    assert overlay.rowAt(0) == top  # the same rows, at the same heights
    for row in range(top, table.rowAt(viewport.height() - 1) + 1):
        for column in (0, 1):
            cell = overlay.visualRect(model.index(row, column))
            assert cell.y() == table.visualRect(model.index(row, 2)).y()
            assert cell.height() == table.visualRect(model.index(row, 2)).height()
            assert overlay.viewport().rect().contains(cell.topLeft())


def drawn_at_left(table) -> tuple[str, str]:
    """The column name and cell drawn at the table's left edge, whatever view draws them."""
    model, corner = table.model(), table.viewport().geometry().topLeft()
    name, cell = (table.childAt(corner + QPoint(5, dy)) for dy in (-5, 5))  # their viewports
    column = name.parentWidget().logicalIndexAt(name.mapFrom(table, corner + QPoint(5, -5)))
    index = cell.parentWidget().indexAt(cell.mapFrom(table, corner + QPoint(5, 5)))
    return model.headerData(column, Qt.Orientation.Horizontal), model.data(index)


def whole_beside_the_frozen(table, column: int) -> bool:
    """Whether `column` is drawn whole in the table, right of the frozen columns."""
    left = table.columnViewportPosition(column)
    right = left + table.columnWidth(column)
    return left >= table.frozen_width() and right <= table.viewport().width()


@pytest.mark.parametrize("look", ["light", "dark", "presentation"])
def test_measure_and_scenario_stay_in_sight_scrolled_fully_right(cramped, qtbot, look):
    if look == "presentation":
        cramped.presentation.set_active(True)
    else:
        appearance().set_preference(look, remember=False)
    dialog = opened(cramped, qtbot)
    table = dialog.decisions
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    assert bar.maximum() > 0  # the years do not all fit: the table scrolls
    assert drawn_at_left(table) == ("Measure", "Present cost (USD, horizon)")
    frozen_in_sight(dialog)
    last = table.model().columnCount() - 1
    assert whole_beside_the_frozen(table, last)
    first = 2 + bar.value()  # the first scrolled column starts at the frozen ones' edge: none cut
    assert table.columnViewportPosition(first) == table.frozen_width()
    widest = max(table.columnWidth(c) for c in range(2, last + 1))
    assert table.frozen_width() + widest <= table.viewport().width()  # a year always fits
    # Scrolled down (the wheel over the names scrolls the table), the rows still line up.
    overlay = dialog.findChild(QTableView, FROZEN)
    wheel = QWheelEvent(
        QPointF(5, 40),
        QPointF(overlay.viewport().mapToGlobal(QPoint(5, 40))),
        QPoint(),
        QPoint(0, -240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(overlay.viewport(), wheel)
    assert table.verticalScrollBar().value() > 0
    frozen_in_sight(dialog)


def test_the_names_look_as_the_table_in_the_dark_theme(cramped, qtbot):
    """An empty frozen cell and an empty year cell are the one background, no border between."""
    appearance().set_preference("dark", remember=False)
    dialog = opened(cramped, qtbot)
    table = dialog.decisions
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    qtbot.wait(50)
    assert drawn_at_left(table)[0] == "Measure"
    picture = table.grab().toImage()
    model = table.model()
    row = 1  # the reference's present cost: no measure name (said once) and no yearly figure
    assert model.data(model.index(row, 0)) == model.data(model.index(row, 8)) == ""
    inside = table.viewport().geometry().topLeft()
    frozen = table.visualRect(model.index(row, 8)).center() + inside
    frozen.setX(inside.x() + 5)
    year = table.visualRect(model.index(row, 8)).center() + inside
    assert picture.pixelColor(frozen) == picture.pixelColor(year)


def test_the_year_picked_is_scrolled_to_beside_the_names(cramped, qtbot):
    cramped.presentation.set_active(True)
    dialog = opened(cramped, qtbot)
    table = dialog.decisions
    heads = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    for year in (2031, 2027, 2029):
        dialog.year.setValue(year)
        qtbot.wait(100)
        assert whole_beside_the_frozen(table, heads.index(str(year))), year
        frozen_in_sight(dialog)


def test_arrows_cross_every_column_and_tab_leaves_the_one_table(cramped, qtbot):
    dialog = opened(cramped, qtbot)
    table = dialog.decisions
    model = table.model()
    focus_by_keyboard(table)
    table.setCurrentIndex(model.index(4, 0))
    for column in range(1, model.columnCount()):
        QTest.keyClick(table, Qt.Key.Key_Right)
        assert table.currentIndex().column() == column
        assert column < 2 or whole_beside_the_frozen(table, column)
        frozen_in_sight(dialog)
    for column in reversed(range(model.columnCount() - 1)):
        QTest.keyClick(table, Qt.Key.Key_Left)
        assert table.currentIndex().column() == column
        assert column < 2 or whole_beside_the_frozen(table, column)
    stops = names(walk(table))
    assert FROZEN not in stops
    assert {"compareCopyButton", "compareExportButton"} <= set(stops)


def test_the_current_name_is_ringed_while_the_table_has_the_keyboard(cramped, qtbot):
    dialog = opened(cramped, qtbot)
    table = dialog.decisions
    overlay = dialog.findChild(QTableView, FROZEN)
    table.setCurrentIndex(table.model().index(4, 1))
    cell = overlay.visualRect(table.currentIndex())
    dialog.year.setFocus()
    qtbot.wait(20)
    away = overlay.viewport().grab(cell).toImage()
    focus_by_keyboard(table)
    qtbot.wait(20)
    assert overlay.viewport().grab(cell).toImage() != away


def test_a_click_on_a_name_selects_it_in_the_table_and_copies(cramped, qtbot):
    dialog = opened(cramped, qtbot)
    table = dialog.decisions
    overlay = dialog.findChild(QTableView, FROZEN)
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    index = table.model().index(3, 1)
    QTest.mouseClick(
        overlay.viewport(), Qt.MouseButton.LeftButton, pos=overlay.visualRect(index).center()
    )
    assert table.hasFocus()
    assert table.currentIndex() == index
    QGuiApplication.clipboard().clear()
    QTest.keySequence(table, Qt.Modifier.CTRL | Qt.Key.Key_C)
    assert QGuiApplication.clipboard().text().splitlines() == ["Scenario", "Baseline"]


def test_a_screen_reader_finds_one_table_per_tab(cramped, qtbot):
    """The overlay is drawn, never heard: the dialog's accessible tree holds the two tables."""
    dialog = opened(cramped, qtbot)
    assert dialog.findChild(QTableView, FROZEN) is not None
    tables = []
    faces = [QAccessible.queryAccessibleInterface(dialog)]
    while faces:
        face = faces.pop()
        if face.role() == QAccessible.Role.Table:
            tables.append(face.text(QAccessible.Text.Name))
            continue  # its children are its cells
        faces += [face.child(i) for i in range(face.childCount())]
    assert sorted(tables) == sorted(
        [dialog.decisions.accessibleName(), dialog.table.accessibleName()]
    )


def test_the_names_follow_a_new_comparison(cramped, qtbot):
    """Two scenarios picked after three: fewer rows and other widths, in the overlay too."""
    dialog = opened(cramped, qtbot)
    dialog.set_picked(["Baseline", "B200 build"])
    qtbot.wait(300)
    table = dialog.decisions
    overlay = dialog.findChild(QTableView, FROZEN)
    assert overlay.model().rowCount() == table.model().rowCount()
    columns = range(2, table.model().columnCount())
    assert [overlay.columnWidth(c) for c in columns] == [table.columnWidth(c) for c in columns]
    assert overlay.columnWidth(1) == table.columnWidth(1)  # the names fit: not narrowed
    rows = range(table.model().rowCount())
    assert [overlay.rowHeight(r) for r in rows] == [table.rowHeight(r) for r in rows]
    frozen_in_sight(dialog)


def test_an_export_to_a_missing_folder_names_the_file_and_why(cramped, qtbot, tmp_path):
    """It said "Not exported: [Errno 2] No such file or directory: '.x.xlsx.avlbuott.tmp'",
    the atomic write's temporary file."""
    dialog = opened(cramped, qtbot)
    path = tmp_path / "gone" / "x.xlsx"
    assert not dialog.export_to(path)
    said = dialog.message.text()
    assert said.startswith(f"Not exported: {path} could not be written: ")
    assert ".tmp" not in said
