"""The variant *Apply* adds: the plan on screen, its limits kept, named after the plan.

A plan solved under a 40 MW cap is only that plan under that cap: applied without it,
the dashboard judged the new variant's 40 MW against no limit at all. So the limits
that are scenario fields travel with the plan. And "Recommended plan" named every
variant alike, whichever plan was applied; the name says which one it was.
"""

import core
from core.plan.solve import Plan
from core.scenario.edits import with_changes
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

    The site power cap becomes `fleet.power_cap_mw` (the scenario's own cap when none
    was typed: the plan kept that one); a capex budget becomes the scenario's capex cash
    budget for every year, and a year's own budget above it comes down to it (the plan
    kept it in every year; a tighter year stays as the executive set it).
    """
    limits, budget = plan.limits, plan.scenario.budget
    changes: dict[str, object] = {"name": name}
    if limits.power_cap_mw is not None:
        changes["fleet.power_cap_mw"] = limits.power_cap_mw
    cap = limits.capex_budget_usd
    if cap is not None:
        changes["budget.capex_cash_usd_per_year"] = cap
        changes["budget.capex_cash_by_year"] = [
            {"year": row.year, "usd": min(row.usd, cap)} for row in budget.capex_cash_by_year
        ]
    return with_changes(plan.scenario, changes)
