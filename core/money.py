"""Money over time: capital charges with a cost of capital, cash, and present value.

Every yearly flow is paid at the start of its year and discounted to the start year by
(1 + r)^-(t - t0). A purchase (GPUs, or the facility for their IT power) is charged as
an annuity due over its life: capex x r / ((1 + r)(1 - (1 + r)^-n)) a year, whose present
value at purchase is exactly the capex (r = 0 gives the straight line capex / n). The
cash view pays the capex when bought; a purchase made before the horizon is paid for
by its charges, as a lease would be (docs/model.md#F-capital-charge).
"""

from dataclasses import dataclass

import numpy as np

from core.compiled import FloatArray


def recovery_factor(rate: FloatArray, years: int) -> FloatArray:
    """The annuity-due charge per unit of capex over `years` (1 / years at rate 0)."""
    growth = 1.0 + rate
    tail = -np.expm1(-float(years) * np.log1p(rate))  # 1 - (1 + r)^-n, exact for tiny r
    charge = np.divide(rate, growth * tail, out=np.zeros_like(rate), where=rate > 0)
    result: FloatArray = np.where(rate > 0, charge, 1.0 / years)
    return result


@dataclass(frozen=True)
class Purchases:
    """One kind of purchase per cohort: what it costs when bought and over its life.

    A cohort buys when installed and, when `renewed`, again every `life` years; without
    renewal it stops charging after one life (and keeps running, paid for).
    """

    price: FloatArray  # (B, C, T) USD of the cohort's purchase in service that year
    age: np.ndarray  # (C, T) years since the cohort was installed (negative: not yet)
    life: int
    renewed: bool
    before_horizon: np.ndarray  # (C,) installed before the start year (the baseline)


@dataclass(frozen=True)
class Flows:
    """Yearly flows of one kind of purchase, each (B, T), and its residual value (B,)."""

    charge_usd: FloatArray  # the accounting view
    cash_usd: FloatArray  # capex when paid (charges for a purchase made before the horizon)
    residual_usd: FloatArray  # present value at t0 of charges due after the horizon


def flows(p: Purchases, rate: FloatArray, years: np.ndarray) -> Flows:
    """Charges, cash and residual value of every cohort's purchases; `rate` is (B,)."""
    crf = recovery_factor(rate, p.life)[:, None, None]  # (B, 1, 1)
    charging = (p.age >= 0) & (p.renewed | (p.age < p.life))
    charge = (p.price * crf * charging).sum(axis=1)
    bought = (p.age >= 0) & (p.age % p.life == 0) & (p.renewed | (p.age == 0))
    sunk = p.before_horizon[:, None] & (p.age >= 0) & (p.age < p.life)  # paid by its charges
    cash = (p.price * bought).sum(axis=1) + (p.price * crf * sunk).sum(axis=1)
    return Flows(charge, cash, _residual(p, rate, crf[:, :, 0], years))


def _residual(p: Purchases, rate: FloatArray, crf: FloatArray, years: np.ndarray) -> FloatArray:
    """Present value at t0 of the charges each purchase made in the horizon owes after it."""
    age = p.age[:, -1]  # (C,) in the final year
    into_life = age % p.life if p.renewed else age
    charging = (age >= 0) & (into_life < p.life)
    sunk = p.before_horizon & (age < p.life)
    left = np.where(charging & ~sunk, p.life - 1 - into_life, 0)  # (C,) charges still due
    end = float(years[-1] - years[0])
    steps = np.arange(1, int(left.max(initial=0)) + 1, dtype=float)  # (K,)
    discount = (1.0 + rate[:, None, None]) ** -(end + steps[None, None, :])  # (B, 1, K)
    per_unit = (discount * (steps[None, None, :] <= left[None, :, None])).sum(axis=2)  # (B, C)
    result: FloatArray = (p.price[:, :, -1] * crf * per_unit).sum(axis=1)
    return result


def discount_factors(rate: FloatArray, years: np.ndarray) -> FloatArray:
    """(B, T): (1 + r)^-(t - t0) for each year of the horizon."""
    elapsed = (years - years[0]).astype(float)
    result: FloatArray = (1.0 + rate[:, None]) ** -elapsed[None, :]
    return result
