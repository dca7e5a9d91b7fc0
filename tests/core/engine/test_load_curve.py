"""The hours above the fleet, by hand: docs/model.md#F-load-curve.

The hand case: product A all on Own (1,000 tokens per GPU-second) with a peak-to-average
of 10.5 / 6.24 = 1.6827, the one at which the week's load is its documented shape itself
(power 1): `load_h = u_h / mean(u)`, `u_h = day factor x (1 + 0.5 cos(2 pi (h - 14) / 24))`,
`mean(u)` = 6.24 / 7 (the cosine averages 0 over a day; the day factors sum to 6.24).
100 GPUs at 0.9 hold 90 GPUs every hour. A's 2027 tokens are set so its average hour
needs 56.25 GPUs: the fleet holds 90 / 56.25 = 1.6 times the average hour, so the hours
with `u_h > 1.6 x 6.24 / 7 = 1.426286` are bought. Reading the shape's table:

    Monday 12-16:        1.433013, 1.482963, 1.5, 1.482963, 1.433013
    Tuesday 13-15 (x 0.99): 1.468133, 1.485, 1.468133   (Tuesday 12: 1.418683, under)
    Wednesday 13-15 (x 0.98): 1.453304, 1.47, 1.453304
    Thursday 13-15 (x 0.97): 1.438474, 1.455, 1.438474  (Friday 14: 1.425, under)

14 hours of a week; each stands for 8,760 / 168 = 52.142857 hours of the year.
"""

import math
from typing import Any

import numpy as np
import pytest
from parts import BIG

import core
from core.engine.load_curve import week_load, week_shape

REL = 1e-9
PEAK = 10.5 / 6.24  # the power-1 peak-to-average of the documented week
AVERAGE_GPUS = 56.25  # A's average hour in 2027, on the fleet's GPUs
TOKENS_2027 = AVERAGE_GPUS * 8760 * 1000 * 3600  # at 1,000 tokens per GPU-second
WEEKS = 8760 / 168


def _u(day_factor: float, hour: int) -> float:
    return day_factor * (1.0 + 0.5 * math.cos(2.0 * math.pi * (hour - 14) / 24.0))


def _bought(threshold_load: float, hours: list[tuple[float, int]]) -> float:
    """GPU-hours a year above `threshold_load` (in average hours) over the listed hours."""
    load = [_u(day, hour) * 7 / 6.24 for day, hour in hours]
    return sum(AVERAGE_GPUS * (x - threshold_load) for x in load) * WEEKS


ABOVE_1_6 = (
    [(1.00, h) for h in (12, 13, 14, 15, 16)]
    + [(0.99, h) for h in (13, 14, 15)]
    + [(0.98, h) for h in (13, 14, 15)]
    + [(0.97, h) for h in (13, 14, 15)]
)


def _scenario(tiny: Any, changes: dict[str, Any] | None = None) -> core.Scenario:
    base = {
        "fleet.baseline_gpus": 100,
        "products[0].routing": {"Own": 1.0},
        "products[0].tokens_per_year": TOKENS_2027 / 2.0,  # growth 1.0: doubled in 2027
        "products[0].peak_to_average": PEAK,
    }
    scenario: core.Scenario = tiny(base | (changes or {}))
    return scenario


def test_the_week_is_the_documented_shape():
    """Monday 14:00 is the peak; the mean is 6.24 / 10.5; the load keeps mean 1 and peak P."""
    shape = week_shape()
    assert shape.shape == (168,)
    assert int(np.argmax(shape)) == 14  # Monday 14:00
    assert shape.mean() == pytest.approx(6.24 / 10.5, rel=1e-12)
    assert shape[24 + 14] == pytest.approx(0.99, rel=1e-12)  # Tuesday's peak, over Monday's
    assert shape[2] == pytest.approx(0.5 / 1.5, rel=1e-12)  # Monday 02:00, the night
    load = week_load(np.array([1.0, PEAK, 2.0, 100.0]))
    assert load[0] == pytest.approx(np.ones(168), rel=1e-12)  # peak 1: every hour alike
    assert load[1] == pytest.approx(shape / shape.mean(), rel=1e-9)  # power 1
    assert load.mean(axis=1) == pytest.approx([1.0] * 4, rel=1e-12)
    assert load.max(axis=1) == pytest.approx([1.0, PEAK, 2.0, 100.0], rel=1e-9)


