"""The robust plan (docs/model.md#F-robust-plan) and the frontier (docs/model.md#F-plan-frontier).

The robust plan's per-draw present cost is checked against the kernel run on the plan applied
with that draw's routing; with one draw it is the deterministic plan. The frontier's
plans, evaluated by `core.engine.evaluate`, keep their caps and never cost more as a cap
loosens.
"""

import numpy as np
import pytest
from scopes import SHARED

import core
from core.analysis.montecarlo import Cancelled
from core.engine.compiled import compile_scenario
from core.plan.data import candidate_scenario
from core.plan.frontier import ONE_POINT, knee, plan_frontier, recommendation
from core.plan.robust import draw_scenario, plan_over, pv_cost_over, robust_inputs, robust_plan
from core.plan.solve import NO_LIMITS, Limits, recommend_plan
from core.scenario.edits import with_changes

DRAWS = 20


@pytest.fixture(scope=SHARED)
def robust() -> object:
    return robust_plan(core.default_scenario(), DRAWS, seed=3)


def test_a_seed_gives_the_same_robust_plan(robust):
    again = robust_plan(core.default_scenario(), DRAWS, seed=3)
    assert again.plan.build == robust.plan.build
    assert again.pv_cost_draws_usd == robust.pv_cost_draws_usd
    other = robust_plan(core.default_scenario(), DRAWS, seed=4)
    assert other.pv_cost_draws_usd != robust.pv_cost_draws_usd


def test_the_robust_plan_beats_the_current_scenario_over_the_same_draws(robust):
    """On the default the current ramp buys burst in every draw: the plan's P50 is lower."""
    assert robust.pv_cost_p50_usd <= robust.current_pv_cost_p50_usd
    assert robust.pv_cost_p10_usd <= robust.pv_cost_p50_usd <= robust.pv_cost_p90_usd
    now = pv_cost_over(core.default_scenario(), robust_inputs(core.default_scenario(), DRAWS, 3))
    assert robust.current_pv_cost_p50_usd == pytest.approx(float(np.median(now)), rel=1e-12)


def test_one_build_serves_every_draw_and_each_draws_npv_is_the_kernels(robust):
    """The build is one set of columns; each draw's routing applied to it, run by the kernel
    with that draw's inputs, gives the draw's present cost."""
    scenario = core.default_scenario()
    inputs = robust_inputs(scenario, DRAWS, 3)
    assert robust.per_draw.gpus.ndim == 1
    for w in (0, 7, DRAWS - 1):
        planned = draw_scenario(scenario, robust.per_draw, w)
        one = inputs.with_values(**{k: v[w : w + 1] for k, v in vars(inputs).items()})
        assert pv_cost_over(planned, one)[0] == pytest.approx(robust.pv_cost_draws_usd[w], rel=1e-6)
    rows = {
        tuple(
            (r.year, r.gpu, r.gpus)
            for r in draw_scenario(scenario, robust.per_draw, w).build_plan or ()
        )
        for w in range(DRAWS)
    }
    assert rows == {tuple((r.year, r.gpu, r.gpus) for r in robust.plan.scenario.build_plan or ())}


@pytest.mark.parametrize("beta", [0.0, 1.0])
def test_one_central_draw_gives_the_deterministic_plan(beta):
    """CVaR of one draw is its present cost: mean + beta x CVaR is (1 + beta) x present cost, the same optimum."""
    scenario = core.default_scenario()
    names = tuple(g.name for g in scenario.gpu_catalog)
    central = compile_scenario(candidate_scenario(scenario, names))[1]
    robust = plan_over(scenario, central, beta)
    plan = recommend_plan(scenario)
    assert robust.plan.build == plan.build
    assert robust.pv_cost_p50_usd == pytest.approx(plan.pv_cost_usd, rel=1e-6)
    assert robust.current_pv_cost_p50_usd == pytest.approx(plan.current_pv_cost_usd, rel=1e-9)


def test_a_robust_plan_under_a_power_cap_keeps_it_when_evaluated():
    """The cap is on the shared build: the plan, evaluated, stays under it every year.

    The cap was 60 MW until the plan closed the routes that wait at the busy hour past their
    promise (docs/model.md#F-queueing): under 60 MW it closes GitHub Copilot and Excel on
    MAI-2 in 2029, the 2029 build takes the site to 57.7 MW only and the cap binds in
    2030-2031. Under 55 MW the cap binds from 2029 again.
    """
    robust = robust_plan(core.default_scenario(), 10, 0, limits=Limits(power_cap_mw=55.0))
    mw = core.evaluate(robust.plan.scenario).outputs.fleet.facility_mw[0]
    assert (mw <= 55.0 * (1 + 1e-9)).all()
    # Reached 2029-2031; nothing is built after 2029, so the 2029-2031 rows hold the same
    # GPUs and the solver may price any of them: the words name every year at the cap.
    assert (mw[3:] > 55.0 * (1 - 1e-4)).all()
    assert "the site's power cap of 55.0 MW is reached (2029-2031)" in robust.plan.binding
    assert robust.plan.pv_cost_usd == pytest.approx(robust.plan.lp_pv_cost_usd, rel=1e-6)


