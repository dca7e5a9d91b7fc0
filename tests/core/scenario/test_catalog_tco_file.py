"""The catalog's published TCO per GPU-hour in a file (version 9): optional, bounded, named."""

import json

import pytest

import core
from core.scenario.files import parse_workbook, scenario_to_json
from core.scenario.migrations import MIGRATIONS
from core.scenario.sources import NO_PUBLISHED_FIGURE, published_tco_source


def file_data(scenario: core.Scenario) -> dict:
    return json.loads(scenario_to_json(scenario))


def test_a_version_8_catalog_opens_unchanged_with_no_published_figure(tiny):
    data = file_data(tiny())
    for row in data["gpu_catalog"]:
        row.pop("published_tco_usd_per_gpu_hour", None)
    data["schema_version"] = 8
    assert MIGRATIONS[8](data) == {**data, "schema_version": 9}
    opened = parse_workbook(data).baseline
    assert opened == tiny()
    gpu = opened.gpu_catalog[0]
    assert gpu.published_tco_usd_per_gpu_hour is None
    assert published_tco_source(opened, gpu) == NO_PUBLISHED_FIGURE == "no published figure"


def test_a_published_figure_is_saved_and_read_back(tiny):
    priced = tiny({"gpu_catalog[0].published_tco_usd_per_gpu_hour": 1.17})
    data = file_data(priced)
    assert data["gpu_catalog"][0]["published_tco_usd_per_gpu_hour"] == 1.17
    assert parse_workbook(data).baseline == priced


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.0, "0 must be above 0"),
        (-1.17, "-1.17 must be above 0"),
        (5e3, "5000 is above the maximum 1,000"),
        ("1.17", "must be a valid number, got a string '1.17'"),
        (True, "must be a valid number, got a boolean True"),
    ],
)
def test_a_bad_published_figure_is_refused_naming_the_field(tiny, value, words):
    data = file_data(tiny())
    data["gpu_catalog"][0]["published_tco_usd_per_gpu_hour"] = value
    with pytest.raises(core.ScenarioError) as caught:
        parse_workbook(data)
    assert [str(p) for p in caught.value.problems] == [
        f"gpu_catalog[0].published_tco_usd_per_gpu_hour: {words}"
    ]
