"""Each generation its own physics, in the evaluator and the plan (issue 25, item 1).

docs/model.md#F-generations: every GPU time-shares the year's work, so a route's tokens
per GPU-second are the GPU-weighted mean of each generation's own rate (the serving
model's, per product, model and generation), training runs at the mean peak, and burst
buys the shortfall in reference-GPU hours at the fleet's speed on its own work. A ramp
and a build plan holding the same GPUs therefore give the same figures.
"""

import numpy as np
import pytest

import core
from core.engine.compiled import compile_scenario
from core.plan.solve import recommend_plan
from core.scenario.edits import with_changes

CATALOG = [g.name for g in core.default_scenario().gpu_catalog]
COMPARED = (
    "total_cost_usd",
    "inference_gpu_hours",
    "training_gpu_hours",
    "shortfall_gpu_hours",
    "cloud_burst_usd",
    "slo_breach_tokens",
    "risk_index",
    "pv_cost_usd",
)


def _ramp(gpu: str, scale: float) -> core.Scenario:
    """The default buying `gpu` up to `scale` x its 15,000 H100s by 2029, half in house."""
    changes = {"fleet.gpu": gpu, "fleet.scale": scale, "levers.in_house_shift": 0.5}
    return with_changes(core.default_scenario(), changes)


@pytest.mark.parametrize("scale", [1.5, 6.0, 10.0])
@pytest.mark.parametrize("gpu", CATALOG)
def test_a_ramp_and_the_plan_of_its_gpus_give_the_same_figures(gpu: str, scale: float):
    """The ramp's whole additions (5,000 x (scale - 1) a year to 2029) written as a plan.

    The baseline is refreshed as `gpu` in 2031 (a six-year life): both keep it so.
    """
    ramp = _ramp(gpu, scale)
    added = np.diff(core.evaluate(ramp).outputs.fleet.gpus[0], prepend=15_000.0)
    rows = [
        {"year": year, "gpu": gpu, "gpus": int(n)}
        for year, n in zip(ramp.horizon.years, added, strict=True)
        if n > 0
    ]
    assert sum(r["gpus"] for r in rows) == pytest.approx(15_000 * (scale - 1))
    planned = with_changes(ramp, {"build_plan": rows})
    a, b = core.evaluate(ramp).outputs, core.evaluate(planned).outputs
    for name in COMPARED:
        np.testing.assert_allclose(getattr(b, name), getattr(a, name), rtol=1e-9, err_msg=name)
    np.testing.assert_allclose(b.fleet.serving_factor, a.fleet.serving_factor, rtol=1e-12)
    np.testing.assert_allclose(b.fleet.training_factor, a.fleet.training_factor, rtol=1e-12)


def test_a_mixed_fleet_serves_at_its_generations_own_rates(tiny):
    """1,000 REF and a plan of 100 NEW in 2027; Own served by the fitted model (no measured
    figure), so NEW's rate is its own deployment's, not REF's times the bandwidth ratio.

    Own's tokens per GPU-second in 2027: (1,000 x rate_REF + 100 x rate_NEW) / 1,100;
    its hours are tokens / (3,600 x that). Training would run at (1,000 + 100 x 2) / 1,100
    of REF's peak. Burst buys the shortfall at the fleet's speed on its work, in REF hours.
    """
    base = tiny({"models[0].measured_tokens_per_gpu_s": None, "products[0].routing": {"Own": 1.0}})
    scenario = with_changes(base, {"build_plan": [{"year": 2027, "gpu": "NEW", "gpus": 100}]})
    s, _ = compile_scenario(scenario)
    assert s.generation_names == ("REF", "NEW")
    ref_rate, new_rate = s.generation_rate[0, 0, 0], s.generation_rate[1, 0, 0]
    assert new_rate / ref_rate != pytest.approx(2.0, rel=1e-3)  # not the bandwidth ratio
    o = core.evaluate(scenario).outputs
    tokens = o.tokens[0, :, 0]
    rate_2027 = (1000 * ref_rate + 100 * new_rate) / 1100
    hours = o.inference_gpu_hours[0, :, 0, 0]
    assert hours[0] == pytest.approx(tokens[0] / (3600 * ref_rate), rel=1e-12)
    assert hours[1] == pytest.approx(tokens[1] / (3600 * rate_2027), rel=1e-12)
    assert o.fleet.training_factor[0].tolist() == pytest.approx([1.0, 1200 / 1100], rel=1e-12)
    reference_hours = tokens[1] / (3600 * ref_rate)
    assert o.fleet.serving_factor[0, 1] == pytest.approx(reference_hours / hours[1], rel=1e-12)
    assert o.cloud_burst_usd[0, 1] == pytest.approx(
        o.shortfall_gpu_hours[0, 1] * o.fleet.serving_factor[0, 1] * 5.0, rel=1e-12
    )


def test_the_default_plan_buys_no_generation_slower_than_h100_on_its_work():
    """By memory bandwidth an MI300X is 1.58 H100s (the old plan bought only MI300X); by its
    own serving it is 0.2-0.9 of one on the default's routes, so the plan leaves it."""
    plan = recommend_plan(core.default_scenario())
    bought = {g for row in plan.build.values() for g in row}
    assert bought
    assert "MI300X" not in bought
    assert plan.solution is not None
    speed = plan.solution.data.speed[0]
    names = plan.solution.data.structure.generation_names
    for gpu in bought:
        assert (speed[:, names.index(gpu)] > 1.0).all()
    assert plan.pv_cost_usd == pytest.approx(core.evaluate(plan.scenario).pv_cost_usd, rel=1e-12)
