"""A value typed but not yet committed (no Enter, no click elsewhere) is never lost.

A cell editor and a slider's value box apply what is typed only when they lose focus.
A shortcut, a menu or a scenario-bar button takes none: Ctrl+S saved without the value,
Close, New and Open dropped it unasked, and after Delete or Fork on the scenario bar it
landed in whichever scenario was on screen later (Delete: in the baseline). As Excel
does, each of them now commits the open edit first (`commit_pending_edit`).
"""

from pathlib import Path

import pytest
from keyboard_walk import activate, press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTableView

import core
from gui.testing.testkit import find, trigger, wait_idle

Cancel = QMessageBox.StandardButton.Cancel
Ctrl = Qt.KeyboardModifier.ControlModifier
TYPED = {"cell": "35", "box": "7"}  # a MAI-2 routing share (%), the scale


def type_without_enter(window, qtbot, where: str) -> None:
    """Type into the GitHub Copilot / MAI-2 routing cell, or the Scale value box; no Enter."""
    activate(window)
    if where == "cell":
        table = window.findChild(QTableView, "routingTable")
        model = table.model()
        columns = range(model.columnCount())
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
        index = model.index(0, next(c for c, h in enumerate(headers) if h.startswith("MAI-2")))
        table.setFocus()
        table.setCurrentIndex(index)
        table.edit(index)
        editor = QApplication.focusWidget()
    else:
        editor = find(window, "scaleSliderValue")
        editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, TYPED[where])
    assert not typed_in(window.document.scenario, where)  # not committed yet


def typed_in(scenario: core.Scenario, where: str) -> bool:
    """Whether `scenario` holds what `type_without_enter` typed at `where`."""
    if where == "cell":
        return scenario.products[0].routing.get("MAI-2") == 0.35
    return scenario.fleet.scale == 7.0


@pytest.fixture
def opened(window, tmp_path) -> Path:
    path = tmp_path / "meeting.scaledeck.json"
    core.save_workbook(core.make_workbook(core.default_scenario()), path)
    assert window.files.open_file(path)
    return path


@pytest.mark.parametrize("where", ["cell", "box"])
def test_ctrl_s_saves_the_value_being_typed(window, qtbot, opened, where):
    type_without_enter(window, qtbot, where)
    press(Qt.Key.Key_S, Ctrl)
    assert typed_in(core.load_workbook(opened).baseline, where)
    assert window.document.undo_stack.isClean()
    assert not window.windowTitle().endswith("(modified)")


@pytest.mark.parametrize("where", ["cell", "box"])
def test_close_asks_about_the_value_being_typed(window, dialogs, qtbot, opened, where):
    type_without_enter(window, qtbot, where)
    dialogs.answer("unsavedChangesDialog", Cancel)
    window.close()
    assert dialogs.names() == ["unsavedChangesDialog"]
    assert window.isVisible()
    assert typed_in(window.document.scenario, where)


@pytest.mark.parametrize("key", [Qt.Key.Key_N, Qt.Key.Key_O], ids=["new", "open"])
def test_new_and_open_ask_before_the_value_being_typed_is_dropped(
    window, dialogs, qtbot, opened, monkeypatch, key
):
    asked_for_a_file = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_args: asked_for_a_file.append(True) or (str(opened), "")),
    )
    type_without_enter(window, qtbot, "cell")
    dialogs.answer("unsavedChangesDialog", Cancel)
    press(key, Ctrl)
    assert dialogs.names() == ["unsavedChangesDialog"]
    assert asked_for_a_file == []
    assert typed_in(window.document.scenario, "cell")


def test_open_recent_and_save_as_take_the_value_being_typed(
    window, dialogs, qtbot, opened, monkeypatch
):
    type_without_enter(window, qtbot, "box")
    dialogs.answer("unsavedChangesDialog", Cancel)
    assert not window.files.open_file(opened)  # what Open Recent calls
    assert dialogs.names() == ["unsavedChangesDialog"]
    copy = opened.with_name("copy.scaledeck.json")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(copy), "")))
    type_without_enter(window, qtbot, "cell")
    assert window.files.save_as_dialog()
    saved = core.load_workbook(copy).baseline
    assert typed_in(saved, "cell")
    assert typed_in(saved, "box")


@pytest.mark.parametrize("where", ["cell", "box"])
def test_delete_on_the_scenario_bar_never_puts_the_value_in_the_baseline(window, qtbot, where):
    window.document.fork()
    type_without_enter(window, qtbot, where)
    qtbot.mouseClick(find(window, "deleteButton"), Qt.MouseButton.LeftButton)
    find(window, "costChart").setFocus()  # the user clicks elsewhere
    wait_idle(window)
    doc = window.document
    assert doc.book.names == ["Baseline"]
    assert not typed_in(doc.book.baseline, where)
    trigger(window, "undoAction")  # the variant comes back with what was typed in it
    assert typed_in(doc.book.named("Baseline copy"), where)


@pytest.mark.parametrize("where", ["cell", "box"])
def test_fork_copies_the_variant_with_the_value_typed_in_it(window, qtbot, where):
    window.document.fork()
    type_without_enter(window, qtbot, where)
    qtbot.mouseClick(find(window, "forkButton"), Qt.MouseButton.LeftButton)
    find(window, "costChart").setFocus()
    wait_idle(window)
    book = window.document.book
    assert book.names == ["Baseline", "Baseline copy", "Baseline copy 2"]
    assert typed_in(book.named("Baseline copy"), where)
    assert typed_in(book.named("Baseline copy 2"), where)
    assert not typed_in(book.baseline, where)


def test_a_switch_commits_into_the_scenario_typed_in(window, qtbot):
    window.document.fork()
    type_without_enter(window, qtbot, "cell")
    window.document.switch("Baseline")  # as the Edit menu, a shortcut or a tester would
    wait_idle(window)
    assert typed_in(window.document.book.named("Baseline copy"), "cell")
    assert not typed_in(window.document.book.baseline, "cell")
