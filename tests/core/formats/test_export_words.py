"""What an export's stamp and units say: a what-if's routing, and a change that may be negative."""

from datetime import datetime

import core
from core.analysis.compare import routing_words
from core.analysis.in_house import in_house_only
from core.formats.export import result_tables, stamp
from core.scenario.edits import routing_change, with_changes

WHEN = datetime(2026, 12, 7, 9, 1)


def test_routing_words_name_each_product_routed_anew_largest_share_first():
    base = core.default_scenario()
    routed = with_changes(base, routing_change(base, "GitHub Copilot", {"MAI-2": 0.5}))
    assert routing_words(base, routed) == [
        "GitHub Copilot routed MAI-2 50%, GPT-5 class 30%, Claude Sonnet class 20%"
    ]
    residency = with_changes(base, in_house_only(base, "Copilot consumer")[0])
    assert routing_words(base, residency) == [
        "Copilot consumer routed MAI-1-preview 100% (in-house only)"
    ]
    assert routing_words(base, with_changes(base, {"fleet.scale": 2.0})) == []  # a key input


def test_a_stamp_names_the_scenario_as_it_is_told():
    scenario = core.default_scenario()
    named = "Baseline (what-if: GitHub Copilot routed MAI-2 100%)"
    assert stamp(scenario, WHEN, named) == stamp(scenario, WHEN).replace("Baseline", named, 1)


def test_a_change_a_year_that_may_be_negative_is_a_signed_fraction():
    """`annual_price_change` -0.3 had the unit "share (0-1) a year": no share is negative."""
    scenario = core.default_scenario()
    units = result_tables(scenario, core.evaluate(scenario))["inputs"].set_index("input")["unit"]
    assert units["models[3].annual_price_change"] == "signed fraction a year"
    assert units["fleet.burst_price_change"] == "signed fraction a year"
    assert units["products[0].growth"] == "signed fraction a year"
    assert units["status_thresholds.cost_growth_watch"] == "fraction a year"  # up to 10
    assert units["fleet.cost_of_capital"] == "share (0-1) a year"  # 0-0.5: a share
