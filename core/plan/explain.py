"""Why this plan: cost per token by generation, what each limit costs, what would change it.

Three answers an executive asks of a recommendation (docs/model.md#F-plan-explain):
- `generation_costs`: USD per million served tokens of a GPU of each generation bought
  in each year, over its life in the horizon (present cost over discounted reference
  hours, each generation at its own speed on the plan's in-house work of each year),
  beside cloud burst: why this generation.
- `limits`: each binding limit's shadow price in words, from the program's duals (the
  build's rows from the relaxed program, routing rows with the build fixed; a share's per point).
- `changes`: the partner-price and demand multipliers nearest 1 at which the plan
  buys another set of generations or routes a product-year to another main model.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from core.engine.compiled import FloatArray
from core.engine.result_tables import under_floor_routes
from core.plan.data import PlanData, routes_before_floors
from core.plan.lp import HORIZON_ROWS, Limits
from core.plan.optimum import Solution, solve
from core.plan.solve import Plan
from core.plan.words import BUILD_FAMILIES
from core.scenario.checks import ScenarioError
from core.units import mw_text, years_text

UP = (1.25, 1.5, 2.0, 4.0)  # multipliers tried above 1, then bisected
BISECTIONS = 5
MAJORITY = 0.5  # a product-year's main model holds more than half its tokens
BURST = "cloud burst"
MIX_JUMP = 1.5  # GPU time per in-house token moving this much in a year (up or down) is said
Signature = tuple[frozenset[str], dict[tuple[int, int], int]]  # generations, main models


@dataclass(frozen=True)
class Explain:
    """The reasons for one plan, as the CLI's JSON and the plan window show them."""

    generation_costs: dict[int, dict[str, float]]  # year -> generation or burst -> USD/M tokens
    limits: list[str]  # binding limits with their shadow prices, in words
    changes: list[str]  # what would change the answer, in words
    notes: list[str]  # why the build stops, where it does
    # Years in which no token is served: their `generation_costs` price no served token
    # (each GPU at the in-house models' mean GPU time per token), so they read n/a.
    unserved_years: tuple[int, ...] = ()

    def cheapest_gpu(self, year: int) -> str | None:
        """The generation with the least USD per million tokens in `year`, burst aside.

        None in a year that serves no token: it prices none.
        """
        if year in self.unserved_years:
            return None
        return cheapest_generation(self.generation_costs.get(year, {}))


def cheapest_generation(row: dict[str, float]) -> str | None:
    """The generation of `row` (generation or burst -> USD per M tokens) costing least."""
    gpus = {g: usd for g, usd in row.items() if g != BURST}
    return min(gpus, key=gpus.__getitem__) if gpus else None


def explain_plan(plan: Plan, changes: bool = True) -> Explain:
    """The reasons for `plan`, under the limits and lambda it was solved with.

    `changes` False skips what would change the plan (some 20 re-solves, ~0.5 s): the
    window's other plans show the rest at once.
    """
    final, relaxed, limits, risk_weight = plan.solution, plan.relaxed, plan.limits, plan.risk_weight
    if final is None or relaxed is None:
        return Explain({}, [], [], [])
    costs, unserved = generation_costs(final), unserved_years(final)
    return Explain(
        generation_costs=costs,
        limits=limit_words(final, relaxed, limits),
        changes=change_words(final.data, limits, risk_weight, relaxed) if changes else [],
        notes=unserved_notes(unserved)
        + build_notes(final, relaxed, costs)
        + mix_notes(final)
        + training_notes(plan)
        + floor_notes(plan)
        + queue_notes(plan)
        + promise_notes(plan),
        unserved_years=unserved,
    )


def _in_house_tokens(solution: Solution) -> FloatArray:
    """(T, P, M) the plan's in-house tokens (first draw), by product and model."""
    data, s = solution.data, solution.data.structure
    result: FloatArray = data.tokens[0][:, :, None] * solution.shares[0] * s.in_house
    return result


def _hours_per_token(solution: Solution) -> FloatArray:
    """(T,) busy-hour reference-GPU hours per in-house token at the plan's mix of work."""
    data, s = solution.data, solution.data.structure
    tokens = _in_house_tokens(solution)
    any_mix = np.where(data.allowed & s.in_house, data.hours, np.nan)
    fallback = float(np.nanmean(any_mix)) if np.isfinite(any_mix).any() else 0.0
    per_token = [_per_token(tokens[t], data.hours[t]) for t in range(len(tokens))]
    return np.array([hours if hours > 0 else fallback for hours in per_token])


