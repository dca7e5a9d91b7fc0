"""Every formula of docs/model.md against a hand calculation on the tiny scenario (conftest)."""

import math

import numpy as np
import pytest
from parts import BIG, FAST

import core
import core.scenario.edits
from core.engine.deployment import MISSES_TPOT
from core.units import HOURS_PER_YEAR

REL = 1e-9


def kpi(scenario: core.Scenario, column: str, year: int) -> float:
    return float(core.evaluate(scenario).by_year.loc[year, column])


def test_capacity_is_gpus_times_hours_times_availability(tiny):
    """docs/model.md#F-capacity"""
    assert kpi(tiny(), "capacity_gpu_hours", 2026) == pytest.approx(1000 * 8760 * 0.9, rel=REL)


def test_ramp_is_linear_to_baseline_times_scale_in_target_year(tiny):
    """docs/model.md#F-fleet-ramp"""
    scenario = tiny({"fleet.scale": 3.0, "horizon.end_year": 2028, "fleet.target_year": 2028})
    gpus = core.evaluate(scenario).series("gpus")
    assert gpus == pytest.approx([1000, 2000, 3000], rel=REL)


def test_inference_gpu_hours_are_tokens_over_throughput(tiny):
    """docs/model.md#F-inference-hours and docs/model.md#F-demand (utilization)."""
    # Product A routes 0.5 x 1e12 tokens to Own at 1,000 tokens/s per reference GPU.
    expected = 0.5e12 / (1000 * 3600)
    assert kpi(tiny(), "inference_gpu_hours", 2026) == pytest.approx(expected, rel=REL)
    assert kpi(tiny(), "utilization", 2026) == pytest.approx(
        expected / (1000 * 8760 * 0.9), rel=REL
    )


def test_training_gpu_hours_follow_6nd_over_peak_and_mfu(tiny):
    """docs/model.md#F-training-hours"""
    scenario = tiny({"models[2]": BIG})
    hours = core.evaluate(scenario).series("training_gpu_hours")
    assert hours == pytest.approx([0.0, 6 * 1e9 * 1e12 / (1000e12 * 0.5 * 3600)], rel=REL)


def test_amortization_power_and_opex_by_cohort(tiny):
    """docs/model.md#F-amortization, docs/model.md#F-power, docs/model.md#F-opex"""
    by_year = core.evaluate(tiny()).by_year
    assert by_year.loc[2026, "capital_charge_usd"] == pytest.approx(1000 * 60000 / 3, rel=REL)
    power = 1000 * 1000 * 2.0 * 0.5 * 1.0 / 1000 * HOURS_PER_YEAR * 0.1
    assert by_year.loc[2026, "power_usd"] == pytest.approx(power, rel=REL)
    assert by_year.loc[2026, "opex_usd"] == pytest.approx(0.1 * 1000 * 60000, rel=REL)


def test_added_cohort_of_new_generation_changes_speed_cost_and_power(tiny):
    """docs/model.md#F-cohorts (speed factors), with amortization and power by cohort."""
    scenario = tiny({"fleet.scale": 3.0, "fleet.gpu": "NEW", "fleet.capex_per_gpu_usd": 100000.0})
    row = core.evaluate(scenario).by_year.loc[2027]
    assert row.capital_charge_usd == pytest.approx(1000 * 60000 / 3 + 2000 * 100000 / 3, rel=REL)
    assert row.training_speed_factor == pytest.approx((1000 * 1 + 2000 * 2) / 3000, rel=REL)
    assert row.serving_speed_factor == pytest.approx((1000 * 1 + 2000 * 2) / 3000, rel=REL)
    watts = 1000 * 1000 + 2000 * 1500
    assert row.power_usd == pytest.approx(watts * 2.0 * 0.5 / 1000 * HOURS_PER_YEAR * 0.1, rel=REL)


