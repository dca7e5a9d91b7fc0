"""Fill the fleet (docs/model.md#F-fill): traffic moves in-house, year by year, up to the target."""

import numpy as np
import pytest

import core
from core.analysis.fill import _solve, fill_fleet
from core.engine.evaluate import evaluate
from core.scenario.edits import with_changes

TARGET = 0.85


def _filled(scale: float) -> tuple[core.Scenario, core.Scenario, dict]:
    before = with_changes(core.default_scenario(), {"fleet.scale": scale})
    fill = fill_fleet(before, TARGET)
    return before, with_changes(before, fill.changes), fill.__dict__


@pytest.mark.parametrize("scale", [1.0, 4.0, 10.0])
def test_each_year_ends_at_the_target_or_where_nothing_more_can_move(scale):
    before, after, fill = _filled(scale)
    was, now = (np.asarray(evaluate(s).series("utilization")) for s in (before, after))
    for t, year in enumerate(before.horizon.years):
        moved = fill["moved_share"][year]
        assert now[t] == pytest.approx(fill["utilization"][year])
        if was[t] > TARGET:  # already over: nothing moves
            assert moved == 0.0
            assert now[t] == pytest.approx(was[t])
        elif moved < 1.0:  # stopped by the target, not by running out of traffic
            assert now[t] == pytest.approx(TARGET, abs=1e-3)
            assert now[t] <= TARGET + 1e-9
        else:
            assert now[t] <= TARGET + 1e-9


@pytest.mark.parametrize("scale", [1.0, 4.0, 10.0])
def test_filling_breaks_no_promise_and_moves_traffic_in_house(scale):
    before, after, fill = _filled(scale)
    was, now = evaluate(before), evaluate(after)
    for name in ("slo_breach_token_share", "external_token_share"):
        assert np.all(np.asarray(now.series(name)) <= np.asarray(was.series(name)) + 1e-9), name
    moved = [y for y, share in fill["moved_share"].items() if share > 0]
    assert moved, "at scale 4 and 10 some year has room"
    for year in moved:
        assert now.kpi("external_token_share", year) < was.kpi("external_token_share", year)
        flags = {(f.kind, f.product) for f in now.flags_for(year) if f.kind == "under_floor"}
        assert flags <= {(f.kind, f.product) for f in was.flags_for(year)}


def test_a_product_without_a_qualifying_model_keeps_its_routing_and_is_named():
    before, after, fill = _filled(10.0)
    assert "M365 Copilot PowerPoint" in fill["kept"]
    assert "quality floor 85" in fill["kept"]["M365 Copilot PowerPoint"]
    for year in before.horizon.years:
        assert (
            evaluate(after)
            .effective_routing(year)
            .loc["M365 Copilot PowerPoint"]
            .equals(evaluate(before).effective_routing(year).loc["M365 Copilot PowerPoint"])
        )


def test_a_fleet_with_nothing_to_take_moves_nothing():
    scenario = core.default_scenario()
    off = {
        f"models[{i}].enabled": False for i, m in enumerate(scenario.models) if m.kind == "in_house"
    }
    partner_only = {"products[5].in_house_only": False, "products[5].routing": {"GPT-5 class": 1.0}}
    scenario = with_changes(scenario, off | partner_only)
    fill = fill_fleet(scenario, TARGET)
    assert set(fill.moved_share.values()) == {0.0}
    assert fill.changes == {"routing_by_year": []}
    assert all("no partner traffic can move" in why for why in fill.reasons.values())


@pytest.mark.parametrize("target", [0.0, -1.0, 11.0, float("nan")])
def test_a_target_outside_zero_to_ten_is_refused_by_name(target):
    with pytest.raises(core.ScenarioError, match="target_utilization"):
        fill_fleet(core.default_scenario(), target)


def test_a_load_linear_in_the_share_is_solved_by_the_first_secant():
    """docs/model.md#F-fill: with demand linear in the shares the first secant taken lands
    on the answer. A secant outside the bracket's middle half gives way to one halving
    first (the second year: 1/6 of a bracket of 1)."""
    calls: list[np.ndarray] = []

    def utilization_at(share: np.ndarray) -> np.ndarray:
        calls.append(share.copy())
        return np.array([0.2, 0.4]) + 0.6 * share

    shares = _solve(utilization_at, np.array([0.2, 0.4]), 0.5)
    assert shares == pytest.approx([0.5, 1.0 / 6.0])
    assert len(calls) == 3  # the top; year 1's secant beside year 2's halving; year 2's secant
