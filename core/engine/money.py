"""Money over time: capital charges with a cost of capital, cash, and present value.

Every yearly flow is paid at the start of its year and discounted to the start year by
(1 + r)^-(t - t0). A purchase (GPUs, or the facility for their IT power) is charged as
an annuity due over its life: capex x r / ((1 + r)(1 - (1 + r)^-n)) a year, whose present
value at purchase is exactly the capex (r = 0 gives the straight line capex / n). The
cash view pays the capex when bought; a purchase made before the horizon is paid for
by its charges, as a lease would be (docs/model.md#F-capital-charge).
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def recovery_factor(rate: FloatArray, years: int | IntArray) -> FloatArray:
    """The annuity-due charge per unit of capex over `years` (1 / years at rate 0).

    `years` may be an array of lives broadcast against `rate`.
    """
    growth = 1.0 + rate
    lives = np.asarray(years, dtype=float)
    tail = -np.expm1(-lives * np.log1p(rate))  # 1 - (1 + r)^-n, exact for tiny r
    positive = rate > 0
    if positive.all():  # a cost of capital in every draw: no masks
        charged: FloatArray = rate / (growth * tail)
        return charged
    charge = np.divide(rate, growth * tail, out=np.zeros(tail.shape), where=positive)
    result: FloatArray = np.where(positive, charge, 1.0 / years)
    return result


@dataclass(frozen=True)
class Schedule:
    """When a cohort's purchases are bought, charged and still owed: fixed per scenario.

    A cohort buys when installed and, when renewed, again every `life` years; without
    renewal it stops charging after one life (and keeps running, paid for). Built once
    per structure, so a slider move only multiplies prices.
    """

    life: int | IntArray  # years charged ((S,), stacked: see `stacked`)
    charging: np.ndarray  # (C, T) a purchase of the cohort is being charged
    bought: np.ndarray  # (C, T) the cohort buys that year
    sunk: np.ndarray  # (C, T) charging a purchase made before the horizon (paid by charges)
    owed_after: np.ndarray  # (C, K) the k-th year after the horizon still owes a charge
    owed_exponent: np.ndarray  # (K,) -(years from the start year) of the years after the horizon

    @cached_property
    def masks(self) -> np.ndarray:
        """(3, S, C, T) `charging`, `bought` and `sunk` as one array, built once per structure.

        `flows` prices all three in one product.
        """
        return np.stack([self.charging, self.bought, self.sunk]).astype(float)


def schedule(age: np.ndarray, life: int, renewed: bool, before: np.ndarray) -> Schedule:
    """The schedule of purchases for cohorts of `age` (C, T), `before` the horizon (C,)."""
    charging = (age >= 0) & (renewed | (age < life))
    bought = (age >= 0) & (age % life == 0) & (renewed | (age == 0))
    sunk = before[:, None] & (age >= 0) & (age < life)
    last = age[:, -1]
    into_life = last % life if renewed else last
    in_life = (last >= 0) & (into_life < life)
    left = np.where(in_life & ~(before & (last < life)), life - 1 - into_life, 0)
    steps = np.arange(1, int(left.max(initial=0)) + 1)
    after = float(age.shape[1] - 1) + steps  # years from the start year to each year after
    return Schedule(life, charging, bought, sunk, steps[None, :] <= left[:, None], -after)


def stacked(plans: tuple[Schedule, ...]) -> Schedule:
    """Several schedules as one, each array with a leading axis of S plans.

    `flows` then prices every kind of purchase in one pass: each numpy call costs
    microseconds on these sizes. The years after the horizon are padded to the longest
    plan's, owing nothing.
    """
    width = max(len(p.owed_exponent) for p in plans)

    def padded(values: np.ndarray) -> np.ndarray:
        return np.pad(values, [(0, 0)] * (values.ndim - 1) + [(0, width - values.shape[-1])])

    return Schedule(
        life=np.array([p.life for p in plans]),
        charging=np.stack([p.charging for p in plans]),
        bought=np.stack([p.bought for p in plans]),
        sunk=np.stack([p.sunk for p in plans]),
        owed_after=np.stack([padded(p.owed_after) for p in plans]),
        owed_exponent=np.stack([padded(p.owed_exponent) for p in plans]),
    )


@dataclass(frozen=True)
class Flows:
    """Yearly flows of S kinds of purchase, each (B, S, T), and their residual values (B, S)."""

    charge_usd: FloatArray  # the accounting view
    cash_usd: FloatArray  # capex when paid (charges for a purchase made before the horizon)
    residual_usd: FloatArray  # present value at t0 of charges due after the horizon


def flows(price: FloatArray, plan: Schedule, rate: FloatArray) -> Flows:
    """Charges, cash and residual value of purchases at `price` (B, S, C, T); `rate` is (B,).

    `plan` is a `stacked` schedule of S plans, one per kind of purchase.
    """
    crf = recovery_factor(rate[:, None], plan.life)[..., None]  # (B, S, 1)
    # The prices charged, bought and sunk each year in one product: (B, 3, S, T).
    charging, bought, sunk = (price[:, None] * plan.masks).sum(axis=3).transpose(1, 0, 2, 3)
    discount = (1.0 + rate[:, None, None]) ** plan.owed_exponent  # (B, S, K)
    per_unit = plan.owed_after @ discount[..., None]  # (B, S, C, 1): the charges owed after
    residual = (price[..., None, :, -1] @ per_unit)[..., 0, 0] * crf[..., 0]  # (B, S)
    return Flows(charging * crf, bought + sunk * crf, residual)


def discount_factors(rate: FloatArray, years: np.ndarray) -> FloatArray:
    """(B, T): (1 + r)^-(t - t0) for each year of the horizon."""
    elapsed = (years - years[0]).astype(float)
    result: FloatArray = (1.0 + rate[:, None]) ** -elapsed[None, :]
    return result
