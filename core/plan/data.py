"""The plan optimizer's coefficients, read from the evaluator's own arrays (docs/model.md#F-plan).

The scenario is compiled with a build plan naming every candidate generation in every
year (0 GPUs each), so its cohorts are the LP's cohorts. The fleet's money per cohort
comes from the kernel run on one GPU per cohort (`fleet_of_counts` is linear in the
counts), tokens and prices from the kernel's own functions, each generation's hours from
`core.engine.generations` (its speed on the year's work, at the plan's current point):
the optimizer and `core.engine.evaluate` can never disagree on a number.
"""

from dataclasses import dataclass, replace

import numpy as np

from core.engine.compiled import BoolArray, FloatArray, Inputs, Structure, compile_scenario
from core.engine.generations import (
    Work,
    fleet_work,
    generation_gpus,
    reference_hours_per_token,
)
from core.engine.kernel import (
    _burst_price,
    _price_per_token,
    _tokens,
    _training_reference_hours,
    fleet_of_counts,
    software_factor,
)
from core.engine.money import discount_factors
from core.engine.result_tables import under_floor_routes
from core.scenario.checks import Problem, ScenarioError
from core.scenario.edits import with_changes
from core.scenario.schema import Scenario


@dataclass(frozen=True)
class PlanData:
    """Every coefficient of the plan LP; W draws (1 for a deterministic plan)."""

    structure: Structure
    generations: tuple[str, ...]  # candidate generations, catalog order
    allowed: BoolArray  # (T, P, M) routes that get a share variable
    tokens: FloatArray  # (W, T, P)
    price: FloatArray  # (W, T, P, M) USD per token
    burst_price: FloatArray  # (T,) USD per reference-GPU hour
    discount: FloatArray  # (T,)
    hours: FloatArray  # (T, P, M) reference-GPU hours per token at the busy hour, software in
    training: FloatArray  # (W, T) training reference-GPU hours
    software: FloatArray  # (W, T) the serving software's factor (docs/model.md#F-software-drift)
    unit_pv_cost: FloatArray  # (C,) present cost of one GPU of each cohort (cash less residual)
    unit_hours: FloatArray  # (C, T) GPU-hours a year of one GPU (availability in)
    speed: FloatArray  # (W, T, G) reference-GPU hours per hour of each generation on the work
    work_hours: FloatArray  # (W, T, P, M) average-hour hours per token, in reference-GPU hours
    work_training: FloatArray  # (W, T) training, likewise (both at the plan's current point)
    served_hours: FloatArray  # (W, T, P, M) GPU-hours per token on the route's own GPUs, there
    unit_mw: FloatArray  # (C, T) facility MW of one GPU
    unit_cash: FloatArray  # (C, T) capex cash (GPUs and facility) of one GPU
    unit_fleet_cost: FloatArray  # (C, T) yearly charges, power and opex of one GPU
    baseline_gpus: float
    # (T, P, M) routes closed because the evaluator found them waiting for a slot at the
    # busy hour past their promise (`core.plan.solve.queued_routes`); None: none closed.
    queued: BoolArray | None = None

    @property
    def draws(self) -> int:
        """The number of draws W."""
        return int(self.tokens.shape[0])

    @property
    def unit_capacity(self) -> FloatArray:
        """(W, C, T) reference-GPU hours a year of one GPU of each cohort, at `speed`."""
        s = self.structure
        years = np.arange(len(s.years))[None, :]
        result: FloatArray = self.unit_hours[None] * self.speed[:, years, s.cohort_generation]
        return result


def candidate_scenario(scenario: Scenario, generations: tuple[str, ...]) -> Scenario:
    """`scenario` with a zero build plan over `generations` and no routing per year."""
    rows = [{"year": y, "gpu": g, "gpus": 0} for y in scenario.horizon.years for g in generations]
    return with_changes(scenario, {"build_plan": rows, "routing_by_year": []})


def plan_data(
    scenario: Scenario, generations: tuple[str, ...], draws: Inputs | None = None
) -> PlanData:
    """The LP's coefficients for `scenario`, over `draws` of its inputs (or the scenario's)."""
    s, x = compile_scenario(candidate_scenario(scenario, generations))
    xw = x if draws is None else draws
    software = software_factor(s, xw.broadcast())
    one = x.with_values(**{k: np.repeat(v[:1], len(s.cohort_gpu), 0) for k, v in vars(x).items()})
    unit = fleet_of_counts(s, one, np.eye(len(s.cohort_gpu)), np.zeros((1, len(s.years))))
    discount = discount_factors(x.cost_of_capital, s.years)[0]
    cash = unit.capex_cash_usd + unit.power_usd + unit.opex_usd
    data = PlanData(
        structure=s,
        generations=generations,
        allowed=allowed_routes(scenario, s),
        tokens=_tokens(s, xw),
        price=_price_per_token(s, xw),
        burst_price=_burst_price(s, x)[0],
        discount=discount,
        hours=reference_hours_per_token(s)
        * s.peak_to_average[:, None]
        / software[0, :, None, None],
        training=_training_reference_hours(s, xw).sum(axis=2),
        software=software,
        unit_pv_cost=cash @ discount - unit.residual_usd,
        unit_hours=unit.capacity_gpu_hours,
        speed=np.zeros((1, 1, 1)),
        work_hours=np.zeros((1, 1, 1, 1)),
        work_training=np.zeros((1, 1)),
        served_hours=np.zeros((1, 1, 1, 1)),
        unit_mw=unit.facility_mw,
        unit_cash=unit.capex_cash_usd,
        unit_fleet_cost=unit.cost_usd,
        baseline_gpus=float(x.baseline_gpus[0]),
    )
    return at_point(data, np.zeros(len(s.cohort_gpu) - 1), in_house_start(data))


