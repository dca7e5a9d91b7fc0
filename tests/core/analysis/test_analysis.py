"""Tornado and Monte Carlo against their properties (the recommended routing is the plan
with the fleet kept: tests/core/plan/test_plan_routing.py)."""

import json

import numpy as np
import pytest

import core
from cli.main import main
from core.analysis.montecarlo import check_range, default_ranges, monte_carlo
from core.analysis.sensitivity import tornado
from core.engine.compiled import INPUT_LIMITS
from core.scenario.edits import with_changes


def test_tornado_signs_and_order():
    table = tornado(with_changes(core.default_scenario(), {"fleet.scale": 6.0}), 2029).set_index(
        "label"
    )
    assert (
        table.loc["Capex per GPU", "cost_high_usd"] > 0 > table.loc["Capex per GPU", "cost_low_usd"]
    )
    assert table.loc["Partner prices", "cost_high_usd"] > 0
    assert table.loc["Electricity price", "cost_high_usd"] > 0
    # Pricier partners raise the bill and its fixed reference alike: no more dependency.
    assert table.loc["Partner prices", "risk_high"] == pytest.approx(0.0, abs=1e-9)
    assert len(table) >= 8
    assert list(table["size"]) == sorted(table["size"], reverse=True)


def test_tornado_clamps_to_valid_ranges():
    table = tornado(core.default_scenario(), 2029).set_index("label")
    assert table.loc["Cluster scale", "low_value"] == 1.0  # 1x cannot go lower
    assert table.loc["Fleet availability", "high_value"] <= 1.0


def test_monte_carlo_is_ordered_reproducible_and_converges():
    scenario = core.default_scenario()
    small = monte_carlo(scenario, 2_000, seed=7)
    again = monte_carlo(scenario, 2_000, seed=7)
    other = monte_carlo(scenario, 2_000, seed=8)
    assert np.array_equal(small.total_cost_usd, again.total_cost_usd)
    assert not np.array_equal(small.total_cost_usd, other.total_cost_usd)
    for kpi in ("total_cost_usd", "risk_index"):
        table = small.percentiles(kpi)
        assert (table.p10 <= table.p50).all()
        assert (table.p50 <= table.p90).all()
    big = monte_carlo(scenario, 40_000, seed=1).percentiles("total_cost_usd").p50
    medium = monte_carlo(scenario, 10_000, seed=2).percentiles("total_cost_usd").p50
    assert np.allclose(medium, big, rtol=0.03)  # P50 settles as N grows


def test_monte_carlo_cancels_through_progress():
    from core.analysis.montecarlo import Cancelled

    seen = []
    with pytest.raises(Cancelled):
        monte_carlo(
            core.default_scenario(), 10_000, progress=lambda f: seen.append(f) or len(seen) < 2
        )
    assert seen == [0.2, 0.4]


def test_analysis_commands_json(capsys):
    assert main(["montecarlo", "--draws", "500", "--seed", "4", "--json"]) == 0
    mc = json.loads(capsys.readouterr().out)
    assert set(mc["total_cost_usd"]) == {"p10", "p50", "p90"}
    assert len(mc["risk_index"]["p50"]) == len(mc["years"]) == 6
    assert main(["tornado", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["inputs"]) >= 8


def test_monte_carlo_draws_the_serving_software_gain():
    """The default draws a yearly gain from none to the measured x2 (F-software-drift)."""
    scenario = with_changes(core.default_scenario(), {"levers.in_house_shift": 0.4})
    ranges = default_ranges(scenario)
    gain = next(r for r in ranges if r.field == "software_growth")
    assert (gain.low, gain.mode, gain.high) == (1.0, 1.0, 2.0)
    others = [r for r in ranges if r.field != "software_growth"]  # drawn first: the same draws
    drawn = monte_carlo(scenario, 2_000, seed=3, ranges=[*others, gain])
    drawn = drawn.percentiles("total_cost_usd")
    fixed = monte_carlo(scenario, 2_000, seed=3, ranges=others).percentiles("total_cost_usd")
    assert drawn.p50.iloc[0] == fixed.p50.iloc[0]  # the start year: no gain yet
    assert (drawn.p50.iloc[2:] < fixed.p50.iloc[2:]).all()


@pytest.mark.parametrize(
    "changes",
    [{"levers.demand_growth_multiplier": 4.0}, {"fleet.capex_per_gpu_usd": 0.5}],
)
def test_the_default_ranges_of_a_valid_scenario_are_valid(changes):
    """Demand growth x4 drew up to x6 and was refused for a range nobody set (limit x5)."""
    ranges = default_ranges(with_changes(core.default_scenario(), changes))
    for r in ranges:
        check_range(r)  # raises a ScenarioError naming the range if not
    growth = next(r for r in ranges if r.field == "demand_growth_multiplier")
    assert growth.high <= INPUT_LIMITS["demand_growth_multiplier"][1]
    assert monte_carlo(with_changes(core.default_scenario(), changes), 20).draws == 20
