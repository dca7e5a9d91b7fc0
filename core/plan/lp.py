"""The plan's linear program: columns, objective and rows (docs/model.md#F-plan).

Built with numpy indexing into sparse matrices. Columns: GPUs added per candidate cohort
x (shared by every draw), then per draw the share of each allowed route s and the burst b
per year (reference-GPU hours), then for a robust plan the CVaR threshold eta and one
excess u per draw, the moved shares d, and per draw each product's year of in-house work
v and the fleet's year k (`core.plan.hours`, whose rows price burst). Every row is
`A z <= b` or `A z = b` and carries a label (family, year, item) so a binding row can be
said in words; the baseline cohort is a constant on the right-hand side.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from core.engine.compiled import FloatArray, IntArray
from core.plan.data import PlanData
from core.plan.locks import NO_LOCKS, Locks
from core.scenario.schema import MAX_FLEET_GPUS

USD_B = 1e9  # the objective is in USD billions (λ is USD billions per point of share)
# The most λ (USD billions per point of external share) and beta (per USD of the mean) may
# be: from here the weighted term comes first and present cost only breaks ties, so a larger
# weight changes no plan. λ 1e18 gave HiGHS costs from 9e-6 to 5e18 ("Solve error", said as
# "no plan meets the constraints"); scaling the costs down instead lost present cost under
# the solver's tolerance: λ 1e17 then chose a plan 45 points more external.
MAX_WEIGHT = 1e6
ALPHA = 0.9  # CVaR level
# Moving all of one product's traffic to other models: re-evaluation, prompt and tool
# tuning, a staged rollout (illustrative: ~5 engineers for a quarter). Editable per plan.
MIGRATION_USD = 2e6
# The fleet a plan may reach is MAX_FLEET_GPUS, the most one build-plan row (and a baseline)
# may hold: every plan can be written as a scenario and no cap is met by buying idle GPUs
# by the million (a provider's share of spend falls as the fleet's spend grows).


@dataclass(frozen=True)
class Limits:
    """The optional constraints of a plan, as the user gives them."""

    power_cap_mw: float | None = None
    capex_budget_usd: float | None = None
    max_provider_share: float | None = None
    min_in_house_share: float | None = None
    max_external_share: float | None = None  # horizon-average token share (the frontier)
    locks: Locks = NO_LOCKS  # the user's fixed decisions (core.plan.locks)
    migration_usd: float = MIGRATION_USD  # moving a whole product to other models, once
    block_gpus: int = 1  # the build comes in whole blocks of this many GPUs


@dataclass
class Block:
    """Rows of one constraint family: COO triplets, right-hand sides and labels."""

    rows: list[IntArray] = field(default_factory=list)
    cols: list[IntArray] = field(default_factory=list)
    vals: list[FloatArray] = field(default_factory=list)
    rhs: list[FloatArray] = field(default_factory=list)
    labels: list[tuple[str, int, int, int]] = field(default_factory=list)  # family, t, item, w

    def add(self, rows: IntArray, cols: IntArray, vals: FloatArray) -> None:
        """Entries at rows numbered from this block's next unnamed row."""
        start = len(self.labels)
        self.rows.append(np.ravel(rows) + start)
        self.cols.append(np.ravel(cols))
        self.vals.append(np.ravel(vals).astype(float))

    def name(self, rhs: FloatArray, family: str, t: IntArray, item: IntArray, w: IntArray) -> None:
        """Close the rows just added: their right-hand sides and labels."""
        self.rhs.append(np.ravel(rhs).astype(float))
        self.labels += [
            (family, int(a), int(b), int(c))
            for a, b, c in zip(np.ravel(t), np.ravel(item), np.ravel(w), strict=True)
        ]

    def matrix(self, columns: int) -> tuple[sp.csr_array, FloatArray]:
        """A and b as built (`equilibrated` scales them for the solver)."""
        if not self.labels:
            return sp.csr_array((0, columns)), np.zeros(0)
        a = sp.coo_array(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(len(self.labels), columns),
        ).tocsr()
        return a, np.concatenate(self.rhs)


