"""Older scenario files upgrade one version at a time, before validation (docs/model.md#files).

Version 1 -> 2: variants became possible; nothing else changed.
Version 3 -> 4: capital has a cost, the site a facility and the burst price a trend; a
version-3 file keeps its numbers (cost of capital, facility capex and burst price change
0; no power cap).
Version 4 -> 5: availability moves from models to providers (their models fail together);
a provider takes the lowest availability of its models, so no outage is hidden; the risk
index gains its compute-dependency term at weight 1.
Version 5 -> 6: an optional build plan and routing per year; a version-5 file has neither,
so only the version number changes.
Version 6 -> 7: serving from a fitted step time (docs/model.md#F-serving). An in-house
model's KV bytes per token over all layers become bytes per layer (divided by its layers,
60 when it names none); its prefill and decode efficiencies go (fitted constants replace
them); its experts are derived from active and total until the file names them. GPUs keep
their figures; the new ones (FP8 and FP4 peaks, links) take the schema's defaults.
Version 7 -> 8: the optional budgets, the thresholds of a variant against its baseline
and `fleet.training_in_valleys`; a version-7 file has none of them, so only the version
number changes (no budget is set, and the new thresholds take their defaults).
Version 2 -> 3: serving physics and latency promises, without changing a file's numbers.
An in-house model's single throughput becomes its measured override; a product's output
fraction becomes a prompt and an output length with that fraction (the prompt length of
the default product of the same name, else 3,000 tokens); its busy hour is 1x the
average (version 2 sized for the average hour). The default products and partners take
the version-3 default's latency promises and figures; others the schema's defaults. A
problem with a value it moves is named by the field the old file has (`output_fraction`,
`serve_tokens_per_gpu_s`), and a model giving both throughputs is refused.
"""

import math
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from core.scenario.checks import Problem, ScenarioError
from core.scenario.messages import scenario_error
from core.scenario.schema import MAX_PROFILE_TOKENS, Throughput

GENERIC_PROMPT_TOKENS = 3_000.0
GENERIC_OUTPUT_TOKENS = 1_000.0
OLD_THROUGHPUT, THROUGHPUT = "serve_tokens_per_gpu_s", "measured_tokens_per_gpu_s"
THROUGHPUT_CHECK = TypeAdapter(Throughput)  # the version-3 field's type and bounds

# The version-3 default's workload profiles and promises (illustrative), by product name.
PROFILES: dict[str, dict[str, float]] = {
    "GitHub Copilot": {"prompt_tokens": 4_000, "p95_prompt_tokens": 16_000, "cache_hit": 0.5,
                       "ttft_slo_s": 2.5, "tpot_slo_ms": 25},
    "M365 Copilot Excel": {"prompt_tokens": 3_000, "p95_prompt_tokens": 12_000, "cache_hit": 0.5,
                           "ttft_slo_s": 3.0, "tpot_slo_ms": 40},
    "M365 Copilot PowerPoint": {"prompt_tokens": 2_800, "p95_prompt_tokens": 10_000,
                                "cache_hit": 0.5, "ttft_slo_s": 3.0, "tpot_slo_ms": 40},
    "M365 Copilot Word/Outlook/Teams": {"prompt_tokens": 3_000, "p95_prompt_tokens": 12_000,
                                        "cache_hit": 0.5, "ttft_slo_s": 3.0, "tpot_slo_ms": 40},
    "Copilot consumer": {"prompt_tokens": 1_200, "p95_prompt_tokens": 4_000, "cache_hit": 0.3,
                         "ttft_slo_s": 2.5, "tpot_slo_ms": 50},
    "Regulated-industry models": {"prompt_tokens": 3_000, "p95_prompt_tokens": 12_000,
                                  "cache_hit": 0.3, "ttft_slo_s": 4.0, "tpot_slo_ms": 50},
}  # fmt: skip
PARTNER_LATENCY: dict[str, dict[str, float]] = {
    "GPT-5 class": {"ttft_p95_s": 2.0, "tpot_p95_ms": 15},
    "Claude Sonnet class": {"ttft_p95_s": 2.0, "tpot_p95_ms": 15},
    "Claude Opus class": {"ttft_p95_s": 3.0, "tpot_p95_ms": 30},
}


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only added the optional `variants` list: a v1 file is a v2 file."""
    return {**data, "schema_version": 2}


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Serving inputs and workload profiles, for the baseline and every variant."""
    problems: list[Problem] = []
    upgraded = _scenario_v3(data, "", problems)
    variants = data.get("variants")
    if isinstance(variants, list):
        upgraded["variants"] = [
            _scenario_v3(v, f"variants[{i}].", problems) if isinstance(v, dict) else v
            for i, v in enumerate(variants)
        ]
    if problems:
        raise ScenarioError(problems)
    return {**upgraded, "schema_version": 3}


