"""A document freed by the garbage collector, history and all, never crashes the app.

A document in a reference cycle (a view or a test keeping it as an attribute of itself)
is torn down by the collector; after a fork or a rename it crashed the interpreter in
`QUndoStack::clear` (gui/document.py, `_clear_history`). Run in a child process, so a
crash is a failure that says so rather than a lost test worker.
"""

import subprocess
import sys

import pytest
from paths import ROOT
from processes import offscreen_env

SCRIPT = """
import gc, sys
from PySide6.QtWidgets import QApplication
import core
from gui.document import ScenarioDocument
app = QApplication([])
for step in sys.argv[1:]:
    document = ScenarioDocument(core.default_scenario())
    document.fork()
    if step == "rename":
        document.rename("Bold")
    elif step == "edit":
        document.replace(document.scenario.model_copy(update={"name": "Z"}), "Rename")
    elif step == "undo":
        document.undo_stack.undo()
    document.cycle = document
    del document
    gc.collect()
print("freed")
"""


@pytest.mark.parametrize("step", ["fork", "rename", "edit", "undo"])
def test_a_document_in_a_cycle_is_freed_without_a_crash(tmp_path, step):
    """Forked, then renamed, edited or undone, put in a cycle, collected: the process lives."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, step, step],
        env=offscreen_env(tmp_path, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "freed"
