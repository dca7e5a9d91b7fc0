"""The open workbook: the one place the GUI's state lives (one-way data flow).

controls -> `ScenarioDocument.edit` -> a new immutable workbook on the undo stack ->
`core.engine.evaluate` -> `resultsChanged(Shown)` -> views. Views never compute what the core
can, and a rejected edit (a ScenarioError) leaves everything as it was.

Views draw from the `Shown` snapshot each signal carries (scenario, results, year,
reference), never by reading the document back: one consistent payload per change, one
signal per concern (results, selected year, reference), so each view redraws once.

The state is a workbook (baseline and named variants) plus the name of the scenario
on screen. Each undo step stores whole states, so undoing an edit made on another
variant switches back to it: the executive sees what was undone.
"""

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

import core
from core.scenario.edits import with_changes

UNDO_LIMIT = 1_000  # steps kept (Excel keeps 100); each shares what it did not change


@dataclass(frozen=True)
class State:
    """What the document shows: a workbook and the name of the scenario on screen."""

    book: core.Workbook
    current: str

    @property
    def scenario(self) -> core.Scenario:
        """The scenario on screen."""
        return self.book.named(self.current)


@dataclass(frozen=True)
class Shown:
    """What the views draw: one consistent snapshot, the payload of every view signal."""

    scenario: core.Scenario  # on screen
    results: core.Results  # of `scenario`
    year: int  # selected, always in the horizon
    reference: core.Results  # the baseline as opened or last saved: deltas compare with it

    @property
    def reference_year(self) -> int:
        """The reference's year to compare with (its last if its horizon ends earlier)."""
        years = self.reference.years
        return self.year if self.year in years else years[-1]


class _ChangeState(QUndoCommand):
    """One step; consecutive steps with the same `merge_key` (a slider drag) merge into one.

    The document merges them itself (`ScenarioDocument._merge_into_top`) rather than
    through Qt's `id()`/`mergeWith()`: Qt deletes the merged command in C++, but
    PySide keeps its Python half, with both states, alive for good. A long slider
    drag leaked one command per move.
    """

    def __init__(
        self, doc: "ScenarioDocument", before: State, after: State, text: str, merge_key: str | None
    ) -> None:
        super().__init__(text)
        # A weak reference: the document owns its stack, the stack its steps. A step that held
        # the document would close a cycle the garbage collector tears down in any order, and
        # deleting the stack from inside the document's own deallocation crashed (SIGSEGV in
        # QUndoStack::clear, seen after the stateful document test).
        self._doc = weakref.ref(doc)
        self.before, self.after, self.merge_key = before, after, merge_key

    def redo(self) -> None:
        doc = self._doc()
        if doc is not None:
            doc._show(self.after)

    def undo(self) -> None:
        doc = self._doc()
        if doc is not None:
            doc._show(self.before)


def _clear_history(stack: QUndoStack) -> None:
    """Delete the steps while the document is still whole, before Qt deletes its stack.

    A document the garbage collector frees from a reference cycle was torn down in any
    order: its stack's `clear()`, run by Qt from the document's destructor, then deleted
    steps whose Python halves were already gone (SIGSEGV after a fork or a rename, the
    weak reference in `_ChangeState` notwithstanding). A finalizer runs before that.
    """
    if shiboken6.isValid(stack):
        stack.clear()


