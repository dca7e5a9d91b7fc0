"""Why this plan (issue 25, item 5; docs/model.md#F-plan-explain), worked by hand on tiny.

Tiny, REF only, no cost of capital: a GPU bought in 2026 costs $53,752 over both years
and gives 2 x 7,884 reference hours; one bought in 2027 $26,876 for 7,884 hours: $3.409
an hour either way. Own serves 1,000 tokens a second on REF (3.6e6 an hour, busy hour
as average), so a million in-house tokens take 1e6 / 3.6e6 hours: $0.947 on a GPU,
$1.389 as burst at $5 an hour.
"""

import pytest

import core
from core.plan.explain import BURST, explain_plan
from core.plan.solve import Limits, recommend_plan
from core.scenario.edits import with_changes

HOURS_PER_MILLION = 1e6 / 3.6e6


def _tiny(tiny):
    return tiny({"products[0].tokens_per_year": 3e13, "products[1].tokens_per_year": 6e13})


def test_cost_per_million_tokens_by_generation_and_year(tiny):
    plan = recommend_plan(_tiny(tiny), generations=("REF",))
    costs = explain_plan(plan, changes=False).generation_costs
    for year in (2026, 2027):
        assert costs[year]["REF"] == pytest.approx(53_752 / (2 * 7884) * HOURS_PER_MILLION)
        assert costs[year][BURST] == pytest.approx(5.0 * HOURS_PER_MILLION)


def test_a_faster_serving_stack_lowers_the_in_house_cost_per_token(tiny):
    """x2 from 2027 (docs/model.md#F-software-drift): half the hours, half the price."""
    faster = with_changes(_tiny(tiny), {"software_factor": [{"year": 2027, "factor": 2.0}]})
    costs = explain_plan(recommend_plan(faster, generations=("REF",)), changes=False)
    per_m = costs.generation_costs
    assert per_m[2026]["REF"] == pytest.approx(53_752 / (2 * 7884) * HOURS_PER_MILLION)
    assert per_m[2027]["REF"] == pytest.approx(per_m[2026]["REF"] / 2.0)
    assert per_m[2027][BURST] == pytest.approx(5.0 * HOURS_PER_MILLION / 2.0)


def test_the_power_caps_price_and_why_the_build_stops(tiny):
    """2.5 MW holds 250 more GPUs: 57 carry 2026's in-house work, 193 are bought in 2027
    (1,057 would pay there). A MW more is 500 GPUs more in 2027, each saving 7,884 h x $5
    - $26,876 = $12,544: $6.3M."""
    plan = recommend_plan(_tiny(tiny), limits=Limits(power_cap_mw=2.5), generations=("REF",))
    reasons = explain_plan(plan)
    saved = 500 * (7884 * 5.0 - 26_876)  # 6,272,000
    assert reasons.limits[0] == (
        f"1 MW more site power (now 2.5 MW) would save ${saved / 1e6:,.1f}M over the horizon (2027)"
    )
    assert reasons.notes == ["B's quality floor 85 keeps it off Own (60) (2026-2027)"]
    assert all(" would " in line for line in reasons.changes)


def test_a_route_under_its_floor_gets_no_share_and_the_plan_says_so(tiny):
    """B at floor 85 from Own (60) and Ext (90): 1/6 on Own would average 85 and save
    ($4 - $1.389) per million tokens moved, yet Own scores under the floor, so its tokens
    would break B's promise (docs/model.md#F-plan): the plan keeps B off Own entirely."""
    plan = recommend_plan(_tiny(tiny), generations=("REF",))
    for year in (2026, 2027):
        assert plan.routing[year]["B"] == {"Ext": pytest.approx(1.0)}
    assert core.evaluate(plan.scenario).yearly.under_floor_token_share.tolist() == [0.0, 0.0]
    reasons = explain_plan(plan, False)
    assert reasons.notes == ["B's quality floor 85 keeps it off Own (60) (2026-2027)"]
    assert not [line for line in reasons.limits if "quality floor" in line]


def test_a_model_serving_in_its_training_year_is_flagged_and_waits(tiny):
    """Own trained in 2026 and set to serve from 2026: the plan routes to it from 2027."""
    scenario = with_changes(_tiny(tiny), {"models[0].train_year": 2026,
                                          "models[0].train_tokens": 1e9,
                                          "models[0].available_from": 2026})  # fmt: skip
    plan = recommend_plan(scenario, generations=("REF",))
    assert all("Own" not in row for row in plan.routing[2026].values())
    assert "Own is trained in 2026 but set to serve from 2026: it serves from 2027" in (
        explain_plan(plan, False).notes
    )
    assert core.evaluate(plan.scenario).outputs.pv_cost_usd[0] == pytest.approx(
        plan.lp_pv_cost_usd, rel=1e-9
    )
