"""Edits that make a new scenario from an old one, validated like a file.

A scenario is immutable; the GUI, the optimizer and tests change it only through
these helpers, so an edit either gives a fully valid scenario or a ScenarioError
naming the field, and the scenario being edited is never half-changed.
"""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from core.scenario.messages import scenario_error
from core.scenario.schema import Scenario, Source

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def with_changes(scenario: Scenario, changes: Mapping[str, Any]) -> Scenario:
    """A copy of `scenario` with each field path set, e.g. {"fleet.scale": 6.0}.

    Paths use dots for fields and [i] for table rows: "products[2].routing".
    """
    data = scenario.model_dump(mode="json")
    for path, value in changes.items():
        _assign(data, path, value)
    try:
        edited = Scenario.model_validate(data)
    except ValidationError as error:
        raise scenario_error(error) from None
    return sharing(scenario, edited)


def sharing(old: Scenario, new: Scenario) -> Scenario:
    """`new`, reusing `old`'s objects wherever they are equal.

    An undo history holds every state the user passed through. Sharing the parts an
    edit did not touch cuts a slider step from ~45 KB (a whole scenario) to ~1 KB, so
    a long session's memory stays flat. Equal values are valid values: nothing here
    can make an invalid scenario.
    """
    same: dict[str, Any] = {}
    for name in Scenario.model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            same[name] = before
        elif isinstance(before, tuple) and isinstance(after, tuple) and len(before) == len(after):
            same[name] = tuple(b if b == a else a for b, a in zip(before, after, strict=True))
    return new.model_copy(update=same)


def with_sources(scenario: Scenario, added: Mapping[str, Source]) -> dict[str, Any]:
    """The change `{"sources": ...}` that sets `added` beside the scenario's other sources."""
    merged = {**scenario.sources, **added}
    return {"sources": {key: source.model_dump(mode="json") for key, source in merged.items()}}


def by_hand(scenario: Scenario, key: str, today: date) -> dict[str, Any]:
    """Mark the number at source `key` (`models.<name>.<field>`) as the user's own.

    Only where that number has a source of its own (a catalog placeholder, an import):
    once typed over, that source no longer says where the number comes from.
    """
    if key not in scenario.sources:
        return {}
    return with_sources(scenario, {key: Source(text=f"Set by hand on {today.isoformat()}.")})


def with_generation(scenario: Scenario, gpu: str) -> Scenario:
    """Switch the GPU bought from now on, with its catalog capex.

    Cloud burst is priced per H100-equivalent hour, whatever generation the fleet buys.
    """
    spec = scenario.gpu_spec(gpu) if any(g.name == gpu for g in scenario.gpu_catalog) else None
    changes: dict[str, Any] = {"fleet.gpu": gpu}
    if spec is not None:
        changes["fleet.capex_per_gpu_usd"] = spec.capex_usd
    return with_changes(scenario, changes)


def rebalanced(
    shares: dict[str, float], model: str, value: float, allowed: list[str]
) -> dict[str, float]:
    """Row shares with `model` at `value` (clamped to 0-1), the others scaled to sum to 1.

    The rule of the routing table: the other allowed models keep their proportions; if
    they had nothing, they share the rest equally; with no other allowed model, `model`
    takes the whole row. Models outside `allowed` (a partner of an in-house-only
    product) are dropped.
    """
    value = min(max(value, 0.0), 1.0)
    others = {m: s for m, s in shares.items() if m != model and m in allowed}
    rest = sum(others.values())
    if rest > 1e-12:
        row = {m: s * (1.0 - value) / rest for m, s in others.items()}
    else:
        candidates = [m for m in allowed if m != model]
        row = {m: (1.0 - value) / len(candidates) for m in candidates}
        if not candidates:
            value = 1.0
    row[model] = value
    return {m: s for m, s in row.items() if s > 1e-12}


def field_value(scenario: Scenario, path: str) -> Any:
    """The value at a field path, read from the model itself (cheap: no dump of the scenario)."""
    node: Any = scenario
    for name, index in _steps(path):
        node = getattr(node, name) if name else node[index]
    return node


def _assign(data: dict[str, Any], path: str, value: Any) -> None:
    steps = _steps(path)
    node: Any = data
    for name, index in steps[:-1]:
        node = node[name] if name else node[index]
    name, index = steps[-1]
    if name:
        node[name] = value
    elif index == len(node):
        node.append(value)  # one past the end adds a row
    else:
        node[index] = value


def _steps(path: str) -> list[tuple[str, int]]:
    steps = [(m.group(1) or "", int(m.group(2) or 0)) for m in _STEP.finditer(path)]
    if not steps or "".join(m.group(0) for m in _STEP.finditer(path)) != path.replace(".", ""):
        raise KeyError(f"not a field path: {path!r}")
    return steps
