"""docs/commands.md, rendered from the tables themselves so the docs never drift.

Commands and menus come from `gui.commands.table`, sliders from `gui.controls.specs`,
KPI tiles from `gui.views.kpi_tiles`; tests/gui/test_commands.py fails when the file
and the tables differ (regenerate with `python -m gui.commands --markdown`).
"""

from collections.abc import Sequence

from PySide6.QtGui import QKeySequence

from gui.commands.spec import Command, Entry, Menu
from gui.commands.table import COMMANDS
from gui.controls.specs import SLIDERS
from gui.views.kpi_tiles import TILE_PARTS, TILES

HEAD = """\
# Commands, controls and tiles

Generated from the tables in `gui/commands/table.py`, `gui/controls/specs.py` and
`gui/views/kpi_tiles.py` by `python -m gui.commands --markdown > docs/commands.md`;
do not edit by hand (a test compares the two). Find any of these with
`window.findChild(QObject, name)`; `gui.testing.testkit.trigger(window, name)` runs a
command. A shortcut named *standard* is the platform's own (Ctrl+Z on Linux and
Windows, Cmd+Z on macOS).
"""


def plain(title: str) -> str:
    """A menu title without its mnemonic marks: `&Open…` reads `Open…`."""
    return title.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_text(shortcut: QKeySequence.StandardKey | str | None) -> str:
    """`F11`, `Ctrl+Shift+C`, or a standard key by its name (`Undo (standard)`)."""
    if shortcut is None:
        return ""
    return (
        f"{shortcut.name} (standard)"
        if isinstance(shortcut, QKeySequence.StandardKey)
        else shortcut
    )


def row(*cells: str) -> str:
    """A markdown table row."""
    return "| " + " | ".join(cells) + " |"


def command_rows(entries: Sequence[Entry]) -> list[str]:
    """One row per menu and command: objectName, menu path, title, shortcut."""
    paths: dict[str, str] = {}
    rows = ["| objectName | menu | title | shortcut |", "|---|---|---|---|"]
    for entry in entries:
        if isinstance(entry, Menu):
            where = paths[entry.parent] if entry.parent else "(menu bar)"
            title = plain(entry.title)
            paths[entry.name] = f"{where} > {title}" if entry.parent else title
            rows.append(row(f"`{entry.name}`", where, title, ""))
        else:
            rows.append(_command_row(entry, paths))
    return rows


def _command_row(command: Command, paths: dict[str, str]) -> str:
    where = paths[command.menu] if command.menu else "(window shortcut)"
    kind = " (checkable)" if command.checked is not None else ""
    shortcut = shortcut_text(command.shortcut)
    return row(f"`{command.name}`", where, plain(command.title) + kind, shortcut)


def slider_rows() -> list[str]:
    """One row per slider: objectName, group, label, unit and range in display units."""
    rows = ["| objectName | group | label | unit | range |", "|---|---|---|---|---|"]
    for s in SLIDERS:
        span = f"{s.minimum:g} to {s.maximum:g}"
        rows.append(row(f"`{s.name}`", s.group, s.label, s.unit or "-", span))
    return rows


def tile_rows() -> list[str]:
    """One row per KPI tile: objectName, title, and its parts' objectNames."""
    rows = ["| objectName | title | parts |", "|---|---|---|"]
    for t in TILES:
        parts = ", ".join(f"`{t.part(p)}`" for p in TILE_PARTS)
        rows.append(row(f"`{t.name}`", t.title, parts))
    return rows


def markdown() -> str:
    """The whole of docs/commands.md."""
    sections = [
        HEAD,
        "## Commands\n",
        *command_rows(COMMANDS),
        "\n## Controls\n",
        "Sliders show and take values in the unit of their label, as `set_control` does;\n"
        "the ramp target year's range follows the scenario's horizon.\n",
        *slider_rows(),
        "\n## Tiles\n",
        *tile_rows(),
    ]
    return "\n".join(sections) + "\n"
