"""The menu bar: File, Edit and View, with the standard shortcuts and stable objectNames."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from gui.appearance import PREFERENCES, appearance
from gui.settings import recent_files

if TYPE_CHECKING:
    from gui.main_window import MainWindow

Key = QKeySequence.StandardKey


def _action(
    window: "MainWindow",
    menu: QMenu,
    name: str,
    text: str,
    slot: Callable[[], object],
    key: Key | str | None = None,
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if key is not None:
        action.setShortcut(QKeySequence(key))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(window: "MainWindow") -> None:
    """File, Edit and View menus of `window`."""
    files, doc = window.files, window.document
    file_menu = window.menuBar().addMenu("&File")
    file_menu.setObjectName("fileMenu")
    _action(window, file_menu, "newAction", "&New", files.new_document, Key.New)
    _action(window, file_menu, "openAction", "&Open…", files.open_dialog, Key.Open)
    recent = file_menu.addMenu("Open &Recent")
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: _fill_recent(recent, window))
    _action(window, file_menu, "saveAction", "&Save", files.save, Key.Save)
    _action(window, file_menu, "saveAsAction", "Save &As…", files.save_as_dialog, Key.SaveAs)
    _action(window, file_menu, "revertAction", "Re&vert", files.revert)
    file_menu.addSeparator()
    export = file_menu.addMenu("&Export")
    export.setObjectName("exportMenu")
    exports = window.exports
    _action(
        window,
        export,
        "exportBriefAction",
        "Executive &brief (PDF)…",
        exports.brief_dialog,
        Key.Print,
    )
    _action(
        window,
        export,
        "exportXlsxAction",
        "Results as E&xcel (XLSX)…",
        lambda: exports.results_dialog(".xlsx"),
    )
    _action(
        window,
        export,
        "exportCsvAction",
        "Results as &CSV…",
        lambda: exports.results_dialog(".csv"),
    )
    _action(
        window,
        export,
        "exportDashboardAction",
        "&Dashboard as PNG…",
        lambda: exports.image_dialog(window, ".png"),
    )
    file_menu.addSeparator()
    _action(window, file_menu, "quitAction", "&Quit", window.close, Key.Quit)

    edit = window.menuBar().addMenu("&Edit")
    edit.setObjectName("editMenu")
    undo = doc.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(Key.Undo)
    undo.setObjectName("undoAction")
    redo = doc.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(Key.Redo)
    redo.setObjectName("redoAction")
    edit.addAction(undo)
    edit.addAction(redo)
    _action(window, edit, "resetAction", "Reset to &baseline", doc.reset_to_baseline)
    edit.addSeparator()
    _action(window, edit, "forkAction", "&Fork scenario", doc.fork)
    _action(window, edit, "compareAction", "&Compare scenarios…", window.show_compare)

    analysis = window.menuBar().addMenu("&Analysis")
    analysis.setObjectName("analysisMenu")
    _action(
        window,
        analysis,
        "analysisAction",
        "&Recommended routing, sensitivity, Monte Carlo…",
        window.show_analysis,
    )

    view = window.menuBar().addMenu("&View")
    view.setObjectName("viewMenu")
    history = window.history_dock.toggleViewAction()
    history.setObjectName("historyAction")
    history.setText("&History")
    view.addAction(history)
    _view_actions(window, view)


def _view_actions(window: "MainWindow", view: QMenu) -> None:
    """Controls, presentation mode (F11, Esc leaves) and the theme."""
    controls = _toggle(window, view, "controlsAction", "&Controls", "Ctrl+Shift+C")
    controls.setChecked(window.controls_visible())
    controls.toggled.connect(window.set_controls_visible)
    window.controlsToggled.connect(controls.setChecked)
    present = _toggle(window, view, "presentationAction", "&Presentation mode", "F11")
    present.toggled.connect(window.presentation.set_active)
    window.presentation.toggled.connect(present.setChecked)
    leave = QAction("Leave presentation mode", window)
    leave.setObjectName("leavePresentationAction")
    leave.setShortcut(QKeySequence("Esc"))
    leave.setEnabled(False)
    leave.triggered.connect(window.presentation.leave)
    window.presentation.toggled.connect(leave.setEnabled)
    window.addAction(leave)  # a window shortcut, not a menu entry
    themes = view.addMenu("&Theme")
    themes.setObjectName("themeMenu")
    group = QActionGroup(window)
    look = appearance()
    for preference in PREFERENCES:
        action = _toggle(window, themes, f"theme{preference.title()}Action", preference.title())
        action.setText({"system": "Follow &system", "light": "&Light", "dark": "&Dark"}[preference])
        action.setChecked(look.preference == preference)
        action.triggered.connect(lambda _checked=False, p=preference: look.set_preference(p))
        group.addAction(action)


def _toggle(
    window: "MainWindow", menu: QMenu, name: str, text: str, key: str | None = None
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setCheckable(True)
    if key is not None:
        action.setShortcut(QKeySequence(key))
    menu.addAction(action)
    return action


def _fill_recent(menu: QMenu, window: "MainWindow") -> None:
    menu.clear()
    names = recent_files()
    if not names:
        menu.addAction("(no recent files)").setEnabled(False)
    for i, name in enumerate(names):
        action = menu.addAction(f"&{i + 1} {Path(name).name}")
        action.setObjectName(f"recentFile{i}")
        action.setToolTip(name)
        action.triggered.connect(
            lambda _checked=False, path=Path(name): window.files.open_file(path)
        )
