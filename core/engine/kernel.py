"""The formulas of docs/model.md over arrays: batch x years x products x models, no Python loops.

Axis letters in comments: B batch, T years, P products, M models, K providers, C cohorts.
Every output keeps the batch axis; `core.engine.evaluate` drops it for a single scenario.
"""

from dataclasses import dataclass, replace

import numpy as np

from core.engine.compiled import BoolArray, FloatArray, Inputs, Structure
from core.engine.generations import (
    Served,
    Work,
    fleet_work,
    generation_gpus,
    mix,
    peak_factor,
)
from core.engine.keepers import kept_share
from core.engine.load_curve import bought_gpu_hours
from core.engine.money import discount_factors, flows
from core.engine.queueing import route_waits_s
from core.engine.risk import Downtime, dependency, downtime
from core.units import HOURS_PER_YEAR

PRICE_SHOCK_TEST = 0.5  # price-shock exposure: every partner price +50%


@dataclass(frozen=True)
class FleetSeries:
    """Owned-cluster series, each (B, T)."""

    gpus: FloatArray
    capacity_gpu_hours: FloatArray
    generation_gpus: FloatArray  # (B, T, G) in service, by generation
    training_factor: FloatArray  # mean peak FLOP/s over the reference's
    serving_factor: FloatArray  # reference-GPU hours per fleet GPU-hour on the year's work
    capital_charge_usd: FloatArray  # GPUs, with the cost of capital
    facility_charge_usd: FloatArray  # the site for their IT power, likewise
    power_usd: FloatArray
    opex_usd: FloatArray
    installed_capex_usd: FloatArray
    capex_cash_usd: FloatArray  # GPUs and facility, paid when bought
    residual_usd: FloatArray  # (B,) present value of charges still due after the horizon
    facility_mw: FloatArray  # installed, at full draw
    held_back_gpus: FloatArray  # the ramp's GPUs the power cap keeps out
    over_cap_mw: FloatArray  # facility power past the cap: GPUs installed before it, or re-bought

    @property
    def cost_usd(self) -> FloatArray:
        """(B, T) the fleet's own cost: capital and facility charges, power and opex."""
        result: FloatArray = (
            self.capital_charge_usd + self.facility_charge_usd + self.power_usd + self.opex_usd
        )
        return result


@dataclass(frozen=True)
class Outputs:
    """Everything the kernel computes; shapes in the comments."""

    fleet: FleetSeries
    tokens: FloatArray  # (B, T, P)
    shares: FloatArray  # (B, T, P, M) effective routing after shift and fallback
    rerouted_share: FloatArray  # (B, T, P) share moved off models not serving that year
    model_tokens: FloatArray  # (B, T, M)
    training_gpu_hours: FloatArray  # (B, T, M) in fleet GPU-hours
    inference_gpu_hours: FloatArray  # (B, T, P, M) in fleet GPU-hours, the average hour's
    demand_gpu_hours: FloatArray  # (B, T) sized for the busy hour: what the fleet must hold
    busy_hour_inference_gpu_hours: FloatArray  # (B, T) inference at each product's busy hour
    busy_gpu_hours: FloatArray  # (B, T) average inference + training: useful work
    shortfall_gpu_hours: FloatArray  # (B, T) the hours above the fleet, bought as burst
    cloud_burst_usd: FloatArray  # (B, T)
    partner_spend_usd: FloatArray  # (B, T, P, M)
    fleet_cost_usd: FloatArray  # (B, T)
    total_cost_usd: FloatArray  # (B, T)
    product_cost_usd: FloatArray  # (B, T, P)
    quality: FloatArray  # (B, T, P)
    external_share: FloatArray  # (B, T, P)
    provider_spend_usd: FloatArray  # (B, T, K)
    provider_tokens: FloatArray  # (B, T, K) served by each; Cloud burst the fleet's rented
    provider_hhi: FloatArray  # (B, T)
    chain_down_probability: FloatArray  # (B, T, P) every provider of route and fallback down
    degraded_hours: FloatArray  # (B, T, P) expected hours a year on the fallback
    compute_dependency: FloatArray  # (B, T) burst GPU-hours over the year's work, 0-1
    risk_terms: FloatArray  # (B, T, 5)
    risk_index: FloatArray  # (B, T)
    cash_outlay_usd: FloatArray  # (B, T) capex when paid + power + opex + partner + burst
    pv_cost_usd: FloatArray  # (B,) present cost: the cash discounted, less what is still owed
    on_time_share: FloatArray  # (B, T, P, M) of each route's tokens, those that keep it
    route_latency: Served  # each route's latency and slots on the GPUs serving it
    software_factor: FloatArray  # (B, T) in-house serving throughput over the physics'

    @property
    def slo_breach_tokens(self) -> FloatArray:
        """(B, T, P) tokens that miss their product's latency promise (docs/model.md#F-slo)."""
        late: FloatArray = (self.tokens[..., None] * self.shares * (1.0 - self.on_time_share)).sum(
            axis=3
        )
        return late


