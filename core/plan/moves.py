"""Stable routing: a cost for traffic moved between models (docs/model.md#F-plan).

Moving a product's traffic costs migration work (evaluation, prompts, a staged rollout),
so a plan moves a product when the saving pays for it and does not move it back without
a reason. One column d per route and year after the first, with rows
d >= s_t - s_(t-1) and d >= s_(t-1) - s_t; moving a share x from one model to another
moves 2x in total, so the objective charges `migration_usd` x d / 2, discounted. The
evaluator knows no migration: the plan's present cost excludes it, its objective not.
"""

import numpy as np

from core.engine.compiled import FloatArray
from core.plan.data import PlanData
from core.plan.lp import USD_B, Block, Layout


def move_rows(lay: Layout, block: Block) -> None:
    """Both directions of |s_t - s_(t-1)| <= d, per draw and moved route."""
    if not len(lay.moved):
        return
    w = np.arange(lay.draws)
    shares, d = lay.s(w), lay.d(w)  # (W, n), (W, k)
    k = len(lay.moved)
    for sign in (1.0, -1.0):
        rows = w[:, None] * k + np.arange(k)  # (W, k)
        for which, coefficient in ((0, sign), (1, -sign)):  # now, the year before
            present = lay.moved[:, which] >= 0
            cols = shares[:, np.where(present, lay.moved[:, which], 0)]
            block.add(
                rows[:, present], cols[:, present], np.full(cols[:, present].shape, coefficient)
            )
        block.add(rows, d, -np.ones(rows.shape))
        block.name(np.zeros(rows.size), "move", 0 * rows.ravel(), 0 * rows.ravel(), np.repeat(w, k))


def move_cost(data: PlanData, lay: Layout, migration_usd: float) -> FloatArray:
    """(W, k) objective coefficient of each moved-share column, USD billions, per draw mean."""
    now, before = lay.moved[:, 0], lay.moved[:, 1]
    t = np.where(now >= 0, lay.t[np.maximum(now, 0)], lay.t[np.maximum(before, 0)] + 1)
    per = 0.5 * migration_usd * data.discount[t] / USD_B / lay.draws
    return np.broadcast_to(per, (lay.draws, len(lay.moved)))
