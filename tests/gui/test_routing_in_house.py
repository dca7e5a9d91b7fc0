"""Ticking In-house only in the routing table moves the product's partner traffic in-house.

The tick was refused with a field path ("products[0].routing: ...") for every default
product but one, even after routing it wholly in-house, because its fallback list held
partners and nothing in the window edits that list.
"""

from PySide6.QtCore import Qt

import core

PRODUCTS = [p.name for p in core.default_scenario().products]


def tick(window, row: int, on: bool = True) -> bool:
    model = window.tables.routing_model
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    return model.setData(model.index(row, 2), state.value, Qt.ItemDataRole.CheckStateRole)


def test_ticking_moves_partner_traffic_in_house_as_one_step_that_says_so(window):
    doc = window.document
    before, steps = doc.book, doc.undo_stack.count()
    assert tick(window, 0)
    copilot = doc.scenario.products[0]
    assert copilot.in_house_only
    assert dict(copilot.routing) == {"MAI-2": 1.0}  # the in-house model that meets its floor
    assert copilot.fallback == ("MAI small",)
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText() == (
        "GitHub Copilot in-house only: 100% moved from GPT-5 class, Claude Sonnet class to "
        "MAI-2; partners left out of its fallback"
    )
    doc.undo_stack.undo()
    assert doc.book == before


def test_unticking_only_clears_the_flag(window):
    doc = window.document
    tick(window, 0)
    routing, fallback = doc.scenario.products[0].routing, doc.scenario.products[0].fallback
    assert tick(window, 0, on=False)
    after = doc.scenario.products[0]
    assert (after.in_house_only, after.routing, after.fallback) == (False, routing, fallback)
    assert doc.undo_stack.undoText() == "GitHub Copilot: in-house only off"


def test_no_in_house_model_serving_is_refused_in_words(window, qtbot):
    doc = window.document
    off = {
        f"models[{i}].enabled": False
        for i, m in enumerate(doc.scenario.models)
        if m.kind == "in_house"
    }
    assert doc.edit(off, "in-house models off")
    before = doc.book
    with qtbot.waitSignal(doc.editRejected, timeout=1000) as signal:
        assert not tick(window, 0)
    assert doc.book == before
    assert signal.args[0] == (
        "GitHub Copilot cannot be in-house only: no in-house model in this scenario serves "
        "coding in 2026-2031"
    )
    assert window.statusBar().currentMessage() == f"Not applied: {signal.args[0]}"