def test_burst_buys_only_the_hours_above_the_fleet(tiny):
    """The hand case above: 14 hours a week, far below the busy-hour excess all year."""
    row = core.evaluate(_scenario(tiny)).by_year.loc[2027]
    capacity = 100 * 0.9 * 8760
    assert row.capacity_gpu_hours == pytest.approx(capacity, rel=REL)
    assert row.inference_gpu_hours == pytest.approx(AVERAGE_GPUS * 8760, rel=REL)
    bought = _bought(1.6, ABOVE_1_6)
    assert bought == pytest.approx(1_624.6, abs=0.1)
    assert row.shortfall_gpu_hours == pytest.approx(bought, rel=1e-9)
    assert row.cloud_burst_usd == pytest.approx(5.0 * bought, rel=1e-9)  # $5 an hour
    busy_hour_excess = (PEAK * AVERAGE_GPUS - 90) * 8760  # what was bought before: 40,746.6
    assert busy_hour_excess == pytest.approx(40_746.6, abs=0.1)
    assert row.shortfall_gpu_hours < busy_hour_excess / 25


def test_no_burst_when_the_busy_hour_fits(tiny):
    """2026: half the tokens, a busy hour of 1.6827 x 28.125 = 47.3 GPUs under 90."""
    results = core.evaluate(_scenario(tiny))
    row = results.by_year.loc[2026]
    assert row.utilization == pytest.approx(PEAK * 28.125 / 90, rel=REL)
    assert (row.shortfall_gpu_hours, row.cloud_burst_usd) == (0.0, 0.0)


def test_training_runs_in_the_valleys_unless_told_not_to(tiny):
    """Big trains 3,333.3 GPU-hours in 2027 (docs/model.md#F-training-hours).

    In the valleys it fits in the fleet's spare hours: the same 1,624.6 GPU-hours are
    bought. Spread over the year it adds 3,333.3 / 8,760 = 0.380518 GPUs to every hour:
    the fleet then holds (90 - 0.380518) / 56.25 = 1.593235 average hours, and Friday
    14:00 (1.425 over u 1.420255) joins the 14 hours.
    """
    training = 6 * 1e9 * 1e12 / (1e15 * 0.5 * 3600)
    valleys = core.evaluate(_scenario(tiny, {"models[2]": BIG})).by_year.loc[2027]
    assert valleys.training_gpu_hours == pytest.approx(training, rel=REL)
    assert valleys.shortfall_gpu_hours == pytest.approx(_bought(1.6, ABOVE_1_6), rel=1e-9)
    flat = _scenario(tiny, {"models[2]": BIG, "fleet.training_in_valleys": False})
    row = core.evaluate(flat).by_year.loc[2027]
    threshold = (90 - training / 8760) / AVERAGE_GPUS
    assert threshold == pytest.approx(1.593235, abs=1e-6)
    bought = _bought(threshold, [*ABOVE_1_6, (0.95, 14)])
    assert row.shortfall_gpu_hours == pytest.approx(bought, rel=1e-9)
    assert bought > _bought(1.6, ABOVE_1_6)


def test_training_that_outgrows_the_valleys_is_bought(tiny):
    """With 10 GPUs (9 an hour) A alone outgrows the fleet: the year's work less capacity.

    Every hour of the week is above 9 GPUs only when the lowest load (0.65 x 0.5 x 7 /
    6.24 x 56.25 = 20.5 GPUs) is; so every hour buys and training buys all its hours:
    56.25 x 8,760 + 3,333.3 - 9 x 8,760.
    """
    scenario = _scenario(tiny, {"models[2]": BIG, "fleet.baseline_gpus": 10})
    row = core.evaluate(scenario).by_year.loc[2027]
    training = 6 * 1e9 * 1e12 / (1e15 * 0.5 * 3600)
    expected = AVERAGE_GPUS * 8760 + training - 9 * 8760
    assert row.shortfall_gpu_hours == pytest.approx(expected, rel=1e-9)
