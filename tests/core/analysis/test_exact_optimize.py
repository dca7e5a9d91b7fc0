"""The optimizer and the frontier (core/analysis/optimize.py): exact messages, boundaries, hand solutions.

Built on the tiny scenario (conftest) for year 2026: the fleet costs F = $26.876 M; A (1e12
tokens, floor 70) runs on Own (quality 80) for free; B (2e12 tokens, output 25%, floor 85)
needs partners: Own scores 60 and Ext (provider P1) 90 at $4/M. CHEAP adds a partner of
provider P2 scoring 86 on b at $1/M.
"""

import pytest
from parts import CHEAP

import core
from core.analysis.optimize import frontier, iter_frontier, optimize

F = 1000 * 60000 / 3 + 876_000 + 0.1 * 1000 * 60000  # the tiny fleet's 2026 cost, $26.876 M
IN_HOUSE_A = {  # A may only run on the fleet, i.e. on Own
    "products[0].in_house_only": True,
    "products[0].fallback": ["Own"],
    "products[0].routing": {"Own": 1.0},
}


def trainee(train_tokens: float, **fields) -> dict:
    """An in-house model trained in 2026 with 6 x 1e12 x D FLOPs at 100% MFU (3.6e18 per hour),
    serving from 2027."""
    return {
        "kind": "in_house",
        "name": "Trainee",
        "active_params": 1e12,
        "total_params": 1e12,
        "train_tokens": train_tokens,
        "train_year": 2026,
        "available_from": 2027,
        "mfu_train": 1.0,
        "measured_tokens_per_gpu_s": 500.0,  # slower than Own: never worth routing to
        "quality": {"a": 0, "b": 0},
        **fields,
    }


def message(call) -> str:
    with pytest.raises(core.ScenarioError) as caught:
        call()
    return str(caught.value)


# --- arguments -------------------------------------------------------------------------------


def test_bad_arguments_are_named_with_their_reason(tiny):
    s = tiny()
    assert message(lambda: optimize(s, risk_weight=-1)) == "lambda: -1 must be a number >= 0"
    assert message(lambda: optimize(s, provider_cap=0.0)) == "provider_cap: 0.0 must be in (0, 1]"
    assert message(lambda: optimize(s, provider_cap=1.5)) == "provider_cap: 1.5 must be in (0, 1]"
    longer = tiny({"horizon.end_year": 2028})
    assert message(lambda: optimize(longer, year=2030)) == (
        "year: 2030 is outside the horizon 2026-2028"
    )
    assert message(lambda: frontier(s, points=1)) == "points: a frontier needs at least 2 points"


def test_a_cap_of_100_percent_is_allowed_and_changes_nothing(tiny):
    best = optimize(tiny(), year=2026, provider_cap=1.0)
    assert best.routing["B"] == pytest.approx({"Own": 1 / 6, "Ext": 5 / 6})
    assert best.binding == ["B: quality held at its floor 85 in 2026"]


# --- what cannot be met, in words -----------------------------------------------------------


def test_an_external_share_cap_below_the_safest_routing_names_that_cap(tiny):
    # The least external share is B's 5/6 of 2e12 out of 3e12 tokens: 5/9 = 55.6%.
    assert message(lambda: optimize(tiny(), year=2026, max_external_share=0.5)) == (
        "max_external_share: no routing keeps the external share at 50% or less"
    )
    assert optimize(tiny(), year=2026, max_external_share=0.56).external_share == pytest.approx(
        5 / 9, rel=1e-9
    )


def test_an_impossible_provider_cap_names_the_cap(tiny):
    # P1 <= c (F + P1) allows P1 <= c / (1 - c) x F: $6.30 M at 19%, below the $6.67 M needed.
    assert message(lambda: optimize(tiny(), year=2026, provider_cap=0.19)) == (
        "provider_cap: no routing keeps every partner at 19% of spend or less "
        "while meeting the quality floors and capacity"
    )


