"""Scenario flows in the window: files, variants, undo, compare, autosave and recovery."""

import json
import select
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import names
from processes import offscreen_env
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QMenu, QMessageBox, QToolButton, QUndoView

import core
from core.scenario.edits import with_changes
from gui.controllers.autosave import orphans
from gui.controllers.recovery import offer_recovery
from gui.settings import recent_files

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
Discard, Cancel = QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel


@pytest.fixture
def book_file(tmp_path) -> Path:
    base = core.default_scenario()
    scaled = with_changes(base, {"name": "Scale 6x", "fleet.scale": 6.0})
    path = tmp_path / "plan.scaledeck.json"
    core.save_workbook(core.make_workbook(base, (scaled,)), path)
    return path


def test_open_a_good_file(make_window, book_file):
    win = make_window()
    assert win.files.open_file(book_file)
    assert win.document.book == core.load_workbook(book_file)
    assert win.document.undo_stack.isClean()
    assert win.windowTitle() == "ScaleDeck - Baseline - plan.scaledeck.json"
    assert str(book_file.resolve()) in recent_files()


@pytest.mark.parametrize("name", names())
def test_open_a_bad_file_says_why_and_changes_nothing(make_window, dialogs, name, hostile_folder):
    win = make_window()
    win.document.edit({"fleet.scale": 3.0}, "before")
    before = (win.document.book, win.document.current, win.files.path)
    assert not win.files.open_file(hostile_folder / name, confirmed=True)
    assert dialogs.names() == ["openErrorDialog"]
    with pytest.raises(core.ScenarioError) as caught:
        core.load_workbook(hostile_folder / name)
    assert str(caught.value.problems[0]) in dialogs.shown[0][1]  # as `scaledeck validate` says
    assert (win.document.book, win.document.current, win.files.path) == before


def test_save_then_reopen_is_equal(make_window, tmp_path):
    win = make_window()
    win.document.edit({"fleet.scale": 4.5}, "scale")
    win.document.fork("Cheaper power")
    win.document.edit({"fleet.electricity_usd_per_kwh": 0.05}, "power")
    target = tmp_path / "saved"  # the suffix is added
    assert win.files.save_to(target)
    saved = tmp_path / "saved.scaledeck.json"
    assert win.files.path == saved
    assert win.document.undo_stack.isClean()
    assert "(modified)" not in win.windowTitle()
    other = make_window()
    assert other.files.open_file(saved)
    assert other.document.book == win.document.book


def test_failed_save_says_why_and_stays_modified(make_window, dialogs, tmp_path, monkeypatch):
    win = make_window()
    win.document.edit({"fleet.scale": 2.0}, "scale")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(core, "save_workbook", disk_full)
    assert not win.files.save_to(tmp_path / "x.scaledeck.json")
    assert dialogs.names() == ["saveErrorDialog"]
    assert "the disk is full" in dialogs.shown[0][1]
    assert not win.document.undo_stack.isClean()
    assert win.windowTitle().endswith("(modified)")
    assert win.files.path is None


def test_undo_redo_sequence_and_title(make_window):
    win = make_window()
    doc = win.document
    states = [doc.book]
    for changes in ({"fleet.scale": 2.0}, {"levers.in_house_shift": 0.4}, {"fleet.pue": 1.3}):
        doc.edit(changes, "edit")
        states.append(doc.book)
    assert win.windowTitle().endswith("(modified)")
    for expected in reversed(states[:-1]):
        doc.undo_stack.undo()
        assert doc.book == expected
    assert doc.undo_stack.isClean()
    assert not win.windowTitle().endswith("(modified)")
    for expected in states[1:]:
        doc.undo_stack.redo()
        assert doc.book == expected
    assert win.findChild(QUndoView, "historyView").stack() is doc.undo_stack


