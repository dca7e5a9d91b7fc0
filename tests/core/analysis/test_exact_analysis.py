"""Exact numbers and messages of the analysis tools: compare, training runs, Monte Carlo,
the tornado, result tables and flags, batches and the kernel's edge cases.

Hand calculations use the tiny scenario of conftest (round numbers): in 2026 the fleet
costs $26.876 M (amortization 20 M, power 0.876 M, opex 6 M) and the partner Ext is
paid $11 M (A: 0.5e12 tokens at $6/M, B: 2e12 at $4/M); in 2027 Ext's prices halve.
"""

import json
import math

import numpy as np
import pytest
from parts import CHEAP

import core
from core.analysis.compare import compare, format_kpi
from core.analysis.montecarlo import (
    PARAMETERS,
    Range,
    draw_inputs,
    iter_monte_carlo,
    monte_carlo,
)
from core.analysis.sensitivity import tornado
from core.engine.compiled import compile_scenario
from core.engine.evaluate import evaluate_batch
from core.engine.kernel import run
from core.engine.training import training_run
from core.scenario.schema import GpuSpec

REL = 1e-12
FLEET_2026 = 20e6 + 876_000 + 6e6  # amortization + power + opex of the tiny fleet


def _message(call, *args, **kwargs) -> str:
    with pytest.raises(core.ScenarioError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


# --- compare -------------------------------------------------------------------------------


def test_compare_refuses_scenarios_without_a_common_year(tiny):
    later = tiny(
        {
            "name": "Later",
            "horizon.start_year": 2030,
            "horizon.end_year": 2031,
            "fleet.target_year": 2030,
        }
    )
    assert _message(compare, [tiny(), later]) == "horizon: the scenarios share no year"


def test_compare_default_year_is_the_first_scenarios_target_or_the_last_shared(tiny):
    early = tiny({"name": "Early", "fleet.target_year": 2026})
    # The reference's target year (2027) wins over the other scenario's (2026).
    assert compare([tiny(), early]).year == 2027
    assert compare([early, tiny()]).year == 2026
    # A reference ramping to 2030, beyond the shared years: the last shared year.
    far = tiny({"name": "Far", "fleet.target_year": 2030})
    assert compare([far, tiny()]).year == 2027


def test_compare_table_axes_are_named(tiny):
    table = compare([tiny(), tiny({"name": "Big", "fleet.scale": 2.0})]).table
    assert table.index.name == "kpi"
    assert list(table.columns.names) == ["scenario", "measure"]
    assert table.loc["gpus", ("Big", "value")] == 2000.0


@pytest.mark.parametrize(
    ("kpi", "value", "signed", "text"),
    [
        ("total_cost_usd", 1.5e16, False, "$15,000,000.00B"),
        ("utilization", 1.0, True, "+100 pts"),
        ("capacity_gpu_hours", 1e12, False, "1,000,000M"),
    ],
)
def test_large_figures_keep_their_exact_units(kpi, value, signed, text):
    assert format_kpi(kpi, value, signed) == text


def test_format_kpi_is_unsigned_by_default():
    assert format_kpi("gpus", 5.0) == "5"
    assert format_kpi("total_cost_usd", 3e9) == "$3.00B"


# --- training runs -------------------------------------------------------------------------


def test_training_run_on_a_gpu_spec_outside_the_catalog():
    spec = GpuSpec(
        name="X9",
        peak_tflops=500.0,
        memory_bandwidth_tb_s=2.0,
        tdp_w=400.0,
        memory_gb=40.0,
        capex_usd=10_000.0,
        cloud_usd_per_gpu_hour=1.0,
    )
    result = training_run(1e9, 1e12, spec, 10, 0.5)
    # 6e21 FLOPs at 500 TFLOP/s x 0.5 = 2.5e14 FLOP/s: 2.4e7 s = 6,666.67 GPU-hours.
    assert result.flops == 6e21
    assert result.gpu_hours == pytest.approx(6e21 / 2.5e14 / 3600, rel=1e-14)
    assert result.wall_clock_days == pytest.approx(6e21 / 2.5e15 / 86_400, rel=1e-14)
    # The same GPU found by name in a given catalog (not the default one).
    by_name = training_run(1e9, 1e12, "x9", 10, 0.5, catalog=[spec])
    assert by_name == result


def test_training_run_exact_gpu_hours_on_the_reference_catalog():
    # H100: 989 TFLOP/s; at MFU 0.5: 494.5e12 FLOP/s.
    result = training_run(1e9, 1e12, "H100", 1, 0.5)
    assert result.gpu_hours == pytest.approx(6e21 / 494.5e12 / 3600, rel=1e-14)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2e14, 1e12, 10, 0.5, 1.0), "active_params: 2e+14 is outside (0, 1e+14]"),
        (
            (1e14 * (1 + 1e-15), 1e12, 10, 0.5, 1.0),
            "active_params: 100000000000000.11 is outside (0, 1e+14]",
        ),
        ((1e9, 0.0, 10, 0.5, 1.0), "tokens: 0 is outside (0, 1e+17]"),
        ((1e9, 2e17, 10, 0.5, 1.0), "tokens: 2e+17 is outside (0, 1e+17]"),
        ((1e9, 1e12, 10_000_001, 0.5, 1.0), "gpus: 10000001.0 is outside (0, 1e+07]"),
        ((1e9, 1e12, 0, 0.5, 1.0), "gpus: 0 is outside (0, 1e+07]"),
        ((1e9, 1e12, 10, 0.0, 1.0), "mfu: 0 is outside (0, 1]"),
        ((1e9, 1e12, 10, 0.5, 1.5), "availability: 1.5 is outside (0, 1]"),
    ],
)
def test_training_run_names_the_argument_out_of_range(args, message):
    params, tokens, gpus, mfu, availability = args
    with pytest.raises(ValueError, match=r"^\w+: ") as caught:
        training_run(params, tokens, "H100", gpus, mfu, availability)
    assert str(caught.value).startswith(f"{message} (")  # then why, in words


