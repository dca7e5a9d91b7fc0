"""Outages per provider, degraded hours and compute dependency (docs/model.md#F-outage).

Hand figures on the tiny scenario of conftest.py: In-house availability 0.99, P1 0.9,
Cloud burst the default 0.999; 1,000 GPUs at 90% availability hold 7,884,000 GPU-hours,
and Own serves 1,000 tokens a second per GPU (1 / 3.6e6 GPU-hours a token).
"""

import numpy as np
import pytest
from parts import CHEAP

import core
from core.scenario.edits import with_changes
from core.scenario.migrations import MIGRATIONS

REL = 1e-12


def test_models_of_one_provider_fail_together(tiny):
    """A's chain: Own, Ext (P1) and Cheap on P1 too: P1 counts once, not twice."""
    scenario = tiny({"models[2]": CHEAP | {"provider": "P1"}, "products[0].fallback": ["Cheap"]})
    products = core.evaluate(scenario).product_arrays
    assert products.chain_down_probability[0, 0] == pytest.approx(0.01 * 0.1, rel=REL)
    assert products.outage_hours[0, 0] == pytest.approx(0.01 * 0.1 * 8760, rel=REL)
    # On its own provider Cheap is a second, independent way out.
    apart = core.evaluate(tiny({"models[2]": CHEAP, "products[0].fallback": ["Cheap"]}))
    p2 = 0.998  # the documented default for an unlisted partner provider
    assert apart.product_arrays.chain_down_probability[0, 0] == pytest.approx(
        0.01 * 0.1 * (1 - p2), rel=1e-9
    )


def _all_in_house(tiny, tokens_scale: float):
    return tiny(
        {
            "products[0].routing": {"Own": 1.0},
            "products[1].routing": {"Own": 1.0},
            "products[0].tokens_per_year": 1e12 * tokens_scale,
            "products[1].tokens_per_year": 2e12 * tokens_scale,
            "provider_availability": {"In-house": 0.99, "P1": 0.9, "Cloud burst": 0.95},
        }
    )


def test_compute_dependency_and_degraded_hours_with_burst_by_hand(tiny):
    """docs/model.md#F-compute-dependency: 20x the tokens, all on Own, 6e13 / 3.6e6 =
    16,666,667 GPU-hours against 7,884,000; docs/model.md#F-outage for degraded hours.
    """
    row = core.evaluate(_all_in_house(tiny, 20.0)).by_year.loc[2026]
    demand = 6e13 / 3.6e6
    dependency = (demand - 7_884_000) / demand
    assert row.compute_dependency == pytest.approx(dependency, rel=1e-9)
    assert row.risk_compute_dependency == pytest.approx(dependency, rel=1e-9)
    # Own's tokens run on the fleet (down 1%) or, for the bought share, on burst (down 5%).
    hours = ((1 - dependency) * 0.01 + dependency * 0.05) * 8760
    assert row.degraded_hours == pytest.approx(hours, rel=1e-9)
    assert row.risk_outage == 1.0  # far over the 43.8-hour budget
    assert row.risk_index >= 100 * dependency / 5


def test_an_all_in_house_plan_that_fits_its_fleet_raises_no_concentration_flag(tiny):
    results = core.evaluate(_all_in_house(tiny, 1.0))
    assert results.by_year.compute_dependency.tolist() == [0.0, 0.0]
    assert [f for f in results.flags if f.kind == "concentrated"] == []
    assert results.by_year.loc[2026, "risk_concentration"] == 0.0


def test_the_default_outage_term_counts_outside_downtime_only():
    """docs/model.md#F-risk-terms: partners take ~81% of tokens at 99.79-99.86%; the term
    is each product's hours on a down outside provider over 8.76 h, capped, token-weighted:
    the product served in-house (no burst in 2026) adds nothing."""
    scenario = core.default_scenario()
    results = core.evaluate(scenario)
    row = results.by_year.loc[2026]
    assert 10.0 < row.degraded_hours < 15.0  # every provider's downtime, fleet included
    s, routing = results.structure, results.effective_routing(2026)
    of_model = np.array(s.providers)[s.provider_of_model.argmax(axis=1)]
    provider = dict(zip(s.model_names, of_model, strict=True))
    down = {k: 1 - a for k, a in scenario.provider_availability.items()}
    hours = [
        sum(v * down[provider[m]] * 8760 for m, v in shares.items() if provider[m] != "In-house")
        for _, shares in routing.iterrows()
    ]
    weights = results.product_arrays.tokens[0] / results.product_arrays.tokens[0].sum()
    expected = sum(w * min(1.0, h / 8.76) for w, h in zip(weights, hours, strict=True))
    assert hours[-1] == 0.0  # Regulated-industry models, all in-house
    assert row.risk_outage == pytest.approx(expected, rel=1e-9)
    assert 0.9 < row.risk_outage < 1.0


def test_a_version_4_file_gives_each_provider_its_lowest_model_availability():
    data = {
        "schema_version": 4,
        "models": [
            {"kind": "in_house", "name": "Own", "availability": 0.97},
            {"kind": "partner", "name": "A1", "provider": "P", "availability": 0.99},
            {"kind": "partner", "name": "A2", "provider": "P", "availability": 0.95},
            {"kind": "partner", "name": "B1", "provider": "Q"},
        ],
    }
    upgraded = MIGRATIONS[4](data)
    assert upgraded["schema_version"] == 5
    assert upgraded["provider_availability"] == {"In-house": 0.97, "P": 0.95}
    assert all("availability" not in m for m in upgraded["models"])


def test_a_provider_no_model_uses_is_named(tiny):
    with pytest.raises(core.ScenarioError) as caught:
        with_changes(tiny(), {"provider_availability": {"OpenAi": 0.99}})
    assert str(caught.value) == (
        "provider_availability.OpenAi: no model is served by 'OpenAi' "
        "(providers: Cloud burst, In-house, P1)"
    )


def test_traffic_no_model_serves_is_down_all_year():
    """With every model off nothing is served: the outage term is 1, not a safe 0; with the
    in-house models off, Regulated-industry models (kept in-house) is unserved and its
    tokens count as down all year beside the partners' hours."""
    scenario = core.default_scenario()
    models = scenario.models
    off = {f"models[{i}].enabled": False for i in range(len(models))}
    nothing = core.evaluate(with_changes(scenario, off)).by_year
    assert nothing.risk_outage.tolist() == [1.0] * len(nothing)
    assert (nothing.risk_index >= 20.0 - 1e-9).all()  # one of five equal weights
    in_house = {f"models[{i}].enabled": False for i, m in enumerate(models) if m.kind == "in_house"}
    results = core.evaluate(with_changes(scenario, in_house))
    product = results.product_arrays
    unserved = (product.tokens * product.unserved_share).sum(axis=1) / product.tokens.sum(axis=1)
    assert unserved.min() > 0.01
    assert (results.by_year.risk_outage.to_numpy() >= unserved - 1e-12).all()
