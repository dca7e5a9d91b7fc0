"""Training-run arithmetic: the 6ND rule, GPU-hours and wall-clock time on a given fleet."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from annotated_types import Ge, Le
from pydantic import BaseModel

from core.engine.compiled import INPUT_LIMITS
from core.scenario.architecture import MAX_ACTIVE_PARAMS, MIN_PARAMS
from core.scenario.edits import gpu_named
from core.scenario.files import default_scenario
from core.scenario.schema import MAX_FLEET_GPUS, Fleet, GpuSpec, InHouseModel

SECONDS_PER_DAY = 86_400.0


def _schema_bound(model: type[BaseModel], field: str, kind: type[Ge] | type[Le]) -> float:
    """The scenario schema's own `ge` or `le` bound on `model.field` (read, not copied)."""
    for rule in model.model_fields[field].metadata:
        if isinstance(rule, kind):
            value = rule.ge if isinstance(rule, Ge) else rule.le
            if isinstance(value, int | float):
                return float(value)
    raise LookupError(f"{model.__name__}.{field} has no {kind.__name__} bound")


@dataclass(frozen=True)
class Bound:
    """An argument's valid range [low, high], with why nothing outside it makes sense."""

    low: float
    high: float
    why_low: str
    why_high: str
    whole: bool = False  # a count: only whole numbers


# Each argument's range is the scenario schema's for the same quantity, read from the
# schema or its constants. Where the schema's lower bound is open (> 0) it is closed at a
# physical least: a positive 1e-320 divided by made the run's hours inf
# (docs/file-format.md#lower-bounds). Within them every figure is finite.
BOUNDS: dict[str, Bound] = {
    "active_params": Bound(  # models[].active_params
        MIN_PARAMS,
        MAX_ACTIVE_PARAMS,
        "the least a scenario's model may have",
        "the most a scenario's model may use per token",
    ),
    "tokens": Bound(  # models[].train_tokens
        1.0,
        _schema_bound(InHouseModel, "train_tokens", Le),
        "a run trains on at least one token",
        "the most a scenario's model may train on",
    ),
    "gpus": Bound(  # fleet.baseline_gpus: a whole number, 1 to MAX_FLEET_GPUS
        1.0,
        MAX_FLEET_GPUS,
        "a run needs at least one whole GPU",
        "the largest fleet a scenario may hold",
        whole=True,
    ),
    "mfu": Bound(  # models[].mfu_train: [0.01, 1]
        INPUT_LIMITS["mfu_train"][0],
        _schema_bound(InHouseModel, "mfu_train", Le),
        "a run using under 1% of its GPUs' peak is no training run",
        "a GPU does no more than its peak",
    ),
    "availability": Bound(  # fleet.availability
        _schema_bound(Fleet, "availability", Ge),
        _schema_bound(Fleet, "availability", Le),
        "a fleet up under 1% of its hours is no fleet, as a scenario's fleet.availability",
        "a share of the hours",
    ),
}


class TrainingInputError(ValueError):
    """An argument of `training_run` out of range, or a run too large to count.

    `argument` is the parameter's name (None when no one argument is at fault) and
    `reason` the problem; `str()` is `argument: reason`.
    """

    def __init__(self, argument: str | None, reason: str) -> None:
        super().__init__(reason if argument is None else f"{argument}: {reason}")
        self.argument = argument
        self.reason = reason


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
    TrainingInputError (a ValueError) naming the argument when one is out of its range
    (`BOUNDS`) or the GPU is unknown, and one saying the run is too large to count if a
    figure would not be finite: no figure returned is inf or NaN. `gpus` is a count: a
    fraction of a GPU is refused, not rounded.
    """
    arguments = {
        "active_params": active_params,
        "tokens": tokens,
        "gpus": gpus,
        "mfu": mfu,
        "availability": availability,
    }
    for name, value in arguments.items():
        problem = _out_of_bounds(value, BOUNDS[name])
        if problem:
            raise TrainingInputError(name, problem)
    if isinstance(gpu, GpuSpec):
        spec = gpu
    else:
        try:
            spec = _lookup(gpu, catalog)
        except ValueError as error:
            raise TrainingInputError("gpu", str(error)) from None
    flops = 6.0 * active_params * tokens
    achieved_flops_per_s = spec.peak_tflops * 1e12 * mfu
    run = TrainingRun(
        flops=flops,
        gpu_hours=flops / (achieved_flops_per_s * 3600.0),
        wall_clock_days=flops / (gpus * achieved_flops_per_s * availability) / SECONDS_PER_DAY,
        gpu=spec.name,
    )
    figures = (run.flops, run.gpu_hours, run.wall_clock_days)
    if not all(math.isfinite(v) for v in figures):
        raise TrainingInputError(
            None,
            f"the run is too large to count: {active_params:g} active parameters x "
            f"{tokens:g} tokens on {spec.name} (peak {spec.peak_tflops:g} TFLOP/s) at MFU "
            f"{mfu:g} gives FLOPs, GPU-hours or days past the largest number",
        )
    return run


def _out_of_bounds(value: float, bound: Bound) -> str:
    """Why `value` is outside `bound`, in words; empty when it is inside."""
    shown = _shown(value)
    if not math.isfinite(value):
        return f"{shown} is not a finite number"
    if value > bound.high:
        return f"{shown} is outside (0, {bound.high:g}] ({bound.why_high})"
    if value <= 0.0:
        return f"{shown} is outside (0, {bound.high:g}] (the minimum is {bound.low:g})"
    if value < bound.low:
        return f"{shown} is below the minimum {bound.low:g} ({bound.why_low})"
    if bound.whole and not float(value).is_integer():
        return f"{shown} is not a whole number (GPUs are counted whole: none is split)"
    return ""


def _shown(value: float) -> str:
    """`value` in a few digits (`1e+14`), or as typed when those lose it (`1e-320`)."""
    exact = repr(float(value))  # the shortest digits that read back as `value`
    short = f"{value:g}"
    return short if float(short) == value and len(short) <= len(exact) else exact


def _lookup(name: str, catalog: Sequence[GpuSpec] | None) -> GpuSpec:
    specs = catalog if catalog is not None else default_scenario().gpu_catalog
    spec = gpu_named(name, specs)  # as every command reads a GPU's name
    if spec is not None:
        return spec
    known = ", ".join(s.name for s in specs)
    raise ValueError(f"unknown GPU {name!r} (catalog: {known})")
