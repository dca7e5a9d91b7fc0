"""Optimizer, frontier, tornado and Monte Carlo against hand solutions and their properties.

The optimizer cases extend the tiny scenario (conftest) with a cheap partner model:
A (floor 70) can run on Own (quality 80, in-house); B (floor 85) needs partners:
Own scores 60, Cheap 86 at $1/M, Ext 90 at $4/M (B's 25% output share).
"""

import itertools
import json

import numpy as np
import pytest
from parts import CHEAP

import core
from cli.main import main
from core.analysis.montecarlo import monte_carlo
from core.analysis.optimize import frontier, optimize
from core.analysis.sensitivity import tornado
from core.scenario.edits import with_changes

TOKENS_PER_GPU_YEAR = 8760 * 0.9 * 1000 * 3600  # Own: 1,000 tokens/s per GPU, 90% availability


@pytest.fixture
def three(tiny):
    return lambda changes=None: tiny({"models[2]": CHEAP, **(changes or {})})


def test_cost_optimum_by_hand(three):
    best = optimize(three(), year=2026)
    assert best.routing["A"] == pytest.approx({"Own": 1.0})  # meets its floor at no partner cost
    # B: Own x + Cheap (1 - x) with 60x + 86(1 - x) >= 85  ->  x = 1/26 at the optimum
    assert best.routing["B"] == pytest.approx({"Own": 1 / 26, "Cheap": 25 / 26})
    assert best.partner_spend_usd == pytest.approx(2e12 * 25 / 26 * 1.0 / 1e6, rel=1e-6)
    assert "B: quality held at its floor 85 in 2026" in best.binding


def test_risk_weight_moves_to_the_safest_mix_by_hand(three):
    safest = optimize(three(), risk_weight=1e6, year=2026)
    # Least partner share for B at quality >= 85: Own with Ext, 60x + 90(1 - x) >= 85 -> x = 1/6
    assert safest.routing["B"] == pytest.approx({"Own": 1 / 6, "Ext": 5 / 6})
    assert safest.external_share == pytest.approx(2e12 * 5 / 6 / 3e12, rel=1e-6)


def test_capacity_limits_the_in_house_share_by_hand(three):
    best = optimize(three({"fleet.baseline_gpus": 10}), year=2026)
    in_house_tokens = 1e12 * best.routing["A"].get("Own", 0) + 2e12 * best.routing["B"].get(
        "Own", 0
    )
    assert in_house_tokens == pytest.approx(10 * TOKENS_PER_GPU_YEAR, rel=1e-6)
    assert best.partner_spend_usd == pytest.approx(
        (3e12 - 10 * TOKENS_PER_GPU_YEAR) / 1e6, rel=1e-6
    )
    assert "2026: in-house capacity is full" in best.binding


def test_in_house_only_products_never_get_partner_shares(three):
    best = optimize(
        three(
            {
                "products[0].in_house_only": True,
                "products[0].fallback": ["Own"],
                "products[0].routing": {"Own": 1.0},
            }
        ),
        year=2026,
    )
    assert set(best.routing["A"]) == {"Own"}


def test_infeasible_floor_names_the_product_and_the_best_model(three):
    with pytest.raises(core.ScenarioError) as caught:
        optimize(three({"products[1].quality_floor": 92}), year=2026)
    assert str(caught.value.problems[0]) == (
        "products[1].quality_floor: B: no available model reaches quality floor 92 in 2026 (best: Ext at 90)"
    )


def test_infeasible_training_names_the_year(three):
    big = {
        "kind": "in_house",
        "name": "Big",
        "active_params": 1e12,
        "total_params": 1e12,
        "train_tokens": 1e14,
        "train_year": 2027,
        "available_from": 2027,
        "measured_tokens_per_gpu_s": 100,
        "quality": {"a": 99, "b": 99},
    }
    with pytest.raises(
        core.ScenarioError, match="2027: training alone needs more GPU-hours than the fleet has"
    ):
        optimize(three({"models[3]": big}))


def test_provider_cap_is_respected_for_partners(three):
    uncapped = optimize(three(), year=2026)
    shares = core.evaluate(uncapped.scenario).providers.xs(2026, level="year")["spend_share"]
    cap = float(shares.drop("In-house").max()) * 0.8  # tighter than the cheapest routing's
    best = optimize(three(), year=2026, provider_cap=cap)
    capped = core.evaluate(best.scenario).providers.xs(2026, level="year")["spend_share"]
    assert capped.drop("In-house").max() <= cap + 1e-6
    assert best.partner_spend_usd >= uncapped.partner_spend_usd


def test_impossible_provider_cap_says_so(three):
    with pytest.raises(
        core.ScenarioError, match="no routing keeps every partner at 1% of spend or less"
    ):
        optimize(three({"fleet.baseline_gpus": 10}), year=2026, provider_cap=0.01)


def test_recommendation_applies_as_a_valid_scenario(three):
    best = optimize(three(), year=2026)
    assert best.scenario.levers.in_house_shift == 0
    assert core.evaluate(best.scenario).effective_routing(2026).loc["B", "Cheap"] == pytest.approx(
        25 / 26
    )


def test_frontier_cost_never_rises_as_allowed_risk_rises():
    points = frontier(with_changes(core.default_scenario(), {"fleet.scale": 8.0}), 16)
    assert len(points) == 16
    shares = [p.external_share for p in points]
    costs = [p.partner_spend_usd for p in points]
    assert shares == sorted(shares)
    assert all(b <= a * (1 + 1e-6) for a, b in itertools.pairwise(costs))
    assert costs[0] > costs[-1]  # a real trade-off, not one point repeated


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
    assert main(["optimize", "--json", "--lambda", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["routing"]) == {p.name for p in core.default_scenario().products}
    assert out["total_cost_usd"] < out["current_total_cost_usd"]
    assert main(["montecarlo", "--draws", "500", "--seed", "4", "--json"]) == 0
    mc = json.loads(capsys.readouterr().out)
    assert set(mc["total_cost_usd"]) == {"p10", "p50", "p90"}
    assert len(mc["risk_index"]["p50"]) == len(mc["years"]) == 6
    assert main(["tornado", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["inputs"]) >= 8
    assert main(["optimize", "--lambda", "-1"]) == 2
    assert "lambda" in capsys.readouterr().err
