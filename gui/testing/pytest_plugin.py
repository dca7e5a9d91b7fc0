"""ScaleDeck's pytest plugin, loaded by pytest itself (entry point `pytest11`).

Fixtures for testers (docs/testing.md):
- `scaledeck_scenario`: what the window opens; override it in your conftest.py (a
  `core.Scenario`, a `core.Workbook`, or the path of a scenario file).
- `scaledeck_window`: the main window on it, shown, in a private data folder (no
  settings or autosaves of yours are touched); closed without prompts afterwards, with
  the process as a fresh one has it: system theme, desk scale, no other window open.
- `scaledeck_dialogs`: answers modal message boxes by objectName (opt in).
- `scaledeck_leak_guard`: fails a test that leaves a window, timer or thread (opt in).
Opt in per test with `@pytest.mark.usefixtures("scaledeck_leak_guard")`, or for a whole
suite with `usefixtures = scaledeck_dialogs scaledeck_leak_guard` in its pytest.ini.
Helpers to drive the window live in `gui.testing.testkit`. Imports are lazy: installing
ScaleDeck costs nothing to a pytest run that does not use these fixtures.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "scaledeck_dialogs",
    "scaledeck_leak_guard",
    "scaledeck_scenario",
    "scaledeck_window",
]

SLIDER_SETTLE_MS = 40  # a slider's last throttled edit lands within two frames


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
    _default_look()  # whatever an earlier test outside this fixture left
    window = MainWindow(book, path)  # not qtbot.addWidget: it would close it before we can
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    yield window
    qtbot.wait(SLIDER_SETTLE_MS)  # let the last edit land before the edits are dropped
    _close_owned_windows(window)
    window.presentation.set_active(False)
    _default_look()
    window.document.undo_stack.setClean()  # a test's edits are not the tester's unsaved work
    window.autosave.discard()
    window.close()
    window.deleteLater()


def _close_owned_windows(window: Any) -> None:
    """Close the Compare, Analysis, catalog, import and other windows `window` opened."""
    from PySide6.QtWidgets import QWidget

    for child in window.findChildren(QWidget):
        if child.isWindow() and child.isVisible():
            child.close()


def _default_look() -> None:
    """The theme and scale a fresh process has: follow the system, desk scale."""
    from gui.style.appearance import appearance

    look = appearance()
    if look.preference != "system":
        look.set_preference("system", remember=False)
    if look.scale != 1.0:
        look.set_scale(1.0)


@pytest.fixture
def scaledeck_dialogs(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every `QMessageBox.exec` goes through a `gui.testing.guards.Dialogs` (never hangs).

    Queue answers with `scaledeck_dialogs.answer(objectName, button, ...)`; read what was
    shown in `.shown` or `.names()`. A box nobody answered fails the test.
    """
    from PySide6.QtWidgets import QMessageBox

    from gui.testing.guards import Dialogs

    answering = Dialogs()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answering.exec(box))
    return answering


@pytest.fixture
def scaledeck_leak_guard() -> Iterator[None]:
    """After the test: no top-level window shown, no QTimer running, no worker thread."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return  # Qt never started: nothing can have leaked
    from gui.testing.guards import leaks

    windows, timers, threads = leaks()
    assert not windows, f"left open: {windows}"
    assert not timers, f"left running: {timers}"
    assert threads == 0, f"{threads} worker threads still running"
