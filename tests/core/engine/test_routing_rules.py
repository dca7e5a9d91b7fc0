"""Routing edge cases, Monte Carlo draws and derived unit figures, each worked by hand.

The tiny scenario (conftest.py): Own is in-house (quality a 80, b 60; 1,000 tokens/s);
Ext is a partner of P1 ($2 in / $10 out per M; quality 90). Product A (task a, floor 70)
routes Own 0.5 / Ext 0.5 with fallback [Ext, Own]; B (task b, floor 85) routes Ext 1.0
with fallback [Own].
"""

import numpy as np
import pytest
from parts import EXT2, FAST

import core
from core.analysis.montecarlo import Range, draw_inputs
from core.engine.compiled import compile_scenario
from core.engine.training import training_run
from core.numbers import apart
from core.scenario.edits import rebalanced, with_changes


def shares(scenario: core.Scenario, year: int) -> dict[str, dict[str, float]]:
    table = core.evaluate(scenario).effective_routing(year)
    return {p: {m: v for m, v in row.items() if v > 0} for p, row in table.iterrows()}


def test_fallback_goes_to_the_first_serving_model_of_the_chain(tiny):
    # Own is switched off: A's 0.5 on Own goes to Ext2, the first of [Ext2, Ext] (not Ext).
    scenario = tiny(
        {
            "models[2]": EXT2,
            "models[0].enabled": False,
            "products[0].fallback": ["Ext2", "Ext"],
        }
    )
    assert shares(scenario, 2026)["A"] == pytest.approx({"Ext": 0.5, "Ext2": 0.5})


def test_fallback_skips_chain_models_that_do_not_serve(tiny):
    scenario = tiny(
        {
            "models[2]": EXT2 | {"enabled": False},
            "models[0].enabled": False,
            "products[0].fallback": ["Ext2", "Ext"],
        }
    )
    assert shares(scenario, 2026)["A"] == pytest.approx({"Ext": 1.0})


def test_a_model_exactly_at_the_floor_meets_it(tiny):
    # Fast scores exactly A's floor 70 and is 5x faster than Own: the shift picks Fast.
    scenario = tiny({"models[2]": FAST, "levers.in_house_shift": 1.0})
    assert shares(scenario, 2026)["A"] == pytest.approx({"Own": 0.5, "Fast": 0.5})
    results = core.evaluate(scenario)
    assert results.products.loc[("A", 2026), "quality"] == pytest.approx(0.5 * 80 + 0.5 * 70)
    assert not [f for f in results.flags_for(2026) if f.kind == "under_floor" and f.product == "A"]


def test_a_model_just_under_the_floor_is_not_preferred(tiny):
    scenario = tiny({"models[2]": FAST | {"quality": {"a": 69.9, "b": 40}}})
    shifted = tiny(
        {"models[2]": FAST | {"quality": {"a": 69.9, "b": 40}}, "levers.in_house_shift": 1.0}
    )
    assert shares(scenario, 2026)["A"] == pytest.approx({"Own": 0.5, "Ext": 0.5})
    assert shares(shifted, 2026)["A"] == pytest.approx({"Own": 1.0})


def test_a_route_just_under_its_floor_reads_as_under_it(tiny):
    # A on Own (80) against a floor of 80.4: not "80 is under its floor 80". Its mix
    # (0.5 x 80 + 0.5 x 90 = 85) meets the floor, yet half its tokens break the promise.
    results = core.evaluate(tiny({"products[0].quality_floor": 80.4}))
    flags = results.flags_for(2026)
    assert [f.message for f in flags if f.kind == "under_floor"] == [
        "A: 50% of traffic on Own, quality 80.0 under its floor 80.4, in 2026"
    ]
    assert results.per_product("quality_gap", 2026)[0] > 0  # the mean alone would hide it
    assert results.per_product("under_floor_share", 2026).tolist() == [0.5, 0.0]


@pytest.mark.parametrize(
    ("a", "b", "decimals", "expected"),
    [
        (80.0, 85.0, 0, ("80", "85")),
        (80.4, 80.5, 0, ("80.4", "80.5")),
        (0.998, 1.0, 2, ("0.998", "1.000")),
        (1.3, 1.0, 2, ("1.30", "1.00")),
        (2.0, 2.0, 0, ("2", "2")),
        (1.0, 1.0 + 1e-12, 0, ("1.000000", "1.000000")),
        (15000.0, 15001.0, 0, ("15,000", "15,001")),
    ],
)
def test_numbers_compared_in_a_sentence_show_their_difference(a, b, decimals, expected):
    assert apart(a, b, decimals) == expected


