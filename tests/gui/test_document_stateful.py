"""A hypothesis state machine over the document: edit, undo, redo, fork, switch, save, load.

Invariants after every step: the workbook is valid, every routing row sums to 100%,
load(save(x)) == x, and undo after redo is the identity.
"""

import json
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import core
from core.scenario.files import workbook_to_json
from gui.app import application
from gui.document import ScenarioDocument

FIELDS = {
    "fleet.scale": st.floats(1.0, 10.0),
    "levers.in_house_shift": st.floats(0.0, 1.0),
    "levers.price_shock": st.floats(0.5, 3.0),
    "fleet.pue": st.floats(1.0, 2.0),
    "fleet.scale_bad": st.floats(10.5, 100.0),  # rejected: the document must not change
}


class DocumentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        application()
        self.doc = ScenarioDocument(core.default_scenario())
        self.folder = Path(tempfile.mkdtemp())

    @rule(field=st.sampled_from(sorted(FIELDS)), data=st.data())
    def edit(self, field: str, data: st.DataObject) -> None:
        value = data.draw(FIELDS[field])
        before = self.doc.book
        accepted = self.doc.edit({field.removesuffix("_bad"): value}, "edit")
        if field.endswith("_bad"):
            assert not accepted
            assert self.doc.book == before

    @rule(row=st.integers(0, 5), weights=st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3))
    def route(self, row: int, weights: list[float]) -> None:
        product = self.doc.scenario.products[row]
        models = ["MAI-1-preview", "MAI small", "GPT-5 class"]
        if product.in_house_only:
            models, weights = models[:2], weights[:2]
        total = sum(weights)
        self.doc.edit(
            {
                f"products[{row}].routing": {
                    m: w / total for m, w in zip(models, weights, strict=True)
                }
            },
            "route",
        )

    # Identity is on the workbook: the scenario on screen follows the step undone or
    # redone (so the user sees what changed), and switching is navigation, not a step.
    @precondition(lambda self: self.doc.undo_stack.canUndo())
    @rule()
    def undo_then_redo_is_identity(self) -> None:
        before = self.doc.book
        self.doc.undo_stack.undo()
        self.doc.undo_stack.redo()
        assert self.doc.book == before

    @precondition(lambda self: self.doc.undo_stack.canRedo())
    @rule()
    def redo_then_undo_is_identity(self) -> None:
        before = self.doc.book
        self.doc.undo_stack.redo()
        self.doc.undo_stack.undo()
        assert self.doc.book == before

    @precondition(lambda self: self.doc.undo_stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.doc.undo_stack.undo()

    @precondition(lambda self: self.doc.undo_stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.doc.undo_stack.redo()

    @precondition(lambda self: len(self.doc.book.variants) < 5)
    @rule()
    def fork(self) -> None:
        names = set(self.doc.book.names)
        assert self.doc.fork()
        assert len(self.doc.book.names) == len(names) + 1

    @rule(data=st.data())
    def switch(self, data: st.DataObject) -> None:
        self.doc.switch(data.draw(st.sampled_from(self.doc.book.names)))

    @rule()
    def save_and_load(self) -> None:
        path = self.folder / "machine.scaledeck.json"
        core.save_workbook(self.doc.book, path)
        loaded = core.load_workbook(path)
        assert loaded == self.doc.book
        self.doc.load(loaded, self.doc.current)
        assert self.doc.undo_stack.count() == 0

    @invariant()
    def rows_sum_to_one_and_book_is_valid(self) -> None:
        for scenario in self.doc.book.scenarios:
            for product in scenario.products:
                assert math.isclose(sum(product.routing.values()), 1.0, abs_tol=1e-6)
        assert core.parse_workbook(json.loads(workbook_to_json(self.doc.book))) == self.doc.book
        assert self.doc.current in self.doc.book.names
        assert self.doc.results.scenario_name == self.doc.current


DocumentMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestDocument = DocumentMachine.TestCase