NEGLIGIBLE = 1e-100  # an entry this small is a zero to HiGHS, and 1 / it can overflow


def _inverse(largest: FloatArray) -> FloatArray:
    """1 / each largest entry; 1 where it is negligible (that row or column stays as is)."""
    return 1.0 / np.where(largest > NEGLIGIBLE, largest, 1.0)


def _row_scaled(a: sp.csr_array, b: FloatArray) -> tuple[sp.csr_array, FloatArray, FloatArray]:
    """Each row over its largest entry; a negligible row stays as it is (its rhs too)."""
    largest = abs(a).max(axis=1).toarray().ravel() if a.shape[0] else b
    factor = _inverse(largest)
    return sp.csr_array(sp.diags(factor) @ a), b * factor, factor


def equilibrated(
    parts: list[tuple[sp.csr_array, FloatArray]],
) -> tuple[list[tuple[sp.csr_array, FloatArray]], FloatArray]:
    """Rows, then columns, then rows again scaled to a largest entry of 1.

    Tokens run to 1e21 and GPU counts to 1e7 in one row; HiGHS's tolerances are absolute,
    so unscaled rows lose the small terms. Returns the scaled parts and the column
    factors D (a variable of the scaled problem is the original divided by D).
    """
    scaled, columns, _rows = equilibrated_rows(parts)
    return scaled, columns


def equilibrated_rows(
    parts: list[tuple[sp.csr_array, FloatArray]], whole_columns: int = 0, block: float = 1.0
) -> tuple[list[tuple[sp.csr_array, FloatArray]], FloatArray, list[FloatArray]]:
    """`equilibrated`, with each part's row factors R (a scaled row is R x the original).

    The first `whole_columns` columns get the factor `block`: their scaled variable counts
    blocks, an integer. A dual of the scaled problem times R is the original row's.
    """
    rows = [_row_scaled(a, b) for a, b in parts]
    stacked = sp.vstack([a for a, _, _ in rows])
    factor = _inverse(abs(stacked).max(axis=0).toarray().ravel())
    factor[:whole_columns] = block
    scaled = [_row_scaled(sp.csr_array(a @ sp.diags(factor)), b) for a, b, _ in rows]
    return (
        [(a, b) for a, b, _ in scaled],
        factor,
        [first * second for (_, _, first), (_, _, second) in zip(rows, scaled, strict=True)],
    )


@dataclass(frozen=True)
class Layout:
    """Where each variable sits in the column vector."""

    cohorts: int  # x: candidate cohorts (cohort 0, the baseline, is fixed)
    t: IntArray  # per share variable: its year, product and model
    p: IntArray
    m: IntArray
    draws: int
    years: int
    robust: bool
    products: int = 0
    moved: IntArray = field(default_factory=lambda: np.zeros((0, 2), dtype=int))  # (k, 2)

    @property
    def shares(self) -> int:
        """Share variables per draw."""
        return len(self.t)

    def s(self, w: IntArray) -> IntArray:
        """(W, n) columns of the share variables of draws `w`."""
        result: IntArray = self.cohorts + w[:, None] * self.shares + np.arange(self.shares)
        return result

    def b(self, w: IntArray) -> IntArray:
        """(W, T) columns of the burst variables."""
        start = self.cohorts + self.draws * self.shares
        result: IntArray = start + w[:, None] * self.years + np.arange(self.years)
        return result

    @property
    def eta(self) -> int:
        """The CVaR threshold's column (robust only)."""
        return self.cohorts + self.draws * (self.shares + self.years)

    def d(self, w: IntArray) -> IntArray:
        """(W, k) columns of the share moved on each route from one year to the next."""
        start = self.eta + (1 + self.draws if self.robust else 0)
        result: IntArray = start + w[:, None] * len(self.moved) + np.arange(len(self.moved))
        return result

    @property
    def _hours_start(self) -> int:
        """The first column of the fleet's year (after the moved shares)."""
        return self.eta + (1 + self.draws if self.robust else 0) + self.draws * len(self.moved)

    def v(self, w: IntArray) -> IntArray:
        """(W, T, P) columns of each product's year of work, in reference-GPU hours."""
        per_draw = self.years * (self.products + 1)
        start = self._hours_start + w[:, None, None] * per_draw
        result: IntArray = start + np.arange(self.years * self.products).reshape(
            self.years, self.products
        )
        return result

    def k(self, w: IntArray) -> IntArray:
        """(W, T) columns of the fleet's reference-GPU hours of each year."""
        per_draw = self.years * (self.products + 1)
        start = self._hours_start + w[:, None] * per_draw + self.years * self.products
        result: IntArray = start + np.arange(self.years)
        return result

    @property
    def size(self) -> int:
        """All columns."""
        return self._hours_start + self.draws * self.years * (self.products + 1)


