"""Where ScaleDeck keeps its own files: settings and autosaves, in one data folder.

The folder is the platform's application-data location, or `SCALEDECK_DATA_DIR`
when set (tests and testers point it at a temporary folder). A folder that cannot be
made (HOME=/nonexistent, a read-only parent) never stops a start: the settings are then
not kept, and autosave says it is off, as for a data folder that is read-only.
"""

import logging
import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

log = logging.getLogger("scaledeck")
DATA_DIR_VARIABLE = "SCALEDECK_DATA_DIR"
MAX_RECENT_FILES = 8
_unmade: dict[Path, OSError] = {}  # data folders that could not be made, and why


def data_dir() -> Path:
    """The folder for settings and autosaves (created if missing, when it can be).

    A folder that cannot be made is returned all the same: QSettings then keeps nothing
    and Autosave says it is off (`unmade_reason`). Its OSError, raised here, ended the
    start with exit code 1 before any window showed.
    """
    override = os.environ.get(DATA_DIR_VARIABLE)
    location = QStandardPaths.StandardLocation.AppDataLocation
    folder = Path(override) if override else Path(QStandardPaths.writableLocation(location))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        if folder not in _unmade:
            log.warning("Data folder %s could not be made (%s): settings are off", folder, error)
        _unmade[folder] = error
    else:
        _unmade.pop(folder, None)
    return folder


def unmade_reason(folder: Path) -> OSError | None:
    """Why the data folder `folder` could not be made when last asked; None if it was."""
    return _unmade.get(folder)


def settings() -> QSettings:
    """ScaleDeck's settings (an INI file in the data folder): geometry, recent files."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[str]:
    """Recently opened or saved files, newest first (missing ones dropped)."""
    value = settings().value("files/recent", [])
    names = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return [name for name in names if Path(name).is_file()][:MAX_RECENT_FILES]


def remember_file(path: Path) -> None:
    """Put `path` first in the recent files."""
    name = str(path.resolve())
    names = [name, *(n for n in recent_files() if n != name)]
    settings().setValue("files/recent", names[:MAX_RECENT_FILES])
