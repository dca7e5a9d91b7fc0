"""Small budgets and limits in words (review of extremes, finding 8): a $4M capex budget
read "$0.00B" and a 0.4 MW power limit "0 MW" in the status words, and the capex tile
"$0.00 B/yr". A limit reads as it was set; a figure under $0.1B on its own scale."""

import math

import pytest
from scopes import SHARED

import core
from core.scenario.edits import with_changes
from core.summary.status import judge, limits_of, thresholds_text
from core.units import as_set, usd_as_set, usd_scaled, usd_short

SMALL = {
    "budget.capex_cash_usd_per_year": 4e6,
    "fleet.power_cap_mw": 0.4,
    "fleet.baseline_gpus": 200,
}


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.4, "0.4"), (60.0, "60"), (60.5, "60.5"), (0.001, "0.001"), (1.25, "1.25"),
     (100_000.0, "100,000"), (0.2937, "0.294"), (math.nan, "n/a")],
)  # fmt: skip
def test_a_figure_as_set_has_its_own_decimals_and_no_trailing_zeros(value, shown):
    assert as_set(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(4e6, "$4M"), (4.5e6, "$4.5M"), (45e6, "$45M"), (52e3, "$52k"), (1.0, "$1.00"),
     (5e9, "$5.00B"), (150e6, "$0.15B"), (math.nan, "n/a")],
)  # fmt: skip
def test_a_budget_as_set_reads_on_the_scale_of_short_dollars(value, shown):
    assert usd_as_set(value) == shown


@pytest.mark.parametrize(
    ("value", "parts"),
    [(3.84e9, ("$3.84", "B")), (0.17e9, ("$0.17", "B")), (1e8, ("$0.10", "B")),
     (4e6, ("$4", "M")), (52e3, ("$52", "k")), (512.0, ("$512.00", "")),
     (0.0, ("$0.00", "B"))],
)  # fmt: skip
def test_scaled_dollars_split_the_short_text_into_figure_and_letter(value, parts):
    assert usd_scaled(value) == parts
    if value:
        assert "".join(parts) == usd_short(value)  # the same figure the headline writes


@pytest.fixture(scope=SHARED)
def small():
    scenario = with_changes(core.default_scenario(), SMALL)
    return scenario, core.evaluate(scenario)


def test_a_small_budget_and_power_limit_read_as_set_in_the_status(small):
    scenario, results = small
    th, limits = scenario.status_thresholds, limits_of(scenario)
    for year in results.years:
        capex = judge(results, "capex_cash_usd", year, th, limits).reason
        power = judge(results, "facility_mw", year, th, limits).reason
        assert capex.endswith(" $4M, the capex budget"), capex  # was "58% of $0.00B"
        assert power.endswith(" 0.4 MW, the power limit"), power  # was "73% of 0 MW"
    assert "capex budget $4M a year" in thresholds_text("capex_cash_usd", th, limits)
    assert "power limit 0.4 MW:" in thresholds_text("facility_mw", th, limits)


def test_a_one_dollar_cost_budget_is_not_zero(small):
    scenario, results = small
    limits = limits_of(with_changes(scenario, {"budget.cost_usd_per_year": 1.0}))
    judged = judge(results, "total_cost_usd", 2029, scenario.status_thresholds, limits)
    assert judged.reason == "over $1.00, the cost budget"
