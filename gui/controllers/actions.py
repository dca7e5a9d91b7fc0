"""Menu actions as data: each declared once, then built into the menu bar by one function.

An `ActionSpec` says everything about one command: its stable objectName, text, shortcut,
the menu it sits in, and a callback bound to the narrow object it needs (the document,
the file controller, the exporter, the presentation). `build_menus` turns the table into
QActions; nothing else wires a QAction by hand. (A small table of our own rather than
app-model: see the README's Architecture section.)
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class MenuSpec:
    """A menu: objectName, title, and the menu it opens from (None: the menu bar)."""

    name: str
    title: str
    parent: str | None = None
    separator_before: bool = False


@dataclass(frozen=True)
class ActionSpec:
    """One command of the window, declared once.

    `menu` is the objectName of its menu, or None for a window-wide shortcut. A
    `checkable` action shows `state()` and follows `state_changed`; `enabled` and
    `enabled_changed` do the same for whether it can be used. `make` builds the QAction
    itself where Qt already offers one (undo, redo, a dock's toggle).
    """

    name: str
    text: str
    menu: str | None
    run: Callable[[], object] | None = None
    shortcut: Key | str | None = None
    separator_before: bool = False
    checkable: bool = False
    toggle: Callable[[bool], object] | None = None
    state: Callable[[], bool] | None = None
    state_changed: SignalInstance | None = None
    enabled: Callable[[], bool] | None = None
    enabled_changed: SignalInstance | None = None
    group: str | None = None  # exclusive choice among actions of the same group
    make: Callable[[QObject], QAction] | None = None


def build_menus(
    owner: QWidget, bar: QMenuBar, entries: Sequence[MenuSpec | ActionSpec]
) -> dict[str, QMenu]:
    """Build `entries` in order: each menu in its parent, each action in its menu.

    Returns the menus by objectName (a caller may fill one as it opens).
    """
    built: dict[str, QMenu] = {}
    groups: dict[str, QActionGroup] = {}
    for entry in entries:
        container = entry.parent if isinstance(entry, MenuSpec) else entry.menu
        where = built[container] if container else None
        if entry.separator_before and where is not None:
            where.addSeparator()
        if isinstance(entry, MenuSpec):
            menu = (where or bar).addMenu(entry.title)
            menu.setObjectName(entry.name)
            built[entry.name] = menu
            continue
        action = _action(owner, entry)
        if entry.group is not None:
            groups.setdefault(entry.group, QActionGroup(owner)).addAction(action)
        if where is None:
            owner.addAction(action)  # a window shortcut, not a menu entry
        else:
            where.addAction(action)
    return built


def _action(owner: QWidget, spec: ActionSpec) -> QAction:
    action = spec.make(owner) if spec.make else QAction(spec.text, owner)
    action.setObjectName(spec.name)
    action.setText(spec.text)
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.checkable:
        action.setCheckable(True)
    if spec.state is not None:
        action.setChecked(spec.state())
    if spec.state_changed is not None:
        spec.state_changed.connect(action.setChecked)
    if spec.toggle is not None:
        action.toggled.connect(spec.toggle)
    if spec.run is not None:
        run = spec.run
        action.triggered.connect(lambda _checked=False: run())
    if spec.enabled is not None:
        action.setEnabled(spec.enabled())
    if spec.enabled_changed is not None:
        spec.enabled_changed.connect(action.setEnabled)
    return action
