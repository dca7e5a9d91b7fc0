"""The plan LP's inequality rows, one function per family (docs/model.md#F-plan).

Each row is `A z <= b`; x are GPUs added per candidate cohort (cohort c + 1 of the
structure), s route shares, b burst reference-GPU hours. The baseline cohort is a
constant and moves to the right-hand side.
"""

import numpy as np

from core.plan.data import PlanData
from core.plan.lp import ALPHA, Block, Layout, Limits, external_points, share_npv


def inequalities(data: PlanData, lay: Layout, limits: Limits) -> Block:
    """Every inequality family the limits ask for, in one block."""
    block = Block()
    _floors(data, lay, block)
    _capacity(data, lay, block)
    if limits.power_cap_mw is not None:
        _shared_cap(block, lay, data.unit_mw, limits.power_cap_mw * 1.0, data, "power")
    if limits.capex_budget_usd is not None:
        _shared_cap(block, lay, data.unit_cash, limits.capex_budget_usd, data, "budget")
    if limits.max_provider_share is not None:
        _provider_share(data, lay, block, limits.max_provider_share)
    if limits.min_in_house_share is not None:
        _in_house_share(data, lay, block, limits.min_in_house_share)
    if limits.max_external_share is not None:
        _external(data, lay, block, limits.max_external_share)
    if lay.robust:
        _cvar(data, lay, block)
    return block


def _floors(data: PlanData, lay: Layout, block: Block) -> None:
    """-sum_m quality x share <= -floor, per draw, year and product."""
    s, w = data.structure, np.arange(lay.draws)
    products = len(s.product_names)
    rows = w[:, None] * lay.years * products + lay.t * products + lay.p
    block.add(rows, lay.s(w), np.broadcast_to(-s.quality[lay.p, lay.m], rows.shape))
    t, p = np.divmod(np.arange(lay.years * products), products)
    block.name(
        -np.tile(s.quality_floor[p], lay.draws),
        "floor",
        np.tile(t, lay.draws),
        np.tile(p, lay.draws),
        np.repeat(w, len(t)),
    )


def _capacity(data: PlanData, lay: Layout, block: Block) -> None:
    """Busy-hour inference + training <= fleet reference hours + burst, per draw and year."""
    w, years = np.arange(lay.draws), np.arange(lay.years)
    work = data.tokens[:, lay.t, lay.p] * data.hours[lay.p, lay.m]  # (W, n)
    rows = w[:, None] * lay.years + lay.t
    block.add(rows, lay.s(w), work)
    block.add(w[:, None] * lay.years + years, lay.b(w), -np.ones((lay.draws, lay.years)))
    fleet = -data.unit_capacity[1:].T  # (T, C')
    x_rows = np.broadcast_to(
        w[:, None, None] * lay.years + years[None, :, None], (lay.draws, lay.years, lay.cohorts)
    )
    x_cols = np.broadcast_to(np.arange(lay.cohorts), x_rows.shape)
    block.add(x_rows, x_cols, np.broadcast_to(fleet, x_rows.shape))
    rhs = data.baseline_gpus * data.unit_capacity[0][None] - data.training  # (W, T)
    block.name(rhs, "capacity", np.tile(years, lay.draws), 0 * rhs, np.repeat(w, lay.years))


def _shared_cap(
    block: Block, lay: Layout, unit: np.ndarray, cap: float, data: PlanData, family: str
) -> None:
    """sum_c unit[c, t] x_c <= cap - baseline, per year (the build is shared by draws)."""
    years = np.arange(lay.years)
    rows = np.repeat(years, lay.cohorts)
    block.add(rows, np.tile(np.arange(lay.cohorts), lay.years), unit[1:].T.ravel())
    rhs = cap - data.baseline_gpus * unit[0]
    block.name(rhs, family, years, 0 * years, 0 * years)


