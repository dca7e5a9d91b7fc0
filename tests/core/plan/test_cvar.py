"""CVaR90 of the robust plan's LP over several draws, worked by hand (docs/model.md#F-robust-plan).

One year, one product served by one in-house route, one generation to buy, and round
coefficients put into the LP's data: 20 draws of demand 50,000, 100,000, ..., 1,000,000
reference-GPU hours; a GPU costs $52,000 and gives 1,000 hours; burst costs $100 an hour
(so $100,000 for a GPU's worth). No baseline GPUs, no discounting, no partner prices.

With x GPUs and n draws short, a GPU more saves $100,000 in each short draw:

- the mean present cost alone (beta 0) falls while 52,000 - 100,000 n / 20 < 0, i.e. down to n = 10
  short draws: x = 500;
- mean + CVaR90 (beta 1): CVaR90 of 20 draws is the mean of the worst 2, so with the two
  worst short a GPU more changes it by 52,000 - 100,000 = -48,000, and the objective by
  (52,000 - 10,000) - 48,000 = -6,000; with only the worst short by (52,000 - 5,000) +
  (52,000 - 50,000) = +49,000: x = 950. (CVaR10, the mean of the worst 18, would stop at
  x = 550.)

At x = 950 each draw costs 950 x 52,000 = $49.4 M and the worst one burst 50,000 hours
more: $54.4 M. Its value at risk (the 18th of 20 present costs) is $49.4 M, its CVaR90
(49.4 + 54.4) / 2 = $51.9 M, its mean $49.65 M. At x = 500 the mean is 26 M + 100 x
(50,000 + ... + 500,000) / 20 = $39.75 M, but its value at risk is 26 M + 100 x 400,000
= $66 M and its CVaR90 (71 + 76) / 2 = $73.5 M.
"""

from dataclasses import replace

import numpy as np
import pytest

from core.plan.data import PlanData, at_point
from core.plan.optimum import solve
from core.plan.solve import NO_LIMITS, prepare

DRAWS = 20
DEMAND_HOURS = 50_000.0 * np.arange(1, DRAWS + 1)
GPU_USD, GPU_HOURS, BURST_USD_PER_HOUR = 52_000.0, 1_000.0, 100.0
ONE_PRODUCT_ON_OWN = {
    "horizon.end_year": 2026,
    "fleet.target_year": 2026,
    "products[0].in_house_only": True,
    "products[0].routing": {"Own": 1.0},
    "products[0].fallback": [],
}


@pytest.fixture
def data(tiny) -> PlanData:
    """The tiny scenario's LP data over 20 draws, with the round coefficients above."""
    real = prepare(tiny(ONE_PRODUCT_ON_OWN), NO_LIMITS, ("REF",))
    _, products, models = real.hours.shape  # (T, P, M)
    tokens = np.zeros((DRAWS, 1, products))
    tokens[:, 0, 0] = DEMAND_HOURS * 3.6e6  # product A on Own: 1,000 tokens a REF-second
    round_figures = replace(
        real,
        tokens=tokens,
        price=np.zeros((DRAWS, 1, products, models)),
        training=np.zeros((DRAWS, 1)),
        unit_pv_cost=np.array([0.0, GPU_USD]),
        unit_hours=np.full((2, 1), GPU_HOURS),
        burst_price=np.array([BURST_USD_PER_HOUR]),
        discount=np.ones(1),
        baseline_gpus=0.0,
    )
    # The capacity row's coefficients read from the evaluator's work at these figures.
    return at_point(round_figures, np.zeros(1), np.ones((DRAWS, 1, products, models)))


def _tail(pv_cost_usd: np.ndarray) -> tuple[float, float]:
    """Value at risk and CVaR90 of 20 equally likely present costs: the 18th, and the worst 2's mean."""
    ranked = np.sort(pv_cost_usd)
    return float(ranked[17]), float(ranked[18:].mean())


def test_the_mean_alone_buys_up_to_half_the_draws_short(data):
    mean_only = solve(data, NO_LIMITS, beta=0.0)
    assert mean_only.gpus == pytest.approx([500.0])
    assert mean_only.pv_cost_usd.mean() == pytest.approx(39.75e6)
    assert _tail(mean_only.pv_cost_usd) == pytest.approx((66e6, 73.5e6))


def test_cvar90_buys_for_all_but_the_worst_draw(data):
    """The build is one for every draw: each draw's present cost is the same GPUs plus its burst."""
    robust = solve(data, NO_LIMITS, beta=1.0)
    assert robust.gpus == pytest.approx([950.0])
    expected_npv = 950 * GPU_USD + BURST_USD_PER_HOUR * np.maximum(0, DEMAND_HOURS - 950_000)
    assert robust.pv_cost_usd == pytest.approx(expected_npv)
    assert robust.pv_cost_usd.mean() == pytest.approx(49.65e6)
    assert _tail(robust.pv_cost_usd) == pytest.approx((49.4e6, 51.9e6))
    assert robust.burst[:, 0] == pytest.approx(np.maximum(0, DEMAND_HOURS - 950_000))
