"""The plan LP's sparse matrices, built with numpy indexing (docs/model.md#F-plan).

Columns: GPUs added per candidate cohort x (shared by every draw), then per draw the
share of each allowed route s and the burst b per year (reference-GPU hours), then for
a robust plan the CVaR threshold eta and one excess u per draw. Every row carries a
label (family, year, item) so a binding row can be said in words.
"""

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from core.engine.compiled import FloatArray, IntArray
from core.plan.data import PlanData

USD_B = 1e9  # the objective is in USD billions, as `core.analysis.optimize`'s
ALPHA = 0.9  # CVaR level


@dataclass(frozen=True)
class Limits:
    """The optional constraints of a plan, as the user gives them."""

    power_cap_mw: float | None = None
    capex_budget_usd: float | None = None
    max_provider_share: float | None = None
    min_in_house_share: float | None = None
    max_external_share: float | None = None  # horizon-average token share (the frontier)


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


def _row_scaled(a: sp.csr_array, b: FloatArray) -> tuple[sp.csr_array, FloatArray]:
    """Each row over its largest entry; a negligible row stays as it is (its rhs too)."""
    largest = abs(a).max(axis=1).toarray().ravel() if a.shape[0] else b
    factor = _inverse(largest)
    return sp.csr_array(sp.diags(factor) @ a), b * factor


def equilibrated(
    parts: list[tuple[sp.csr_array, FloatArray]],
) -> tuple[list[tuple[sp.csr_array, FloatArray]], FloatArray]:
    """Rows, then columns, then rows again scaled to a largest entry of 1.

    Tokens run to 1e21 and GPU counts to 1e7 in one row; HiGHS's tolerances are absolute,
    so unscaled rows lose the small terms. Returns the scaled parts and the column
    factors D (a variable of the scaled problem is the original divided by D).
    """
    rows = [_row_scaled(a, b) for a, b in parts]
    stacked = sp.vstack([a for a, _ in rows])
    factor = _inverse(abs(stacked).max(axis=0).toarray().ravel())
    scaled = [_row_scaled(sp.csr_array(a @ sp.diags(factor)), b) for a, b in rows]
    return scaled, factor


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

    @property
    def size(self) -> int:
        """All columns."""
        return self.eta + (1 + self.draws if self.robust else 0)


def layout(data: PlanData, robust: bool) -> Layout:
    """The column layout of `data`'s LP."""
    t, p, m = np.nonzero(data.allowed)
    cohorts = len(data.structure.cohort_gpu) - 1
    return Layout(cohorts, t, p, m, data.draws, len(data.structure.years), robust)


def external_points(data: PlanData, lay: Layout) -> FloatArray:
    """(W, n): horizon-average external token share in points per unit of each share."""
    s = data.structure
    weight = data.tokens / np.maximum(data.tokens.sum(axis=2, keepdims=True), 1e-300)
    partner = ~s.in_house[lay.m]
    result: FloatArray = 100.0 * weight[:, lay.t, lay.p] * partner / len(s.years)
    return result


def share_npv(data: PlanData, lay: Layout) -> tuple[FloatArray, FloatArray]:
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
