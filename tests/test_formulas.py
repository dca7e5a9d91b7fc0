"""Every formula of MODEL.md against a hand calculation on the tiny scenario (conftest)."""

import math

import numpy as np
import pytest

import core
import core.edits
from core.kernel import HOURS_PER_YEAR

REL = 1e-9


def kpi(scenario: core.Scenario, column: str, year: int) -> float:
    return float(core.evaluate(scenario).by_year.loc[year, column])


def test_capacity_is_gpus_times_hours_times_availability(tiny):
    assert kpi(tiny(), "capacity_gpu_hours", 2026) == pytest.approx(1000 * 8760 * 0.9, rel=REL)


def test_ramp_is_linear_to_baseline_times_scale_in_target_year(tiny):
    scenario = tiny({"fleet.scale": 3.0, "horizon.end_year": 2028, "fleet.target_year": 2028})
    gpus = core.evaluate(scenario).series("gpus")
    assert gpus == pytest.approx([1000, 2000, 3000], rel=REL)


def test_inference_gpu_hours_are_tokens_over_throughput(tiny):
    # Product A routes 0.5 x 1e12 tokens to Own at 1,000 tokens/s per reference GPU.
    expected = 0.5e12 / (1000 * 3600)
    assert kpi(tiny(), "inference_gpu_hours", 2026) == pytest.approx(expected, rel=REL)
    assert kpi(tiny(), "utilization", 2026) == pytest.approx(
        expected / (1000 * 8760 * 0.9), rel=REL
    )


def test_training_gpu_hours_follow_6nd_over_peak_and_mfu(tiny):
    big = {
        "kind": "in_house",
        "name": "Big",
        "active_params": 1e9,
        "total_params": 1e9,
        "train_tokens": 1e12,
        "train_year": 2027,
        "available_from": 2027,
        "mfu_train": 0.5,
        "serve_tokens_per_gpu_s": 500,
        "quality": {"a": 95, "b": 95},
    }
    scenario = tiny({"models[2]": big})
    hours = core.evaluate(scenario).series("training_gpu_hours")
    assert hours == pytest.approx([0.0, 6 * 1e9 * 1e12 / (1000e12 * 0.5 * 3600)], rel=REL)


def test_amortization_power_and_opex_by_cohort(tiny):
    by_year = core.evaluate(tiny()).by_year
    assert by_year.loc[2026, "capex_amortization_usd"] == pytest.approx(1000 * 60000 / 3, rel=REL)
    power = 1000 * 1000 * 2.0 * 0.5 * 1.0 / 1000 * HOURS_PER_YEAR * 0.1
    assert by_year.loc[2026, "power_usd"] == pytest.approx(power, rel=REL)
    assert by_year.loc[2026, "opex_usd"] == pytest.approx(0.1 * 1000 * 60000, rel=REL)


def test_added_cohort_of_new_generation_changes_speed_cost_and_power(tiny):
    scenario = tiny({"fleet.scale": 3.0, "fleet.gpu": "NEW", "fleet.capex_per_gpu_usd": 100000.0})
    row = core.evaluate(scenario).by_year.loc[2027]
    assert row.capex_amortization_usd == pytest.approx(
        1000 * 60000 / 3 + 2000 * 100000 / 3, rel=REL
    )
    assert row.training_speed_factor == pytest.approx((1000 * 1 + 2000 * 2) / 3000, rel=REL)
    assert row.serving_speed_factor == pytest.approx((1000 * 1 + 2000 * 2) / 3000, rel=REL)
    watts = 1000 * 1000 + 2000 * 1500
    assert row.power_usd == pytest.approx(watts * 2.0 * 0.5 / 1000 * HOURS_PER_YEAR * 0.1, rel=REL)


def test_cohort_past_amortization_is_refreshed_only_when_refresh_is_on(tiny):
    off = tiny({"fleet.amortization_years": 1})
    on = tiny(
        {
            "fleet.amortization_years": 1,
            "fleet.refresh": True,
            "fleet.gpu": "NEW",
            "fleet.capex_per_gpu_usd": 100000.0,
        }
    )
    assert kpi(off, "capex_amortization_usd", 2026) == 0.0
    assert kpi(on, "capex_amortization_usd", 2026) == pytest.approx(1000 * 100000, rel=REL)
    assert kpi(on, "training_speed_factor", 2026) == pytest.approx(2.0, rel=REL)


