"""What an autosave holds, and reading one back for recovery.

An autosave is JSON: `workbook` (the whole workbook, as a file holds it), `reference` (the
baseline as last opened or saved, which the KPI deltas and *Reset to baseline* compare
with) and `autosave`: the file the work belongs to and its digest as last opened or
saved here, the scenario on screen, the selected year, when it was written. An autosave
of an earlier ScaleDeck lacks some of these; recovery then does what that ScaleDeck did.
"""

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import core
from core.scenario.files import MAX_FILE_BYTES, read_json, workbook_data
from core.scenario.messages import not_a_file
from gui.document import ScenarioDocument


class Unsupported(Exception):
    """An autosave this ScaleDeck cannot open, though it is not broken: it is left in place."""


@dataclass(frozen=True)
class Recovery:
    """The work in an autosave left by a ScaleDeck that is gone."""

    autosave: Path
    book: core.Workbook
    file: Path | None  # the file the work came from, if it had one
    file_digest: str | None  # that file's content as last opened or saved (None: not recorded)
    current: str
    year: int | None  # the year selected (None: not recorded)
    reference: core.Scenario | None  # the baseline as last saved (None: not recorded)
    saved_at: str


def autosave_text(document: ScenarioDocument, file: Path | None, file_digest: str) -> str:
    """The autosave of `document`, whose work belongs to `file` (as `file_digest` says it was)."""
    envelope = {
        "autosave": {
            "pid": os.getpid(),
            "file": str(file) if file else None,
            "file_digest": file_digest,
            "current": document.current,
            "year": document.year,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
        },
        "workbook": workbook_data(document.book),
        "reference": workbook_data(core.make_workbook(document.reference)),
    }
    return json.dumps(envelope, indent=1, allow_nan=False) + "\n"


def read_recovery(path: Path) -> Recovery:
    """The work in an autosave.

    Unsupported when this ScaleDeck cannot open it but it may be whole (a newer version
    wrote it, it is over the size limit, it cannot be opened); ScenarioError (every
    problem) when it is corrupt.
    """
    _check_openable(path)
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("autosave"), dict):
        raise core.ScenarioError([core.Problem("autosave", "is not a ScaleDeck autosave")])
    _check_version(data.get("workbook"))
    meta: dict[str, Any] = data["autosave"]
    book = core.parse_workbook(data.get("workbook"))
    file, digest, current = meta.get("file"), meta.get("file_digest"), meta.get("current")
    year = meta.get("year")
    return Recovery(
        autosave=path,
        book=book,
        file=Path(file) if isinstance(file, str) else None,
        file_digest=digest if isinstance(digest, str) else None,
        current=current if isinstance(current, str) else book.baseline.name,
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        reference=_reference(data.get("reference")),
        saved_at=str(meta.get("saved_at", "an unknown time")),
    )


def set_aside(path: Path) -> Path:
    """Rename a corrupt autosave so it is kept for inspection but not offered again."""
    target = path.with_name(path.name + ".corrupt")
    path.replace(target)
    return target


def _check_openable(path: Path) -> None:
    """Unsupported if the file cannot be opened or is larger than any file ScaleDeck opens.

    A FIFO or a device is refused before it is opened: opening a FIFO waits forever.
    """
    try:
        info = path.stat()
        kind = not_a_file(info.st_mode)
        if kind is not None:
            raise Unsupported(f"it {kind}")
        size = info.st_size
        with path.open("rb"):
            pass
    except OSError as error:
        raise Unsupported(f"it cannot be opened ({error.strerror or error})") from None
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise Unsupported(f"it is {size / 2**20:.1f} MB; ScaleDeck opens at most {limit} MB")


def _check_version(workbook: object) -> None:
    """Unsupported if a newer ScaleDeck wrote the workbook."""
    version = workbook.get("schema_version") if isinstance(workbook, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > core.SCHEMA_VERSION:
        raise Unsupported(
            f"a newer ScaleDeck wrote it (file version {version}; this one reads versions up "
            f"to {core.SCHEMA_VERSION}): update ScaleDeck to open it"
        )


def _reference(data: object) -> core.Scenario | None:
    """The recorded reference, or None if there is none or it does not read."""
    if data is None:
        return None
    try:
        return core.parse_scenario(data)
    except core.ScenarioError:
        return None
