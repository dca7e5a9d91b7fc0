"""Properties over generated scenarios of any shape (tests/strategies.py).

Each figure is checked against the plain reference in tests/reference_model.py or against
the scenario's own inputs, never recomputed from the kernel's arrays.
"""

import json

import numpy as np
import pytest
import reference_model as ref
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import scenario_data, scenarios

import core
from core.engine.compiled import compile_scenario
from core.scenario.edits import rebalanced, with_changes
from core.scenario.files import parse_scenario, scenario_to_json
from core.units import HOURS_PER_YEAR

COSTS = (
    "capital_charge_usd",
    "facility_charge_usd",
    "power_usd",
    "opex_usd",
    "partner_spend_usd",
    "cloud_burst_usd",
)


@given(scenarios())
def test_routing_after_every_rule_matches_the_reference(scenario):
    results = core.evaluate(scenario)
    for t, year in enumerate(results.years):
        for p, product in enumerate(scenario.products):
            expected, unserved = ref.effective_shares(scenario, product, year)
            got = results.outputs.shares[0, t, p]
            assert got == pytest.approx([expected[m.name] for m in scenario.models], abs=1e-12)
            assert got.sum() + unserved == pytest.approx(1.0)
            assert results.product_arrays.unserved_share[t, p] == pytest.approx(unserved, abs=1e-12)


@given(scenarios())
def test_nothing_is_routed_to_a_model_that_does_not_serve(scenario):
    results = core.evaluate(scenario)
    shares = results.outputs.shares[0]
    for t, year in enumerate(results.years):
        for m, model in enumerate(scenario.models):
            if not ref.serves(model, year):
                assert (shares[t, :, m] == 0).all(), (model.name, year)
                assert results.model_arrays.tokens[t, m] == 0


@given(scenarios())
def test_in_house_only_products_never_reach_a_partner(scenario):
    results = core.evaluate(scenario)
    partner = [m.kind == "partner" for m in scenario.models]
    for p, product in enumerate(scenario.products):
        if product.in_house_only:
            assert (results.outputs.shares[0, :, p][:, partner] == 0).all()
            # Outside only through burst, and only for what its own week needs beyond the
            # whole fleet: its burst hours never exceed the fleet's, and are always flagged
            # (docs/model.md#F-external-share). Not "never more than the fleet's share":
            # bursting hour by hour, a peaky residency product (busy hour 4x) beside a
            # flat one bursts more of its own work than the fleet does of all of it
            # (0.824 against 0.814, a case hypothesis found).
            outside = results.product_arrays.external_token_share[:, p]
            burst_hours = outside * results.product_arrays.inference_gpu_hours[:, p]
            shortfall = results.yearly.shortfall_gpu_hours
            assert (burst_hours <= shortfall * (1 + 1e-9) + 1e-9).all()
            flagged = {
                f.year for f in results.flags if (f.kind, f.product) == ("residency", product.name)
            }
            assert flagged == {y for y, o in zip(results.years, outside, strict=True) if o > 1e-9}


@given(scenarios())
def test_costs_are_finite_non_negative_and_add_up(scenario):
    results = core.evaluate(scenario)
    y = results.by_year
    for column in (*COSTS, "fleet_cost_usd", "total_cost_usd"):
        assert np.isfinite(y[column]).all(), column
        assert (y[column] >= 0).all(), column
    assert y.total_cost_usd.to_numpy() == pytest.approx(
        (y.fleet_cost_usd + y.partner_spend_usd + y.cloud_burst_usd).to_numpy(), rel=1e-12
    )
    by_product = results.product_arrays.cost_usd.sum(axis=1)
    has_inference = y.inference_gpu_hours.to_numpy() > 0
    allocated = np.where(has_inference, y.total_cost_usd, y.partner_spend_usd)
    assert by_product == pytest.approx(allocated, rel=1e-9, abs=1e-6)


@given(scenarios())
def test_fleet_and_demand_follow_the_inputs(scenario):
    results = core.evaluate(scenario)
    availability = scenario.fleet.availability
    for t, year in enumerate(results.years):
        gpus = ref.fleet_gpus(scenario, year)
        assert results.kpi("gpus", year) == pytest.approx(gpus, rel=1e-12)
        assert results.kpi("capacity_gpu_hours", year) == pytest.approx(
            gpus * HOURS_PER_YEAR * availability, rel=1e-12
        )
        tokens = [ref.product_tokens(scenario, p, year) for p in scenario.products]
        assert results.product_arrays.tokens[t] == pytest.approx(tokens, rel=1e-12)
        served = sum(
            n * (1.0 - ref.effective_shares(scenario, p, year)[1])
            for n, p in zip(tokens, scenario.products, strict=True)
        )
        # Shares summing to 1 + 1e-16 may leave a few tokens' rounding on either side.
        assert results.model_arrays.tokens[t].sum() == pytest.approx(
            served, rel=1e-9, abs=1e-9 * sum(tokens)
        )
        # Burst buys the hours above the fleet (docs/model.md#F-load-curve): at least the
        # year's work beyond capacity, at most the busy hour's excess all year, none when
        # the busy hour fits.
        capacity = gpus * 8760 * availability
        shortfall = results.kpi("shortfall_gpu_hours", year)
        excess = max(0.0, results.kpi("demand_gpu_hours", year) - capacity)
        work = max(0.0, results.kpi("busy_gpu_hours", year) - capacity)
        assert work * (1 - 1e-9) - 1e-6 <= shortfall <= excess * (1 + 1e-9) + 1e-6
        if excess == 0.0:
            assert shortfall == 0.0
        # Burst is priced per reference-GPU-equivalent hour, with its own yearly trend.
        trend = (1 + scenario.fleet.burst_price_change) ** (year - results.years[0])
        price = scenario.fleet.cloud_burst_usd_per_gpu_hour * trend
        speed = results.kpi("serving_speed_factor", year)
        assert results.kpi("cloud_burst_usd", year) == pytest.approx(
            shortfall * speed * price, rel=1e-9, abs=1e-6
        )


