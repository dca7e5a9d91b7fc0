"""Whole GPUs that keep every limit, and locks the plan never breaks (issue 25, items 2 and 4;
docs/model.md#F-plan and docs/model.md#F-plan-locks).

Brute force: on a tiny case whose power cap leaves a few dozen whole builds, every build
is tried (routing solved for it) and the cheapest that keeps the limits is the answer
the plan must give; where none does, the plan must say so, never otherwise.
"""

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core
from core.plan.highs import MIP_GAP
from core.plan.locks import Locks, current_routing
from core.plan.optimum import solve
from core.plan.solve import Limits, prepare, recommend_plan, scenario_limits

KW_PER_GPU = 2.0  # REF: 1 kW TDP x server factor 2.0 x PUE 1.0
BASELINE = 2


def _small(tiny):
    """Tiny at 1/500 of its demand on 2 baseline GPUs: 2.8 GPUs of in-house work in 2026."""
    return tiny({"products[0].tokens_per_year": 6e10, "products[1].tokens_per_year": 1.2e11,
                 "fleet.baseline_gpus": BASELINE})  # fmt: skip


def _brute(scenario, limits, data=None):
    """The cheapest whole build (GPUs added in 2026, 2027) keeping `limits`, by enumeration.

    On `data` when given (the program a plan was finally solved on), else on the scenario's.
    """
    limits = scenario_limits(scenario, limits)
    if data is None:
        data = prepare(scenario, limits, ("REF",))
    most = int(limits.power_cap_mw * 1000 / KW_PER_GPU) - BASELINE
    best = None
    for first, second in itertools.product(range(most + 1), repeat=2):
        if first + second > most:
            continue
        try:
            found = solve(data, limits, fixed_gpus=np.array([first, second], float),
                          diagnose=False)  # fmt: skip
        except core.ScenarioError:
            continue
        if best is None or found.pv_cost_usd[0] < best[0]:
            best = (float(found.pv_cost_usd[0]), (first, second))
    return best


CASES = [
    Limits(power_cap_mw=0.012),
    Limits(power_cap_mw=0.02, max_provider_share=0.75),
    Limits(power_cap_mw=0.02, max_provider_share=0.7),
    Limits(power_cap_mw=0.012, max_provider_share=0.75),
    Limits(power_cap_mw=0.02, min_in_house_share=0.3),
    Limits(power_cap_mw=0.02, max_provider_share=0.6),
]


@pytest.mark.parametrize("limits", CASES)
def test_the_plan_is_the_best_whole_build_or_none_exists(tiny, limits):
    best = _brute(_small(tiny), limits)
    if best is None:
        with pytest.raises(core.ScenarioError):
            recommend_plan(_small(tiny), limits=limits, generations=("REF",))
        return
    plan = recommend_plan(_small(tiny), limits=limits, generations=("REF",))
    # The plan closes routes the evaluator finds waiting for a slot past their promise and
    # solves again (docs/model.md#F-queueing): on this tiny case the in-house routes' pools
    # can wait, so the best whole build is the one on the program it was finally solved on.
    best = _brute(_small(tiny), limits, plan.solution.data)
    assert best is not None
    assert plan.pv_cost_usd == pytest.approx(best[0], rel=MIP_GAP)
    assert plan.pv_cost_usd >= best[0] * (1 - 1e-9)  # no plan beats the best whole build
    assert plan.pv_cost_usd == pytest.approx(plan.lp_pv_cost_usd, rel=1e-9)


def test_the_cases_cover_rounding_down_breaking_the_provider_cap(tiny):
    """At least one case has a whole plan only above the relaxed build rounded down."""
    scenario, limits = _small(tiny), CASES[1]
    data = prepare(scenario, scenario_limits(scenario, limits), ("REF",))
    relaxed = solve(data, scenario_limits(scenario, limits))
    with pytest.raises(core.ScenarioError):
        solve(data, scenario_limits(scenario, limits), fixed_gpus=np.floor(relaxed.gpus),
              diagnose=False)  # fmt: skip
    assert _brute(scenario, limits) is not None


def test_max_provider_share_on_the_default_is_a_plan_that_holds_it():
    """The issue's `--max-provider-share 0.4`: a plan, and every outside provider at most 40%."""
    plan = recommend_plan(core.default_scenario(), limits=Limits(max_provider_share=0.4))
    outputs = core.evaluate(plan.scenario).outputs
    spend, total = outputs.provider_spend_usd[0, :, 1:], outputs.total_cost_usd[0][:, None]
    assert (spend <= 0.4 * total * (1 + 1e-6)).all()
    assert all(float(n).is_integer() for row in plan.build.values() for n in row.values())


LOCKABLE = ("A", "B")


@st.composite
def locks(draw: st.DrawFn) -> Locks:
    """Any mix of the four lock kinds on the tiny scenario."""
    years = st.sampled_from([2026, 2027])
    counts = st.dictionaries(years, st.integers(0, 3_000), max_size=2)
    low, high = draw(counts), draw(counts)
    high = {y: max(n, low.get(y, 0)) for y, n in high.items()}
    generations = draw(st.sampled_from([None, ("REF",), ("NEW",), ("REF", "NEW")]))
    first = draw(st.dictionaries(st.just("Own"), years, max_size=1))
    return Locks(generations, low, high, {}, first)


CELLS = st.lists(st.tuples(st.sampled_from(LOCKABLE), st.sampled_from([None, 2026, 2027])),
                 max_size=2)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(asked=locks(), cells=CELLS)
def test_a_lock_is_never_broken(tiny, asked, cells):
    """Over generated locks the plan keeps each, or says in one line which cannot be kept.

    A routing lock is a product (every year) or a cell (one year) kept as the scenario
    routes it now.
    """
    scenario = tiny()
    routing = {}
    for product, year in cells:
        routing |= current_routing(scenario, product, year)
    locks = replace(asked, routing=routing)
    try:
        plan = recommend_plan(scenario, limits=Limits(locks=locks))
    except core.ScenarioError as error:
        problems = error.problems
    else:
        _keeps(plan, locks)
        return
    assert all(p.message and "\n" not in p.message for p in problems)


def _keeps(plan, locks: Locks) -> None:
    """Every lock, read from the plan as applied."""
    for year, row in plan.build.items():
        assert locks.min_gpus.get(year, 0) <= sum(row.values()) <= locks.max_gpus.get(year, 10**9)
        assert set(row) <= set(locks.generations or ("REF", "NEW"))
    for (product, year), shares in locks.routing.items():
        kept = plan.routing[year][product]
        assert set(kept) == set(shares)
        assert all(kept[m] == pytest.approx(v, abs=1e-9) for m, v in shares.items())
    for model, first in locks.first_year.items():
        for year, rows in plan.routing.items():
            if year < first:
                assert all(model not in row for row in rows.values())
    assert plan.pv_cost_usd == pytest.approx(plan.lp_pv_cost_usd, rel=1e-6)
