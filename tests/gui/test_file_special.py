"""A FIFO where a file should be is never opened: opening one waits for a writer forever.

Opening it, an autosave that is one, and a recovered autosave's file that is one each
say "is not a regular file" and change nothing. `Watched` unblocks any read of the FIFO
at once and counts it, so a regression fails the test instead of hanging the suite.
"""

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import core
from gui.controllers.recovery import offer_recovery
from gui.settings import data_dir

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")

RECOVER = QMessageBox.StandardButton.Yes


class Watched:
    """A FIFO and a thread that opens its write end whenever someone waits to read it."""

    def __init__(self, path: Path) -> None:
        self.path, self.reads = path, 0
        os.mkfifo(path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            try:  # succeeds only while a reader has it open (or waits in open)
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue
            self.reads += 1
            os.close(fd)  # the reader sees the end of an empty file and goes on

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


@pytest.fixture
def fifo_at() -> Iterator[Callable[[Path], Watched]]:
    """Make a watched FIFO at a path: `fifo_at(path)`; stopped after the test."""
    made: list[Watched] = []

    def make(path: Path) -> Watched:
        made.append(Watched(path))
        return made[-1]

    yield make
    for watched in made:
        watched.stop()


@pytest.fixture
def restart_window(make_window):
    """A second window, as the next start opens it."""
    return make_window()


def _dead_autosave() -> Path:
    """An autosave's name as a ScaleDeck that died would have left it."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=60)
    return data_dir() / f"autosave-{process.pid}.scaledeck.json"


def test_opening_a_fifo_says_it_is_no_regular_file_and_never_reads_it(
    window, dialogs, tmp_path, fifo_at
):
    fifo = fifo_at(tmp_path / "plan.scaledeck.json")
    window.document.edit({"fleet.scale": 3.0}, "before")
    before = (window.document.book, window.document.current, window.files.path)
    assert not window.files.open_file(fifo.path, confirmed=True)
    assert fifo.reads == 0  # it was hashed before the check, waiting for a writer
    assert dialogs.names() == ["openErrorDialog"]
    assert f"{fifo.path}: is not a regular file" in dialogs.shown[0][1]  # as the CLI says
    assert (window.document.book, window.document.current, window.files.path) == before


def test_an_autosave_that_is_a_fifo_is_said_and_kept(restart_window, dialogs, fifo_at):
    fifo = fifo_at(_dead_autosave())
    assert not offer_recovery(restart_window, restart_window.document, restart_window.files)
    assert fifo.reads == 0
    assert dialogs.names() == ["autosaveNotOpenedDialog"]
    assert "it is not a regular file" in dialogs.shown[0][1]
    assert fifo.path.exists()


def test_recovered_work_whose_file_is_now_a_fifo_is_not_saved_over_it(
    window, restart_window, dialogs, tmp_path, fifo_at
):
    path = tmp_path / "plan.scaledeck.json"
    core.save_scenario(core.default_scenario(), path)
    assert window.files.open_file(path)
    window.document.edit({"fleet.scale": 6.0}, "scale")
    window.autosave.write_if_modified()
    left = _dead_autosave()
    window.autosave.path.rename(left)  # as a ScaleDeck that died leaves it
    envelope = json.loads(left.read_text())
    envelope["autosave"].pop("file_digest")  # an earlier ScaleDeck's: the file is hashed
    left.write_text(json.dumps(envelope))
    path.unlink()
    fifo = fifo_at(path)

    dialogs.answer("recoveryDialog", RECOVER)
    assert offer_recovery(restart_window, restart_window.document, restart_window.files)
    assert fifo.reads == 0  # recovery hashed the file it names, waiting for a writer
    assert not restart_window.files.save()  # it put a file in the FIFO's place
    assert fifo.reads == 0
    assert path.is_fifo()
    assert dialogs.names() == ["recoveryDialog", "saveErrorDialog"]
    assert "it is not a regular file" in dialogs.shown[1][1]
    assert restart_window.document.book.baseline.fleet.scale == 6.0