def test_training_run_accepts_its_bounds():
    """The scenario schema's ranges, both ends closed: a parameter, a token and a GPU at
    least (1e-320 of each made the run's days inf; a model a million parameters), 1e14, 1e17 and 1e7 at most."""
    assert training_run(1e6, 1, "H100", 1, 0.01, 0.01).flops == 6e6
    assert training_run(1e14, 1e17, "H100", 10_000_000, 1.0, 1.0).flops == 6e31


# --- Monte Carlo ---------------------------------------------------------------------------


def _in_house_only(tiny):
    return tiny(
        {
            "models": [tiny().models[0].model_dump(mode="json")],
            "products[0].routing": {"Own": 1.0},
            "products[0].fallback": ["Own"],
            "products[1].routing": {"Own": 1.0},
            "provider_availability": {"In-house": 0.99},
        }
    )


def _partners_only(tiny):
    return tiny(
        {
            "models": [tiny().models[1].model_dump(mode="json")],
            "products[0].routing": {"Ext": 1.0},
            "products[0].fallback": [],
            "products[1].fallback": [],
        }
    )


def test_default_ranges_without_partners_or_in_house_models(tiny):
    ranges = {r.field: r for r in core.analysis.montecarlo.default_ranges(_in_house_only(tiny))}
    change, availability = ranges["annual_price_change"], ranges["provider_availability"]
    assert (change.low, change.mode, change.high) == (-0.5, -0.3, 0.0)
    assert (availability.low, availability.mode, availability.high) == (0.995, 0.998, 0.9999)
    mfu = {r.field: r for r in core.analysis.montecarlo.default_ranges(_partners_only(tiny))}[
        "mfu_train"
    ]
    assert (mfu.low, mfu.mode, mfu.high) == (0.3, 0.4, 0.5)


def test_monte_carlo_defaults_and_percentile_table(tiny):
    result = monte_carlo(tiny())
    assert (result.draws, result.seed) == (10_000, 0)
    assert result.total_cost_usd.shape == (10_000, 2)
    table = result.percentiles("risk_index")
    assert table.index.name == "year"
    assert list(table.index) == [2026, 2027]
    assert list(table.columns) == ["p10", "p50", "p90"]
    steps = iter_monte_carlo(tiny())
    fractions = []
    while True:
        try:
            fractions.append(next(steps))
        except StopIteration as done:
            direct = done.value
            break
    assert fractions == [0.2, 0.4, 0.6, 0.8, 1.0]
    # A last, partial chunk reports exactly 1.0.
    assert list(iter_monte_carlo(tiny(), draws=3_000)) == [2_000 / 3_000, 1.0]
    assert (direct.draws, direct.seed) == (10_000, 0)
    np.testing.assert_array_equal(direct.total_cost_usd, result.total_cost_usd)


def test_monte_carlo_draw_bounds(tiny, monkeypatch):
    assert monte_carlo(tiny(), draws=1).total_cost_usd.shape == (1, 2)
    assert _message(monte_carlo, tiny(), draws=0) == "draws: 0 must be between 1 and 1,000,000"
    assert (
        _message(monte_carlo, tiny(), draws=1_000_001)
        == "draws: 1000001 must be between 1 and 1,000,000"
    )
    monkeypatch.setattr(core.analysis.montecarlo, "MAX_DRAWS", 3)
    assert monte_carlo(tiny(), draws=3).draws == 3  # the maximum itself is allowed
    assert _message(monte_carlo, tiny(), draws=4) == "draws: 4 must be between 1 and 3"


