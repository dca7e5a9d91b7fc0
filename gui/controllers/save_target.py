"""Where a save goes: a scenario file's name, and what the disk holds there now.

Save As suggests a name every filesystem takes, and the suffix a typed name gets; a
file's digest tells a save whether another program wrote it since it was opened or saved.
"""

import hashlib
import re
from pathlib import Path

from core.scenario.files import FILE_SUFFIX
from core.scenario.messages import not_a_file

# Characters no filesystem (or only some) takes in a name: Windows' reserved ones, the
# path separators, and control characters; each run becomes one dash.
UNSAFE_CHARACTERS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
DEVICES = ("COM", "LPT")
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"{d}{i}" for d in DEVICES for i in range(10))}
MAX_NAME_BYTES = 200  # of UTF-8, leaving room for the suffix within the usual 255
FALLBACK_NAME = "scenario"


def safe_file_name(name: str) -> str:
    """A scenario's name as a file name without its suffix, readable and valid everywhere.

    `Q3/Q4: what if?` becomes `Q3-Q4- what if`: separators and characters Windows refuses
    become dashes; leading dots (hidden files) and trailing dots and spaces (which Windows
    drops) go; a name Windows reserves (`CON`, `NUL`, ...) gets a word after it.
    """
    cleaned = " ".join(UNSAFE_CHARACTERS.sub("-", name).split())
    cleaned = cleaned.encode()[:MAX_NAME_BYTES].decode(errors="ignore")
    cleaned = cleaned.lstrip(".").rstrip(". -")
    if cleaned.split(".")[0].upper() in RESERVED_NAMES:
        cleaned += f" {FALLBACK_NAME}"
    return cleaned or FALLBACK_NAME


def scenario_path(path: Path) -> Path:
    """`path` with the scenario suffix: `plan` and `plan.json` become `plan.scaledeck.json`."""
    if path.name.endswith(FILE_SUFFIX):
        return path
    return path.with_name(path.name.removesuffix(".json") + FILE_SUFFIX)


def file_digest(path: Path | None) -> str:
    """The SHA-256 of the file's bytes; "" when there is no file (or it cannot be read).

    A FIFO or a device is not opened (""): opening a FIFO waits for a writer forever, and
    /dev/zero never ends. Reading it says why (`read_json`); saving there is refused.
    """
    if path is None:
        return ""
    try:
        if not_a_file(path.stat().st_mode) is not None:
            return ""
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, ValueError):  # ValueError: a name no system takes (a NUL in it)
        return ""
