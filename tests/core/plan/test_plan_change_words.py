"""What would change a plan, in words: two plans' signatures compared (core.plan.explain)."""

from types import SimpleNamespace

import numpy as np
import pytest

import core
from core.plan.explain import (
    BURST,
    _difference,
    _nearest_change,
    _percent,
    _price_words,
    _signature,
    build_notes,
    change_words,
    limit_words,
)
from core.plan.lp import Limits
from core.plan.solve import recommend_plan

DATA = SimpleNamespace(
    structure=SimpleNamespace(
        product_names=("Excel", "Copilot"),
        model_names=("MAI-2", "GPT-5"),
        years=np.array([2026, 2027]),
    )
)
BASE = (frozenset({"H100"}), {(0, 0): 0, (1, 1): 1})


@pytest.mark.parametrize(
    ("other", "words"),
    [
        (None, "leave no plan that keeps the limits"),
        (BASE, None),
        ((frozenset({"H100", "B200"}), BASE[1]), "buy B200"),
        ((frozenset(), BASE[1]), "stop buying H100"),
        ((frozenset({"B200", "GB200"}), BASE[1]), "buy B200, GB200 and stop buying H100"),
        ((BASE[0], {(0, 0): 1, (1, 1): 1}), "move most of Excel in 2026 to GPT-5"),
        ((BASE[0], {(0, 0): 0}), "move most of Copilot in 2027 to no single model"),
        ((BASE[0], {(0, 0): 0, (1, 1): 1, (1, 0): 0}), "move most of Excel in 2027 to MAI-2"),
    ],
    ids=["none", "same", "adds", "drops", "both", "moves", "splits", "new year"],
)
def test_a_plan_differs_in_the_first_way_that_it_does(other, words):
    """Generations first, then the first product-year (by year, then product) whose main
    model changes; the same plan differs in nothing."""
    assert _difference(DATA, BASE, other) == words  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("k", "words"), [(1.25, "25% higher"), (0.8, "20% lower"), (2.0, "100% higher")]
)
def test_a_multiplier_reads_as_a_percent_up_or_down(k, words):
    assert _percent(k) == words


PRICED = SimpleNamespace(structure=SimpleNamespace(providers=("In-house", "OpenAI", "Cloud burst")))


@pytest.mark.parametrize(
    ("family", "item", "usd", "words"),
    [
        ("power", 0, 3.3e6, "1 MW more site power (now 60.0 MW) would save $3.3M over the "
         "horizon (2029-2031)"),
        ("budget", 0, 0.0125, "$1M more capex budget a year would save $0.0M (2029-2031)"),
        ("budget", 0, 1.5, "$1M more capex budget a year would save $1.5M (2029-2031)"),
        ("min_gpus", 0, -2.5e4, "the lock on at least GPUs added costs $0.0M per GPU "
         "(2029-2031)"),
        ("max_gpus", 0, 4.5e6, "the lock on at most GPUs added costs $4.5M per GPU (2029-2031)"),
        ("in_house", 0, -1.25e6, "the minimum in-house share costs -$1.2M per point it is "
         "raised (2029-2031)"),
        ("external", 0, 2e7, "the cap on the partners' average share of tokens (now 40%) "
         "costs $20.0M per point it is lowered (2029-2031)"),
        ("provider", 1, 3.81e7, "raising OpenAI's cap on its share of spend by 1 point (now "
         "50%) would save $38.1M (2029-2031)"),
    ],
)  # fmt: skip
def test_each_limit_s_price_reads_in_its_own_unit(family, item, usd, words):
    """Per MW, per $1M of budget a year, per GPU (unsigned), per point of share: the
    dual in USD, with its years."""
    limits = Limits(power_cap_mw=60.0, max_provider_share=0.5, max_external_share=0.4)
    assert _price_words(PRICED, limits, family, item, usd, [2029, 2030, 2031]) == words  # type: ignore[arg-type]


def test_binding_limits_are_priced_largest_first_each_over_its_years():
    """Build rows come from the relaxed program, the others from the final one; a price
    under a dollar (a budget's or a provider's, USD per USD: under 1e-9) is solver
    tolerance, and the fleet's capacity and the promise's generations are no limit of the
    user's. A budget's 0.5 USD per USD is $0.5M per $1M a year, ranked so; a provider's
    0.02 USD per USD is $0.2M per point of its cap, whose spend is $1B a year; a power cap
    or budget names every year it is at its limit (a row at it with no price: 2026)."""
    data = SimpleNamespace(
        tokens=np.full((1, 3, 2), 5e8),  # 1e9 tokens a year: a point of share is 1e7
        price=np.ones((1, 3, 2, 1)),  # $1 a token on one route: $1B of spend a year
        baseline_gpus=0.0,
        unit_fleet_cost=np.zeros((1, 3)),
        burst_price=np.zeros(3),
        structure=SimpleNamespace(
            years=np.array([2026, 2027, 2028]), providers=PRICED.structure.providers
        ),
    )
    relaxed = SimpleNamespace(
        shadow=[("power", 0, 0, 0.0), ("power", 1, 0, 2e6), ("power", 2, 0, 1e6),
                ("budget", 0, 0, 0.5), ("budget", 1, 0, 1e-12), ("external", 0, 0, 9e9)],
    )  # fmt: skip
    final = SimpleNamespace(
        data=data,
        gpus=np.zeros(0),
        shares=np.ones((1, 3, 2, 1)),
        burst=np.zeros((1, 3)),
        shadow=[("in_house", 0, 0, -3.0), ("external", 1, 0, 5e5), ("capacity", 0, 0, 1e9),
                ("keepers", 0, 0, 1e9), ("power", 0, 0, 9e9), ("provider", 1, 1, 0.02),
                ("provider", 2, 1, 1e-10)],
    )  # fmt: skip
    limits = Limits(power_cap_mw=60.0, max_provider_share=0.5)
    words = limit_words(final, relaxed, limits)  # type: ignore[arg-type]
    assert words == [
        "the minimum in-house share costs -$30.0M per point it is raised (2026)",
        "1 MW more site power (now 60.0 MW) would save $3.0M over the horizon (2026-2028)",
        "$1M more capex budget a year would save $0.5M (2026-2027)",
        "the cap on the partners' average share of tokens costs $0.5M per point it is lowered (2026-2028)",
        "raising OpenAI's cap on its share of spend by 1 point (now 50%) would save $0.2M (2027)",
    ]