def in_house_start(data: PlanData) -> FloatArray:
    """(W, T, P, M) where the speeds start: each product evenly on its in-house models.

    Partners where it has none, on the baseline alone. Each generation's speed depends
    on the work (docs/model.md#F-generations), so the plan is solved again at its own
    answer; started from the scenario's routing it can settle on a plan that builds too
    little to serve in house at all.
    """
    own = data.allowed & data.structure.in_house
    start = np.where(own.any(axis=2, keepdims=True), own, data.allowed).astype(float)
    start /= np.maximum(start.sum(axis=2, keepdims=True), 1.0)
    return np.broadcast_to(start, (data.draws, *start.shape))


def fleet_at(data: PlanData, gpus: FloatArray, shares: FloatArray) -> tuple[Work, FloatArray]:
    """The evaluator's work for the build `gpus` (C',) and routing `shares` (W, T, P, M).

    Returns the work (`core.engine.generations.fleet_work`, the kernel's own) and the
    fleet's GPU-hours a year (1, T).
    """
    s = data.structure
    count = np.concatenate([[data.baseline_gpus], gpus])[None]
    routed = data.tokens[..., None] * shares  # the average hour's tokens
    gpus = generation_gpus(s, count)
    work = fleet_work(s, gpus, routed, data.training[..., None], data.software)
    return work, count @ data.unit_hours


def at_point(data: PlanData, gpus: FloatArray, shares: FloatArray) -> PlanData:
    """`data` at the work of this build and routing: the burst rows the evaluator's there.

    Each generation's speed on that work, and the average hour's hours per token and
    training as the evaluator times them on this fleet (its own hours, in reference-GPU
    hours at the fleet's speed); the week's hours are `core.plan.hours`'.
    """
    work = fleet_at(data, gpus, shares)[0]
    reference = work.reference_per_hour  # (W, T)
    return replace(
        data,
        speed=work.speed,
        work_hours=work.hours_per_token * reference[..., None, None],
        work_training=work.training_gpu_hours.sum(axis=2) * reference,
        served_hours=work.hours_per_token,
    )


def allowed_routes(scenario: Scenario, s: Structure) -> BoolArray:
    """(T, P, M) routes that get a share variable.

    Models serving that year (from the year after their training: F-serving-year), never
    a partner for an in-house-only product, only routes keeping the product's latency
    promise where any of its routes does, and only routes at or over
    the product's quality floor (a route under it is a broken promise for its tokens,
    docs/model.md#F-plan; where none reaches it, `reachable_floor_problems` says so).
    Raises ScenarioError naming the product and year no model can serve.
    """
    result = open_routes(scenario, s)
    empty = np.argwhere(~result.any(axis=2))
    if len(empty):
        problems = [
            Problem(
                f"products[{p}]",
                f"{s.product_names[p]}: no model serves it in {s.years[t]} "
                "(none enabled and available, or only partners for an in-house-only product)",
            )
            for t, p in empty[:10]
        ]
        raise ScenarioError(problems)
    return result


def open_routes(scenario: Scenario, s: Structure) -> BoolArray:
    """(T, P, M) `allowed_routes` without its check: what `core.plan.locks` marks closed."""
    allowed = routes_before_floors(scenario, s)
    floors = allowed & ~under_floor_routes(s)[None]
    result: BoolArray = np.where(floors.any(axis=2, keepdims=True), floors, allowed)
    return result


def routes_before_floors(scenario: Scenario, s: Structure) -> BoolArray:
    """(T, P, M) `allowed_routes` but for the quality floors (what a floor keeps off)."""
    in_house_only = np.array([p.in_house_only for p in scenario.products])
    allowed = s.serving[:, None, :] & ~(in_house_only[:, None] & ~s.in_house[None, :])[None]
    kept_somewhere = np.logical_or.reduce(s.generation_keeps, axis=0)  # on a generation it may hold
    keeps = allowed & kept_somewhere[None]
    result: BoolArray = np.where(keeps.any(axis=2, keepdims=True), keeps, allowed)
    return result


def reachable_floor_problems(data: PlanData) -> list[Problem]:
    """Every product and year where no allowed model reaches the quality floor."""
    s = data.structure
    best = np.where(data.allowed, s.quality[None], -np.inf).max(axis=2)  # (T, P)
    short = np.argwhere(best < s.quality_floor[None] - 1e-9)
    return [
        Problem(
            f"products[{p}].quality_floor",
            f"{s.product_names[p]}: no allowed model reaches the quality floor "
            f"{s.quality_floor[p]:g} in {s.years[t]} (best {best[t, p]:g})",
        )
        for t, p in short[:10]
    ]
