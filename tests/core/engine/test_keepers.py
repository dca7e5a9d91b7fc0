"""Held routes' share of tokens on GPUs that keep their promise, worked by hand (F-slo).

Three generations A, B, C; one product, three routes: r0 kept on C only, r1 on B and C,
r2 on all three. The fleet's 400 GPU-hours a year are half A's, a quarter each B's and C's.
"""

from types import SimpleNamespace

import numpy as np
import pytest

from core.engine.keepers import keeper_arrays, kept_share

KEEPS = np.array([[[0, 0, 1]], [[0, 1, 1]], [[1, 1, 1]]], dtype=bool)  # (G, P, M)
SHARE = np.array([[[0.5, 0.25, 0.25]]])  # (B, T, G)
CAPACITY = np.array([[400.0]])  # (B, T)


def _structure(keeps: np.ndarray) -> SimpleNamespace:
    return SimpleNamespace(**keeper_arrays(keeps), meets_slo=keeps.all(axis=0).astype(float))


def _kept(keeps: np.ndarray, hours: list[float], share: np.ndarray = SHARE) -> list[float]:
    inference = np.array(hours, dtype=float).reshape(1, 1, 1, 3)
    result = kept_share(_structure(keeps), share, inference, CAPACITY)  # type: ignore[arg-type]
    return [float(v) for v in result.ravel()]


def test_nested_sets_serve_the_most_restricted_route_first():
    """C's 100 hours go to r0 (150 needed): 2/3 kept. B and C give 200 hours, 100 of them
    left for r1's 100: all kept (shared alike it would be 200 / 250 = 0.8). r2 runs anywhere."""
    s = _structure(KEEPS)
    assert s.keepers_nested
    assert s.keeper_sets.tolist() == [[0, 0, 1], [0, 1, 1]]  # {C}, {B, C}; not all three
    assert s.keeper_children.tolist() == [[0, 0], [1, 0]]  # {C} is {B, C}'s child
    assert _kept(KEEPS, [150, 100, 50]) == pytest.approx([2 / 3, 1.0, 1.0])


def test_a_short_outer_set_shares_what_its_children_leave():
    """r0 needs 60 of C's 100: all kept. B and C then give r1 the other 140 of their 200
    hours against 280 needed: half of r1 is kept."""
    assert _kept(KEEPS, [60, 280, 50]) == pytest.approx([1.0, 0.5, 1.0])


def test_a_route_whose_generations_are_not_in_service_is_all_late():
    """No C in service: r0 keeps nothing; r1 has B's 100 hours for its 100."""
    share = np.array([[[0.5, 0.25, 0.0]]])
    assert _kept(KEEPS, [10, 100, 50], share) == pytest.approx([0.0, 1.0, 1.0])


def test_overlapping_sets_share_each_shortfall_alike():
    """r0 on A and B, r1 on B and C: the sets overlap, so their union (every generation)
    is the fleet's, and each set short of its routes' hours shares the shortfall: A and B
    give 300 hours to r0's 400 (3/4 kept), B and C 200 to r1's 100 (all kept)."""
    keeps = np.array([[[1, 0, 1]], [[1, 1, 1]], [[0, 1, 1]]], dtype=bool)
    s = _structure(keeps)
    assert not s.keepers_nested
    assert _kept(keeps, [400, 100, 50]) == pytest.approx([0.75, 1.0, 1.0])


def test_routes_every_generation_keeps_are_all_on_time():
    keeps = np.ones((3, 1, 3), dtype=bool)
    assert _structure(keeps).keeps_alike
    assert _kept(keeps, [400, 100, 50]) == [1.0, 1.0, 1.0]
