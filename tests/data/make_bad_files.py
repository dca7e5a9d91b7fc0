"""Regenerate tests/data/bad/: hostile and malformed scenario files, one flaw each.

Run from the repository root: `python tests/data/make_bad_files.py`. Each file's
expected error is asserted in tests/core/scenario/test_bad_files.py.
"""

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "bad"


def base() -> dict[str, Any]:
    data = json.loads((ROOT / "assets" / "default_scenario.json").read_text())
    data["gpu_catalog"] = json.loads((ROOT / "assets" / "gpu_catalog.json").read_text())[
        "gpu_catalog"
    ]
    return data


def with_name(data: dict[str, Any], name: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of the scenario fields of `data`, renamed, as a variant."""
    scenario = {
        k: v for k, v in copy.deepcopy(data).items() if k not in ("schema_version", "variants")
    }
    return scenario | {"name": name} | changes


def variant(edit: Any) -> str:
    data = copy.deepcopy(base())
    edit(data)
    return json.dumps(data, indent=1)


def version_2(edit: Any) -> str:
    """tests/data/v2's scenario, changed by `edit`: a hostile old file, migrated on load."""
    data = json.loads((ROOT / "tests" / "data" / "v2" / "baseline.scaledeck.json").read_text())
    edit(data)
    return json.dumps(data, indent=1)


def _v2_both_throughputs(data: dict[str, Any]) -> None:
    """A version-2 model giving its throughput twice: the old name and the new."""
    data["models"][0]["measured_tokens_per_gpu_s"] = 2_000.0


def _twin(table: str, index: int, name: str) -> Any:
    """An edit adding a copy of `table[index]` called `name` (a name differing in case only)."""

    def edit(data: dict[str, Any]) -> None:
        data[table].append(copy.deepcopy(data[table][index]) | {"name": name})

    return edit


def _v6_kv_not_a_number(data: dict[str, Any]) -> None:
    """A version-6 file whose all-layer KV bytes are text: migrated, then named."""
    data["schema_version"] = 6
    model = data["models"][0]
    del model["kv_bytes_per_token_per_layer"]
    model["kv_bytes_per_token"] = "lots"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    good = json.dumps(base(), indent=1)
    texts: dict[str, str | bytes] = {
        "truncated.json": good[: len(good) // 2],
        "empty.json": "",
        "top_level_array.json": "[1, 2, 3]",
        "missing_version.json": variant(lambda d: d.pop("schema_version")),
        "future_version.json": variant(lambda d: d.update(schema_version=99)),
        "wrong_type_scale.json": variant(lambda d: d["fleet"].update(scale="six")),
        "bool_for_number.json": variant(lambda d: d["fleet"].update(scale=True)),
        "negative_gpus.json": variant(lambda d: d["fleet"].update(baseline_gpus=-15000)),
        "scale_too_high.json": variant(lambda d: d["fleet"].update(scale=12)),
        "nan_value.json": good.replace('"pue": 1.15', '"pue": NaN'),
        "infinity.json": good.replace('"pue": 1.15', '"pue": Infinity'),
        "overflow_number.json": good.replace('"pue": 1.15', '"pue": 1e400'),
        "absurd_tokens.json": variant(lambda d: d["products"][0].update(tokens_per_year=1e30)),
        "unknown_model.json": variant(lambda d: d["products"][0]["routing"].update({"GPT-9": 0.0})),
        "shares_not_one.json": variant(
            lambda d: d["products"][2]["routing"].update({"GPT-5 class": 0.7})
        ),
        "duplicate_products.json": variant(
            lambda d: d["products"][1].update(name="GitHub Copilot")
        ),
        "no_products.json": variant(lambda d: d.update(products=[])),
        "unknown_gpu.json": variant(lambda d: d["fleet"].update(gpu="TPU9")),
        "partner_named_in_house.json": variant(
            lambda d: d["models"][3].update(provider="In-house")
        ),
        "in_house_only_to_partner.json": variant(
            lambda d: d["products"][5].update(routing={"GPT-5 class": 1.0})
        ),
        "unknown_field.json": variant(lambda d: d["fleet"].update(scael=6)),
        "bad_model_kind.json": variant(lambda d: d["models"][0].update(kind="robot")),
        "duplicate_key.json": good.replace('"scale": 1.0,', '"scale": 1.0, "scale": 9.0,'),
        # Keys one name once trimmed (as the schema trims names): the 0.2 was dropped.
        "duplicate_key_once_trimmed.json": variant(
            lambda d: d["products"][0]["routing"].update({" GPT-5 class": 0.2})
        ),
        "not_utf8.json": good.replace("Baseline", "Baseline \u00e9").encode("latin-1"),
        "horizon_reversed.json": variant(lambda d: d["horizon"].update(end_year=2020)),
        "missing_quality_task.json": variant(lambda d: d["models"][3]["quality"].pop("sheets")),
        "deeply_nested.json": "[" * 100_000 + "]" * 100_000,
        "control_characters.json": variant(lambda d: d["products"][0].update(name="Git\u0007Hub")),
        "invisible_characters.json": variant(lambda d: d.update(name="Base\u202eenil")),
        "blank_name.json": variant(lambda d: d.update(name="\u3164")),
        "too_many_products.json": variant(
            lambda d: d.update(products=[{"name": f"p{i}"} for i in range(100_000)])
        ),
        "train_year_without_tokens.json": variant(lambda d: d["models"][1].update(train_tokens=0)),
        "unknown_fallback.json": variant(lambda d: d["products"][0].update(fallback=["Gemini"])),
        "eleven_mb.json": good.replace("{", "{" + " " * (11 * 1024 * 1024), 1),
        "variant_bad_shares.json": variant(
            lambda d: d.update(
                variants=[with_name(d, "Scaled", {"fleet": {**d["fleet"], "scale": 60}})]
            )
        ),
        "duplicate_variant_name.json": variant(
            lambda d: d.update(variants=[with_name(d, "Baseline", {})])
        ),
        "variants_not_a_list.json": variant(lambda d: d.update(variants={"a": 1})),
        "huge_float.json": variant(lambda d: d["fleet"].update(scale=1e308)),
        "null_values.json": variant(lambda d: d["fleet"].update(pue=None)),
        "number_as_key.json": good.replace('"routing": {', '"routing": {"1": 0.0, ', 1),
        "experts_per_token_above_experts.json": variant(
            lambda d: d["models"][0].update(experts=8, experts_per_token=16)
        ),
        "dense_with_routed_parameters.json": variant(lambda d: d["models"][0].update(experts=0)),
        # Experts per token on a dense model passed, then the serving physics warned
        # "invalid value encountered in power"; a mixture's missing one read as out of range.
        "mixture_without_experts_per_token.json": variant(
            lambda d: d["models"][2].update(experts=2)
        ),
        "unknown_attention.json": variant(lambda d: d["models"][0].update(attention="linear")),
        "layers_not_whole.json": variant(lambda d: d["models"][0].update(layers=60.5)),
        "negative_fp4.json": variant(lambda d: d["gpu_catalog"][0].update(fp4_tflops=-1)),
        "zero_scale_up.json": variant(lambda d: d["gpu_catalog"][0].update(scale_up_gb_s=0)),
        "v6_kv_not_a_number.json": variant(_v6_kv_not_a_number),
        "valleys_not_a_bool.json": variant(
            lambda d: d["fleet"].update(training_in_valleys="sometimes")
        ),
        "budget_zero.json": variant(lambda d: d.update(budget={"cost_usd_per_year": 0})),
        "budget_as_text.json": variant(
            lambda d: d.update(budget={"capex_cash_usd_per_year": "five billion"})
        ),
        "budget_year_outside.json": variant(
            lambda d: d.update(budget={"cost_by_year": [{"year": 2045, "usd": 5e9}]})
        ),
        "budget_year_twice.json": variant(
            lambda d: d.update(budget={"capex_cash_by_year": [{"year": 2028, "usd": 1e9}] * 2})
        ),
        "published_tco_negative.json": variant(
            lambda d: d["gpu_catalog"][1].update(published_tco_usd_per_gpu_hour=-1.22)
        ),
        "published_tco_as_text.json": variant(
            lambda d: d["gpu_catalog"][0].update(published_tco_usd_per_gpu_hour="$1.17/h")
        ),
        "wide_ep_not_a_bool.json": variant(lambda d: d["fleet"].update(wide_expert_parallel="yes")),
        "software_factor_negative.json": variant(
            lambda d: d.update(software_factor=[{"year": 2028, "factor": -1.5}])
        ),
        "software_factor_zero.json": variant(
            lambda d: d.update(software_factor=[{"year": 2028, "factor": 0}])
        ),
        "software_factor_nan.json": variant(
            lambda d: d.update(software_factor=[{"year": 2028, "factor": float("nan")}])
        ),
        "software_factor_year_outside.json": variant(
            lambda d: d.update(software_factor=[{"year": 2040, "factor": 2.0}])
        ),
        # Tiny positive rates passed and made evaluate and plan inf or NaN (review 2026-12).
        "software_factor_tiny.json": variant(
            lambda d: d.update(software_factor=[{"year": 2027, "factor": 1e-300}])
        ),
        "peak_tflops_tiny.json": variant(lambda d: d["gpu_catalog"][0].update(peak_tflops=1e-300)),
        "fp4_tflops_tiny.json": variant(lambda d: d["gpu_catalog"][2].update(fp4_tflops=1e-300)),
        "bandwidth_tiny.json": variant(
            lambda d: d["gpu_catalog"][0].update(memory_bandwidth_tb_s=5e-324)
        ),
        "scale_up_tiny.json": variant(lambda d: d["gpu_catalog"][0].update(scale_up_gb_s=1e-300)),
        "measured_throughput_tiny.json": variant(
            lambda d: d["models"][0].update(measured_tokens_per_gpu_s=1e-300)
        ),
        "fleet_availability_tiny.json": variant(lambda d: d["fleet"].update(availability=5e-324)),
        "mfu_train_tiny.json": variant(lambda d: d["models"][1].update(mfu_train=1e-300)),
        "request_tokens_tiny.json": variant(
            lambda d: d["products"][0].update(prompt_tokens=1e-300, output_tokens=1e-300)
        ),
        "active_params_tiny.json": variant(lambda d: d["models"][2].update(active_params=1e-320)),
        "total_params_tiny.json": variant(lambda d: d["models"][0].update(total_params=1e-300)),
        "v2_throughput_tiny.json": version_2(
            lambda d: d["models"][0].update(serve_tokens_per_gpu_s=1e-300)
        ),
        "v2_both_throughputs.json": version_2(_v2_both_throughputs),
        "v2_fraction_near_one.json": version_2(
            lambda d: d["products"][0].update(output_fraction=0.9999999999)
        ),
        # Names differing only in case read as one (`--scenario BASELINE` found neither).
        "gpu_names_differ_in_case.json": variant(_twin("gpu_catalog", 0, "h100")),
        "model_names_differ_in_case.json": variant(_twin("models", 0, "mai-1-preview")),
        "product_names_differ_in_case.json": variant(_twin("products", 0, "GITHUB COPILOT")),
        # Names that draw alike in other code points (full width; decomposed accents).
        "product_names_differ_in_unicode.json": variant(
            _twin("products", 0, "\uff27\uff49\uff54\uff28\uff55\uff42 Copilot")
        ),
        "variant_name_differs_in_case.json": variant(
            lambda d: d.update(variants=[with_name(d, "BASELINE", {})])
        ),
        "baseline_growth_inverted.json": variant(
            lambda d: d.update(
                status_thresholds={"baseline_growth_watch": 0.6, "baseline_growth_act": 0.3}
            )
        ),
    }
    for name, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (OUT / name).write_bytes(data)
    folder = OUT / "a_folder.json"  # a folder where a file is expected
    folder.mkdir(exist_ok=True)
    (folder / "keep.txt").write_text("A folder named like a scenario file.\n")
    # The symlink loop is made at test time (tests/hostile.py), never committed.


if __name__ == "__main__":
    main()
