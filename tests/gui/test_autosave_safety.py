"""Autosave: written soon after each edit (once per drag), owned by a lock, never a crash.

Time is driven by the autosave's own timer (restarted at 0 ms), never by sleeping.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from processes import offscreen_env
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QLabel

import gui.controllers.autosave as autosave_module
from gui.controllers.autosave import SETTLE_S, Autosave, orphans
from gui.settings import data_dir


@pytest.fixture
def writes(monkeypatch) -> list[Path]:
    """Every autosave written, in order (still written for real)."""
    written: list[Path] = []
    real = autosave_module.write_text_atomic

    def counted(path: Path, text: str) -> None:
        written.append(path)
        real(path, text)

    monkeypatch.setattr(autosave_module, "write_text_atomic", counted)
    return written


def _settle(window, qtbot) -> None:
    """Let the settle timer fire now, as it would 2 s after the last edit."""
    assert window.autosave.settle.isActive()
    window.autosave.settle.start(0)
    qtbot.waitUntil(lambda: not window.autosave.settle.isActive())


def test_an_edit_is_autosaved_once_it_settles_not_at_the_next_tick(window, qtbot, writes):
    autosave = window.autosave
    assert autosave.settle.interval() == SETTLE_S * 1000
    assert autosave.timer.interval() == 30_000  # the backstop stays
    window.document.edit({"fleet.scale": 6.0}, "scale")
    assert writes == []
    _settle(window, qtbot)
    assert writes == [autosave.path]
    assert json.loads(autosave.path.read_text())["workbook"]["fleet"]["scale"] == 6.0


def test_a_drag_is_written_once_after_it_ends(window, qtbot, writes):
    for step in range(60):  # one slider drag: every frame one merged edit
        window.document.edit({"fleet.scale": 1.1 + step / 10}, "Scale", merge_key="scale")
        assert window.autosave.settle.isActive()
    assert writes == []
    _settle(window, qtbot)
    assert writes == [window.autosave.path]


def test_undo_to_the_saved_state_writes_nothing_and_removes_the_autosave(window, writes):
    window.document.edit({"fleet.scale": 6.0}, "scale")
    window.autosave.write_if_modified()
    assert window.autosave.path.exists()
    window.document.undo_stack.undo()
    assert not window.autosave.settle.isActive()
    assert not window.autosave.path.exists()


def test_an_unwritable_folder_is_said_once_and_never_raised(window, monkeypatch):
    def denied(_path: Path, _text: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(autosave_module, "write_text_atomic", denied)
    window.document.edit({"fleet.scale": 6.0}, "scale")
    assert not window.autosave.write_if_modified()
    notices = window.findChildren(QLabel, "autosaveNotice")
    assert len(notices) == 1
    assert notices[0].isVisible()
    assert notices[0].text().startswith(f"Autosave is off: {data_dir()} could not be written")
    window.statusBar().showMessage("Not applied: something else", 8000)
    assert not window.autosave.write_if_modified()
    assert window.findChildren(QLabel, "autosaveNotice") == notices
    assert notices[0].isVisible()  # a permanent widget: other messages do not hide it

    monkeypatch.undo()
    assert window.autosave.write_if_modified()
    assert not notices[0].isVisible()
    assert window.autosave.off_reason is None


def test_a_lock_that_cannot_be_made_turns_autosave_off_not_the_app(window, tmp_path):
    elsewhere = Autosave(window.document, window.files, tmp_path / "gone", window)
    try:
        window.document.edit({"fleet.scale": 6.0}, "scale")
        assert not elsewhere.write_if_modified()
        assert elsewhere.off_reason.startswith(f"Autosave is off: {tmp_path / 'gone'}")
    finally:
        elsewhere.discard()


# --- who owns an autosave: its lock, not its process id ----------------------------------


@pytest.fixture
def unrelated_pid():
    """The process id of a running program that is not ScaleDeck (as after a reboot)."""
    with subprocess.Popen(["sleep", "120"]) as process:
        yield process.pid
        process.kill()


def _left_autosave(window, folder: Path, name: str) -> Path:
    """`window`'s autosave, moved to `name` as if a ScaleDeck that died had left it."""
    window.document.edit({"fleet.scale": 7.0}, "scale")
    window.autosave.write_if_modified()
    left = folder / name
    window.autosave.path.rename(left)
    return left


def test_an_autosave_is_offered_although_its_process_id_now_runs_another_program(
    window, unrelated_pid
):
    """An earlier ScaleDeck named its autosave by its process id alone."""
    folder = data_dir()
    left = _left_autosave(window, folder, f"autosave-{unrelated_pid}.scaledeck.json")
    assert orphans(folder) == [left]


def test_a_dead_writers_lock_is_stale_even_if_its_process_id_is_reused(window, unrelated_pid):
    folder = data_dir()
    left = _left_autosave(window, folder, f"autosave-{unrelated_pid}-0badf00d.scaledeck.json")
    lock_path = Path(f"{left}.lock")
    mine = QLockFile(str(tmp := folder / "probe.lock"))
    assert mine.tryLock(0)
    lines = tmp.read_text().splitlines()  # pid, program, host, machine and boot ids
    mine.unlock()
    lock_path.write_text("\n".join([str(unrelated_pid), *lines[1:]]) + "\n")
    assert orphans(folder) == [left]
    assert not lock_path.exists()  # checked, taken over and let go


def test_a_live_autosave_of_this_process_is_never_an_orphan(window):
    window.document.edit({"fleet.scale": 7.0}, "scale")
    window.autosave.write_if_modified()
    assert window.autosave.path.exists()
    assert orphans(data_dir()) == []


LIVE_INSTANCE = """
import time
import core
from gui.app import application, show_main_window
app = application()
window = show_main_window(core.default_scenario())
window.document.edit({"fleet.scale": 6.5}, "scale")
window.autosave.write_if_modified()
print(window.autosave.path, flush=True)
while True:
    app.processEvents()
    time.sleep(0.05)
"""


def test_another_running_scaledecks_autosave_is_not_taken_until_it_dies(tmp_path):
    env = offscreen_env(tmp_path)
    with subprocess.Popen(
        [sys.executable, "-c", LIVE_INSTANCE], env=env, stdout=subprocess.PIPE, text=True
    ) as other:
        try:
            assert other.stdout is not None
            theirs = Path(other.stdout.readline().strip())
            assert theirs.exists()
            assert orphans(tmp_path) == []  # running: its lock is held
        finally:
            other.kill()  # SIGKILL: the lock file stays, its holder is gone
            other.wait(timeout=60)
    assert orphans(tmp_path) == [theirs]
