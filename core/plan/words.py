"""The plan LP's answers in words: binding rows, what makes a plan impossible, a failed solve.

A row binds when its slack is ~0 and its dual price is not 0 (relaxing it would change
the optimum); a build limit that binds names every year it is at the limit. Over many
draws a per-draw row is reported once with the number of draws in which it binds
(docs/model.md#F-plan).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from core.engine.compiled import FloatArray
from core.engine.results import Results
from core.plan.data import PlanData
from core.plan.locks import unlocked
from core.plan.lp import HORIZON_ROWS, Limits
from core.plan.nearest import nearest_feasible, nearest_gpu_lock, without
from core.scenario.checks import Problem, ScenarioError
from core.units import mw_text, years_text

SLACK_TOLERANCE = 1e-7
BUILD_FAMILIES = ("power", "budget")  # rows on the build alone: read before it is rounded
FAMILIES = ("max_external_share", "max_provider_share", "min_in_house_share",
            "capex_budget_usd", "power_cap_mw")  # fmt: skip


def binding_words(
    data: PlanData,
    limits: Limits,
    labels: list[tuple[str, int, int, int]],
    slack: FloatArray,
    duals: FloatArray,
) -> tuple[tuple[str, str], ...]:
    """(family, sentence) per binding constraint and item, naming its years (not CVaR).

    Over many draws the sentence says in how many draws it binds at most.
    """
    at_limit = np.abs(slack) <= SLACK_TOLERANCE
    tight = at_limit & (np.abs(duals) > 1e-9)
    silent = ("cvar", "move")  # the robust plan's and the migration's own rows
    counts = Counter(labels[i][:3] for i in np.flatnonzero(tight) if labels[i][0] not in silent)
    # A build row (power, budget) that binds is reached in every year it is at its limit: the
    # same GPUs held for several years make the LP degenerate, and it may price one of them.
    priced = {key[::2] for key in counts if key[0] in BUILD_FAMILIES}
    counts.update(
        labels[i][:3] for i in np.flatnonzero(at_limit & ~tight) if labels[i][0:3:2] in priced
    )
    years: dict[tuple[str, int], list[int]] = {}
    draws: dict[tuple[str, int], int] = {}
    for (family, t, item), n in counts.items():
        years.setdefault((family, item), []).append(int(data.structure.years[t]))
        draws[family, item] = max(draws.get((family, item), 0), n)
    words = []
    for (family, item), when in years.items():
        when = list(data.structure.years) if family in HORIZON_ROWS else when
        text = f"{_sentence(data, limits, family, item)} ({years_text(when)})"
        if data.draws > 1 and family not in BUILD_FAMILIES:
            text += f", in up to {draws[family, item]} of {data.draws} draws"
        words.append((family, text))
    return tuple(words)


def _sentence(data: PlanData, limits: Limits, family: str, item: int) -> str:
    s = data.structure
    if family == "capacity":
        return "the fleet is full at the busy hour; more work is bought as cloud burst"
    if family == "keepers":
        names = [n for n, held in zip(s.generation_names, s.keeper_sets[item], strict=True) if held]
        return (
            f"the {' and '.join(names)} GPUs are full with routes whose latency promise only "
            "they keep"
        )
    if family == "power":
        return f"the site's power cap of {mw_text(limits.power_cap_mw or 0.0)} is reached"
    if family == "budget":
        return f"the capex budget of ${limits.capex_budget_usd:,.0f} a year is spent"
    if family == "provider":
        share = limits.max_provider_share or 0.0
        return f"{s.providers[item]} at the cap of {share:.0%} of spend"
    if family == "in_house":
        return f"the in-house token share at its minimum of {limits.min_in_house_share or 0.0:.0%}"
    # Only a frontier point sets this cap (`core.plan.frontier`), not the user: say it is the
    # point's own. It caps partners' tokens; the share evaluated (charted) adds cloud burst.
    held = limits.max_external_share or 0.0
    return (
        f"this point of the frontier holds partners to {held:.1%} of tokens on average, "
        "not counting cloud burst"
    )


def infeasible_problem(
    data: PlanData, limits: Limits, solves: Callable[[Limits], object]
) -> Problem:
    """Which optional constraint makes the plan impossible, found by lifting one at a time.

    `solves(relaxed)` runs the plan's own solver on the relaxed limits and raises
    `ScenarioError` when they too are impossible (the solver is passed in, so this module
    never imports the one that imports it).
    """
    early = _baseline_over(data, limits)
    if early is not None:
        return early
    for name in FAMILIES:
        if getattr(limits, name) is None:
            continue
        try:
            solves(without(limits, name))
        except ScenarioError:
            continue
        return Problem(name, _nearest_words(data, limits, name, solves))
    for kind, words in LOCK_WORDS.items():
        if getattr(limits.locks, kind):
            try:
                solves(replace(limits, locks=unlocked(limits.locks, kind)))
            except ScenarioError:
                continue
            return Problem(kind, _lock_words(limits, kind, words, solves))
    return Problem("plan", "no plan meets the constraints together (quality floors and limits)")


def _lock_words(limits: Limits, kind: str, words: str, solves: Callable[[Limits], object]) -> str:
    """Why a lock stops the plan: a GPU lock's year and the nearest count a plan meets."""
    found = nearest_gpu_lock(limits, kind, solves) if kind in ("min_gpus", "max_gpus") else None
    if found is None:
        return f"{words} cannot be kept together with the other constraints"
    year, asked, nearest = found
    if kind == "min_gpus":
        return (f"no plan adds at least {asked:,} GPUs in {year}: the most it can with the "
                f"other limits is {nearest:,}")  # fmt: skip
    return (f"no plan adds at most {asked:,} GPUs in {year}: the fewest it can with the "
            f"other limits is {nearest:,}")  # fmt: skip


