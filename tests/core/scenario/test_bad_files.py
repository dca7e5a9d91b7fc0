"""Every hostile file in tests/data/bad/ gives its own specific, one-line error."""

import subprocess
import sys

import pytest
from hostile import COMMITTED, names

import core

EXPECTED = {
    "truncated.json": "is not valid JSON: Unterminated string",
    "empty.json": "is not valid JSON: Expecting value (line 1, column 1)",
    "top_level_array.json": "file: expected a JSON object, got an array",
    "missing_version.json": "schema_version: is required",
    "future_version.json": "schema_version: the file is version 99, this ScaleDeck reads versions up to 11",
    "wrong_type_scale.json": "fleet.scale: must be a valid number, got a string 'six'",
    "bool_for_number.json": "fleet.scale: must be a valid number, got a boolean True",
    "negative_gpus.json": "fleet.baseline_gpus: -15000 is below the minimum 1",
    "scale_too_high.json": "fleet.scale: 12 is above the maximum 10",
    "nan_value.json": "fleet.pue: NaN is not allowed",
    "infinity.json": "fleet.pue: Infinity is not allowed",
    "overflow_number.json": "fleet.pue: number 1e400 is out of range",
    "absurd_tokens.json": "products[0].tokens_per_year: 1e+30 is above the maximum 1e+19",
    "unknown_model.json": "products[0].routing: unknown model 'GPT-9'",
    "shares_not_one.json": "products[2].routing: shares sum to 1.30, must be 1.00",
    "duplicate_products.json": "products[1].name: 'GitHub Copilot' is used twice (also products[0])",
    "no_products.json": "products: has 0 entries; at least 1",
    "unknown_gpu.json": "fleet.gpu: unknown GPU 'TPU9'",
    "partner_named_in_house.json": "models[3].provider: 'In-house' names the owned fleet",
    "in_house_only_to_partner.json": "products[5].routing: in-house-only product routed to partner model 'GPT-5 class'",
    "unknown_field.json": "fleet.scael: is not a known field",
    "bad_model_kind.json": "models[0]: kind 'robot' is not one of 'in_house', 'partner'",
    "duplicate_key.json": "key 'scale' appears twice in one object",
    "duplicate_key_once_trimmed.json": "key 'GPT-5 class' appears twice in one object",
    "not_utf8.json": "is not UTF-8 text",
    "horizon_reversed.json": "horizon: end_year 2020 is before start_year 2026",
    "missing_quality_task.json": "models[3].quality: no score for task 'sheets'",
    "deeply_nested.json": "is nested too deeply",
    "control_characters.json": "products[0].name: 'Git\\x07Hub' contains control characters (U+0007)",
    "invisible_characters.json": "name: 'Base\\u202eenil' contains invisible characters (U+202E RIGHT-TO-LEFT OVERRIDE)",
    "blank_name.json": "name: '\\u3164' contains invisible characters (U+3164 HANGUL FILLER)",
    "too_many_products.json": "products: has 100,000 entries; at most 1,000 are allowed",
    "weights_do_not_fit.json": "models[1].total_params: MAI-2's weights do not fit: 5,000 GB on 64 x H100 (4,864 GB usable), nor on 72 (67 GB of shared weights and 69 GB of experts on each GPU, 76 GB usable)",
    "request_without_tokens.json": "products[2].output_tokens: a request needs at least 1 token: prompt_tokens + output_tokens is 0",
    "zero_latency_promise.json": "products[0].tpot_slo_ms: 0 is below the minimum 0.001",
    "v2_fraction_not_a_number.json": "products[1].output_fraction: must be a number from 0 to 1",
    "v3_with_v2_throughput.json": "models[0].serve_tokens_per_gpu_s: is not a known field",
    "cost_of_capital_too_high.json": "fleet.cost_of_capital: 0.8 is above the maximum 0.5",
    "power_cap_zero.json": "fleet.power_cap_mw: 0 must be above 0",
    "facility_life_not_whole.json": "fleet.facility_life_years: must be a valid integer, got a number 2.5",
    "train_year_without_tokens.json": "models[1].train_year: give train_year and train_tokens together",
    "unknown_fallback.json": "products[0].fallback: unknown model 'Gemini'",
    "eleven_mb.json": "is 11.0 MB; scenario files are at most 10 MB",
    "variant_bad_shares.json": "variants[0].fleet.scale: 60 is above the maximum 10",
    "duplicate_variant_name.json": "variants[0].name: 'Baseline' is already the name of the baseline",
    "variants_not_a_list.json": "variants: must be an array, got an object",
    "huge_float.json": "fleet.scale: 1e+308 is above the maximum 10",
    "null_values.json": "fleet.pue: must be a valid number, got null",
    "number_as_key.json": "products[0].routing: unknown model '1'",
    "unknown_provider_availability.json": "provider_availability.Gemini: no model is served by 'Gemini'",
    "provider_availability_zero.json": "provider_availability.OpenAI: 0 must be above 0",
    "v5_model_availability.json": "models[3].availability: is not a known field (availability is per provider since version 5: provider_availability)",
    "build_plan_unknown_gpu.json": "build_plan[0].gpu: unknown GPU 'TPU9'",
    "build_plan_outside_horizon.json": "build_plan[0].year: 2040 is outside the horizon 2026-2031",
    "build_plan_negative.json": "build_plan[0].gpus: -5 is below the minimum 0",
    "routing_by_year_not_one.json": "routing_by_year[0].routing: shares sum to 0.70, must be 1.00",
    "status_thresholds_inverted.json": "status_thresholds: hhi: act (2000) is below watch (3000)",
    "experts_per_token_above_experts.json": "models[0]: experts_per_token must be 1 to experts (8) for a mixture",
    "dense_with_routed_parameters.json": "models[0]: a dense model (experts 0) uses every parameter: total equals active",
    "mixture_without_experts_per_token.json": "models[2].experts_per_token: is missing: a mixture of 2 experts needs 1 to 2 a token",
    "unknown_attention.json": "models[0].attention: 'gqa' or 'mla'",
    "layers_not_whole.json": "models[0].layers: must be a valid integer, got a number 60.5",
    "negative_fp4.json": "gpu_catalog[0].fp4_tflops: -1 is below the minimum 0",
    "zero_scale_up.json": "gpu_catalog[0].scale_up_gb_s: 0 is below the minimum 1",
    "v6_kv_not_a_number.json": "models[0].kv_bytes_per_token_per_layer: must be a valid number, got a string 'lots'",
    "valleys_not_a_bool.json": "fleet.training_in_valleys: must be a valid boolean, got a string 'sometimes'",
    "budget_zero.json": "budget.cost_usd_per_year: 0 must be above 0",
    "budget_as_text.json": "budget.capex_cash_usd_per_year: must be a valid number, got a string 'five billion'",
    "budget_year_outside.json": "budget.cost_by_year[0].year: 2045 is outside the horizon 2026-2031",
    "budget_year_twice.json": "budget.capex_cash_by_year[1].year: 2028 is listed twice",
    "published_tco_negative.json": "gpu_catalog[1].published_tco_usd_per_gpu_hour: -1.22 must be above 0",
    "published_tco_as_text.json": "gpu_catalog[0].published_tco_usd_per_gpu_hour: must be a valid number, got a string '$1.17/h'",
    "wide_ep_not_a_bool.json": "fleet.wide_expert_parallel: must be a valid boolean, got a string 'yes'",
    "software_factor_negative.json": "software_factor[0].factor: -1.5 is below the minimum 0.01",
    "software_factor_zero.json": "software_factor[0].factor: 0 is below the minimum 0.01",
    "software_factor_nan.json": "software_factor[0].factor: NaN is not allowed",
    "software_factor_year_outside.json": "software_factor[0].year: 2040 is outside the horizon 2026-2031",
    "baseline_growth_inverted.json": "status_thresholds: baseline_growth: act (0.3) is below watch (0.6)",
    "software_factor_tiny.json": "software_factor[0].factor: 1e-300 is below the minimum 0.01",
    "peak_tflops_tiny.json": "gpu_catalog[0].peak_tflops: 1e-300 is below the minimum 1",
    "fp4_tflops_tiny.json": "gpu_catalog[2].fp4_tflops: 1e-300 is neither 0 (no FP4 arithmetic) nor at least 1 TFLOP/s",
    "bandwidth_tiny.json": "gpu_catalog[0].memory_bandwidth_tb_s: 4.94066e-324 is below the minimum 0.01",
    "scale_up_tiny.json": "gpu_catalog[0].scale_up_gb_s: 1e-300 is below the minimum 1",
    "measured_throughput_tiny.json": "models[0].measured_tokens_per_gpu_s: 1e-300 is below the minimum 0.01",
    "fleet_availability_tiny.json": "fleet.availability: 4.94066e-324 is below the minimum 0.01",
    "mfu_train_tiny.json": "models[1].mfu_train: 1e-300 is below the minimum 0.01",
    "request_tokens_tiny.json": "products[0].output_tokens: a request needs at least 1 token: prompt_tokens + output_tokens is 2e-300",
    "active_params_tiny.json": "models[2].active_params: 9.99989e-321 is below the minimum 1e+06",
    "total_params_tiny.json": "models[0].total_params: 1e-300 is below the minimum 1e+06",
    "v2_throughput_tiny.json": "models[0].serve_tokens_per_gpu_s: 1e-300 is below the minimum 0.01",
    "v2_both_throughputs.json": "models[0].serve_tokens_per_gpu_s: serve_tokens_per_gpu_s and measured_tokens_per_gpu_s are both given; version 3 renamed the first to the second: keep one",
    "v2_fraction_near_one.json": "products[0].output_fraction: 0.9999999999 makes 4e+13 output tokens a request beside its 4,000-token prompt; output_tokens is at most 1e+07, so the fraction at most 0.9996 (or 1: output only)",
    "product_names_differ_in_unicode.json": "products[6].name: 'ＧｉｔＨｕｂ Copilot' reads the same as 'GitHub Copilot', spelt with other Unicode characters (products[0])",
    "gpu_names_differ_in_case.json": "gpu_catalog[9].name: 'h100' differs only in case from 'H100' (gpu_catalog[0])",
    "model_names_differ_in_case.json": "models[6].name: 'mai-1-preview' differs only in case from 'MAI-1-preview' (models[0])",
    "product_names_differ_in_case.json": "products[6].name: 'GITHUB COPILOT' differs only in case from 'GitHub Copilot' (products[0])",
    "variant_name_differs_in_case.json": "variants[0].name: 'BASELINE' differs only in case from 'Baseline', the name of the baseline",
    "a_folder.json": "is a folder, not a file",
    "symlink_loop.json": "Too many levels of symbolic links",
    "symlink_loop_b.json": "Too many levels of symbolic links",
}


def test_every_bad_file_has_an_expectation():
    assert names() == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_its_specific_error(name, hostile_folder):
    with pytest.raises(core.ScenarioError) as caught:
        core.load_scenario(hostile_folder / name)
    lines = [str(p) for p in caught.value.problems]
    assert any(EXPECTED[name] in line for line in lines), lines


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_needs_bounded_memory(name, hostile_folder):
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(core.ScenarioError):
            core.load_scenario(hostile_folder / name)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"{name} peaked at {peak / 2**20:.0f} MB"


def test_folder_and_missing_file_are_reported(tmp_path):
    with pytest.raises(core.ScenarioError, match="is a folder"):
        core.load_scenario(tmp_path)
    with pytest.raises(core.ScenarioError, match="No such file"):
        core.load_scenario(tmp_path / "absent.json")


def test_validate_command_prints_one_line_per_problem_and_no_traceback():
    files = [
        str(COMMITTED / name)
        for name in ("shares_not_one.json", "truncated.json", "eleven_mb.json")
    ]
    for path in files:
        done = subprocess.run(
            [sys.executable, "-m", "cli.main", "validate", path],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("error: ")
        assert done.stdout == ""
