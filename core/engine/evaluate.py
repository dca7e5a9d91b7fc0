"""`evaluate`: a scenario in, its results out; `evaluate_batch` for many draws at once."""

from dataclasses import dataclass

import numpy as np

from core.engine.compiled import FloatArray, Inputs, Structure, compile_scenario
from core.engine.kernel import Outputs, run
from core.engine.results import Results
from core.scenario.schema import Scenario

BATCH_CHUNK = 2_000  # draws per kernel call: bounds memory at ~50 MB for the default scenario


def evaluate(scenario: Scenario) -> Results:
    """Every formula of docs/model.md for one scenario (pure: same scenario, same results)."""
    structure, inputs = compile_scenario(scenario)
    return Results(scenario.name, structure, run(structure, inputs))


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


def evaluate_batch(structure: Structure, inputs: Inputs) -> BatchResults:
    """Evaluate every draw of `inputs` (fields with a leading batch axis) in vectorized chunks."""
    size = inputs.batch_size
    parts: list[Outputs] = []
    for start in range(0, size, BATCH_CHUNK):
        chunk = {
            name: value[start : start + BATCH_CHUNK] if value.shape[0] == size else value
            for name, value in vars(inputs).items()
        }
        parts.append(run(structure, inputs.with_values(**chunk)))

    def stack(pick: str) -> FloatArray:
        return np.concatenate([_kpi(part, pick) for part in parts])

    return BatchResults(
        structure=structure,
        total_cost_usd=stack("total_cost_usd"),
        risk_index=stack("risk_index"),
        utilization=stack("utilization"),
        partner_spend_usd=stack("partner_spend_usd"),
        external_token_share=stack("external_token_share"),
        provider_hhi=stack("provider_hhi"),
        pv_cost_usd=np.concatenate([part.pv_cost_usd for part in parts]),
    )


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
