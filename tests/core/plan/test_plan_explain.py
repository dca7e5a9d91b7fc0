"""Why this plan (issue 25, item 5; docs/model.md#F-plan-explain), worked by hand on tiny.

Tiny, REF only, no cost of capital: a GPU bought in 2026 costs $53,752 over both years
and gives 2 x 7,884 reference hours; one bought in 2027 $26,876 for 7,884 hours: $3.409
an hour either way. Own serves 1,000 tokens a second on REF (3.6e6 an hour, busy hour
as average), so a million in-house tokens take 1e6 / 3.6e6 hours: $0.947 on a GPU,
$1.389 as burst at $5 an hour.
"""

from types import SimpleNamespace

import numpy as np
import pytest

import core
from core.plan.explain import BURST, explain_plan, mix_notes
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


def _mix_case(shares_2027: list[float], hours_2027: list[float]):
    """Two in-house models, small (1 hour a token in 2026) and big (10); one product.

    2026 routes everything to small; 2027 as given, at the hours given.
    """
    structure = SimpleNamespace(years=np.array([2026, 2027]), model_names=("small", "big"),
                                in_house=np.array([True, True]))  # fmt: skip
    data = SimpleNamespace(structure=structure, tokens=np.full((1, 2, 1), 1e9),
                           hours=np.array([[[1.0, 10.0]], [hours_2027]]))  # fmt: skip
    shares = np.array([[[[1.0, 0.0]], [shares_2027]]])  # (W, T, P, M)
    return SimpleNamespace(data=data, shares=shares)


def test_a_larger_model_taking_the_in_house_tokens_is_said_with_its_share():
    """Half on big in 2027: (0.5 x 1 + 0.5 x 10) / 1 = 5.5x the GPU time per token."""
    [note] = mix_notes(_mix_case([0.5, 0.5], [1.0, 10.0]))
    assert note == (
        "In 2027 the models served in house take 5.5x the GPU time per token of 2026's: "
        "big serves 50% of in-house tokens (0% in 2026), and every generation's cost per "
        "token rises with it"
    )


def test_a_faster_stack_is_not_taken_for_a_change_of_models():
    assert mix_notes(_mix_case([1.0, 0.0], [0.5, 5.0])) == []  # same mix, half the hours


def test_a_mix_change_is_said_from_one_and_a_half_times():
    assert len(mix_notes(_mix_case([0.8, 0.2], [1.0, 10.0]))) == 1  # 2.8x
    assert mix_notes(_mix_case([0.95, 0.05], [1.0, 10.0])) == []  # 1.45x


def test_a_move_to_a_smaller_model_is_said_as_less():
    case = _mix_case([0.0, 1.0], [1.0, 10.0])
    case.shares[0, 0] = [[0.0, 1.0]]  # 2026 all on big, 2027 all on small
    case.shares[0, 1] = [[1.0, 0.0]]
    [note] = mix_notes(case)
    assert note.startswith("In 2027 the models served in house take 10.0x less GPU time per "
                           "token than 2026's: small serves 100% of in-house tokens (0% in 2026)")  # fmt: skip
    assert note.endswith("falls with it")


def test_a_year_that_serves_no_token_is_named_with_its_reason(tiny):
    """With no token anywhere the plan printed "GB200 $0.419 (cheapest)" per million served
    tokens: a price of none. The years are named, and a note says what the figures hold."""
    scenario = _tiny(tiny)
    nothing = with_changes(scenario, {f"products[{p}].tokens_per_year": 0.0
                                      for p in range(len(scenario.products))})  # fmt: skip
    reasons = explain_plan(recommend_plan(nothing, generations=("REF",)), changes=False)
    assert reasons.unserved_years == (2026, 2027)
    assert reasons.notes[0].startswith("No token is served in 2026-2027: ")
    assert all(
        isinstance(v, float) for row in reasons.generation_costs.values() for v in row.values()
    )
    served = explain_plan(recommend_plan(scenario, generations=("REF",)), changes=False)
    assert served.unserved_years == ()
    assert not any(note.startswith("No token is served") for note in served.notes)


def test_the_window_and_the_deck_price_no_token_in_a_year_that_serves_none(tiny):
    """The plan window and the deck read "GB200 is cheapest at $0.419" in such years too."""
    from core.formats.argument import _cheapest
    from gui.dialogs.plan.summary import reason_lines

    scenario = _tiny(tiny)
    nothing = with_changes(scenario, {f"products[{p}].tokens_per_year": 0.0
                                      for p in range(len(scenario.products))})  # fmt: skip
    reasons = explain_plan(recommend_plan(nothing, generations=("REF",)), changes=False)
    lines = reason_lines(reasons, "the cheapest plan", {})
    assert (
        lines[1] == "2026: no token is served, so no GPU is priced per million tokens; none bought"
    )
    assert _cheapest(reasons) == []
