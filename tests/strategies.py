"""Hypothesis strategies for whole scenarios that vary everything a file can vary.

`scenarios()` draws any number of GPUs, models and products: in-house models disabled,
late or trained inside the horizon, partners absent or from several providers, floors,
fallback chains (empty, partial, all non-serving), in-house-only products, levers, risk
weights and horizons. Every draw is valid by construction, so a property that fails has
found a bug in the model, never in the generator.
"""

from typing import Any

from hypothesis import strategies as st

import core

TASKS = ("coding", "docs", "chat")
PROVIDERS = ("P0", "P1", "P2")
RISK_TERMS = ("external_share", "concentration", "outage", "price_shock", "compute_dependency")


def _num(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def _gpu(draw: st.DrawFn, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "peak_tflops": draw(_num(100.0, 5000.0)),
        "memory_bandwidth_tb_s": draw(_num(1.0, 10.0)),
        "tdp_w": draw(_num(300.0, 1500.0)),
        "memory_gb": draw(_num(40.0, 300.0)),
        "capex_usd": draw(_num(10_000.0, 200_000.0)),
        "cloud_usd_per_gpu_hour": draw(_num(0.0, 20.0)),
        "nvlink_domain": draw(st.sampled_from([1, 4, 8, 72])),
        "published_tco_usd_per_gpu_hour": draw(st.one_of(st.none(), _num(0.01, 1000.0))),
    }


@st.composite
def _in_house(draw: st.DrawFn, name: str, start: int, end: int) -> dict[str, Any]:
    active = draw(_num(1e9, 5e11))
    bytes_per_param = draw(st.sampled_from([0.5, 1.0, 2.0]))
    # Weights fit on 64 GPUs of the smallest catalog memory (40 GB): at most ~2.3 TB.
    total = min(active * draw(_num(1.0, 20.0)), 2e12 / bytes_per_param)
    model: dict[str, Any] = {
        "kind": "in_house",
        "name": name,
        "enabled": draw(st.booleans()),
        "active_params": min(active, total),
        "total_params": total,
        "bytes_per_param": bytes_per_param,
        "kv_bytes_per_token_per_layer": draw(_num(0.0, 5_000.0)),
        "available_from": draw(st.integers(start - 2, end + 1)),
        "mfu_train": draw(_num(0.1, 0.9)),
        "measured_tokens_per_gpu_s": draw(st.one_of(st.none(), _num(10.0, 10_000.0))),
        "quality": {task: draw(_num(0.0, 100.0)) for task in TASKS},
    }
    if draw(st.booleans()):  # trained inside the horizon, serving from then on or later
        model["train_year"] = draw(st.integers(start, end))
        model["train_tokens"] = draw(_num(1e9, 1e14))
        model["available_from"] = model["train_year"] + draw(st.integers(0, 2))
    return model


@st.composite
def _partner(draw: st.DrawFn, name: str) -> dict[str, Any]:
    return {
        "kind": "partner",
        "name": name,
        "provider": draw(st.sampled_from(PROVIDERS)),
        "enabled": draw(st.booleans()),
        "price_in_per_m": draw(_num(0.0, 50.0)),
        "price_out_per_m": draw(_num(0.0, 100.0)),
        "annual_price_change": draw(_num(-0.9, 1.0)),
        "ttft_p95_s": draw(_num(0.1, 10.0)),
        "tpot_p95_ms": draw(_num(5.0, 100.0)),
        "quality": {task: draw(_num(0.0, 100.0)) for task in TASKS},
    }


@st.composite
def _shares(draw: st.DrawFn, names: list[str]) -> dict[str, float]:
    """Shares over a non-empty subset of `names`, summing to one."""
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
    weights = [draw(_num(0.01, 1.0)) for _ in chosen]
    total = sum(weights)
    return {name: w / total for name, w in zip(chosen, weights, strict=True)}


@st.composite
def _product(draw: st.DrawFn, name: str, models: list[dict[str, Any]]) -> dict[str, Any]:
    in_house = [m["name"] for m in models if m["kind"] == "in_house"]
    only_in_house = bool(in_house) and draw(st.booleans())
    allowed = in_house if only_in_house else [m["name"] for m in models]
    return {
        "name": name,
        "task": draw(st.sampled_from(TASKS)),
        "tokens_per_year": draw(st.one_of(st.just(0.0), _num(1e9, 1e15))),
        "growth": draw(_num(-0.5, 2.0)),
        "prompt_tokens": draw(st.one_of(st.just(0.0), _num(1.0, 20_000.0))),
        "output_tokens": draw(_num(1.0, 5_000.0)),
        "p95_prompt_tokens": draw(_num(0.0, 60_000.0)),
        "cache_hit": draw(_num(0.0, 1.0)),
        "ttft_slo_s": draw(_num(0.1, 10.0)),
        "tpot_slo_ms": draw(_num(5.0, 200.0)),
        "peak_to_average": draw(_num(1.0, 4.0)),
        "quality_floor": draw(_num(0.0, 100.0)),
        "in_house_only": only_in_house,
        "routing": draw(_shares(allowed)),
        "fallback": draw(st.lists(st.sampled_from(allowed), max_size=len(allowed), unique=True)),
    }


@st.composite
def scenario_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario file's content (a dict, as `json.loads` would give)."""
    start = draw(st.integers(2024, 2030))
    end = start + draw(st.integers(0, 8))
    gpus = [draw(_gpu(f"G{i}")) for i in range(draw(st.integers(1, 3)))]
    gpu_names = [g["name"] for g in gpus]
    models: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            models.append(draw(_in_house(f"own-{i}", start, end)))
        else:
            models.append(draw(_partner(f"ext-{i}")))
    products = [draw(_product(f"product-{i}", models)) for i in range(draw(st.integers(1, 5)))]
    weights = [draw(_num(0.0, 5.0)) for _ in RISK_TERMS]
    if sum(weights) == 0:
        weights[draw(st.integers(0, len(RISK_TERMS) - 1))] = 1.0
    return {
        "schema_version": 3,
        "name": "Generated",
        "horizon": {"start_year": start, "end_year": end},
        "reference_gpu": draw(st.sampled_from(gpu_names)),
        "gpu_catalog": gpus,
        "fleet": {
            "gpu": draw(st.sampled_from(gpu_names)),
            "baseline_gpu": draw(st.sampled_from(gpu_names)),
            "baseline_gpus": draw(st.integers(1, 200_000)),
            "scale": draw(_num(1.0, 10.0)),
            "target_year": draw(st.integers(start, end + 3)),
            "capex_per_gpu_usd": draw(_num(1_000.0, 200_000.0)),
            "amortization_years": draw(st.integers(1, 8)),
            "refresh": draw(st.booleans()),
            "server_power_factor": draw(_num(1.0, 3.0)),
            "avg_power_fraction": draw(_num(0.1, 1.0)),
            "pue": draw(_num(1.0, 2.0)),
            "electricity_usd_per_kwh": draw(_num(0.0, 0.5)),
            "opex_fraction": draw(_num(0.0, 0.3)),
            "availability": draw(_num(0.5, 1.0)),
            "cloud_burst_usd_per_gpu_hour": draw(_num(0.0, 20.0)),
        },
        "models": models,
        "products": products,
        "levers": {
            "in_house_shift": draw(_num(0.0, 1.0)),
            "price_shock": draw(_num(0.1, 10.0)),
            "demand_growth_multiplier": draw(_num(0.0, 5.0)),
        },
        "risk_weights": dict(zip(RISK_TERMS, weights, strict=True)),
        "software_factor": [
            {"year": year, "factor": draw(_num(0.5, 4.0))}
            for year in draw(st.lists(st.integers(start, end), max_size=3, unique=True))
        ],
        "provider_availability": {
            provider: draw(_num(0.9, 1.0))
            for provider in sorted(
                {m.get("provider", "In-house") for m in models} | {"Cloud burst"}
            )
            if draw(st.booleans())  # an unlisted provider takes the documented default
        },
    }


def scenarios() -> st.SearchStrategy[core.Scenario]:
    """Valid scenarios of any shape (see the module docstring)."""
    return scenario_data().map(core.parse_scenario)
