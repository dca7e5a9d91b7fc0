"""Typed results: every KPI and table column is a named field with its unit in its name.

A read such as `results.yearly.total_cost_usd` is checked by mypy; a spec that names a
column (a KPI tile, a CLI row, a compared KPI) names it as a `KpiName`, so a typo fails
the type check instead of a demo. `tests/core/engine/test_results_typed.py` keeps each Literal equal
to its dataclass's fields.
"""

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal, get_args

import numpy as np

from core.engine.compiled import BoolArray, FloatArray, Structure
from core.engine.generations import full
from core.engine.kernel import PRICE_SHOCK_TEST, Outputs, queue_waits_s
from core.units import HOURS_PER_YEAR

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

KpiName = Literal[
    "gpus",
    "capacity_gpu_hours",
    "training_gpu_hours",
    "inference_gpu_hours",
    "demand_gpu_hours",
    "busy_hour_inference_gpu_hours",
    "busy_gpu_hours",
    "utilization",
    "busy_share",
    "shortfall_gpu_hours",
    "capital_charge_usd",
    "facility_charge_usd",
    "power_usd",
    "opex_usd",
    "fleet_cost_usd",
    "partner_spend_usd",
    "cloud_burst_usd",
    "total_cost_usd",
    "tokens",
    "cost_per_m_tokens_usd",
    "in_house_cost_per_m_tokens_usd",
    "partner_cost_per_m_tokens_usd",
    "external_token_share",
    "provider_hhi",
    "partner_hhi",
    "effective_providers",
    "outage_exposure_tokens",
    "price_shock_exposure_usd",
    "risk_external_share",
    "risk_concentration",
    "risk_outage",
    "risk_price_shock",
    "risk_compute_dependency",
    "risk_index",
    "training_speed_factor",
    "serving_speed_factor",
    "slo_breach_token_share",
    "under_floor_token_share",
    "facility_mw",
    "held_back_gpus",
    "capex_cash_usd",
    "cash_outlay_usd",
    "degraded_hours",
    "compute_dependency",
]
ProductColumn = Literal[
    "tokens",
    "cost_usd",
    "cost_per_m_tokens_usd",
    "partner_spend_usd",
    "inference_gpu_hours",
    "external_token_share",
    "quality",
    "quality_floor",
    "quality_gap",
    "rerouted_share",
    "unserved_share",
    "chain_down_probability",
    "outage_exposure_tokens",
    "outage_hours",
    "degraded_hours",
    "ttft_p95_s",
    "tpot_p95_ms",
    "ttft_slo_s",
    "tpot_slo_ms",
    "meets_slo",
    "slo_breach_share",
    "under_floor_share",
]
RiskTerm = Literal[
    "risk_external_share",
    "risk_concentration",
    "risk_outage",
    "risk_price_shock",
    "risk_compute_dependency",
]
RISK_TERMS: tuple[RiskTerm, ...] = get_args(RiskTerm)
# The parts of total_cost_usd, bottom to top, as charts, decks and tooltips name them.
COST_PARTS: tuple[tuple[KpiName, str], ...] = (
    ("capital_charge_usd", "GPU capital"),
    ("facility_charge_usd", "Facility"),
    ("power_usd", "Power"),
    ("opex_usd", "Opex"),
    ("partner_spend_usd", "Partner API"),
    ("cloud_burst_usd", "Cloud burst"),
)  # the kernel's risk_terms axis, in order