def test_below_every_floor_the_shift_takes_the_best_quality(tiny):
    # B's floor 85: Own scores 60, Fast 40. Neither meets it; the better (Own) gets the traffic.
    scenario = tiny({"models[2]": FAST, "levers.in_house_shift": 0.5})
    assert shares(scenario, 2026)["B"] == pytest.approx({"Ext": 0.5, "Own": 0.5})
    flags = [f for f in core.evaluate(scenario).flags_for(2026) if f.kind == "under_floor"]
    assert [f.message for f in flags] == [
        "B: 50% of traffic on Own, quality 60 under its floor 85, in 2026"
    ]


def test_the_shift_waits_until_an_in_house_model_serves(tiny):
    # Own serves from 2027: in 2026 nothing in-house serves, so nothing shifts and A's Own
    # share falls back to Ext; in 2027 half of the partner share moves to Own.
    scenario = tiny({"models[0].available_from": 2027, "levers.in_house_shift": 0.5})
    before, after = shares(scenario, 2026), shares(scenario, 2027)
    assert before["A"] == pytest.approx({"Ext": 1.0})
    assert before["B"] == pytest.approx({"Ext": 1.0})
    assert after["A"] == pytest.approx({"Own": 0.75, "Ext": 0.25})
    assert after["B"] == pytest.approx({"Own": 0.5, "Ext": 0.5})
    flags = core.evaluate(scenario).flags_for(2026)
    assert [f.message for f in flags if f.kind == "rerouted"] == [
        "A: 50% of traffic goes to models not serving in 2026 and falls back"
    ]


def test_traffic_with_no_serving_model_in_its_chain_is_unserved(tiny):
    scenario = tiny({"models[1].enabled": False, "products[1].fallback": []})
    results = core.evaluate(scenario)
    table = results.products.xs(2026, level="year")
    assert table.loc["B", "unserved_share"] == pytest.approx(1.0)
    assert table.loc["A", "unserved_share"] == 0.0  # A's chain ends in Own, which serves
    assert results.kpi("partner_spend_usd", 2026) == 0.0
    assert results.models.loc[("Own", 2026), "tokens"] == pytest.approx(1e12)
    unserved = [f.message for f in results.flags_for(2026) if f.kind == "unserved"]
    assert unserved == ["B: 100% of traffic has no serving model in its chain in 2026"]


def test_unit_costs_by_hand_with_cloud_burst(tiny):
    # 100 GPUs serve 100 x 8,760 x 0.9 GPU-hours; A sends 0.5e14 tokens to Own.
    scenario = tiny({"fleet.baseline_gpus": 100, "products[0].tokens_per_year": 1e14})
    row = core.evaluate(scenario).by_year.loc[2026]
    demand = 0.5e14 / (1000 * 3600)
    burst = (demand - 100 * 8760 * 0.9) * 5.0
    fleet = 100 * 60000 / 3 + 100 * 1000 * 2.0 * 0.5 / 1000 * 8760 * 0.1 + 0.1 * 100 * 60000
    partner = 0.5e14 * 6 / 1e6 + 2e12 * 4 / 1e6  # A: $6/M blended, B: $4/M
    assert row.cloud_burst_usd == pytest.approx(burst, rel=1e-9)
    assert row.in_house_cost_per_m_tokens_usd == pytest.approx((fleet + burst) / 0.5e8, rel=1e-9)
    assert row.partner_cost_per_m_tokens_usd == pytest.approx(partner / (0.5e8 + 2e6), rel=1e-9)
    assert row.cost_per_m_tokens_usd == pytest.approx(
        (fleet + burst + partner) / (1e8 + 2e6), rel=1e-9
    )


def test_partner_unit_cost_counts_only_the_tokens_partners_serve(tiny):
    # Ext is off: B's half on Ext has no fallback and is unserved; its half on Ext2 ($4/M)
    # is served. A's half on Ext falls back to Own. Partners serve 1e12 tokens for $4M.
    scenario = tiny(
        {
            "models[2]": EXT2,
            "models[1].enabled": False,
            "products[1].routing": {"Ext": 0.5, "Ext2": 0.5},
            "products[1].fallback": [],
        }
    )
    row = core.evaluate(scenario).by_year.loc[2026]
    assert row.partner_spend_usd == pytest.approx(2e12 * 0.5 * 4.0 / 1e6)
    assert row.partner_cost_per_m_tokens_usd == pytest.approx(4.0)