@given(scenarios())
def test_risk_figures_stay_in_their_ranges(scenario):
    y = core.evaluate(scenario).by_year
    assert ((y.risk_index >= 0) & (y.risk_index <= 100 + 1e-9)).all()
    for column in ("provider_hhi", "partner_hhi"):
        assert ((y[column] >= 0) & (y[column] <= 10_000 + 1e-6)).all()
    for column in ("risk_external_share", "risk_concentration", "risk_outage", "risk_price_shock"):
        assert ((y[column] >= 0) & (y[column] <= 1 + 1e-12)).all()


@given(scenarios(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_more_in_house_shift_never_raises_the_partner_share(scenario, a, b):
    """The partners' share; the external share may rise as a full fleet buys burst."""
    low, high = sorted((a, b))
    share = {}
    for lever in (low, high):
        results = core.evaluate(with_changes(scenario, {"levers.in_house_shift": lever}))
        share[lever] = (results.outputs.shares[0] * ~results.structure.in_house).sum(axis=2)
    assert (share[high] <= share[low] + 1e-12).all()


@given(scenarios(), st.floats(0.1, 10.0), st.floats(0.1, 10.0))
def test_a_bigger_price_shock_never_lowers_partner_spend(scenario, a, b):
    low, high = sorted((a, b))
    spend = {
        shock: core.evaluate(with_changes(scenario, {"levers.price_shock": shock})).series(
            "partner_spend_usd"
        )
        for shock in (low, high)
    }
    assert (spend[high] >= spend[low] * (1 - 1e-12)).all()


def _scaled(scenario: core.Scenario, a: float, b: float) -> tuple[core.Results, ...]:
    """The scenario evaluated at the smaller and the larger of two fleet scales."""
    return tuple(core.evaluate(with_changes(scenario, {"fleet.scale": s})) for s in sorted((a, b)))


@given(scenarios(), st.floats(1.0, 10.0), st.floats(1.0, 10.0))
def test_a_bigger_fleet_never_has_less_capacity(scenario, a, b):
    """Capacity counts GPUs: any bought generation adds it, however slow."""
    low, high = _scaled(scenario, a, b)
    capacity_low, capacity_high = (r.series("capacity_gpu_hours") for r in (low, high))
    assert (capacity_high >= capacity_low * (1 - 1e-12)).all()


@given(scenarios(), st.floats(1.0, 10.0), st.floats(1.0, 10.0))
def test_a_bigger_fleet_of_a_generation_at_least_as_fast_never_has_more_shortfall(scenario, a, b):
    """The property was wrong, not the model: the shortfall is in hours of the fleet's own,
    average GPU (docs/model.md#F-shortfall), and a slower bought generation lowers that
    average, so a bigger fleet of it can need more of its hours for the same unserved
    tokens. "At least as fast" is therefore what the model serves and trains with: every
    route's rate (roofline, NVLink domain, memory or measured) and the peak FLOP/s, not
    the spec sheet's peak and bandwidth alone, which missed a smaller NVLink domain.
    """
    rate_per_gpu_s = compile_scenario(scenario)[0].serving_rate  # (baseline / bought, P, M)
    assume((rate_per_gpu_s[1] >= rate_per_gpu_s[0]).all())
    bought, baseline = (
        scenario.gpu_spec(g) for g in (scenario.fleet.gpu, scenario.fleet.baseline_gpu)
    )
    assume(bought.peak_tflops >= baseline.peak_tflops)  # training runs at the peak
    low, high = _scaled(scenario, a, b)
    shortfall_low, shortfall_high = (r.series("shortfall_gpu_hours") for r in (low, high))
    assert (shortfall_high <= shortfall_low * (1 + 1e-9) + 1e-6).all()


@given(scenario_data())
def test_files_round_trip_exactly(data):
    scenario = parse_scenario(data)
    assert parse_scenario(json.loads(scenario_to_json(scenario))) == scenario


@given(scenarios())
def test_a_batch_of_one_scenario_equals_its_single_evaluation(scenario):
    structure, inputs = compile_scenario(scenario)
    batch = core.evaluate_batch(
        structure, inputs.with_values(scale=np.full(2, scenario.fleet.scale))
    )
    single = core.evaluate(scenario).by_year
    for column in ("total_cost_usd", "risk_index", "utilization", "partner_spend_usd"):
        expected = np.broadcast_to(single[column].to_numpy(), (2, len(single)))
        assert getattr(batch, column) == pytest.approx(expected, rel=1e-12, nan_ok=True), column


NAMES = ["m0", "m1", "m2", "m3"]


@given(
    st.dictionaries(st.sampled_from(NAMES), st.floats(0.0, 1.0), min_size=1),
    st.sampled_from(NAMES),
    st.floats(-1.0, 2.0),
    st.lists(st.sampled_from(NAMES), unique=True),
)
def test_a_routing_edit_always_leaves_a_whole_row_of_allowed_models(shares, model, value, allowed):
    allowed = [model, *(m for m in allowed if m != model)]
    row = rebalanced(shares, model, value, allowed)
    assert sum(row.values()) == pytest.approx(1.0)
    assert set(row) <= set(allowed)
    assert all(share > 0 for share in row.values())
    expected = 1.0 if len(allowed) == 1 else min(max(value, 0.0), 1.0)
    assert row.get(model, 0.0) == pytest.approx(expected)