@pytest.mark.parametrize(
    ("r", "message"),
    [
        (
            Range("demand_growth_multiplier", "Demand growth", "triangular", 2.0, 1.0, 3.0),
            "Demand growth: needs low <= mode <= high, got 2, 1, 3",
        ),
        (
            Range("demand_growth_multiplier", "Demand growth", "triangular", 1.0, math.nan, 3.0),
            "Demand growth: needs low <= mode <= high, got 1, nan, 3",
        ),
        (
            Range("capex_per_gpu_usd", "Capex per GPU", "lognormal", 0.0, 0.0, 0.15),
            "Capex per GPU: needs a median > 0 and a sigma in 0-3, got 0, 0.15",
        ),
        (
            Range("capex_per_gpu_usd", "Capex per GPU", "lognormal", 0.0, -1.0, 0.15),
            "Capex per GPU: needs a median > 0 and a sigma in 0-3, got -1, 0.15",
        ),
        (
            Range("capex_per_gpu_usd", "Capex per GPU", "lognormal", 0.0, 5e4, 3.5),
            "Capex per GPU: needs a median > 0 and a sigma in 0-3, got 50000, 3.5",
        ),
        (
            Range("pue", "PUE", "uniform", 1.0, 1.1, 1.2),
            "PUE: unknown distribution 'uniform' (triangular or lognormal)",
        ),
    ],
)
def test_bad_ranges_are_named_with_their_numbers(tiny, r, message):
    assert _message(monte_carlo, tiny(), draws=2, ranges=[r]) == message


def test_lognormal_bounds_are_inclusive(tiny):
    for field, median, sigma in (
        ("demand_growth_multiplier", 0.5, 0.15),
        ("capex_per_gpu_usd", 5e4, 3.0),
        ("capex_per_gpu_usd", 5e4, 0.0),
        ("capex_per_gpu_usd", 1.0, 0.1),  # a median exactly at the input's lower limit
    ):
        r = Range(field, "Range", "lognormal", 0.0, median, sigma)
        assert monte_carlo(tiny(), draws=2, ranges=[r]).draws == 2


def test_a_shared_draw_uses_one_number_per_draw_whatever_the_model_count(tiny):
    """Adding a partner model does not reshuffle the draws of the ranges after it."""
    ranges = [
        Range(
            "annual_price_change",
            "Partner price change / yr",
            "triangular",
            -0.5,
            -0.3,
            0.0,
            "partner",
        ),
        Range("demand_growth_multiplier", "Demand growth", "triangular", 0.6, 1.0, 1.5),
    ]
    one = tiny()
    two = tiny({"models[2]": CHEAP})
    drawn = []
    for scenario in (one, two):
        structure, inputs = compile_scenario(scenario)
        drawn.append(draw_inputs(structure, inputs, ranges, 50, np.random.default_rng(3)))
    np.testing.assert_array_equal(
        drawn[0].demand_growth_multiplier, drawn[1].demand_growth_multiplier
    )
    np.testing.assert_array_equal(
        drawn[0].annual_price_change[:, 1], drawn[1].annual_price_change[:, 1]
    )
    # Both partners share the one draw; the in-house model keeps its value.
    np.testing.assert_array_equal(
        drawn[1].annual_price_change[:, 1], drawn[1].annual_price_change[:, 2]
    )
    assert (drawn[1].annual_price_change[:, 0] == 0.0).all()


def test_a_shared_per_model_draw_is_drawn_like_a_single_input(tiny):
    """A range shared by every partner takes the same numbers as a one-input range would."""
    demand = Range("demand_growth_multiplier", "Demand growth", "triangular", 0.6, 1.0, 1.5)
    shared = Range("annual_price_change", "Change", "triangular", -0.5, -0.3, 0.0, "partner")
    single = Range("price_shock", "Shock", "triangular", -0.5, -0.3, 0.0)
    structure, inputs = compile_scenario(tiny({"models[2]": CHEAP}))
    a = draw_inputs(structure, inputs, [shared, demand], 40, np.random.default_rng(5))
    b = draw_inputs(structure, inputs, [single, demand], 40, np.random.default_rng(5))
    np.testing.assert_array_equal(a.annual_price_change[:, 1], b.price_shock)
    np.testing.assert_array_equal(a.demand_growth_multiplier, b.demand_growth_multiplier)


def test_monte_carlo_reports_progress_after_each_chunk(tiny):
    seen: list[float] = []

    def progress(fraction: float) -> bool:
        seen.append(fraction)
        return len(seen) <= 5  # a stuck run is cancelled instead of looping forever

    result = monte_carlo(tiny(), draws=3_000, progress=progress)
    assert seen == [2_000 / 3_000, 1.0]
    assert result.total_cost_usd.shape == (3_000, 2)


def test_lognormal_draws_spread_around_the_median_in_the_seeded_direction(tiny):
    """A seed's draws are reproducible: median x exp(sigma x z), z the generator's normals."""
    structure, inputs = compile_scenario(tiny())
    r = Range("capex_per_gpu_usd", "Capex per GPU", "lognormal", 0.0, 50_000.0, 0.5)
    drawn = draw_inputs(structure, inputs, [r], 4, np.random.default_rng(11))
    z = np.random.default_rng(11).standard_normal(4)
    np.testing.assert_allclose(drawn.capex_per_gpu_usd, 50_000.0 * np.exp(0.5 * z), rtol=1e-12)


