"""The two HiGHS calls of the plan: the LP (duals) and the MILP (whole GPUs).

Both take the scaled program (`core.plan.lp.equilibrated_rows`) and return scipy's
OptimizeResult with `x` None when there is no solution, so `core.plan.optimum` reads them
alike. Each first passes `core.plan.cancel.checkpoint`: a cancelled run stops before its
next solve.
"""

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, linprog, milp

from core.engine.compiled import FloatArray
from core.plan.cancel import checkpoint

MIP_GAP = 1e-5  # a whole plan within 0.001% of the best whole plan's objective is kept
MILP_SECONDS = 30.0  # HiGHS stops branching here and returns its best whole plan
SOLVER_FAILED = 4  # scipy's status when HiGHS gave up on the numbers: no word on feasibility
Parts = list[tuple[sp.csr_array, FloatArray]]


def lp_result(c: FloatArray, parts: Parts, bounds: FloatArray, _whole: int) -> OptimizeResult:
    """HiGHS's simplex (linprog) on the scaled program; x is None when it has no solution."""
    checkpoint()
    [(a_eq, b_eq), (a_ub, b_ub)] = parts
    result = linprog(
        c,
        A_ub=a_ub if a_ub.shape[0] else None,
        b_ub=b_ub if a_ub.shape[0] else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
        options={"primal_feasibility_tolerance": 1e-9, "dual_feasibility_tolerance": 1e-9},
    )
    if result.status != 0:
        result.x = None
    return result


def milp_result(c: FloatArray, parts: Parts, bounds: FloatArray, whole: int) -> OptimizeResult:
    """HiGHS branch and bound with the first `whole` columns integer (blocks of GPUs)."""
    checkpoint()
    [(a_eq, b_eq), (a_ub, b_ub)] = parts
    rows = [LinearConstraint(a_eq, b_eq, b_eq)]
    if a_ub.shape[0]:
        rows.append(LinearConstraint(a_ub, -np.inf, b_ub))
    integrality = np.zeros(len(c))
    integrality[:whole] = 1
    return milp(
        c,
        integrality=integrality,
        bounds=Bounds(bounds[:, 0], bounds[:, 1]),
        constraints=rows,
        options={"mip_rel_gap": MIP_GAP, "time_limit": MILP_SECONDS},
    )
