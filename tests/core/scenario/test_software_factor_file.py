"""The serving software's factor per year in a file (version 10): optional, bounded, named."""

import json

import pytest

import core
from core.scenario.edits import with_changes
from core.scenario.files import parse_workbook, scenario_to_json
from core.scenario.migrations import MIGRATIONS


def file_data(scenario: core.Scenario) -> dict:
    return json.loads(scenario_to_json(scenario))


def test_a_version_9_file_opens_unchanged_with_no_factor(tiny):
    data = file_data(tiny())
    del data["software_factor"]
    data["schema_version"] = 9
    assert MIGRATIONS[9](data) == {**data, "schema_version": 10}
    opened = parse_workbook(data).baseline
    assert opened == tiny()
    assert opened.software_factor == ()
    assert core.evaluate(opened).pv_cost_usd == core.evaluate(tiny()).pv_cost_usd


def test_the_factor_is_saved_and_read_back(tiny):
    faster = tiny({"software_factor": [{"year": 2027, "factor": 1.8}]})
    data = file_data(faster)
    assert (
        data["schema_version"] == core.SCHEMA_VERSION >= 10
    )  # the version that added it, or later
    assert data["software_factor"] == [{"year": 2027, "factor": 1.8}]
    assert parse_workbook(data).baseline == faster


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (
            [{"year": 2027, "factor": -1.0}],
            "software_factor[0].factor: -1 is below the minimum 0.01",
        ),
        ([{"year": 2027, "factor": 0.0}], "software_factor[0].factor: 0 is below the minimum 0.01"),
        (  # a positive 1e-300 passed and made in-house hours, and evaluate's JSON, inf
            [{"year": 2027, "factor": 1e-300}],
            "software_factor[0].factor: 1e-300 is below the minimum 0.01",
        ),
        (
            [{"year": 2027, "factor": 101.0}],
            "software_factor[0].factor: 101 is above the maximum 100",
        ),
        (
            [{"year": 2027, "factor": float("nan")}],
            "software_factor[0].factor: NaN and infinity are not allowed",
        ),
        (
            [{"year": 2040, "factor": 2.0}],
            "software_factor[0].year: 2040 is outside the horizon 2026-2027",
        ),
        (
            [{"year": 2027, "factor": 2.0}, {"year": 2027, "factor": 3.0}],
            "software_factor[1].year: 2027 is listed twice",
        ),
        (
            [{"year": 2027, "factor": "x2"}],
            "software_factor[0].factor: must be a valid number, got a string 'x2'",
        ),
    ],
)
def test_a_bad_factor_is_refused_naming_the_field(tiny, rows, problem):
    with pytest.raises(core.ScenarioError) as caught:
        with_changes(tiny(), {"software_factor": rows})
    assert [str(p) for p in caught.value.problems] == [problem]
