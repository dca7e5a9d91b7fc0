"""A drag, a wheel or a spin-box run is one undo step: in one scenario, and only if it changed.

Steps merged by their key alone: the same slider moved in the baseline, then in a variant,
was one step, and one Undo reverted both scenarios. A drag away and back left a step that
changed nothing, the title "(modified)", a close question and an autosave.
"""

import weakref

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QSlider

import core
from gui.document import ScenarioDocument
from gui.testing.testkit import find, trigger, wait_idle


def _scale(doc: ScenarioDocument, name: str) -> float:
    return doc.book.named(name).fleet.scale


@pytest.fixture
def forked(qapp) -> ScenarioDocument:
    """The default workbook with a copy of its baseline; the baseline on screen."""
    doc = ScenarioDocument(core.default_scenario())
    doc.fork()
    doc.switch("Baseline")
    return doc


def test_the_same_drag_key_in_two_scenarios_is_two_steps(forked):
    forked.edit({"fleet.scale": 2.0}, "Scale: 2", merge_key="scaleSlider")
    forked.switch("Baseline copy")
    forked.edit({"fleet.scale": 3.0}, "Scale: 3", merge_key="scaleSlider")
    assert forked.undo_stack.count() == 3
    forked.undo_stack.undo()
    assert (_scale(forked, "Baseline"), _scale(forked, "Baseline copy")) == (2.0, 1.0)
    assert forked.current == "Baseline copy"


def test_a_switch_there_and_back_ends_the_merge_too(forked):
    forked.edit({"fleet.scale": 2.0}, "Scale: 2", merge_key="scaleSlider")
    forked.switch("Baseline copy")
    forked.switch("Baseline")
    forked.edit({"fleet.scale": 3.0}, "Scale: 3", merge_key="scaleSlider")
    assert forked.undo_stack.count() == 3


def _wheel(window, name: str, notches: int) -> None:
    inner = find(window, name).findChild(QSlider)
    at = QPointF(inner.width() / 2, inner.height() / 2)
    for _ in range(notches):
        event = QWheelEvent(
            at,
            inner.mapToGlobal(at),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(inner, event)
        wait_idle(window)


def test_wheel_notches_in_two_scenarios_are_undone_one_scenario_at_a_time(window):
    doc = window.document
    doc.fork()
    window.scenario_bar.combo.setCurrentText("Baseline")
    _wheel(window, "scaleSlider", 3)
    window.scenario_bar.combo.setCurrentText("Baseline copy")
    _wheel(window, "scaleSlider", 2)
    trigger(window, "undoAction")
    assert doc.current == "Baseline copy"
    assert (_scale(doc, "Baseline"), _scale(doc, "Baseline copy")) == (1.3, 1.0)


def test_spin_box_steps_in_two_scenarios_are_two_steps(window):
    doc = window.document
    doc.fork()
    window.scenario_bar.combo.setCurrentText("Baseline")
    spin = find(window, "modelFromYear_MAI_2")
    first = spin.value()
    spin.setValue(first + 1)
    window.scenario_bar.combo.setCurrentText("Baseline copy")
    spin.setValue(first + 2)
    trigger(window, "undoAction")

    def year(name: str) -> int:
        return next(m for m in doc.book.named(name).models if m.name == "MAI-2").available_from

    assert (year("Baseline"), year("Baseline copy")) == (first + 1, first)


def test_a_drag_away_and_back_leaves_no_step_and_the_document_clean(qapp):
    doc = ScenarioDocument(core.default_scenario())
    opened = doc.book
    doc.edit({"fleet.scale": 2.0}, "Scale: 2", merge_key="scaleSlider")
    step = weakref.ref(doc.undo_stack.command(0))
    for scale in (3.0, 1.0):
        doc.edit({"fleet.scale": scale}, f"Scale: {scale:g}", merge_key="scaleSlider")
    assert doc.undo_stack.count() == 0
    assert doc.undo_stack.isClean()
    assert doc.book == opened
    assert step() is None  # deleted, its Python half with it (both states)


def test_a_drag_back_after_other_work_keeps_that_work_modified(qapp):
    doc = ScenarioDocument(core.default_scenario())
    doc.edit({"levers.demand_growth_multiplier": 1.5}, "Demand")
    for scale in (2.0, 1.0):
        doc.edit({"fleet.scale": scale}, f"Scale: {scale:g}", merge_key="scaleSlider")
    assert [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())] == ["Demand"]
    assert not doc.undo_stack.isClean()
    doc.undo_stack.undo()
    assert doc.undo_stack.isClean()
    assert doc.scenario == core.default_scenario()


def test_a_drag_back_after_a_save_is_clean_again(window, dialogs):
    doc = window.document
    doc.edit({"fleet.scale": 4.0}, "Scale: 4")
    doc.mark_saved()
    slider = window.controls.slider("scaleSlider")
    for scale in (5.0, 6.0, 4.0):
        slider.setValue(scale)
        wait_idle(window)
    slider.sliderReleased.emit()
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.isClean()
    assert not window.windowTitle().endswith("(modified)")
    window.autosave.write_if_modified()
    assert not window.autosave.path.exists()
    assert dialogs.names() == []
