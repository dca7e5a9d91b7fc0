"""Cohorts of the fleet and the scenario's plan, as the arrays `core.engine.compiled` carries.

Without a build plan (the ramp), cohort 0 is the baseline, installed the year before the
horizon, and cohort k holds the GPUs of the selected generation added in year k - 1.
With a build plan (docs/model.md#F-build-plan), cohort 0 is still the baseline and
cohort 1 + k x G + g holds the GPUs of the plan's generation g added in year k. When
the fleet refreshes, a cohort past its life is re-bought: the baseline as the selected
generation, a planned cohort as its own (docs/model.md#F-capital-charge).
"""

from typing import Any

import numpy as np
import numpy.typing as npt

from core.engine.money import schedule
from core.scenario.schema import Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def plan_generations(s: Scenario) -> tuple[str, ...]:
    """The generations a build plan adds, in catalog order (none without a plan)."""
    used = {row.gpu for row in s.build_plan or ()}
    return tuple(g.name for g in s.gpu_catalog if g.name in used)


def serving_generations(s: Scenario) -> tuple[str, ...]:
    """Every generation the fleet may hold, each once (docs/model.md#F-generations).

    The reference first (the unit of burst and of the plan's capacity), then the
    baseline's, the selected one and a build plan's.
    """
    names = (s.reference_gpu, s.fleet.baseline_gpu, s.fleet.gpu, *plan_generations(s))
    return tuple(dict.fromkeys(names))


def cohort_arrays(s: Scenario, years: IntArray) -> dict[str, Any]:
    """Per-cohort ages, generation specs, prices, planned counts and schedules."""
    generations = plan_generations(s)
    start = np.array([years[0] - 1])
    if s.build_plan is None:
        installed = np.concatenate((start, years))
        names = [s.fleet.baseline_gpu] + [s.fleet.gpu] * len(years)
    else:
        installed = np.concatenate((start, np.repeat(years, len(generations))))
        names = [s.fleet.baseline_gpu, *generations * len(years)]
    count = np.zeros(len(installed))
    where = {
        (int(y), g): 1 + k * len(generations) + i
        for k, y in enumerate(years)
        for i, g in enumerate(generations)
    }
    for row in s.build_plan or ():
        count[where[row.year, row.gpu]] = float(row.gpus)
    age = years[None, :] - installed[:, None]
    life = s.fleet.amortization_years
    refreshed = s.fleet.refresh & (age >= life)
    before = np.arange(len(installed)) == 0  # the baseline, bought before the horizon
    reference, selected = s.gpu_spec(s.reference_gpu), s.gpu_spec(s.fleet.gpu)
    specs = [s.gpu_spec(n) for n in names]
    # A planned cohort is re-bought as its own generation (and at its price); only the
    # baseline is re-bought as the selected generation, as the ramp has always done.
    as_selected = before | (s.build_plan is None)  # (C,) the rule the exports read too
    upgraded = refreshed & as_selected[:, None]

    def spec(field: str) -> FloatArray:
        own = np.array([getattr(g, field) for g in specs], dtype=float)
        values: FloatArray = np.where(upgraded, getattr(selected, field), own[:, None])
        return values

    serving = serving_generations(s)
    own = np.array([serving.index(n) for n in names])[:, None]
    return {
        "cohort_gpu": tuple(names),
        "cohort_generation": np.where(upgraded, serving.index(s.fleet.gpu), own),
        "generation_peak_ratio": np.array([s.gpu_spec(n).peak_tflops for n in serving])
        / reference.peak_tflops,
        "cohort_age": age,
        "cohort_gpus": count,
        "cohort_bandwidth_ratio": spec("memory_bandwidth_tb_s") / reference.memory_bandwidth_tb_s,
        "cohort_tdp_w": spec("tdp_w"),
        "cohort_install_tdp_w": np.array([g.tdp_w for g in specs]),
        "cohort_catalog_capex_usd": np.array([g.capex_usd for g in specs]),
        "cohort_input_price": ~before & (np.array(names) == s.fleet.gpu),
        "new_generation_tdp_w": selected.tdp_w,
        "cohort_refreshed": refreshed,
        "cohort_renewed_as_selected": as_selected,
        "gpu_schedule": schedule(age, life, s.fleet.refresh, before),
        "site_schedule": schedule(age, s.fleet.facility_life_years, True, before),
    }


def year_routing(s: Scenario, years: IntArray) -> tuple[FloatArray, BoolArray]:
    """Routing per year (T, P, M), normalized, and where a year overrides the base (T, P)."""
    shares = np.zeros((len(years), len(s.products), len(s.models)))
    overridden = np.zeros((len(years), len(s.products)), dtype=bool)
    product = {p.name: i for i, p in enumerate(s.products)}
    model = {m.name: j for j, m in enumerate(s.models)}
    for row in s.routing_by_year:
        t, p = row.year - int(years[0]), product[row.product]
        overridden[t, p] = True
        for name, share in row.routing.items():
            shares[t, p, model[name]] = share
    total = shares.sum(axis=2, keepdims=True)
    normalized: FloatArray = np.divide(shares, total, out=shares, where=total > 0)
    return normalized, overridden
