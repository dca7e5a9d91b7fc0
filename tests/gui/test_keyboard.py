"""The dashboard by keyboard: Tab goes once round the window in screen order and leaves
every table; a slider tells a screen reader its value; Escape in a value box cancels the
edit there; a key hold or a typed value is one undo step.
"""

import itertools

from keyboard_walk import hold, names, press, tab_leaves, walk
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

from gui.controls.keyboard import SliderKeys
from gui.controls.sliders import GROUPS
from gui.controls.specs import SLIDERS
from gui.testing.testkit import find, trigger, wait_idle
from gui.views.charts.base import Chart

SLIDER_ORDER = [spec.name for group in GROUPS for spec in SLIDERS if spec.group == group]
MAIN_TABLES = {  # objectName: its tab
    "routingTable": 0,
    "productsTable": 1,
    "productInputsTable": 1,
    "modelsTable": 2,
    "modelInputsTable": 2,
    "sourcesTable": 3,
    "gpuTcoTable": 3,
    "planRoutingByYearTable": 4,
}
ROW_PX = 4  # centres closer than this in height sit on one row


def accessible(widget: QWidget, text: QAccessible.Text) -> str:
    """What a screen reader is told of `widget`."""
    return QAccessible.queryAccessibleInterface(widget).text(text)


def reads_in_order(widgets: list[QWidget]) -> bool:
    """The widgets come row by row, top to bottom and left to right on each row."""
    window = widgets[0].window()
    centres = [w.mapTo(window, w.rect().center()) for w in widgets]
    return all(
        b.y() > a.y() + ROW_PX or (abs(b.y() - a.y()) <= ROW_PX and b.x() > a.x())
        for a, b in itertools.pairwise(centres)
    )


def inside(stops: list[QWidget], holder: QWidget) -> list[QWidget]:
    return [stop for stop in stops if holder.isAncestorOf(stop)]


def test_tab_goes_once_round_the_window_in_screen_order(window):
    stops = walk(find(window, "scenarioCombo"))
    order = names(stops)
    assert order[:3] == ["scenarioCombo", "forkButton", "renameButton"]  # Delete, Compare: off
    controls = inside(stops, window.controls)
    assert [n for n in names(controls) if n in SLIDER_ORDER] == SLIDER_ORDER
    assert {f"{name}Value" for name in SLIDER_ORDER} <= set(order)  # each value box too
    assert reads_in_order(controls)
    charts = [stop for stop in stops if isinstance(stop, Chart)]
    assert sorted(names(charts)) == sorted(c.objectName() for c in window.charts())
    assert reads_in_order(charts)
    tables = inside(stops, window.tables)
    assert "routingTable" in names(tables)
    sections = [[*stops[:3]], controls, inside(stops, window.kpis), charts, tables]
    placed = [stops.index(stop) for section in sections for stop in section]
    assert placed == sorted(placed) == list(range(len(stops)))  # nothing else, nothing between


def test_shift_tab_goes_the_same_way_back(window):
    start = find(window, "scenarioCombo")
    forth = walk(start)
    assert walk(start, Qt.Key.Key_Backtab) == [forth[0], *reversed(forth[1:])]


def test_tab_reaches_every_control_and_chart_in_presentation_mode(window):
    trigger(window, "presentationAction")
    trigger(window, "controlsAction")  # the sliders back for a live what-if
    order = names(walk(window.controls.year))
    assert [n for n in order if n in SLIDER_ORDER] == SLIDER_ORDER
    assert {c.objectName() for c in window.charts()} <= set(order)


def test_tab_leaves_every_table_under_the_charts(window):
    for name, tab in MAIN_TABLES.items():
        window.tables.setCurrentIndex(tab)
        wait_idle(window)
        view = window.findChild(QTableView, name)
        assert view.model().rowCount() > 0, name  # an empty table lets Tab go anyway
        assert tab_leaves(view), name


