"""Recovery at start: offer the work an earlier ScaleDeck left in an autosave.

The dialogs live here, beside the autosave they read (`gui.controllers.autosave`), so the
window only asks for recovery once it is shown. Recovery never stops a start: a folder
or an autosave that cannot be read, set aside or removed is said, with where it is.

The question has three answers: Recover (the default), Discard (deletes the autosave)
and Decide later (keeps it, asked again at the next start). Escape and closing the box
are Decide later: they deleted the work when the answers were Yes and No. The buttons
stay the standard ones a suite answers with (`scaledeck_dialogs`, docs/testing.md): Yes
recovers and No discards, as before; Cancel decides later.
"""

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

import core
from core.scenario.messages import write_reason
from gui.controllers.autosave import Autosave, claimed, orphans
from gui.controllers.autosave_file import Recovery, Unsupported, read_recovery, set_aside
from gui.controllers.file_controller import Button, FileController, ask, message
from gui.document import ScenarioDocument
from gui.settings import data_dir

log = logging.getLogger("scaledeck")
# The recovery question's answers: standard buttons, relabelled. Cancel is Qt's Escape
# and close button of a box (QMessageBox's escape button rules): nothing is deleted.
RECOVER, DISCARD, LATER = Button.Yes, Button.No, Button.Cancel
ANSWERS: dict[QMessageBox.StandardButton, str | None] = {
    RECOVER: "&Recover",
    DISCARD: "&Discard",
    LATER: "Decide &later",
}


def offer_recovery(parent: QWidget, document: ScenarioDocument, files: FileController) -> bool:
    """Offer work left by a ScaleDeck that did not close normally; True if recovered.

    A corrupt autosave is reported and set aside (renamed *.corrupt), never loaded; one
    this ScaleDeck cannot open (a newer version's, one over the size limit) is reported
    and left where it is. Each is held (`claimed`) while offered, so two ScaleDecks
    starting together never offer the same one. Nothing escapes: it runs before the
    event loop, where an exception would end the start.
    """
    try:
        found = orphans(data_dir())
    except OSError as error:
        where = error.filename or "the data folder"
        _warn(parent, f"Autosaves could not be looked for in {where}: {write_reason(error)}.")
        return False
    for path in reversed(found):
        try:
            with claimed(path) as free:
                if free and path.exists() and _offer(parent, document, files, path):
                    return True
        except Exception as error:  # a start must go on, whatever one autosave holds
            log.exception("Recovering %s failed", path)
            _warn(parent, f"Recovering the autosave {path} failed ({error}); it is left there.")
    return False


def _warn(parent: QWidget, text: str) -> None:
    """Say what went wrong with an autosave (and where); the app goes on."""
    icon = QMessageBox.Icon.Warning
    message(parent, icon, "autosaveErrorDialog", "Autosave problem", text)


def _offer(parent: QWidget, document: ScenarioDocument, files: FileController, path: Path) -> bool:
    """Offer one autosave; True if its work is now on screen."""
    try:
        found = read_recovery(path)
    except Unsupported as kept:
        text = f"An autosave was not opened: {kept}.\n\nIt is kept, unchanged, at {path}."
        message(parent, QMessageBox.Icon.Warning, "autosaveNotOpenedDialog", "Autosave kept", text)
        return False
    except core.ScenarioError as error:
        _set_aside(parent, path, error)
        return False
    answer = _asked(parent, found)
    if answer == DISCARD:
        _remove(parent, path)
    if answer != RECOVER:
        return False  # Decide later, Escape or the close button: the autosave stays
    _restore(document, files, found)
    autosave = parent.findChild(Autosave)
    if autosave is not None and autosave.write_if_modified():
        _remove(parent, path)  # only now: the work is in this session's own autosave
    return True


def _asked(parent: QWidget, found: Recovery) -> QMessageBox.StandardButton:
    """The user's answer: RECOVER, DISCARD or LATER (Escape and closing the box too)."""
    origin = f" of {found.file.name}" if found.file else ""
    text = (
        f"ScaleDeck closed without saving the work{origin} autosaved "
        f"{saved_when(found.saved_at, datetime.now())}.\n\nRecover puts it back on screen. "
        "Discard deletes it. Decide later keeps it and asks again at the next start."
    )
    if found.reference is None:
        text += "\n\nThis autosave does not record the saved baseline: KPI deltas will compare "
        text += "with the recovered one."
    return ask(parent, "recoveryDialog", "Recover unsaved work?", text, ANSWERS, RECOVER)


def saved_when(saved_at: str, now: datetime) -> str:
    """When an autosave was written, as said: "today at 06:26", "on 5 Dec 2026 at 18:02".

    The dialog showed the file's raw "2026-12-07T06:26:09"; a time it cannot read is said
    as written.
    """
    try:
        when = datetime.fromisoformat(saved_at)
    except ValueError:
        return f"at {saved_at}"
    day = "today" if when.date() == now.date() else f"on {when.day} {when:%b %Y}"
    return f"{day} at {when:%H:%M}"


def _restore(document: ScenarioDocument, files: FileController, found: Recovery) -> None:
    """Put the work back as it was: on screen, the year, and what its deltas compare with."""
    document.load(found.book, found.current, clean=False, reference=found.reference)
    if found.year is not None:
        document.set_year(found.year)
    files.set_path(found.file, found.file_digest)


def _set_aside(parent: QWidget, path: Path, error: core.ScenarioError) -> None:
    problems = "\n".join(f"• {p}" for p in error.problems[:10])
    try:
        where = f"It was set aside as {set_aside(path)}."
    except OSError as failed:
        where = f"It could not be set aside: {write_reason(failed)}. It stays at {path}."
    text = f"An autosave could not be read and was skipped:\n\n{problems}\n\n{where}"
    message(parent, QMessageBox.Icon.Warning, "autosaveCorruptDialog", "Autosave skipped", text)


def _remove(parent: QWidget, path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        _warn(
            parent,
            f"The autosave {path} could not be removed: {write_reason(error)}. "
            "It will be offered again at the next start.",
        )
