"""What one evaluation produced: arrays kept as computed, tables built on first use.

Building pandas frames costs more than the whole evaluation, so `Results` keeps the
kernel's arrays and makes each DataFrame lazily (a slider drag reads a few numbers,
an export reads every table).
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from core.compiled import FloatArray, Structure
from core.kernel import HHI_CONCENTRATED, PRICE_SHOCK_TEST, Outputs
from core.numbers import apart

RISK_TERMS = ("risk_external_share", "risk_concentration", "risk_outage", "risk_price_shock")


@dataclass(frozen=True)
class Flag:
    """A warning the dashboard shows, in words: which year, which product, why."""

    year: int
    product: str | None
    kind: str  # "under_floor", "rerouted", "unserved", "shortfall", "concentrated"
    message: str


@dataclass(frozen=True)
class Results:
    """The evaluation of one scenario: KPIs by year, and tables by product, model, provider."""

    scenario_name: str
    structure: Structure
    outputs: Outputs  # batch axis of size 1

    @cached_property
    def years(self) -> list[int]:
        """The horizon's years."""
        return [int(y) for y in self.structure.years]

    def series(self, column: str) -> FloatArray:
        """One KPI over the years (the names of `by_year`'s columns), without building a table."""
        return self.kpis[column]

    def kpi(self, column: str, year: int) -> float:
        """One KPI in one year."""
        return float(self.kpis[column][self.years.index(year)])

    def per_product(self, column: str, year: int) -> FloatArray:
        """One column of `products` for every product in `year`, in product order."""
        values: FloatArray = self.product_columns[column][self.years.index(year)]
        return values

    @cached_property
    def by_year(self) -> pd.DataFrame:
        """KPIs, one row per year (units in the column names)."""
        return pd.DataFrame(self.kpis, index=pd.Index(self.years, name="year"))

    @cached_property
    def products(self) -> pd.DataFrame:
        """Per product and year: tokens, cost, dependency and quality against the floor."""
        return _long(self.product_columns, self.structure.product_names, self.years, "product")

    @cached_property
    def models(self) -> pd.DataFrame:
        """Per model and year: tokens served, GPU-hours, partner spend."""
        s = self.structure
        frame = _long(self.model_columns, s.model_names, self.years, "model")
        provider = np.array(s.providers)[s.provider_of_model.argmax(axis=1)]
        frame.insert(0, "provider", np.repeat(provider, len(self.years)))
        return frame

    @cached_property
    def providers(self) -> pd.DataFrame:
        """Per provider (In-house counted as one) and year: spend and its share."""
        return _long(self.provider_columns, self.structure.providers, self.years, "provider")

    @cached_property
    def kpis(self) -> dict[str, FloatArray]:
        """KPI name -> (T,) array; the columns of `by_year`."""
        o, f = self.outputs, self.outputs.fleet
        tokens = o.tokens[0].sum(axis=1)
        in_house_tokens = (o.model_tokens[0] * self.structure.in_house).sum(axis=1)
        partner_tokens = (o.model_tokens[0] * ~self.structure.in_house).sum(axis=1)
        in_house_cost = o.fleet_cost_usd[0] + o.cloud_burst_usd[0]
        partner = o.partner_spend_usd[0].sum(axis=(1, 2))
        training = o.training_gpu_hours[0].sum(axis=1)
        inference = o.inference_gpu_hours[0].sum(axis=(1, 2))
        columns = {
            "gpus": f.gpus[0],
            "capacity_gpu_hours": f.capacity_gpu_hours[0],
            "training_gpu_hours": training,
            "inference_gpu_hours": inference,
            "demand_gpu_hours": o.demand_gpu_hours[0],
            "utilization": o.demand_gpu_hours[0] / f.capacity_gpu_hours[0],
            "shortfall_gpu_hours": o.shortfall_gpu_hours[0],
            "capex_amortization_usd": f.capex_amortization_usd[0],
            "power_usd": f.power_usd[0],
            "opex_usd": f.opex_usd[0],
            "fleet_cost_usd": o.fleet_cost_usd[0],
            "partner_spend_usd": partner,
            "cloud_burst_usd": o.cloud_burst_usd[0],
            "total_cost_usd": o.total_cost_usd[0],
            "tokens": tokens,
            "cost_per_m_tokens_usd": _per_million(o.total_cost_usd[0], tokens),
            "in_house_cost_per_m_tokens_usd": _per_million(in_house_cost, in_house_tokens),
            # Over the tokens partners serve: unserved traffic costs nothing and counts nowhere.
            "partner_cost_per_m_tokens_usd": _per_million(partner, partner_tokens),
            "external_token_share": o.risk_terms[0, :, 0],
            "provider_hhi": o.provider_hhi[0],
            "partner_hhi": o.partner_hhi[0],
            "effective_providers": np.divide(
                10_000.0, o.provider_hhi[0], out=np.zeros_like(tokens), where=o.provider_hhi[0] > 0
            ),
            "outage_exposure_tokens": (o.tokens[0] * o.chain_down_probability[0]).sum(axis=1),
            "price_shock_exposure_usd": PRICE_SHOCK_TEST * partner,
            **{name: o.risk_terms[0, :, i] for i, name in enumerate(RISK_TERMS)},
            "risk_index": o.risk_index[0],
            "training_speed_factor": f.training_factor[0],
            "serving_speed_factor": f.serving_factor[0],
        }
        return columns

    @cached_property
    def product_columns(self) -> dict[str, FloatArray]:
        """Column name -> (T, P) array; the columns of `products`."""
        o, s = self.outputs, self.structure
        floor = np.broadcast_to(s.quality_floor, o.quality[0].shape)
        tokens = o.tokens[0]
        columns = {
            "tokens": tokens,
            "cost_usd": o.product_cost_usd[0],
            "cost_per_m_tokens_usd": _per_million(o.product_cost_usd[0], tokens),
            "partner_spend_usd": o.partner_spend_usd[0].sum(axis=2),
            "inference_gpu_hours": o.inference_gpu_hours[0].sum(axis=2),
            "external_token_share": o.external_share[0],
            "quality": o.quality[0],
            "quality_floor": floor,
            "quality_gap": o.quality[0] - floor,
            "rerouted_share": o.rerouted_share[0],
            "unserved_share": 1.0 - o.shares[0].sum(axis=2),
            "chain_down_probability": o.chain_down_probability[0],
            "outage_exposure_tokens": tokens * o.chain_down_probability[0],
        }
        return columns

    @cached_property
    def model_columns(self) -> dict[str, FloatArray]:
        """Column name -> (T, M) array; the numeric columns of `models`."""
        o, s = self.outputs, self.structure
        return {
            "tokens": o.model_tokens[0],
            "training_gpu_hours": o.training_gpu_hours[0],
            "inference_gpu_hours": o.inference_gpu_hours[0].sum(axis=1),
            "partner_spend_usd": o.partner_spend_usd[0].sum(axis=1),
            "serving": s.serving.astype(float),
        }

    @cached_property
    def provider_columns(self) -> dict[str, FloatArray]:
        """Column name -> (T, K) array; the columns of `providers`."""
        o, s = self.outputs, self.structure
        spend = o.provider_spend_usd[0]
        total = spend.sum(axis=1, keepdims=True)
        return {
            "spend_usd": spend,
            "spend_share": np.divide(spend, total, out=np.zeros_like(spend), where=total > 0),
            "tokens": o.model_tokens[0] @ s.provider_of_model,
        }

    def effective_routing(self, year: int) -> pd.DataFrame:
        """Shares actually used in `year` (after in-house shift and fallback): products x models."""
        t = self.years.index(year)
        return pd.DataFrame(
            self.outputs.shares[0, t],
            index=pd.Index(self.structure.product_names, name="product"),
            columns=pd.Index(self.structure.model_names, name="model"),
        )

    @cached_property
    def flags(self) -> tuple[Flag, ...]:
        """Every warning, with a sentence saying why."""
        return tuple(_product_flags(self) + _year_flags(self))

    def flags_for(self, year: int) -> list[Flag]:
        """The warnings of one year."""
        return [flag for flag in self.flags if flag.year == year]


