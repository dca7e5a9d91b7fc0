"""The command table made into QActions: menus, window shortcuts, checked and enabled states.

`build_menus` is the only place a QAction of the window is made; nothing wires one by
hand. (A small table of our own rather than app-model: docs/architecture.md, Commands.)
"""

from collections.abc import Sequence

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from gui.commands.spec import Command, Context, Entry, Menu
from gui.commands.table import COMMANDS


def build_menus(
    owner: QWidget, bar: QMenuBar, context: Context, entries: Sequence[Entry] = COMMANDS
) -> dict[str, QMenu]:
    """Build `entries` in order: each menu in its parent, each command in its menu.

    A command without a menu is a window-wide shortcut. Returns the menus by objectName.
    """
    built: dict[str, QMenu] = {}
    groups: dict[str, QActionGroup] = {}
    for entry in entries:
        container = entry.parent if isinstance(entry, Menu) else entry.menu
        where = built[container] if container else None
        if entry.separator_before and where is not None:
            where.addSeparator()
        if isinstance(entry, Menu):
            built[entry.name] = _menu(where or bar, entry, context)
            continue
        action = _action(owner, entry, context)
        if entry.group is not None:
            groups.setdefault(entry.group, QActionGroup(owner)).addAction(action)
        if where is None:
            owner.addAction(action)  # a window shortcut, not a menu entry
        else:
            where.addAction(action)
    return built


def _menu(parent: QMenu | QMenuBar, spec: Menu, context: Context) -> QMenu:
    menu = parent.addMenu(spec.title)
    menu.setObjectName(spec.name)
    fill = spec.fill
    if fill is not None:
        menu.aboutToShow.connect(lambda: fill(context, menu))
    return menu


def _action(owner: QWidget, spec: Command, context: Context) -> QAction:
    action = spec.make(context, owner) if spec.make else QAction(spec.title, owner)
    action.setObjectName(spec.name)
    action.setText(spec.title)
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.checked is not None:
        action.setCheckable(True)
        action.setChecked(spec.checked(context))
    if spec.checked_changed is not None:
        spec.checked_changed(context).connect(action.setChecked)
    if spec.toggle is not None:
        toggle = spec.toggle
        action.toggled.connect(lambda on: toggle(context, on))
    if spec.run is not None:
        run = spec.run
        action.triggered.connect(lambda _checked=False: run(context))
    if spec.enabled is not None:
        action.setEnabled(spec.enabled(context))
    if spec.enabled_changed is not None:
        spec.enabled_changed(context).connect(action.setEnabled)
    return action
