"""Burst by the hour in the plan's program: the load curve's levels (docs/model.md#F-plan)."""

import numpy as np
import pytest

from core.engine.load_curve import bought_gpu_hours, week_load
from core.plan.hours import levels


def test_a_flat_week_is_one_level_and_the_documented_week_has_91() -> None:
    """Every hour alike: one level, all 168 hours. The documented week: 13 distinct hours a
    day (14:00 +- k alike) on 7 distinct days."""
    summed, share = levels(week_load(np.array([1.0])))
    assert share == pytest.approx([1.0])
    assert summed.ravel() == pytest.approx([1.0])
    summed, share = levels(week_load(np.array([1.6827, 2.0, 3.0])))
    assert len(share) == 91
    assert summed[-1] == pytest.approx([1.0, 1.0, 1.0])  # the whole week: the mean load
    assert summed[0] * 168 == pytest.approx([1.6827, 2.0, 3.0], rel=1e-6)  # the busy hour


@pytest.mark.parametrize("seed", range(20))
def test_the_largest_level_is_the_evaluators_burst(seed: int) -> None:
    """max(0, largest level's excess) is the hours above the fleet, for any work and fleet
    (training off the valleys and 0: the peaks' term alone)."""
    rng = np.random.default_rng(seed)
    load = week_load(rng.uniform(1.0, 4.0, 3))
    work = rng.uniform(0.0, 1e6, 3)  # each product's year of work
    fleet = rng.uniform(0.3, 2.0) * work.sum()
    summed, share = levels(load)
    program = max(0.0, float((summed @ work - share * fleet).max()))
    evaluator = bought_gpu_hours(work[None, None], load, np.zeros((1, 1)),
                                 np.array([[fleet]]), training_in_valleys=False)  # fmt: skip
    assert program == pytest.approx(float(evaluator[0, 0]), rel=1e-9, abs=1e-6)
