"""The budget in a scenario file (version 8, docs/model.md#budget): its rules, and a
version-7 file that opens unchanged."""

import json

import pytest

import core
from core.scenario.edits import with_changes
from core.scenario.files import parse_workbook, scenario_to_json
from core.scenario.migrations import MIGRATIONS


def file_data(scenario: core.Scenario) -> dict:
    return json.loads(scenario_to_json(scenario))


def problems(data: dict) -> list[str]:
    with pytest.raises(core.ScenarioError) as caught:
        parse_workbook(data)
    return [str(p) for p in caught.value.problems]


def test_the_file_writes_the_current_version_with_its_budget(tiny):
    budgeted = tiny({"budget.cost_usd_per_year": 5e9, "budget.capex_cash_by_year": []})
    data = file_data(budgeted)
    assert data["schema_version"] == core.SCHEMA_VERSION >= 8
    assert data["budget"] == {
        "cost_usd_per_year": 5e9,
        "cost_by_year": [],
        "capex_cash_usd_per_year": None,
        "capex_cash_by_year": [],
    }
    assert parse_workbook(data).baseline == budgeted


def test_a_version_7_file_opens_unchanged_with_no_budget(tiny):
    data = file_data(tiny())
    del data["budget"]
    data["schema_version"] = 7
    assert MIGRATIONS[7](data) == {**data, "schema_version": 8}
    opened = parse_workbook(data).baseline
    assert opened == tiny()
    assert opened.budget.of_year("cost", 2026) is None
    assert opened.status_thresholds.baseline_growth_act == 0.5


def test_budget_rows_are_in_the_horizon_and_once_a_year(tiny):
    data = file_data(tiny())
    data["budget"] = {
        "cost_by_year": [{"year": 2026, "usd": 1e9}, {"year": 2040, "usd": 1e9}],
        "capex_cash_by_year": [{"year": 2027, "usd": 1e9}, {"year": 2027, "usd": 2e9}],
    }
    years = tiny().horizon.years
    assert problems(data) == [
        f"budget.cost_by_year[1].year: 2040 is outside the horizon {years[0]}-{years[-1]}",
        "budget.capex_cash_by_year[1].year: 2027 is listed twice",
    ]


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ({"cost_usd_per_year": 0.0}, "budget.cost_usd_per_year: 0 must be above 0"),
        ({"cost_usd_per_year": "lots"}, "must be a valid number, got a string 'lots'"),
        ({"capex_cash_usd_per_year": 1e14}, "1e+14 is above the maximum 1e+13"),
        ({"capex_cash_by_year": [{"year": 2026}]}, "budget.capex_cash_by_year[0].usd: is required"),
        ({"power_mw": 30.0}, "budget.power_mw: is not a known field"),
    ],
)
def test_a_bad_budget_is_named(tiny, budget, message):
    data = file_data(tiny())
    data["budget"] = budget
    assert any(message in line for line in problems(data)), problems(data)


def test_a_budget_is_an_edit_like_any_field(tiny):
    budgeted = with_changes(tiny(), {"budget.cost_usd_per_year": 6_000_000_000})
    assert budgeted.budget.of_year("cost", 2026) == 6e9  # a whole number is a number
    assert with_changes(budgeted, {"budget.cost_usd_per_year": None}).budget == tiny().budget
