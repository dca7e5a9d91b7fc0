"""Shared fixtures: headless Qt, and a tiny scenario with round numbers for hand calculations."""

import os
from collections.abc import Callable
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import core
from core.edits import with_changes

TINY: dict[str, Any] = {
    "schema_version": 1,
    "name": "Tiny",
    "horizon": {"start_year": 2026, "end_year": 2027},
    "reference_gpu": "REF",
    "gpu_catalog": [
        {
            "name": "REF",
            "peak_tflops": 1000,
            "memory_bandwidth_tb_s": 4.0,
            "tdp_w": 1000,
            "memory_gb": 80,
            "capex_usd": 60000,
            "cloud_usd_per_gpu_hour": 5,
        },
        {
            "name": "NEW",
            "peak_tflops": 2000,
            "memory_bandwidth_tb_s": 8.0,
            "tdp_w": 1500,
            "memory_gb": 160,
            "capex_usd": 100000,
            "cloud_usd_per_gpu_hour": 10,
        },
    ],
    "fleet": {
        "gpu": "REF",
        "baseline_gpu": "REF",
        "baseline_gpus": 1000,
        "scale": 1.0,
        "target_year": 2027,
        "capex_per_gpu_usd": 60000.0,
        "amortization_years": 3,
        "refresh": False,
        "server_power_factor": 2.0,
        "avg_power_fraction": 0.5,
        "pue": 1.0,
        "electricity_usd_per_kwh": 0.1,
        "opex_fraction": 0.1,
        "availability": 0.9,
        "cloud_burst_usd_per_gpu_hour": 5.0,
    },
    "models": [
        {
            "kind": "in_house",
            "name": "Own",
            "active_params": 1e10,
            "total_params": 1e10,
            "available_from": 2020,
            "serve_tokens_per_gpu_s": 1000,
            "availability": 0.99,
            "quality": {"a": 80, "b": 60},
        },
        {
            "kind": "partner",
            "name": "Ext",
            "provider": "P1",
            "price_in_per_m": 2.0,
            "price_out_per_m": 10.0,
            "annual_price_change": -0.5,
            "availability": 0.9,
            "quality": {"a": 90, "b": 90},
        },
    ],
    "products": [
        {
            "name": "A",
            "task": "a",
            "tokens_per_year": 1e12,
            "growth": 1.0,
            "output_fraction": 0.5,
            "quality_floor": 70,
            "routing": {"Own": 0.5, "Ext": 0.5},
            "fallback": ["Ext", "Own"],
        },
        {
            "name": "B",
            "task": "b",
            "tokens_per_year": 2e12,
            "growth": 0.0,
            "output_fraction": 0.25,
            "quality_floor": 85,
            "routing": {"Ext": 1.0},
            "fallback": ["Own"],
        },
    ],
}


@pytest.fixture
def tiny() -> Callable[..., core.Scenario]:
    """Build the tiny scenario, optionally with field-path changes: tiny({"fleet.scale": 3})."""

    def build(changes: dict[str, Any] | None = None) -> core.Scenario:
        return with_changes(core.parse_scenario(TINY), changes or {})

    return build
