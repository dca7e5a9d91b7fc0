"""The serving software's factor per year (docs/model.md#F-software-drift)."""

import numpy as np

import core
from core.engine.compiled import compile_scenario
from core.engine.kernel import queue_waits_s, run, software_factor
from core.scenario.edits import with_changes

SHIFTED = {"levers.in_house_shift": 0.4, "fleet.scale": 4.0}


def _outputs(changes: dict) -> core.engine.kernel.Outputs:
    return core.evaluate(with_changes(core.default_scenario(), SHIFTED | changes)).outputs


def test_a_factor_divides_in_house_hours_from_its_year_on():
    """x2 from 2029: each route's inference GPU-hours halve in 2029-2031, nothing before."""
    before = _outputs({})
    after = _outputs({"software_factor": [{"year": 2029, "factor": 2.0}]})
    hours, faster = before.inference_gpu_hours[0], after.inference_gpu_hours[0]
    assert hours[3:].sum() > 0
    np.testing.assert_allclose(faster[:3], hours[:3], rtol=1e-12)
    np.testing.assert_allclose(faster[3:], hours[3:] / 2.0, rtol=1e-12)
    np.testing.assert_array_equal(after.partner_spend_usd, before.partner_spend_usd)
    np.testing.assert_array_equal(after.training_gpu_hours, before.training_gpu_hours)
    assert (after.total_cost_usd[0, 3:] < before.total_cost_usd[0, 3:]).all()
    np.testing.assert_array_equal(after.software_factor[0], [1, 1, 1, 2, 2, 2])


def test_a_year_takes_the_latest_listed_factor():
    scenario = with_changes(
        core.default_scenario(),
        {"software_factor": [{"year": 2030, "factor": 3.0}, {"year": 2027, "factor": 1.5}]},
    )
    factors = [scenario.software_factor_in(year) for year in scenario.horizon.years]
    assert factors == [1.0, 1.5, 1.5, 1.5, 3.0, 3.0]


def test_the_default_lists_no_factor_and_serves_at_the_physics_rates():
    scenario = core.default_scenario()
    assert scenario.software_factor == ()
    s, x = compile_scenario(scenario)
    np.testing.assert_array_equal(software_factor(s, x), np.ones((1, 6)))
    listed_ones = with_changes(scenario, {"software_factor": [{"year": 2026, "factor": 1.0}]})
    assert core.evaluate(listed_ones).pv_cost_usd == core.evaluate(scenario).pv_cost_usd


def test_a_drawn_yearly_growth_compounds_from_the_start_year():
    scenario = with_changes(core.default_scenario(), SHIFTED)
    s, x = compile_scenario(scenario)
    grown = x.with_values(software_growth=np.array([1.0, 1.5]))
    factors = software_factor(s, grown.broadcast())
    np.testing.assert_allclose(factors[1], 1.5 ** np.arange(6))
    o = run(s, grown)
    np.testing.assert_allclose(
        o.inference_gpu_hours[1], o.inference_gpu_hours[0] / factors[1][:, None, None]
    )


def test_a_faster_stack_queues_no_longer_at_the_same_load():
    """A GPU serving x2 holds x2 the slots: the busy hour's waits do not grow."""
    scenario = with_changes(core.default_scenario(), SHIFTED)
    s, x = compile_scenario(scenario)
    o = run(s, x)
    utilization = o.demand_gpu_hours / o.fleet.capacity_gpu_hours
    waits = queue_waits_s(o.route_latency, o.inference_gpu_hours, utilization, o.software_factor)
    halved = queue_waits_s(
        o.route_latency, o.inference_gpu_hours / 2.0, utilization, 2.0 * np.ones((1, 6))
    )
    np.testing.assert_allclose(halved, waits, rtol=1e-12)
