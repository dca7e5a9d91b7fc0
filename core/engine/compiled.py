"""A scenario turned into arrays: a static structure plus batchable numeric inputs.

`Structure` holds what never varies between draws of one scenario (years, names,
which model serves when, where shifted or fallback traffic goes). `Inputs` holds every
number a slider, a sensitivity sweep or a Monte Carlo draw may move; each field has a
leading batch axis (size 1 for a single scenario), so one kernel serves all of them.
"""

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from core.engine.cohorts import cohort_arrays, serving_generations, year_routing
from core.engine.deployment import MEETS
from core.engine.fixed import fixed_arrays
from core.engine.load_curve import week_load
from core.engine.money import Schedule
from core.engine.routes import route_arrays
from core.scenario.checks import CLOUD_BURST_PROVIDER, IN_HOUSE_PROVIDER
from core.scenario.schema import InHouseModel, PartnerModel, Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Structure:
    """Static shape of a scenario: axes, masks and routing targets (no batch axis)."""

    years: IntArray  # (T,)
    model_names: tuple[str, ...]  # (M,)
    product_names: tuple[str, ...]  # (P,)
    providers: tuple[str, ...]  # (K,), "In-house" first, "Cloud burst" last
    provider_of_model: FloatArray  # (M, K) one-hot
    in_house: BoolArray  # (M,)
    serving: BoolArray  # (T, M) enabled and available that year (F-serving-year)
    late_serving: tuple[tuple[int, str], ...]  # (training year, words): served a year late
    quality: FloatArray  # (P, M) model quality on the product's task
    quality_floor: FloatArray  # (P,)
    in_house_only: FloatArray  # (P,) 1.0 for a product only in-house models may serve
    output_fraction: FloatArray  # (P,)
    tokens_base: FloatArray  # (P,) tokens in the base year
    growth: FloatArray  # (P,)
    fallback_chain: BoolArray  # (P, M) models in the product's fallback list
    fallback_target: FloatArray  # (T, P, M) one-hot: first serving model of the chain
    shift_target: FloatArray  # (T, P, M) one-hot: in-house model that shifted traffic goes to
    generation_names: tuple[str, ...]  # (G,) generations the fleet may hold, the reference first
    generation_rate: FloatArray  # (G, P, M) tokens per GPU-second of each route on each
    generation_peak_ratio: FloatArray  # (G,) peak TFLOP/s over the reference GPU's (training)
    serving_rate: FloatArray  # (2, P, M) generation_rate of the baseline's / selected generation
    route_ttft_s: FloatArray  # (P, M) p95 time to first token of each route
    route_tpot_s: FloatArray  # (P, M) time per output token of each route
    route_slo_reason: (
        IntArray  # (P, M) core.engine.deployment.REASONS index: 0 meets the product's SLO
    )
    generation_slo_reason: IntArray  # (G, P, M) each generation's verdict (0 keeps the promise)
    # (G, P, M, 3) on each generation: p95 time to first token, time per output token and
    # how long a request holds its slot (one array: the held routes take their max at once)
    generation_latency: FloatArray
    generation_slots_per_gpu: FloatArray  # (G, P, M) requests in flight per GPU on each
    route_slots_per_gpu: FloatArray  # (P, M) requests in flight per GPU (0: no queue, partners)
    # (G, P, M) and (P, M): requests one replica decodes at once, the least pool a route has
    generation_replica_slots: FloatArray
    route_replica_slots: FloatArray
    route_request_s: FloatArray  # (P, M) how long a request holds its slot
    ttft_slo_s: FloatArray  # (P,)
    tpot_slo_s: FloatArray  # (P,)
    peak_to_average: FloatArray  # (P,) busy hour over the average hour
    week_load: FloatArray  # (P, 168) each hour of a week over the average (F-load-curve)
    training_in_valleys: bool  # training runs in the fleet's spare hours
    train_flops: FloatArray  # (T, M) training FLOPs in each year
    cohort_gpu: tuple[str, ...]  # (C,) the generation each cohort was installed as
    cohort_generation: IntArray  # (C, T) index into generation_names, after any refresh
    cohort_age: IntArray  # (C, T) years since installed (C = T + 1, or 1 + T x G with a plan)
    cohort_gpus: FloatArray  # (C,) GPUs a build plan installs (0 for the baseline, the ramp)
    cohort_catalog_capex_usd: FloatArray  # (C,) catalog capex of the installed generation
    cohort_input_price: BoolArray  # (C,) bought at fleet.capex_per_gpu_usd (the selected one)
    cohort_bandwidth_ratio: FloatArray  # (C, T) memory bandwidth over the reference GPU's
    cohort_tdp_w: FloatArray  # (C, T)
    cohort_install_tdp_w: FloatArray  # (C,) TDP of the GPUs a cohort was installed with
    new_generation_tdp_w: float  # TDP of the generation bought from now on
    gpu_schedule: Schedule  # when each cohort's GPUs are bought and charged
    site_schedule: Schedule  # likewise its facility (renewed at the end of its life)
    cohort_refreshed: BoolArray  # (C, T) re-bought (the baseline as the selected generation)
    cohort_renewed_as_selected: BoolArray  # (C,) re-bought as the selected generation, not its own
    ramp_fraction: FloatArray  # (T,) 0 at the start year, 1 from the target year
    planned: bool  # a build plan replaces scale and ramp (docs/model.md#F-build-plan)
    routing_by_year: FloatArray  # (T, P, M) per-year routing (docs/model.md#F-routing-by-year)
    routing_overridden: BoolArray  # (T, P) the year's routing replaces the base routing
    reference_peak_flops: float  # FLOP/s of the reference GPU
    amortization_years: int
    refresh: bool  # a cohort past its life is bought again
    server_power_factor: float
    avg_power_fraction: float
    risk_weights: FloatArray  # (5,) normalized
    # Derived from the fields above by `core.engine.fixed`, once per structure:
    in_service: FloatArray  # (C, T) 1 where the cohort is installed
    generation_in_service: FloatArray  # (C, T x G) 1 where installed, as that generation
    route_speed_ratio: FloatArray  # (P x M, G) each generation's rate over the reference's
    even_speed: FloatArray  # (G,) speed on every in-house route alike (peak ratio without)
    fleet_schedule: Schedule  # the GPUs' and the site's schedules, `stacked` in that order
    elapsed_years: FloatArray  # (T,) years since the start year
    at_input_price: BoolArray  # (C, T) GPUs at fleet.capex_per_gpu_usd, else catalog capex
    in_service_tdp_w: FloatArray  # (C, T) TDP of each cohort's GPU where installed
    site_mw_per_gpu: FloatArray  # (C, T) facility IT MW of each cohort's GPU where installed
    queue_slack_s: FloatArray  # (P, M) the wait for a slot past which a route is late
    busy_hour_slots: FloatArray  # (P, M) slots at the busy hour per GPU-hour of yearly work
    generation_busy_hour_slots: FloatArray  # (G, P, M) likewise on each generation
    meets_slo: FloatArray  # (P, M) 1.0 where route_slo_reason is MEETS, else 0.0
    generation_keeps: BoolArray  # (G, P, M) the generation's deployment keeps the promise
    keeps_alike: bool  # every route keeps or misses its promise on every generation alike
    keeper_sets: FloatArray  # (S, G) the sets of generations a held route may need (F-slo)
    held_within: FloatArray  # (P x M, S) 1 where the route is held to generations in the set
    held_exactly: FloatArray  # (P x M, S) 1 where the route is held to exactly that set
    keeper_children: FloatArray  # (S, S) 1 where set j is a largest proper subset of set k
    keepers_nested: bool  # every two sets nest or are apart (core.engine.keepers)
    shifts: FloatArray  # (T, P, 1) 1 where the in-house shift moves the product's base routing
    any_routing_overridden: bool  # some year has its own routing for some product
    partner: BoolArray  # (M,) not in-house
    partner_serving: BoolArray  # (T, 1, M) a partner serving that year
    serving_share: FloatArray  # (1, T, 1, M) serving as 1.0, else 0.0
    not_serving_share: FloatArray  # (1, T, 1, M) its complement