LOCK_WORDS = {"min_gpus": "the locked least GPUs per year", "max_gpus": "the locked most GPUs "
              "per year", "routing": "the locked routing", "first_year": "a model's locked first "
              "year"}  # fmt: skip


def _nearest_words(
    data: PlanData, limits: Limits, name: str, solves: Callable[[Limits], object]
) -> str:
    """'no plan ... : 2027 allows at most 69.9%': the limit, the year and the nearest value."""
    asked = getattr(limits, name)
    found = nearest_feasible(limits, name, solves)
    if found is None:
        return (f"no plan meets {name.replace('_', ' ')} {asked:g} together with the other "
                "constraints")  # fmt: skip
    value, t = found
    when = "" if t is None else f" in {data.structure.years[t]}"
    if name == "min_in_house_share":
        return (f"no plan serves {asked:.1%} of tokens in house every year: at most "
                f"{value:.1%}{when} (with the other limits)")  # fmt: skip
    if name == "power_cap_mw":
        return f"no plan fits {mw_text(asked)}: the nearest feasible cap is {mw_text(value)}{when}"
    if name == "capex_budget_usd":
        return (f"no plan spends at most ${asked:,.0f} a year: the nearest feasible budget is "
                f"${value:,.0f}{when}")  # fmt: skip
    label = "each outside provider's share of spend" if name == "max_provider_share" else (
        "the external token share")  # fmt: skip
    return f"no plan keeps {label} at {asked:.1%}: the nearest feasible cap is {value:.1%}{when}"


def _baseline_over(data: PlanData, limits: Limits) -> Problem | None:
    """The baseline fleet alone already over the power cap or the capex budget."""
    years = data.structure.years
    if limits.power_cap_mw is not None:
        mw = data.baseline_gpus * data.unit_mw[0]
        over = np.flatnonzero(mw > limits.power_cap_mw)
        if len(over):
            t = over[0]
            cap = mw_text(limits.power_cap_mw)
            return Problem("power_cap_mw", f"the baseline fleet alone draws {mw_text(mw[t])} "
                           f"in {years[t]}, above the cap of {cap}")  # fmt: skip
    if limits.capex_budget_usd is not None:
        cash = data.baseline_gpus * data.unit_cash[0]
        over = np.flatnonzero(cash > limits.capex_budget_usd)
        if len(over):
            t = over[0]
            return Problem("capex_budget_usd", f"the baseline fleet alone needs ${cash[t]:,.0f} of "
                           f"capex cash in {years[t]}, above the budget")  # fmt: skip
    return None


def limits_broken(results: Results, limits: Limits) -> tuple[str, ...]:
    """The limits the scenario as it stands breaks, in words (empty when it keeps them).

    Such a scenario is no feasible point of the plan: its present cost beside the plan's is a
    comparison with a plan the limits would not allow (docs/model.md#F-plan).
    """
    y, years, broken = results.yearly, results.years, []
    if limits.power_cap_mw is not None and y.facility_mw.max() > limits.power_cap_mw * (1 + 1e-9):
        t = int(np.argmax(y.facility_mw))
        broken.append(
            f"the site draws {mw_text(y.facility_mw[t])} in {years[t]} "
            f"(cap {mw_text(limits.power_cap_mw)})"
        )
    if limits.capex_budget_usd is not None and y.capex_cash_usd.max() > limits.capex_budget_usd:
        t = int(np.argmax(y.capex_cash_usd))
        broken.append(
            f"capex cash is ${y.capex_cash_usd[t] / 1e9:,.2f}B in {years[t]} "
            f"(budget ${limits.capex_budget_usd / 1e9:,.2f}B a year)"
        )
    outside = results.provider_arrays.spend_share[:, 1:]  # partners, then Cloud burst
    if limits.max_provider_share is not None and outside.max() > limits.max_provider_share + 1e-9:
        t, k = (int(i) for i in np.unravel_index(int(np.argmax(outside)), outside.shape))
        broken.append(
            f"{results.structure.providers[1 + k]} takes {outside[t, k]:.0%} of spend in "
            f"{years[t]} (cap {limits.max_provider_share:.0%})"
        )
    # Routing on in-house models, as the plan's row reads it: burst is not a partner here.
    partners = results.provider_arrays.tokens[:, 1:-1].sum(axis=1)
    in_house = 1.0 - np.divide(partners, y.tokens, out=np.zeros_like(partners), where=y.tokens > 0)
    if limits.min_in_house_share is not None and in_house.min() < limits.min_in_house_share - 1e-9:
        t = int(np.argmin(in_house))
        broken.append(
            f"in-house models serve {in_house[t]:.0%} of tokens in {years[t]} "
            f"(minimum {limits.min_in_house_share:.0%})"
        )
    return tuple(broken)


def unsolved_words(c: FloatArray) -> str:
    """HiGHS gave up on the costs' spread: said so, not as a plan that cannot exist.

    Valid but extreme files (1e19 tokens a year growing x11 a year for 30 years) put costs
    per unit from 7e-12 to 6e29, and the answer was "no plan meets the constraints together".
    """
    costs = np.abs(c[c != 0])
    return (
        f"the solver failed on this scenario's numbers (costs per unit from {costs.min():.1g} "
        f"to {costs.max():.1g} USD billions, too far apart to weigh together): no plan is "
        "known, which does not show that none exists"
    )
