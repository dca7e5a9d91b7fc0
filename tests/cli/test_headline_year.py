"""Commands read a scenario in its ramp's target year unless told, and never fail for it."""

import json

import pytest

import core
from cli.main import main
from core.scenario.edits import with_changes


@pytest.mark.parametrize(("target", "expected"), [(2029, 2029), (2031, 2031), (2040, 2031)])
def test_headline_year_is_the_target_or_the_horizons_last(target: int, expected: int) -> None:
    scenario = with_changes(core.default_scenario(), {"fleet.target_year": target})
    assert scenario.headline_year == expected


def test_tornado_of_a_ramp_past_the_horizon_reads_its_last_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A ramp ending after the horizon is valid; the tornado's default year must be too."""
    code = main(["tornado", "--set", "fleet.target_year=2040", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert json.loads(out)["year"] == 2031