def test_cohort_past_amortization_is_refreshed_only_when_refresh_is_on(tiny):
    """docs/model.md#F-amortization (refresh) and docs/model.md#F-cohorts."""
    off = tiny({"fleet.amortization_years": 1})
    on = tiny(
        {
            "fleet.amortization_years": 1,
            "fleet.refresh": True,
            "fleet.gpu": "NEW",
            "fleet.capex_per_gpu_usd": 100000.0,
        }
    )
    assert kpi(off, "capital_charge_usd", 2026) == 0.0
    assert kpi(on, "capital_charge_usd", 2026) == pytest.approx(1000 * 100000, rel=REL)
    assert kpi(on, "training_speed_factor", 2026) == pytest.approx(2.0, rel=REL)


def test_partner_spend_with_yearly_price_change_and_shock(tiny):
    """docs/model.md#F-partner-price and docs/model.md#F-partner-spend"""
    # A: 0.5e12 tokens at 2 x 0.5 + 10 x 0.5 = $6/M; B: 2e12 at 2 x 0.75 + 10 x 0.25 = $4/M.
    spend = core.evaluate(tiny()).series("partner_spend_usd")
    # 2027: A's tokens double, prices halve (-50%/yr).
    assert spend == pytest.approx([3e6 + 8e6, (6e6 + 8e6) * 0.5], rel=REL)
    shocked = core.evaluate(tiny({"levers.price_shock": 2.0})).series("partner_spend_usd")
    assert shocked == pytest.approx(2 * spend, rel=REL)


def test_shortfall_is_bought_as_cloud_burst(tiny):
    """docs/model.md#F-shortfall"""
    scenario = tiny({"products[0].tokens_per_year": 1e14, "products[0].routing": {"Own": 1.0}})
    row = core.evaluate(scenario).by_year.loc[2026]
    demand = 1e14 / (1000 * 3600)
    assert row.shortfall_gpu_hours == pytest.approx(demand - 1000 * 8760 * 0.9, rel=REL)
    assert row.cloud_burst_usd == pytest.approx(row.shortfall_gpu_hours * 5.0, rel=REL)


def test_total_and_product_costs_add_up(tiny):
    """docs/model.md#F-total-cost and docs/model.md#F-product-cost"""
    results = core.evaluate(tiny())
    fleet = 1000 * 60000 / 3 + 876_000 + 6e6
    assert results.by_year.loc[2026, "total_cost_usd"] == pytest.approx(fleet + 11e6, rel=REL)
    products = results.products.xs(2026, level="year")
    assert products.loc["A", "cost_usd"] == pytest.approx(3e6 + fleet, rel=REL)
    assert products.loc["B", "cost_usd"] == pytest.approx(8e6, rel=REL)
    assert products.loc["A", "cost_per_m_tokens_usd"] == pytest.approx((3e6 + fleet) / 1e6, rel=REL)


def test_quality_is_share_weighted(tiny):
    """docs/model.md#F-quality"""
    products = core.evaluate(tiny()).products.xs(2026, level="year")
    assert products.loc["A", "quality"] == pytest.approx(0.5 * 80 + 0.5 * 90)
    assert products.loc["B", "quality_gap"] == pytest.approx(90 - 85)


def test_hhi_shares_and_effective_providers(tiny):
    """docs/model.md#F-hhi, docs/model.md#F-effective-providers, docs/model.md#F-external-share"""
    row = core.evaluate(tiny()).by_year.loc[2026]
    fleet = 1000 * 60000 / 3 + 876_000 + 6e6
    total = fleet + 11e6
    hhi = (100 * fleet / total) ** 2 + (100 * 11e6 / total) ** 2
    assert row.provider_hhi == pytest.approx(hhi, rel=REL)
    # P1 alone serves 2.5e12 of the 3e12 tokens (A half of 1e12, B all of 2e12).
    assert row.partner_hhi == pytest.approx((100 * 2.5 / 3) ** 2, rel=REL)
    assert row.effective_providers == pytest.approx(10_000 / hhi, rel=REL)
    assert row.external_token_share == pytest.approx(2.5e12 / 3e12, rel=REL)