def test_too_small_a_fleet_is_blamed_on_the_fleet_even_with_a_provider_cap(tiny):
    # A may run only on Own: 1e12 tokens, but 10 GPUs serve 10 x 8,760 x 0.9 x 3.6e6 = 2.8e11.
    small = tiny({**IN_HOUSE_A, "fleet.baseline_gpus": 10, "horizon.end_year": 2028})
    expected = (
        "fleet.scale: the quality floors need more in-house capacity than the fleet has "
        "in 2026-2028: scale the cluster up or lower a floor"
    )
    assert message(lambda: optimize(small)) == expected
    assert message(lambda: optimize(small, provider_cap=0.5)) == expected  # not the cap's fault


def test_an_unreachable_floor_names_the_best_allowed_model(tiny):
    # In-house only, A can use Own (80) alone: Ext's 90 does not count.
    high = tiny({**IN_HOUSE_A, "products[0].quality_floor": 85})
    assert message(lambda: optimize(high, year=2026)) == (
        "products[0].quality_floor: A: no available model reaches quality floor 85 in 2026 "
        "(best: Own at 80)"
    )
    assert message(lambda: optimize(tiny({"products[1].quality_floor": 90.5}), year=2026)) == (
        "products[1].quality_floor: B: no available model reaches quality floor 90.5 in 2026 "
        "(best: Ext at 90.0)"
    )
    # A floor a hair above the best score still reads as above it.
    assert message(lambda: optimize(tiny({"products[1].quality_floor": 90.00001}), year=2026)) == (
        "products[1].quality_floor: B: no available model reaches quality floor 90.00001 in "
        "2026 (best: Ext at 90.00000)"
    )


def test_a_floor_equal_to_the_best_quality_is_reachable(tiny):
    best = optimize(tiny({"products[1].quality_floor": 90}), year=2026)
    assert best.routing == {"A": {"Own": 1.0}, "B": {"Ext": 1.0}}
    assert best.binding == ["B: quality held at its floor 90 in 2026"]
    # A floor above the best by a rounding error (1e-9) still counts as reached.
    rounding = optimize(tiny({"products[1].quality_floor": 90.000000001}), year=2026)
    assert rounding.routing == {"A": {"Own": 1.0}, "B": {"Ext": 1.0}}


def test_training_beyond_the_fleet_says_by_how_much(tiny):
    # Capacity 1,000 x 8,760 x 0.9 = 7.884 M GPU-hours; training 6 x 1e12 x D / 3.6e18 hours.
    # D = 7.4516064e14: 1,241.9344 M hours, 1,234.0504 M short (printed to 0.1 M).
    s = tiny({"models[2]": trainee(7.4516064e14)})
    assert message(lambda: optimize(s, year=2026)) == (
        "fleet.scale: 2026: training alone needs more GPU-hours than the fleet has "
        "(1,234.1 M GPU-hours short)"
    )


def test_training_that_exactly_fills_the_fleet_leaves_only_partners(tiny):
    # D = 4.7304e12: training takes exactly the 7.884 M GPU-hours, none are left to serve.
    full = optimize(tiny({"models[2]": trainee(4.7304e12)}), year=2026)
    served = core.evaluate(full.scenario).effective_routing(2026)  # Trainee falls back to Ext
    assert served.loc[:, "Ext"].tolist() == [1.0, 1.0]
    assert full.partner_spend_usd == pytest.approx(1e12 * 6e-6 + 2e12 * 4e-6, rel=1e-12)
    assert "2026: in-house capacity is full" in full.binding
    # 300,000 fewer tokens: half a GPU-hour left, 1.8e6 tokens of A on Own.
    almost = optimize(tiny({"models[2]": trainee(4.7303997e12)}), year=2026)
    served = core.evaluate(almost.scenario).effective_routing(2026).loc["A"]
    assert served[["Own", "Ext"]].tolist() == pytest.approx([1.8e-6, 1 - 1.8e-6], rel=1e-6)
    # Of 1.8e15 tokens, the same 1.8e6 are a share of 1e-9: too small to recommend.
    bigger_a = {"models[2]": trainee(4.7303997e12), "products[0].tokens_per_year": 1.8e15}
    assert set(optimize(tiny(bigger_a), year=2026).routing["A"]) <= {"Ext", "Trainee"}