def test_a_vanishing_share_gives_no_unit_cost_and_no_overflow(tiny):
    # A shift of 5e-324 sends ~1e-311 tokens in-house: under one token, no unit cost.
    scenario = tiny({"products[0].routing": {"Ext": 1.0}, "levers.in_house_shift": 5e-324})
    row = core.evaluate(scenario).by_year.loc[2026]
    assert np.isnan(row.in_house_cost_per_m_tokens_usd)
    assert row.partner_cost_per_m_tokens_usd == pytest.approx((1e12 * 6 + 2e12 * 4) / 3e12)


def test_training_wall_clock_counts_availability():
    run = training_run(1e9, 1e12, "H100", gpus=100, mfu=0.5, availability=0.8)
    flops = 6 * 1e9 * 1e12
    assert run.flops == flops
    assert run.gpu_hours == pytest.approx(flops / (989e12 * 0.5 * 3600))
    assert run.wall_clock_days == pytest.approx(flops / (100 * 989e12 * 0.5 * 0.8) / 86_400)


def test_training_run_accepts_a_gpu_name_in_any_case_and_refuses_unknown():
    assert training_run(1e9, 1e12, "h100", 1, 0.4).gpu_hours == pytest.approx(
        training_run(1e9, 1e12, "H100", 1, 0.4).gpu_hours
    )
    with pytest.raises(ValueError, match="gpu: unknown GPU 'Z1' \\(catalog: H100, H200"):
        training_run(1e9, 1e12, "Z1", 1, 0.4)
    with pytest.raises(ValueError, match=r"availability: 0 is outside \(0, 1\]"):
        training_run(1e9, 1e12, "H100", 1, 0.4, availability=0.0)


def test_a_batch_gives_every_kpi_of_a_single_evaluation(tiny):
    scenario = tiny({"fleet.baseline_gpus": 50, "products[0].tokens_per_year": 1e14})
    structure, inputs = compile_scenario(scenario)
    batch = core.evaluate_batch(structure, inputs.with_values(scale=np.array([1.0, 2.0])))
    one = core.evaluate(scenario).by_year
    two = core.evaluate(
        tiny({"fleet.baseline_gpus": 50, "products[0].tokens_per_year": 1e14, "fleet.scale": 2.0})
    ).by_year
    for name in (
        "total_cost_usd",
        "risk_index",
        "utilization",
        "partner_spend_usd",
        "external_token_share",
        "provider_hhi",
    ):
        assert getattr(batch, name)[0] == pytest.approx(one[name].to_numpy(), rel=1e-12), name
        assert getattr(batch, name)[1] == pytest.approx(two[name].to_numpy(), rel=1e-12), name


def draws_of(scenario: core.Scenario, ranges: list[Range], draws: int = 4000):
    structure, inputs = compile_scenario(scenario)
    return draw_inputs(structure, inputs, ranges, draws, np.random.default_rng(7))


def test_a_model_range_moves_only_its_kind_of_model(tiny):
    scenario = tiny({"models[2]": EXT2})  # Own (in-house), Ext, Ext2 (partners)
    drawn = draws_of(scenario, [Range("mfu_train", "MFU", "triangular", 0.2, 0.3, 0.6, "in_house")])
    assert (drawn.mfu_train[:, 1:] == 1.0).all()  # partners keep their (unused) value
    assert drawn.mfu_train[:, 0].min() >= 0.2
    assert drawn.mfu_train[:, 0].max() <= 0.6
    price = Range("annual_price_change", "Change", "triangular", -0.6, -0.2, 0.1, "partner")
    drawn = draws_of(scenario, [price])
    assert (drawn.annual_price_change[:, 0] == 0.0).all()  # Own has no price to change
    assert (drawn.annual_price_change[:, 1] == drawn.annual_price_change[:, 2]).all()  # one draw


def test_a_per_provider_range_draws_each_partner_provider_independently(tiny):
    scenario = tiny({"models[2]": EXT2})
    r = Range(
        "provider_availability", "Availability", "triangular", 0.9, 0.95, 1.0, "partner", True
    )
    drawn = draws_of(scenario, [r]).provider_availability  # In-house, P1, P2, Cloud burst
    assert (drawn[:, 0] == 0.99).all()  # the owned fleet keeps its own availability
    assert (drawn[:, 3] == 0.999).all()  # and so does cloud burst (the documented default)
    assert abs(np.corrcoef(drawn[:, 1], drawn[:, 2])[0, 1]) < 0.05
    assert (drawn[:, 1] != drawn[:, 2]).mean() > 0.99