def test_the_tables_under_the_charts_are_named_in_words(window):
    routing = window.findChild(QTableView, "routingTable")
    name = QAccessible.Text.Name
    assert accessible(routing, name) == "Routing: share of each product's tokens by model"
    for table in MAIN_TABLES:
        said = accessible(window.findChild(QTableView, table), name)
        assert said != table
        assert len(said.split()) >= 3, said


def test_a_slider_tells_a_screen_reader_its_value_and_unit(window):
    described = QAccessible.Text.Description
    for name in SLIDER_ORDER:
        slider = window.controls.slider(name)
        assert accessible(slider.focusProxy(), described).startswith(slider._label.text()), name
    inner = window.controls.slider("scaleSlider").focusProxy()
    assert accessible(inner, described) == "1.0 times"
    inner.setFocus()
    press(Qt.Key.Key_PageUp)
    assert accessible(inner, described) == "2.0 times"
    trigger(window, "undoAction")  # the panel follows the scenario with its signals blocked
    assert accessible(inner, described) == "1.0 times"
    capex = window.controls.slider("capexSlider").focusProxy()
    assert accessible(capex, described).endswith(" thousand dollars")


def type_into(qtbot, box: QLineEdit, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_escape_in_a_value_box_gives_the_slider_value_back_and_applies_nothing(window, qtbot):
    box = find(window, "scaleSliderValue")
    type_into(qtbot, box, "7")
    press(Qt.Key.Key_Escape)
    assert box.text() == "1.0"
    press(Qt.Key.Key_Tab)  # leaving the box applied the discarded 7
    wait_idle(window)
    assert window.document.scenario.fleet.scale == 1.0
    assert window.document.undo_stack.count() == 0


def test_escape_meant_for_a_value_box_leaves_presentation_mode_on(window, qtbot):
    trigger(window, "presentationAction")
    trigger(window, "controlsAction")
    box = find(window, "scaleSliderValue")
    type_into(qtbot, box, "5")
    press(Qt.Key.Key_Escape)
    assert window.presentation.active
    assert box.text() == "1.0"
    press(Qt.Key.Key_Escape)  # nothing typed now: Escape leaves presentation mode as ever
    assert not window.presentation.active


def steps(window) -> list[str]:
    stack = window.document.undo_stack
    return [stack.text(i) for i in range(stack.count())]


def test_a_held_arrow_key_is_one_undo_step(window):
    inner = window.controls.slider("inHouseShiftSlider").focusProxy()
    inner.setFocus()
    hold(inner, Qt.Key.Key_Right, repeats=20)
    wait_idle(window)
    assert steps(window) == ["In-house shift: 21"]
    hold(inner, Qt.Key.Key_Right, repeats=0)  # pressed again: a step of its own
    wait_idle(window)
    assert steps(window) == ["In-house shift: 21", "In-house shift: 22"]


def test_a_pause_in_a_hold_whose_release_went_elsewhere_ends_its_step(window):
    slider = window.controls.slider("inHouseShiftSlider")
    inner = slider.focusProxy()
    inner.setFocus()
    hold(inner, Qt.Key.Key_Right, repeats=2, release=False)
    keys = slider.findChild(SliderKeys)
    assert keys.pause.isActive()
    keys.pause.timeout.emit()  # the pause has run out
    hold(inner, Qt.Key.Key_Right, repeats=2)
    wait_idle(window)
    assert steps(window) == ["In-house shift: 3", "In-house shift: 6"]


def test_each_typed_value_is_an_undo_step_of_its_own(window, qtbot):
    scale = window.controls.slider("scaleSlider")
    box = find(window, "scaleSliderValue")
    scale.focusProxy().setFocus()
    hold(scale.focusProxy(), Qt.Key.Key_Right, repeats=0)
    for text in ("2", "3"):
        type_into(qtbot, box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    scale.focusProxy().setFocus()
    hold(scale.focusProxy(), Qt.Key.Key_Right, repeats=0)
    wait_idle(window)
    assert steps(window) == ["Scale: 1.1", "Scale: 2", "Scale: 3", "Scale: 3.1"]
    trigger(window, "undoAction")
    assert scale.value() == 3.0
    trigger(window, "undoAction")
    assert scale.value() == 2.0