def layout(data: PlanData, robust: bool, moves: bool = False) -> Layout:
    """The column layout of `data`'s LP.

    `moves` adds a moved-share column per route and year after the first, with its share
    index that year and the year before (-1 for none).
    """
    t, p, m = np.nonzero(data.allowed)
    cohorts = len(data.structure.cohort_gpu) - 1
    years, products = data.allowed.shape[:2]
    lay = Layout(cohorts, t, p, m, data.draws, years, robust, products)
    if not moves:
        return lay
    index = np.full(data.allowed.shape, -1)
    index[t, p, m] = np.arange(len(t))
    pairs = np.stack([index[1:], index[:-1]], axis=-1).reshape(-1, 2)
    return replace(lay, moved=pairs[(pairs >= 0).any(axis=1)])


def external_points(data: PlanData, lay: Layout) -> FloatArray:
    """(W, n): horizon-average external token share in points per unit of each share."""
    s = data.structure
    weight = data.tokens / np.maximum(data.tokens.sum(axis=2, keepdims=True), 1e-300)
    partner = ~s.in_house[lay.m]
    result: FloatArray = 100.0 * weight[:, lay.t, lay.p] * partner / len(s.years)
    return result


def share_pv_cost(data: PlanData, lay: Layout) -> tuple[FloatArray, FloatArray]:
    """Present cost per unit of each share (W, n) and of each burst hour (T,)."""
    routed = data.tokens[:, lay.t, lay.p] * data.price[:, lay.t, lay.p, lay.m]
    return routed * data.discount[lay.t], data.discount * data.burst_price


def equalities(data: PlanData, lay: Layout) -> Block:
    """Each product's shares sum to 1, every year and draw."""
    block, w = Block(), np.arange(lay.draws)
    periods = lay.years * len(data.structure.product_names)
    rows = w[:, None] * periods + lay.t * len(data.structure.product_names) + lay.p
    block.add(rows, lay.s(w), np.ones((lay.draws, lay.shares)))
    t, p = np.divmod(np.arange(periods), len(data.structure.product_names))
    block.name(np.ones(lay.draws * periods), "sum", np.tile(t, lay.draws),
               np.tile(p, lay.draws), np.repeat(w, periods))  # fmt: skip
    return block


def inequalities(data: PlanData, lay: Layout, limits: Limits) -> Block:
    """Every inequality family the limits ask for, in one block, and the fleet's size."""
    block = Block()  # quality floors hold per route: a route under one has no column
    _fleet_size(data, lay, block)
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
    for family, by_year in (
        ("min_gpus", limits.locks.min_gpus),
        ("max_gpus", limits.locks.max_gpus),
    ):
        if by_year:
            _gpus_per_year(data, lay, block, family, by_year)
    if lay.robust:
        _cvar(data, lay, block)
    return block


