"""A workbook: the baseline scenario and its named variants, as one file holds them.

Immutable like a scenario: forking, renaming, deleting or replacing a scenario makes
a new workbook, so the GUI's undo stack can keep whole workbooks as values.
"""

import re
from typing import Annotated, Self

from pydantic import Field, ValidationError, model_validator

from core.scenario.checks import Problem, ScenarioError, name_key
from core.scenario.edits import with_changes
from core.scenario.messages import scenario_error
from core.scenario.schema import NAME_CHARS, Frozen, Scenario

MAX_VARIANTS = 100


class Workbook(Frozen):
    """One baseline and any number of named variants; no two names differ only in case."""

    baseline: Scenario
    variants: Annotated[tuple[Scenario, ...], Field(max_length=MAX_VARIANTS)] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> Self:
        seen = {name_key(self.baseline.name): self.baseline.name}
        problems = []
        for i, variant in enumerate(self.variants):
            key = name_key(variant.name)
            if key in seen:
                problems.append(
                    Problem(f"variants[{i}].name", self._taken(variant.name, seen[key]))
                )
            seen.setdefault(key, variant.name)
        if problems:
            raise ScenarioError(problems)
        return self

    def _taken(self, name: str, other: str, by_a_variant: bool = True) -> str:
        """Why `name` is refused beside the scenario `other`, in words a report and Rename share.

        "variants[1].name: 'Baseline' is also the baseline" told someone renaming in the
        window of a list index; a file's report keeps the path, Rename shows none.
        """
        if other == self.baseline.name:
            whose = "the baseline"
        else:
            whose = f"{'another' if by_a_variant else 'a'} variant"
        if name == other:
            return f"{name!r} is already the name of {whose}"
        return f"{name!r} differs only in case from {other!r}, the name of {whose}"

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """The baseline first, then the variants in order."""
        return (self.baseline, *self.variants)

    @property
    def names(self) -> list[str]:
        """Every scenario's name, the baseline's first."""
        return [s.name for s in self.scenarios]

    def named(self, name: str) -> Scenario:
        """The scenario called `name`; KeyError if there is none."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise KeyError(name)

    def replaced(self, name: str, scenario: Scenario) -> "Workbook":
        """The workbook with the scenario called `name` replaced by `scenario`."""
        self.named(name)
        if name == self.baseline.name:
            return make_workbook(scenario, self.variants)
        return make_workbook(
            self.baseline, tuple(scenario if v.name == name else v for v in self.variants)
        )

    def forked(self, name: str, new_name: str) -> "Workbook":
        """A new variant `new_name`: a copy of the scenario called `name`, added last."""
        copy = with_changes(self.named(name), {"name": new_name})
        return make_workbook(self.baseline, (*self.variants, copy))

    def renamed(self, name: str, new_name: str) -> "Workbook":
        """The scenario called `name` renamed (ScenarioError if the name is taken or invalid)."""
        scenario = with_changes(self.named(name), {"name": new_name})  # stripped, checked
        key = name_key(scenario.name)
        other = next((n for n in self.names if n != name and name_key(n) == key), None)
        if other is not None:
            taken = self._taken(scenario.name, other, by_a_variant=name != self.baseline.name)
            raise ScenarioError([Problem("", taken)])
        return self.replaced(name, scenario)

    def without(self, name: str) -> "Workbook":
        """The workbook without variant `name` (the baseline cannot be deleted)."""
        if name == self.baseline.name:
            raise ScenarioError([Problem("baseline", "the baseline cannot be deleted")])
        self.named(name)
        return make_workbook(self.baseline, tuple(v for v in self.variants if v.name != name))

    def free_name(self, stem: str) -> str:
        """`stem`, or `stem 2`, `stem 3`, ... : the first name not yet used, at most 80 long.

        A long stem is cut to fit its number: forking a 78-character scenario was refused
        ("name: is longer than 80 characters") though the user typed no name.
        """
        taken, number, name = {name_key(n) for n in self.names}, 1, stem[:NAME_CHARS].rstrip()
        while name_key(name) in taken:
            number += 1
            suffix = f" {number}"
            name = stem[: NAME_CHARS - len(suffix)].rstrip() + suffix
        return name

    def copy_name(self, name: str) -> str:
        """A free name for a copy of `name`: 'Baseline copy', then 'Baseline copy 2'.

        Never 'Baseline copy copy': fourteen forks of forks grew past 80 characters.
        """
        original = re.sub(r" copy( \d+)?$", "", name)
        return self.free_name(original[: NAME_CHARS - len(" copy 999")].rstrip() + " copy")


def make_workbook(baseline: Scenario, variants: tuple[Scenario, ...] = ()) -> Workbook:
    """A workbook from validated scenarios; ScenarioError if names clash or there are too many."""
    try:
        return Workbook(baseline=baseline, variants=variants)
    except ValidationError as error:
        raise scenario_error(error) from None
