"""The hours of a year at each load: a product's week, hour by hour (docs/model.md#F-load-curve).

A product's `peak_to_average` says how much busier its busiest hour is than its average
one; the fleet is sized for that hour, but cloud burst is bought only for the hours the
fleet cannot hold. The week's shape is fixed and documented: a daily wave peaking at
14:00 and a quieter weekend, raised to the power that gives the product's peak-to-average.
"""

from functools import lru_cache

import numpy as np

from core.engine.money import FloatArray
from core.units import HOURS_PER_YEAR

HOURS_PER_WEEK = 168
WEEKS_PER_YEAR = HOURS_PER_YEAR / HOURS_PER_WEEK  # an hour of the week: 52.14 of the year
DAILY_SWING = 0.5  # the hour-of-day wave: 1 + 0.5 cos(2 pi (h - 14) / 24), 0.5-1.5
PEAK_HOUR = 14
# Monday first: the weekdays nearly alike (Monday the busiest), the weekend quieter.
DAY_FACTORS = (1.00, 0.99, 0.98, 0.97, 0.95, 0.70, 0.65)
BISECTION_STEPS = 200


def week_shape() -> FloatArray:
    """(168,) the documented shape of a week's hours, Monday 00:00 first, its peak 1."""
    hour = np.arange(24)
    day = 1.0 + DAILY_SWING * np.cos(2.0 * np.pi * (hour - PEAK_HOUR) / 24.0)
    shape = (np.array(DAY_FACTORS)[:, None] * day[None, :]).ravel()
    result: FloatArray = shape / shape.max()
    return result


def week_load(peak_to_average: FloatArray) -> FloatArray:
    """(P, 168) each product's load in each hour of the week over its average hour.

    `shape ** g / mean(shape ** g)`: the mean is 1 and the peak (Monday 14:00) is the
    product's peak-to-average; `g` is found by bisection (the ratio grows with `g`, from
    1 at `g` = 0 towards 168, past the schema's limit of 100).
    """
    return _week_load(tuple(float(v) for v in np.atleast_1d(peak_to_average)))


@lru_cache(maxsize=64)
def _week_load(peak_to_average: tuple[float, ...]) -> FloatArray:
    shape = week_shape()
    target = np.array(peak_to_average)[:, None]
    low, high = np.zeros_like(target), np.full_like(target, 1e5)
    for _ in range(BISECTION_STEPS):
        power = (low + high) / 2.0
        too_peaky = 1.0 / (shape**power).mean(axis=1, keepdims=True) > target
        high, low = np.where(too_peaky, power, high), np.where(too_peaky, low, power)
    curved = shape ** ((low + high) / 2.0)
    load: FloatArray = curved / curved.mean(axis=1, keepdims=True)
    load.setflags(write=False)
    return load


def bought_gpu_hours(
    inference_gpu_hours: FloatArray,
    load: FloatArray,
    training_gpu_hours: FloatArray,
    capacity_gpu_hours: FloatArray,
    training_in_valleys: bool,
) -> FloatArray:
    """GPU-hours a year above the fleet, bought as cloud burst (B, T).

    `inference_gpu_hours` (B, T, P) is each product's yearly average-hour work, `load`
    (P, 168) its week; training and capacity are (B, T). Training runs in the valleys
    (the fleet's spare hours) when `training_in_valleys`, else evenly over the year.
    """
    if training_in_valleys:
        peaks = hours_above(inference_gpu_hours, load, capacity_gpu_hours)
        work = inference_gpu_hours.sum(axis=2) + training_gpu_hours - capacity_gpu_hours
        result: FloatArray = np.maximum(peaks, work)
        return result
    return hours_above(inference_gpu_hours, load, capacity_gpu_hours, training_gpu_hours)


def hours_above(
    inference_gpu_hours: FloatArray,
    load: FloatArray,
    capacity_gpu_hours: FloatArray,
    even_gpu_hours: FloatArray | float = 0.0,
) -> FloatArray:
    """GPU-hours a year the week's hours need beyond the fleet (B, T).

    `inference_gpu_hours` (B, T, P) each on its product's week `load` (P, 168), and
    `even_gpu_hours` (B, T) spread over every hour.
    """
    hourly = np.einsum("btp,ph->bth", inference_gpu_hours, load)  # (B, T, 168)
    hourly = (hourly + np.asarray(even_gpu_hours)[..., None]) / HOURS_PER_YEAR
    capacity = capacity_gpu_hours[..., None] / HOURS_PER_YEAR
    result: FloatArray = np.maximum(0.0, hourly - capacity).sum(axis=2) * WEEKS_PER_YEAR
    return result