def test_outage_exposure_uses_route_and_fallback_chain(tiny):
    """docs/model.md#F-outage"""
    # A: In-house and P1 both down 0.01 x 0.1; B: Ext routed, Own as fallback: the same.
    row = core.evaluate(tiny()).by_year.loc[2026]
    assert row.outage_exposure_tokens == pytest.approx(3e12 * 0.01 * 0.1, rel=REL)
    # Degraded hours: A (0.5 x 0.01 + 0.5 x 0.1) x 8,760 = 481.8, B 0.1 x 8,760 = 876,
    # both over the 43.8-hour budget: the term is capped at 1.
    assert row.degraded_hours == pytest.approx((1 * 481.8 + 2 * 876) / 3, rel=REL)
    assert row.risk_outage == 1.0


def test_risk_index_is_weighted_mean_of_its_terms(tiny):
    """docs/model.md#F-risk-terms and docs/model.md#F-risk-index"""
    row = core.evaluate(tiny()).by_year.loc[2026]
    # 2.5e12 of 3e12 tokens on P1 (no burst); P1 down 10% of 8,760 h, over 8.76 h: capped;
    # the outside bill $11M over every token at its cheapest partner ($6M + $8M).
    terms = [2.5 / 3, (2.5 / 3) ** 2, 1.0, 11e6 / 14e6, 0.0]
    assert row.risk_index == pytest.approx(100 * sum(terms) / 5, rel=REL)
    weighted = core.evaluate(
        tiny(
            {
                "risk_weights": {
                    "external_share": 1.0,
                    "concentration": 0.0,
                    "outage": 0.0,
                    "price_shock": 0.0,
                    "compute_dependency": 0.0,
                }
            }
        )
    )
    assert weighted.by_year.loc[2026, "risk_index"] == pytest.approx(100 * 2.5 / 3, rel=REL)


def test_in_house_shift_goes_to_best_in_house_model_and_flags_quality(tiny):
    """docs/model.md#F-routing (shift) and docs/model.md#F-flags (under floor)."""
    results = core.evaluate(tiny({"levers.in_house_shift": 0.5}))
    shares = results.effective_routing(2026)
    assert shares.loc["A"].tolist() == pytest.approx([0.75, 0.25])
    assert shares.loc["B"].tolist() == pytest.approx([0.5, 0.5])
    under = [f for f in results.flags_for(2026) if f.kind == "under_floor"]
    assert [f.product for f in under] == ["B"]  # A's Own (80) meets its floor 70
    assert under[0].message == "B: 50% of traffic on Own, quality 60 under its floor 85, in 2026"


def test_shift_prefers_cheapest_model_meeting_the_floor(tiny):
    """docs/model.md#F-routing: the shift target rule."""
    fast = FAST | {"quality": {"a": 75, "b": 50}}
    shares = core.evaluate(
        tiny({"models[2]": fast, "levers.in_house_shift": 1.0})
    ).effective_routing(2026)
    assert shares.loc["A", "Fast"] == pytest.approx(0.5)  # meets floor 70 and is cheapest
    assert shares.loc["B", "Own"] == pytest.approx(1.0)  # neither meets 85: the best quality


def test_model_not_yet_serving_falls_back_and_is_flagged(tiny):
    """docs/model.md#F-routing (fallback) and docs/model.md#F-flags (rerouted)."""
    results = core.evaluate(tiny({"models[0].available_from": 2027}))
    assert results.effective_routing(2026).loc["A"].tolist() == pytest.approx([0.0, 1.0])
    assert results.effective_routing(2027).loc["A"].tolist() == pytest.approx([0.5, 0.5])
    assert any(f.kind == "rerouted" and f.product == "A" and f.year == 2026 for f in results.flags)


def test_disabled_partner_falls_back_in_house(tiny):
    """docs/model.md#F-routing: a disabled model never serves."""
    results = core.evaluate(tiny({"models[1].enabled": False}))
    assert results.effective_routing(2026).loc["B"].tolist() == pytest.approx([1.0, 0.0])