class ScenarioDocument(QObject):
    """The workbook, the scenario on screen, its results, the reference and the year."""

    # For controls and controllers:
    scenarioChanged = Signal(object)  # core.Scenario on screen
    bookChanged = Signal(object)  # core.Workbook (names, order, or any scenario changed)
    editRejected = Signal(str)  # the problems, one per line
    # Before a fork, rename, delete or switch: a value still being typed is committed now,
    # into the scenario it was typed in (the scenario bar connects `commit_pending_edit`)
    commitRequested = Signal()
    # For views, each with the whole `Shown`:
    resultsChanged = Signal(Shown)  # the scenario on screen or its results changed
    yearChanged = Signal(Shown)  # only the selected year changed
    referenceChanged = Signal(Shown)  # the reference changed (saved): deltas change

    def __init__(self, book: core.Workbook | core.Scenario, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)  # only takes effect on an empty stack
        weakref.finalize(self, _clear_history, self.undo_stack)
        book = book if isinstance(book, core.Workbook) else core.make_workbook(book)
        self._state = State(book, book.baseline.name)
        self._set_reference(book.baseline)
        self._results = self._reference_results  # the same scenario: evaluated once
        self._year = book.baseline.headline_year

    # What views read ---------------------------------------------------------------
    @property
    def book(self) -> core.Workbook:
        """The whole workbook (baseline and variants)."""
        return self._state.book

    @property
    def current(self) -> str:
        """The name of the scenario on screen."""
        return self._state.current

    @property
    def scenario(self) -> core.Scenario:
        """The scenario on screen."""
        return self._state.scenario

    @property
    def results(self) -> core.Results:
        """The evaluation of the scenario on screen."""
        return self._results

    @property
    def year(self) -> int:
        """The year the single-year views show."""
        return self._year

    @property
    def reference_results(self) -> core.Results:
        """The evaluation of the reference (the baseline as opened or last saved)."""
        return self._reference_results

    @property
    def shown(self) -> Shown:
        """The snapshot views draw: what the last view signal carried."""
        return Shown(self.scenario, self._results, self._year, self._reference_results)

    def set_year(self, year: int) -> None:
        """Select the year of the single-year views (clamped to the horizon)."""
        year = self._clamped(year)
        if year != self._year:
            self._year = year
            self.yearChanged.emit(self.shown)

    # Edits (each one undoable step) ---------------------------------------------------
    def edit(self, changes: Mapping[str, Any], text: str, merge_key: str | None = None) -> bool:
        """Apply field-path changes to the scenario on screen; False and editRejected if invalid."""
        try:
            after = with_changes(self.scenario, changes)
        except core.ScenarioError as error:
            self.editRejected.emit(str(error))
            return False
        return self.replace(after, text, merge_key)

    def replace(self, after: core.Scenario, text: str, merge_key: str | None = None) -> bool:
        """Make `after` the scenario on screen (it may carry a new name)."""
        return self._guarded(
            lambda: State(self.book.replaced(self.current, after), after.name), text, merge_key
        )

    def fork(self, new_name: str | None = None) -> bool:
        """Add a copy of the scenario on screen as a new variant, and show it."""
        self.commitRequested.emit()  # the copy holds what is typed, the original too
        name = new_name or self.book.copy_name(self.current)

        def forked() -> State:
            book = self.book.forked(self.current, name)
            return State(book, book.variants[-1].name)  # as stored: the schema strips names

        return self._guarded(forked, f"Fork as {name.strip()}")

    def add_variant(self, scenario: core.Scenario, text: str | None = None) -> bool:
        """Add `scenario` as a new variant under its own name (or the next free one), and show it.

        One undo step, unlike fork then replace (two): *Apply* of a recommended plan.
        """
        name = self.book.free_name(scenario.name)

        def added() -> State:
            variants = (*self.book.variants, with_changes(scenario, {"name": name}))
            return State(core.make_workbook(self.book.baseline, variants), name)

        return self._guarded(added, text or f"Add {name}")

    def rename(self, new_name: str) -> bool:
        """Rename the scenario on screen; a name the schema refuses is said (editRejected).

        The schema strips the name and refuses a blank one or one with characters a
        reader cannot see, as it does in a file. The state names the scenario as stored:
        " Bold " was kept as the name on screen, which no scenario had.
        """
        self.commitRequested.emit()
        index = self.book.names.index(self.current)

        def renamed() -> State:
            book = self.book.renamed(self.current, new_name)
            return State(book, book.names[index])

        return self._guarded(renamed, f"Rename {self.current} to {new_name.strip()}")

    def delete(self, name: str) -> bool:
        """Delete variant `name` (not the baseline); the baseline is shown if it was on screen.

        What is typed is committed first, into the variant deleted (undo brings it back): it
        landed in the baseline when its editor closed after the delete.
        """
        self.commitRequested.emit()
        current = self.book.baseline.name if name == self.current else self.current
        return self._guarded(lambda: State(self.book.without(name), current), f"Delete {name}")

    def reset_to_baseline(self) -> bool:
        """Give the scenario on screen the baseline's values as opened or saved (keeps its name)."""
        return self.replace(
            with_changes(self.reference, {"name": self.current}), "Reset to baseline"
        )

    def end_merge(self) -> None:
        """Close the current merge group, so the next drag becomes its own undo step."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, _ChangeState):
            top.merge_key = None

    # Navigation and whole-document changes (not undo steps) -----------------------------
    def switch(self, name: str) -> None:
        """Show scenario `name` (navigation, not an edit); it ends a drag's merged step.

        What is typed is committed first, into the scenario it was typed in.
        """
        self.commitRequested.emit()
        if name != self.current:
            self.end_merge()  # an edit in another scenario is a step of its own
            self._show(State(self.book, name))

    def load(
        self,
        book: core.Workbook,
        current: str | None = None,
        clean: bool = True,
        reference: core.Scenario | None = None,
    ) -> None:
        """Replace everything (open, new, revert, recover): a fresh history.

        `clean=False` marks the document modified (recovered work not yet saved);
        `reference` is what the deltas compare with, when not `book`'s baseline (the file as
        last saved, under recovered work).
        """
        self.undo_stack.clear()
        self._set_reference(reference or book.baseline)
        self._show(
            State(book, current if current in book.names else book.baseline.name), force=True
        )
        if not clean:
            self.undo_stack.resetClean()  # an index no command has: modified until saved

    def mark_saved(self) -> None:
        """The workbook on screen is what the file holds now: clean, and the new reference."""
        self.undo_stack.setClean()
        self._set_reference(self.book.baseline)
        self.referenceChanged.emit(self.shown)

    # Internals -----------------------------------------------------------------------
    def _guarded(self, make: Any, text: str, merge_key: str | None = None) -> bool:
        try:
            after: State = make()
        except core.ScenarioError as error:
            self.editRejected.emit(str(error))
            return False
        if after == self._state:
            return False
        top = self._mergeable_top(merge_key)
        if top is None:
            self.undo_stack.push(_ChangeState(self, self._state, after, text, merge_key))
            return True
        if after == top.before:  # a drag away and back: the step changes nothing
            self._drop_top(top)
            return True
        top.after = after
        top.setText(text)
        self._show(after)
        self.undo_stack.indexChanged.emit(self.undo_stack.index())  # History shows the new text
        return True

    def _mergeable_top(self, merge_key: str | None) -> _ChangeState | None:
        """The step an edit with `merge_key` continues: the last one, if nothing came after.

        As Qt would: only the newest step, with nothing to redo, and never the saved one;
        and only in the scenario it was made in (one Undo reverted edits in two scenarios).
        """
        stack = self.undo_stack
        index = stack.index()
        if merge_key is None or index == 0 or index != stack.count() or index == stack.cleanIndex():
            return None
        top = stack.command(index - 1)
        if not isinstance(top, _ChangeState) or top.after.current != self.current:
            return None
        return top if top.merge_key == merge_key else None

    def _drop_top(self, top: _ChangeState) -> None:
        """Remove the newest step, merged back to where it began: no change is no step.

        A slider dragged away and back left "Scale: 1", the title modified, a close question
        and an autosave for a workbook as opened. Qt deletes an obsolete step on undo without
        running it; the document is then clean again if it was before the step.
        """
        self._show(top.before)
        top.setObsolete(True)
        self.undo_stack.undo()

    def _set_reference(self, baseline: core.Scenario) -> None:
        """KPI deltas compare with the baseline as opened or last saved."""
        self.reference = baseline
        self._reference_results = core.evaluate(baseline)

    def _show(self, state: State, force: bool = False) -> None:
        book_changed = force or state.book != self._state.book
        scenario_changed = force or state.current != self.current or state.scenario != self.scenario
        self._state = state
        if scenario_changed:
            same = state.scenario is self.reference  # just opened: evaluated as the reference
            self._results = self._reference_results if same else core.evaluate(state.scenario)
            year, self._year = self._year, self._clamped(self._year)  # horizons differ
            self.scenarioChanged.emit(state.scenario)
            self.resultsChanged.emit(self.shown)
            if self._year != year:  # for the controls: views drew the year from the payload
                self.yearChanged.emit(self.shown)
        if book_changed or scenario_changed:
            self.bookChanged.emit(state.book)

    def _clamped(self, year: int) -> int:
        years = self.scenario.horizon.years
        return min(max(year, years[0]), years[-1])
