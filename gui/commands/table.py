"""The dashboard's menus and commands, as one module-level table.

Every command is declared here once, with its stable objectName (docs/commands.md is
generated from this table) and a function of the `Context` it runs on. Adding a
command is one row here plus the function it calls; `gui.commands.build` makes the
QActions and shortcuts, and the docs follow by themselves.
"""

import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QMenu

from gui.commands.spec import Command, Context, Entry, Key, Menu
from gui.settings import recent_files
from gui.style.appearance import PREFERENCES, Preference, appearance

THEME_TEXT = {"system": "Follow &system", "light": "&Light", "dark": "&Dark"}


def fill_recent(context: Context, menu: QMenu) -> None:
    """Open Recent, listed afresh each time the menu opens; each file's path is its tip."""
    menu.clear()
    menu.setToolTipsVisible(True)
    names = recent_files()
    if not names:
        menu.addAction("(no recent files)").setEnabled(False)
    for i, (name, label) in enumerate(zip(names, recent_labels(names), strict=True)):
        action = menu.addAction(f"&{i + 1} {label}")
        action.setObjectName(f"recentFile{i}")
        action.setToolTip(name)
        action.setStatusTip(name)
        action.triggered.connect(
            lambda _checked=False, path=Path(name): context.files.open_file(path)
        )


def recent_labels(names: Sequence[str]) -> list[str]:
    """What Open Recent shows of each file: its name, told apart from another of that name.

    Two "plan.scaledeck.json" from two folders looked the same: each gets as many of its
    folders as it takes ("plan.scaledeck.json — Q3/"). An '&' is doubled: "R&D plan"
    showed as "RD plan", its D underlined as a shortcut.
    """
    paths = [Path(name).absolute() for name in names]  # a relative one has its folders too
    labels = []
    for path in paths:
        others = [p.parent for p in paths if p.name == path.name and p != path]
        where = f" — {_telling_folder(path.parent, others)}" if others else ""
        labels.append(f"{path.name}{where}".replace("&", "&&"))
    return labels


def _telling_folder(folder: Path, others: Sequence[Path]) -> str:
    """The last parts of `folder` that none of `others` ends with, as 'a/Q3/'."""
    parts = folder.parts
    depth = next(
        (d for d in range(1, len(parts)) if all(o.parts[-d:] != parts[-d:] for o in others)),
        len(parts),
    )
    return os.path.join(*parts[-depth:], "")


def _set_theme(preference: Preference, _context: Context) -> None:
    appearance().set_preference(preference)


def _is_theme(preference: Preference, _context: Context) -> bool:
    return appearance().preference == preference


FILE: tuple[Entry, ...] = (
    Menu("fileMenu", "&File"),
    Command("newAction", "&New", "fileMenu", lambda c: c.files.new_document(), Key.New),
    Command("openAction", "&Open…", "fileMenu", lambda c: c.files.open_dialog(), Key.Open),
    Menu("recentMenu", "Open &Recent", "fileMenu", fill=fill_recent),
    Command("saveAction", "&Save", "fileMenu", lambda c: c.files.save(), Key.Save),
    Command(
        "saveAsAction", "Save &As…", "fileMenu", lambda c: c.files.save_as_dialog(), Key.SaveAs
    ),
    Command("revertAction", "Re&vert", "fileMenu", lambda c: c.files.revert()),
    Menu("exportMenu", "&Export", "fileMenu", separator_before=True),
    Command(
        "exportBriefAction",
        "Executive &brief (PDF)…",
        "exportMenu",
        lambda c: c.exports.brief_dialog(),
        Key.Print,
    ),
    Command(
        "exportDeckAction",
        "&PowerPoint deck (PPTX)…",
        "exportMenu",
        lambda c: c.exports.deck_dialog(),
    ),
    Command(
        "exportXlsxAction",
        "Results as E&xcel (XLSX)…",
        "exportMenu",
        lambda c: c.exports.results_dialog(".xlsx"),
    ),
    Command(
        "exportCsvAction",
        "Results as &CSV…",
        "exportMenu",
        lambda c: c.exports.results_dialog(".csv"),
    ),
    Command(
        "exportWorkbookAction",
        "&Finance workbook (XLSX, live formulas)…",
        "exportMenu",
        lambda c: c.exports.workbook_dialog(),
    ),
    Command(
        "exportDashboardAction",
        "&Dashboard as PNG…",
        "exportMenu",
        lambda c: c.exports.image_dialog(c.window, ".png"),
    ),
    Command(
        "quitAction",
        "&Quit",
        "fileMenu",
        lambda c: c.window.close(),
        Key.Quit,
        separator_before=True,
    ),
)