def generation_costs(solution: Solution) -> dict[int, dict[str, float]]:
    """Year -> {generation: USD per million served tokens over its life, burst: that year's}."""
    data = solution.data
    years = [int(y) for y in data.structure.years]
    hours = _hours_per_token(solution)
    lifetime = data.unit_capacity[0] @ data.discount  # (C,) discounted reference hours
    per_hour = data.unit_pv_cost / np.maximum(lifetime, 1e-300)
    out: dict[int, dict[str, float]] = {}
    for t, year in enumerate(years):
        row = {
            g: float(1e6 * per_hour[1 + t * len(data.generations) + i] * hours[t])
            for i, g in enumerate(data.generations)
        }
        row[BURST] = float(1e6 * data.burst_price[t] * hours[t])
        out[year] = row
    return out


def unserved_years(solution: Solution) -> tuple[int, ...]:
    """The years in which the plan serves no token (under one, as evaluate's cost per token).

    Their USD per million served tokens is no number: `_hours_per_token` falls back to the
    in-house models' mean GPU time, and with no token at all "GB200 $0.419" priced none.
    """
    data = solution.data
    served = (data.tokens[0][:, :, None] * solution.shares[0]).sum(axis=(1, 2))  # (T,)
    return tuple(int(year) for year, n in zip(data.structure.years, served, strict=True) if n < 1)


def unserved_notes(years: tuple[int, ...]) -> list[str]:
    """Why the cost per served token is n/a in `years`, and what `generation_costs` holds there."""
    if not years:
        return []
    return [
        f"No token is served in {years_text(years)}: USD per million served tokens is n/a "
        "there (generation_costs prices a GPU at the in-house models' mean GPU time per token)"
    ]


def mix_notes(solution: Solution) -> list[str]:
    """Years whose models served in house take far more (or less) GPU time per token.

    Cost per token by generation is the year's in-house mix at each generation's price per
    hour, so a larger model taking the in-house tokens multiplies it (MAI-2 from 2029 on
    the default: x14.9). Both years' mixes are read at the later year's hours per token,
    so a faster serving stack is not taken for a change of models; said with the model
    whose share of in-house tokens grew most.
    """
    s, hours = solution.data.structure, solution.data.hours
    tokens = _in_house_tokens(solution)  # (T, P, M)
    by_model = tokens.sum(axis=1)
    mix = by_model / np.maximum(by_model.sum(axis=1, keepdims=True), 1e-300)
    notes = []
    for t in range(1, len(s.years)):
        now, before = (_per_token(tokens[k], hours[t]) for k in (t, t - 1))
        ratio = now / before if now > 0 and before > 0 else 1.0
        if 1 / MIX_JUMP < ratio < MIX_JUMP:
            continue
        m, year, last = int(np.argmax(mix[t] - mix[t - 1])), int(s.years[t]), int(s.years[t - 1])
        change = (f"{ratio:.1f}x the GPU time per token of" if ratio > 1
                  else f"{1 / ratio:.1f}x less GPU time per token than")  # fmt: skip
        notes.append(
            f"In {year} the models served in house take {change} {last}'s: "
            f"{s.model_names[m]} serves {mix[t, m]:.0%} of in-house tokens "
            f"({mix[t - 1, m]:.0%} in {last}), and every generation's cost per token "
            f"{'rises' if ratio > 1 else 'falls'} with it"
        )
    return notes


def _per_token(tokens: FloatArray, hours: FloatArray) -> float:
    """Hours per token of `tokens` (P, M) at `hours` (P, M); 0 with none."""
    served = float(tokens.sum())
    return float((tokens * np.nan_to_num(hours)).sum()) / served if served > 0 else 0.0


def training_notes(plan: Plan) -> list[str]:
    """Models set to serve in their training year: like the evaluator, the plan waits a year."""
    return [p.message for p in plan.scenario.serving_warnings()]


