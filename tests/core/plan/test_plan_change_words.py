"""What would change a plan, in words: two plans' signatures compared (core.plan.explain)."""

from types import SimpleNamespace

import numpy as np
import pytest

from core.plan.explain import _difference, _percent, _price_words
from core.plan.lp import Limits

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
        ("external", 0, 2e7, "the external-share cap costs $20.0M per point it is lowered "
         "(2029-2031)"),
        ("provider", 1, 1.0, "OpenAI's cap on its share of spend binds (2029-2031)"),
    ],
)  # fmt: skip
def test_each_limit_s_price_reads_in_its_own_unit(family, item, usd, words):
    """Per MW, per $1M of budget a year, per GPU (unsigned), per point of share: the
    dual in USD, with its years."""
    limits = Limits(power_cap_mw=60.0)
    assert _price_words(PRICED, limits, family, item, usd, [2029, 2030, 2031]) == words  # type: ignore[arg-type]
