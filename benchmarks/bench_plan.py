"""Plan speed: a deterministic plan, a 20-plan frontier, a robust plan, a plan's reasons.

The plan buys whole GPUs; the reasons (explain) re-solve some 20 times.
"""

import core
from benchmarks.report import Row, median, timings_ms
from core.plan.explain import explain_plan
from core.plan.frontier import plan_frontier
from core.plan.robust import robust_plan
from core.plan.solve import recommend_plan


def run() -> list[Row]:
    """The plan rows of the report (goals from issues 16 and 25)."""
    scenario = core.default_scenario()
    plan = median(timings_ms(lambda: recommend_plan(scenario), repeats=10)) / 1e3
    front = median(timings_ms(lambda: plan_frontier(scenario, 20), repeats=3, warmup=1)) / 1e3
    robust = median(timings_ms(lambda: robust_plan(scenario, 200, 0), repeats=3, warmup=1)) / 1e3
    planned = recommend_plan(scenario)
    why = median(timings_ms(lambda: explain_plan(planned), repeats=3, warmup=1)) / 1e3
    return [
        Row(
            "plan (default, deterministic, whole GPUs)",
            plan,
            "s",
            0.5,
            "median of 10; HiGHS LP, rounding or MILP",
        ),
        Row("plan frontier, 20 plans", front, "s", 5.0, "median of 3; epsilon-constraint"),
        Row("robust plan, 200 draws", robust, "s", 15.0, "median of 3; mean + CVaR90 LP"),
        Row("plan reasons (explain)", why, "s", 1.0, "median of 3; what would change it"),
    ]


if __name__ == "__main__":
    from benchmarks.report import print_and_save

    print_and_save(run(), name="plan")
