"""Cost per million tokens counts the tokens served, not the demand no model serves."""

import numpy as np

import core
from core.scenario.edits import with_changes
from core.summary.status import statuses


def test_unserved_demand_does_not_cheapen_the_served_tokens() -> None:
    """GitHub Copilot with every model off and no fallback is unserved: its demand at $0
    made the blended price $1.03 instead of $1.39 (docs/model.md#F-cost-per-token)."""
    base = core.default_scenario()
    copilot = next(i for i, p in enumerate(base.products) if p.name == "GitHub Copilot")
    off = {
        f"models[{i}].enabled": False
        for i, m in enumerate(base.models)
        if m.name in base.products[copilot].routing
    }
    off[f"products[{copilot}].fallback"] = []
    results = core.evaluate(with_changes(base, off))
    y, o = results.yearly, results.outputs
    served = o.model_tokens[0].sum(axis=1)
    assert (served < y.tokens).all()  # some demand is unserved
    np.testing.assert_allclose(y.cost_per_m_tokens_usd, y.total_cost_usd * 1e6 / served)


def test_no_token_served_is_no_price_and_watch() -> None:
    """With every model off nothing is served: n/a (NaN), status watch, never $0.30 good."""
    base = core.default_scenario()
    scenario = with_changes(base, {f"models[{i}].enabled": False for i in range(len(base.models))})
    results = core.evaluate(scenario)
    assert np.isnan(results.yearly.cost_per_m_tokens_usd).all()
    status = statuses(results, scenario.status_thresholds)["cost_per_m_tokens_usd"]
    assert set(status) == {"watch"}
