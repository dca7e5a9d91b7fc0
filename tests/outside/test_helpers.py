"""Every helper of gui.testing.testkit, used as an outside tester would from docs/testing.md."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QMenu, QWidget

from gui.style.appearance import appearance
from gui.testing import testkit as kit


def test_trigger_returns_with_the_dark_theme_on_screen(scaledeck_window):
    kit.trigger(scaledeck_window, "themeDarkAction")
    look = appearance()
    assert (look.preference, look.theme.name) == ("dark", "dark")
    slider = kit.find(scaledeck_window, "scaleSlider")
    assert slider.palette().color(QPalette.ColorRole.Window).name() == look.theme.panel.lower()


def test_trigger_returns_with_presentation_sizes_on_screen(scaledeck_window):
    kit.trigger(scaledeck_window, "presentationAction")
    assert appearance().scale == 1.45
    assert scaledeck_window.font().pointSize() == appearance().pt(10) == 14  # round(14.5)
    assert not kit.find(scaledeck_window, "tablesTabs").isVisible()
    kit.trigger(scaledeck_window, "leavePresentationAction")
    assert appearance().scale == 1.0


def test_show_compare_picks_scenarios_and_tabulates_them(scaledeck_window):
    window = scaledeck_window
    kit.trigger(window, "forkAction")  # a second scenario, now on screen
    kit.set_control(window, "scaleSlider", 4.0)
    baseline, variant = window.document.book.names
    dialog = window.show_compare()
    assert dialog.picked() == [baseline, variant]  # the baseline and the one on screen
    dialog.set_picked([baseline, variant])
    dialog.year.setValue(2030)  # `compareYear`: the comparison follows
    comparison = dialog.comparison
    assert (comparison.names, comparison.year) == ([baseline, variant], 2030)
    assert comparison.cell("gpus", variant, "value") == 60_000
    assert comparison.cell("gpus", variant, "delta") == 60_000 - comparison.cell(
        "gpus", baseline, "value"
    )
    dialog.close()


def test_set_share_refuses_locked_and_unknown_cells(scaledeck_window):
    window = scaledeck_window
    with pytest.raises(
        ValueError, match=r"\['Regulated-industry models', 'GPT-5 class'\] is locked"
    ):
        kit.set_share(window, "Regulated-industry models", "GPT-5 class", 10)
    with pytest.raises(ValueError, match="no product 'Bing'; the products are"):
        kit.set_share(window, "Bing", "GPT-5 class", 10)
    with pytest.raises(ValueError, match="no model 'Gemini'; the models are"):
        kit.read_share(window, "GitHub Copilot", "Gemini")
    with pytest.raises(ValueError, match="101 is outside its range 0 to 100"):
        kit.set_share(window, "GitHub Copilot", "GPT-5 class", 101)
    assert kit.read_share(window, "GitHub Copilot", "GPT-5 class") == 60


def test_set_share_rebalances_the_row_in_one_undo_step(scaledeck_window):
    window = scaledeck_window
    cost_before = kit.read_kpi(window, "kpiTotalCost")
    kit.set_share(window, "GitHub Copilot", "MAI small", 50)
    shares = {
        m: kit.read_share(window, "GitHub Copilot", m)
        for m in ("GPT-5 class", "Claude Sonnet class", "MAI small")
    }
    assert shares == pytest.approx({"GPT-5 class": 30, "Claude Sonnet class": 20, "MAI small": 50})
    assert kit.read_effective_share(window, "GitHub Copilot", "MAI small") == pytest.approx(50)
    assert kit.read_kpi(window, "kpiTotalCost") != cost_before  # the tiles already show it
    kit.trigger(window, "undoAction")
    assert kit.read_share(window, "GitHub Copilot", "MAI small") == 0


def test_wait_idle_waits_for_an_analysis_worker(scaledeck_window):
    analysis = scaledeck_window.show_analysis()
    tab = analysis.monte_carlo
    tab.draws.setValue(200)
    tab.run()
    kit.wait_idle(scaledeck_window)
    assert tab.worker is None
    assert tab.result is not None


def test_find_names_what_is_missing(scaledeck_window):
    assert isinstance(kit.find(scaledeck_window, "routingTable"), QWidget)
    with pytest.raises(LookupError, match="no widget with objectName 'nope'"):
        kit.find(scaledeck_window, "nope")
    with pytest.raises(LookupError, match="no action with objectName 'nopeAction'"):
        kit.trigger(scaledeck_window, "nopeAction")


def test_find_reaches_actions_menus_and_timers_after_widgets(scaledeck_window):
    """The objectNames list names actions, menus and timers too: `find` reaches each."""
    window = scaledeck_window
    assert isinstance(kit.find(window, "undoAction"), QAction)
    assert isinstance(kit.find(window, "exportMenu"), QMenu)
    assert isinstance(kit.find(window, "autosaveTimer"), QTimer)
    assert kit.find(window, "scaleSliderValue").text() == "1.0"  # a slider's value box


def test_a_slider_value_box_takes_a_typed_number(scaledeck_window, qtbot):
    box = kit.find(scaledeck_window, "scaleSliderValue")
    box.selectAll()
    qtbot.keyClicks(box, "2.5")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    kit.wait_idle(scaledeck_window)
    assert kit.find(scaledeck_window, "scaleSlider").value() == pytest.approx(2.5)
