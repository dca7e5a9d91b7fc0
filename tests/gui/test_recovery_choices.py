"""The recovery question (finding 4): Escape and closing the box keep the autosave.

It asked Yes/No, and Escape was No: the work a crash left was deleted by the key that
means "not now". Now Recover (the default), Discard and Decide later; a suite answers
with the standard buttons as before (Yes recovers, No discards) and Cancel decides later.
"""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.controllers.autosave import orphans
from gui.controllers.recovery import offer_recovery
from gui.settings import data_dir

REAL_EXEC = QMessageBox.exec  # before the plugin answers boxes by name
Button = QMessageBox.StandardButton


@pytest.fixture
def left(window) -> Path:
    """Work at scale 6 autosaved by a ScaleDeck that died (its process is gone)."""
    window.document.edit({"fleet.scale": 6.0}, "scale")
    window.autosave.write_if_modified()
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=60)
    dead = data_dir() / f"autosave-{process.pid}.scaledeck.json"
    window.autosave.path.rename(dead)
    return dead


def answered_by_hand(monkeypatch, act: Callable[[QMessageBox], None]) -> dict[str, object]:
    """The real box is shown and `act` done to it; what it offered is returned."""
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    seen: dict[str, object] = {}

    def when_shown() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, when_shown)  # not up yet: look again
            return
        seen["name"] = box.objectName()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        seen["default"] = box.defaultButton().text()
        act(box)

    QTimer.singleShot(0, when_shown)
    return seen


def press_escape(box: QMessageBox) -> None:
    QTest.keyClick(box, Qt.Key.Key_Escape)


@pytest.mark.parametrize("act", [press_escape, QMessageBox.close], ids=["Escape", "close"])
def test_escape_or_closing_the_recovery_question_keeps_the_autosave(
    left, make_window, monkeypatch, act
):
    fresh = make_window()
    seen = answered_by_hand(monkeypatch, act)
    assert not offer_recovery(fresh, fresh.document, fresh.files)
    assert seen == {
        "name": "recoveryDialog",
        "buttons": ["&Discard", "&Recover", "Decide &later"],
        "default": "&Recover",
    }
    assert left.exists()
    assert fresh.document.scenario.fleet.scale == 1.0  # nothing recovered either


def test_decide_later_keeps_it_for_the_next_start_and_discard_deletes_it(
    left, make_window, dialogs
):
    first = make_window()
    dialogs.answer("recoveryDialog", Button.Cancel)  # Decide later
    assert not offer_recovery(first, first.document, first.files)
    assert orphans(data_dir()) == [left]
    assert "Decide later keeps it and asks again at the next start" in dialogs.shown[0][1]
    second = make_window()
    dialogs.answer("recoveryDialog", Button.No)  # Discard, as No was
    assert not offer_recovery(second, second.document, second.files)
    assert dialogs.names() == ["recoveryDialog"] * 2
    assert not left.exists()