def _provider_share(data: PlanData, lay: Layout, block: Block, cap: float) -> None:
    """Each outside provider's spend <= cap x all spend, per draw, year and provider.

    Partners are capped against the spend without burst: stricter than the evaluator's
    total, so a plan that keeps it keeps the evaluator's too (docs/model.md#F-plan).
    """
    s, w = data.structure, np.arange(lay.draws)
    outside = np.arange(1, len(s.providers))  # partners, then Cloud burst
    k_count, per_draw = len(outside), lay.years * len(outside)
    spend = data.tokens[:, lay.t, lay.p] * data.price[:, lay.t, lay.p, lay.m]  # (W, n)
    member = s.provider_of_model[lay.m][:, outside]  # (n, K')
    rows = w[:, None, None] * per_draw + lay.t[None, :, None] * k_count + np.arange(k_count)
    vals = spend[:, :, None] * (member[None] - cap)
    block.add(rows, np.broadcast_to(lay.s(w)[:, :, None], rows.shape), vals)
    # A partner's cap is read against all spend but burst: more burst than the shortfall
    # would otherwise buy room under the cap (the evaluator buys the shortfall only).
    burst = (outside == len(s.providers) - 1) * (1.0 - cap)  # (K',)
    b_rows = w[:, None, None] * per_draw + np.arange(lay.years)[None, :, None] * k_count
    b_rows = b_rows + np.arange(k_count)
    b_vals = data.burst_price[None, :, None] * burst[None, None, :] + 0 * b_rows
    block.add(b_rows, np.broadcast_to(lay.b(w)[:, :, None], b_rows.shape), b_vals)
    fleet = -cap * data.unit_fleet_cost[1:].T  # (T, C')
    x_rows = b_rows[..., None] + 0 * np.arange(lay.cohorts)
    x_vals = np.broadcast_to(fleet[None, :, None, :], x_rows.shape)
    block.add(x_rows, np.broadcast_to(np.arange(lay.cohorts), x_rows.shape), x_vals)
    rhs = cap * data.baseline_gpus * data.unit_fleet_cost[0]  # (T,)
    t, k = np.divmod(np.arange(per_draw), k_count)
    block.name(
        np.tile(rhs[t], lay.draws),
        "provider",
        np.tile(t, lay.draws),
        np.tile(outside[k], lay.draws),
        np.repeat(w, per_draw),
    )


def _in_house_share(data: PlanData, lay: Layout, block: Block, least: float) -> None:
    """-in-house tokens <= -least x all tokens, per draw and year."""
    w = np.arange(lay.draws)
    own = data.structure.in_house[lay.m]
    block.add(w[:, None] * lay.years + lay.t, lay.s(w), -data.tokens[:, lay.t, lay.p] * own)
    rhs = -least * data.tokens.sum(axis=2)
    years = np.arange(lay.years)
    block.name(rhs, "in_house", np.tile(years, lay.draws), 0 * rhs, np.repeat(w, lay.years))


def _external(data: PlanData, lay: Layout, block: Block, most: float) -> None:
    """Horizon-average external token share <= most, per draw."""
    w = np.arange(lay.draws)
    points = external_points(data, lay)
    block.add(np.broadcast_to(w[:, None], points.shape), lay.s(w), points)
    block.name(np.full(lay.draws, 100.0 * most), "external", 0 * w, 0 * w, w)


def _cvar(data: PlanData, lay: Layout, block: Block) -> None:
    """NPV_w - eta - u_w <= 0 (Rockafellar-Uryasev), per draw."""
    w = np.arange(lay.draws)
    share_cost, burst_cost = share_npv(data, lay)
    block.add(np.broadcast_to(w[:, None], share_cost.shape), lay.s(w), share_cost)
    block.add(np.repeat(w, lay.years), lay.b(w).ravel(), np.tile(burst_cost, lay.draws))
    x_rows = np.repeat(w, lay.cohorts)
    block.add(x_rows, np.tile(np.arange(lay.cohorts), lay.draws),
              np.tile(data.unit_npv[1:], lay.draws))  # fmt: skip
    block.add(w, np.full(lay.draws, lay.eta), -np.ones(lay.draws))
    block.add(w, lay.eta + 1 + w, -np.ones(lay.draws))
    rhs = np.full(lay.draws, -data.baseline_gpus * data.unit_npv[0])
    block.name(rhs, "cvar", 0 * w, 0 * w, w)


def objective(data: PlanData, lay: Layout, risk_weight: float, beta: float) -> np.ndarray:
    """Mean NPV (USD billions) + risk_weight x external points + beta x CVaR90 of NPV."""
    c = np.zeros(lay.size)
    c[: lay.cohorts] = data.unit_npv[1:] / 1e9
    share_cost, burst_cost = share_npv(data, lay)
    w = np.arange(lay.draws)
    c[lay.s(w)] = (share_cost / 1e9 + risk_weight * external_points(data, lay)) / lay.draws
    c[lay.b(w)] = burst_cost / 1e9 / lay.draws
    if lay.robust:  # eta and u are in USD, like the NPV rows they bound
        c[lay.eta] = beta / 1e9
        c[lay.eta + 1 :] = beta / ((1.0 - ALPHA) * lay.draws) / 1e9
    return c
