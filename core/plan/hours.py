"""Cloud burst hour by hour: the load curve's rows in the plan's program (docs/model.md#F-plan).

The evaluator buys the GPU-hours above the fleet, hour by hour over the week
(`core.engine.load_curve.bought_gpu_hours`, docs/model.md#F-load-curve), not the busy
hour's excess all year. Every product's week is a power of one shape, so the hours rank
alike whatever the routing: the hours above the fleet are the week's busiest n, for
some n, and the sum of the excesses is the largest sum over the busiest n hours. So the
burst b is at least each such sum (one row per distinct load level) and, with training
in the valleys, at least the year's work beyond the fleet's year: minimized, b is the
evaluator's burst exactly, at the plan's current speeds. Each product's year of work v
and the fleet's year k get their own columns, so a level's row holds P + 2 entries.
"""

import numpy as np

from core.engine.compiled import FloatArray
from core.engine.load_curve import HOURS_PER_WEEK
from core.plan.data import PlanData
from core.plan.lp import Block, Layout

TIE = 1e-12  # hours whose loads differ by less (relative) are one level


def unit(data: PlanData) -> FloatArray:
    """(W, T) the unit of v and k: the year's largest route, so the columns are near 1.

    Without it burst's rows hold only entries near 1 and scaling leaves b in hours (1e9):
    its cost per hour (1e-9 USD billions) falls under HiGHS's dual tolerance.
    """
    routes = data.tokens[..., None] * data.work_hours  # (W, T, P, M)
    largest = np.maximum(routes.max(axis=(2, 3)), data.work_training)
    result: FloatArray = np.where(largest > 0, largest, 1.0)
    return result


def levels(load: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(L, P) each product's load summed over the week's busiest n hours, and (L,) the n / 168.

    One entry per distinct load level, a tie taken whole: within a tie every hour adds
    the same excess, so the largest sum ends at a level's last hour. `load` is (P, 168),
    each product's hours over its average hour.
    """
    ranked = load[:, np.argsort(-load.sum(axis=0), kind="stable")]
    total = ranked.sum(axis=0)
    ends = np.flatnonzero(~np.isclose(total[1:], total[:-1], rtol=TIE, atol=0.0))
    ends = np.append(ends, HOURS_PER_WEEK - 1)
    summed: FloatArray = np.cumsum(ranked, axis=1)[:, ends].T / HOURS_PER_WEEK
    return summed, (ends + 1.0) / HOURS_PER_WEEK


def work_rows(data: PlanData, lay: Layout, block: Block) -> None:
    """Rows v = each product's year of in-house work and k = the fleet's year, per draw.

    Equalities; both columns count `unit`s of reference-GPU hours.
    """
    w, years, products = np.arange(lay.draws), np.arange(lay.years), lay.products
    scale = unit(data)
    work = data.tokens[:, lay.t, lay.p] * data.work_hours[:, lay.t, lay.p, lay.m]  # (W, n)
    rows = w[:, None] * lay.years * products + lay.t * products + lay.p
    block.add(rows, lay.s(w), -work)
    periods = lay.years * products
    v_rows = w[:, None, None] * periods + np.arange(periods).reshape(lay.years, products)
    block.add(v_rows, lay.v(w), np.broadcast_to(scale[..., None], v_rows.shape))
    t, p = np.divmod(np.tile(np.arange(periods), lay.draws), products)
    block.name(np.zeros(lay.draws * periods), "work", t, p, np.repeat(w, periods))
    capacity = data.unit_capacity  # (W, C, T) at each draw's speed of each generation
    rows = np.broadcast_to(w[:, None, None] * lay.years + years[None, :, None],
                           (lay.draws, lay.years, lay.cohorts))  # fmt: skip
    cols = np.broadcast_to(np.arange(lay.cohorts), rows.shape)
    block.add(rows, cols, -capacity[:, 1:].transpose(0, 2, 1))
    block.add(w[:, None] * lay.years + years, lay.k(w), scale)
    t = np.tile(years, lay.draws)
    block.name(data.baseline_gpus * capacity[:, 0], "fleet", t, 0 * t, np.repeat(w, lay.years))


def burst_rows(data: PlanData, lay: Layout, block: Block, exact: bool = True) -> None:
    """Burst b >= the excess over the busiest n hours per level, and >= the year's excess.

    Training fills the fleet's valleys by default (then the year's row); otherwise it runs
    evenly, in every hour's excess. Not `exact`: one row per draw and year, the busy
    hour's excess all year with training in it, a bound above (`core.plan.optimum` falls
    back to it where the hours' rows do not settle, and a robust plan keeps it: 91 levels
    per draw made 200 draws' program ten times slower). The rows are `capacity` rows to
    the binding words.
    """
    load = data.structure.week_load
    valleys = data.structure.training_in_valleys and exact
    summed, share = levels(load) if exact else (load.max(axis=1)[None], np.ones(1))
    count = len(share)
    w, years = np.arange(lay.draws), np.arange(lay.years)
    rows = (w[:, None, None] * lay.years + years[None, :, None]) * count  # (W, T, 1)
    level = rows + np.arange(count)  # (W, T, L)
    v, scale = lay.v(w), unit(data)[..., None]  # (W, T, P), (W, T, 1)
    block.add(level[..., None] + 0 * v[:, :, None, :],
              np.broadcast_to(v[:, :, None, :], (*level.shape, lay.products)),
              summed * scale[..., None])  # fmt: skip
    block.add(level, np.broadcast_to(lay.k(w)[..., None], level.shape), -share * scale)
    block.add(level, np.broadcast_to(lay.b(w)[..., None], level.shape), -np.ones(level.shape))
    even = 0.0 if valleys else 1.0
    rhs = -even * data.work_training[..., None] * share  # (W, T, L)
    block.name(rhs, "capacity", np.broadcast_to(years[:, None], level.shape), 0 * level,
               np.broadcast_to(w[:, None, None], level.shape))  # fmt: skip
    if not valleys:
        return  # the last level's row is the year's: every hour, training in each
    rows = w[:, None] * lay.years + years  # (W, T)
    block.add(rows[..., None] + 0 * v, v, scale + 0 * v)
    block.add(rows, lay.k(w), -scale[..., 0])
    block.add(rows, lay.b(w), -np.ones(rows.shape))
    t = np.tile(years, lay.draws)
    block.name(-data.work_training, "capacity", t, 0 * t, np.repeat(w, lay.years))
