"""Autosave and recovery: unsaved work survives a crash or kill -9.

Every `SCALEDECK_AUTOSAVE_SECONDS` (default 30) while the document is modified, the
whole workbook is written atomically to `autosave-<pid>.scaledeck.json` in the data
folder, with the file it came from and the scenario on screen. A save or a normal
close removes it. At start, autosaves of processes that are no longer running are
offered for recovery; a corrupt one is reported and set aside, never loaded half.
"""

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

import core
from core.scenario.files import read_json, workbook_to_json, write_text_atomic
from gui.document import ScenarioDocument

INTERVAL_VARIABLE = "SCALEDECK_AUTOSAVE_SECONDS"
DEFAULT_INTERVAL_S = 30.0
PATTERN = "autosave-*.scaledeck.json"


@dataclass(frozen=True)
class Recovery:
    """An autosave left by a process that is gone."""

    autosave: Path
    book: core.Workbook
    file: Path | None  # the file the work came from, if it had one
    current: str
    saved_at: str


class Autosave(QObject):
    """Writes the modified document every interval; removes the autosave once saved."""

    def __init__(
        self,
        document: ScenarioDocument,
        source: Callable[[], Path | None],
        folder: Path,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._doc, self._source = document, source
        self.path = folder / f"autosave-{os.getpid()}.scaledeck.json"
        self.timer = QTimer(self)
        self.timer.setObjectName("autosaveTimer")
        self.timer.setInterval(int(interval_seconds() * 1000))
        self.timer.timeout.connect(self.write_if_modified)
        document.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.timer.start()

    def write_if_modified(self) -> None:
        """Write the workbook now if it has unsaved changes."""
        if self._doc.undo_stack.isClean():
            return
        source = self._source()
        envelope = {
            "autosave": {
                "pid": os.getpid(),
                "file": str(source) if source else None,
                "current": self._doc.current,
                "saved_at": datetime.now().isoformat(timespec="seconds"),
            },
            "workbook": json.loads(workbook_to_json(self._doc.book)),
        }
        try:
            write_text_atomic(self.path, json.dumps(envelope, indent=1) + "\n")
        except OSError:
            return  # a full disk must not interrupt the meeting; the next tick tries again

    def discard(self) -> None:
        """Remove this process's autosave (after a save or a normal close)."""
        self.timer.stop()
        self.path.unlink(missing_ok=True)

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.path.unlink(missing_ok=True)


def interval_seconds() -> float:
    """The autosave interval: SCALEDECK_AUTOSAVE_SECONDS, else 30 s."""
    try:
        return max(0.05, float(os.environ.get(INTERVAL_VARIABLE, DEFAULT_INTERVAL_S)))
    except ValueError:
        return DEFAULT_INTERVAL_S


def orphans(folder: Path) -> list[Path]:
    """Autosaves whose process is no longer running, oldest first."""
    found = []
    for path in sorted(folder.glob(PATTERN), key=lambda p: p.stat().st_mtime):
        pid_text = path.name.removeprefix("autosave-").removesuffix(".scaledeck.json")
        if pid_text.isdigit() and not _running(int(pid_text)):
            found.append(path)
    return found


def read_recovery(path: Path) -> Recovery:
    """The work in an autosave; ScenarioError (every problem) if it is corrupt."""
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("autosave"), dict):
        raise core.ScenarioError([core.Problem("autosave", "is not a ScaleDeck autosave")])
    meta = data["autosave"]
    book = core.parse_workbook(data.get("workbook"))
    file = meta.get("file")
    current = meta.get("current")
    return Recovery(
        autosave=path,
        book=book,
        file=Path(file) if isinstance(file, str) else None,
        current=current if isinstance(current, str) else book.baseline.name,
        saved_at=str(meta.get("saved_at", "an unknown time")),
    )


def set_aside(path: Path) -> Path:
    """Rename a corrupt autosave so it is kept for inspection but not offered again."""
    target = path.with_name(path.name + ".corrupt")
    path.replace(target)
    return target


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to recover
    return True
