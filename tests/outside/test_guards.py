"""The plugin's guards: modal boxes answered by objectName, and leaks named."""

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.testing.guards import leaks
from gui.testing.testkit import read_kpi, set_control, trigger


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
