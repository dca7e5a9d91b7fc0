"""What the plan window says: the plans a run offers by name, its message's sentences, tips.

Kept apart from the widgets so each sentence can be read, and tested, as a whole.
"""

import core
from core.plan.frontier import ONE_POINT
from core.plan.solve import Plan
from core.units import cost_change, usd
from gui.dialogs.plan.inputs import LIMITS
from gui.dialogs.plan.solve import PlanRun

GREETING = (
    "GPUs to add each year and where each product runs each year, the lowest present cost "
    "(+ λ × external share). Set the limits and press Run."
)
ROUTING_TITLE = "Routing by year (% of the product's tokens):"
LOCKED_TITLE = "Routing by year (% of the product's tokens), locked:"
NO_PLAN_TIP = "No plan on screen: Run to get one."
STALE_TIP = "The scenario this plan was found for has changed since: Run again."
ADDED_TIP = (
    "This plan is in the workbook already, as {name!r} (Edit > Undo removes it): "
    "another Apply would add a copy."
)
CANCELLED = "Cancelled."
KEPT = "The plan shown is the last complete run's. "  # a run cancelled or stopped
KEPT_BEFORE = "The plan shown is the last complete run's, solved before this change. "
STALE_TEXT = (
    "The scenario changed after this run: the plans on screen answer the inputs as they "
    "were. Run again for the scenario now, or Undo the change."
)


def plan_choices(run: PlanRun) -> list[tuple[str, Plan]]:
    """The plans the "Plan on screen" list offers, each once, the recommended one first."""
    choices = [(_recommended_label(run), run.recommended)]
    if run.plan is not run.recommended:
        choices.append((f"Plan at λ = {run.plan.risk_weight:g}", run.plan))
    if run.robust is not None:
        choices.append((f"Robust plan ({run.robust.draws:,} draws)", run.robust.plan))
    if run.frontier is not None:
        knee = run.frontier.knee
        if run.frontier.plans[knee] is not run.recommended:
            choices.append((f"Frontier knee (point {knee + 1})", run.frontier.plans[knee]))
    return choices


def frontier_words(run: PlanRun) -> str:
    """The line beside the frontier: what a click does, that it is one plan, or why none."""
    if run.frontier is None:
        return f"Frontier: {run.frontier_note}."
    if run.frontier.flat:
        return f"{ONE_POINT[0].upper()}{ONE_POINT[1:]}."
    return "Click a point to show its plan; the ring is the knee."


def no_plan_words(problems: tuple[core.Problem, ...]) -> str:
    """Why no plan, a sentence a problem, leading with the limit in the inputs' own words.

    "No plan: min_in_house_share: no plan serves…" named a field and buried the point.
    """
    captions = {limit.field: limit.label.lower() for limit in LIMITS}
    said = []
    for problem in problems:
        why = problem.message
        if not why.startswith("no plan"):  # "the baseline fleet alone draws…"
            caption = captions.get(problem.path)
            why = f"no plan meets the {caption}: {why}" if caption else f"no plan: {why}"
        said.append(f"{why[0].upper()}{why[1:]}.")
    return " ".join(said)


def headline(plan: Plan) -> str:
    """The plan's present cost against the current scenario's, in one sentence.

    Dollars as the compare table below writes them ($5.35B): "$5.4B" beside "$5.35B" read
    as two figures.
    """
    now = plan.current_pv_cost_usd
    return (
        f"Present cost {usd(plan.pv_cost_usd)} against {usd(now)} now: "
        f"the plan {cost_change(plan.pv_cost_usd, now, usd)}."
    )


def _recommended_label(run: PlanRun) -> str:
    """The list's name of the recommended plan: how it was chosen, in short."""
    if run.frontier is not None and run.frontier.flat and run.recommended is run.frontier.plans[0]:
        return "Recommended: the frontier's one plan"
    if run.frontier is not None and run.recommended is run.frontier.plans[run.frontier.knee]:
        what = "frontier knee" if run.frontier.has_knee else "frontier's cheapest"
        return f"Recommended: {what} (point {run.frontier.knee + 1})"
    return f"Recommended: plan at λ = {run.plan.risk_weight:g}"
