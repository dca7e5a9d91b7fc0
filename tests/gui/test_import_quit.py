"""Quitting while a trace is being read ends cleanly, as quitting mid-Monte Carlo does.

The read's worker kept its signals on an object Python owned: at exit PySide deleted it
before Qt waited for the thread, and the next chunk's emit printed "RuntimeError in
aborted thread: Signal source has been deleted" (once "can't register atexit after
shutdown"). `FileRead` now gives them to the application and stops at quit.
"""

import subprocess
import sys

from paths import ROOT
from processes import offscreen_env

ROWS = 1_000_000  # seconds of reading: still going at quit

QUIT_DURING_READ = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
import core
from gui.app import application
from gui.main_window import MainWindow

app = application()
window = MainWindow(core.default_scenario())
window.show()
dialog = window.import_trace(Path(sys.argv[1]))

def quit_():
    print("reading at quit:", dialog.reading.running(), flush=True)
    app.quit()

QTimer.singleShot(500, quit_)
app.exec()
"""


def test_quitting_while_a_trace_is_read_ends_cleanly(tmp_path):
    trace = tmp_path / "big trace.csv"
    row = "2024-01-01 00:00:00,100,10\n"
    trace.write_text("TIMESTAMP,ContextTokens,GeneratedTokens\n" + row * ROWS)
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", QUIT_DURING_READ, str(trace)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=offscreen_env(tmp_path / "data", PYTHONPATH=str(ROOT)),
    )
    assert done.returncode == 0, done.stderr
    assert "reading at quit: True" in done.stdout  # quit mid-read, as the user did
    assert "RuntimeError" not in done.stderr
    assert "deleted" not in done.stderr
    assert "atexit" not in done.stderr
