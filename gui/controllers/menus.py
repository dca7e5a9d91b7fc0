"""The dashboard's menus and commands, as a table (`gui.controllers.actions` builds them).

Every command is declared here once, with its stable objectName (docs/testing.md lists
them) and a callback bound to the one object it acts on.
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from gui.controllers.actions import ActionSpec, Key, MenuSpec
from gui.controllers.export_controller import ExportController
from gui.controllers.file_controller import FileController
from gui.controllers.presentation import Presentation
from gui.document import ScenarioDocument
from gui.settings import recent_files
from gui.style.appearance import PREFERENCES, Appearance, Preference, appearance
from gui.views.charts.time_charts import CostChart
from gui.views.folding_pane import FoldingPane

THEME_TEXT = {"system": "Follow &system", "light": "&Light", "dark": "&Dark"}


Entry = MenuSpec | ActionSpec


def file_menu(
    files: FileController,
    exports: ExportController,
    dashboard: QWidget,
    quit_: Callable[[], object],
) -> list[Entry]:
    """File: new, open, recent, save, revert, exports, quit."""
    return [
        MenuSpec("fileMenu", "&File"),
        ActionSpec("newAction", "&New", "fileMenu", files.new_document, Key.New),
        ActionSpec("openAction", "&Open…", "fileMenu", files.open_dialog, Key.Open),
        MenuSpec("recentMenu", "Open &Recent", "fileMenu"),
        ActionSpec("saveAction", "&Save", "fileMenu", files.save, Key.Save),
        ActionSpec("saveAsAction", "Save &As…", "fileMenu", files.save_as_dialog, Key.SaveAs),
        ActionSpec("revertAction", "Re&vert", "fileMenu", files.revert),
        MenuSpec("exportMenu", "&Export", "fileMenu", separator_before=True),
        ActionSpec(
            "exportBriefAction",
            "Executive &brief (PDF)…",
            "exportMenu",
            exports.brief_dialog,
            Key.Print,
        ),
        ActionSpec(
            "exportDeckAction", "&PowerPoint deck (PPTX)…", "exportMenu", exports.deck_dialog
        ),
        ActionSpec(
            "exportXlsxAction",
            "Results as E&xcel (XLSX)…",
            "exportMenu",
            lambda: exports.results_dialog(".xlsx"),
        ),
        ActionSpec(
            "exportCsvAction",
            "Results as &CSV…",
            "exportMenu",
            lambda: exports.results_dialog(".csv"),
        ),
        ActionSpec(
            "exportDashboardAction",
            "&Dashboard as PNG…",
            "exportMenu",
            lambda: exports.image_dialog(dashboard, ".png"),
        ),
        ActionSpec("quitAction", "&Quit", "fileMenu", quit_, Key.Quit, separator_before=True),
    ]


def edit_menu(
    document: ScenarioDocument,
    show_compare: Callable[[], object],
    show_analysis: Callable[[], object],
    show_plan: Callable[[], object],
) -> list[Entry]:
    """Edit (undo, redo, reset, fork, compare) and Analysis."""
    stack = document.undo_stack
    return [
        MenuSpec("editMenu", "&Edit"),
        ActionSpec(
            "undoAction",
            "&Undo",
            "editMenu",
            shortcut=Key.Undo,
            make=lambda p: stack.createUndoAction(p, "&Undo"),
        ),
        ActionSpec(
            "redoAction",
            "&Redo",
            "editMenu",
            shortcut=Key.Redo,
            make=lambda p: stack.createRedoAction(p, "&Redo"),
        ),
        ActionSpec("resetAction", "Reset to &baseline", "editMenu", document.reset_to_baseline),
        ActionSpec(
            "forkAction", "&Fork scenario", "editMenu", document.fork, separator_before=True
        ),
        ActionSpec("compareAction", "&Compare scenarios…", "editMenu", show_compare),
        MenuSpec("analysisMenu", "&Analysis"),
        ActionSpec(
            "analysisAction",
            "&Recommended routing, sensitivity, Monte Carlo…",
            "analysisMenu",
            show_analysis,
        ),
        ActionSpec("planAction", "Recommend a &plan…", "analysisMenu", show_plan),
    ]


def models_menu(
    add_partner: Callable[[], object], update_prices: Callable[[], object]
) -> list[Entry]:
    """Models: partners and their prices from the bundled catalog (README, price catalog)."""
    return [
        MenuSpec("modelsMenu", "&Models"),
        ActionSpec("addPartnerAction", "Add partner from &catalog…", "modelsMenu", add_partner),
        ActionSpec(
            "updatePricesAction", "&Update prices from catalog…", "modelsMenu", update_prices
        ),
    ]


def products_menu(
    import_trace: Callable[[], object], import_usage: Callable[[], object]
) -> list[Entry]:
    """Products: real data in place of typed-in profiles and volumes (each previewed first)."""
    return [
        MenuSpec("productsMenu", "&Products"),
        ActionSpec("importTraceAction", "Import &trace…", "productsMenu", import_trace),
        ActionSpec("importUsageAction", "Import &usage history…", "productsMenu", import_usage),
    ]


def view_menu(
    history: QDockWidget, controls: FoldingPane, presentation: Presentation, cost: CostChart
) -> list[Entry]:
    """View: history, controls, cost as cash, presentation mode (F11; Esc leaves), theme."""
    themes = _theme_actions(appearance())
    return [
        MenuSpec("viewMenu", "&View"),
        ActionSpec(
            "historyAction", "&History", "viewMenu", make=lambda _parent: history.toggleViewAction()
        ),
        ActionSpec(
            "controlsAction",
            "&Controls",
            "viewMenu",
            shortcut="Ctrl+Shift+C",
            checkable=True,
            toggle=controls.set_visible,
            state=controls.is_visible,
            state_changed=controls.toggled,
        ),
        ActionSpec(
            "costCashAction",
            "Cost as &cash (capex when paid)",
            "viewMenu",
            checkable=True,
            toggle=cost.set_cash_view,
            state=lambda: cost.cash_view,
        ),
        ActionSpec(
            "presentationAction",
            "&Presentation mode",
            "viewMenu",
            shortcut="F11",
            checkable=True,
            toggle=presentation.set_active,
            state=lambda: presentation.active,
            state_changed=presentation.toggled,
        ),
        ActionSpec(
            "leavePresentationAction",
            "Leave presentation mode",
            None,
            presentation.leave,
            shortcut="Esc",
            enabled=lambda: presentation.active,
            enabled_changed=presentation.toggled,
        ),
        MenuSpec("themeMenu", "&Theme", "viewMenu"),
        *themes,
    ]


def _theme_actions(look: Appearance) -> list[Entry]:
    """View > Theme: follow the system, light or dark (one of them checked)."""
    return [
        ActionSpec(
            f"theme{preference.title()}Action",
            THEME_TEXT[preference],
            "themeMenu",
            partial(look.set_preference, preference),
            checkable=True,
            state=partial(_is_preference, look, preference),
            group="theme",
        )
        for preference in PREFERENCES
    ]


def _is_preference(look: Appearance, preference: Preference) -> bool:
    return look.preference == preference


def fill_recent(menu: QMenu, open_file: Callable[[Path], object]) -> None:
    """Open Recent, listed afresh each time the menu opens."""
    menu.clear()
    names = recent_files()
    if not names:
        menu.addAction("(no recent files)").setEnabled(False)
    for i, name in enumerate(names):
        action = menu.addAction(f"&{i + 1} {Path(name).name}")
        action.setObjectName(f"recentFile{i}")
        action.setToolTip(name)
        action.triggered.connect(lambda _checked=False, path=Path(name): open_file(path))