def test_variants_fork_rename_switch_delete_and_undo(make_window, dialogs):
    win = make_window()
    doc = win.document
    win.findChild(QToolButton, "forkButton").click()
    assert doc.book.names == ["Baseline", "Baseline copy"]
    assert doc.current == "Baseline copy"
    dialogs.answer("renameDialog", "Scale 8x")
    win.findChild(QToolButton, "renameButton").click()
    doc.edit({"fleet.scale": 8.0}, "scale")
    combo = win.findChild(QComboBox, "scenarioCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Baseline", "Scale 8x"]
    combo.setCurrentText("Baseline")
    assert doc.current == "Baseline"
    assert doc.scenario.fleet.scale == 1.0
    assert not win.findChild(QToolButton, "deleteButton").isEnabled()  # the baseline stays
    combo.setCurrentText("Scale 8x")
    win.findChild(QToolButton, "deleteButton").click()
    assert doc.book.names == ["Baseline"]
    doc.undo_stack.undo()
    assert doc.book.names == ["Baseline", "Scale 8x"]
    assert doc.current == "Scale 8x"  # undo shows what it restored


def test_undo_of_an_edit_on_another_variant_switches_to_it(make_window):
    win = make_window()
    doc = win.document
    doc.fork("Variant")
    doc.edit({"fleet.scale": 5.0}, "scale variant")
    doc.switch("Baseline")
    doc.undo_stack.undo()
    assert doc.current == "Variant"
    assert doc.scenario.fleet.scale == 1.0


def test_reset_to_baseline_is_one_undoable_step(make_window):
    win = make_window()
    doc = win.document
    doc.fork("Bold")
    doc.edit({"fleet.scale": 9.0, "levers.price_shock": 2.0}, "bold")
    steps = doc.undo_stack.count()
    win.findChild(QAction, "resetAction").trigger()
    assert doc.scenario == with_changes(core.default_scenario(), {"name": "Bold"})
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    assert doc.scenario.fleet.scale == 9.0


def test_compare_view_shows_the_table_and_overlaid_series(make_window, book_file):
    win = make_window()
    win.files.open_file(book_file)
    dialog = win.show_compare()
    assert dialog.picked() == ["Baseline", "Scale 6x"]
    table = dialog.model
    columns = [table.headerData(i, Qt.Orientation.Horizontal) for i in range(table.columnCount())]
    assert columns == ["Baseline", "Scale 6x", "Scale 6x\nΔ", "Scale 6x\nΔ%"]
    rows = [table.headerData(i, Qt.Orientation.Vertical) for i in range(table.rowCount())]
    gpus = rows.index("GPUs")
    assert table.data(table.index(gpus, 0)) == "15,000"
    assert table.data(table.index(gpus, 2)) == "+75,000"
    assert table.data(table.index(gpus, 3)) == "+500%"
    for chart in dialog.charts:
        assert set(chart.lines) == {"Baseline", "Scale 6x"}
        assert (
            chart.lines["Baseline"].opts["pen"].style() == Qt.PenStyle.DashLine
        )  # the reference is dashed
    dialog.set_picked(["Baseline"])
    assert "at least two" in dialog.message.text()
    dialog.close()


def test_new_asks_about_unsaved_work(make_window, dialogs):
    win = make_window()
    win.document.edit({"fleet.scale": 3.0}, "scale")
    dialogs.answer("unsavedChangesDialog", Cancel)
    assert not win.files.new_document()
    assert win.document.scenario.fleet.scale == 3.0
    # It asked "Save the changes to this scenario?": neither the work nor the change named
    assert dialogs.shown[-1] == (
        "unsavedChangesDialog",
        "Save the changes to a new workbook (never saved to a file)?\nLast change: scale.",
    )
    dialogs.answer("unsavedChangesDialog", Discard)
    assert win.files.new_document()
    assert win.document.scenario == core.default_scenario()
    assert win.document.undo_stack.count() == 0


def test_autosave_is_written_and_recovery_offered_in_a_new_window(make_window, dialogs, data_dir):
    win = make_window()
    win.document.fork("Night plan")
    win.document.edit({"fleet.scale": 7.0}, "scale")
    win.autosave.write_if_modified()
    assert win.autosave.path.exists()
    dead = _dead_pid()
    win.autosave.path.rename(data_dir / f"autosave-{dead}.scaledeck.json")  # as if it crashed
    assert orphans(data_dir)
    dialogs.answer("recoveryDialog", Yes)
    fresh = make_window()
    assert offer_recovery(fresh, fresh.document, fresh.files)
    assert fresh.document.current == "Night plan"
    assert fresh.document.scenario.fleet.scale == 7.0
    assert not fresh.document.undo_stack.isClean()  # recovered work is not saved yet
    assert not orphans(data_dir)