def test_partner_spend_with_yearly_price_change_and_shock(tiny):
    # A: 0.5e12 tokens at 2 x 0.5 + 10 x 0.5 = $6/M; B: 2e12 at 2 x 0.75 + 10 x 0.25 = $4/M.
    spend = core.evaluate(tiny()).series("partner_spend_usd")
    # 2027: A's tokens double, prices halve (-50%/yr).
    assert spend == pytest.approx([3e6 + 8e6, (6e6 + 8e6) * 0.5], rel=REL)
    shocked = core.evaluate(tiny({"levers.price_shock": 2.0})).series("partner_spend_usd")
    assert shocked == pytest.approx(2 * spend, rel=REL)


def test_shortfall_is_bought_as_cloud_burst(tiny):
    scenario = tiny({"products[0].tokens_per_year": 1e14, "products[0].routing": {"Own": 1.0}})
    row = core.evaluate(scenario).by_year.loc[2026]
    demand = 1e14 / (1000 * 3600)
    assert row.shortfall_gpu_hours == pytest.approx(demand - 1000 * 8760 * 0.9, rel=REL)
    assert row.cloud_burst_usd == pytest.approx(row.shortfall_gpu_hours * 5.0, rel=REL)


def test_total_and_product_costs_add_up(tiny):
    results = core.evaluate(tiny())
    fleet = 1000 * 60000 / 3 + 876_000 + 6e6
    assert results.by_year.loc[2026, "total_cost_usd"] == pytest.approx(fleet + 11e6, rel=REL)
    products = results.products.xs(2026, level="year")
    assert products.loc["A", "cost_usd"] == pytest.approx(3e6 + fleet, rel=REL)
    assert products.loc["B", "cost_usd"] == pytest.approx(8e6, rel=REL)
    assert products.loc["A", "cost_per_m_tokens_usd"] == pytest.approx((3e6 + fleet) / 1e6, rel=REL)


def test_quality_is_share_weighted(tiny):
    products = core.evaluate(tiny()).products.xs(2026, level="year")
    assert products.loc["A", "quality"] == pytest.approx(0.5 * 80 + 0.5 * 90)
    assert products.loc["B", "quality_gap"] == pytest.approx(90 - 85)


def test_hhi_shares_and_effective_providers(tiny):
    row = core.evaluate(tiny()).by_year.loc[2026]
    fleet = 1000 * 60000 / 3 + 876_000 + 6e6
    total = fleet + 11e6
    hhi = (100 * fleet / total) ** 2 + (100 * 11e6 / total) ** 2
    assert row.provider_hhi == pytest.approx(hhi, rel=REL)
    assert row.partner_hhi == pytest.approx(10_000)
    assert row.effective_providers == pytest.approx(10_000 / hhi, rel=REL)
    assert row.external_token_share == pytest.approx(2.5e12 / 3e12, rel=REL)


def test_outage_exposure_uses_route_and_fallback_chain(tiny):
    # A: Own and Ext both down 0.01 x 0.1; B: Ext routed, Own as fallback: the same.
    row = core.evaluate(tiny()).by_year.loc[2026]
    assert row.outage_exposure_tokens == pytest.approx(3e12 * 0.01 * 0.1, rel=REL)
    assert row.risk_outage == pytest.approx(min(1.0, 0.001 * 8760 / 8.76), rel=REL)


def test_risk_index_is_weighted_mean_of_its_terms(tiny):
    row = core.evaluate(tiny()).by_year.loc[2026]
    total = 1000 * 60000 / 3 + 876_000 + 6e6 + 11e6
    terms = [2.5 / 3, 2.5 / 3 * 10_000 / 10_000, 1.0, 0.5 * 11e6 / total]
    assert row.risk_index == pytest.approx(100 * sum(terms) / 4, rel=REL)
    weighted = core.evaluate(
        tiny(
            {
                "risk_weights": {
                    "external_share": 1.0,
                    "concentration": 0.0,
                    "outage": 0.0,
                    "price_shock": 0.0,
                }
            }
        )
    )
    assert weighted.by_year.loc[2026, "risk_index"] == pytest.approx(100 * 2.5 / 3, rel=REL)


def test_in_house_shift_goes_to_best_in_house_model_and_flags_quality(tiny):
    results = core.evaluate(tiny({"levers.in_house_shift": 0.5}))
    shares = results.effective_routing(2026)
    assert shares.loc["A"].tolist() == pytest.approx([0.75, 0.25])
    assert shares.loc["B"].tolist() == pytest.approx([0.5, 0.5])
    under = [f for f in results.flags_for(2026) if f.kind == "under_floor"]
    assert [f.product for f in under] == ["B"]
    assert "quality 75 is under its floor 85" in under[0].message