def run(s: Structure, x: Inputs) -> Outputs:
    """Evaluate every formula for every draw of `x` at once."""
    x = x.broadcast()
    fleet = fleet_series(s, x)
    tokens = _tokens(s, x)
    shares, rerouted = effective_shares(s, x)
    routed = tokens[..., None] * shares  # (B, T, P, M)
    model_tokens = routed.sum(axis=2)
    software = software_factor(s, x)
    work = fleet_work(s, fleet.generation_gpus, routed, _training_reference_hours(s, x), software)
    inference, training = work.inference_gpu_hours, work.training_gpu_hours
    fleet = replace(fleet, serving_factor=work.reference_per_hour)
    by_product, busy, peak, demand, shortfall = _load(s, inference, training, fleet)
    utilization = demand / fleet.capacity_gpu_hours
    burst_usd_per_hour = fleet.serving_factor * _burst_price(s, x)  # a reference-GPU hour's
    burst = shortfall * burst_usd_per_hour
    price = _price_per_token(s, x)
    partner = routed * price
    partner_total = partner.sum(axis=(2, 3))
    total = fleet.cost_usd + partner_total + burst
    cash = fleet.capex_cash_usd + fleet.power_usd + fleet.opex_usd + partner_total + burst
    provider_spend = _provider_spend(s, partner, fleet.cost_usd, burst)
    down = downtime(s, x)
    hours, prices = (by_product, busy, fleet.capacity_gpu_hours), (price, burst_usd_per_hour)
    bills = total - fleet.cost_usd, prices
    outside = dependency(s, down, routed, model_tokens, shortfall, hours, *bills, tokens)
    return Outputs(
        fleet=fleet,
        tokens=tokens,
        shares=shares,
        rerouted_share=rerouted,
        model_tokens=model_tokens,
        training_gpu_hours=training,
        inference_gpu_hours=inference,
        demand_gpu_hours=demand,
        busy_hour_inference_gpu_hours=peak,
        busy_gpu_hours=busy,
        shortfall_gpu_hours=shortfall,
        cloud_burst_usd=burst,
        partner_spend_usd=partner,
        fleet_cost_usd=fleet.cost_usd,
        total_cost_usd=total,
        product_cost_usd=_product_cost(partner, by_product, fleet.cost_usd + burst),
        quality=(shares * s.quality).sum(axis=3),
        external_share=outside.external_share,
        provider_spend_usd=provider_spend,
        provider_tokens=outside.provider_tokens,
        provider_hhi=hhi(provider_spend),
        chain_down_probability=_chain_down_probability(s, down, shares),
        degraded_hours=_degraded_hours(s, down, shares, outside.compute_dependency),
        compute_dependency=outside.compute_dependency,
        risk_terms=outside.terms,
        risk_index=100.0 * outside.terms @ s.risk_weights,
        on_time_share=on_time_share(s, work, fleet.capacity_gpu_hours, utilization, software),
        route_latency=work.latency,
        cash_outlay_usd=cash,
        pv_cost_usd=(cash * discount_factors(x.cost_of_capital, s.years)).sum(axis=1)
        - fleet.residual_usd,
        software_factor=software,
    )


