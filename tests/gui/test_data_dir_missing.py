"""A data folder that cannot be made never stops a start: no settings, no autosave, said.

With HOME=/nonexistent, or SCALEDECK_DATA_DIR under a read-only folder, `data_dir()`'s
mkdir raised: an errorDialog, then exit code 1 and no window. A folder under a file is
one no user (root included) can make, so it stands for both here.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT
from processes import offscreen_env

from gui.controllers.recovery import offer_recovery
from gui.settings import data_dir, recent_files, remember_file, settings
from gui.style.appearance import appearance


@pytest.fixture
def unmakeable(tmp_path, monkeypatch) -> Path:
    """SCALEDECK_DATA_DIR set to a folder that cannot be made (its parent is a file)."""
    blocker = tmp_path / "a file"
    blocker.write_text("")
    folder = blocker / "data"
    monkeypatch.setenv("SCALEDECK_DATA_DIR", str(folder))
    return folder


def test_settings_and_recent_files_go_on_without_their_folder(qapp, unmakeable, tmp_path):
    assert data_dir() == unmakeable
    appearance().load_preference()  # the start's first read of the settings
    remember_file(tmp_path / "a file")
    assert recent_files() == []
    assert settings().value("window/geometry") is None


def test_the_window_opens_and_says_autosave_and_settings_are_off(unmakeable, make_window):
    window = make_window()
    assert not offer_recovery(window, window.document, window.files)
    notice = window.autosave.off_reason or ""
    assert notice.startswith(f"Autosave and settings are off: {unmakeable} could not be made")
    window.document.edit({"fleet.scale": 2.0}, "scale")
    assert not window.autosave.write_if_modified()  # said once, never raised
    assert window.autosave.off_reason == notice


START = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox
from gui.app import application, run_gui

QMessageBox.exec = lambda box: print("asked:", box.objectName(), box.text()) or box.Ok
app = application()

def shown():
    for window in app.topLevelWidgets():
        if window.objectName() == "mainWindow" and window.isVisible():
            print("says:", window.findChild(QLabel, "autosaveNotice").text())
    app.quit()

ticks = QTimer(app)  # repeats: a quit before the event loop runs is lost
ticks.timeout.connect(shown)
ticks.start(300)
raise SystemExit(run_gui(None))
"""


def test_the_real_start_shows_its_window_and_exits_0(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    done = subprocess.run(
        [sys.executable, "-c", START],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=offscreen_env(blocker / "data", PYTHONPATH=str(ROOT), HOME=str(tmp_path)),
    )
    assert done.returncode == 0, done.stderr
    assert "says: Autosave and settings are off:" in done.stdout  # the window, and why
    assert "asked:" not in done.stdout
    assert "Error" not in done.stderr
