"""Routes held to the generations that keep their latency promise (docs/model.md#F-slo).

A route kept by some generations but not all runs on their GPUs alone, so they must have
its hours. Built once per structure (`keeper_arrays`): the sets of generations the held
routes need, closed under union, short of every generation (whose shortfall is burst).
Each evaluation (`kept_share`) then finds the part of each route's tokens those GPUs have
the hours for. Few generations, so few sets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # core.engine.compiled builds its structure with `keeper_arrays`
    from core.engine.compiled import Structure

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def keeper_arrays(keeps: BoolArray) -> dict[str, Any]:
    """The `Structure` fields of held routes, from `keeps` (G, P, M): generation g keeps it."""
    flat = keeps.reshape(len(keeps), -1).T  # (P x M, G)
    held = np.logical_or.reduce(flat, axis=1) & ~np.logical_and.reduce(flat, axis=1)
    sets = {frozenset(int(g) for g in np.flatnonzero(row)) for row in flat[held]}
    unions = set(sets)
    while grown := {a | b for a in unions for b in sets} - unions:
        unions |= grown
    everything = frozenset(range(len(keeps)))
    ordered = sorted((u for u in unions if u != everything), key=lambda u: (len(u), sorted(u)))
    member = np.array([[g in u for g in range(len(keeps))] for u in ordered], dtype=bool)
    member = member.reshape(len(ordered), len(keeps))
    outside = ~member[None]  # (1, S, G)
    within = held[:, None] & ~(flat[:, None, :] & outside).any(axis=2)  # keepers in the set
    exactly = held[:, None] & (flat[:, None, :] == member[None]).all(axis=2)
    return {
        "generation_keeps": keeps,
        "keeps_alike": not held.any(),
        "keeper_sets": member.astype(float),
        "held_within": within.astype(float),
        "held_exactly": exactly.astype(float),
        "keeper_children": _children(ordered),
        "keepers_nested": all(a <= b or b <= a or not a & b for a in ordered for b in ordered),
    }


def _children(ordered: list[frozenset[int]]) -> FloatArray:
    """(S, S) 1 where set j is a largest proper subset of set k (a child in the nesting)."""
    size = len(ordered)
    inside = np.array([[a < b for a in ordered] for b in ordered], dtype=bool).reshape(size, size)
    # j is a child of k when inside k and inside no set that is itself inside k.
    nested = inside.astype(int) @ inside.astype(int)  # (k, j): sets between them
    result: FloatArray = (inside & (nested == 0)).astype(float)
    return result


def kept_share(
    s: Structure, share: FloatArray, inference: FloatArray, capacity: FloatArray
) -> FloatArray:
    """(B, T, P, M) the part of each route's tokens served on GPUs that keep its promise.

    `share` (B, T, G) the fleet's generations, `inference` (B, T, P, M) the routes' hours
    and `capacity` (B, T) the fleet's GPU-hours a year. 1 where every generation keeps
    the promise and 0 where none in service does. Where the sets nest (or are apart), the
    most restricted routes take their GPUs' hours first, which serves the most tokens
    (a flow on a tree); otherwise each set's routes share its shortfall alike.
    """
    if s.keeps_alike:  # (P, M), broadcast by its readers (`core.engine.generations.full`)
        return s.meets_slo
    kept_somewhere = (share[..., None, None] * s.generation_keeps).sum(axis=2) > 0
    result: FloatArray = kept_somewhere.astype(float)
    if not len(s.keeper_sets):
        return result
    hours = inference.reshape(*inference.shape[:2], -1)  # (B, T, P x M)
    held = capacity[..., None] * (share @ s.keeper_sets.T)  # (B, T, S) the sets' GPU-hours
    if s.keepers_nested:
        fraction = _nested_fraction(s, hours, held)
    else:
        needed = hours @ s.held_within
        short = np.divide(held, needed, out=np.ones_like(needed), where=needed > 0)
        fraction = np.min(
            np.where(s.held_within > 0, np.minimum(short, 1.0)[..., None, :], 1.0), axis=-1
        )  # (B, T, P x M)
    on_time: FloatArray = result * fraction.reshape(result.shape)
    return on_time


def _nested_fraction(s: Structure, hours: FloatArray, held: FloatArray) -> FloatArray:
    """(B, T, P x M) kept part of each route when the sets nest: smallest sets served first.

    A set serves its own routes' hours and what its children served, up to its GPU-hours;
    its own routes keep what is left of that after the children (sets in size order).
    """
    own = hours @ s.held_exactly  # (B, T, S) hours of routes held to exactly each set
    served = np.zeros_like(own)
    for k in range(own.shape[-1]):  # smallest first: every child before its parent
        below = served @ s.keeper_children[k]
        served[..., k] = np.minimum(held[..., k], own[..., k] + below)
    left = served - served @ s.keeper_children.T  # what each set gave its own routes
    part = np.divide(left, own, out=np.ones_like(own), where=own > 0)
    unheld = 1.0 - s.held_exactly.sum(axis=1)  # (P x M,) 1 for routes held to no set
    result: FloatArray = part @ s.held_exactly.T + unheld
    return result
