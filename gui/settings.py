"""Where ScaleDeck keeps its own files: settings and autosaves, in one data folder.

The folder is the platform's application-data location, or `SCALEDECK_DATA_DIR`
when set (tests and testers point it at a temporary folder).
"""

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

DATA_DIR_VARIABLE = "SCALEDECK_DATA_DIR"
MAX_RECENT_FILES = 8


def data_dir() -> Path:
    """The folder for settings and autosaves (created if missing)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    location = QStandardPaths.StandardLocation.AppDataLocation
    folder = Path(override) if override else Path(QStandardPaths.writableLocation(location))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
