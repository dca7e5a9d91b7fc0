"""The variant *Apply* adds: the plan on screen, its limits kept, named after the plan.

A plan solved under a 40 MW cap is only that plan under that cap: applied without it,
the dashboard judged the new variant's 40 MW against no limit at all. So the limits
that are scenario fields travel with the plan. And "Recommended plan" named every
variant alike, whichever plan was applied; the name says which one it was.
"""

import core
from core.plan.solve import Plan
from core.scenario.edits import with_changes
from core.scenario.plan_edits import plan_limits_edit
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


def plan_variant(plan: Plan, name: str) -> core.Scenario:
    """`plan`'s scenario named `name`, carrying the limits it was solved under.

    One rule with `scaledeck plan --save` (`core.scenario.plan_edits.plan_limits_edit`).
    """
    limits = plan.limits
    kept = plan_limits_edit(plan.scenario, limits.power_cap_mw, limits.capex_budget_usd)
    return with_changes(plan.scenario, {"name": name, **kept})