def test_calibration_gpt3_6nd():
    """docs/model.md#F-training-run"""
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
    assert y.loc[2026, "utilization"] < 0.5  # far from full, even at the busy hour
    assert y.loc[2026, "busy_share"] < y.loc[2026, "utilization"]  # the average hour is lighter
    assert y.loc[2026, "external_token_share"] > 0.5  # partners take most tokens
    assert y.loc[2026, "partner_spend_usd"] > y.loc[2026, "fleet_cost_usd"]  # and most spend
    assert 1.0 <= y.loc[2026, "in_house_cost_per_m_tokens_usd"] <= 2.0
    assert 3.0 <= y.loc[2026, "partner_cost_per_m_tokens_usd"] <= 6.0
    assert y.loc[2027, "utilization"] < 0.5  # idle in 2026-2027 (28% and 45%)
    # MAI-2's training year: its run waits out the busy hour in the quiet hours, so the busy
    # hour holds inference alone (71%, in band); run evenly, the run's hours join it (92%).
    # (With replicas held to two NVLink domains the busy hour's inference, not the year's
    # work, is the larger: the year's work no longer sets 2028's demand.)
    even = core.evaluate(
        core.scenario.edits.with_changes(
            core.default_scenario(), {"fleet.training_in_valleys": False}
        )
    ).by_year.loc[2028]
    training = y.loc[2028, "training_gpu_hours"] / y.loc[2028, "capacity_gpu_hours"]
    assert training > 0.0
    assert y.loc[2028, "utilization"] == pytest.approx(even.utilization - training)
    assert 0.5 < y.loc[2028, "utilization"] < 1.0  # in band
    assert (y.loc[2029:2031, "utilization"] > 1.0).all()  # MAI-2 serving outgrows 1x from 2029
    shifted = core.evaluate(
        core.scenario.edits.with_changes(core.default_scenario(), {"levers.in_house_shift": 1.0})
    )
    excel = shifted.products.loc["M365 Copilot Excel"]
    assert (excel.loc[[2026, 2027, 2028], "quality_gap"] < 0).all()  # floors hold Excel on partners
    assert excel.loc[2029, "quality_gap"] >= 0  # until MAI-2 arrives
    s = results.structure
    opus = s.model_names.index("Claude Opus class")
    copilot = s.product_names.index("GitHub Copilot")
    assert s.route_slo_reason[copilot, opus] == MISSES_TPOT  # 30 ms against a 25 ms promise


def test_scaling_and_moving_in_house_lowers_risk_and_unit_cost():
    """docs/model.md#F-serving and docs/model.md#F-load-curve: 8x the fleet with 70% moved
    in-house in 2028 (busy hour 115% of the fleet) costs $1.17 per M tokens against the
    default's $1.73, once its cloud burst buys only the hours above the fleet ($48.8M, not
    the busy hour's excess all year: 104.7M GPU-hours x $5.04 = $0.53B), and it lowers the
    risk index. (3.5x, this test's fleet until replicas were held to two NVLink domains,
    now needs 245% of itself at the busy hour: the in-house models on H100 serve fewer
    tokens per GPU, so 8x is again a fleet just short at the busy hour.)"""
    base = core.default_scenario()
    scaled = core.scenario.edits.with_changes(
        base, {"fleet.scale": 8.0, "levers.in_house_shift": 0.7}
    )
    b, s = core.evaluate(base).by_year.loc[2028], core.evaluate(scaled).by_year.loc[2028]
    assert s.utilization > 1.0
    assert s.cost_per_m_tokens_usd == pytest.approx(1.1716, abs=1e-4)
    assert b.cost_per_m_tokens_usd == pytest.approx(1.7331, abs=1e-4)
    assert s.cloud_burst_usd == pytest.approx(48_799_763.6, rel=1e-6)
    assert s.risk_index < b.risk_index
    assert s.capital_charge_usd > b.capital_charge_usd
    assert np.isfinite(core.evaluate(scaled).by_year.to_numpy()).all()


