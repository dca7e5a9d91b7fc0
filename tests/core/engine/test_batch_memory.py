"""Many draws of a large portfolio stay within memory: chunks sized by the portfolio, KPIs kept.

A million Monte Carlo draws of 200 products were killed at 11.6 GB: every chunk's whole
outputs were kept to the end, and a chunk of 2,000 draws held 2 GB an array.
"""

import numpy as np

import core
from benchmarks.bench_core import large_scenario
from core.engine.compiled import compile_scenario
from core.engine.evaluate import BATCH_CHUNK, CHUNK_ELEMENTS, batch_chunk, evaluate_batch


def test_a_chunk_is_sized_by_the_portfolio() -> None:
    default, _ = compile_scenario(core.default_scenario())
    assert batch_chunk(default) == BATCH_CHUNK  # 6 x 6 x 6: the default keeps its chunks
    large, _ = compile_scenario(large_scenario(100, 50, 10))
    per_draw = len(large.years) * len(large.product_names) * len(large.model_names)
    assert batch_chunk(large) == CHUNK_ELEMENTS // per_draw < BATCH_CHUNK


def test_chunked_draws_give_the_draws_one_by_one() -> None:
    """Chunks of a few draws give what one call per draw gives, in order."""
    structure, inputs = compile_scenario(large_scenario(100, 50, 10))
    draws = 2 * batch_chunk(structure) + 3
    many = inputs.with_values(scale=np.linspace(1.0, 10.0, draws))
    together = evaluate_batch(structure, many)
    for i in (0, draws // 2, draws - 1):
        one = evaluate_batch(structure, inputs.with_values(scale=np.array([many.scale[i]])))
        np.testing.assert_allclose(together.total_cost_usd[i], one.total_cost_usd[0], rtol=1e-12)
        np.testing.assert_allclose(together.pv_cost_usd[i], one.pv_cost_usd[0], rtol=1e-12)
