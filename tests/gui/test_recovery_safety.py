"""Recovery: the work comes back as it was, is never without a copy, and never stops a start.

Each test leaves an autosave as a ScaleDeck that died would (written, then renamed so no
running ScaleDeck holds its lock) and recovers it in a second window.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import core
import gui.controllers.autosave as autosave_module
import gui.controllers.recovery as recovery_module
from core.scenario.edits import with_changes
from gui.controllers.autosave import orphans
from gui.controllers.recovery import offer_recovery
from gui.settings import data_dir
from gui.testing.testkit import find

Yes, No, Cancel = (
    QMessageBox.StandardButton.Yes,
    QMessageBox.StandardButton.No,
    QMessageBox.StandardButton.Cancel,
)


@pytest.fixture
def restart(make_window):
    """A second window, as the next start opens it (1600x1000, as the first: tiles word
    their deltas alike); closed without prompts after the test, its autosave dropped."""
    return make_window


def _dead_autosave() -> Path:
    """An autosave's name as a ScaleDeck that died would have left it (an earlier one's too)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=60)
    return data_dir() / f"autosave-{process.pid}.scaledeck.json"


def _crash(window) -> Path:
    """Write `window`'s autosave and leave it as a ScaleDeck that died would."""
    window.autosave.write_if_modified()
    left = _dead_autosave()
    window.autosave.path.rename(left)
    return left


@pytest.fixture
def plan(window, tmp_path) -> Path:
    """A saved file (the default, scale 1) opened in `window`, then scaled to 6x in 2030."""
    path = tmp_path / "plan.scaledeck.json"
    core.save_scenario(core.default_scenario(), path)
    assert window.files.open_file(path)
    window.document.edit({"fleet.scale": 6.0}, "scale")
    window.document.set_year(2030)
    return path


def test_recovered_work_is_autosaved_before_the_old_autosave_goes(
    window, restart, dialogs, monkeypatch
):
    window.document.edit({"fleet.scale": 6.0}, "scale")
    left = _crash(window)
    old_still_there: list[bool] = []
    real = autosave_module.write_text_atomic

    def watched(path: Path, text: str) -> None:
        old_still_there.append(left.exists())
        real(path, text)

    monkeypatch.setattr(autosave_module, "write_text_atomic", watched)
    fresh = restart()
    dialogs.answer("recoveryDialog", Yes)
    assert offer_recovery(fresh, fresh.document, fresh.files)
    assert old_still_there == [True]  # never a moment without a copy
    assert not left.exists()
    saved = json.loads(fresh.autosave.path.read_text())  # a crash now loses nothing
    assert saved["workbook"]["fleet"]["scale"] == 6.0


def test_if_the_recovered_work_cannot_be_autosaved_the_old_autosave_stays(
    window, restart, dialogs, monkeypatch
):
    window.document.edit({"fleet.scale": 6.0}, "scale")
    left = _crash(window)

    def disk_full(_path: Path, _text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(autosave_module, "write_text_atomic", disk_full)
    fresh = restart()
    dialogs.answer("recoveryDialog", Yes)
    assert offer_recovery(fresh, fresh.document, fresh.files)
    assert fresh.document.scenario.fleet.scale == 6.0
    assert orphans(data_dir()) == [left]  # offered again at the next start
    assert "the disk is full" in fresh.autosave.off_reason


def test_recovered_work_compares_with_the_file_as_saved_in_the_year_it_showed(
    window, restart, dialogs, plan
):
    delta = find(window, "kpiTotalCostDelta").text()
    _crash(window)
    fresh = restart()
    dialogs.answer("recoveryDialog", Yes)
    assert offer_recovery(fresh, fresh.document, fresh.files)
    assert fresh.document.reference == core.load_scenario(plan)
    assert fresh.document.year == 2030
    assert find(fresh, "kpiTotalCostDelta").text() == delta
    assert fresh.files.path == plan
    assert fresh.document.reset_to_baseline()
    assert fresh.document.scenario.fleet.scale == 1.0


def test_a_file_changed_after_the_crash_is_asked_about_before_saving(
    window, restart, dialogs, plan
):
    _crash(window)
    colleague = with_changes(core.default_scenario(), {"name": "Edited by CFO"})
    core.save_scenario(colleague, plan)
    fresh = restart()
    dialogs.answer("recoveryDialog", Yes)
    assert offer_recovery(fresh, fresh.document, fresh.files)
    dialogs.answer("fileChangedDialog", Cancel)
    assert not fresh.files.save()
    assert core.load_scenario(plan).name == "Edited by CFO"


def test_an_autosave_of_an_earlier_scaledeck_is_recovered_as_it_was(restart, dialogs):
    scaled = with_changes(core.default_scenario(), {"fleet.scale": 4.0})
    old = {
        "autosave": {"pid": 31999, "file": None, "current": "Baseline", "saved_at": "then"},
        "workbook": json.loads(core.scenario.files.workbook_to_json(core.make_workbook(scaled))),
    }
    _dead_autosave().write_text(json.dumps(old))
    fresh = restart()
    dialogs.answer("recoveryDialog", Yes)
    assert offer_recovery(fresh, fresh.document, fresh.files)
    assert "does not record the saved baseline" in dialogs.shown[0][1]
    assert fresh.document.reference == scaled  # as that version did
    assert fresh.document.scenario == scaled


def _newer(window) -> str:
    left = _crash(window)
    data = json.loads(left.read_text())
    left.unlink()
    data["workbook"]["schema_version"] = core.SCHEMA_VERSION + 1
    return json.dumps(data)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_newer, "update ScaleDeck to open it"),
        (lambda window: " " * (11 * 2**20), "it is 11.0 MB; ScaleDeck opens at most 10 MB"),
    ],
    ids=["newer version", "over the size limit"],
)
def test_an_autosave_this_version_cannot_open_is_left_where_it_is(
    window, restart, dialogs, make, reason
):
    window.document.edit({"fleet.scale": 6.0}, "scale")
    text = make(window)
    kept = _dead_autosave()
    kept.write_text(text)
    for _start in range(2):  # said at every start, never renamed nor deleted
        fresh = restart()
        assert not offer_recovery(fresh, fresh.document, fresh.files)
        assert kept.read_text() == text
    assert dialogs.names() == ["autosaveNotOpenedDialog"] * 2
    assert reason in dialogs.shown[0][1]
    assert str(kept) in dialogs.shown[0][1]
    assert [p.name for p in data_dir().glob("*.corrupt")] == []


