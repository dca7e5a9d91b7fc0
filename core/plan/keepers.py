"""Rows that keep latency promises only some generations keep (docs/model.md#F-slo).

A route whose promise only some generations keep runs on their GPUs alone, so those GPUs
must have its hours. With several such routes this is Hall's condition: for every set of
generations, the routes held within it need no more than its GPUs' hours a year. One row
per draw, year and set (`Structure.keeper_sets`), each route at its hours per token on
its own GPUs at the plan's current point, as the evaluator's `kept_share` reads them.
"""

import numpy as np

from core.plan.data import PlanData
from core.plan.lp import Block, Layout


def keeper_rows(data: PlanData, lay: Layout, block: Block) -> None:
    """Sum of held routes' hours - their generations' GPU-hours <= the baseline's, if theirs."""
    s = data.structure
    sets = len(s.keeper_sets)
    if s.keeps_alike or not sets:
        return
    w = np.arange(lay.draws)
    route = lay.p * len(s.model_names) + lay.m  # (n,) flat route of each share
    within = s.held_within[route]  # (n, S)
    hours = data.tokens[:, lay.t, lay.p] * data.served_hours[:, lay.t, lay.p, lay.m]  # (W, n)
    first = (w[:, None] * lay.years + lay.t[None]) * sets  # (W, n) each share's first row
    n, k = np.nonzero(within)
    block.add(first[:, n] + k, lay.s(w)[:, n], hours[:, n])
    # Each set's GPUs: one GPU of cohort c in year t gives unit_hours[c, t] if its
    # generation that year is in the set.
    member = s.keeper_sets[:, s.cohort_generation]  # (S, C, T)
    gpu_hours = member * data.unit_hours[None]  # (S, C, T)
    k, c, t = np.nonzero(gpu_hours[:, 1:])
    rows = (w[:, None] * lay.years + t[None]) * sets + k[None]
    block.add(
        rows, np.broadcast_to(c, rows.shape), -np.broadcast_to(gpu_hours[k, c + 1, t], rows.shape)
    )
    baseline = data.baseline_gpus * gpu_hours[:, 0].T  # (T, S)
    t, k = np.divmod(np.arange(lay.years * sets), sets)
    block.name(np.tile(baseline.ravel(), lay.draws), "keepers", np.tile(t, lay.draws),
               np.tile(k, lay.draws), np.repeat(w, lay.years * sets))  # fmt: skip