def _per_million(cost_usd: FloatArray, tokens: FloatArray) -> FloatArray:
    """USD per million tokens; not a number under one token (a rounding residue is no basis)."""
    return np.divide(cost_usd * 1e6, tokens, out=np.full_like(tokens, np.nan), where=tokens >= 1.0)


def _long(
    columns: dict[str, FloatArray], names: tuple[str, ...], years: list[int], axis: str
) -> pd.DataFrame:
    """A (name, year) long table from (T, N) arrays."""
    index = pd.MultiIndex.from_product([names, years], names=[axis, "year"])
    return pd.DataFrame({k: np.asarray(v).T.reshape(-1) for k, v in columns.items()}, index=index)


def _product_flags(r: Results) -> list[Flag]:
    table = r.products
    flags = []
    for (product, year), quality, floor, rerouted, unserved in zip(
        table.index,
        table.quality,
        table.quality_floor,
        table.rerouted_share,
        table.unserved_share,
        strict=True,
    ):
        name, when = str(product), int(year)
        if quality < floor - 1e-9:
            shown, floor_shown = apart(quality, floor)
            why = f"{name}: quality {shown} is under its floor {floor_shown} in {when}"
            flags.append(Flag(when, name, "under_floor", why))
        if rerouted > 1e-9:
            why = f"{name}: {rerouted:.0%} of traffic goes to models not serving in {when}"
            flags.append(Flag(when, name, "rerouted", why + " and falls back"))
        if unserved > 1e-9:
            why = f"{name}: {unserved:.0%} of traffic has no serving model in its chain in {when}"
            flags.append(Flag(when, name, "unserved", why))
    return flags


def _year_flags(r: Results) -> list[Flag]:
    y = r.by_year
    flags = []
    for year, utilization, shortfall, hhi in zip(
        r.years, y.utilization, y.shortfall_gpu_hours, y.provider_hhi, strict=True
    ):
        if shortfall > 0:
            why = (
                f"{year}: demand is {utilization:.0%} of fleet capacity; "
                f"{shortfall / 1e6:,.1f} M GPU-hours are bought as cloud burst"
            )
            flags.append(Flag(year, None, "shortfall", why))
        if hhi > HHI_CONCENTRATED:
            why = (
                f"{year}: provider HHI {hhi:,.0f} is above {HHI_CONCENTRATED:,} "
                "(highly concentrated, 2023 Merger Guidelines)"
            )
            flags.append(Flag(year, None, "concentrated", why))
    return flags
