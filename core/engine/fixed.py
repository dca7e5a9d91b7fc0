"""What the kernel reads that depends on the structure alone, built once per structure.

A slider drag evaluates the same structure again and again with other numbers
(`core.engine.compiled` keeps it), so the masks, ratios and index matrices the formulas
need are built here once, not on every evaluation: each numpy call on the kernel's tiny
arrays costs microseconds, and an evaluation made hundreds of them (docs/benchmarks.md).
"""

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from core.engine.keepers import keeper_arrays
from core.engine.money import stacked
from core.units import HOURS_PER_YEAR

FloatArray = npt.NDArray[np.float64]


def fixed_arrays(f: Mapping[str, Any]) -> dict[str, Any]:
    """The derived `Structure` fields, from its other fields `f` (by name)."""
    in_service = (f["cohort_age"] >= 0).astype(float)  # (C, T)
    generations = len(f["generation_names"])
    member = f["cohort_generation"][..., None] == np.arange(generations)  # (C, T, G)
    ratio = _speed_ratio(f["generation_rate"])
    routes = f["generation_rate"][0] > 0
    in_house, serving = f["in_house"], f["serving"]
    busy_hours_per_hour = f["peak_to_average"][:, None] / HOURS_PER_YEAR  # (P, 1)
    shifts = (f["shift_target"].sum(axis=2) > 0) & ~f["routing_overridden"]  # (T, P)
    return {
        "in_service": in_service,
        "generation_in_service": (in_service[..., None] * member).reshape(len(in_service), -1),
        "route_speed_ratio": ratio.reshape(generations, -1).T,
        "even_speed": ratio[:, routes].mean(axis=1) if routes.any() else f["generation_peak_ratio"],
        "fleet_schedule": stacked((f["gpu_schedule"], f["site_schedule"])),
        "elapsed_years": (f["years"] - f["years"][0]).astype(float),
        "at_input_price": _at_input_price(f["cohort_input_price"], f["cohort_refreshed"]),
        "in_service_tdp_w": in_service * f["cohort_tdp_w"],
        "site_mw_per_gpu": f["cohort_install_tdp_w"][:, None]
        * f["server_power_factor"]
        / 1e6
        * in_service,
        # A route's slots at the busy hour per GPU-hour of its yearly work (F-queueing).
        # A route misses its promise by queueing when its wait passes this (F-slo, F-queueing).
        "queue_slack_s": f["ttft_slo_s"][:, None] - f["route_ttft_s"] + 1e-12,
        "busy_hour_slots": f["route_slots_per_gpu"] * busy_hours_per_hour,
        "generation_busy_hour_slots": f["generation_slots_per_gpu"] * busy_hours_per_hour,
        "meets_slo": (f["route_slo_reason"] == 0).astype(float),
        **keeper_arrays(f["generation_slo_reason"] == 0),
        "shifts": shifts[..., None].astype(float),
        "any_routing_overridden": bool(f["routing_overridden"].any()),
        "partner": ~in_house,
        "partner_serving": ~in_house & serving[:, None, :],
        "serving_share": serving[None, :, None, :].astype(float),
        "not_serving_share": (~serving[None, :, None, :]).astype(float),
    }


def _speed_ratio(rate: FloatArray) -> FloatArray:
    """(G, P, M) each generation's rate over the reference's on each route (0 where none)."""
    reference = rate[0]
    result: FloatArray = np.divide(rate, reference, out=np.zeros_like(rate), where=reference > 0)
    return result


def _at_input_price(input_price: npt.NDArray[np.bool_], refreshed: npt.NDArray[np.bool_]) -> Any:
    """(C, T) a cohort's GPUs cost the selected generation's capex (`fleet.capex_per_gpu_usd`).

    A cohort bought as the selected generation always; the baseline also once re-bought
    (as the selected generation); any other cohort at its catalog capex, re-bought too.
    """
    baseline = np.arange(len(input_price)) == 0
    return input_price[:, None] | (refreshed & baseline[:, None])