def test_a_cut_short_autosave_is_set_aside(window, restart, dialogs):
    window.document.edit({"fleet.scale": 6.0}, "scale")
    left = _crash(window)
    left.write_text(left.read_text()[:500])
    fresh = restart()
    assert not offer_recovery(fresh, fresh.document, fresh.files)
    assert dialogs.names() == ["autosaveCorruptDialog"]
    assert left.with_name(left.name + ".corrupt").exists()


# --- nothing escapes: a start always goes on ---------------------------------------------


def test_a_data_folder_that_cannot_be_made_is_said(restart, dialogs, monkeypatch):
    def denied() -> Path:
        raise PermissionError(13, "Permission denied", "/profile/ScaleDeck")

    monkeypatch.setattr(recovery_module, "data_dir", denied)
    fresh = restart()
    assert not offer_recovery(fresh, fresh.document, fresh.files)
    assert dialogs.names() == ["autosaveErrorDialog"]
    assert "/profile/ScaleDeck: permission denied" in dialogs.shown[0][1]


def test_a_corrupt_autosave_that_cannot_be_set_aside_is_said_and_stays(
    restart, dialogs, monkeypatch
):
    corrupt = _dead_autosave()
    corrupt.write_bytes(b"\x00\xff" * 100)

    def denied(_path: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(recovery_module, "set_aside", denied)
    fresh = restart()
    assert not offer_recovery(fresh, fresh.document, fresh.files)
    assert dialogs.names() == ["autosaveCorruptDialog"]
    assert "could not be set aside: permission denied" in dialogs.shown[0][1]
    assert str(corrupt) in dialogs.shown[0][1]
    assert corrupt.exists()


@pytest.mark.parametrize("answer", [Yes, No], ids=["accepted", "declined"])
def test_an_autosave_that_cannot_be_removed_is_said_not_raised(
    window, restart, dialogs, monkeypatch, answer
):
    """A read-only data folder: the start went on to exit 1 with 'Your scenario is unchanged'."""
    window.document.edit({"fleet.scale": 6.0}, "scale")
    left = _crash(window)
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == left:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    fresh = restart()
    dialogs.answer("recoveryDialog", answer)
    assert offer_recovery(fresh, fresh.document, fresh.files) == (answer == Yes)
    assert dialogs.names() == ["recoveryDialog", "autosaveErrorDialog"]
    assert f"The autosave {left} could not be removed" in dialogs.shown[1][1]
    assert left.exists()


def test_whatever_an_autosave_holds_the_start_goes_on(window, restart, dialogs, monkeypatch):
    window.document.edit({"fleet.scale": 6.0}, "scale")
    left = _crash(window)

    def broken(_path: Path) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(recovery_module, "read_recovery", broken)
    fresh = restart()
    assert not offer_recovery(fresh, fresh.document, fresh.files)
    assert dialogs.names() == ["autosaveErrorDialog"]
    assert f"Recovering the autosave {left} failed (a bug of ours)" in dialogs.shown[0][1]
    assert left.exists()


def test_the_recovery_question_says_when_as_a_person_would():
    """It showed the file's raw '2026-12-07T06:26:09'."""
    from datetime import datetime

    from gui.controllers.recovery import saved_when

    now = datetime(2026, 12, 7, 9, 30)
    assert saved_when("2026-12-07T06:26:09", now) == "today at 06:26"
    assert saved_when("2026-12-05T18:02:00", now) == "on 5 Dec 2026 at 18:02"
    assert saved_when("an unknown time", now) == "at an unknown time"