def promise_notes(plan: Plan) -> list[str]:
    """The routes the plan uses whose latency promise only some generations keep.

    They run on those generations' GPUs alone (docs/model.md#F-slo): a reason to buy them.
    """
    if plan.solution is None:
        return []
    s, shares = plan.solution.data.structure, plan.solution.shares[0]  # (T, P, M)
    keeps = s.generation_keeps  # (G, P, M)
    held = keeps.any(axis=0) & ~keeps.all(axis=0) & (shares > 1e-6).any(axis=0)
    notes = []
    for p, m in zip(*np.nonzero(held), strict=True):
        names = " and ".join(n for g, n in enumerate(s.generation_names) if keeps[g, p, m])
        when = years_text([int(y) for y in s.years[shares[:, p, m] > 1e-6]])
        notes.append(
            f"{s.model_names[m]} keeps {_possessive(s.product_names[p])} latency promise only "
            f"on {names}: its share runs on those GPUs ({when})"
        )
    return notes


def queue_notes(plan: Plan) -> list[str]:
    """The routes closed because their requests would wait for a slot past the promise.

    The program does not see the busy hour's queue; the evaluator does, and the plan was
    solved again without them (`core.plan.solve.applied_plan`, docs/model.md#F-plan).
    """
    if plan.solution is None or plan.solution.data.queued is None:
        return []
    s, queued = plan.solution.data.structure, plan.solution.data.queued
    notes = []
    for p, m in zip(*np.nonzero(queued.any(axis=0)), strict=True):
        when = years_text([int(y) for y in s.years[queued[:, p, m]]])
        notes.append(
            f"{s.product_names[p]} stays off {s.model_names[m]} ({when}): its replicas hold "
            f"too few requests, and at the busy hour the wait for one would break the "
            f"{s.ttft_slo_s[p]:g} s first-token promise"
        )
    return notes


def floor_notes(plan: Plan) -> list[str]:
    """The models each product's quality floor keeps it off, with the years they serve.

    A route under the floor gets no share (docs/model.md#F-plan): the floor's price is
    the cheaper routes it rules out, not a shadow price per point.
    """
    if plan.solution is None:
        return []
    data = plan.solution.data
    s, years = data.structure, [int(y) for y in data.structure.years]
    under = under_floor_routes(s)[None]  # not the routes closed for their queue
    kept = routes_before_floors(plan.scenario, s) & ~data.allowed & under  # (T, P, M)
    notes = []
    for p in np.nonzero(kept.any(axis=(0, 2)))[0]:
        models = np.nonzero(kept[:, p].any(axis=0))[0]
        off = ", ".join(f"{s.model_names[m]} ({s.quality[p, m]:g})" for m in models)
        when = years_text([years[t] for t in np.nonzero(kept[:, p].any(axis=1))[0]])
        floor = f"{_possessive(s.product_names[p])} quality floor {s.quality_floor[p]:g}"
        notes.append(f"{floor} keeps it off {off} ({when})")
    return notes


HOLDS = {"power": "the site's power cap", "budget": "the capex budget",
         "max_gpus": "the lock on GPUs added"}  # fmt: skip


def build_notes(
    final: Solution, relaxed: Solution, costs: dict[int, dict[str, float]]
) -> list[str]:
    """Where the build stops before the last year, and why: a limit, burst or spare GPUs."""
    data, years = final.data, [int(y) for y in final.data.structure.years]
    bought = final.gpus.reshape(len(years), len(data.generations)).sum(axis=1)
    if not bought.any() or bought.nonzero()[0][-1] == len(years) - 1:
        return []
    last = int(bought.nonzero()[0][-1])
    own = final.shares[0] * data.structure.in_house  # (T, P, M)
    work = (data.tokens[0][:, :, None] * own * data.hours).sum(axis=(1, 2))
    grows = " while in-house work grows" if work[last + 1 :].max() > work[last] * 1.001 else ""
    held = [f for f, t, _, usd in relaxed.shadow if f in HOLDS and t > last and abs(usd) > 1.0]
    row = costs[years[last + 1]]
    cheapest = cheapest_generation(row)
    if held:
        why = f"{HOLDS[held[0]]} holds it"
    elif cheapest is not None and row[cheapest] >= row[BURST]:
        gpu, burst = f"${row[cheapest]:,.2f}", f"${row[BURST]:,.2f}"
        why = (f"a {cheapest} bought in {years[last + 1]} costs {gpu} per million tokens over "
               f"its remaining life against {burst} of cloud burst")  # fmt: skip
    else:
        why = "the GPUs already bought carry the work"
    return [f"The build stops after {years[last]}{grows}: {why}."]


