"""Fill the fleet beside Scale: one click puts traffic on the GPUs, one undo takes it back."""

import numpy as np
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox

from core.analysis.fill import fill_fleet


def test_fill_moves_traffic_to_the_target_in_one_undo_step(qtbot, window):
    doc = window.document
    doc.edit({"fleet.scale": 4.0}, "scale")
    before, steps = doc.scenario, doc.undo_stack.count()
    window.findChild(QSpinBox, "fillTargetSpin").setValue(80)
    window.findChild(QPushButton, "fillFleetButton").click()
    assert doc.undo_stack.count() == steps + 1
    rows = [r.model_dump(mode="json") for r in doc.scenario.routing_by_year]
    assert rows == fill_fleet(before, 0.80).changes["routing_by_year"]
    assert np.all(np.asarray(doc.results.series("utilization")) <= 0.80 + 1e-9)
    said = window.findChild(QLabel, "fillFleetResult")
    assert said.isVisible()
    assert "Moved traffic in-house" in said.text()
    assert "M365 Copilot PowerPoint stays with partners" in said.text()
    doc.undo_stack.undo()
    assert doc.scenario == before


def test_a_full_fleet_moves_nothing_and_says_to_add_gpus(qtbot, window):
    doc = window.document  # the default fleet is at least 31% busy every year
    steps = doc.undo_stack.count()
    window.findChild(QSpinBox, "fillTargetSpin").setValue(10)
    window.findChild(QPushButton, "fillFleetButton").click()
    said = window.findChild(QLabel, "fillFleetResult").text()
    assert doc.undo_stack.count() == steps
    assert "Nothing moved. Already over 10% busy in every year: add GPUs (Scale)." in said


def test_the_fill_result_is_as_tall_as_its_wrapped_lines_at_1280x720(window):
    """At 2x filled to 99% the label was 96 px tall for 128 px of lines: the first and last
    were cut inside the control column."""
    from gui.testing.testkit import find, set_control, wait_idle

    window.resize(1280, 720)
    set_control(window, "scaleSlider", 2.0)
    set_control(window, "fillTargetSpin", 99)
    find(window, "fillFleetButton").click()
    wait_idle(window)
    said = find(window, "fillFleetResult")
    assert said.text().count(".") >= 3  # several sentences: they wrap to many lines
    assert said.height() == said.heightForWidth(said.width())
    find(window, "fillTargetSpin").setValue(10)  # one line or two: the label shrinks to them
    find(window, "fillFleetButton").click()
    wait_idle(window)
    assert said.text().startswith("Nothing moved.")
    assert said.height() == said.heightForWidth(said.width())
