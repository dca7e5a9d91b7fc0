"""Figures in words: dollars and tokens abbreviated, as the headline, brief and deck show them."""

import math

import numpy as np
import pytest

from core.units import (
    cost_change,
    gpu_hours,
    horizon_cost_name,
    percent_change,
    percent_past,
    points_change,
    significant,
    some_percent,
    tokens,
    usd,
    usd_change_billions,
    usd_short,
    years_text,
)


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
        (2.03e15, "2,030 T tokens"),  # not "2 P" beside "564 T"
        (1e15, "1,000 T tokens"),
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
    assert gpu_hours(20_000.0) == "0.0 M GPU-hours"  # some, rounded
    assert gpu_hours(0.0) == "0 GPU-hours"  # none


@pytest.mark.parametrize(
    ("value", "base", "said"),
    [
        (9.77e9, 18.48e9, "saves $8.71B"),  # a plan against the current scenario
        (26.7e9, 18.5e9, "costs $8.20B more"),  # 10x GB200 against the baseline
        (18.5e9, 18.5e9 + 0.004, "costs the same"),  # under what the sentence shows ($0.00)
        (18.5e9, 18.5e9 + 1e6, "saves $1M"),
        (20e6, 10e6, "costs $10M more"),  # two significant digits, not $0.01B
        (120e6, 10e6, "costs $0.11B more"),
    ],
)
def test_a_cost_change_says_saves_or_costs_more(value, base, said):
    """docs/model.md#F-cost-words: value less reference, below zero saves."""
    assert cost_change(value, base) == said


def test_a_cost_change_writes_its_dollars_as_the_sentence_does():
    """The plan window read "Present cost $10.78B against $18.13B now: the plan saves
    $7.3B" beside a table's -7.35B: a sentence that states both costs with `usd` says
    its change with `usd` too."""
    assert cost_change(10.78e9, 18.13e9, usd) == "saves $7.35B"
    assert cost_change(10.78e9, 18.13e9) == "saves $7.35B"  # short figures: cents of $1B too
    assert cost_change(18.5e9, 18.5e9 + 4e6, usd) == "saves $4M"


def test_a_cost_change_is_the_difference_of_the_costs_written_beside_it():
    """The plan read "Present cost $16.59B (now $29.97B: the plan saves $13.37B)": a reader
    subtracts what is printed, 13.38. A change too small for the costs' unit keeps its own
    ("$18.50B against $18.50B: saves $4M")."""
    assert cost_change(16.5949e9, 29.9651e9) == "saves $13.38B"
    assert cost_change(16.5949e9, 29.9651e9, usd) == "saves $13.38B"
    assert cost_change(18.5e9, 18.5e9 + 4e6, usd) == "saves $4M"
    assert cost_change(182.4e6, 150.6e6, usd) == "costs $31M more"  # $182M less $151M


def test_the_undiscounted_total_is_named_by_its_years():
    assert horizon_cost_name(6) == "6-year cost"


@pytest.mark.parametrize(
    ("years", "said"),
    [
        ([2026, 2027, 2028], "2026-2028"),
        ([2026, 2028], "2026, 2028"),
        ([2031, 2026, 2027, 2028, 2030], "2026-2028, 2030-2031"),  # runs, in order
        ([2027, 2027], "2027"),
    ],
)
def test_years_read_as_their_runs(years, said):
    assert years_text(years) == said


@pytest.mark.parametrize(
    ("value", "said"),
    [(187.7126, "187.7"), (0.20281, "0.2028"), (1877.4, "1,877"), (12345.6, "12,346"),
     (0.000123456, "0.0001235"), (0.0, "0"), (-3.14159, "-3.142"), (float("nan"), "n/a")],
)  # fmt: skip
def test_significant_digits_never_read_in_scientific_notation(value, said):
    """`scaledeck serve`'s GPU-hours: 187.7, not 187.7126; 0.2028, not 0.2."""
    assert significant(value, 4) == said


def test_a_share_that_is_there_never_reads_zero():
    """A residency flag read "0% of its tokens run on cloud burst" for 0.02%."""
    assert some_percent(0.0002) == "under 1%"
    assert some_percent(0.2) == "20%"
    assert some_percent(0.0) == "0%"


def test_a_percentage_past_its_line_never_reads_as_the_line():
    """A busy hour of 100.01% read "100%" beside ACT (cloud burst bought): a full fleet."""
    assert percent_past(1.0001) == "100.01%"
    assert percent_past(0.99999) == "99.999%"  # under it, as plainly
    assert percent_past(1.0) == "100%"
    assert percent_past(1.92) == "192%"
    assert percent_past(12.5) == "1,250%"
    assert percent_past(float("nan")) == "n/a"


def test_short_dollars_put_the_sign_first_as_usd_does():
    assert usd_short(-1e9) == "-$1.00B" == usd(-1e9)


def test_short_dollars_take_numpy_figures():
    """A numpy float's comparison is a numpy bool, which a string cannot be multiplied by."""
    assert usd_short(np.float64(-2.5e9)) == "-$2.50B"
    assert usd_short(np.float64(3.84e9)) == "$3.84B"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (percent_change(-0.004), "+0%"),
        (percent_change(-0.006), "-1%"),
        (percent_change(0.14), "+14%"),
        (percent_change(math.nan), "n/a"),
        (points_change(0.8197, 0.8200), "+0 pts"),
        (points_change(0.80, 0.82), "-2 pts"),
        (usd_change_billions(4.0e9 - 1.0, 4.0e9), "+$0M"),
        (usd_change_billions(3.0e9, 4.0e9), "-$1.00B"),
    ],
)
def test_a_change_that_rounds_to_zero_reads_plus_zero_never_minus_zero(text, expected):
    """Compare showed "+0 pts, -0%" for one change: a zero keeps one sign, a change its own."""
    assert text == expected
