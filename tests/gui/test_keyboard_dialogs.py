"""The dialogs by keyboard: Tab leaves every table for the buttons after it, tables and lists
are named in words, the plan window opens on Run, and each menu's mnemonics are its own.
"""

from collections import Counter

import pytest
from keyboard_walk import names, tab_leaves, walk
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QDialog, QMenu, QPushButton

from gui.testing.testkit import find, trigger, wait_idle

WORDED = {  # dialog: its tables and lists that a screen reader names in words
    "catalogDialog": ["catalogTable"],
    "priceUpdateDialog": ["priceUpdateTable"],
    "compareDialog": ["compareDecisionsTable", "compareTable"],
    "analysisWindow": ["recommendedTable", "bindingList", "rangesTable"],
    "planWindow": ["planCompareTable", "planRoutingTable", "planBindingList", "planReasonsList"],
    "traceImportDialog": ["tracePreviewTable"],
    "usageImportDialog": ["usagePreviewTable"],
}
TRACE = "TIMESTAMP,ContextTokens,GeneratedTokens\n" + "".join(
    f"2024-01-01 {h:02d}:00:00,{100 * (h + 1)},10\n" for h in range(4)
)
USAGE = "month,product,input_tokens,output_tokens\n" + "".join(
    f"2025-{m:02d},GitHub Copilot,{1e9 * 2 ** (m / 12):.0f},0\n" for m in range(1, 13)
)


@pytest.fixture
def opened(window, qtbot) -> dict[str, QDialog]:
    """The windowed dialogs with tables, open on the default scenario, the plan's filled."""
    trigger(window, "forkAction")  # Compare needs two scenarios
    plan = window.show_plan()
    plan.inputs.frontier_points.setValue(0)  # the deterministic plan alone: fast
    plan.run()
    qtbot.waitUntil(lambda: plan.worker is None, timeout=30_000)
    dialogs = [window.show_catalog(), window.show_price_update(), window.show_compare()]
    dialogs += [window.show_analysis(), plan]
    wait_idle(window)
    yield {dialog.objectName(): dialog for dialog in dialogs}
    for dialog in dialogs:
        dialog.close()


@pytest.fixture
def trace(window, qtbot, tmp_path) -> QDialog:
    """The trace preview (a modal dialog), its file read."""
    (tmp_path / "trace.csv").write_text(TRACE)
    dialog = window.import_trace(tmp_path / "trace.csv")
    qtbot.waitUntil(lambda: dialog.trace is not None)
    yield dialog
    dialog.close()


@pytest.fixture
def usage(window, qtbot, tmp_path) -> QDialog:
    """The usage preview (a modal dialog), its file fitted."""
    (tmp_path / "usage.csv").write_text(USAGE)
    dialog = window.import_usage(tmp_path / "usage.csv")
    qtbot.waitUntil(lambda: bool(dialog.targets))
    yield dialog
    dialog.close()


def leaves_and_says(dialogs: dict[str, QDialog]) -> None:
    """Tab leaves each table and list of `dialogs` (any with rows, by key), each named in words."""
    for name, dialog in dialogs.items():
        for view in dialog.findChildren(QAbstractItemView):
            assert not view.tabKeyNavigation(), f"{name}: {view.objectName()}"
            if view.isVisible() and view.model().rowCount():
                assert tab_leaves(view), f"{name}: {view.objectName()}"
        for listed in WORDED[name]:
            view = dialog.findChild(QAbstractItemView, listed)
            said = QAccessible.queryAccessibleInterface(view).text(QAccessible.Text.Name)
            assert said != listed, f"{name}: {listed}"
            assert len(said.split()) >= 2, f"{name}: {listed} is {said!r}"


def test_tab_leaves_every_table_of_the_windowed_dialogs_each_named(opened):
    leaves_and_says(opened)


def test_tab_leaves_the_trace_preview_named(trace):
    leaves_and_says({"traceImportDialog": trace})


def test_tab_leaves_the_usage_preview_named(usage):
    leaves_and_says({"usageImportDialog": usage})


def test_tab_reaches_the_buttons_after_a_table(opened):
    catalog = opened["catalogDialog"]
    around = names(walk(find(catalog, "catalogTable")))
    assert around[:3] == ["catalogTable", "addPartnerButton", "catalogCloseButton"]
    compare = opened["compareDialog"]
    around = names(walk(find(compare, "compareDecisionsTable")))
    assert {"compareCopyButton", "compareExportButton"} <= set(around)


def test_the_usage_preview_tabs_from_its_table_to_its_pickers_then_its_buttons(usage):
    usage.table.item(0, 0).setCheckState(Qt.CheckState.Checked)  # by Space, as a user would
    assert find(usage, "usageApplyButton").isEnabled()
    around = names(walk(usage.table))
    assert around == ["usagePreviewTable", "usageTarget_0", "usageApplyButton", "usageCancelButton"]


def test_the_plan_window_opens_on_run_and_tab_skips_its_scroll_area(window):
    plan = window.show_plan()
    run = plan.findChild(QPushButton, "planRunButton")
    assert plan.focusWidget() is run  # the stop it opens on, once active
    assert "planInputsScroll" not in names(walk(run))
    plan.close()


def test_each_menu_underlines_each_letter_once(window):
    menus = [action.menu() for action in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        texts = [a.text().replace("&&", "") for a in menu.actions() if not a.isSeparator()]
        letters = Counter(t[t.index("&") + 1].lower() for t in texts if "&" in t)
        assert [letter for letter, n in letters.items() if n > 1] == [], menu.title()
        menus += [a.menu() for a in menu.actions() if a.menu() is not None]
