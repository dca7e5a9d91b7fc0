"""What a command is: a row of the table, and the context its functions are given.

A command is data: its stable objectName, title, shortcut and menu, and functions of a
`Context` (what to run, whether it is enabled or checked). Rows are module-level, never
bound to an instance, so the table can be read (for the docs) without a window.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from gui.controllers.export_controller import ExportController
from gui.controllers.file_controller import FileController
from gui.controllers.presentation import Presentation
from gui.document import ScenarioDocument
from gui.views.charts.time_charts import CostChart
from gui.views.folding_pane import FoldingPane

if TYPE_CHECKING:
    from gui.commands.dialogs import DialogHolder

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class Context:
    """What commands act on: the document, the window's controllers and the parts they toggle."""

    window: QMainWindow
    document: ScenarioDocument
    files: FileController
    exports: ExportController
    presentation: Presentation
    dialogs: "DialogHolder"
    history: QDockWidget
    controls: FoldingPane
    cost_chart: CostChart


Follows = Callable[[Context], SignalInstance]  # the signal that says a state changed


@dataclass(frozen=True)
class Menu:
    """A menu: objectName, title, the menu it opens from (None: the menu bar).

    `fill` lists its entries afresh each time it opens (Open Recent).
    """

    name: str
    title: str
    parent: str | None = None
    separator_before: bool = False
    fill: Callable[[Context, QMenu], None] | None = None


@dataclass(frozen=True)
class Command:
    """One command of the window, declared once.

    `menu` is the objectName of its menu, or None for a window-wide shortcut. `run` is
    what it does; a command with `checked` is checkable (its state now, followed through
    `checked_changed`) and `toggle` gets the new state; `enabled` and `enabled_changed`
    say when it can be used. `make` builds the QAction itself where Qt already offers
    one (undo, redo, a dock's toggle).
    """

    name: str
    title: str
    menu: str | None
    run: Callable[[Context], object] | None = None
    shortcut: Key | str | None = None
    separator_before: bool = False
    checked: Callable[[Context], bool] | None = None
    checked_changed: Follows | None = None
    toggle: Callable[[Context, bool], object] | None = None
    enabled: Callable[[Context], bool] | None = None
    enabled_changed: Follows | None = None
    group: str | None = None  # exclusive choice among the commands of one group
    make: Callable[[Context, QObject], QAction] | None = None


Entry = Menu | Command
