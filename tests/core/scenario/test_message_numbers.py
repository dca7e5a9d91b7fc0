"""Numbers and counts in problem messages as a reader reads them (review finding 13)."""

import pytest

import core
from core.scenario.edits import with_changes
from core.scenario.messages import counted, year_outside


def problems(changes: dict) -> list[str]:
    with pytest.raises(core.ScenarioError) as caught:
        with_changes(core.default_scenario(), changes)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


@pytest.mark.parametrize(
    ("number", "noun", "plural", "text"),
    [
        (1, "draw", "", "1 draw"),  # "1 draws, seed 0"
        (10_000, "draw", "", "10,000 draws"),
        (0, "product", "", "0 products"),
        (1, "entry", "entries", "1 entry"),
        (3, "entry", "entries", "3 entries"),
    ],
)
def test_a_count_of_one_is_singular(number, noun, plural, text):
    assert counted(number, noun, plural) == text


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        # ":g" wrote the bound as 1e+07 beside a typed 10000001
        ({"fleet.baseline_gpus": 10_000_001},
         "fleet.baseline_gpus: 10000001 is above the maximum 10,000,000"),
        # six digits read 100000.5 as the bound it breaks: "100000 is above the maximum 100000"
        ({"fleet.power_cap_mw": 100_000.5},
         "fleet.power_cap_mw: 100000.5 is above the maximum 100,000"),
        ({"fleet.pue": 9.0}, "fleet.pue: 9 is above the maximum 3"),
    ],
)  # fmt: skip
def test_a_bound_reads_as_a_number_told_apart_from_the_value(changes, line):
    assert problems(changes) == [line]


def test_a_one_year_horizon_is_written_once():
    """ "2040 is outside the horizon 2026-2026"."""
    assert year_outside(2040, [2026]).message == "2040 is outside the horizon 2026"
    assert year_outside(2040, [2026, 2027, 2028]).message == "2040 is outside the horizon 2026-2028"
