"""Figures in words: dollars and tokens abbreviated, as the headline, brief and deck show them."""

import pytest

from core.units import gpu_hours, tokens, usd


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.04e9, "$3.04B"),
        (-3.04e9, "-$3.04B"),
        (1e9, "$1.00B"),
        (182e6, "$182M"),
        (1e6, "$1M"),
        (52e3, "$52k"),
        (-52e3, "-$52k"),
        (1e3, "$1k"),
        (999.5, "$999.50"),
        (12.345, "$12.35"),
        (float("nan"), "n/a"),
        (float("inf"), "n/a"),
    ],
)
def test_usd_abbreviates_by_size_and_signs_in_front(value, shown):
    assert usd(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (2e15, "2 P tokens"),
        (1e15, "1 P tokens"),
        (120e12, "120 T tokens"),
        (1e12, "1 T tokens"),
        (3e9, "3 B tokens"),
        (1e9, "1 B tokens"),
        (5e6, "5 M tokens"),
        (1e6, "1 M tokens"),
        (999_999, "999,999 tokens"),
        (-2e12, "-2 T tokens"),
    ],
)
def test_tokens_abbreviate_by_size(value, shown):
    assert tokens(value) == shown


def test_gpu_hours_in_millions():
    assert gpu_hours(120.9e6) == "120.9 M GPU-hours"
