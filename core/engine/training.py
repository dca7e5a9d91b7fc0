"""Training-run arithmetic: the 6ND rule, GPU-hours and wall-clock time on a given fleet."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.scenario.edits import gpu_named
from core.scenario.files import default_scenario
from core.scenario.schema import GpuSpec

SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class TrainingRun:
    """The compute of one training run."""

    flops: float
    gpu_hours: float  # on the named GPU, at the given MFU, before availability losses
    wall_clock_days: float  # on `gpus` of them, with availability losses
    gpu: str  # the catalog's name of the GPU ("h200" typed reads "H200")


def training_run(
    active_params: float,
    tokens: float,
    gpu: str | GpuSpec,
    gpus: float,
    mfu: float,
    availability: float = 1.0,
    catalog: Sequence[GpuSpec] | None = None,
) -> TrainingRun:
    """FLOPs = 6 x active_params x tokens; GPU-hours = FLOPs / (peak x MFU x 3600).

    Wall-clock days = FLOPs / (gpus x peak x MFU x availability) / 86,400. Raises
    ValueError naming the argument when one is out of range or the GPU is unknown.
    """
    spec = gpu if isinstance(gpu, GpuSpec) else _lookup(gpu, catalog)
    for name, value, low, high in (
        ("active_params", active_params, 0.0, 1e15),
        ("tokens", tokens, 0.0, 1e18),
        ("gpus", gpus, 0.0, 1e8),
        ("mfu", mfu, 0.0, 1.0),
        ("availability", availability, 0.0, 1.0),
    ):
        if not (math.isfinite(value) and low < value <= high):
            raise ValueError(f"{name}: {value:g} is outside ({low:g}, {high:g}]")
    flops = 6.0 * active_params * tokens
    achieved_flops_per_s = spec.peak_tflops * 1e12 * mfu
    return TrainingRun(
        flops=flops,
        gpu_hours=flops / (achieved_flops_per_s * 3600.0),
        wall_clock_days=flops / (gpus * achieved_flops_per_s * availability) / SECONDS_PER_DAY,
        gpu=spec.name,
    )


def _lookup(name: str, catalog: Sequence[GpuSpec] | None) -> GpuSpec:
    specs = catalog if catalog is not None else default_scenario().gpu_catalog
    spec = gpu_named(name, specs)  # as every command reads a GPU's name
    if spec is not None:
        return spec
    known = ", ".join(s.name for s in specs)
    raise ValueError(f"gpu: unknown GPU {name!r} (catalog: {known})")