def test_a_floor_a_rounding_error_beyond_reach_still_gives_shares_summing_to_1(tiny):
    # 100 GPUs serve 2.838e12 tokens: A (in-house only) takes 1e12, B at most c = 0.91912 of
    # its 2e12 on Own, now scoring 95. Its best quality is 95 c + 90 (1 - c); a floor 1e-8
    # above that is met within the solver's tolerance, and B's shares still add up to 1.
    c = (100 * 8760 * 0.9 * 3.6e6 - 1e12) / 2e12
    s = tiny(
        {
            **IN_HOUSE_A,
            "models[2]": CHEAP,
            "fleet.baseline_gpus": 100,
            "models[0].quality.b": 95.0,
            "products[1].quality_floor": 95 * c + 90 * (1 - c) + 1e-8,
        }
    )
    best = optimize(s, year=2026)
    assert best.routing["B"] == pytest.approx({"Own": c, "Ext": 1 - c}, rel=1e-7)
    assert sum(best.routing["B"].values()) == pytest.approx(1.0, abs=1e-14)


# --- the optimum by hand --------------------------------------------------------------------


def test_recommendation_figures_are_exact(tiny):
    best = optimize(tiny({"products[1].quality_floor": 90}), year=2026)  # B all on Ext
    assert best.partner_spend_usd == pytest.approx(2e12 * 4e-6, rel=1e-12)
    assert best.external_share == pytest.approx(2 / 3, rel=1e-12)
    assert best.total_cost_usd == pytest.approx(F + 8e6, rel=1e-9)
    check = core.evaluate(best.scenario)
    assert best.risk_index == pytest.approx(check.kpi("risk_index", 2026), rel=1e-12)
    # Over the horizon: 2027's A doubles (growth 100%) and Ext halves in price.
    whole = optimize(tiny({"products[1].quality_floor": 90}))
    assert whole.partner_spend_usd == pytest.approx(8e6 + 4e6, rel=1e-12)
    check = core.evaluate(whole.scenario)
    assert whole.risk_index == pytest.approx(
        (check.kpi("risk_index", 2026) + check.kpi("risk_index", 2027)) / 2, rel=1e-12
    )
    assert whole.total_cost_usd == pytest.approx(
        check.kpi("total_cost_usd", 2026) + check.kpi("total_cost_usd", 2027), rel=1e-12
    )


def test_a_model_not_yet_serving_counts_as_its_fallback(tiny):
    # Next arrives in 2027: a 2026 share on it is served by A's fallback Ext (B's: Own), so
    # it cannot make 2026 any cheaper than the plain tiny optimum.
    future = {
        "kind": "in_house",
        "name": "Next",
        "active_params": 1e10,
        "total_params": 1e10,
        "available_from": 2027,
        "measured_tokens_per_gpu_s": 1000,
        "quality": {"a": 99, "b": 99},
    }
    best = optimize(tiny({"models[2]": future}), year=2026)
    assert best.routing["A"] == {"Own": 1.0}
    assert best.partner_spend_usd == pytest.approx(2e12 * 5 / 6 * 4e-6, rel=1e-9)
    assert best.external_share == pytest.approx(5 / 9, rel=1e-9)


