"""Latency promises on a fleet of two generations (docs/model.md#F-slo), checked by hand.

A route's verdict is its deployment's on the fleet's new generation (`fleet.gpu`), not the
baseline cohort's. Own's prefill efficiency is lowered to 1e-4 so that TTFT tells the
tiny scenario's generations apart: the p95 prompt of A (12,000 tokens, half cached) takes
12,000 x 0.5 x 2e10 FLOP / (1e15 FLOP/s x 1e-4) / 64 GPUs = 18.75 s on REF and, at twice
the peak, 9.375 s on NEW, against a 12 s promise: only NEW keeps it. Ext answers in 2 s
and 15 ms and keeps it. A routes half its tokens to each.
"""

from collections.abc import Callable
from typing import Any

import pytest

import core
from core.engine.serving import MEETS, MISSES_TTFT
from core.plan.solve import NO_LIMITS, prepare, recommend_plan

OWN, EXT = 0, 1  # models of the tiny scenario
A = 0  # its product routed half to Own, half to Ext
REF_PREFILL_S, NEW_PREFILL_S = 18.75, 9.375
SLOW_PREFILL: dict[str, Any] = {
    "models[0].prefill_efficiency": 1e-4,
    "products[0].ttft_slo_s": 12.0,
}
# The promise is kept by the newest generation only, then by the baseline only.
NEWEST_KEEPS = {**SLOW_PREFILL, "fleet.baseline_gpu": "REF", "fleet.gpu": "NEW", "fleet.scale": 2.0}
BASELINE_KEEPS = {
    **SLOW_PREFILL,
    "fleet.baseline_gpu": "NEW",
    "fleet.gpu": "REF",
    "fleet.scale": 2.0,
}


def test_a_promise_only_the_newest_generation_keeps_is_kept(tiny: Callable[..., core.Scenario]):
    """Own on NEW gives the first token in 9.375 s plus one decode step: within 12 s, so
    none of A's tokens are late though the baseline REF GPUs would take 18.75 s."""
    results = core.evaluate(tiny(NEWEST_KEEPS))
    s = results.structure
    assert (s.route_slo_reason[A, OWN], s.route_slo_reason[A, EXT]) == (MEETS, MEETS)
    assert s.route_ttft_s[A, OWN] == pytest.approx(NEW_PREFILL_S + s.route_tpot_s[A, OWN])
    assert s.route_tpot_s[A, OWN] <= 0.040
    a = results.products.loc["A"]
    assert a["slo_breach_share"].tolist() == [0.0, 0.0]
    assert a["meets_slo"].tolist() == [1.0, 1.0]
    assert not [f for f in results.flags if f.kind == "slo_breach"]


def test_a_promise_only_the_baseline_keeps_is_missed(tiny: Callable[..., core.Scenario]):
    """Buying REF after a NEW baseline: Own's deployment on REF takes 18.75 s to the first
    token, over 12 s, so Own's half of A is late every year and flagged."""
    results = core.evaluate(tiny(BASELINE_KEEPS))
    s = results.structure
    assert (s.route_slo_reason[A, OWN], s.route_slo_reason[A, EXT]) == (MISSES_TTFT, MEETS)
    assert s.route_ttft_s[A, OWN] == pytest.approx(REF_PREFILL_S + s.route_tpot_s[A, OWN])
    a = results.products.loc["A"]
    assert a["slo_breach_share"].tolist() == pytest.approx([0.5, 0.5])
    assert a["meets_slo"].tolist() == [0.0, 0.0]
    assert [(f.year, f.product) for f in results.flags if f.kind == "slo_breach"] == [
        (2026, "A"),
        (2027, "A"),
    ]


@pytest.mark.parametrize(
    ("changes", "own_allowed", "own_share"),
    [(NEWEST_KEEPS, True, 1.0), (BASELINE_KEEPS, False, 0.0)],
    ids=["newest keeps", "baseline keeps"],
)
def test_the_plan_routes_only_to_routes_the_newest_generation_keeps(
    tiny: Callable[..., core.Scenario], changes: dict[str, Any], own_allowed: bool, own_share: float
):
    """The plan offers Own for A only where NEW is bought; then, cheaper than Ext's list
    price, Own takes all of A, and where REF is bought all of A goes to Ext."""
    scenario = tiny(changes)
    assert prepare(scenario, NO_LIMITS).allowed[:, A, OWN].tolist() == [own_allowed] * 2
    plan = recommend_plan(scenario)
    routed = {(r.year, r.product): r.routing for r in plan.scenario.routing_by_year or ()}
    for year in (2026, 2027):
        assert routed[(year, "A")].get("Own", 0.0) == pytest.approx(own_share, abs=1e-9)
    late = core.evaluate(plan.scenario).products.loc["A", "slo_breach_share"]
    assert late.tolist() == [0.0, 0.0]
