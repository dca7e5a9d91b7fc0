"""The open scenario: the one place the GUI's state lives (one-way data flow).

controls -> `ScenarioDocument.edit` -> new immutable scenario on the undo stack ->
`core.evaluate` -> `resultsChanged` -> views. Views never compute what the core can,
and a rejected edit (a ScenarioError) leaves the scenario as it was.
"""

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

import core
from core.edits import with_changes


class _ReplaceScenario(QUndoCommand):
    """One edit; consecutive edits with the same `merge_key` (a slider drag) merge into one."""

    def __init__(
        self,
        doc: "ScenarioDocument",
        before: core.Scenario,
        after: core.Scenario,
        text: str,
        merge_key: str | None,
    ) -> None:
        super().__init__(text)
        self._doc, self.before, self.after, self.merge_key = doc, before, after, merge_key

    def id(self) -> int:
        return -1 if self.merge_key is None else hash(self.merge_key) & 0x7FFFFFFF

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _ReplaceScenario) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._doc._show(self.after)

    def undo(self) -> None:
        self._doc._show(self.before)


class ScenarioDocument(QObject):
    """Current scenario, its baseline for comparison, their results and the selected year."""

    scenarioChanged = Signal(object)  # core.Scenario
    resultsChanged = Signal(object)  # core.Results
    yearChanged = Signal(int)
    editRejected = Signal(str)  # the problems, one per line

    def __init__(self, scenario: core.Scenario, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._scenario = scenario
        self.baseline = scenario
        self.baseline_results = core.evaluate(scenario)
        self._results = self.baseline_results
        self._year = self._default_year(scenario)

    @property
    def scenario(self) -> core.Scenario:
        """The scenario on screen."""
        return self._scenario

    @property
    def results(self) -> core.Results:
        """The evaluation of the scenario on screen."""
        return self._results

    @property
    def year(self) -> int:
        """The year the single-year views show."""
        return self._year

    def set_year(self, year: int) -> None:
        """Select the year of the single-year views (clamped to the horizon)."""
        years = self._scenario.horizon.years
        year = min(max(year, years[0]), years[-1])
        if year != self._year:
            self._year = year
            self.yearChanged.emit(year)

    def edit(self, changes: Mapping[str, Any], text: str, merge_key: str | None = None) -> bool:
        """Apply field-path changes as one undoable step; False (and editRejected) if invalid."""
        try:
            after = with_changes(self._scenario, changes)
        except core.ScenarioError as error:
            self.editRejected.emit(str(error))
            return False
        return self.replace(after, text, merge_key)

    def replace(self, after: core.Scenario, text: str, merge_key: str | None = None) -> bool:
        """Make `after` the scenario as one undoable step (no step when nothing changed)."""
        if after == self._scenario:
            return False
        self.undo_stack.push(_ReplaceScenario(self, self._scenario, after, text, merge_key))
        return True

    def end_merge(self) -> None:
        """Close the current merge group, so the next drag becomes its own undo step."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, _ReplaceScenario):
            top.merge_key = None

    def _show(self, scenario: core.Scenario) -> None:
        self._scenario = scenario
        self._results = core.evaluate(scenario)
        self.scenarioChanged.emit(scenario)
        self.resultsChanged.emit(self._results)

    @staticmethod
    def _default_year(scenario: core.Scenario) -> int:
        target = scenario.fleet.target_year
        years = scenario.horizon.years
        return target if target in years else years[-1]