def test_drawn_distributions_have_the_stated_centre_and_spread(tiny):
    triangular = Range("demand_growth_multiplier", "Growth", "triangular", 0.5, 1.0, 3.0)
    lognormal = Range("capex_per_gpu_usd", "Capex", "lognormal", 0.0, 50_000.0, 0.2)
    drawn = draws_of(tiny(), [triangular, lognormal], draws=40_000)
    growth = drawn.demand_growth_multiplier
    assert growth.mean() == pytest.approx((0.5 + 1.0 + 3.0) / 3, rel=0.01)
    variance = (0.5**2 + 1**2 + 3**2 - 0.5 * 1 - 0.5 * 3 - 1 * 3) / 18
    assert growth.var() == pytest.approx(variance, rel=0.03)
    assert growth.min() >= 0.5
    assert growth.max() <= 3.0
    capex = drawn.capex_per_gpu_usd
    assert np.median(capex) == pytest.approx(50_000, rel=0.01)
    assert np.log(capex).std() == pytest.approx(0.2, rel=0.02)
    assert (drawn.scale == 1.0).all()  # a field with no range keeps its value


def test_a_range_of_zero_width_is_its_value(tiny):
    drawn = draws_of(tiny(), [Range("pue", "PUE", "triangular", 1.3, 1.3, 1.3)], draws=10)
    assert (drawn.pue == 1.3).all()


@pytest.mark.parametrize(
    ("shares", "model", "value", "allowed", "expected"),
    [
        # The others keep their proportions (Ext 0.6 : Cheap 0.2 = 3 : 1) in what is left.
        (
            {"Own": 0.2, "Ext": 0.6, "Cheap": 0.2},
            "Own",
            0.6,
            ["Own", "Ext", "Cheap"],
            {"Own": 0.6, "Ext": 0.3, "Cheap": 0.1},
        ),
        # The others had nothing: they share the rest equally.
        ({"Own": 1.0}, "Own", 0.4, ["Own", "Ext", "Cheap"], {"Own": 0.4, "Ext": 0.3, "Cheap": 0.3}),
        # No other allowed model: the edited one keeps the whole row.
        ({"Own": 1.0}, "Own", 0.4, ["Own"], {"Own": 1.0}),
        # Clamped to 0-1; a model at 0 is dropped from the row.
        ({"Own": 0.5, "Ext": 0.5}, "Own", 1.7, ["Own", "Ext"], {"Own": 1.0}),
        ({"Own": 0.5, "Ext": 0.5}, "Own", -0.2, ["Own", "Ext"], {"Ext": 1.0}),
        # A model outside `allowed` (a partner of an in-house-only product) is dropped.
        ({"Own": 0.5, "Ext": 0.5}, "Own", 0.5, ["Own", "Big"], {"Own": 0.5, "Big": 0.5}),
    ],
)
def test_a_routing_edit_rebalances_the_row(shares, model, value, allowed, expected):
    assert rebalanced(shares, model, value, allowed) == pytest.approx(expected)


def test_rebalancing_treats_a_trillionth_as_nothing():
    # Others summing to 1e-12 count as empty: the rest is shared equally, not scaled up.
    row = rebalanced({"Own": 0.5, "Ext": 1e-12}, "Own", 0.4, ["Own", "Ext", "Cheap"])
    assert row == pytest.approx({"Own": 0.4, "Ext": 0.3, "Cheap": 0.3})
    # A share of 1e-12 is dropped from the row.
    assert set(rebalanced({"Own": 0.5, "Ext": 0.5}, "Own", 1e-12, ["Own", "Ext"])) == {"Ext"}


def test_a_structural_edit_after_a_slider_move_is_never_served_from_the_last_structure(tiny):
    base = tiny({"fleet.scale": 3.0})
    core.evaluate(base)  # compiled and kept as the last structure
    moved = with_changes(base, {"fleet.scale": 2.0})
    assert compile_scenario(moved)[0] is compile_scenario(base)[0]  # same portfolio: reused
    for changes, column, expected in (
        ({"fleet.target_year": 2026}, "gpus", [2000.0, 2000.0]),  # a fleet field, by value
        ({"models[0].enabled": False}, "inference_gpu_hours", [0.0, 0.0]),  # a shared part
        ({"horizon.end_year": 2026, "fleet.target_year": 2026}, "gpus", [2000.0]),
    ):
        edited = with_changes(moved, changes)
        assert core.evaluate(edited).series(column) == pytest.approx(expected), changes


def test_the_kept_structure_cannot_be_changed_in_place(tiny):
    structure, _inputs = compile_scenario(tiny())
    with pytest.raises(ValueError, match="read-only"):
        structure.serving[0, 0] = False
