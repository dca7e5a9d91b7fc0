"""The plugin's guards: modal boxes answered by objectName, and leaks named."""

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from gui.testing.guards import leaks
from gui.testing.testkit import find, read_kpi, set_control, trigger, wait_idle


def test_an_answered_question_goes_as_answered(scaledeck_window, scaledeck_dialogs):
    set_control(scaledeck_window, "scaleSlider", 3.0)  # unsaved work
    scaledeck_dialogs.answer("unsavedChangesDialog", QMessageBox.StandardButton.Cancel)
    trigger(scaledeck_window, "newAction")
    assert scaledeck_dialogs.names() == ["unsavedChangesDialog"]
    assert read_kpi(scaledeck_window, "kpiGpus") == 45_000  # cancelled: still there

    scaledeck_dialogs.answer("unsavedChangesDialog", QMessageBox.StandardButton.Discard)
    trigger(scaledeck_window, "newAction")
    assert read_kpi(scaledeck_window, "kpiGpus") == 15_000


def test_an_unexpected_question_fails_the_test(scaledeck_window, scaledeck_dialogs):
    set_control(scaledeck_window, "scaleSlider", 3.0)
    with pytest.raises(AssertionError, match="unexpected dialog 'unsavedChangesDialog'"):
        scaledeck_window.files.confirm_discard()  # what New, Open and Quit ask first
    assert scaledeck_dialogs.names() == ["unsavedChangesDialog"]


def test_leaks_names_windows_and_timers_left_behind(qapp):
    widget, timer = QWidget(), QTimer()
    widget.setObjectName("forgotten")
    timer.setObjectName("ticking")
    widget.show()
    timer.start(1000)
    assert leaks() == (["forgotten"], ["ticking"], 0)
    assert not shiboken6.isValid(widget)  # closed, deleted and stopped: the guard itself passes
    assert not timer.isActive()


class Panel(QWidget):
    """A widget class written in Python, as ScaleDeck's and pyqtgraph's are."""


def test_leaks_names_a_hidden_widget_left_alive_without_a_parent(qapp):
    panel, kept = Panel(), QWidget()
    panel.setObjectName("orphanPanel")
    Panel(kept).setObjectName("childPanel")  # owned by a window: not a leak of its own
    kept.setObjectName("keptWindow")  # Qt's own class and hidden: the guard leaves it be
    assert leaks() == (["orphanPanel"], [], 0)
    assert not shiboken6.isValid(panel)
    assert shiboken6.isValid(kept)


def test_an_unexpected_question_inside_an_action_fails_the_test_there(
    scaledeck_window, scaledeck_dialogs
):
    """newAction asks from a Qt slot: the box's AssertionError is raised by `trigger` itself."""
    set_control(scaledeck_window, "scaleSlider", 3.0)
    with pytest.raises(AssertionError, match="unexpected dialog 'unsavedChangesDialog'"):
        trigger(scaledeck_window, "newAction")
    assert read_kpi(scaledeck_window, "kpiGpus") == 45_000  # nothing was discarded


def test_the_rename_box_is_answered_by_name_with_a_text(scaledeck_window, scaledeck_dialogs):
    window = scaledeck_window
    scaledeck_dialogs.answer("renameDialog", "Scale 6x", QDialog.DialogCode.Rejected)
    find(window, "renameButton").click()  # the baseline can be renamed
    find(window, "renameButton").click()  # cancelled: the name stays
    wait_idle(window)
    assert window.document.book.names == ["Scale 6x"]
    assert scaledeck_dialogs.shown == [("renameDialog", "New name:")] * 2


def test_leaks_names_a_timer_its_window_took_with_it(qapp):
    """The timer dies with the window `leaks` deletes: it is named before, not after."""
    panel = Panel()
    panel.setObjectName("pollingPanel")
    timer = QTimer(panel)
    timer.setObjectName("pollTimer")
    timer.start(1000)
    panel.show()
    assert leaks() == (["pollingPanel"], ["pollTimer"], 0)
    assert not shiboken6.isValid(timer)


def test_leaks_in_a_test_closes_the_test_window_as_documented(scaledeck_window):
    """It cleans up what it reports, the test's own window too; the fixture copes."""
    windows, _timers, _threads = leaks()
    assert "mainWindow" in windows
    assert not shiboken6.isValid(scaledeck_window)