# Hand checks added with docs/model.md. The tiny scenario's 2026 figures used below:
# fleet cost = 1,000 GPUs x $60,000 / 3 years (amortization) + 876,000 (power)
#   + 0.1 x $60 M installed (opex) = $26,876,000;
# partner spend = A 0.5e12 tokens x $6/M + B 2e12 tokens x $4/M = $11,000,000.
TINY_FLEET_2026 = 1000 * 60000 / 3 + 876_000 + 0.1 * 1000 * 60000
TINY_PARTNER_2026 = 0.5e12 * 6e-6 + 2e12 * 4e-6


def test_tokens_grow_by_growth_times_the_demand_lever_floored_at_minus_99_percent(tiny):
    """docs/model.md#F-tokens"""
    tokens = core.evaluate(tiny({"levers.demand_growth_multiplier": 0.5})).products["tokens"]
    assert tokens.loc[("A", 2027)] == pytest.approx(1e12 * (1 + 1.0 * 0.5), rel=REL)
    assert tokens.loc[("B", 2027)] == pytest.approx(2e12 * (1 + 0.0 * 0.5), rel=REL)
    # -0.9 x 2 = -180% a year is floored at -99%: one year leaves 1% of the base.
    floored = tiny({"products[0].growth": -0.9, "levers.demand_growth_multiplier": 2.0})
    tokens = core.evaluate(floored).products["tokens"]
    assert tokens.loc[("A", 2027)] == pytest.approx(1e12 * 0.01, rel=REL)


def test_demand_is_training_plus_inference_over_capacity(tiny):
    """docs/model.md#F-demand"""
    row = core.evaluate(tiny({"models[2]": BIG})).by_year.loc[2027]
    training = 6 * 1e9 * 1e12 / (1000e12 * 0.5 * 3600)  # 3,333,333.3 GPU-hours
    inference = 2e12 * 0.5 / (1000 * 3600)  # A's 2027 tokens on Own: 277,777.8 GPU-hours
    assert row.demand_gpu_hours == pytest.approx(training + inference, rel=REL)
    assert row.utilization == pytest.approx((training + inference) / (1000 * 8760 * 0.9), rel=REL)
    assert row.shortfall_gpu_hours == 0.0


def test_gpu_hours_divide_by_the_fleet_speed_factors(tiny):
    """docs/model.md#F-training-hours and docs/model.md#F-inference-hours on a mixed fleet.

    2027: 1,000 REF GPUs and 2,000 NEW ones (twice the peak and the bandwidth), so both
    speed factors are (1,000 x 1 + 2,000 x 2) / 3,000 = 5/3 (docs/model.md#F-cohorts).
    """
    scenario = tiny(
        {
            "models[2]": BIG,
            "fleet.scale": 3.0,
            "fleet.gpu": "NEW",
            "fleet.capex_per_gpu_usd": 100000.0,
        }
    )
    row = core.evaluate(scenario).by_year.loc[2027]
    assert row.training_gpu_hours == pytest.approx(
        6 * 1e9 * 1e12 / (1000e12 * 0.5 * 3600) / (5 / 3), rel=REL
    )
    assert row.inference_gpu_hours == pytest.approx(2e12 * 0.5 / (1000 * 3600) / (5 / 3), rel=REL)