# --- tornado -------------------------------------------------------------------------------


def test_tornado_refuses_bad_moves_and_years(tiny):
    for move in (0.0, 1.0, 1.5, -0.2):
        assert (
            _message(tornado, tiny(), 2026, move=move)
            == f"move: {move} must be between 0 and 1 (e.g. 0.2 for +/-20%)"
        )
    assert _message(tornado, tiny(), 2030) == "year: 2030 is outside the horizon 2026-2027"


def test_tornado_by_hand_in_a_ramp_year(tiny):
    """Scale 2, year 2027: 2,000 GPUs; fleet $53.752 M, partner $7 M, total $60.752 M."""
    table = tornado(tiny({"fleet.scale": 2.0}), 2027, move=0.2)
    assert list(table.index) == list(range(len(table)))  # ranked 0, 1, 2, ...
    rows = table.set_index("label")
    scale = rows.loc["Cluster scale"]
    assert [scale.low_value, scale.high_value] == pytest.approx([1.6, 2.4], rel=REL)
    # Scale 1.6: 600 GPUs added at $60,000: amortization 32 M, power 1.4016 M, opex 9.6 M.
    # Scale 2.4: 1,400 added: amortization 48 M, power 2.1024 M, opex 14.4 M.
    assert scale.cost_low_usd == pytest.approx(43_001_600 - 53_752_000, rel=1e-9)
    assert scale.cost_high_usd == pytest.approx(64_502_400 - 53_752_000, rel=1e-9)
    prices = rows.loc["Partner prices"]
    assert [prices.cost_low_usd, prices.cost_high_usd] == pytest.approx([-1.4e6, 1.4e6], rel=1e-9)
    # No risk term moves: the price-shock term is the outside bill over every token at its
    # cheapest partner, and both move by the same 20% (docs/model.md#F-risk-terms).
    assert (prices.risk_low, prices.risk_high) == (0.0, 0.0)
    assert list(table.columns) == [
        "label",
        "low_value",
        "high_value",
        "pv_cost_low_usd",
        "pv_cost_high_usd",
        "risk_low",
        "risk_high",
        "cost_low_usd",
        "cost_high_usd",
        "size",
    ]


def test_the_tornado_swings_the_present_cost_over_the_horizon_by_hand(tiny):
    """Partner prices -/+20% at a 10% cost of capital: Ext's $11 M (2026) and $7 M (2027).

    Partners are paid in their year, so the present cost moves by 20% of 11 M + 7 M / 1.1;
    the risk index (2027, points) moves as in the year's own tornado, in its own unit.
    """
    scenario = tiny({"fleet.cost_of_capital": 0.1})
    table = tornado(scenario, 2027, move=0.2)
    prices = table.set_index("label").loc["Partner prices"]
    swing = 0.2 * (11e6 + 7e6 / 1.1)
    assert [prices.pv_cost_low_usd, prices.pv_cost_high_usd] == pytest.approx(
        [-swing, swing], rel=1e-9
    )
    assert [prices.cost_low_usd, prices.cost_high_usd] == pytest.approx([-1.4e6, 1.4e6], rel=1e-9)
    assert prices.risk_low == 0.0  # the price-shock term reads a fixed reference
    assert prices["size"] == pytest.approx(swing, rel=1e-9)
    assert list(table["size"]) == sorted(table["size"], reverse=True)
    # Cost of capital 0: the present cost is the plain sum of the two years' cash.
    flat = tornado(tiny(), 2027, move=0.2).set_index("label").loc["Partner prices"]
    assert flat.pv_cost_high_usd == pytest.approx(0.2 * (11e6 + 7e6), rel=1e-9)


def test_monte_carlo_gives_the_present_cost_percentiles_by_hand(tiny):
    """One range, partner prices triangular(0.8, 1, 1.2): the present cost is linear in it.

    PV = PV(1) + (shock - 1) x (11 M + 7 M / 1.1), so its percentiles are the drawn
    shocks' under the same map; P10 of the triangle is 0.8 + sqrt(0.1 x 0.4 x 0.2).
    """
    scenario = tiny({"fleet.cost_of_capital": 0.1})
    shock = Range("price_shock", "Partner prices", "triangular", 0.8, 1.0, 1.2)
    result = monte_carlo(scenario, 4_000, seed=3, ranges=[shock])
    structure, inputs = compile_scenario(scenario)
    drawn = draw_inputs(structure, inputs, [shock], 4_000, np.random.default_rng(3)).price_shock
    own, partner_pv = core.evaluate(scenario).pv_cost_usd, 11e6 + 7e6 / 1.1
    expected = own + (np.percentile(drawn, [10, 50, 90]) - 1) * partner_pv
    present = result.pv_cost_percentiles()
    assert list(present) == ["p10", "p50", "p90"]
    assert list(present.values()) == pytest.approx(list(expected), rel=1e-9)
    p10 = own + (0.8 + math.sqrt(0.1 * 0.4 * 0.2) - 1) * partner_pv
    assert present["p10"] == pytest.approx(p10, rel=2e-3)
    assert present["p50"] == pytest.approx(own, rel=2e-3)  # a symmetric triangle's median: 1
    assert result.pv_cost_usd.shape == (4_000,)


