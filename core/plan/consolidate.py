"""A whole plan without a token generation (docs/model.md#F-plan-whole).

Two generations whose cost per hour of work is nearly equal leave the MILP (and the
rounded relaxation) free to buy a handful of the second one: 2 GB300 beside 10,844 GB200
on the default with a 40% cap on any provider's share of spend (the pricier GPUs add the
spend the cap's denominator needs). That is noise to whoever reads the plan, so
`core.plan.optimum.whole_solution` solves again with each generation bought in under
MINOR_SHARE of the plan's GPUs closed (until none is left), and keeps that plan when it
keeps every limit and its objective is within SIMPLER_GAP of the first's.
"""

import numpy as np

from core.engine.compiled import BoolArray, FloatArray

MINOR_SHARE = 0.01  # a generation with fewer of the plan's added GPUs than this is a token one
SIMPLER_GAP = 1e-4  # the simpler plan is kept within 0.01% of the first's objective


def token_cohorts(build: FloatArray, generations: int) -> BoolArray | None:
    """(C',) the candidate cohorts of `build`'s token generations (every year); None if none.

    Candidate cohorts run year-major: cohort c is year c // generations, generation
    c % generations.
    """
    totals = build.reshape(-1, generations).sum(axis=0)
    minor = (totals > 0) & (totals < MINOR_SHARE * totals.sum())
    if not minor.any():
        return None
    result: BoolArray = np.tile(minor, len(build) // generations)
    return result
