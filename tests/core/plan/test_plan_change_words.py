"""What would change a plan, in words: two plans' signatures compared (core.plan.explain)."""

from types import SimpleNamespace

import numpy as np
import pytest

from core.plan.explain import _difference, _percent

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
