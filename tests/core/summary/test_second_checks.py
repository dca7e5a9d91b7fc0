"""Second, independent checks of figures one test alone pinned: a product risk's dollars,
the headline's year and its idle-fleet threshold (docs/model.md#F-top-risks,
docs/model.md#F-headline), each on the tiny scenario with a case that differs by year.
"""

from collections.abc import Callable
from typing import Any

import pytest

import core
from core.scenario.schema import StatusThresholds
from core.summary.headline import headline, headline_for
from core.summary.risks import top_risks

TH = StatusThresholds()
# Own serves from 2027, so in 2026 A's share of Own falls back to Ext (A's first fallback).
OWN_FROM_2027 = {"models[0].available_from": 2027}
# Own misses A's 2.5 s first-token promise on REF (a 2.5M-token p95 prompt: 4.6 s of prefill
# on 16 GPUs, tests/core/engine/test_generations_latency.py), and the fleet holds only REF.
OWN_LATE = {
    "products[0].p95_prompt_tokens": 2.5e6,
    "products[0].ttft_slo_s": 2.5,
    "fleet.baseline_gpu": "REF",
    "fleet.gpu": "REF",
    "fleet.scale": 2.0,
}


def _risk(results: core.Results, title: str) -> Any:
    [risk] = [r for r in top_risks(results) if r.title == title]
    return risk


def test_late_tokens_stake_their_own_cost_in_the_late_year_only(
    tiny: Callable[..., core.Scenario],
):
    """In 2026 all of A is on Ext and keeps the promise; in 2027 half of it is on Own,
    late: at stake is half of A's 2027 cost, nothing of 2026's."""
    results = core.evaluate(tiny({**OWN_LATE, **OWN_FROM_2027}))
    a = results.products.loc["A"]
    assert a["slo_breach_share"].tolist() == pytest.approx([0.0, 0.5])
    risk = _risk(results, "A: latency promise missed")
    assert risk.detail == "50% of its tokens on routes that miss it in 2027"
    assert risk.usd_at_stake == pytest.approx(0.5 * a.loc[2027, "cost_usd"], rel=1e-12)
    assert a.loc[2026, "cost_usd"] > 0  # a year with cost but no late token adds nothing


def test_traffic_without_a_model_is_priced_at_that_years_cost_per_token(
    tiny: Callable[..., core.Scenario],
):
    """A routes half to Own, which serves from 2027, with no fallback: half of its 1e12
    tokens of 2026 have no model, at stake at 2026's cost per million tokens; 2027, served,
    adds nothing."""
    results = core.evaluate(tiny({**OWN_FROM_2027, "products[0].fallback": []}))
    assert results.products.loc["A", "unserved_share"].tolist() == [0.5, 0.0]
    per_m_usd = results.kpi("cost_per_m_tokens_usd", 2026)
    assert per_m_usd != pytest.approx(results.kpi("cost_per_m_tokens_usd", 2027))
    risk = _risk(results, "A: traffic without a model")
    assert risk.detail == "no serving model for 50% of its traffic in 2026"
    assert risk.usd_at_stake == pytest.approx(0.5 * 1e12 * per_m_usd / 1e6, rel=1e-12)


def test_each_headline_speaks_of_its_own_year(tiny: Callable[..., core.Scenario]):
    """Tiny costs $37.9 M in 2026 and $33.9 M in 2027, at 2% and 4% busy-hour load."""
    results = core.evaluate(tiny())
    lines = headline(results, TH)
    assert [headline_for(results, year, TH) for year in (2026, 2027)] == lines
    assert lines[0].startswith("2026: $38M this year. Present cost $72M")
    assert lines[1].startswith("2027: $34M this year. Present cost $72M")
    assert "(2026-2027 discounted)" in lines[1]
    assert "2-year cost $72M undiscounted." in lines[1]
    assert "Busy hour: 2% busy, of 900 available GPUs" in lines[0]
    assert "Busy hour: 4% busy, of 900 available GPUs" in lines[1]


def test_a_fleet_is_idle_only_under_the_idle_threshold(tiny: Callable[..., core.Scenario]):
    """With the threshold at 2027's load exactly, 2027 is not idle (under, not at) and
    2026, at half that load, is; below both loads neither year is idle."""
    results = core.evaluate(tiny())
    load = results.series("utilization")
    at_2027 = TH.model_copy(update={"utilization_idle": float(load[1])})
    lines = headline(results, at_2027)
    assert "of 900 available GPUs, most of the fleet idle." in lines[0]
    assert "of 900 available GPUs, no cloud burst." in lines[1]
    below_both = TH.model_copy(update={"utilization_idle": float(load[0]) / 2})
    assert all("no cloud burst." in line for line in headline(results, below_both))