def test_each_distribution_names_its_own_parameters():
    """A lognormal's numbers are a median and a sigma, not a mode and a high."""
    assert PARAMETERS == {
        "triangular": (("low", "low"), ("mode", "mode"), ("high", "high")),
        "lognormal": (("median", "mode"), ("sigma", "high")),
    }


def test_montecarlo_and_tornado_json_carry_the_present_cost(capsys):
    from cli.main import main

    assert main(["montecarlo", "--draws", "300", "--seed", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    present = monte_carlo(core.default_scenario(), 300, 2).pv_cost_percentiles()
    assert [out[f"pv_cost_usd_{p}"] for p in ("p10", "p50", "p90")] == pytest.approx(
        list(present.values()), rel=1e-12
    )
    assert out["pv_cost_usd_p10"] < out["pv_cost_usd_p50"] < out["pv_cost_usd_p90"]
    assert {"total_cost_usd", "risk_index", "draws", "seed", "years"} <= set(out)  # kept
    assert main(["tornado", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)["inputs"][0]
    assert {"pv_cost_low_usd", "pv_cost_high_usd", "cost_low_usd", "risk_low"} <= set(row)
    assert main(["tornado"]) == 0
    text = capsys.readouterr().out
    assert "change in present cost over 2026-2031 and in the risk index in" in text
    assert "B /" in text
    assert " points" in text


# --- results: tables and flags -------------------------------------------------------------


def test_per_product_and_effective_routing_tables(tiny):
    results = core.evaluate(tiny())
    assert results.per_product("tokens", 2027).tolist() == [2e12, 2e12]
    assert results.per_product("partner_spend_usd", 2026).tolist() == pytest.approx(
        [3e6, 8e6], rel=REL
    )
    routing = results.effective_routing(2026)
    assert routing.index.name == "product"
    assert routing.columns.name == "model"
    assert routing.loc["A", "Own"] == 0.5


def test_tiny_flags_only_its_concentration(tiny):
    results = core.evaluate(tiny({"levers.price_shock": 3.0}))
    assert [(f.year, f.kind) for f in results.flags] == [
        (2026, "concentrated"),
        (2027, "concentrated"),
    ]
    # One partner (P1) serves 2.5e12 of the 3e12 tokens, whatever it charges: partner HHI
    # 83.3^2 = 6,944 (docs/model.md#F-hhi).
    assert results.flags[0].message == (
        "2026: the tokens served outside (83% of all) are highly concentrated: P1 serves 100% "
        "of them (partner HHI 6,944, above 1,800; 2023 Merger Guidelines)"
    )


def test_quality_exactly_at_the_floor_is_not_flagged(tiny):
    at_floor = tiny({"products[0].routing": {"Own": 1.0}, "products[0].quality_floor": 80.0})
    assert core.evaluate(at_floor).per_product("quality", 2026)[0] == 80.0
    assert not [f for f in core.evaluate(at_floor).flags if f.kind == "under_floor"]
    # A floor a rounding residue (1e-9) above the quality is not flagged either.
    residue = tiny({"products[0].routing": {"Own": 1.0}, "products[0].quality_floor": 80.000000001})
    assert not [f for f in core.evaluate(residue).flags if f.kind == "under_floor"]
    # Under a point below the floor is flagged (quality 80 vs floor 80.9).
    under = tiny({"products[0].routing": {"Own": 1.0}, "products[0].quality_floor": 80.9})
    messages = [f.message for f in core.evaluate(under).flags if f.kind == "under_floor"]
    assert messages == [
        "A: 100% of traffic on Own, quality 80.0 under its floor 80.9, in 2026",
        "A: 100% of traffic on Own, quality 80.0 under its floor 80.9, in 2027",
    ]


def test_a_rounding_residue_of_rerouted_traffic_is_not_flagged(tiny):
    scenario = tiny(
        {"models[0].available_from": 2027, "products[1].routing": {"Own": 1e-9, "Ext": 1 - 1e-9}}
    )
    results = core.evaluate(scenario)
    assert results.per_product("rerouted_share", 2026).tolist() == [0.5, 1e-9]
    rerouted = [(f.product, f.message) for f in results.flags if f.kind == "rerouted"]
    assert rerouted == [
        ("A", "A: 50% of traffic goes to models not serving in 2026 and falls back")
    ]


def test_half_a_gpu_hour_of_shortfall_is_flagged(tiny):
    # Own serves 1,000 tokens/s per GPU; capacity 7,884,000 GPU-hours; demand 7,884,000.5.
    scenario = tiny(
        {"products[0].routing": {"Own": 1.0}, "products[0].tokens_per_year": 7_884_000.5 * 3.6e6}
    )
    results = core.evaluate(scenario)
    assert results.kpi("shortfall_gpu_hours", 2026) == pytest.approx(0.5, rel=1e-6)
    assert [f.message for f in results.flags_for(2026) if f.kind == "shortfall"] == [
        "2026: demand is 100.00001% of fleet capacity; cloud burst buys under 1 REF-hour"
    ]  # past 100, as bought: "100%" read as a fleet just full


def test_shortfall_under_a_million_is_said_in_thousands(tiny):
    # 50,000.02 GPU-hours over capacity: "0.1 M" hid its size, "0.0 M" read as none.
    scenario = tiny(
        {
            "products[0].routing": {"Own": 1.0},
            "products[0].tokens_per_year": 7_934_000.02 * 3.6e6,
        }
    )
    flags = core.evaluate(scenario).flags_for(2026)
    assert [f.message for f in flags if f.kind == "shortfall"] == [
        "2026: demand is 101% of fleet capacity; cloud burst buys 50k REF-hours"
    ]


def _partner(name: str, provider: str) -> dict:
    return {
        "kind": "partner",
        "name": name,
        "provider": provider,
        "price_in_per_m": 1.0,
        "price_out_per_m": 1.0,
        "annual_price_change": 0.0,
        "quality": {"a": 90, "b": 90},
    }


def test_hhi_exactly_at_the_threshold_is_not_concentrated(tiny):
    # Token shares 30% P0, 20% P1 and 10% each P2-P6, none in-house: HHI 900 + 400 +
    # 5 x 100 = 1,800, not above the threshold; what the GPUs cost is no part of it.
    products = [
        {
            "name": f"X{i}",
            "task": "a",
            "tokens_per_year": tokens,
            "growth": 0.0,
            "prompt_tokens": 1000.0,
            "output_tokens": 1000.0,
            "peak_to_average": 1.0,
            "quality_floor": 0.0,
            "routing": {f"E{i}": 1.0},
            "fallback": [],
        }
        for i, tokens in enumerate([3e13, 2e13, 1e13, 1e13, 1e13, 1e13, 1e13])
    ]
    scenario = tiny(
        {
            "models": [tiny().models[0].model_dump(mode="json")]
            + [_partner(f"E{i}", f"P{i}") for i in range(7)],
            "products": products,
            "fleet.baseline_gpus": 1500,
        }
    )
    results = core.evaluate(scenario)
    assert results.series("partner_hhi").tolist() == pytest.approx([1800.0, 1800.0], rel=1e-12)
    assert results.flags == ()


# --- batches -------------------------------------------------------------------------------


def test_evaluate_batch_mixes_full_and_single_rows_across_chunks(tiny):
    structure, inputs = compile_scenario(tiny())
    scale = np.ones(2_001)
    scale[-1] = 2.0  # the last draw, alone in the second chunk
    batch = evaluate_batch(structure, inputs.with_values(scale=scale))
    assert batch.structure is structure
    assert batch.total_cost_usd.shape == (2_001, 2)
    assert batch.total_cost_usd[0].tolist() == pytest.approx([FLEET_2026 + 11e6, 26_876_000 + 7e6])
    # Scale 2 in 2027: 2,000 GPUs, fleet $53.752 M, partner $7 M.
    assert batch.total_cost_usd[-1].tolist() == pytest.approx([FLEET_2026 + 11e6, 60_752_000])


def test_evaluate_batch_external_share_and_utilization(tiny):
    scenario = tiny({"models[2]": CHEAP, "products[1].routing": {"Ext": 0.5, "Cheap": 0.5}})
    structure, inputs = compile_scenario(scenario)
    batch = evaluate_batch(structure, inputs)
    # A: half of 1e12 tokens external; B: all of 2e12.
    assert batch.external_token_share[0, 0] == pytest.approx(2.5 / 3, rel=REL)
    # Partner spend 2026: A 0.5e12 x $6/M + B 1e12 x $4/M + 1e12 x $1/M.
    assert batch.partner_spend_usd[0, 0] == pytest.approx(3e6 + 4e6 + 1e6, rel=REL)
    assert batch.utilization[0, 0] == pytest.approx(0.5e12 / 3.6e6 / 7_884_000, rel=REL)


def test_integer_inputs_are_read_as_floats(tiny):
    """A catalog price with cents survives integer GPU counts given to `with_values`."""
    scenario = tiny({"gpu_catalog[0].capex_usd": 60_000.75})
    structure, inputs = compile_scenario(scenario)
    batch = evaluate_batch(structure, inputs.with_values(baseline_gpus=np.array([1000, 2000])))
    # 1,000 GPUs: amortization 20,000,250, power 876,000, opex 6,000,075; partner 11 M.
    # 2,000 GPUs: amortization 40,000,500, power 1,752,000, opex 12,000,150.
    assert batch.total_cost_usd[:, 0].tolist() == pytest.approx(
        [26_876_325 + 11e6, 53_752_650 + 11e6], rel=REL
    )
    outputs = run(structure, inputs.with_values(baseline_gpus=[1000]))
    assert outputs.fleet.capital_charge_usd[0, 0] == pytest.approx(20_000_250, rel=REL)


# --- kernel and compiled structure: edge cases by hand --------------------------------------


def test_training_hours_only_in_the_training_year(tiny):
    scenario = tiny(
        {
            "models[0].train_year": 2026,
            "models[0].train_tokens": 1e12,
            "models[0].available_from": 2026,
            "models[0].mfu_train": 0.5,
        }
    )
    models = core.evaluate(scenario).models.loc["Own"]
    # 6 x 1e10 x 1e12 = 6e22 FLOPs at 1,000 TFLOP/s x 0.5: 33,333.3 reference GPU-hours.
    assert models.loc[2026, "training_gpu_hours"] == pytest.approx(6e22 / 1.8e18, rel=1e-14)
    assert models.loc[2027, "training_gpu_hours"] == 0.0


def test_a_cohort_past_its_life_without_refresh_costs_power_and_opex_only(tiny):
    scenario = tiny({"horizon.end_year": 2028, "fleet.capex_per_gpu_usd": 90_000.0})
    results = core.evaluate(scenario)
    # The baseline cohort (installed 2025, life 3) is paid off in 2028 and never re-bought:
    # opex stays 10% of the $60 M it cost.
    assert results.kpi("capital_charge_usd", 2028) == 0.0
    assert results.kpi("opex_usd", 2028) == pytest.approx(6e6, rel=REL)
    assert results.kpi("fleet_cost_usd", 2028) == pytest.approx(6_876_000, rel=REL)
    outputs = run(*compile_scenario(scenario))
    assert outputs.fleet.installed_capex_usd[0].tolist() == [60e6, 60e6, 60e6]


def test_routing_within_the_tolerance_is_normalized(tiny):
    scenario = tiny({"products[0].routing": {"Own": 0.5, "Ext": 0.5005}})
    routing = core.evaluate(scenario).effective_routing(2026)
    assert routing.loc["A"].tolist() == pytest.approx([0.5 / 1.0005, 0.5005 / 1.0005], rel=REL)


def test_a_one_gpu_fleet_runs_at_the_reference_speed(tiny):
    results = core.evaluate(tiny({"fleet.baseline_gpus": 1}))
    assert results.series("serving_speed_factor").tolist() == [1.0, 1.0]
    assert results.series("training_speed_factor").tolist() == [1.0, 1.0]


def test_less_than_one_gpu_hour_of_inference_still_carries_the_fleet_cost(tiny):
    results = core.evaluate(tiny({"products[0].tokens_per_year": 1e6}))
    # A's 0.5e6 tokens on Own take 0.14 GPU-hours: A carries the whole fleet cost.
    costs = results.per_product("cost_usd", 2026)
    assert costs.tolist() == pytest.approx([FLEET_2026 + 3.0, 8e6], rel=REL)
    assert costs.sum() == pytest.approx(results.kpi("total_cost_usd", 2026), rel=REL)


def test_risk_terms_with_less_than_one_token(tiny):
    scenario = tiny({"products[0].tokens_per_year": 0.5, "products[1].tokens_per_year": 0.25})
    results = core.evaluate(scenario)
    # A: 0.5 tokens, half external; B: 0.25 tokens, all external.
    assert results.kpi("risk_external_share", 2026) == pytest.approx(2 / 3, rel=REL)


def test_outage_term_by_hand(tiny):
    """docs/model.md#F-risk-terms: outside downtime only, over 8.76 h a year."""
    results = core.evaluate(tiny({"provider_availability": {"In-house": 0.999, "P1": 0.9995}}))
    # Outside: A half on P1, 0.5 x 0.0005 x 8,760 = 2.19 h, 0.25 of 8.76 h; B all on P1,
    # 4.38 h, 0.5; the fleet's own downtime is not dependency. Token-weighted: 1.25 / 3.
    assert results.kpi("risk_outage", 2026) == pytest.approx(1.25 / 3, rel=1e-9)
    # Degraded hours count every provider: A (0.5 x 0.001 + 0.5 x 0.0005) x 8,760 = 6.57 h.
    assert results.kpi("degraded_hours", 2026) == pytest.approx((6.57 + 2 * 4.38) / 3, rel=1e-9)
    # Both chains hold In-house and P1: down together 0.1% x 0.05% of the time.
    outage = results.product_arrays.outage_hours[0]
    assert outage.tolist() == pytest.approx([0.001 * 0.0005 * 8760] * 2, rel=1e-9)


def test_sub_dollar_spend_still_counts_for_concentration_and_price_shock(tiny):
    # 2028: the fleet is paid off, power and opex cost nothing; A's 4e5 tokens at
    # $6/M x 0.25 (two halvings) cost $0.60, all with one partner.
    scenario = tiny(
        {
            "horizon.end_year": 2028,
            "fleet.electricity_usd_per_kwh": 0.0,
            "fleet.opex_fraction": 0.0,
            "products[0].tokens_per_year": 1e5,
            "products[0].routing": {"Ext": 1.0},
            "products[1].tokens_per_year": 0.0,
        }
    )
    results = core.evaluate(scenario)
    assert results.kpi("total_cost_usd", 2028) == pytest.approx(0.6, rel=1e-9)
    assert results.kpi("partner_hhi", 2028) == pytest.approx(10_000, rel=REL)
    assert results.kpi("provider_hhi", 2028) == pytest.approx(10_000, rel=REL)
    # The whole bill is at the cheapest partner's price: the reference itself.
    assert results.kpi("risk_price_shock", 2028) == pytest.approx(1.0, rel=REL)


def test_a_year_without_any_spend_has_no_price_shock(tiny):
    scenario = tiny(
        {
            "horizon.end_year": 2028,
            "fleet.electricity_usd_per_kwh": 0.0,
            "fleet.opex_fraction": 0.0,
            "products[0].tokens_per_year": 0.0,
            "products[1].tokens_per_year": 0.0,
        }
    )
    results = core.evaluate(scenario)
    assert results.kpi("total_cost_usd", 2028) == 0.0
    assert results.kpi("risk_price_shock", 2028) == 0.0
    assert results.kpi("provider_hhi", 2028) == 0.0


def test_cost_per_million_tokens_from_one_token_up(tiny):
    results = core.evaluate(tiny({"products[1].tokens_per_year": 1.0}))
    # B: one token at $4/M costs $0.000004, i.e. $4 per million; under one token: n/a.
    assert results.per_product("cost_per_m_tokens_usd", 2026)[1] == pytest.approx(4.0, rel=REL)
    small = core.evaluate(tiny({"products[1].tokens_per_year": 0.5}))
    assert math.isnan(small.per_product("cost_per_m_tokens_usd", 2026)[1])
    half = core.evaluate(tiny({"products[1].tokens_per_year": 1.5}))
    assert half.per_product("cost_per_m_tokens_usd", 2026)[1] == pytest.approx(4.0, rel=REL)


def test_per_token_prices_on_an_in_house_model_count_as_in_house_spend(tiny):
    """A transfer price on Own (as Ext's) adds to the in-house provider's spend."""
    structure, inputs = compile_scenario(tiny())
    priced = inputs.with_values(price_in_per_m=[[2.0, 2.0]], price_out_per_m=[[10.0, 10.0]])
    batch = evaluate_batch(structure, priced)
    # 2026: Own's 0.5e12 tokens of A at $6/M: $3 M more; in-house 29.876 M, P1 11 M.
    assert batch.partner_spend_usd[0, 0] == pytest.approx(14e6, rel=REL)
    hhi = (100 * 29.876 / 40.876) ** 2 + (100 * 11 / 40.876) ** 2
    assert batch.provider_hhi[0, 0] == pytest.approx(hhi, rel=1e-9)


def test_with_no_partner_the_price_shock_reference_is_the_work_bought_as_burst(tiny):
    """docs/model.md#F-risk-terms: with no partner serving, the only outside price is the
    burst's, so the reference is every in-house hour bought as burst and the term is the
    share bought. It read 1.0 for any burst at all (a reference of 0), a step."""
    structure, inputs = compile_scenario(
        tiny({"models[1].enabled": False, "products[0].tokens_per_year": 1e14})
    )
    outputs = run(structure, inputs)
    # 2026: 28,333,333 hours of inference, 20,449,333 of them above the fleet.
    assert outputs.shortfall_gpu_hours[0, 0] == pytest.approx(20_449_333.33, rel=1e-8)
    assert outputs.risk_terms[0, 0, 3] == pytest.approx(20_449_333.33 / 28_333_333.33, rel=1e-8)
    # A $3.6M burst, 8% of the work, is 8% of the reference, not the whole of it.
    light = {"models[1].enabled": False, "products[0].tokens_per_year": 2.9e13}
    small = run(*compile_scenario(tiny(light | {"products[0].growth": 0.0})))
    assert small.cloud_burst_usd[0, 0] == pytest.approx(3_635_555.56, rel=1e-8)
    assert small.risk_terms[0, 0, 3] == pytest.approx(0.0844387, rel=1e-5)


def test_price_shock_term_ignores_the_fleets_cost(tiny):
    """Inputs outside the scenario's ranges (here a negative power price, as a Monte Carlo
    range may draw) can net the fleet's cost near zero; the term reads a fixed reference
    (docs/model.md#F-risk-terms), so it stays the outside bill over it: $11M / $14M."""
    structure, inputs = compile_scenario(tiny())
    outputs = run(structure, inputs.with_values(electricity_usd_per_kwh=[-4.0]))
    # 2026: fleet 26 M - 35.04 M of power, partner 11 M: total 1.96 M.
    assert outputs.total_cost_usd[0, 0] == pytest.approx(1.96e6, rel=1e-9)
    assert outputs.risk_terms[0, 0, 3] == pytest.approx(11 / 14, rel=1e-9)
