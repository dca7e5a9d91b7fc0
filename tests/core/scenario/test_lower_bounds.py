"""Rates a formula divides by have physical lower bounds (docs/file-format.md#lower-bounds).

The hostile-input review found 1e-300 accepted for a software factor, a GPU's peaks, links
and bandwidth, a measured throughput and a request's tokens: validation passed, then
`evaluate --json` died on "Out of range float values are not JSON compliant: inf" and the
plan on "b_ub must not contain values inf, nan". Here a file with every such field at its
bound, beside the largest volumes and growth, evaluates and plans with no figure inf or NaN.
"""

import json
import math
from typing import Any

import pytest
from scopes import SHARED

import core
from cli.main import main
from cli.model_commands import results_json
from core.scenario.edits import with_changes
from core.scenario.schema import MIN_TFLOPS, MIN_TOKENS_PER_GPU_S

AT_BOUNDS_GPU = {
    "peak_tflops": MIN_TFLOPS,
    "fp8_tflops": MIN_TFLOPS,
    "memory_bandwidth_tb_s": 0.01,
    "scale_up_gb_s": 1.0,
    "scale_out_gb_s": 0.1,
}


def unset_figures(data: Any, path: str = "") -> set[str]:
    """The paths of `evaluate --json`'s nulls: figures that came out inf or NaN."""
    if isinstance(data, dict):
        return {p for k, v in data.items() for p in unset_figures(v, f"{path}.{k}")}
    if isinstance(data, list):
        return {p for i, v in enumerate(data) for p in unset_figures(v, f"{path}[{i}]")}
    if data is None or (isinstance(data, float) and not math.isfinite(data)):
        return {path}
    return set()


def evaluated(scenario: core.Scenario) -> dict[str, Any]:
    """`evaluate --json`'s object, written as the command writes it (no NaN allowed)."""
    text = json.dumps(results_json(core.evaluate(scenario), scenario, None), allow_nan=False)
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@pytest.fixture(scope=SHARED)
def default_unset() -> set[str]:
    """The default's nulls (cost per token of a year with none, ...): not this test's concern."""
    return unset_figures(evaluated(core.default_scenario()))


def at_bounds(
    gpu: str, fp4: bool, most_volume: bool, gpu_bounds: dict[str, float] = AT_BOUNDS_GPU
) -> core.Scenario:
    """The default on a fleet of `gpu`, its `gpu_bounds` and every other bounded rate at its
    bound and each request of one token; if `most_volume`, 1e19 tokens a year growing x11."""
    scenario = core.default_scenario()
    index = [g.name for g in scenario.gpu_catalog].index(gpu)
    changes: dict[str, Any] = {"fleet.gpu": gpu, "fleet.baseline_gpu": gpu}
    changes |= {f"gpu_catalog[{index}].{k}": v for k, v in gpu_bounds.items()}
    changes |= {f"gpu_catalog[{index}].fp4_tflops": MIN_TFLOPS} if fp4 else {}
    changes["fleet.availability"] = 0.01
    changes["software_factor"] = [{"year": y, "factor": 0.01} for y in scenario.horizon.years]
    for i, model in enumerate(scenario.models):
        if model.kind == "in_house":
            changes[f"models[{i}].measured_tokens_per_gpu_s"] = MIN_TOKENS_PER_GPU_S
            changes |= {f"models[{i}].bytes_per_param": 0.5625} if fp4 else {}
    request = {"prompt_tokens": 0.0, "output_tokens": 1.0, "p95_prompt_tokens": 0.0}
    request |= {"tokens_per_year": 1e19, "growth": 10.0} if most_volume else {}
    for i in range(len(scenario.products)):
        changes |= {f"products[{i}].{k}": v for k, v in request.items()}
    return with_changes(scenario, changes)


@pytest.mark.parametrize(("gpu", "fp4"), [("H100", False), ("B200", True)])
def test_every_rate_at_its_bound_evaluates_to_finite_figures(gpu, fp4, default_unset):
    assert unset_figures(evaluated(at_bounds(gpu, fp4, most_volume=True))) <= default_unset


LATENCY_KEPT = {k: v for k, v in AT_BOUNDS_GPU.items() if k in ("peak_tflops", "scale_up_gb_s")}


@pytest.mark.parametrize(
    ("most_volume", "gpu_bounds", "exit_code", "refusal"),
    [
        (False, LATENCY_KEPT, 0, ""),
        # An H100 of 1 TFLOP/s FP8 keeps no latency promise, so the other generations must
        # serve 1e19 tokens x 11^5 a year alone: more than the 10 million GPUs a plan may add.
        (True, AT_BOUNDS_GPU, 2, "error: plan: no plan meets the constraints together "
                                 "(quality floors and limits)\n"),
    ],
)  # fmt: skip
def test_every_rate_at_its_bound_plans_or_says_why_not_in_one_line(
    tmp_path, capsys, most_volume, gpu_bounds, exit_code, refusal
):
    """linprog's traceback before: "b_ub must not contain values inf, nan, or None"."""
    path = tmp_path / "at_bounds.json"
    core.save_scenario(at_bounds("H100", False, most_volume, gpu_bounds), path)
    assert main(["plan", str(path), "--json"]) == exit_code
    out, err = capsys.readouterr()
    assert err == refusal
    if exit_code == 0:
        plan = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the plan"))
        assert math.isfinite(plan["pv_cost_usd"])


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"gpu_catalog[0].fp8_tflops": 0.5}, "gpu_catalog[0].fp8_tflops: 0.5 is below the minimum 1"),
        (
            {"gpu_catalog[0].scale_out_gb_s": 0.05},
            "gpu_catalog[0].scale_out_gb_s: 0.05 is below the minimum 0.1",
        ),
        ({"gpu_catalog[2].fp4_tflops": 0.0}, None),  # 0: no FP4 arithmetic, as before
        (
            {"products[0].prompt_tokens": 0.0, "products[0].output_tokens": 0.5},
            "products[0].output_tokens: a request needs at least 1 token: prompt_tokens + "
            "output_tokens is 0.5",
        ),
        ({"products[0].prompt_tokens": 0.0, "products[0].output_tokens": 1.0}, None),
        ({"fleet.availability": 0.001}, "fleet.availability: 0.001 is below the minimum 0.01"),
    ],
)  # fmt: skip
def test_each_bound_is_named_with_its_field(changes, problem):
    if problem is None:
        with_changes(core.default_scenario(), changes)
        return
    with pytest.raises(core.ScenarioError) as refused:
        with_changes(core.default_scenario(), changes)
    assert problem in [str(p) for p in refused.value.problems]
