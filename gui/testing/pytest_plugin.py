"""ScaleDeck's pytest plugin, loaded by pytest itself (entry point `pytest11`).

Fixtures for testers:
- `scaledeck_scenario`: what the window opens; override it in your conftest.py (a
  `core.Scenario`, a `core.Workbook`, or the path of a scenario file).
- `scaledeck_window`: the main window on it, shown, in a private data folder (no
  settings or autosaves of yours are touched); closed without prompts afterwards.
Helpers to drive it live in `gui.testing.testkit`. Imports are lazy: installing ScaleDeck costs
nothing to a pytest run that does not use these fixtures.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def scaledeck_scenario() -> Any:
    """The scenario the window opens (the built-in default); override to open your own."""
    import core

    return core.default_scenario()


@pytest.fixture
def scaledeck_window(
    qtbot: Any, scaledeck_scenario: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """The ScaleDeck main window on `scaledeck_scenario`, 1600x1000, shown and ready."""
    monkeypatch.setenv("SCALEDECK_DATA_DIR", str(tmp_path / "scaledeck-data"))
    import core
    from gui.main_window import MainWindow

    path = None
    book = scaledeck_scenario
    if isinstance(book, str | Path):
        path = Path(book)
        book = core.load_workbook(path)
    window = MainWindow(book, path)  # not qtbot.addWidget: it would close it before we can
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    yield window
    qtbot.wait(50)  # let a slider's last throttled edit land before the edits are dropped
    window.document.undo_stack.setClean()  # a test's edits are not the tester's unsaved work
    window.autosave.discard()
    window.close()
    window.deleteLater()