@dataclass(frozen=True)
class YearSeries:
    """KPIs by year: each field is a (T,) array over the horizon's years."""

    gpus: FloatArray
    capacity_gpu_hours: FloatArray
    training_gpu_hours: FloatArray
    inference_gpu_hours: FloatArray
    demand_gpu_hours: FloatArray  # sized for the busy hour
    busy_hour_inference_gpu_hours: FloatArray  # inference at each product's busy hour
    busy_gpu_hours: FloatArray  # the average hour's inference + training: useful work
    utilization: FloatArray  # demand / capacity
    busy_share: FloatArray  # busy / capacity: the share of the fleet doing useful work
    shortfall_gpu_hours: FloatArray  # bought as cloud burst
    capital_charge_usd: FloatArray  # GPUs: an annuity over their life at the cost of capital
    facility_charge_usd: FloatArray  # the site for their IT power, likewise
    power_usd: FloatArray
    opex_usd: FloatArray
    fleet_cost_usd: FloatArray
    partner_spend_usd: FloatArray
    cloud_burst_usd: FloatArray
    total_cost_usd: FloatArray
    tokens: FloatArray
    cost_per_m_tokens_usd: FloatArray
    in_house_cost_per_m_tokens_usd: FloatArray
    partner_cost_per_m_tokens_usd: FloatArray
    external_token_share: FloatArray
    provider_hhi: FloatArray  # 0-10,000
    partner_hhi: FloatArray  # 0-10,000, outside providers' shares of all tokens squared
    effective_providers: FloatArray  # 10,000 / HHI
    outage_exposure_tokens: FloatArray
    price_shock_exposure_usd: FloatArray
    risk_external_share: FloatArray  # the risk index's terms, each 0-1
    risk_concentration: FloatArray
    risk_outage: FloatArray
    risk_price_shock: FloatArray
    risk_compute_dependency: FloatArray
    risk_index: FloatArray  # 0-100
    training_speed_factor: FloatArray
    serving_speed_factor: FloatArray
    slo_breach_token_share: FloatArray  # tokens on routes missing their product's SLO
    under_floor_token_share: FloatArray  # tokens on routes under their product's quality floor
    facility_mw: FloatArray  # installed IT power x PUE, at full draw
    held_back_gpus: FloatArray  # GPUs the power cap keeps out of the ramp
    capex_cash_usd: FloatArray  # GPUs and facility, paid the year they are bought
    cash_outlay_usd: FloatArray  # capex cash + power + opex + partner spend + burst
    degraded_hours: FloatArray  # products' hours on their fallback, token-weighted
    compute_dependency: FloatArray  # burst GPU-hours over demand GPU-hours

    def named(self, name: KpiName) -> FloatArray:
        """The KPI a spec names."""
        values: FloatArray = getattr(self, name)
        return values


@dataclass(frozen=True)
class ProductArrays:
    """Per product and year: each field is a (T, P) array, products in scenario order."""

    tokens: FloatArray
    cost_usd: FloatArray
    cost_per_m_tokens_usd: FloatArray
    partner_spend_usd: FloatArray
    inference_gpu_hours: FloatArray
    external_token_share: FloatArray
    quality: FloatArray
    quality_floor: FloatArray
    quality_gap: FloatArray  # quality - floor; negative is under the floor
    rerouted_share: FloatArray  # routed to a model not serving yet, so it falls back
    unserved_share: FloatArray  # no serving model in the chain
    chain_down_probability: FloatArray  # every provider of route and fallback down at once
    outage_exposure_tokens: FloatArray
    outage_hours: FloatArray  # chain down probability x 8,760
    degraded_hours: FloatArray  # expected hours a year on the fallback
    ttft_p95_s: FloatArray  # of the routed mix: its slowest model with a share
    tpot_p95_ms: FloatArray
    ttft_slo_s: FloatArray  # the promise
    tpot_slo_ms: FloatArray
    meets_slo: FloatArray  # 1.0 when the routed mix keeps both promises
    slo_breach_share: FloatArray  # of the product's tokens, on routes missing the SLO
    under_floor_share: FloatArray  # of the product's tokens, on models under its floor

    def named(self, name: ProductColumn) -> FloatArray:
        """The column a spec names."""
        values: FloatArray = getattr(self, name)
        return values


@dataclass(frozen=True)
class ModelArrays:
    """Per model and year: each field is a (T, M) array, models in scenario order."""

    tokens: FloatArray
    training_gpu_hours: FloatArray
    inference_gpu_hours: FloatArray
    partner_spend_usd: FloatArray
    serving: FloatArray  # 1.0 in the years the model serves


@dataclass(frozen=True)
class ProviderArrays:
    """Per provider (In-house counted as one) and year: each field is a (T, K) array."""

    spend_usd: FloatArray
    spend_share: FloatArray
    tokens: FloatArray  # served by it: In-house on the fleet, Cloud burst on rented GPUs
    token_share: FloatArray


def columns(table: "DataclassInstance") -> dict[str, FloatArray]:
    """A typed table's fields by name, in declaration order (for DataFrames and JSON)."""
    return {f.name: getattr(table, f.name) for f in fields(table)}


