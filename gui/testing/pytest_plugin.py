"""ScaleDeck's pytest plugin, loaded by pytest itself (entry point `pytest11`).

Fixtures for testers (docs/testing.md):
- `scaledeck_scenario`: what the window opens; override it in your conftest.py (a
  `core.Scenario`, a `core.Workbook`, or the path of a scenario file).
- `scaledeck_window`: the main window on it, shown, in a private data folder (no
  settings or autosaves of yours are touched); closed without prompts afterwards, with
  the process as a fresh one has it: system theme, desk scale, no other window open.
- `scaledeck_dialogs`: answers modal message boxes by objectName (opt in).
- `scaledeck_leak_guard`: fails a test that leaves a window, timer or thread (opt in);
  it and `scaledeck_dialogs` outlive the window in whatever order a test names them.
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
# Opt-in fixtures that must outlive the window whatever order a test names them in.
OUTLIVE_THE_WINDOW = ("scaledeck_leak_guard", "scaledeck_dialogs")


@pytest.fixture
def scaledeck_scenario() -> Any:
    """The scenario the window opens (the built-in default); override to open your own."""
    import core

    return core.default_scenario()


@pytest.fixture
def scaledeck_window(
    request: pytest.FixtureRequest,
    qtbot: Any,
    scaledeck_scenario: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Any]:
    """The ScaleDeck main window on `scaledeck_scenario`, 1600x1000, shown and ready."""
    _set_up_before_the_window(request)
    monkeypatch.setenv("SCALEDECK_DATA_DIR", str(tmp_path / "scaledeck-data"))
    import shiboken6

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
    if not shiboken6.isValid(window):
        return  # `leaks()` called in the test closed and deleted it already
    qtbot.wait(SLIDER_SETTLE_MS)  # let the last edit land before the edits are dropped
    _close_owned_windows(window)
    window.presentation.set_active(False)
    _default_look()
    window.document.undo_stack.setClean()  # a test's edits are not the tester's unsaved work
    window.autosave.discard()
    window.close()
    window.deleteLater()


def _set_up_before_the_window(request: pytest.FixtureRequest) -> None:
    """Set up the opt-in fixtures the test uses before the window, so they go after it.

    pytest tears fixtures down in the reverse order of their set-up, which follows the
    test's signature: a leak guard named after the window checked (and closed) the live
    window, and the window's own teardown then failed or hung on "Save the changes?".
    """
    for name in OUTLIVE_THE_WINDOW:
        if name in request.fixturenames:
            request.getfixturevalue(name)


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
    shown in `.shown` or `.names()`. A box nobody answered fails the test. A
    `QInputDialog` with a queued text (`answer("renameDialog", "Bold")`) gets it typed.
    """
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from gui.testing.guards import Dialogs

    answering = Dialogs()
    show = QInputDialog.exec
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answering.exec(box))
    monkeypatch.setattr(QInputDialog, "exec", lambda dialog: answering.exec_input(dialog, show))
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