# The valid range of each number `Inputs` carries: the schema's bounds, with an open bound
# (availability > 0) closed at a small positive value. Sweeps and draws stay inside them.
INPUT_LIMITS: dict[str, tuple[float, float]] = {
    "scale": (1.0, 10.0),
    "baseline_gpus": (1.0, 1e7),
    "capex_per_gpu_usd": (1.0, 1e8),
    "pue": (1.0, 3.0),
    "electricity_usd_per_kwh": (0.0, 2.0),
    "opex_fraction": (0.0, 1.0),
    "fleet_availability": (0.01, 1.0),
    "cloud_burst_usd_per_gpu_hour": (0.0, 1e4),
    "in_house_shift": (0.0, 1.0),
    "price_shock": (0.1, 10.0),
    "demand_growth_multiplier": (0.0, 5.0),
    "mfu_train": (0.01, 1.0),
    "provider_availability": (0.01, 1.0),
    "annual_price_change": (-0.95, 2.0),
    "price_in_per_m": (0.0, 1e4),
    "price_out_per_m": (0.0, 1e4),
    "cost_of_capital": (0.0, 0.5),
    "facility_capex_usd_per_mw": (0.0, 1e9),
    "burst_price_change": (-0.9, 2.0),
    "power_cap_mw": (1e-3, np.inf),
    "software_growth": (0.1, 10.0),
}