def test_shift_prefers_cheapest_model_meeting_the_floor(tiny):
    fast = {
        "kind": "in_house",
        "name": "Fast",
        "active_params": 1e9,
        "total_params": 1e9,
        "available_from": 2020,
        "serve_tokens_per_gpu_s": 5000,
        "quality": {"a": 75, "b": 50},
    }
    shares = core.evaluate(
        tiny({"models[2]": fast, "levers.in_house_shift": 1.0})
    ).effective_routing(2026)
    assert shares.loc["A", "Fast"] == pytest.approx(0.5)  # meets floor 70 and is cheapest
    assert shares.loc["B", "Own"] == pytest.approx(1.0)  # neither meets 85: the best quality


def test_model_not_yet_serving_falls_back_and_is_flagged(tiny):
    results = core.evaluate(tiny({"models[0].available_from": 2027}))
    assert results.effective_routing(2026).loc["A"].tolist() == pytest.approx([0.0, 1.0])
    assert results.effective_routing(2027).loc["A"].tolist() == pytest.approx([0.5, 0.5])
    assert any(f.kind == "rerouted" and f.product == "A" and f.year == 2026 for f in results.flags)


def test_disabled_partner_falls_back_in_house(tiny):
    results = core.evaluate(tiny({"models[1].enabled": False}))
    assert results.effective_routing(2026).loc["B"].tolist() == pytest.approx([1.0, 0.0])


def test_calibration_gpt3_6nd():
    run = core.training_run(175e9, 300e9, "H100", 10_000, 0.4)
    assert run.flops == pytest.approx(3.15e23, rel=1e-12)
    assert run.gpu_hours == pytest.approx(3.15e23 / (989e12 * 0.4 * 3600), rel=1e-9)
    assert run.wall_clock_days == pytest.approx(run.gpu_hours / 10_000 / 24, rel=1e-9)


def test_training_run_rejects_bad_arguments_by_name():
    with pytest.raises(ValueError, match="mfu"):
        core.training_run(1e9, 1e9, "H100", 10, 1.5)
    with pytest.raises(ValueError, match="unknown GPU 'TPU'"):
        core.training_run(1e9, 1e9, "TPU", 10, 0.4)
    with pytest.raises(ValueError, match="tokens"):
        core.training_run(1e9, math.nan, "H100", 10, 0.4)


def test_default_scenario_shows_what_model_md_promises():
    results = core.evaluate(core.default_scenario())
    y = results.by_year
    assert 0.28 < y.loc[2026, "utilization"] < 0.38  # about one-third used
    assert y.loc[2026, "external_token_share"] > 0.5  # partners take most tokens
    assert y.loc[2026, "partner_spend_usd"] > y.loc[2026, "fleet_cost_usd"]  # and most spend
    assert 1.0 <= y.loc[2026, "in_house_cost_per_m_tokens_usd"] <= 2.0
    assert 3.0 <= y.loc[2026, "partner_cost_per_m_tokens_usd"] <= 6.0
    assert y.loc[2028, "utilization"] > 1.0  # the MAI-2 training year overloads 1x
    shifted = core.evaluate(
        core.edits.with_changes(core.default_scenario(), {"levers.in_house_shift": 1.0})
    )
    excel = shifted.products.loc["M365 Copilot Excel"]
    assert (excel.loc[[2026, 2027, 2028], "quality_gap"] < 0).all()  # floors hold Excel on partners
    assert excel.loc[2029, "quality_gap"] >= 0  # until MAI-2 arrives


def test_scaling_and_moving_in_house_lowers_unit_cost_and_risk():
    base = core.default_scenario()
    scaled = core.edits.with_changes(base, {"fleet.scale": 8.0, "levers.in_house_shift": 0.7})
    b, s = core.evaluate(base).by_year.loc[2028], core.evaluate(scaled).by_year.loc[2028]
    assert s.cost_per_m_tokens_usd < b.cost_per_m_tokens_usd
    assert s.risk_index < b.risk_index
    assert s.capex_amortization_usd > b.capex_amortization_usd
    assert np.isfinite(core.evaluate(scaled).by_year.to_numpy()).all()
