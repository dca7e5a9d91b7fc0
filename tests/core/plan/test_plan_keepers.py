"""The plan keeps promises only some generations keep (docs/model.md#F-slo, core.plan.keepers).

On the tiny scenario Own's route for A keeps its TTFT promise on NEW only (2.31 s to the
first token against 2.5 s; REF takes 4.63 s: tests/core/engine/test_generations_latency).
"""

from collections.abc import Callable

import pytest

import core
from core.plan.explain import explain_plan
from core.plan.locks import Locks
from core.plan.lp import Limits
from core.plan.robust import robust_plan
from core.plan.solve import recommend_plan
from tests.core.engine.test_generations_latency import NEWEST_KEEPS, OWN, A

NEED_2026 = 1e12 / (2000 * 3600) / (8760 * 0.9)  # NEW GPUs for all of A on Own in 2026: 17.6


def test_a_cap_on_new_gpus_leaves_the_rest_of_a_to_a_route_that_keeps_it(
    tiny: Callable[..., core.Scenario],
):
    """At most 10 GPUs a year: NEW holds Own's hours for 10 / 17.6 of A in 2026, and the
    plan sends the rest to Ext (which keeps the promise) rather than late onto REF."""
    limits = Limits(locks=Locks(max_gpus={2026: 10, 2027: 10}))
    plan = recommend_plan(tiny(NEWEST_KEEPS), limits=limits)
    results = core.evaluate(plan.scenario)
    assert results.products.loc["A", "slo_breach_share"].tolist() == pytest.approx([0.0, 0.0])
    own_2026 = results.outputs.shares[0, 0, A, OWN]
    assert 0.0 < own_2026 <= 10 / NEED_2026 + 1e-6
    assert results.outputs.pv_cost_usd[0] == pytest.approx(plan.pv_cost_usd, rel=1e-6)


def test_the_binding_rows_say_which_gpus_are_full(tiny: Callable[..., core.Scenario]):
    """With NEW capped, its GPUs are full of Own's work on A: the plan says so in words."""
    limits = Limits(locks=Locks(max_gpus={2026: 10, 2027: 10}))
    plan = recommend_plan(tiny(NEWEST_KEEPS), limits=limits)
    said = " ".join(plan.binding)
    assert "the NEW GPUs are full with routes whose latency promise only they keep" in said


def test_the_plan_says_which_generation_keeps_a_promise_it_relies_on(
    tiny: Callable[..., core.Scenario],
):
    """Own keeps A's promise only on NEW and the plan routes A to it: the reason is a note,
    and the only one of its kind (Ext, which every generation keeps, and B's routes are not
    held)."""
    plan = recommend_plan(tiny(NEWEST_KEEPS))
    notes = explain_plan(plan, changes=False).notes
    assert [n for n in notes if "latency promise only" in n] == [
        "Own keeps A's latency promise only on NEW: its share runs on those GPUs (2026-2027)"
    ]


def test_a_robust_plan_keeps_the_promise(tiny: Callable[..., core.Scenario]):
    """Over five draws of demand and prices the build is shared and each draw's routing is
    held within NEW's hours (one keepers row per draw, year and set): the build applied
    with the central routing leaves no token of A late."""
    robust = robust_plan(tiny(NEWEST_KEEPS), draws=5, seed=1)
    results = core.evaluate(robust.plan.scenario)
    assert results.products.loc["A", "slo_breach_share"].tolist() == pytest.approx([0.0, 0.0])
    assert results.outputs.shares[0, :, A, OWN].min() > 0.0  # A is served on NEW, in house
