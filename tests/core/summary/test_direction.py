"""core.summary.direction (docs/model.md#direction-of-a-change): a change is judged by its meaning."""

import math

import pytest

from core.summary.direction import change_direction, distance_from_band, shown_direction


@pytest.mark.parametrize(
    ("kpi", "reference", "value", "expected"),
    [
        ("total_cost_usd", 3.8e9, 3.1e9, "better"),  # a cost that falls
        ("total_cost_usd", 3.1e9, 3.8e9, "worse"),
        ("cost_per_m_tokens_usd", 2.0, 2.0, "same"),
        ("risk_index", 41.0, 60.0, "worse"),
        ("partner_hhi", 4823.0, 2500.0, "better"),
        ("provider_hhi", 4823.0, 10000.0, "neutral"),  # all in-house is not concentrated
        ("utilization", 0.22, 0.60, "better"),  # idle fleet put to work
        ("utilization", 0.78, 2.02, "worse"),  # into a shortfall
        ("utilization", 2.02, 1.20, "better"),  # shortfall shrinks
        ("utilization", 0.78, 0.22, "worse"),  # fleet left idle
        ("utilization", 0.60, 0.90, "same"),  # both inside the band
        ("gpus", 15_000.0, 150_000.0, "neutral"),
        ("capacity_gpu_hours", 1e8, 2e8, "neutral"),
        ("total_cost_usd", math.nan, 1.0, "neutral"),
    ],
)
def test_change_direction(kpi: str, reference: float, value: float, expected: str) -> None:
    assert change_direction(kpi, reference, value) == expected


def test_distance_from_band() -> None:
    assert distance_from_band(0.75) == 0.0
    assert distance_from_band(0.2) == pytest.approx(0.3)
    assert distance_from_band(2.02) == pytest.approx(1.02)


def test_site_power_is_a_commitment_lower_is_better():
    """A plan's site +145 MW, act on its growth over the baseline, read grey once the
    status no longer coloured the change: site power is judged as capex cash is."""
    assert change_direction("facility_mw", 22.0, 167.0) == "worse"
    assert change_direction("peak_facility_mw", 188.0, 60.0) == "better"


@pytest.mark.parametrize(
    ("direction", "shown", "expected"),
    [
        ("better", "+0 pts", "same"),  # 82% against 82%, -0.3 points unrounded
        ("worse", "+0.00B", "same"),
        ("worse", "costs the same", "same"),
        ("better", "-1 pts", "better"),
        ("worse", "costs $0.42B more", "worse"),
        ("neutral", "+0", "neutral"),  # no better direction stays so
        ("same", "+0 pts", "same"),
    ],
)
def test_a_change_that_reads_zero_is_the_same(direction, shown, expected) -> None:
    assert shown_direction(direction, shown) == expected
