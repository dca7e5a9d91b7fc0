"""Properties that hold for every scenario, checked on random ones with hypothesis."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference_model import fleet_gpus

import core
from core.engine.compiled import compile_scenario
from core.scenario.edits import with_changes
from core.scenario.files import parse_scenario, scenario_to_json

BASE = core.default_scenario()
MODELS = [m.name for m in BASE.models]
PARTNERS = [m.name for m in BASE.models if m.kind == "partner"]
COST_COLUMNS = [
    "capital_charge_usd",
    "power_usd",
    "opex_usd",
    "fleet_cost_usd",
    "partner_spend_usd",
    "cloud_burst_usd",
    "total_cost_usd",
]


@st.composite
def routings(draw, in_house_only: bool) -> dict[str, float]:
    names = [m for m in MODELS if not (in_house_only and m in PARTNERS)]
    weights = draw(st.lists(st.floats(0.0, 1.0), min_size=len(names), max_size=len(names)))
    if sum(weights) < 1e-3:
        weights = [1.0] + [0.0] * (len(names) - 1)
    total = sum(weights)
    return {name: w / total for name, w in zip(names, weights, strict=True)}


@st.composite
def scenarios(draw) -> core.Scenario:
    changes = {
        "fleet.scale": draw(st.floats(1.0, 10.0)),
        "fleet.gpu": draw(st.sampled_from([g.name for g in BASE.gpu_catalog])),
        "fleet.amortization_years": draw(st.integers(1, 8)),
        "fleet.refresh": draw(st.booleans()),
        "fleet.pue": draw(st.floats(1.0, 2.0)),
        "levers.in_house_shift": draw(st.floats(0.0, 1.0)),
        "levers.price_shock": draw(st.floats(0.5, 3.0)),
        "levers.demand_growth_multiplier": draw(st.floats(0.0, 3.0)),
        "models[1].enabled": draw(st.booleans()),
    }
    for i, product in enumerate(BASE.products):
        changes[f"products[{i}].routing"] = draw(routings(product.in_house_only))
    return with_changes(BASE, changes)


@given(scenarios())
def test_effective_routing_rows_sum_to_one(scenario):
    shares = core.evaluate(scenario).outputs.shares[0]
    assert np.allclose(shares.sum(axis=2), 1.0)  # every chain ends in MAI small, always serving


@given(scenarios())
def test_every_cost_is_finite_and_not_negative(scenario):
    results = core.evaluate(scenario)
    costs = results.by_year[COST_COLUMNS].to_numpy()
    assert np.isfinite(costs).all()
    assert (costs >= 0).all()
    assert (results.products["cost_usd"] >= 0).all()


@given(scenarios())
def test_utilization_is_demand_over_the_fleet_the_inputs_describe(scenario):
    # Capacity from the inputs (the ramp by hand), not from the kernel's own capacity column.
    y = core.evaluate(scenario).by_year
    hours = [fleet_gpus(scenario, year) * 8760 * scenario.fleet.availability for year in y.index]
    assert np.allclose(y.utilization, y.demand_gpu_hours / hours, rtol=1e-12)


@given(scenarios(), st.floats(1.0, 10.0), st.floats(1.0, 10.0))
def test_capacity_never_falls_when_scale_rises(scenario, a, b):
    low, high = sorted((a, b))
    cap_low = core.evaluate(with_changes(scenario, {"fleet.scale": low})).series(
        "capacity_gpu_hours"
    )
    cap_high = core.evaluate(with_changes(scenario, {"fleet.scale": high})).series(
        "capacity_gpu_hours"
    )
    assert (cap_high >= cap_low * (1 - 1e-12)).all()


@given(scenarios())
def test_risk_terms_are_bounded(scenario):
    y = core.evaluate(scenario).by_year
    assert ((y.risk_index >= 0) & (y.risk_index <= 100)).all()
    assert ((y.provider_hhi >= 0) & (y.provider_hhi <= 10_000 + 1e-6)).all()
    assert ((y.external_token_share >= 0) & (y.external_token_share <= 1 + 1e-12)).all()


@given(scenarios(), st.floats(1.0, 10.0))
def test_partner_hhi_is_the_concentration_term_and_idle_gpus_never_move_it(scenario, scale):
    """docs/model.md#F-hhi: the outside providers' token shares squared, 0-10,000, the risk
    index's concentration term x 10,000; a bigger fleet moves it only by serving burst."""
    results = core.evaluate(scenario)
    y = results.yearly
    assert ((y.partner_hhi >= 0) & (y.partner_hhi <= 10_000 + 1e-6)).all()
    assert y.partner_hhi == pytest.approx(10_000 * y.risk_concentration, rel=1e-9, abs=1e-9)
    assert (y.partner_hhi <= (100 * y.external_token_share) ** 2 * (1 + 1e-9) + 1e-9).all()
    larger = min(10.0, scenario.fleet.scale * scale)  # the slider's top
    bigger = core.evaluate(with_changes(scenario, {"fleet.scale": larger}))
    no_burst = (y.shortfall_gpu_hours == 0) & (bigger.yearly.shortfall_gpu_hours == 0)
    assert bigger.yearly.partner_hhi[no_burst] == pytest.approx(y.partner_hhi[no_burst], rel=1e-9)


@given(scenarios())
def test_load_save_round_trip(scenario):
    assert parse_scenario(json.loads(scenario_to_json(scenario))) == scenario


@given(scenarios())
def test_batch_evaluation_equals_single_evaluation(scenario):
    structure, inputs = compile_scenario(scenario)
    batch = core.evaluate_batch(
        structure, inputs.with_values(scale=np.full(3, scenario.fleet.scale))
    )
    single = core.evaluate(scenario).by_year
    assert np.allclose(batch.total_cost_usd, single.total_cost_usd.to_numpy(), rtol=1e-12)
    assert np.allclose(batch.risk_index, single.risk_index.to_numpy(), rtol=1e-12)


@given(scenarios(), st.floats(1.0, 10.0), st.floats(0.05, 0.95))
def test_an_edit_shares_what_it_did_not_change_and_equals_a_fresh_scenario(scenario, scale, mfu):
    edited = with_changes(scenario, {"fleet.scale": scale, "models[0].mfu_train": mfu})
    fresh = parse_scenario(json.loads(scenario_to_json(edited)))
    assert edited == fresh  # sharing never changes a value
    assert edited.fleet.scale == scale
    assert edited.models[0].mfu_train == mfu
    # Whatever is equal after the edit is the very same object (hypothesis may draw the
    # value already set, and then the edited row is shared too).
    for name in core.Scenario.model_fields:
        before, after = getattr(scenario, name), getattr(edited, name)
        if before == after:
            assert after is before, name
        elif isinstance(before, tuple):
            assert all(a is b for a, b in zip(after, before, strict=True) if a == b), name
