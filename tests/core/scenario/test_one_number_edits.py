"""A slider's edit checks its one number: the part alone, then every rule between fields.

`with_changes` of one number must give exactly what validating the whole scenario gives:
the same scenario, or the same error naming the field (issue 28).
"""

from typing import Any

import pytest

import core
from core.scenario import edits
from core.scenario.checks import ScenarioError
from core.scenario.schema import Frozen, Scenario

DEFAULT = core.default_scenario()


def _numbers(scenario: Scenario) -> list[tuple[str, int | float]]:
    """(path, value) of every number of a part or of a table's row of `scenario`."""
    found = []
    for top in Scenario.model_fields:
        whole = getattr(scenario, top)
        rows = enumerate(whole) if isinstance(whole, tuple) else [(None, whole)]
        for index, part in rows:
            if not isinstance(part, Frozen):
                continue
            where = top if index is None else f"{top}[{index}]"
            for field in type(part).model_fields:
                value = getattr(part, field)
                if type(value) in (int, float):
                    found.append((f"{where}.{field}", value))
    return found


def _outcome(scenario: Scenario, path: str, value: Any) -> tuple[str, Any]:
    """The edited scenario's JSON (types as written), or the error's words."""
    try:
        return "ok", edits.with_changes(scenario, {path: value}).model_dump(mode="json")
    except ScenarioError as error:
        return "error", str(error)


def _whole(monkeypatch: pytest.MonkeyPatch, scenario: Scenario, path: str, value: Any) -> Any:
    """`_outcome` the way every edit went before: the whole scenario validated again."""
    with monkeypatch.context() as patch:
        patch.setattr(edits, "_one_number", lambda *_: None)
        return _outcome(scenario, path, value)


def _tries(value: int | float) -> list[Any]:
    """A valid move, the bounds' neighbours, a type the field may refuse, NaN and infinity."""
    moved = value + 1 if isinstance(value, int) else value * 1.5 + 0.01
    return [moved, 0, -1, 1e12, float(value), int(value), float("nan"), float("inf"), value]


def test_the_default_has_numbers_in_parts_and_rows() -> None:
    paths = [path for path, _ in _numbers(DEFAULT)]
    assert {"fleet.scale", "levers.price_shock", "horizon.start_year"} <= set(paths)
    assert any(p.startswith("models[") for p in paths)
    assert any(p.startswith("products[") for p in paths)
    assert len(paths) > 100


@pytest.mark.parametrize(("path", "value"), _numbers(DEFAULT))
def test_one_number_gives_what_the_whole_validation_gives(
    monkeypatch: pytest.MonkeyPatch, path: str, value: float
) -> None:
    assert edits._number_at(DEFAULT, path) is not None  # checked alone
    for tried in _tries(value):
        assert _outcome(DEFAULT, path, tried) == _whole(monkeypatch, DEFAULT, path, tried), tried


def _no_whole_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_: object, **__: object) -> Scenario:
        raise AssertionError("the whole scenario was validated again")

    monkeypatch.setattr(Scenario, "model_validate", classmethod(refused))


def test_a_slider_move_does_not_validate_the_whole_scenario(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_whole_validation(monkeypatch)
    moved = edits.with_changes(DEFAULT, {"fleet.scale": 6.0})
    assert moved.fleet.scale == 6.0
    assert moved.models is DEFAULT.models
    assert moved.products is DEFAULT.products
    row = edits.with_changes(DEFAULT, {"products[1].growth": 0.4})
    assert row.products[1].growth == 0.4
    assert row.products[0] is DEFAULT.products[0]
    assert edits.with_changes(DEFAULT, {"fleet.scale": DEFAULT.fleet.scale}).fleet is DEFAULT.fleet


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("fleet.scale", 11.0, "fleet.scale: 11 is above the maximum 10"),
        ("fleet.scale", float("nan"), "fleet.scale: NaN and infinity are not allowed"),
        ("levers.price_shock", 0.0, "levers.price_shock: 0 is below the minimum 0.1"),
        ("fleet.target_year", 2020, "fleet.target_year: 2020 is before the horizon's start 2026"),
        ("horizon.end_year", 2020, "horizon: end_year 2020 is before start_year 2026"),
        ("models[0].total_params", 1e9, "models[0].total_params: 1e+09 is below active_params"),
        ("products[0].prompt_tokens", -1.0, "products[0].prompt_tokens: -1 is below the minimum"),
    ],
)
def test_a_wrong_number_names_its_field_and_the_rules_it_takes_part_in_run(
    monkeypatch: pytest.MonkeyPatch, path: str, value: float, words: str
) -> None:
    """Bounds, the part's own rules and the rules between fields, without the whole."""
    _no_whole_validation(monkeypatch)
    with pytest.raises(ScenarioError) as error:
        edits.with_changes(DEFAULT, {path: value})
    assert str(error.value).startswith(words)


def test_a_rule_between_fields_breaks_on_an_edit_that_is_fine_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The horizon may start in 2030 alone; the fleet's target year 2029 then is before it."""
    _no_whole_validation(monkeypatch)
    with pytest.raises(ScenarioError, match=r"fleet\.target_year: 2029 is before"):
        edits.with_changes(DEFAULT, {"horizon.start_year": 2030})