def test_a_faster_fleet_serves_and_trains_more_per_gpu_hour(tiny):
    # NEW GPUs have 2x the reference bandwidth and peak: 10 of them serve 2 x 1,000 tokens/s
    # each for 78,840 hours, less the Trainee's 6e21 / 3.6e18 / 2 = 833.3 hours of training.
    s = tiny(
        {
            "models[2]": CHEAP,
            "models[3]": trainee(1e12, active_params=1e9, total_params=1e9),
            "fleet.gpu": "NEW",
            "fleet.baseline_gpu": "NEW",
            "fleet.baseline_gpus": 10,
        }
    )
    best = optimize(s, year=2026)
    in_house = (10 * 8760 * 0.9 - 6e21 / 3.6e18 / 2) * 3600 * 2000
    served = 1e12 * best.routing["A"].get("Own", 0) + 2e12 * best.routing["B"].get("Own", 0)
    assert served == pytest.approx(in_house, rel=1e-9)
    assert best.partner_spend_usd == pytest.approx((3e12 - in_house) * 1e-6, rel=1e-9)
    assert "2026: in-house capacity is full" in best.binding


# A provider cap of 4% with Cheap and B's floor at 75: B needs 30 e + 26 h >= 15 from Ext (e)
# and Cheap (h), Own taking the rest. P1 = 8e6 e and P2 = 2e6 h; a cap binding on P_k means
# P_k = 0.04 (F + 8e6 e + 2e6 h).
CAPPED = {"models[2]": CHEAP, "products[1].quality_floor": 75}
E_CHEAP = (15 - 26 * 0.04 * F / 1.92e6) / (30 + 26 * 0.32 / 1.92)  # P2 at the cap
H_CHEAP = (15 - 30 * E_CHEAP) / 26
H_SAFE = (15 - 30 * 0.04 * F / 7.68e6) / (26 + 30 * 0.08 / 7.68)  # P1 at the cap
E_SAFE = (15 - 26 * H_SAFE) / 30


def test_a_binding_provider_cap_is_reported(tiny):
    best = optimize(tiny(CAPPED), year=2026, provider_cap=0.04)
    assert best.routing["B"] == pytest.approx(
        {"Own": 1 - E_CHEAP - H_CHEAP, "Ext": E_CHEAP, "Cheap": H_CHEAP}, rel=1e-9
    )
    assert best.binding == [
        "B: quality held at its floor 75 in 2026",
        "2026: P2 at the cap of 4% of spend",
    ]


def test_frontier_under_a_provider_cap_by_hand(tiny):
    points = frontier(tiny(CAPPED), points=3, year=2026, provider_cap=0.04)
    safest, middle, cheapest = points
    assert safest.routing["B"] == pytest.approx(
        {"Own": 1 - E_SAFE - H_SAFE, "Ext": E_SAFE, "Cheap": H_SAFE}, rel=1e-6
    )
    assert safest.binding == [
        "B: quality held at its floor 75 in 2026",
        "2026: P1 at the cap of 4% of spend",
    ]
    assert cheapest.routing["B"] == pytest.approx(
        {"Own": 1 - E_CHEAP - H_CHEAP, "Ext": E_CHEAP, "Cheap": H_CHEAP}, rel=1e-9
    )
    assert safest.external_share == pytest.approx(2 * (E_SAFE + H_SAFE) / 3, rel=1e-7)
    assert cheapest.external_share == pytest.approx(2 * (E_CHEAP + H_CHEAP) / 3, rel=1e-9)
    # Evenly spaced between the safest and the cheapest capped routings: the middle point
    # sits halfway in external share, under both caps.
    least = optimize(tiny(CAPPED), 1e6, 2026, provider_cap=0.04).external_share
    assert middle.external_share == pytest.approx((least + cheapest.external_share) / 2, abs=1e-12)
    assert middle.binding == ["B: quality held at its floor 75 in 2026"]


def test_frontier_progress_and_default_size(tiny):
    steps = iter_frontier(tiny(), 4, 2026)
    fractions = [next(steps) for _ in range(4)]
    with pytest.raises(StopIteration) as done:
        next(steps)
    assert fractions == [0.25, 0.5, 0.75, 1.0]
    assert len(done.value.value) == 4
    assert len(frontier(tiny(), year=2026)) == 20
    assert next(iter_frontier(tiny(), year=2026)) == 1 / 20  # 20 points by default, too
    assert len(frontier(tiny(), points=2, year=2026)) == 2