def _scenario_v3(data: dict[str, Any], prefix: str, problems: list[Problem]) -> dict[str, Any]:
    out = dict(data)
    if isinstance(data.get("models"), list):
        out["models"] = [
            _model_v3(m, f"{prefix}models[{i}]", problems) if isinstance(m, dict) else m
            for i, m in enumerate(data["models"])
        ]
    if isinstance(data.get("products"), list):
        out["products"] = [
            _product_v3(p, f"{prefix}products[{i}]", problems) if isinstance(p, dict) else p
            for i, p in enumerate(data["products"])
        ]
    return out


def _model_v3(model: dict[str, Any], path: str, problems: list[Problem]) -> dict[str, Any]:
    out = dict(model)
    if OLD_THROUGHPUT in out and THROUGHPUT in out:
        both = f"{OLD_THROUGHPUT} and {THROUGHPUT} are both given; version 3 renamed the first"
        problems.append(Problem(f"{path}.{OLD_THROUGHPUT}", both + " to the second: keep one"))
    elif OLD_THROUGHPUT in out:
        out[THROUGHPUT] = out.pop(OLD_THROUGHPUT)
        problems += _throughput_problems(out[THROUGHPUT], f"{path}.{OLD_THROUGHPUT}")
    if out.get("kind") == "partner":
        latency = PARTNER_LATENCY.get(str(out.get("name")), {})
        out = {**latency, **out}
    return out


def _product_v3(product: dict[str, Any], path: str, problems: list[Problem]) -> dict[str, Any]:
    out = dict(product)
    if "output_fraction" not in out:
        return out
    fraction = out.pop("output_fraction")
    if isinstance(fraction, bool) or not isinstance(fraction, int | float):
        problems.append(Problem(f"{path}.output_fraction", "must be a number from 0 to 1"))
        return out
    if not (math.isfinite(fraction) and 0.0 <= fraction <= 1.0):
        problems.append(Problem(f"{path}.output_fraction", f"{fraction} is not from 0 to 1"))
        return out
    profile = PROFILES.get(str(out.get("name")), {})
    prompt = float(profile.get("prompt_tokens", GENERIC_PROMPT_TOKENS))
    if fraction >= 1.0:
        prompt, output = 0.0, GENERIC_OUTPUT_TOKENS
    else:
        output = prompt * fraction / (1.0 - fraction)
    if output > MAX_PROFILE_TOKENS:  # named by the fraction: the old file has no output_tokens
        most = MAX_PROFILE_TOKENS / (MAX_PROFILE_TOKENS + prompt)
        problems.append(
            Problem(
                f"{path}.output_fraction",
                f"{fraction} makes {output:.3g} output tokens a request beside its {prompt:,.0f}"
                f"-token prompt; output_tokens is at most {MAX_PROFILE_TOKENS:g}, so the fraction "
                f"at most {most:.6g} (or 1: output only)",
            )
        )
    # Version 2 sized the fleet for the average hour: a busy hour of 1x keeps its numbers.
    return {
        **profile,
        **out,
        "prompt_tokens": prompt,
        "output_tokens": output,
        "peak_to_average": 1.0,
    }


def _throughput_problems(value: Any, path: str) -> list[Problem]:
    """The schema's problems with a version-2 throughput, named by `path`, its old field.

    Left to the schema, 1e-300 was said of `measured_tokens_per_gpu_s`, which the file lacks.
    """
    try:
        THROUGHPUT_CHECK.validate_python(value)
    except ValidationError as error:
        return list(scenario_error(error, path).problems)
    return []


# Version 3 counted money as version 1 did: capital free, no site, a flat burst price.
V3_MONEY = {"cost_of_capital": 0.0, "facility_capex_usd_per_mw": 0.0, "burst_price_change": 0.0}