EDIT: tuple[Entry, ...] = (
    Menu("editMenu", "&Edit"),
    Command(
        "undoAction",
        "&Undo",
        "editMenu",
        shortcut=Key.Undo,
        make=lambda c, parent: c.document.undo_stack.createUndoAction(parent, "&Undo"),
    ),
    Command(
        "redoAction",
        "&Redo",
        "editMenu",
        shortcut=Key.Redo,
        make=lambda c, parent: c.document.undo_stack.createRedoAction(parent, "&Redo"),
    ),
    Command(
        "resetAction", "Reset to &baseline", "editMenu", lambda c: c.document.reset_to_baseline()
    ),
    Command(
        "forkAction",
        "&Fork scenario",
        "editMenu",
        lambda c: c.document.fork(),
        separator_before=True,
    ),
    Command("compareAction", "&Compare scenarios…", "editMenu", lambda c: c.dialogs.compare()),
    Menu("analysisMenu", "&Analysis"),
    Command(
        "analysisAction",
        "&Recommended routing, sensitivity, Monte Carlo…",
        "analysisMenu",
        lambda c: c.dialogs.analysis(),
    ),
    Command("planAction", "Recommend a &plan…", "analysisMenu", lambda c: c.dialogs.plan()),
)

# Products: real data in place of typed-in profiles and volumes (each previewed first).
PRODUCTS: tuple[Entry, ...] = (
    Menu("productsMenu", "&Products"),
    Command(
        "importTraceAction", "Import &trace…", "productsMenu", lambda c: c.dialogs.import_trace()
    ),
    Command(
        "importUsageAction",
        "Import &usage history…",
        "productsMenu",
        lambda c: c.dialogs.import_usage(),
    ),
)

# Models: partners and their prices from the bundled catalog.
MODELS: tuple[Entry, ...] = (
    Menu("modelsMenu", "&Models"),
    Command(
        "addPartnerAction",
        "Add partner from &catalog…",
        "modelsMenu",
        lambda c: c.dialogs.catalog(),
    ),
    Command(
        "updatePricesAction",
        "&Update prices from catalog…",
        "modelsMenu",
        lambda c: c.dialogs.price_update(),
    ),
    Command(
        "promiseCostAction",
        "What a &promise costs…",
        "modelsMenu",
        lambda c: c.dialogs.promise_cost(),
        separator_before=True,
    ),
)

# View: history, controls, cost as cash, presentation mode (F11; Esc leaves), theme.
VIEW: tuple[Entry, ...] = (
    Menu("viewMenu", "&View"),
    Command(
        "historyAction",
        "&History",
        "viewMenu",
        make=lambda c, _parent: c.history.toggleViewAction(),
    ),
    Command(
        "controlsAction",
        "&Controls",
        "viewMenu",
        shortcut="Ctrl+Shift+C",
        checked=lambda c: c.controls.is_visible(),
        checked_changed=lambda c: c.controls.toggled,
        toggle=lambda c, on: c.controls.set_visible(on),
    ),
    Command(
        "costCashAction",
        "Cost as c&ash (capex when paid)",  # &C is Controls
        "viewMenu",
        checked=lambda c: c.cost_chart.cash_view,
        toggle=lambda c, on: c.cost_chart.set_cash_view(on),
    ),
    Command(
        "presentationAction",
        "&Presentation mode",
        "viewMenu",
        shortcut="F11",
        checked=lambda c: c.presentation.active,
        checked_changed=lambda c: c.presentation.toggled,
        toggle=lambda c, on: c.presentation.set_active(on),
    ),
    Command(
        "leavePresentationAction",
        "Leave presentation mode",
        None,
        lambda c: c.presentation.leave(),
        shortcut="Esc",
        enabled=lambda c: c.presentation.active,
        enabled_changed=lambda c: c.presentation.toggled,
    ),
    Menu("themeMenu", "&Theme", "viewMenu"),
    *(
        Command(
            f"theme{preference.title()}Action",
            THEME_TEXT[preference],
            "themeMenu",
            partial(_set_theme, preference),
            checked=partial(_is_theme, preference),
            group="theme",
        )
        for preference in PREFERENCES
    ),
)

COMMANDS: tuple[Entry, ...] = FILE + EDIT + PRODUCTS + MODELS + VIEW
