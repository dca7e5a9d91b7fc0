"""A peer for the slider figure: the same six charts drawn with matplotlib (Agg).

What an analyst's notebook would do for one slider move: evaluate the scenario at the new
scale and redraw cost, capacity, external share, providers, risk index and quality, to
pixels at 1600x1000. matplotlib is optional (`pip install ".[bench]"`); without it the
row says so instead of a figure.
"""

import time
from typing import Any

import numpy as np

import core
from benchmarks.report import Row, median
from core.scenario.edits import with_changes
from core.units import billions, millions, percent_points
from gui.style.theme import COST_COLORS, INFERENCE, TRAINING, provider_color


def _draw(figure: Any, results: core.Results, year: int) -> None:
    """The dashboard's six charts for `results`, drawn on `figure` and rendered."""
    figure.clear()
    axes = figure.subplots(2, 3)
    y, years = results.yearly, np.asarray(results.years)
    bottom = np.zeros(len(years))
    for column, color in COST_COLORS.items():
        axes[0, 0].bar(years, billions(y.named(column)), bottom=bottom, color=color)
        bottom = bottom + billions(y.named(column))
    axes[0, 0].plot(years, billions(y.total_cost_usd), "k-o")
    axes[0, 1].bar(years, millions(y.training_gpu_hours), color=TRAINING)
    axes[0, 1].bar(
        years,
        millions(y.inference_gpu_hours),
        bottom=millions(y.training_gpu_hours),
        color=INFERENCE,
    )
    axes[0, 1].step(years, millions(y.capacity_gpu_hours), "k", where="mid")
    names = results.structure.product_names
    axes[0, 2].barh(names, percent_points(results.per_product("external_token_share", year)))
    shares = results.provider_arrays.spend_share
    bottom = np.zeros(len(years))
    for k, provider in enumerate(results.structure.providers):
        axes[1, 0].bar(
            years, percent_points(shares[:, k]), bottom=bottom, color=provider_color(provider)
        )
        bottom = bottom + percent_points(shares[:, k])
    axes[1, 1].plot(years, y.risk_index, "-o")
    axes[1, 2].barh(names, results.per_product("quality", year))
    figure.canvas.draw()


def matplotlib_move_ms(moves: int = 50) -> list[float] | None:
    """Per slider move: evaluate at the new scale and redraw the six charts (Agg)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None
    figure = Figure(figsize=(16, 10), dpi=100)
    FigureCanvasAgg(figure)
    scenario = core.default_scenario()
    samples = []
    for scale in np.linspace(1, 10, moves):
        start = time.perf_counter()
        moved = with_changes(scenario, {"fleet.scale": float(scale)})
        _draw(figure, core.evaluate(moved), scenario.fleet.target_year)
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def run(scaledeck_p50_ms: float) -> list[Row]:
    """The peer row and the ratio of ScaleDeck's slider p50 to it (lower is better)."""
    samples = matplotlib_move_ms()
    if samples is None:
        return [
            Row(
                "matplotlib peer: one slider move",
                float("nan"),
                "ms",
                0.0,
                "matplotlib not installed",
            )
        ]
    peer = median(samples)
    return [
        Row(
            "matplotlib peer: one slider move",
            peer,
            "ms",
            float("inf"),
            "a reference, no goal: six charts, Agg, 1600x1000, median of 50",
        ),
        Row(
            "ScaleDeck / matplotlib, one slider move",
            scaledeck_p50_ms / peer,
            "x",
            1.0,
            "slider p50 over the peer's median; below 1 is faster",
        ),
    ]