def test_corrupt_autosave_is_reported_and_skipped(make_window, dialogs, data_dir):
    corrupt = data_dir / f"autosave-{_dead_pid()}.scaledeck.json"
    corrupt.write_text('{"autosave": {"pid": 1}, "workbook": {"schema_version": 2, "name": 5')
    win = make_window()
    assert not offer_recovery(win, win.document, win.files)
    assert dialogs.names() == ["autosaveCorruptDialog"]
    assert win.document.scenario == core.default_scenario()
    assert not corrupt.exists()
    assert corrupt.with_name(corrupt.name + ".corrupt").exists()


def test_save_and_normal_close_remove_the_autosave(make_window, tmp_path):
    win = make_window()
    win.document.edit({"fleet.scale": 3.0}, "scale")
    win.autosave.write_if_modified()
    assert win.autosave.path.exists()
    win.files.save_to(tmp_path / "a.scaledeck.json")
    assert not win.autosave.path.exists()
    win.document.edit({"fleet.scale": 4.0}, "scale")
    win.autosave.write_if_modified()
    win.files.save()
    assert win.close()
    assert not win.autosave.path.exists()


def test_window_geometry_and_state_are_remembered(make_window):
    from gui.settings import settings

    win = make_window()
    assert not win.restore_settings()  # a first start has nothing to restore
    win.history_dock.show()
    assert win.close()
    assert not settings().value("window/geometry").isEmpty()
    again = make_window()
    assert again.restore_settings()  # (offscreen, the geometry is clamped to its small screen)
    assert again.history_dock.isVisible()


def read_line(stream, timeout_s: float) -> str:
    """The next line of a child's output, or a failure after `timeout_s` (never a hang)."""
    ready, _, _ = select.select([stream], [], [], timeout_s)
    assert ready, f"no output within {timeout_s} s"
    return stream.readline()


def test_kill_9_then_restart_offers_the_edits_back(tmp_path):
    """The acceptance flow across real processes: edit, autosave, kill -9, restart, recover."""
    env = offscreen_env(tmp_path, SCALEDECK_AUTOSAVE_SECONDS="0.2")
    with subprocess.Popen(
        [sys.executable, "-c", EDIT_AND_WAIT], env=env, stdout=subprocess.PIPE, text=True
    ) as editor:
        try:
            assert editor.stdout is not None
            assert read_line(editor.stdout, timeout_s=60).strip() == "autosaved"
        finally:
            editor.kill()  # SIGKILL: no close event, no cleanup
            editor.wait(timeout=60)
    done = subprocess.run(
        [sys.executable, "-c", RESTART_AND_RECOVER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "offered": True,
        "scale": 6.5,
        "current": "Kill test",
    }


EDIT_AND_WAIT = """
import time
import core
from gui.app import application, show_main_window
app = application()
window = show_main_window(core.default_scenario())
window.document.fork("Kill test")
window.document.edit({"fleet.scale": 6.5}, "scale")
while not window.autosave.path.exists():
    app.processEvents()
    time.sleep(0.05)
print("autosaved", flush=True)
while True:
    app.processEvents()
    time.sleep(0.05)
"""

RESTART_AND_RECOVER = """
import json
from PySide6.QtWidgets import QMessageBox
import core
from gui.app import application, show_main_window
from gui.controllers.recovery import offer_recovery
application()
asked = []
QMessageBox.exec = lambda box: asked.append(box.objectName()) or QMessageBox.StandardButton.Yes
window = show_main_window(core.default_scenario())
recovered = offer_recovery(window, window.document, window.files)
print(json.dumps({"offered": asked == ["recoveryDialog"] and recovered,
                  "scale": window.document.scenario.fleet.scale, "current": window.document.current}))
window.autosave.discard()
"""


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=60)
    return process.pid


def test_revert_reloads_the_file_after_asking(make_window, dialogs, book_file):
    win = make_window()
    win.files.open_file(book_file)
    win.document.edit({"fleet.scale": 9.0}, "scale")
    dialogs.answer("unsavedChangesDialog", Discard)
    win.findChild(QAction, "revertAction").trigger()
    assert win.document.book == core.load_workbook(book_file)
    assert win.document.undo_stack.isClean()


