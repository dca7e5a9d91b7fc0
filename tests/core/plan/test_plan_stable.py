"""Stable plans (issue 25, item 3): traffic moves when it pays and does not come back.

Moving a product between models costs `Limits.migration_usd` per whole product moved
(docs/model.md#F-plan); the plan's present cost is the evaluator's, without it.
"""

import numpy as np
import pytest

import core
from core.plan.solve import Limits, recommend_plan
from core.scenario.edits import with_changes


def _cheapening(tiny):
    """Ext at $1.2 per million tokens of A in 2026 and $0.6 in 2027 (-50% a year):
    dearer than A's own model in 2026, cheaper in 2027."""
    return tiny({"models[1].price_in_per_m": 0.4, "models[1].price_out_per_m": 2.0,
                 "products[0].tokens_per_year": 3e13, "products[1].tokens_per_year": 6e13})  # fmt: skip


def test_a_move_is_made_when_it_pays_and_not_when_it_does_not(tiny):
    free = recommend_plan(_cheapening(tiny), limits=Limits(migration_usd=0.0))
    assert free.routing[2027]["A"]["Ext"] > free.routing[2026]["A"]["Ext"] + 0.1  # it pays
    dear = recommend_plan(_cheapening(tiny), limits=Limits(migration_usd=1e12))
    assert dear.routing[2027]["A"] == pytest.approx(dear.routing[2026]["A"])
    for plan in (free, dear):  # the evaluator knows no migration: the plan's cost is its own
        assert plan.pv_cost_usd == pytest.approx(plan.lp_pv_cost_usd, rel=1e-9)
    assert dear.pv_cost_usd > free.pv_cost_usd  # staying costs, which is why it moved


def _direction_changes(plan) -> dict[str, int]:
    """How often each product's in-house share turns (rise then fall, or back), by 0.5 point."""
    results = core.evaluate(plan.scenario)
    own = (results.outputs.shares[0] * results.structure.in_house).sum(axis=2)  # (T, P)
    out = {}
    for p, name in enumerate(results.structure.product_names):
        steps = np.diff(own[:, p])
        steps = steps[np.abs(steps) > 0.005]
        out[name] = int((np.diff(np.sign(steps)) != 0).sum())
    return out


def _cases():
    scenario = core.default_scenario()
    busier = {f"products[{i}].tokens_per_year": p.tokens_per_year * 1.5
              for i, p in enumerate(scenario.products)}  # fmt: skip
    return {
        "default": (scenario, Limits()),
        "1.5x demand": (with_changes(scenario, busier), Limits()),
        "demand growing 1.5x faster (the user guide's example)": (
            with_changes(scenario, {"levers.demand_growth_multiplier": 1.5}),
            Limits(),
        ),
        "README: --max-provider-share 0.5": (scenario, Limits(max_provider_share=0.5)),
    }


@pytest.mark.parametrize("case", list(_cases()))
def test_no_product_turns_more_than_once(case):
    scenario, limits = _cases()[case]
    plan = recommend_plan(scenario, limits=limits)
    assert max(_direction_changes(plan).values()) <= 1, _direction_changes(plan)