def test_nothing_serving_in_the_chain_leaves_the_share_unserved(tiny):
    """docs/model.md#F-routing (unserved share) and docs/model.md#F-flags (unserved)."""
    # Ext disabled. A: its 50% on Ext falls back to Own (Ext is first in its chain but
    # does not serve). B: 100% on Ext, an empty chain: all of it is unserved.
    results = core.evaluate(tiny({"models[1].enabled": False, "products[1].fallback": []}))
    products = results.products.xs(2026, level="year")
    assert results.effective_routing(2026).loc["A"].tolist() == pytest.approx([1.0, 0.0])
    assert results.effective_routing(2026).loc["B"].tolist() == pytest.approx([0.0, 0.0])
    assert products.loc["A", "rerouted_share"] == pytest.approx(0.5)
    assert products.loc["A", "unserved_share"] == pytest.approx(0.0)
    assert products.loc["B", "rerouted_share"] == pytest.approx(1.0)
    assert products.loc["B", "unserved_share"] == pytest.approx(1.0)
    assert products.loc["B", "quality"] == 0.0  # an unserved share scores nothing
    assert products.loc["B", "external_token_share"] == 0.0
    assert products.loc["B", "chain_down_probability"] == 1.0  # no model left to fail over to
    kinds = {(f.product, f.kind) for f in results.flags_for(2026)}
    assert {("A", "rerouted"), ("B", "rerouted"), ("B", "unserved")} <= kinds
    assert ("A", "unserved") not in kinds
    assert ("B", "under_floor") not in kinds  # no token of B is on a model under its floor


def test_cost_per_million_tokens_total_in_house_and_partner(tiny):
    """docs/model.md#F-cost-per-token"""
    row = core.evaluate(tiny()).by_year.loc[2026]
    # 3e12 tokens in all; 0.5e12 of them (A's half) served in-house.
    total = TINY_FLEET_2026 + TINY_PARTNER_2026  # $37,876,000
    assert row.cost_per_m_tokens_usd == pytest.approx(total / 3e6, rel=REL)  # $12.63
    assert row.in_house_cost_per_m_tokens_usd == pytest.approx(26_876_000 / 0.5e6, rel=REL)
    assert row.partner_cost_per_m_tokens_usd == pytest.approx(11e6 / 2.5e6, rel=REL)  # $4.40


def test_external_share_per_product_and_token_weighted(tiny):
    """docs/model.md#F-external-share"""
    results = core.evaluate(tiny())
    products = results.products.xs(2027, level="year")
    assert products.loc["A", "external_token_share"] == pytest.approx(0.5)
    assert products.loc["B", "external_token_share"] == pytest.approx(1.0)
    # 2027: A has 2e12 tokens (half external), B 2e12 (all external).
    assert results.kpi("external_token_share", 2027) == pytest.approx(
        (2e12 * 0.5 + 2e12 * 1.0) / 4e12, rel=REL
    )


def test_partner_hhi_counts_outside_providers_shares_of_all_tokens(tiny):
    """docs/model.md#F-hhi with two partner providers: their shares of all tokens, squared."""
    ext2 = {
        "kind": "partner",
        "name": "Ext2",
        "provider": "P2",
        "price_in_per_m": 2.0,
        "price_out_per_m": 10.0,
        "quality": {"a": 90, "b": 90},
    }
    scenario = tiny({"models[2]": ext2, "products[1].routing": {"Ext": 0.5, "Ext2": 0.5}})
    results = core.evaluate(scenario)
    row = results.by_year.loc[2026]
    # Of 3e12 tokens, P1 (Ext) serves A's 0.5e12 and B's 1e12, P2 (Ext2) B's 1e12.
    assert row.partner_hhi == pytest.approx((100 * 1.5 / 3) ** 2 + (100 * 1 / 3) ** 2, rel=REL)
    assert row.partner_hhi == pytest.approx(10_000 * row.risk_concentration, rel=REL)
    # Spend is the provider HHI's: P1 A 0.5e12 x $6/M + B 1e12 x $4/M = $7 M, P2 $4 M.
    total = 26_876_000 + 11e6
    provider = (100 * 26_876_000 / total) ** 2 + (100 * 7e6 / total) ** 2 + (100 * 4e6 / total) ** 2
    assert row.provider_hhi == pytest.approx(provider, rel=REL)
    assert row.effective_providers == pytest.approx(10_000 / provider, rel=REL)
    tokens = results.providers.xs(2026, level="year")
    assert tokens.tokens.tolist() == pytest.approx([0.5e12, 1.5e12, 1e12, 0.0], rel=REL)
    assert tokens.token_share.sum() == pytest.approx(1.0, rel=REL)