# --- which constraints bind -----------------------------------------------------------------


def test_binding_means_within_a_relative_tolerance_of_1e_7(tiny):
    # A runs on Own alone (in-house only), so its quality is Own's exactly.
    def binding(quality: float, floor: float) -> list[str]:
        s = tiny({**IN_HOUSE_A, "models[0].quality.a": quality, "products[0].quality_floor": floor})
        return [w for w in optimize(s, year=2026).binding if w.startswith("A:")]

    held = ["A: quality held at its floor 80 in 2026"]
    assert binding(80.000001, 80) == held  # 1e-6 above: within 1e-7 x 80
    assert binding(80.00001, 80) == []  # 1e-5 above: beyond it
    assert binding(1.00000015, 1) == []  # the tolerance is at least 1e-7, not 2e-7
    assert binding(1e-7, 0) == ["A: quality held at its floor 0 in 2026"]  # exactly at it


def test_the_frontiers_safest_end_is_the_least_external_share_even_at_extreme_prices(tiny):
    # B (1e19 tokens, floor 85) can mix Own (60) with Ext (90): at most 1/6 on Own, so 5/6
    # external; or with Cheap (86): 25/26 external. Ext at $10,000/M is so dear that a risk
    # weight of 1e6 on top of cost still prefers Cheap; the safest end must not.
    scenario = tiny(
        {
            "models[2]": CHEAP,
            "models[1].price_in_per_m": 1e4,
            "models[1].price_out_per_m": 1e4,
            "models[0].measured_tokens_per_gpu_s": 1e7,
            "fleet.baseline_gpus": 10_000_000,
            "products[1].tokens_per_year": 1e19,
        }
    )
    points = frontier(scenario, 3, 2026)
    b_share = 1e19 / (1e19 + 1e12)
    assert points[0].external_share == pytest.approx(5 / 6 * b_share, rel=1e-6)
    assert points[-1].external_share == pytest.approx(25 / 26 * b_share, rel=1e-6)
    safest_b = points[0].routing["B"]
    assert safest_b["Own"] == pytest.approx(1 / 6, rel=1e-6)
    assert safest_b["Ext"] == pytest.approx(5 / 6, rel=1e-6)  # (Cheap: at most a 1e-9 residue)


def test_a_recommendation_is_free_of_the_in_house_shift(tiny):
    """The shift lever moves traffic after routing; a recommended routing stands alone."""
    best = optimize(tiny({"levers.in_house_shift": 0.5}), year=2026)
    assert best.scenario.levers.in_house_shift == 0.0


def test_one_year_or_the_whole_horizon(tiny):
    # 10 GPUs: A (1e12 tokens, doubling) and B want the fleet. 2026 alone binds in 2026;
    # the whole horizon binds in both years, 2027 with twice A's tokens.
    small = tiny({"models[2]": CHEAP, "fleet.baseline_gpus": 10})
    one_year = optimize(small, year=2026)
    horizon = optimize(small)
    assert "2026: in-house capacity is full" in one_year.binding
    assert not any(line.startswith("2027") for line in one_year.binding)
    assert "2027: in-house capacity is full" in horizon.binding
    assert horizon.partner_spend_usd > one_year.partner_spend_usd


def test_the_frontiers_safest_end_respects_the_provider_cap(tiny):
    # Unconstrained, B's safest mix puts 5/6 on Ext (P1). Capping P1 at 15% of spend pushes
    # part of B onto Cheap (P2), which needs more external share to meet the floor.
    scenario = tiny({"models[2]": CHEAP})
    free = frontier(scenario, 2, 2026)[0]
    capped = frontier(scenario, 2, 2026, provider_cap=0.15)[0]
    assert capped.external_share > free.external_share + 0.01
    assert "2026: P1 at the cap of 15% of spend" in capped.binding