def test_the_nearest_change_is_bisected_between_the_last_same_and_the_first_other_plan():
    """The plan changes from a multiplier of 1.6 up and never down: 1.25 and 1.5 keep it,
    2 changes it, five bisections close in on 1.6 from above."""
    changed = (frozenset({"H100", "B200"}), BASE[1])

    def at(k: float):
        return changed if k >= 1.6 else BASE

    far, words = _nearest_change(DATA, BASE, at, 1)  # type: ignore[arg-type,misc]
    assert words == "buy B200"
    assert 1.6 <= far <= 1.6 * (2.0 / 1.5) ** (1 / 32)
    assert _nearest_change(DATA, BASE, at, -1) is None  # type: ignore[arg-type]


def test_a_plans_signature_is_its_generations_and_each_majority():
    """Generations bought at least half a GPU over the horizon; a product-year's main
    model where one holds more than half its tokens, none where the split is even."""
    solution = SimpleNamespace(
        data=SimpleNamespace(generations=("B200", "GB200")),
        gpus=np.array([0.2, 0.0, 0.2, 0.0, 0.0, 0.6]),  # three years x two generations
        shares=np.array([[[[0.6, 0.4], [0.5, 0.5]], [[0.1, 0.9], [0.0, 1.0]]]]),
    )
    assert _signature(solution) == (  # type: ignore[arg-type]
        frozenset({"GB200"}),
        {(0, 0): 0, (1, 0): 1, (1, 1): 1},
    )


def _stopping(bought_by_year: list[float], work_by_year: list[float]) -> SimpleNamespace:
    """A plan over 2026-2029 of one generation and one in-house route with this work."""
    years = len(bought_by_year)
    return SimpleNamespace(
        data=SimpleNamespace(
            structure=SimpleNamespace(
                years=np.arange(2026, 2026 + years), in_house=np.array([True])
            ),
            generations=("B200",),
            tokens=np.array(work_by_year, dtype=float).reshape(1, years, 1),
            hours=np.ones((years, 1, 1)),
        ),
        gpus=np.array(bought_by_year, dtype=float),
        shares=np.ones((1, years, 1, 1)),
    )


COSTS = {y: {"B200": 1.5, BURST: 2.0} for y in range(2026, 2030)}
NONE_HELD = SimpleNamespace(shadow=[])


@pytest.mark.parametrize(
    ("bought", "work", "relaxed", "costs", "notes"),
    [
        ([0, 0, 0, 0], [1, 1, 1, 1], NONE_HELD, COSTS, []),
        ([5, 0, 0, 3], [1, 2, 3, 4], NONE_HELD, COSTS, []),
        ([5, 5, 0, 0], [1, 2, 2.001, 2.001], NONE_HELD, COSTS,
         ["The build stops after 2027: the GPUs already bought carry the work."]),
        ([5, 5, 0, 0], [1, 2, 2, 3], SimpleNamespace(shadow=[("power", 2, 0, 5.0)]), COSTS,
         ["The build stops after 2027 while in-house work grows: the site's power cap holds "
          "it."]),
        ([5, 5, 0, 0], [1, 2, 2, 3], SimpleNamespace(shadow=[("power", 1, 0, 5.0),
                                                            ("budget", 3, 0, 0.5)]),
         {**COSTS, 2028: {"B200": 2.5, "GB200": 2.25, BURST: 2.0}},
         ["The build stops after 2027 while in-house work grows: a GB200 bought in 2028 costs "
          "$2.25 per million tokens over its remaining life against $2.00 of cloud burst."]),
    ],
    ids=["nothing bought", "bought to the end", "carried", "held", "burst cheaper"],
)  # fmt: skip
def test_where_the_build_stops_and_why(bought, work, relaxed, costs, notes):
    """A limit binding after the last purchase (a dollar or more) holds it; else burst
    cheaper than the cheapest GPU of the next year; else the GPUs bought carry the work.
    The work grows when it passes the last purchase year's by more than 0.1%."""
    assert build_notes(_stopping(bought, work), relaxed, costs) == notes  # type: ignore[arg-type]


def test_changes_are_read_against_the_central_plan_not_the_relaxed_one_s_first_draw():
    """A robust plan's relaxed program is over its draws: its first draw's routing is not the
    central case's. Read against it, every probe of the default at demand x1.5 "changed"
    the plan at 1% (Copilot consumer to MAI-1-preview, up and down)."""
    plan = recommend_plan(core.default_scenario())
    final, relaxed = plan.solution, plan.relaxed
    other = relaxed.shares.copy()
    other[0, :, :, :] = other[0, :, :, ::-1]  # another routing in the relaxed plan's draw 0
    moved = SimpleNamespace(data=relaxed.data, gpus=relaxed.gpus, shares=other)
    words = change_words(final.data, plan.limits, 0.0, relaxed)
    assert change_words(final.data, plan.limits, 0.0, moved) == words
    assert words == [
        "partner prices 54% lower would move most of GitHub Copilot in 2031 to GPT-5 class"
    ]
