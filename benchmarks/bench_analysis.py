"""Analysis speed: the recommended routing, its 20-point frontier, 10,000 Monte Carlo draws.

The recommended routing is the plan with the build locked to the scenario's fleet
(`core.plan.routing`): one LP per point, no whole-GPU search.
"""

import core
from benchmarks.report import Row, median, timings_ms
from core.analysis.montecarlo import monte_carlo
from core.plan.frontier import plan_frontier
from core.plan.routing import recommend_routing


def run() -> list[Row]:
    """The analysis rows of the report."""
    scenario = core.default_scenario()
    routed = median(timings_ms(lambda: recommend_routing(scenario), repeats=10)) / 1e3
    front = median(
        timings_ms(lambda: plan_frontier(scenario, 20, keep_fleet=True), repeats=3, warmup=1)
    )
    mc = (
        median(timings_ms(lambda: monte_carlo(scenario, 10_000, seed=0), repeats=5, warmup=1)) / 1e3
    )
    return [
        Row(
            "recommended routing (default, fleet kept)", routed, "s", 0.5, "median of 10; HiGHS LP"
        ),
        Row(
            "routing frontier, 20 points", front / 1e3, "s", 5.0, "median of 3; epsilon-constraint"
        ),
        Row("Monte Carlo, 10,000 draws", mc, "s", 0.5, "median of 5; goal 0.2 s"),
    ]