def test_partner_hhi_ignores_idle_gpus_and_prices(tiny):
    """docs/model.md#F-hhi: buying GPUs that sit idle, or a partner's price, moves no token."""
    base = core.evaluate(tiny()).yearly.partner_hhi
    for changes in ({"fleet.scale": 10.0}, {"levers.price_shock": 3.0}):
        assert core.evaluate(tiny(changes)).yearly.partner_hhi == pytest.approx(base, rel=REL)


def test_price_shock_exposure_is_half_the_partner_spend(tiny):
    """docs/model.md#F-risk-terms (price-shock exposure and its term)."""
    row = core.evaluate(tiny()).by_year.loc[2026]
    assert row.price_shock_exposure_usd == pytest.approx(0.5 * 11e6, rel=REL)
    # The term: the outside bill over a fixed reference, every token at its product's
    # cheapest partner: A 1e12 x $6/M + B 2e12 x (0.75 x $2 + 0.25 x $10)/M = $14M.
    assert row.risk_price_shock == pytest.approx(11e6 / 14e6, rel=REL)
    assert row.risk_concentration == pytest.approx((2.5 / 3) ** 2, rel=REL)  # P1's token share


def test_year_flags_shortfall_and_concentration(tiny):
    """docs/model.md#F-flags (shortfall, concentrated)."""
    short = tiny({"products[0].tokens_per_year": 1e14, "products[0].routing": {"Own": 1.0}})
    flags = core.evaluate(short).flags_for(2026)
    demand = 1e14 / (1000 * 3600)  # 27.8 M GPU-hours against 7.884 M of capacity
    shortfall = [f for f in flags if f.kind == "shortfall"]
    assert (
        [f.message for f in shortfall]
        == [
            f"2026: demand is {demand / 7_884_000:.0%} of fleet capacity; "
            f"cloud burst buys {(demand - 7_884_000) / 1e6:,.1f} M REF-hours"  # the reference GPU's hours: burst's price unit
        ]
    )
    assert "352%" in shortfall[0].message
    assert "19.9 M REF-hours" in shortfall[0].message
    # The tiny default: P1 serves 2.5e12 of 3e12 tokens (83%), HHI 6,944, concentrated;
    # half of B on Own: 1.5e12 (50%), HHI 2,500, still; all of B on Own: 17%, HHI 278, not.
    dependent = [f for f in core.evaluate(tiny()).flags_for(2026) if f.kind == "concentrated"]
    assert [f.message for f in dependent] == [
        "2026: the tokens served outside (83% of all) are highly concentrated: P1 serves "
        "100% of them (partner HHI 6,944, above 1,800; 2023 Merger Guidelines)"
    ]
    half = core.evaluate(tiny({"products[1].routing": {"Own": 0.5, "Ext": 0.5}}))
    assert half.yearly.partner_hhi[0] == pytest.approx(2_500.0, rel=REL)
    assert [f.year for f in half.flags if f.kind == "concentrated"] == [2026, 2027]
    own = tiny({"products[1].routing": {"Own": 1.0}})
    assert not [f for f in core.evaluate(own).flags if f.kind == "concentrated"]


def test_training_run_wall_clock_with_availability():
    """docs/model.md#F-training-run"""
    run = core.training_run(1e9, 1e12, "H100", 100, 0.5, availability=0.8)
    flops = 6 * 1e9 * 1e12
    assert run.flops == pytest.approx(flops, rel=REL)
    assert run.gpu_hours == pytest.approx(flops / (989e12 * 0.5 * 3600), rel=REL)
    assert run.wall_clock_days == pytest.approx(
        flops / (100 * 989e12 * 0.5 * 0.8) / 86_400, rel=REL
    )