def test_robust_options_out_of_range_are_named():
    with pytest.raises(core.ScenarioError, match="draws: 0 must be between 1 and 2,000"):
        robust_plan(core.default_scenario(), 0, 0)
    with pytest.raises(core.ScenarioError, match="seed: -1 must be 0 or more"):
        robust_plan(core.default_scenario(), 5, -1)


def test_progress_can_cancel_the_robust_plan_and_the_frontier():
    seen: list[float] = []
    with pytest.raises(Cancelled):
        robust_plan(core.default_scenario(), 5, 0, progress=lambda f: seen.append(f) or f < 0.5)
    assert seen[-1] >= 0.5
    with pytest.raises(Cancelled):
        plan_frontier(core.default_scenario(), 4, progress=lambda f: f < 0.5)


def _progress_of(run) -> list[float]:
    seen: list[float] = []
    run(lambda f: seen.append(f) or True)
    return seen


def test_progress_climbs_from_0_to_1_and_never_past_it():
    """A progress bar fed over 1 (or backwards) jumps: each run reports 0-1, climbing."""
    cheap = with_changes(core.default_scenario(), {"levers.price_shock": 0.3})
    for seen in (
        _progress_of(lambda report: robust_plan(core.default_scenario(), 3, 0, progress=report)),
        _progress_of(lambda report: plan_frontier(cheap, 3, progress=report)),
    ):
        assert seen
        assert all(0.0 <= f <= 1.0 for f in seen), seen
        assert seen == sorted(seen)
        assert seen[-1] == 1.0


# On the default the cheapest plan is also the least dependent one (MAI-2 and MAI-1 on the
# fitted serving of docs/model.md#F-serving undercut the partners' list prices), so its
# frontier is one point. With partners at 0.3x list prices, owning buys independence at
# a price: the trade-off the frontier draws.
CHEAP_PARTNERS = {"levers.price_shock": 0.3}


@pytest.fixture(scope=SHARED)
def frontier() -> object:
    return plan_frontier(with_changes(core.default_scenario(), CHEAP_PARTNERS), 8)


def test_the_default_frontier_is_one_point_where_cheapest_is_least_dependent():
    flat = plan_frontier(core.default_scenario(), 3)
    assert flat.caps[0] == flat.caps[-1]
    assert flat.pv_cost_usd[0] == pytest.approx(flat.pv_cost_usd[-1], rel=1e-9)
    assert flat.knee == 0
    assert flat.flat  # one plan, solved once, and said so rather than "the knee"
    assert recommendation(flat.plans[0], 0.0, flat) == (flat.plans[0], ONE_POINT)


def test_the_frontier_never_costs_more_as_the_cap_loosens(frontier):
    assert np.all(np.diff(frontier.pv_cost_usd) <= 0.0)
    assert np.all(np.diff(frontier.caps) > 0.0)
    assert 0 < frontier.knee < len(frontier.plans) - 1
    assert not frontier.flat
    cheapest = recommend_plan(with_changes(core.default_scenario(), CHEAP_PARTNERS))
    # The last cap is the cheapest plan's own share: the same optimum, rounded to whole GPUs
    # from a relaxed build the tight cap row may move by a fraction of a GPU.
    assert frontier.pv_cost_usd[-1] == pytest.approx(cheapest.pv_cost_usd, rel=1e-5)
    assert frontier.pv_cost_usd[0] > frontier.pv_cost_usd[-1]


def _partner_share(scenario) -> float:
    """Horizon-average share of tokens served by partners, as evaluated."""
    in_house = compile_scenario(scenario)[0].in_house
    tokens = core.evaluate(scenario).outputs.model_tokens[0]  # (T, M)
    return float((tokens[:, ~in_house].sum(axis=1) / tokens.sum(axis=1)).mean())


def test_each_frontier_plan_keeps_its_cap_when_evaluated(frontier):
    """The cap holds the partners' tokens; burst at the peaks adds the tokens it serves."""
    for cap, plan, share in zip(
        frontier.caps, frontier.plans, frontier.external_share, strict=True
    ):
        outputs = core.evaluate(plan.scenario).outputs
        evaluated = float(outputs.risk_terms[0, :, 0].mean())
        assert evaluated == pytest.approx(share, abs=1e-12)
        partners = _partner_share(plan.scenario)
        assert partners <= cap + 1e-6
        assert partners <= evaluated <= partners + 0.005  # burst serves a sliver of tokens
        assert plan.pv_cost_usd == pytest.approx(plan.lp_pv_cost_usd, rel=1e-6)
    assert frontier.plan_at(frontier.knee) is frontier.plans[frontier.knee]


def test_the_knee_is_the_point_farthest_below_the_chord():
    share = np.array([0.0, 0.1, 0.2, 0.3, 0.4])
    npv = np.array([10.0, 5.0, 4.0, 3.5, 3.0])  # steep, then flat: the knee at 0.1
    assert knee(share, npv) == 1
    # the chord runs to the last point: a last drop (4.5 to 1) keeps the knee at 0.1
    assert knee(share, np.array([10.0, 6.0, 5.0, 4.5, 1.0])) == 1
    assert knee(share, np.full(5, 3.0)) == 0  # no trade-off: the least external share
    assert knee(np.zeros(2), np.array([2.0, 1.0])) == 0


def test_frontier_points_out_of_range_are_named():
    with pytest.raises(core.ScenarioError, match="points: 1 must be between 2 and 100"):
        plan_frontier(core.default_scenario(), 1, NO_LIMITS)
