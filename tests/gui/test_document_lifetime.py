"""A document with undo history is freed when dropped, without the garbage collector.

Its steps hold it weakly: a step holding it strongly closed a cycle that the collector
broke in any order, and the stack was then deleted from inside the document's own
deallocation (a SIGSEGV in QUndoStack::clear after the stateful document test).
"""

import gc
import weakref

import core
from gui.document import ScenarioDocument


def test_a_dropped_document_with_history_is_freed_by_reference_counting(qapp):
    gc.collect()
    gc.disable()
    try:
        doc = ScenarioDocument(core.default_scenario())
        doc.edit({"fleet.scale": 2.0}, "scale")
        doc.edit({"fleet.scale": 3.0}, "scale again")
        doc.undo_stack.undo()
        dropped = weakref.ref(doc)
        del doc
        assert dropped() is None  # no cycle: freed at once, not by a later collection
    finally:
        gc.enable()


def test_undo_and_redo_still_show_each_state(qapp):
    doc = ScenarioDocument(core.default_scenario())
    doc.edit({"fleet.scale": 2.0}, "scale")
    doc.undo_stack.undo()
    assert doc.scenario.fleet.scale == 1.0
    doc.undo_stack.redo()
    assert doc.scenario.fleet.scale == 2.0