@dataclass(frozen=True)
class Inputs:
    """Every number that can vary between evaluations, with a leading batch axis."""

    scale: FloatArray  # (B,)
    baseline_gpus: FloatArray  # (B,)
    capex_per_gpu_usd: FloatArray  # (B,)
    pue: FloatArray  # (B,)
    electricity_usd_per_kwh: FloatArray  # (B,)
    opex_fraction: FloatArray  # (B,)
    fleet_availability: FloatArray  # (B,)
    cloud_burst_usd_per_gpu_hour: FloatArray  # (B,)
    in_house_shift: FloatArray  # (B,)
    price_shock: FloatArray  # (B,)
    demand_growth_multiplier: FloatArray  # (B,)
    routing: FloatArray  # (B, P, M) base shares, rows summing to 1
    mfu_train: FloatArray  # (B, M)
    annual_price_change: FloatArray  # (B, M)
    price_in_per_m: FloatArray  # (B, M)
    price_out_per_m: FloatArray  # (B, M)
    cost_of_capital: FloatArray  # (B,)
    facility_capex_usd_per_mw: FloatArray  # (B,)
    burst_price_change: FloatArray  # (B,)
    power_cap_mw: FloatArray  # (B,) infinite without a cap
    provider_availability: FloatArray  # (B, K) in the order of Structure.providers
    software_factor: FloatArray  # (B, T) in-house serving throughput over the physics' per year
    software_growth: FloatArray  # (B,) a further yearly factor on it (1: none; Monte Carlo)

    @property
    def batch_size(self) -> int:
        """The number of evaluations these inputs describe."""
        return max(len(v) for v in vars(self).values())

    def broadcast(self) -> "Inputs":
        """Every field expanded (as a view) to the full batch size.

        Fields already that size are kept as they are (one scenario: all of them), which
        saves a view per field on every slider move.
        """
        size = self.batch_size
        short = {k: v for k, v in vars(self).items() if len(v) != size}
        if not short:
            return self
        return replace(
            self, **{k: np.broadcast_to(v, (size, *np.shape(v)[1:])) for k, v in short.items()}
        )

    def with_values(self, **arrays: Any) -> "Inputs":
        """A copy with some fields replaced (each a (B, ...) array or a scalar per draw)."""
        return replace(self, **{k: np.asarray(v, dtype=float) for k, v in arrays.items()})


