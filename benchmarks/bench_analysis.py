"""Analysis speed: one optimization, a 20-point frontier, Monte Carlo with 10,000 draws."""

import time

import core
from benchmarks.report import Row, median, timings_ms
from core.analysis.montecarlo import monte_carlo
from core.analysis.optimize import frontier, optimize


def run() -> list[Row]:
    """The analysis rows of the report."""
    scenario = core.default_scenario()
    opt = median(timings_ms(lambda: optimize(scenario), repeats=20))
    start = time.perf_counter()
    frontier(scenario, 20)
    front = time.perf_counter() - start
    mc = (
        median(timings_ms(lambda: monte_carlo(scenario, 10_000, seed=0), repeats=5, warmup=1)) / 1e3
    )
    return [
        Row("optimize (default, whole horizon)", opt, "ms", 100.0, "median of 20; scipy HiGHS"),
        Row("frontier, 20 points", front, "s", 1.0, "epsilon-constraint sweep"),
        Row("Monte Carlo, 10,000 draws", mc, "s", 0.5, "median of 5; goal 0.2 s"),
    ]