def year_series(o: Outputs, s: Structure) -> YearSeries:
    """The KPIs of draw 0 of `o`."""
    f = o.fleet
    tokens = o.tokens[0].sum(axis=1)
    in_house_tokens = (o.model_tokens[0] * s.in_house).sum(axis=1)
    partner_tokens = (o.model_tokens[0] * ~s.in_house).sum(axis=1)
    partner = o.partner_spend_usd[0].sum(axis=(1, 2))
    risk = o.risk_terms[0]
    return YearSeries(
        gpus=f.gpus[0],
        capacity_gpu_hours=f.capacity_gpu_hours[0],
        training_gpu_hours=o.training_gpu_hours[0].sum(axis=1),
        inference_gpu_hours=o.inference_gpu_hours[0].sum(axis=(1, 2)),
        demand_gpu_hours=o.demand_gpu_hours[0],
        busy_hour_inference_gpu_hours=o.busy_hour_inference_gpu_hours[0],
        busy_gpu_hours=o.busy_gpu_hours[0],
        utilization=o.demand_gpu_hours[0] / f.capacity_gpu_hours[0],
        busy_share=o.busy_gpu_hours[0] / f.capacity_gpu_hours[0],
        shortfall_gpu_hours=o.shortfall_gpu_hours[0],
        capital_charge_usd=f.capital_charge_usd[0],
        facility_charge_usd=f.facility_charge_usd[0],
        power_usd=f.power_usd[0],
        opex_usd=f.opex_usd[0],
        fleet_cost_usd=o.fleet_cost_usd[0],
        partner_spend_usd=partner,
        cloud_burst_usd=o.cloud_burst_usd[0],
        total_cost_usd=o.total_cost_usd[0],
        tokens=tokens,
        # Per token served: unserved demand at $0 made the rest cheaper (F-cost-per-token).
        cost_per_m_tokens_usd=per_million(o.total_cost_usd[0], in_house_tokens + partner_tokens),
        in_house_cost_per_m_tokens_usd=per_million(
            o.fleet_cost_usd[0] + o.cloud_burst_usd[0], in_house_tokens
        ),
        # Over the tokens partners serve: unserved traffic costs nothing and counts nowhere.
        partner_cost_per_m_tokens_usd=per_million(partner, partner_tokens),
        external_token_share=risk[:, 0],
        provider_hhi=o.provider_hhi[0],
        partner_hhi=partner_hhi(o.provider_tokens[0]),
        effective_providers=np.divide(
            10_000.0, o.provider_hhi[0], out=np.zeros_like(tokens), where=o.provider_hhi[0] > 0
        ),
        outage_exposure_tokens=(o.tokens[0] * o.chain_down_probability[0]).sum(axis=1),
        price_shock_exposure_usd=PRICE_SHOCK_TEST * partner,
        risk_external_share=risk[:, 0],
        risk_concentration=risk[:, 1],
        risk_outage=risk[:, 2],
        risk_price_shock=risk[:, 3],
        risk_compute_dependency=risk[:, 4],
        risk_index=o.risk_index[0],
        training_speed_factor=f.training_factor[0],
        serving_speed_factor=f.serving_factor[0],
        slo_breach_token_share=share(o.slo_breach_tokens[0].sum(axis=1), tokens),
        under_floor_token_share=share((o.tokens[0] * under_floor(o, s)).sum(axis=1), tokens),
        facility_mw=f.facility_mw[0],
        held_back_gpus=f.held_back_gpus[0],
        capex_cash_usd=f.capex_cash_usd[0],
        cash_outlay_usd=o.cash_outlay_usd[0],
        degraded_hours=(share(o.tokens[0], tokens[:, None]) * o.degraded_hours[0]).sum(axis=1),
        compute_dependency=o.compute_dependency[0],
    )