def compile_scenario(scenario: Scenario) -> tuple[Structure, Inputs]:
    """The arrays the kernel works on, for one validated scenario.

    The structure of the last scenario compiled is reused when the next one has the same
    structural parts: a slider drag changes numbers, not the portfolio, and rebuilding
    the structure was a third of each evaluation.
    """
    key = _structure_key(scenario)
    last = _LAST_STRUCTURE[0]
    if last is None or not _same_parts(last[0], key):
        last = (key, _structure(scenario), _portfolio_inputs(scenario))
        _LAST_STRUCTURE[0] = last
    return last[1], _inputs(scenario, last[1].providers, last[2])


# The parts `_structure` reads: objects an edit shares when it leaves them alone (compared
# by identity), and the fleet's structural scalars (compared by value).
StructureKey = tuple[tuple[object, ...], tuple[object, ...]]

# One entry: the key holds its parts alive, so an identity can never be reused by another.
# With it the inputs read from its models and products (`_portfolio_inputs`).
_LAST_STRUCTURE: list[tuple[StructureKey, Structure, dict[str, FloatArray]] | None] = [None]


def _structure_key(s: Scenario) -> StructureKey:
    """Everything `_structure` reads: the shared parts, then the fleet's scalars."""
    f = s.fleet
    shared = (s.horizon, s.models, s.products, s.gpu_catalog, s.risk_weights)
    plan = (s.build_plan, s.routing_by_year)
    scalars = (s.reference_gpu, f.gpu, f.baseline_gpu, f.target_year, f.amortization_years)
    return (*shared, *plan), (
        *scalars,
        f.refresh,
        f.server_power_factor,
        f.avg_power_fraction,
        f.facility_life_years,
        f.training_in_valleys,
        f.wide_expert_parallel,
    )


def _same_parts(old: StructureKey, new: StructureKey) -> bool:
    """Identical shared parts (edits share what they do not change) and equal scalars."""
    return all(a is b for a, b in zip(old[0], new[0], strict=True)) and old[1] == new[1]


def _structure(s: Scenario) -> Structure:
    years = np.asarray(s.horizon.years, dtype=np.int64)
    models, products = s.models, s.products
    names = [m.name for m in models]
    index = {name: i for i, name in enumerate(names)}
    in_house = np.array([m.kind == "in_house" for m in models])
    providers = providers_of(s)
    provider_of_model = np.zeros((len(models), len(providers)))
    provider_of_model[np.arange(len(models)), [providers.index(m.provider) for m in models]] = 1.0
    serving = np.array([[_serves(m, int(t)) for m in models] for t in years])
    quality = np.array([[m.quality[p.task] for m in models] for p in products], dtype=float)
    floor = np.array([p.quality_floor for p in products], dtype=float)
    chain = np.zeros((len(products), len(models)), dtype=bool)
    for i, p in enumerate(products):
        chain[i, [index[name] for name in p.fallback]] = True
    routes = route_arrays(s)
    meets_slo = routes["route_slo_reason"] == MEETS
    reference = s.gpu_spec(s.reference_gpu)
    by_year, overridden = year_routing(s, years)
    fields = dict(
        years=years,
        model_names=tuple(names),
        product_names=tuple(p.name for p in products),
        providers=providers,
        provider_of_model=provider_of_model,
        in_house=in_house,
        serving=serving,
        late_serving=_late_serving(s),
        quality=quality,
        quality_floor=floor,
        in_house_only=np.array([p.in_house_only for p in products], dtype=float),
        output_fraction=np.array([p.output_fraction for p in products], dtype=float),
        tokens_base=np.array([p.tokens_per_year for p in products], dtype=float),
        growth=np.array([p.growth for p in products], dtype=float),
        fallback_chain=chain,
        fallback_target=_fallback_target(s, serving, index),
        shift_target=_shift_target(
            serving, in_house, quality, floor, meets_slo, routes["serving_rate"][1]
        ),
        train_flops=_train_flops(models, years),
        ramp_fraction=_ramp_fraction(s, years),
        planned=s.build_plan is not None,
        generation_names=serving_generations(s),
        routing_by_year=by_year,
        routing_overridden=overridden,
        reference_peak_flops=reference.peak_tflops * 1e12,
        amortization_years=s.fleet.amortization_years,
        refresh=s.fleet.refresh,
        server_power_factor=s.fleet.server_power_factor,
        avg_power_fraction=s.fleet.avg_power_fraction,
        risk_weights=_risk_weights(s),
        week_load=week_load(np.array([p.peak_to_average for p in products], dtype=float)),
        training_in_valleys=s.fleet.training_in_valleys,
        **routes,
        **cohort_arrays(s, years),
    )
    return _frozen(Structure(**fields, **fixed_arrays(fields)))