def _load(
    s: Structure, inference: FloatArray, training: FloatArray, fleet: FleetSeries
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Each product's hours, the year's work, the busy hour's inference and demand, the burst.

    (B, T, P) inference hours by product; (B, T) the year's work, the busy hour's inference
    and demand in a year's hours, and the hours above the fleet over the week. Training
    in the valleys waits out the busy hour, so the demand is the larger of the busy hour's
    inference and the year's work: over the fleet exactly when burst is bought
    (docs/model.md#F-demand, #F-load-curve).
    """
    by_product, training_total = inference.sum(axis=3), training.sum(axis=2)
    busy = training_total + by_product.sum(axis=2)
    peak_inference = by_product @ s.peak_to_average
    if s.training_in_valleys:
        demand = np.maximum(peak_inference, busy)
    else:
        demand = training_total + peak_inference
    shortfall = bought_gpu_hours(
        by_product, s.week_load, training_total, fleet.capacity_gpu_hours, s.training_in_valleys
    )
    return by_product, busy, peak_inference, demand, shortfall


def queue_waits_s(
    latency: Served, inference: FloatArray, utilization: FloatArray, software: FloatArray
) -> FloatArray:
    """(..., T, P, M) p95 wait for a slot of every route at the busy hour (F-queueing).

    The software factor (..., T) gives a GPU as many more slots as it serves more tokens at
    the same promise: the route's slots are those its work takes at factor 1.
    """
    slots = inference * software[..., None, None]
    slots *= latency.busy_hour_slots
    return route_waits_s(slots, latency.replica_slots, latency.request_s, utilization)


def queued(s: Structure, work: Work, utilization: FloatArray, software: FloatArray) -> BoolArray:
    """(..., T, P, M) routes whose wait for a slot at the busy hour breaks their promise."""
    waits = queue_waits_s(work.latency, work.inference_gpu_hours, utilization, software)
    if s.keeps_alike:  # the selected generation's latency, its slack built once
        return waits > s.queue_slack_s
    result: BoolArray = waits > s.ttft_slo_s[:, None] - work.latency.ttft_s + 1e-12
    return result


def on_time_share(
    s: Structure, work: Work, capacity: FloatArray, utilization: FloatArray, software: FloatArray
) -> FloatArray:
    """(B, T, P, M) the part of each route's tokens that gets its product's promise.

    Served on GPUs that keep it (`core.engine.keepers.kept_share`) and not held up in
    the busy hour's queue (docs/model.md#F-slo, #F-queueing).
    """
    kept = kept_share(s, work.mix, work.inference_gpu_hours, capacity)
    result: FloatArray = np.where(queued(s, work, utilization, software), 0.0, kept)
    return result


def software_factor(s: Structure, x: Inputs) -> FloatArray:
    """(B, T) in-house serving throughput over the physics' (docs/model.md#F-software-drift).

    The scenario's dated factor times a drawn yearly growth (1 but in Monte Carlo),
    compounding from the start year.
    """
    elapsed = (s.years - s.years[0]).astype(float)
    result: FloatArray = x.software_factor * x.software_growth[:, None] ** elapsed[None, :]
    return result


def _provider_spend(
    s: Structure, partner: FloatArray, fleet_cost: FloatArray, burst: FloatArray
) -> FloatArray:
    """Spend per provider (B, T, providers): In-house first, Cloud burst last."""
    spend: FloatArray = partner.sum(axis=2) @ s.provider_of_model
    spend[..., 0] += fleet_cost
    spend[..., -1] += burst  # an outside provider
    return spend


def fleet_series(s: Structure, x: Inputs) -> FleetSeries:
    """GPUs by cohort, capacity, speed factors, the site and the fleet's own money."""
    return fleet_of_counts(s, x, *cohort_counts(s, x))


def fleet_of_counts(
    s: Structure, x: Inputs, count: FloatArray, held_back: FloatArray
) -> FleetSeries:
    """`fleet_series` for given GPUs per cohort (B, C): every money figure is linear in them."""
    in_service = count[:, :, None] * s.in_service  # (B, C, T)
    gpus = count @ s.in_service
    price = np.where(
        s.at_input_price, x.capex_per_gpu_usd[:, None, None], s.cohort_catalog_capex_usd[:, None]
    )
    kw_per_gpu_draw = s.server_power_factor * s.avg_power_fraction / 1000.0
    tdp_w = count @ s.in_service_tdp_w  # (B, T) of every GPU in service
    power_kw = tdp_w * kw_per_gpu_draw * x.pue[:, None]
    bought = np.empty((len(count), 2, *s.in_service.shape))  # (B, 2, C, T) GPUs, their site
    priced = np.multiply(in_service, price, out=bought[:, 0])
    installed_capex = priced.sum(axis=1)
    site_mw = count[:, :, None] * s.site_mw_per_gpu
    np.multiply(site_mw, x.facility_capex_usd_per_mw[:, None, None], out=bought[:, 1])
    money = flows(bought, s.fleet_schedule, x.cost_of_capital)
    charge, cash, residual = money.charge_usd, money.cash_usd, money.residual_usd
    by_generation = generation_gpus(s, count)
    share = mix(by_generation)
    facility_mw = tdp_w * s.server_power_factor * x.pue[:, None] / 1e6
    return FleetSeries(
        gpus=gpus,
        capacity_gpu_hours=gpus * HOURS_PER_YEAR * x.fleet_availability[:, None],
        generation_gpus=by_generation,
        training_factor=peak_factor(s, share),
        # Until `run` knows the year's work: each generation's speed on an even mix.
        serving_factor=share @ s.even_speed,
        capital_charge_usd=charge[:, 0],
        facility_charge_usd=charge[:, 1],
        power_usd=power_kw * HOURS_PER_YEAR * x.electricity_usd_per_kwh[:, None],
        opex_usd=installed_capex * x.opex_fraction[:, None],
        installed_capex_usd=installed_capex,
        capex_cash_usd=cash[:, 0] + cash[:, 1],
        residual_usd=residual[:, 0] + residual[:, 1],
        facility_mw=facility_mw,
        held_back_gpus=held_back,
        over_cap_mw=np.maximum(0.0, facility_mw - x.power_cap_mw[:, None]),
    )


def cohort_counts(s: Structure, x: Inputs) -> tuple[FloatArray, FloatArray]:
    """GPUs installed per cohort (B, C), and those the site's power cap keeps out (B, T).

    A build plan gives the counts (docs/model.md#F-build-plan). The ramp adds GPUs of the
    new generation until the facility power (IT power x PUE) reaches the cap; GPUs once
    installed stay (a refresh to hotter GPUs may pass it).
    """
    base = x.baseline_gpus[:, None]
    if s.planned:
        planned = np.broadcast_to(s.cohort_gpus[1:], (base.shape[0], len(s.cohort_gpus) - 1))
        return np.concatenate([base, planned], axis=1), np.zeros((base.shape[0], len(s.years)))
    wanted = base * (x.scale[:, None] - 1.0) * s.ramp_fraction  # (B, T) GPUs to add
    it_w_per_mw = 1e6 / (s.server_power_factor * x.pue[:, None])
    room_w = x.power_cap_mw[:, None] * it_w_per_mw - base * s.cohort_tdp_w[0]
    fit = np.maximum(0.0, room_w / s.new_generation_tdp_w)
    added = np.maximum.accumulate(np.minimum(wanted, fit), axis=1)
    count = np.empty((len(base), 1 + added.shape[1]))  # the baseline, then each year's GPUs
    count[:, 0], count[:, 1] = x.baseline_gpus, added[:, 0]
    np.subtract(added[:, 1:], added[:, :-1], out=count[:, 2:])
    return count, np.maximum(0.0, wanted - added)


def effective_shares(s: Structure, x: Inputs) -> tuple[FloatArray, FloatArray]:
    """Routing after the in-house shift, then after fallback for models not serving.

    A year with its own routing takes it as it is: the shift moves the base routing only
    (docs/model.md#F-routing-by-year). Returns the shares (B, T, P, M) and the share
    rerouted by fallback (B, T, P).
    """
    shift = x.in_house_shift[:, None, None, None] * s.shifts  # (B, T, P, 1)
    base = x.routing[:, None, :, :]  # (B, 1, P, M): every year alike, unless one has its own
    if s.any_routing_overridden:
        base = np.where(s.routing_overridden[None, :, :, None], s.routing_by_year, base)
    moved = (base @ s.partner)[..., None] * shift  # (B, T, P, 1)
    shares = base * (1.0 - shift * s.partner) + moved * s.shift_target
    rerouted = (shares @ s.not_serving_share[0, :, 0, :, None])[..., 0]  # (B, T, P)
    shares = shares * s.serving_share + rerouted[..., None] * s.fallback_target
    return shares, rerouted


def hhi(spend_usd: FloatArray) -> FloatArray:
    """Herfindahl-Hirschman index of spend shares in percent (0-10,000; 0 with no spend)."""
    total = spend_usd.sum(axis=-1, keepdims=True)
    share_pct = np.divide(100.0 * spend_usd, total, out=np.zeros(spend_usd.shape), where=total > 0)
    result: FloatArray = (share_pct**2).sum(axis=-1)
    return result


def _burst_price(s: Structure, x: Inputs) -> FloatArray:
    """USD per H100-equivalent hour of cloud burst each year (B, T), with its own trend."""
    trend = (1.0 + x.burst_price_change[:, None]) ** s.elapsed_years
    result: FloatArray = x.cloud_burst_usd_per_gpu_hour[:, None] * trend
    return result


def _tokens(s: Structure, x: Inputs) -> FloatArray:
    growth = np.maximum(s.growth * x.demand_growth_multiplier[:, None], -0.99)  # (B, P)
    tokens: FloatArray = s.tokens_base * (1.0 + growth[:, None, :]) ** s.elapsed_years[:, None]
    return tokens


def _training_reference_hours(s: Structure, x: Inputs) -> FloatArray:
    """Reference-GPU hours of each training run in its year (B, T, M)."""
    rate = np.where(s.in_house, x.mfu_train, 1.0) * s.reference_peak_flops * 3600.0
    return s.train_flops / rate[:, None, :]


def _price_per_token(s: Structure, x: Inputs) -> FloatArray:
    """USD per token (B, T, P, M): blended list price x yearly change x shock."""
    blended = (
        x.price_in_per_m[:, None, :] * (1.0 - s.output_fraction[:, None])
        + x.price_out_per_m[:, None, :] * s.output_fraction[:, None]
    ) / 1e6  # (B, P, M)
    drift = (1.0 + x.annual_price_change[:, None, :]) ** s.elapsed_years[:, None]  # (B, T, M)
    price: FloatArray = blended[:, None] * (drift * x.price_shock[:, None, None])[:, :, None, :]
    return price


def _product_cost(partner: FloatArray, hours: FloatArray, fleet_cost: FloatArray) -> FloatArray:
    """Partner spend directly plus the fleet's cost allocated by inference GPU-hours (B, T, P)."""
    total_hours = hours.sum(axis=2, keepdims=True)
    weight = np.divide(hours, total_hours, out=np.zeros(hours.shape), where=total_hours > 0)
    result: FloatArray = partner.sum(axis=3) + weight * fleet_cost[..., None]
    return result


def _chain_down_probability(s: Structure, down: Downtime, shares: FloatArray) -> FloatArray:
    """P(every provider serving the product's route and fallback chain is down at once).

    Models of one provider fail together; providers fail independently of each other.
    """
    chain = ((shares > 0) | s.fallback_chain[None, None]) & s.serving[None, :, None, :]
    in_chain = (chain.astype(float) @ s.provider_of_model) > 0  # (B, T, P, K)
    result: FloatArray = np.where(in_chain, down[0][:, None, None, :], 1.0).prod(axis=3)
    return result


def _degraded_hours(
    s: Structure, down: Downtime, shares: FloatArray, compute_dependency: FloatArray
) -> FloatArray:
    """Hours a year a product runs on its fallback: share x its provider's downtime x 8,760.

    An in-house model's tokens run on cloud burst for the burst share of the fleet's work.
    """
    provider_down, model_down = down
    burst = compute_dependency[..., None]  # (B, T, 1)
    own_down = (1.0 - burst) * model_down + burst * provider_down[:, None, -1:]
    effective = np.where(s.in_house, own_down, model_down)  # (B, T, M)
    result: FloatArray = (shares @ effective[..., None])[..., 0] * HOURS_PER_YEAR
    return result