def product_arrays(o: Outputs, s: Structure) -> ProductArrays:
    """The per-product tables of draw 0 of `o`."""
    floor = np.broadcast_to(s.quality_floor, o.quality[0].shape)
    tokens = o.tokens[0]
    routed = o.shares[0] > 1e-12  # (T, P, M)
    utilization = o.demand_gpu_hours[0] / o.fleet.capacity_gpu_hours[0]
    latency = o.route_latency
    waits = queue_waits_s(
        latency, o.inference_gpu_hours[:1], utilization[None], o.software_factor[:1]
    )
    ttft_s, tpot_s = (full(v, o.shares)[0] for v in (latency.ttft_s, latency.tpot_s))
    ttft = np.max(ttft_s + waits[0], axis=2, where=routed, initial=-np.inf)
    tpot_ms = np.max(tpot_s * 1000.0, axis=2, where=routed, initial=-np.inf)
    ttft, tpot_ms = (np.where(np.isinf(v), np.nan, v) for v in (ttft, tpot_ms))  # unserved
    ttft_slo = np.broadcast_to(s.ttft_slo_s, ttft.shape)
    tpot_slo_ms = np.broadcast_to(s.tpot_slo_s * 1000.0, ttft.shape)
    within = (ttft <= ttft_slo + 1e-12) & (tpot_ms <= tpot_slo_ms + 1e-9)
    breach = share(o.slo_breach_tokens[0], tokens)  # late for want of GPUs that keep it, too
    return ProductArrays(
        tokens=tokens,
        cost_usd=o.product_cost_usd[0],
        cost_per_m_tokens_usd=per_million(o.product_cost_usd[0], tokens),
        partner_spend_usd=o.partner_spend_usd[0].sum(axis=2),
        inference_gpu_hours=o.inference_gpu_hours[0].sum(axis=2),
        external_token_share=o.external_share[0],
        quality=o.quality[0],
        quality_floor=floor,
        quality_gap=o.quality[0] - floor,
        rerouted_share=o.rerouted_share[0],
        unserved_share=1.0 - o.shares[0].sum(axis=2),
        chain_down_probability=o.chain_down_probability[0],
        outage_exposure_tokens=tokens * o.chain_down_probability[0],
        outage_hours=o.chain_down_probability[0] * HOURS_PER_YEAR,
        degraded_hours=o.degraded_hours[0],
        ttft_p95_s=ttft,
        tpot_p95_ms=tpot_ms,
        ttft_slo_s=ttft_slo,
        tpot_slo_ms=tpot_slo_ms,
        meets_slo=(within & (breach <= 1e-9)).astype(float),
        slo_breach_share=breach,
        under_floor_share=under_floor(o, s),
    )


QUALITY_GAP = 1e-9  # a quality this far under its floor is under it (flags, charts, plan)


def under_floor_routes(s: Structure) -> BoolArray:
    """(P, M) routes whose model scores under the product's quality floor on its task.

    A broken promise for the tokens on it, as a route that misses its latency promise
    (docs/model.md#F-quality): a mix whose mean meets the floor does not mend it.
    """
    result: BoolArray = s.quality < s.quality_floor[:, None] - QUALITY_GAP
    return result


def under_floor(o: Outputs, s: Structure) -> FloatArray:
    """(T, P) share of each product's tokens routed to a model under its floor, draw 0."""
    result: FloatArray = (o.shares[0] * under_floor_routes(s)).sum(axis=2)
    return result


def model_arrays(o: Outputs, s: Structure) -> ModelArrays:
    """The per-model tables of draw 0 of `o`."""
    return ModelArrays(
        tokens=o.model_tokens[0],
        training_gpu_hours=o.training_gpu_hours[0],
        inference_gpu_hours=o.inference_gpu_hours[0].sum(axis=1),
        partner_spend_usd=o.partner_spend_usd[0].sum(axis=1),
        serving=s.serving.astype(float),
    )


def provider_arrays(o: Outputs) -> ProviderArrays:
    """The per-provider tables of draw 0 of `o`."""
    spend, tokens = o.provider_spend_usd[0], o.provider_tokens[0]
    return ProviderArrays(
        spend_usd=spend,
        spend_share=share(spend, spend.sum(axis=1, keepdims=True)),
        tokens=tokens,
        token_share=share(tokens, tokens.sum(axis=1, keepdims=True)),
    )


def partner_hhi(provider_tokens: FloatArray) -> FloatArray:
    """The outside providers' shares of all tokens, in percent, squared and summed (T,).

    The risk index's concentration term on the 0-10,000 scale, in percent so that shares
    of 30, 20 and 10 read 1,800 exactly, as the Merger Guidelines' line is drawn
    (docs/model.md#F-hhi). `provider_tokens` (T, K) has In-house first.
    """
    outside_pct = 100.0 * share(provider_tokens[:, 1:], provider_tokens.sum(axis=1, keepdims=True))
    result: FloatArray = (outside_pct**2).sum(axis=1)
    return result


def share(part: FloatArray, whole: FloatArray) -> FloatArray:
    """Part / whole, 0 where there is nothing."""
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


def per_million(cost_usd: FloatArray, tokens: FloatArray) -> FloatArray:
    """USD per million tokens; not a number under one token (a rounding residue is no basis)."""
    return np.divide(cost_usd * 1e6, tokens, out=np.full_like(tokens, np.nan), where=tokens >= 1.0)