def providers_of(s: Scenario) -> tuple[str, ...]:
    """In-house first, partners by name, Cloud burst last: the kernel's provider axis."""
    partners = sorted({m.provider for m in s.models} - {IN_HOUSE_PROVIDER})
    return (IN_HOUSE_PROVIDER, *partners, CLOUD_BURST_PROVIDER)


def _frozen(structure: Structure) -> Structure:
    """`structure` with every array read-only: it is shared between evaluations."""
    for value in vars(structure).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return structure


def _serves(model: InHouseModel | PartnerModel, year: int) -> bool:
    if isinstance(model, InHouseModel):
        return model.enabled and model.first_serving_year <= year
    return model.enabled


def _late_serving(s: Scenario) -> tuple[tuple[int, str], ...]:
    """(training year, words) of each enabled model set to serve in its training year.

    Only when that year is in the horizon: elsewhere serving a year later changes nothing.
    """
    return tuple(
        (m.first_serving_year - 1, m.late_words)
        for m in s.models
        if isinstance(m, InHouseModel)
        and m.enabled
        and m.late_words is not None
        and m.first_serving_year - 1 in s.horizon.years
    )


def _fallback_target(s: Scenario, serving: BoolArray, index: dict[str, int]) -> FloatArray:
    """One-hot (T, P, M): the first model of each product's chain serving that year."""
    target = np.zeros((serving.shape[0], len(s.products), serving.shape[1]))
    for p, product in enumerate(s.products):
        chain = [index[name] for name in product.fallback]
        for t in range(serving.shape[0]):
            first = next((m for m in chain if serving[t, m]), None)
            if first is not None:
                target[t, p, first] = 1.0
    return target


def _shift_target(
    serving: BoolArray,
    in_house: BoolArray,
    quality: FloatArray,
    floor: FloatArray,
    meets_slo: BoolArray,
    rate: FloatArray,
) -> FloatArray:
    """One-hot (T, P, M): the cheapest serving in-house model meeting floor and SLO, else the best.

    Scores: a model meeting both scores in (2, 3], higher for more tokens per GPU-second
    on the new generation; any other scores quality / 101 in [0, 1); so argmax picks by
    the rule of docs/model.md#F-routing.
    """
    candidate = serving[:, None, :] & in_house[None, None, :]  # (T, 1, M)
    meets = (quality >= floor[:, None]) & meets_slo  # (P, M)
    fastest = rate.max(axis=1, where=in_house[None, :], initial=0.0, keepdims=True)  # (P, 1)
    speed = np.divide(rate, fastest, out=np.zeros_like(rate), where=fastest > 0)  # (P, M) in [0, 1]
    score = np.where(meets, 2.0 + speed, quality / 101.0)[None, :, :]
    score = np.where(candidate, score, -np.inf)
    best = np.argmax(score, axis=2)  # (T, P)
    target = np.zeros(score.shape)
    np.put_along_axis(target, best[..., None], 1.0, axis=2)
    return target * candidate.any(axis=2, keepdims=True)