def _each_scenario(
    data: dict[str, Any], upgrade: Callable[[dict[str, Any]], dict[str, Any]], version: int
) -> dict[str, Any]:
    """`upgrade` applied to the baseline and every variant; the file becomes `version`."""
    upgraded = upgrade(data)
    variants = data.get("variants")
    if isinstance(variants, list):
        upgraded["variants"] = [upgrade(v) if isinstance(v, dict) else v for v in variants]
    return {**upgraded, "schema_version": version}


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Money over time, with the settings that keep a version-3 file's numbers."""
    return _each_scenario(data, _fleet_v4, 4)


def _fleet_v4(data: dict[str, Any]) -> dict[str, Any]:
    fleet = data.get("fleet", {})
    if not isinstance(fleet, dict):
        return dict(data)  # the schema says what is wrong with it
    return {**data, "fleet": {**V3_MONEY, **fleet}}


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Provider availability from the models' own, for the baseline and every variant."""
    return _each_scenario(data, _providers_v5, 5)


def _providers_v5(data: dict[str, Any]) -> dict[str, Any]:
    models = data.get("models")
    if not isinstance(models, list):
        return dict(data)  # the schema says what is wrong with it
    availability: dict[str, Any] = {}
    upgraded = []
    for model in models:
        if not isinstance(model, dict) or "availability" not in model:
            upgraded.append(model)
            continue
        model = dict(model)
        value = model.pop("availability")
        partner = model.get("kind") == "partner"
        provider = str(model.get("provider", "")) if partner else "In-house"
        known = availability.get(provider)
        if known is None or not _is_number(value) or (_is_number(known) and value < known):
            availability[provider] = value  # a bad value stays for the schema to name
        upgraded.append(model)
    listed = data.get("provider_availability")
    if isinstance(listed, dict):  # a file that lists them already keeps its own figures
        availability |= listed
    return {**data, "models": upgraded, "provider_availability": availability}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _v5_to_v6(data: dict[str, Any]) -> dict[str, Any]:
    """Version 6 only added the optional plan fields: a v5 file is a v6 file."""
    return {**data, "schema_version": 6}


V6_LAYERS = 60  # the schema's default layers, for a version-6 model that names none
V6_EFFICIENCIES = ("prefill_efficiency", "decode_efficiency")


def _v6_to_v7(data: dict[str, Any]) -> dict[str, Any]:
    """Per-layer KV bytes and no per-model efficiencies, for the baseline and every variant."""
    return _each_scenario(data, _models_v7, 7)


def _models_v7(data: dict[str, Any]) -> dict[str, Any]:
    models = data.get("models")
    if not isinstance(models, list):
        return dict(data)  # the schema says what is wrong with it
    return {**data, "models": [_model_v7(m) if isinstance(m, dict) else m for m in models]}


def _model_v7(model: dict[str, Any]) -> dict[str, Any]:
    if model.get("kind") != "in_house":
        return model
    out = {k: v for k, v in model.items() if k not in V6_EFFICIENCIES}
    if "kv_bytes_per_token" in out:
        kv = out.pop("kv_bytes_per_token")
        layers = out.get("layers", V6_LAYERS)
        usable = _is_number(kv) and isinstance(layers, int) and not isinstance(layers, bool)
        # A bad value stays, under its new name, for the schema to name.
        out["kv_bytes_per_token_per_layer"] = kv / layers if usable and layers > 0 else kv
    return out


def _v7_to_v8(data: dict[str, Any]) -> dict[str, Any]:
    """Version 8 only added optional fields (docs/model.md#files): a v7 file is a v8 file."""
    return {**data, "schema_version": 8}


def _v8_to_v9(data: dict[str, Any]) -> dict[str, Any]:
    """Version 9 only added the catalog's optional published TCO: a v8 file is a v9 file."""
    return {**data, "schema_version": 9}


def _v9_to_v10(data: dict[str, Any]) -> dict[str, Any]:
    """Version 10 only added the optional software factor: a v9 file is a v10 file."""
    return {**data, "schema_version": 10}


def _v10_to_v11(data: dict[str, Any]) -> dict[str, Any]:
    """Version 11 only added the optional `fleet.wide_expert_parallel`: a v10 file is a v11 file."""
    return {**data, "schema_version": 11}


# Older schema versions upgrade one step at a time: version -> function returning version + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
    7: _v7_to_v8,
    8: _v8_to_v9,
    9: _v9_to_v10,
    10: _v10_to_v11,
}
