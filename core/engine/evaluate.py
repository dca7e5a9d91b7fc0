"""`evaluate`: a scenario in, its results out; `evaluate_batch` for many draws at once."""

from dataclasses import dataclass

import numpy as np

from core.engine.compiled import FloatArray, Inputs, Structure, compile_scenario
from core.engine.kernel import Outputs, fleet_series, run
from core.engine.results import Results
from core.scenario.schema import Fleet, GpuSpec, Scenario
from core.units import HOURS_PER_YEAR

BATCH_CHUNK = 2_000  # draws per kernel call at most: ~50 MB for the default scenario
# Elements of the kernel's largest arrays (draws x years x products x models) per call:
# 2,000 draws of 200 products and 100 models held 2 GB an array.
CHUNK_ELEMENTS = 2_000_000


def evaluate(scenario: Scenario) -> Results:
    """Every formula of docs/model.md for one scenario (pure: same scenario, same results)."""
    structure, inputs = compile_scenario(scenario)
    return Results(scenario.name, structure, run(structure, inputs), scenario.budget)


def owned_usd_per_gpu_hour(scenario: Scenario) -> dict[str, float]:
    """What one owned GPU of each catalog generation costs an hour (docs/model.md#F-owned-gpu-hour).

    The kernel's own fleet money for a fleet of that one GPU in the start year (capital
    charge, facility charge, power, opex) over the hours of a year: no second formula, so
    it moves with every money input and compares with a published TCO per GPU-hour.
    """
    key = (scenario.gpu_catalog, scenario.horizon, _one_gpu_fleet(scenario.fleet, None))
    if key not in _OWNED:
        _OWNED.clear()  # one entry: a scale or routing move asks again and finds it
        _OWNED[key] = {g.name: _one_gpu_hour_usd(scenario, g) for g in scenario.gpu_catalog}
    return _OWNED[key]


_OWNED: dict[tuple[object, ...], dict[str, float]] = {}


def _one_gpu_fleet(fleet: Fleet, gpu: GpuSpec | None) -> Fleet:
    """A fleet of one GPU of `gpu`, at its catalog price and charged all its life.

    With no GPU: what every such fleet shares, the key of the cache.
    """
    name, capex_usd = ("", 0.0) if gpu is None else (gpu.name, gpu.capex_usd)
    only = {"baseline_gpu": name, "gpu": name, "capex_per_gpu_usd": capex_usd}
    only |= {"baseline_gpus": 1, "scale": 1.0, "refresh": True, "power_cap_mw": None}
    return fleet.model_copy(update=only)


def _one_gpu_hour_usd(scenario: Scenario, gpu: GpuSpec) -> float:
    fleet_of_one = _one_gpu_fleet(scenario.fleet, gpu)
    one = scenario.model_copy(update={"fleet": fleet_of_one, "build_plan": None})
    year_usd = fleet_series(*compile_scenario(one)).cost_usd
    return float(year_usd[0, 0]) / HOURS_PER_YEAR


@dataclass(frozen=True)
class BatchResults:
    """KPI series of many draws: each array is (draws, years), but the present cost (draws,)."""

    structure: Structure
    total_cost_usd: FloatArray
    risk_index: FloatArray
    utilization: FloatArray
    partner_spend_usd: FloatArray
    external_token_share: FloatArray
    provider_hhi: FloatArray
    pv_cost_usd: FloatArray  # the horizon's present cost, one per draw


BATCH_KPIS = (  # BatchResults' arrays, each kept per chunk as the chunk is evaluated
    "total_cost_usd",
    "risk_index",
    "utilization",
    "partner_spend_usd",
    "external_token_share",
    "provider_hhi",
    "pv_cost_usd",
)


def batch_chunk(structure: Structure) -> int:
    """Draws per kernel call: `BATCH_CHUNK`, fewer for a portfolio whose arrays are large."""
    per_draw = len(structure.years) * len(structure.product_names) * len(structure.model_names)
    return max(1, min(BATCH_CHUNK, CHUNK_ELEMENTS // max(per_draw, 1)))


def evaluate_batch(structure: Structure, inputs: Inputs) -> BatchResults:
    """Evaluate every draw of `inputs` (fields with a leading batch axis) in vectorized chunks."""
    size, step = inputs.batch_size, batch_chunk(structure)
    kept: dict[str, list[FloatArray]] = {name: [] for name in BATCH_KPIS}
    for start in range(0, size, step):
        chunk = {
            name: value[start : start + step] if value.shape[0] == size else value
            for name, value in vars(inputs).items()
        }
        outputs = run(structure, inputs.with_values(**chunk))
        # Only the KPIs of each chunk are kept: its whole outputs (B, T, P, M arrays) kept
        # to the end held 11.6 GB for a million draws of 200 products.
        for name in BATCH_KPIS:
            kept[name].append(_kpi(outputs, name))
    return BatchResults(structure, **{name: np.concatenate(kept[name]) for name in BATCH_KPIS})


def _kpi(o: Outputs, name: str) -> FloatArray:
    if name == "utilization":
        result: FloatArray = o.demand_gpu_hours / o.fleet.capacity_gpu_hours
    elif name == "partner_spend_usd":
        result = o.partner_spend_usd.sum(axis=(2, 3))
    elif name == "external_token_share":
        result = o.risk_terms[..., 0]
    else:
        result = getattr(o, name)
    return result