BUILD_ROWS = ("power", "budget", "min_gpus", "max_gpus")  # read from the relaxed program
PER_USD = ("provider", "budget")  # rows priced per dollar: a price of 0.2 is not tolerance
SAID_PER = {"budget": 1e6}  # a budget's price is said per $1M a year
# No limit of the user's (burst prices capacity; what a promise's GPUs cost is their build).
SILENT = ("sum", "capacity", "cvar", "move", "keepers")


def limit_words(final: Solution, relaxed: Solution, limits: Limits) -> list[str]:
    """Each binding limit's price: build rows from the relaxed program, routing rows fixed."""
    data = final.data
    rows = [r for r in relaxed.shadow if r[0] in BUILD_ROWS]
    rows += [r for r in final.shadow if r[0] not in BUILD_ROWS]
    total: dict[tuple[str, int], float] = {}
    when: dict[tuple[str, int], list[int]] = {}
    for family, t, item, usd in rows:
        if family in SILENT:
            continue
        per_unit = usd * _per_point(final, family, t, item)
        # Under a dollar is tolerance, not a price (a USD-per-USD dual: read on the dual)
        priced = abs(usd) > 1e-9 if family in PER_USD else abs(per_unit) > 1.0
        if priced:
            total[family, item] = total.get((family, item), 0.0) + per_unit
        # A build limit is said with every year at it, as the binding constraints say it:
        # the same GPUs held for several years leave the LP free to price any one of them.
        if family in HORIZON_ROWS:
            when[family, item] = [int(y) for y in data.structure.years]
        elif priced or family in BUILD_FAMILIES:
            when.setdefault((family, item), []).append(int(data.structure.years[t]))
    said = {key: usd * SAID_PER.get(key[0], 1.0) for key, usd in total.items()}  # as the words say
    return [
        _price_words(data, limits, family, item, usd, when[family, item])
        for (family, item), usd in sorted(total.items(), key=lambda kv: -abs(said[kv[0]]))
    ]


def _price_words(
    data: PlanData, limits: Limits, family: str, item: int, usd: float, years: list[int]
) -> str:
    """One limit's shadow price in words (USD per unit the limit is loosened)."""
    s, span = data.structure, years_text(years)
    money = _millions(usd)
    if family == "power":
        cap = mw_text(limits.power_cap_mw or 0.0)
        return f"1 MW more site power (now {cap}) would save {money} over the horizon ({span})"
    if family == "budget":
        return f"$1M more capex budget a year would save {_millions(usd * 1e6)} ({span})"
    if family in ("min_gpus", "max_gpus"):
        which = "at least" if family == "min_gpus" else "at most"
        return f"the lock on {which} GPUs added costs {_millions(abs(usd))} per GPU ({span})"
    if family == "in_house":
        return f"the minimum in-house share costs {money} per point it is raised ({span})"
    if family == "external":
        cap = "the cap on the partners' average share of tokens"
        if limits.max_external_share is not None:  # a frontier point's, or the user's
            cap += f" (now {limits.max_external_share:.0%})"
        return f"{cap} costs {money} per point it is lowered ({span})"
    cap = f"{limits.max_provider_share or 0.0:.0%}"
    return (f"raising {_possessive(s.providers[item])} cap on its share of spend by 1 point "
            f"(now {cap}) would save {money} ({span})")  # fmt: skip


def _per_point(final: Solution, family: str, t: int, item: int) -> float:
    """A point of a share limit in its row's unit in year t: 1% of its tokens or spend."""
    if family == "in_house":
        return 0.01 * float(final.data.tokens[0, t].sum())
    if family == "provider":
        return 0.01 * capped_spend(final, t, item)
    return 1.0


def capped_spend(solution: Solution, t: int, provider: int) -> float:
    """USD in year t a provider's cap is a share of: routes, the fleet, burst in burst's row."""
    data, fleet_usd = solution.data, solution.data.unit_fleet_cost[:, t]  # as `lp._provider_share`
    routes = data.tokens[0, t][:, None] * data.price[0, t] * solution.shares[0, t]
    fleet = data.baseline_gpus * fleet_usd[0] + solution.gpus @ fleet_usd[1:]
    is_burst = provider == len(data.structure.providers) - 1
    burst = data.burst_price[t] * solution.burst[0, t] if is_burst else 0.0
    return float(routes.sum() + fleet + burst)


