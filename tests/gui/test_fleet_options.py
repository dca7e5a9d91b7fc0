"""The fleet's on/off fields under the Cluster sliders: one undo step each, in step with undo."""

import pytest
from PySide6.QtWidgets import QCheckBox

import core
from core.scenario.edits import with_changes
from gui.controls.fleet_options import OPTIONS


@pytest.mark.parametrize("option", OPTIONS, ids=[o.name for o in OPTIONS])
def test_each_box_sets_its_field_in_one_undo_step(qtbot, window, option):
    doc = window.document
    box = window.findChild(QCheckBox, option.name)
    before, steps = doc.scenario, doc.undo_stack.count()
    assert box.isChecked() == getattr(before.fleet, option.field)
    box.click()
    assert (
        getattr(doc.scenario.fleet, option.field)
        == box.isChecked()
        != getattr(before.fleet, option.field)
    )
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    assert doc.scenario == before
    assert box.isChecked() == getattr(before.fleet, option.field)  # the box follows the undo


def test_wide_expert_parallel_box_gives_the_files_figures(qtbot, window):
    """On, the window's figures are a file's with the field set: the serving search spreads
    replicas over scale-up domains (docs/model.md#F-serving, 8), so the cost moves."""
    window.findChild(QCheckBox, "wideExpertParallelCheck").click()
    default = core.default_scenario()
    wide = core.evaluate(with_changes(default, {"fleet.wide_expert_parallel": True}))
    shown = window.document.results.pv_cost_usd
    assert shown == pytest.approx(wide.pv_cost_usd, rel=1e-12)
    assert shown != pytest.approx(core.evaluate(default).pv_cost_usd, rel=1e-3)


@pytest.mark.parametrize("size", [(1280, 720), (1600, 1000)])
def test_the_control_column_never_scrolls_sideways(qtbot, window, size):
    """A label wider than the column (the first draft of these boxes' had one) pushed every
    control half out of sight behind a sideways scroll bar at 1280x720."""
    window.resize(*size)
    qtbot.wait(10)
    box = window.findChild(QCheckBox, "wideExpertParallelCheck")
    window.control_scroll.ensureWidgetVisible(box)
    assert window.control_scroll.horizontalScrollBar().maximum() == 0
