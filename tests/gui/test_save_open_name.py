"""Save writes the file that is open, whatever its name.

`scaledeck new plan.json` makes a scenario file without the `.scaledeck.json` ending. Save
on it wrote `plan.scaledeck.json` instead, unasked: a colleague's file of that name was
replaced, and the `plan.json` the CLI commands read never got the change. Only Save As
gives a typed name the ending, and it asks before replacing a file.
"""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

import core
from core.scenario.edits import with_changes

Save = QMessageBox.StandardButton.Save


def _write(path: Path, name: str) -> None:
    core.save_workbook(
        core.make_workbook(with_changes(core.default_scenario(), {"name": name})), path
    )


@pytest.fixture
def plan(window, tmp_path) -> Path:
    """`plan.json` open and edited, a colleague's `plan.scaledeck.json` beside it."""
    path = tmp_path / "plan.json"
    _write(path, "Plan")
    _write(tmp_path / "plan.scaledeck.json", "Colleague's plan")
    assert window.files.open_file(path)
    window.document.edit({"fleet.scale": 8.0}, "scale")
    return path


def _untouched(plan: Path) -> bool:
    return core.load_workbook(plan.with_name("plan.scaledeck.json")).baseline.name == (
        "Colleague's plan"
    )


def test_save_writes_the_open_json_file_and_leaves_its_neighbour(window, dialogs, plan):
    assert window.files.save()
    assert dialogs.names() == []
    assert core.load_workbook(plan).baseline.fleet.scale == 8.0
    assert _untouched(plan)
    assert window.files.path == plan
    assert window.windowTitle() == "ScaleDeck - Plan - plan.json"


def test_save_chosen_in_the_close_question_writes_the_open_file(window, dialogs, plan):
    dialogs.answer("unsavedChangesDialog", Save)
    assert window.files.confirm_discard()
    assert core.load_workbook(plan).baseline.fleet.scale == 8.0
    assert _untouched(plan)


def test_save_as_of_the_open_file_keeps_its_name(window, dialogs, plan, monkeypatch):
    suggested = []

    def dialog(_parent, _title, name, _filter):
        suggested.append(name)
        return name, ""  # the user accepts the name offered: the open file

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    assert window.files.save_as_dialog()
    assert suggested == [str(plan)]
    assert dialogs.names() == []
    assert core.load_workbook(plan).baseline.fleet.scale == 8.0
    assert _untouched(plan)


def test_save_as_the_open_file_by_another_spelling_of_its_path(window, tmp_path, monkeypatch):
    """Opened as typed (`plan.json`, relative), the dialog answers its absolute path."""
    path = tmp_path / "plan.json"
    _write(path, "Plan")
    _write(tmp_path / "plan.scaledeck.json", "Colleague's plan")
    monkeypatch.chdir(tmp_path)
    assert window.files.open_file(Path("plan.json"))
    window.document.edit({"fleet.scale": 8.0}, "scale")
    assert window.files.save_to(path)
    assert core.load_workbook(path).baseline.fleet.scale == 8.0
    assert _untouched(path)