def test_open_recent_lists_and_opens_files(make_window, book_file, tmp_path):
    first = make_window()
    first.files.open_file(book_file)
    other = tmp_path / "other.scaledeck.json"
    first.files.save_to(other)
    win = make_window()
    recent = win.findChild(QMenu, "recentMenu")
    recent.aboutToShow.emit()
    names = [a.text() for a in recent.actions()]
    assert names == ["&1 other.scaledeck.json", "&2 plan.scaledeck.json"]
    recent.actions()[1].trigger()
    assert win.files.path == book_file
    assert win.document.book == core.load_workbook(book_file)


def test_compare_view_follows_variants_deleted_or_edited_while_open(make_window, book_file):
    win = make_window()
    win.files.open_file(book_file)
    dialog = win.show_compare()
    win.document.switch("Scale 6x")
    win.document.edit({"fleet.scale": 7.0}, "scale")
    assert dialog.comparison.cell("gpus", "Scale 6x", "value") == pytest.approx(105_000)
    win.document.delete("Scale 6x")
    assert dialog.picked() == ["Baseline"]
    assert "at least two" in dialog.message.text()
    dialog.close()


def test_a_closed_compare_view_does_no_more_work(make_window, book_file, qtbot):
    import shiboken6

    win = make_window()
    win.files.open_file(book_file)
    dialog = win.show_compare()
    dialog.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # deleted, so disconnected
    win.document.edit({"fleet.scale": 2.0}, "scale")  # must not touch the dead dialog
    assert win.show_compare().isVisible()


def test_the_undo_history_is_bounded(qtbot):
    from gui.document import UNDO_LIMIT, ScenarioDocument

    document = ScenarioDocument(core.default_scenario())
    assert document.undo_stack.undoLimit() == UNDO_LIMIT
    for step in range(UNDO_LIMIT + 5):
        document.edit({"fleet.scale": 1.0 + (step % 90) / 10}, f"step {step}")
    assert document.undo_stack.count() == UNDO_LIMIT
    document.deleteLater()


def test_a_long_drag_is_one_step_and_leaves_no_commands_behind(qtbot):
    """Qt's own merging deleted the C++ command but PySide kept its Python half alive."""
    import gc

    from gui.document import ScenarioDocument, _ChangeState

    document = ScenarioDocument(core.default_scenario())
    for step in range(200):
        document.edit({"fleet.scale": 1.0 + step / 25}, f"Scale: {step}", merge_key="scale")
    document.end_merge()
    document.edit({"fleet.pue": 1.3}, "PUE")
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, _ChangeState)]
    assert document.undo_stack.count() == 2
    assert len(alive) == 2
    assert document.undo_stack.text(0) == "Scale: 199"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.scenario.fleet.scale == 1.0
    document.deleteLater()


def test_compare_colours_each_change_by_what_it_means(make_window, book_file):
    """Scale 6x against the baseline in 2029: idle capital is worse, lower risk is better."""
    from PySide6.QtGui import QColor

    from core.summary.direction import change_direction
    from gui.style.appearance import appearance

    win = make_window()
    win.files.open_file(book_file)
    dialog = win.show_compare()
    table, comparison = dialog.model, dialog.comparison
    rows = [table.headerData(i, Qt.Orientation.Vertical) for i in range(table.rowCount())]
    theme_colors = {"better": "good", "worse": "warning"}

    def verdict(label: str) -> str | None:
        color = table.data(table.index(rows.index(label), 2), Qt.ItemDataRole.ForegroundRole)
        theme = appearance().theme
        found = [
            k
            for k, role in theme_colors.items()
            if color is not None and QColor(getattr(theme, role)).name() == color.name()
        ]
        return found[0] if color is not None and found else None

    utilization = [comparison.cell("utilization", n, "value") for n in comparison.names]
    assert utilization[0] > 0.5 > utilization[1]  # in the band, then idle
    assert verdict("Utilization (% busy)") == "worse"
    assert verdict("Total cost (USD/yr)") == "worse"
    assert verdict("Cloud burst (USD/yr)") in (None, "better")
    assert table.data(table.index(rows.index("GPUs"), 2), Qt.ItemDataRole.ForegroundRole) is None
    risk = [comparison.cell("risk_index", n, "value") for n in comparison.names]
    direction = change_direction("risk_index", *risk)  # equal risk reads "same": no colour
    assert verdict("Risk index (0-100)") == (direction if direction in theme_colors else None)
    assert "Partner HHI (outside providers' shares of all tokens, 0-10,000)" in rows
    dialog.close()