def _fleet_size(data: PlanData, lay: Layout, block: Block) -> None:
    """GPUs added over the horizon <= MAX_FLEET_GPUS less the baseline (one row).

    Without it a cap on a provider's share of spend is always met, by a fleet whose
    spend dwarfs the partners' (0.4% on the default: 19.7 million GPUs in 2026, a build
    no scenario holds); with it such a cap is infeasible and said with its nearest value.
    """
    block.add(np.zeros(lay.cohorts, dtype=int), np.arange(lay.cohorts), np.ones(lay.cohorts))
    zero = np.zeros(1, dtype=int)
    block.name(np.array([MAX_FLEET_GPUS - data.baseline_gpus]), "fleet", zero, zero, zero)


def _gpus_per_year(
    data: PlanData, lay: Layout, block: Block, family: str, by_year: Mapping[int, int]
) -> None:
    """GPUs added in a locked year (all generations): -sum >= -at least, or sum <= at most."""
    years = [int(y) for y in data.structure.years]
    t = np.array([years.index(y) for y in sorted(by_year)], dtype=int)
    sign = -1.0 if family == "min_gpus" else 1.0
    bought = np.arange(lay.cohorts) // len(data.generations)  # each candidate cohort's year
    rows, cols = np.nonzero(bought[None, :] == t[:, None])
    block.add(rows, cols, np.full(len(rows), sign))
    block.name(sign * np.array([by_year[y] for y in sorted(by_year)], dtype=float),
               family, t, 0 * t, 0 * t)  # fmt: skip


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


HORIZON_ROWS = ("external",)  # one row over every year (named with the first): said so


def _external(data: PlanData, lay: Layout, block: Block, most: float) -> None:
    """Horizon-average external token share <= most, per draw."""
    w = np.arange(lay.draws)
    points = external_points(data, lay)
    block.add(np.broadcast_to(w[:, None], points.shape), lay.s(w), points)
    block.name(np.full(lay.draws, 100.0 * most), "external", 0 * w, 0 * w, w)


def _cvar(data: PlanData, lay: Layout, block: Block) -> None:
    """PV_w - eta - u_w <= 0 (Rockafellar-Uryasev), per draw."""
    w = np.arange(lay.draws)
    share_cost, burst_cost = share_pv_cost(data, lay)
    block.add(np.broadcast_to(w[:, None], share_cost.shape), lay.s(w), share_cost)
    block.add(np.repeat(w, lay.years), lay.b(w).ravel(), np.tile(burst_cost, lay.draws))
    x_rows = np.repeat(w, lay.cohorts)
    block.add(x_rows, np.tile(np.arange(lay.cohorts), lay.draws),
              np.tile(data.unit_pv_cost[1:], lay.draws))  # fmt: skip
    block.add(w, np.full(lay.draws, lay.eta), -np.ones(lay.draws))
    block.add(w, lay.eta + 1 + w, -np.ones(lay.draws))
    rhs = np.full(lay.draws, -data.baseline_gpus * data.unit_pv_cost[0])
    block.name(rhs, "cvar", 0 * w, 0 * w, w)


def objective(data: PlanData, lay: Layout, risk_weight: float, beta: float) -> np.ndarray:
    """Mean present cost ($B) + risk_weight x external points + beta x CVaR90 of present cost."""
    c = np.zeros(lay.size)
    c[: lay.cohorts] = data.unit_pv_cost[1:] / 1e9
    share_cost, burst_cost = share_pv_cost(data, lay)
    w = np.arange(lay.draws)
    c[lay.s(w)] = (share_cost / 1e9 + risk_weight * external_points(data, lay)) / lay.draws
    c[lay.b(w)] = burst_cost / 1e9 / lay.draws
    if lay.robust:  # eta and u are in USD, like the present cost rows they bound
        c[lay.eta] = beta / 1e9
        c[lay.eta + 1 :] = beta / ((1.0 - ALPHA) * lay.draws) / 1e9
    return c