def _train_flops(models: tuple[InHouseModel | PartnerModel, ...], years: IntArray) -> FloatArray:
    flops = np.zeros((len(years), len(models)))
    for m, model in enumerate(models):
        if isinstance(model, InHouseModel) and model.enabled and model.train_year is not None:
            flops[:, m] = np.where(years == model.train_year, training_flops(model), 0.0)
    return flops


def training_flops(model: InHouseModel) -> float:
    """6 x active parameters x training tokens (the 6ND rule)."""
    return 6.0 * model.active_params * model.train_tokens


def _ramp_fraction(s: Scenario, years: IntArray) -> FloatArray:
    span = s.fleet.target_year - s.horizon.start_year
    if span <= 0:
        return np.ones(len(years))
    return np.clip((years - s.horizon.start_year) / span, 0.0, 1.0)


def _risk_weights(s: Scenario) -> FloatArray:
    w = s.risk_weights
    weights = np.array(
        [w.external_share, w.concentration, w.outage, w.price_shock, w.compute_dependency],
        dtype=float,
    )
    normalized: FloatArray = weights / w.total()
    return normalized


def _portfolio_inputs(s: Scenario) -> dict[str, FloatArray]:
    """The inputs read from the models and the products: per-model numbers, base routing.

    Kept with the structure, whose key holds the same models and products, and read-only:
    every evaluation of that structure shares them.
    """
    fields = [m.__dict__ for m in s.models]  # a field another kind lacks takes `default`

    def per_model(field: str, default: float) -> FloatArray:
        return np.array([[f.get(field, default) for f in fields]], dtype=float)

    routing = np.array(
        [[p.routing.get(m.name, 0.0) for m in s.models] for p in s.products], dtype=float
    )
    arrays = {
        "routing": (routing / routing.sum(axis=1, keepdims=True))[None],
        "mfu_train": per_model("mfu_train", 1.0),
        "annual_price_change": per_model("annual_price_change", 0.0),
        "price_in_per_m": per_model("price_in_per_m", 0.0),
        "price_out_per_m": per_model("price_out_per_m", 0.0),
    }
    for value in arrays.values():
        value.flags.writeable = False
    return arrays


def _inputs(s: Scenario, providers: tuple[str, ...], portfolio: dict[str, FloatArray]) -> Inputs:
    fleet = s.fleet
    return Inputs(
        scale=np.array([fleet.scale]),
        baseline_gpus=np.array([float(fleet.baseline_gpus)]),
        capex_per_gpu_usd=np.array([fleet.capex_per_gpu_usd]),
        pue=np.array([fleet.pue]),
        electricity_usd_per_kwh=np.array([fleet.electricity_usd_per_kwh]),
        opex_fraction=np.array([fleet.opex_fraction]),
        fleet_availability=np.array([fleet.availability]),
        cloud_burst_usd_per_gpu_hour=np.array([fleet.cloud_burst_usd_per_gpu_hour]),
        in_house_shift=np.array([s.levers.in_house_shift]),
        price_shock=np.array([s.levers.price_shock]),
        demand_growth_multiplier=np.array([s.levers.demand_growth_multiplier]),
        cost_of_capital=np.array([fleet.cost_of_capital]),
        facility_capex_usd_per_mw=np.array([fleet.facility_capex_usd_per_mw]),
        burst_price_change=np.array([fleet.burst_price_change]),
        power_cap_mw=np.array([np.inf if fleet.power_cap_mw is None else fleet.power_cap_mw]),
        provider_availability=np.array([[s.availability_of(k) for k in providers]]),
        **portfolio,
        software_factor=_software_path(s),
        software_growth=np.ones(1),
    )


def _software_path(s: Scenario) -> FloatArray:
    """(1, T) the scenario's software factor per year (docs/model.md#F-software-drift)."""
    if not s.software_factor:
        return np.ones((1, len(s.horizon.years)))
    return np.array([[s.software_factor_in(year) for year in s.horizon.years]])
