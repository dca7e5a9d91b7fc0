"""Autosave: unsaved work survives a crash, a kill -9 or a power cut.

Two seconds after the last edit (a slider drag writes once, after it ends), and every
`SCALEDECK_AUTOSAVE_SECONDS` (default 30) as a backstop while the document is modified,
the whole workbook is written atomically to `autosave-<pid>-<token>.scaledeck.json` in the
data folder (`gui.controllers.autosave_file` says what it holds). A save or a normal
close removes it.

Beside it, each ScaleDeck holds a lock (`QLockFile`) for as long as it runs. The lock,
not the process id, says whether an autosave's writer is alive: a ScaleDeck never takes
another's live autosave, and one whose writer died is offered even when its process id
now belongs to another program (after a reboot, say). A failed write never interrupts:
the status bar says once that autosave is off, and where it could not write.
"""

import errno
import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import shiboken6
from PySide6.QtCore import QLockFile, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from core.scenario.files import write_text_atomic
from core.scenario.messages import write_reason
from gui.controllers.autosave_file import autosave_text
from gui.controllers.file_controller import FileController
from gui.document import ScenarioDocument
from gui.settings import unmade_reason

log = logging.getLogger("scaledeck")
INTERVAL_VARIABLE = "SCALEDECK_AUTOSAVE_SECONDS"
DEFAULT_INTERVAL_S = 30.0
SETTLE_S = 2.0  # after the last edit: a drag's frames restart it, so it writes once, after
PATTERN = "autosave-*.scaledeck.json"
LOCK_SUFFIX = ".lock"


class Autosave(QObject):
    """Writes the modified document soon after each edit; removes the autosave once saved."""

    def __init__(
        self, document: ScenarioDocument, files: FileController, folder: Path, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._doc, self._files = document, files
        self.path = folder / f"autosave-{os.getpid()}-{secrets.token_hex(4)}.scaledeck.json"
        self._lock = lock_for(self.path)
        self.off_reason: str | None = None  # why autosave is off, while it is
        self._notice: QLabel | None = None
        self.timer = self._timer("autosaveTimer", interval_seconds())
        self.settle = self._timer("autosaveSettleTimer", min(SETTLE_S, interval_seconds()))
        self.settle.setSingleShot(True)
        document.undo_stack.indexChanged.connect(self._edited)
        document.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.timer.start()
        if (problem := unmade_reason(folder)) is not None:  # said at start, not at an edit
            self._say_off(problem, start=True)

    def write_if_modified(self) -> bool:
        """Write the workbook now if it has unsaved changes; True if it is on disk.

        A failure is said once (`off_reason`, the status bar), never raised: a full disk
        or a read-only folder must not interrupt the meeting; the next edit tries again.
        """
        self.settle.stop()
        if self._doc.undo_stack.isClean():
            return False
        text = autosave_text(self._doc, self._files.path, self._files.disk_digest)
        try:
            self._hold_lock()
            write_text_atomic(self.path, text)
        except OSError as error:
            self._say_off(error)
            return False
        if self.off_reason is not None:
            self.off_reason = None
            self._show_notice("")
        return True

    def discard(self) -> None:
        """Remove this process's autosave and its lock (after a normal close)."""
        self.timer.stop()
        self.settle.stop()
        self._remove()
        self._lock.unlock()

    def _edited(self, _index: int) -> None:
        """Any step done, undone or merged (each frame of a drag): write once they settle."""
        stack = self._doc.undo_stack
        if shiboken6.isValid(stack) and not stack.isClean():  # a dying stack says it cleared
            self.settle.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.settle.stop()
            self._remove()

    def _remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:  # a stale copy of saved work is no loss; it is logged
            log.warning("Autosave %s not removed: %s", self.path, write_reason(error))

    def _hold_lock(self) -> None:
        """Take this autosave's lock, once; OSError (folder not writable, ...) if it cannot."""
        if self._lock.isLocked() or self._lock.tryLock(0):
            return
        denied = self._lock.error() == QLockFile.LockError.PermissionError
        code = errno.EACCES if denied else errno.EIO
        raise OSError(code, os.strerror(code), f"{self.path}{LOCK_SUFFIX}")

    def _say_off(self, error: OSError, start: bool = False) -> None:
        """Tell the user (and the log) once, until a write works again; each edit retries.

        `start`: the data folder could not be made, so the settings are not kept either.
        """
        if self.off_reason is None:
            off, done = (
                ("Autosave and settings are off", "made")
                if start
                else ("Autosave is off", "written")
            )
            self.off_reason = (
                f"{off}: {self.path.parent} could not be {done}: "
                f"{write_reason(error)}. Save your work to keep it."
            )
            log.warning("%s (%s)", self.off_reason, error)
            self._show_notice(self.off_reason)

    def _show_notice(self, text: str) -> None:
        """A permanent label in the window's status bar (other messages do not hide it)."""
        window = self.parent()
        if not isinstance(window, QMainWindow):
            return
        if self._notice is None:
            self._notice = QLabel(window)
            self._notice.setObjectName("autosaveNotice")
            window.statusBar().addPermanentWidget(self._notice)
        self._notice.setText(text)
        self._notice.setVisible(bool(text))

    def _timer(self, name: str, seconds: float) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setInterval(int(seconds * 1000))
        timer.timeout.connect(self.write_if_modified)
        return timer


def interval_seconds() -> float:
    """The autosave interval: SCALEDECK_AUTOSAVE_SECONDS, else 30 s."""
    try:
        return max(0.05, float(os.environ.get(INTERVAL_VARIABLE, DEFAULT_INTERVAL_S)))
    except ValueError:
        return DEFAULT_INTERVAL_S


def lock_for(autosave: Path) -> QLockFile:
    """The lock beside `autosave` that its writer holds while it runs (never stale by age)."""
    lock = QLockFile(str(autosave.with_name(autosave.name + LOCK_SUFFIX)))
    lock.setStaleLockTime(0)
    return lock


@contextmanager
def claimed(autosave: Path) -> Iterator[bool]:
    """Hold `autosave`'s lock while it is offered; True if its writer is gone.

    QLockFile takes over a lock whose process is gone, now runs another program, or ran
    before the last boot; one held by a running ScaleDeck, here or on another host, is
    refused. In a folder where no lock can be made (read-only) nobody can be writing, so
    the autosave is free, unheld.
    """
    lock = lock_for(autosave)
    held = lock.tryLock(0)
    try:
        yield held or lock.error() == QLockFile.LockError.PermissionError
    finally:
        if held:
            lock.unlock()


def orphans(folder: Path) -> list[Path]:
    """Autosaves whose writer is no longer running, oldest first.

    A dead writer's lock left without its autosave (it crashed after a save) goes too.
    """
    for lock in folder.glob(PATTERN + LOCK_SUFFIX):
        autosave = lock.with_name(lock.name.removesuffix(LOCK_SUFFIX))
        if not autosave.exists():
            _is_free(autosave)  # taking a stale lock and letting it go removes it
    return sorted((p for p in folder.glob(PATTERN) if _is_free(p)), key=_modified)


def _is_free(autosave: Path) -> bool:
    with claimed(autosave) as free:
        return free


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0  # gone meanwhile: its claim will say so