def _possessive(name: str) -> str:
    """Excel's, Regulated-industry models'."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _millions(usd: float) -> str:
    """USD in millions with a sign only when negative: $12.3M."""
    return f"${usd / 1e6:,.1f}M" if usd >= 0 else f"-${-usd / 1e6:,.1f}M"


def change_words(
    data: PlanData, limits: Limits, risk_weight: float, relaxed: Solution
) -> list[str]:
    """The partner-price and demand multipliers nearest 1 that change the plan, in words.

    Each probe keeps the plan's generation speeds (docs/model.md#F-generations): a
    first-order answer, some 20 solves rather than 20 settled ones. The probes are read
    against the same solve at no change: a robust plan's `relaxed` is over its draws, and
    its first draw is not the central case `data` holds (read against it, every probe of
    the default at demand x1.5 "changed" the plan at 1%).
    """
    base = _solve_sig(data, limits, risk_weight) or _signature(relaxed)
    partner = ~data.structure.in_house
    drivers = {
        "partner prices": lambda k: replace(data, price=data.price * np.where(partner, k, 1.0)),
        "demand": lambda k: replace(data, tokens=data.tokens * k),
    }
    words = []
    for name, scaled in drivers.items():

        def at(k: float, scaled: Callable[[float], PlanData] = scaled) -> Signature | None:
            return _solve_sig(scaled(k), limits, risk_weight)

        for direction in (1, -1):
            found = _nearest_change(data, base, at, direction)
            if found is not None:
                words.append(f"{name} {_percent(found[0])} would {found[1]}")
    return words or ["no partner price or demand within a factor of 4 changes the plan"]


def _signature(solution: Solution) -> Signature:
    """What a plan decides, coarsely: generations bought, each product-year's main model."""
    data = solution.data
    bought = solution.gpus.reshape(-1, len(data.generations)).sum(axis=0)
    gens = frozenset(g for g, n in zip(data.generations, bought, strict=True) if n >= 0.5)
    shares = solution.shares[0]
    main = {
        (int(t), int(p)): int(np.argmax(shares[t, p]))
        for t, p in zip(*np.nonzero(shares.max(axis=2) > MAJORITY), strict=True)
    }
    return gens, main


def _solve_sig(data: PlanData, limits: Limits, risk_weight: float) -> Signature | None:
    try:
        return _signature(solve(data, limits, risk_weight, diagnose=False, settle=False))
    except ScenarioError:
        return None


def _difference(data: PlanData, base: Signature, other: Signature | None) -> str | None:
    """How `other` differs from `base` in words, or None when it does not."""
    if other is None:
        return "leave no plan that keeps the limits"
    s = data.structure
    if other[0] != base[0]:
        added, dropped = sorted(other[0] - base[0]), sorted(base[0] - other[0])
        parts = [f"buy {', '.join(added)}"] * bool(added) + [
            f"stop buying {', '.join(dropped)}"
        ] * bool(dropped)
        return " and ".join(parts)
    for key in sorted(set(base[1]) | set(other[1])):
        if base[1].get(key) != other[1].get(key):
            t, p = key
            to = other[1].get(key)
            where = "no single model" if to is None else s.model_names[to]
            return f"move most of {s.product_names[p]} in {s.years[t]} to {where}"
    return None


def _nearest_change(
    data: PlanData, base: Signature, at: Callable[[float], Signature | None], direction: int
) -> tuple[float, str] | None:
    """The multiplier nearest 1 (above or below) whose plan differs, bisected, with the change."""
    near = 1.0
    for step in UP:
        k = step if direction > 0 else 1.0 / step
        change = _difference(data, base, at(k))
        if change is None:
            near = k
            continue
        far = k
        for _ in range(BISECTIONS):
            middle = float(np.sqrt(near * far))
            moved = _difference(data, base, at(middle))
            if moved is None:
                near = middle
            else:
                far, change = middle, moved
        return far, change
    return None


def _percent(k: float) -> str:
    """A multiplier as words: 23% higher, 40% lower."""
    return f"{abs(k - 1.0):.0%} {'higher' if k > 1 else 'lower'}"
