"""`training_run`'s ranges are the scenario schema's, and no run within them is inf or NaN."""

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.engine.compiled import INPUT_LIMITS
from core.engine.training import BOUNDS, TrainingInputError, training_run
from core.scenario.architecture import MAX_ACTIVE_PARAMS, MIN_PARAMS
from core.scenario.files import default_scenario
from core.scenario.schema import MAX_FLEET_GPUS, Fleet, GpuSpec, InHouseModel


def _bound(model, field, key):
    return next(getattr(r, key) for r in model.model_fields[field].metadata if hasattr(r, key))


def test_the_bounds_are_the_schemas_for_the_same_quantities():
    assert BOUNDS["active_params"].high == MAX_ACTIVE_PARAMS
    assert BOUNDS["active_params"].low == MIN_PARAMS
    assert BOUNDS["tokens"].low == 1  # a physical least: the schema allows 0 (no run)
    assert BOUNDS["tokens"].high == _bound(InHouseModel, "train_tokens", "le")
    assert (BOUNDS["gpus"].low, BOUNDS["gpus"].high) == (1, MAX_FLEET_GPUS)
    assert BOUNDS["gpus"].whole
    assert (BOUNDS["mfu"].low, BOUNDS["mfu"].high) == INPUT_LIMITS["mfu_train"]
    assert BOUNDS["mfu"].high == _bound(InHouseModel, "mfu_train", "le")
    availability = (_bound(Fleet, "availability", "ge"), _bound(Fleet, "availability", "le"))
    assert (BOUNDS["availability"].low, BOUNDS["availability"].high) == availability


@pytest.mark.parametrize(
    ("argument", "value", "reason"),
    [
        ("mfu", 1e-320, "1e-320 is below the minimum 0.01"),
        ("availability", 5e-324, "5e-324 is below the minimum 0.01"),
        ("gpus", 0.5, "0.5 is below the minimum 1"),
        ("gpus", 2.5, "2.5 is not a whole number"),
        ("active_params", 0.5, "0.5 is below the minimum 1e+06"),
        ("tokens", 1e-300, "1e-300 is below the minimum 1"),
    ],
)
def test_an_argument_under_its_physical_least_is_refused_by_name(argument, value, reason):
    kwargs = {"active_params": 1e9, "tokens": 1e9, "gpus": 8, "mfu": 0.4, "availability": 1.0}
    with pytest.raises(TrainingInputError, match=f"^{argument}: {re.escape(reason)} ") as caught:
        training_run(gpu="H100", **(kwargs | {argument: value}))
    assert caught.value.argument == argument


def test_the_availability_legacy_message_still_reads():
    with pytest.raises(ValueError, match=r"availability: 0 is outside \(0, 1\]"):
        training_run(1e9, 1e12, "H100", 1, 0.4, availability=0.0)


def test_a_run_whose_figures_overflow_is_too_large_to_count():
    """Out of the schema's reach (a spec built unchecked), the figures are still never inf."""
    spec = default_scenario().gpu_catalog[0].model_copy(update={"peak_tflops": 1e-300})
    assert isinstance(spec, GpuSpec)
    with pytest.raises(TrainingInputError, match="the run is too large to count") as caught:
        training_run(1e14, 1e17, spec, 1, 0.01, 0.01)
    assert caught.value.argument is None


def _within(name: str, whole: bool = False) -> st.SearchStrategy[float]:
    bound = BOUNDS[name]
    if whole:
        return st.integers(int(bound.low), int(bound.high)).map(float)
    return st.floats(bound.low, bound.high, allow_nan=False, allow_infinity=False)


@given(
    active_params=_within("active_params"),
    tokens=_within("tokens"),
    gpus=_within("gpus", whole=True),
    mfu=_within("mfu"),
    availability=_within("availability"),
    gpu=st.sampled_from([g.name for g in default_scenario().gpu_catalog]),
)
def test_every_run_within_the_bounds_is_finite(active_params, tokens, gpus, mfu, availability, gpu):
    run = training_run(active_params, tokens, gpu, gpus, mfu, availability)
    figures = (run.flops, run.gpu_hours, run.wall_clock_days)
    assert all(math.isfinite(v) and v > 0 for v in figures)
