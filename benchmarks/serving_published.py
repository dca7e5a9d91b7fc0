"""Serving against published figures of models it was not fitted on: a cross-check, never a fit.

`python -m benchmarks.serving_published` runs `scaledeck serve`'s deployment search (what
held-out checks run) on each point of tests/data/published-serving/points.csv: gpt-oss-120b,
Llama 3.3 70B, Llama 3.1 405B and Qwen3-235B from InferenceX, TensorRT-LLM's and AMD's
performance pages (its README says what each figure counts). It prints predicted over
measured per point, by model and by GPU (docs/model.md#F-serving-fit, "Beyond DeepSeek-R1").
"""

import statistics
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.report import Row
from core.engine.routes import frontier, one_deployment
from core.scenario.files import default_scenario, model_presets
from core.scenario.schema import InHouseModel, Product

POINTS = Path(__file__).resolve().parents[1] / "tests" / "data" / "published-serving" / "points.csv"
GOAL = 0.30  # the leave-one-GPU-out goal: figures for what the fit never saw
NO_TTFT_PROMISE_S = 600.0  # the sources promise no first token: the schema's longest
BYTES = {"fp8": 1.0, "fp4": 0.5625}


def predicted(point: pd.Series) -> float:
    """Tokens per GPU-second `scaledeck serve` answers for one published point, counted as it is.

    "at_tpot": input and output tokens per GPU at the point's TPOT (InferenceX's count);
    "max": an offline maximum of output tokens per GPU, the frontier's most (200 ms at most).
    """
    preset = model_presets()[point.model][0]
    model: InHouseModel = preset.model_copy(update={"bytes_per_param": BYTES[point.precision]})
    gpu = next(g for g in default_scenario().gpu_catalog if g.name == point.gpu)
    tpot_ms = float(point.tpot_ms) if point.kind == "at_tpot" else 200.0
    product = Product(
        name="published", task="-", tokens_per_year=0.0, growth=0.0, quality_floor=0.0,
        routing={}, prompt_tokens=float(point.prompt_tokens),
        output_tokens=float(point.output_tokens), p95_prompt_tokens=float(point.prompt_tokens),
        cache_hit=0.0, tpot_slo_ms=tpot_ms, ttft_slo_s=NO_TTFT_PROMISE_S,
    )  # fmt: skip
    if point.kind == "at_tpot":
        return float(one_deployment(model, product, gpu)["tokens_per_gpu_s"])
    most = max(p["tokens_per_gpu_s"] for p in frontier(model, product, gpu))
    return float(most * point.output_tokens / (point.prompt_tokens + point.output_tokens))


def ratios() -> pd.DataFrame:
    """Every published point with `predicted` and predicted over measured."""
    points = pd.read_csv(POINTS)
    guess = points.apply(predicted, axis=1)
    return points.assign(predicted=guess, ratio=guess / points.measured_tokens_per_gpu_s)


def median_error(table: pd.DataFrame) -> float:
    """Median |predicted / measured - 1|, as the R1 rows count it."""
    return float(np.median(np.abs(table.ratio - 1.0)))


def run() -> list[Row]:
    """The benchmark table's row (for benchmarks.run)."""
    how = (
        "median |predicted/measured - 1| of scaledeck serve on 25 published points of four "
        "models it was not fitted on (tests/data/published-serving): a cross-check"
    )
    return [Row("serving accuracy, other models (published)", 100 * median_error(ratios()),
                "%", 100 * GOAL, how)]  # fmt: skip


def main() -> int:
    """Print each point's ratio, then the medians by model and by GPU."""
    table = ratios()
    shown = table[["id", "model", "gpu", "precision", "kind", "measured_tokens_per_gpu_s",
                   "predicted", "ratio"]]  # fmt: skip
    print(shown.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    print(f"median predicted/measured {statistics.median(table.ratio):.2f}; median |error| "
          f"{median_error(table):.0%} (goal {GOAL:.0%}); within 25%: "
          f"{int(((table.ratio - 1).abs() <= 0.25).sum())} of {len(table)}")  # fmt: skip
    for key in ("model", "gpu"):
        medians = table.groupby(key).ratio.median()
        print(f"by {key}: " + ", ".join(f"{k} {v:.2f}" for k, v in medians.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
