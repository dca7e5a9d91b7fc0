"""The name of the variant *Apply* adds (the plan itself, its limits kept: `Plan.saved_as`).

"Recommended plan" named every variant alike, whichever plan was applied; the name says
which one it was.
"""

from core.plan.solve import Plan
from gui.dialogs.plan.solve import PlanRun


def variant_name(plan: Plan, run: PlanRun | None) -> str:
    """The plan's name as a variant: "Plan: cost only", "Plan: frontier knee", ...

    Said by how the plan was chosen, not by where the combo lists it: the same plan
    reads the same whether it was recommended or picked.
    """
    if run is not None and run.robust is not None and plan is run.robust.plan:
        return f"Plan: robust ({run.robust.draws:,} draws)"
    frontier = run.frontier if run is not None else None
    if frontier is not None and not frontier.flat:
        index = next((i for i, p in enumerate(frontier.plans) if p is plan), None)
        if index == frontier.knee and frontier.has_knee:
            return "Plan: frontier knee"
        if index is not None:
            return f"Plan: frontier point {index + 1}"
    if plan.risk_weight == 0:  # a flat frontier's one plan is the cheapest too
        return "Plan: cost only"
    return f"Plan: λ = {plan.risk_weight:g}"
