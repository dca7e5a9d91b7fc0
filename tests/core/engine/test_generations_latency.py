"""Latency promises on a fleet of two generations (docs/model.md#F-slo), checked by hand.

A route's verdict is its deployment's on the fleet's new generation (`fleet.gpu`), not the
baseline cohort's. A's p95 prompt is raised to 10M tokens so that TTFT tells the tiny
scenario's generations apart. Own (dense 10B, FP8, 60 layers of width 8,192) prefills a
token of A's 1,000-token prompts in (2 x 1e10 + 4 x 8,192 x 500 x 60) FLOP / (2e15 FLOP/s
FP8 on REF x the fitted prefill share): half the p95 prompt is uncached, 5M tokens, which
take 4.1 s even on the largest replica (72 REF GPUs) and half that on NEW (twice the peak),
against a 2.5 s promise: only NEW keeps it. Ext answers in 2 s and 15 ms and keeps it.
A routes half its tokens to each.
"""

from collections.abc import Callable
from typing import Any

import pytest

import core
from core.engine.serving import FITTED, MEETS, MISSES_TTFT, REPLICA_GPUS
from core.plan.solve import NO_LIMITS, prepare, recommend_plan

OWN, EXT = 0, 1  # models of the tiny scenario
A = 0  # its product routed half to Own, half to Ext
PER_TOKEN_REF_S = (2 * 1e10 + 4 * 8192 * 500 * 60) / (2e15 * FITTED.prefill_share)
LARGEST = float(REPLICA_GPUS[-1])
REF_PREFILL_S = 5e6 * PER_TOKEN_REF_S / LARGEST  # the quickest REF replica: 4.11 s
NEW_PREFILL_S = REF_PREFILL_S / 2  # 2.06 s
SLOW_PREFILL: dict[str, Any] = {
    "products[0].p95_prompt_tokens": 1e7,
    "products[0].ttft_slo_s": 2.5,
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
    """Own on NEW gives the first token in 2.06 s (72 GPUs) or more on fewer GPUs, plus one
    decode step: within 2.5 s, so none of A's tokens are late though REF would take 4.11 s."""
    results = core.evaluate(tiny(NEWEST_KEEPS))
    s = results.structure
    assert (s.route_slo_reason[A, OWN], s.route_slo_reason[A, EXT]) == (MEETS, MEETS)
    assert pytest.approx(4.114, abs=1e-3) == REF_PREFILL_S
    prefill = s.route_ttft_s[A, OWN] - s.route_tpot_s[A, OWN]  # 5M tokens / (replica rate)
    assert prefill * (1 + 1e-9) >= NEW_PREFILL_S
    assert s.route_ttft_s[A, OWN] <= 2.5
    assert s.route_tpot_s[A, OWN] <= 0.040
    a = results.products.loc["A"]
    assert a["slo_breach_share"].tolist() == [0.0, 0.0]
    assert a["meets_slo"].tolist() == [1.0, 1.0]
    assert not [f for f in results.flags if f.kind == "slo_breach"]


def test_a_promise_only_the_baseline_keeps_is_missed(tiny: Callable[..., core.Scenario]):
    """Buying REF after a NEW baseline: Own's quickest deployment on REF takes 4.11 s to the
    first token, over 2.5 s, so Own's half of A is late every year and flagged."""
    results = core.evaluate(tiny(BASELINE_KEEPS))
    s = results.structure
    assert (s.route_slo_reason[A, OWN], s.route_slo_reason[A, EXT]) == (MISSES_TTFT, MEETS)
    prefill = s.route_ttft_s[A, OWN] - s.route_tpot_s[A, OWN]
    assert prefill == pytest.approx(REF_PREFILL_S, rel=1e-9)  # the quickest: 72 GPUs
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