def test_monte_carlo_percentiles_by_hand(tiny):
    """docs/model.md#F-montecarlo"""
    from core.analysis.montecarlo import MonteCarlo, Range, monte_carlo

    # Percentiles interpolate linearly: of 1, 2, ..., 11, P10 is 2, P50 6 and P90 10.
    values = np.arange(1.0, 12.0)[:, None]
    result = MonteCarlo([2026], 11, 0, values, values, values[:, 0])
    table = result.percentiles("total_cost_usd")
    assert table.loc[2026].tolist() == pytest.approx([2.0, 6.0, 10.0])
    assert list(result.pv_cost_percentiles().values()) == pytest.approx([2.0, 6.0, 10.0])
    # Degenerate ranges draw one value: every draw, and so every percentile, is that case.
    ranges = [
        Range("price_shock", "Partner prices", "triangular", 2.0, 2.0, 2.0),
        Range("capex_per_gpu_usd", "Capex per GPU", "lognormal", 0.0, 90_000.0, 0.0),
    ]
    result = monte_carlo(tiny({"fleet.scale": 3.0}), draws=7, seed=1, ranges=ranges)
    cost = result.percentiles("total_cost_usd")
    # 2026: 1,000 GPUs (the ramp starts at the baseline), partner spend doubled by the shock.
    assert cost.loc[2026].tolist() == pytest.approx([TINY_FLEET_2026 + 2 * 11e6] * 3, rel=REL)
    # 2027: 2,000 GPUs added at $90,000: amortization (60 M + 180 M) / 3, power
    # 3,000 kW x 8,760 h x $0.1, opex 0.1 x $240 M; partner (3 + 4) M x 2.
    expected = 240e6 / 3 + 3000 * 8760 * 0.1 + 0.1 * 240e6 + 7e6 * 2
    assert cost.loc[2027].tolist() == pytest.approx([expected] * 3, rel=REL)


def test_tornado_by_hand(tiny):
    """docs/model.md#F-tornado"""
    from core.analysis.sensitivity import tornado

    table = tornado(tiny(), 2026, move=0.2).set_index("label")
    # Sorted by the present cost's swing over the horizon (2026-2027, cost of capital 0).
    assert list(table.index[:3]) == ["Cluster scale", "Partner prices", "Opex share of capex"]
    prices = table.loc["Partner prices"]
    assert [prices.low_value, prices.high_value] == pytest.approx([0.8, 1.2])
    assert [prices.cost_low_usd, prices.cost_high_usd] == pytest.approx([-2.2e6, 2.2e6], rel=REL)
    assert prices.pv_cost_high_usd == pytest.approx(0.2 * (11e6 + 7e6), rel=REL)  # both years
    # Risk: no term moves; the price-shock term's fixed reference (every token at its
    # cheapest partner) rises with the bill (docs/model.md#F-risk-terms).
    assert prices.risk_high == 0.0
    opex = table.loc["Opex share of capex"]
    assert [opex.cost_low_usd, opex.cost_high_usd] == pytest.approx([-1.2e6, 1.2e6], rel=REL)
    electricity = table.loc["Electricity price"]
    assert electricity.cost_high_usd == pytest.approx(0.2 * 876_000, rel=REL)
    pue = table.loc["PUE"]  # 0.8 is clamped to PUE 1.0: no change below
    assert [pue.low_value, pue.cost_low_usd] == [1.0, 0.0]
    assert pue.cost_high_usd == pytest.approx(0.2 * 876_000, rel=REL)
    # 2026 is the ramp's first year and the baseline cohort is priced at catalog capex; but
    # scale 1.2 adds 200 GPUs in 2027 at $20,000 amortization + $876 power + $6,000 opex.
    assert table.loc["Cluster scale", "cost_high_usd"] == 0.0
    scale_pv = 200 * (20_000 + 876 + 6_000)
    assert table.loc["Cluster scale", "pv_cost_high_usd"] == pytest.approx(scale_pv, rel=REL)
    assert table.loc["Capex per GPU", "size"] == 0.0
