"""Saving never writes over someone's file without asking, and never a read-only one.

Save As asks before replacing the file its suffix turned the typed name into; Save asks
when another program changed the file; a read-only file is refused; a symlink is
written through; the suggested name is one every filesystem takes.
"""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QFileDialog, QMessageBox

import core
from core.scenario.edits import with_changes
from gui.controllers.file_controller import OVERWRITE, SAVE_AS
from gui.controllers.save_target import UNSAFE_CHARACTERS, safe_file_name

Yes, Cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel


def _write(path: Path, name: str) -> None:
    core.save_workbook(
        core.make_workbook(with_changes(core.default_scenario(), {"name": name})), path
    )


def _name_in(path: Path) -> str:
    return core.load_workbook(path).baseline.name


@pytest.fixture
def typed(monkeypatch):
    """What the Save As dialog returns; `typed.suggested` is the name it was opened with."""

    class Typed:
        answer = ""
        suggested = ""

    def dialog(_parent, _title, suggested, _filter):
        Typed.suggested = suggested
        return Typed.answer, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return Typed


@pytest.mark.parametrize("name", ["plan", "plan.json"])
def test_save_as_asks_before_replacing_the_file_the_suffix_names(
    window, dialogs, typed, tmp_path, name
):
    colleague = tmp_path / "plan.scaledeck.json"
    _write(colleague, "Colleague's plan")
    window.document.edit({"fleet.scale": 6.0}, "scale")
    typed.answer = str(tmp_path / name)

    dialogs.answer("overwriteDialog", Cancel)
    assert not window.files.save_as_dialog()
    assert dialogs.names() == ["overwriteDialog"]
    assert "plan.scaledeck.json already exists" in dialogs.shown[0][1]
    assert _name_in(colleague) == "Colleague's plan"
    assert not window.document.undo_stack.isClean()

    dialogs.answer("overwriteDialog", Yes)
    assert window.files.save_as_dialog()
    assert core.load_workbook(colleague).baseline.fleet.scale == 6.0
    assert window.files.path == colleague


def test_a_name_typed_whole_is_not_asked_twice(window, dialogs, typed, tmp_path):
    """Qt's own dialog confirmed replacing the name as typed."""
    existing = tmp_path / "plan.scaledeck.json"
    _write(existing, "Old")
    typed.answer = str(existing)
    assert window.files.save_as_dialog()
    assert dialogs.names() == []
    assert _name_in(existing) == "Baseline"


@pytest.fixture
def opened(window, tmp_path) -> Path:
    """A file opened in the window, then edited (unsaved)."""
    path = tmp_path / "shared.scaledeck.json"
    _write(path, "Shared")
    assert window.files.open_file(path)
    window.document.edit({"fleet.scale": 3.0}, "scale")
    return path


def test_save_asks_when_another_program_changed_the_file(window, dialogs, typed, opened):
    _write(opened, "Edited by CFO")

    dialogs.answer("fileChangedDialog", Cancel)
    assert not window.files.save()
    assert _name_in(opened) == "Edited by CFO"
    assert not window.document.undo_stack.isClean()

    typed.answer = str(opened.with_name("mine.scaledeck.json"))
    dialogs.answer("fileChangedDialog", SAVE_AS)
    assert window.files.save()
    assert _name_in(opened) == "Edited by CFO"
    assert window.files.path == opened.with_name("mine.scaledeck.json")
    assert dialogs.names() == ["fileChangedDialog", "fileChangedDialog"]


def test_overwrite_writes_and_the_next_save_does_not_ask(window, dialogs, opened):
    _write(opened, "Edited by CFO")
    dialogs.answer("fileChangedDialog", OVERWRITE)
    assert window.files.save()
    assert _name_in(opened) == "Shared"
    window.document.edit({"fleet.scale": 4.0}, "scale")
    assert window.files.save()  # what is on disk is now what was saved here
    assert dialogs.names() == ["fileChangedDialog"]


def test_a_file_deleted_or_only_touched_meanwhile_is_simply_written(window, dialogs, opened):
    opened.write_bytes(opened.read_bytes())  # rewritten as it was: a new time, the same bytes
    assert window.files.save()
    window.document.edit({"fleet.scale": 5.0}, "scale")
    opened.unlink()
    assert window.files.save()
    assert core.load_workbook(opened).baseline.fleet.scale == 5.0
    assert dialogs.names() == []


def test_a_read_only_file_is_refused_and_the_work_stays_modified(window, dialogs, opened):
    before = opened.read_bytes()
    opened.chmod(0o444)
    assert not window.files.save()
    assert dialogs.names() == ["saveErrorDialog"]
    assert "read-only" in dialogs.shown[0][1]
    assert opened.read_bytes() == before
    assert not window.document.undo_stack.isClean()
    assert window.windowTitle().endswith("(modified)")


def test_a_symlink_is_written_through_to_its_target(window, tmp_path):
    target = tmp_path / "team" / "team.scaledeck.json"
    target.parent.mkdir()
    _write(target, "Team")
    link = tmp_path / "link.scaledeck.json"
    link.symlink_to(target)
    assert window.files.open_file(link)
    window.document.edit({"fleet.scale": 8.0}, "scale")
    assert window.files.save()
    assert link.is_symlink()
    assert core.load_workbook(target).baseline.fleet.scale == 8.0
    assert window.files.path == link


def test_save_as_suggests_a_file_name_every_system_takes(window, typed):
    window.document.rename("Q3/Q4: what if?")
    assert not window.files.save_as_dialog()  # the dialog is cancelled
    suggested = Path(typed.suggested)
    assert suggested.name == "Q3-Q4- what if.scaledeck.json"
    assert suggested.parent == Path.home()


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Board option B", "Board option B"),
        ("Präsentation – 東京 🚀", "Präsentation – 東京 🚀"),
        ("a\\b|c*d", "a-b-c-d"),
        ("..hidden.", "hidden"),
        ("con", "con scenario"),
        (" / ", "scenario"),
    ],
)
def test_safe_file_names_keep_the_name_readable(name, file_name):
    assert safe_file_name(name) == file_name


@given(st.text(max_size=400))
def test_a_safe_file_name_is_always_one(name):
    cleaned = safe_file_name(name)
    assert cleaned
    assert not UNSAFE_CHARACTERS.search(cleaned)
    assert not cleaned.startswith(".")
    assert not cleaned.endswith((".", " "))
    assert len((cleaned + ".scaledeck.json").encode()) <= 255
