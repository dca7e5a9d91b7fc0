"""What one evaluation produced: arrays kept as computed, tables built on first use.

Building pandas frames costs more than the whole evaluation, so `Results` keeps the
kernel's arrays and makes each DataFrame lazily (a slider drag reads a few numbers,
an export reads every table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from core.engine.compiled import FloatArray, Structure
from core.engine.deployment import MISSES_TPOT, NO_FIT
from core.engine.generations import full, mix
from core.engine.keepers import kept_share
from core.engine.kernel import Outputs, queue_waits_s
from core.engine.result_tables import (
    KpiName,
    ModelArrays,
    ProductArrays,
    ProductColumn,
    ProviderArrays,
    YearSeries,
    columns,
    model_arrays,
    product_arrays,
    provider_arrays,
    under_floor_routes,
    year_series,
)
from core.numbers import apart, past
from core.scenario.schema import Budget, BudgetKind
from core.units import (
    gpu_hours_short,
    gpus_in_an_hour,
    mw_text,
    percent_past,
    some_percent,
    usd_as_set,
    usd_short,
)

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is built: the first paint builds none


@dataclass(frozen=True)
class Flag:
    """A warning the dashboard shows, in words: which year, which product, why."""

    year: int
    product: str | None
    kind: str  # under_floor, rerouted, unserved, slo_breach, power_cap, over_power_cap,
    # shortfall, concentrated, late_serving, residency, over_cost_budget, over_capex_budget
    message: str


@dataclass(frozen=True)
class Results:
    """The evaluation of one scenario: KPIs by year, and tables by product, model, provider."""

    scenario_name: str
    structure: Structure
    outputs: Outputs  # batch axis of size 1
    budget: Budget = field(default_factory=Budget)  # the scenario's: its flags read it

    @cached_property
    def years(self) -> list[int]:
        """The horizon's years."""
        return [int(y) for y in self.structure.years]

    def series(self, name: KpiName) -> FloatArray:
        """The KPI a spec names, over the years (fields read `yearly` directly)."""
        return self.yearly.named(name)

    def burst_words(self, t: int) -> str:
        """Cloud burst bought in year index `t`, in the hours it is priced by: "884k H100-hours".

        Burst is bought per reference-GPU hour (docs/model.md#F-shortfall); the fleet's own
        hours above it read 44x too few on a GB200 fleet serving MAI-2, beside its dollars.
        """
        shortfall = self.yearly.shortfall_gpu_hours[t] * self.yearly.serving_speed_factor[t]
        return gpu_hours_short(float(shortfall), f"{self.structure.generation_names[0]}-hours")

    def reference_gpus(self, gpu_hours_a_year: FloatArray) -> FloatArray:
        """Fleet GPU-hours a year as reference GPUs busy in one such hour (T,).

        Each fleet GPU counted at its speed on the year's work (docs/model.md#F-busy-hour),
        so a faster generation reads as more capacity, not less demand: the dashboard's
        capacity chart and Compare count alike.
        """
        result: FloatArray = gpus_in_an_hour(gpu_hours_a_year) * self.yearly.serving_speed_factor
        return result

    def kpi(self, name: KpiName, year: int) -> float:
        """The KPI a spec names, in one year."""
        return float(self.yearly.named(name)[self.years.index(year)])

    def per_product(self, column: ProductColumn, year: int) -> FloatArray:
        """The product column a spec names, for every product in `year`, in product order."""
        values: FloatArray = self.product_arrays.named(column)[self.years.index(year)]
        return values

    @cached_property
    def by_year(self) -> pd.DataFrame:
        """KPIs, one row per year (units in the column names)."""
        import pandas as pd

        return pd.DataFrame(columns(self.yearly), index=pd.Index(self.years, name="year"))

    @cached_property
    def products(self) -> pd.DataFrame:
        """Per product and year: tokens, cost, dependency and quality against the floor."""
        names = self.structure.product_names
        return _long(columns(self.product_arrays), names, self.years, "product")

    @cached_property
    def models(self) -> pd.DataFrame:
        """Per model and year: tokens served, GPU-hours, partner spend."""
        s = self.structure
        frame = _long(columns(self.model_arrays), s.model_names, self.years, "model")
        provider = np.array(s.providers)[s.provider_of_model.argmax(axis=1)]
        frame.insert(0, "provider", np.repeat(provider, len(self.years)))
        return frame

    @cached_property
    def providers(self) -> pd.DataFrame:
        """Per provider (In-house counted as one) and year: spend, tokens served, their shares."""
        names = self.structure.providers
        return _long(columns(self.provider_arrays), names, self.years, "provider")

    @cached_property
    def yearly(self) -> YearSeries:
        """KPIs by year, one typed (T,) array each; the columns of `by_year`."""
        return year_series(self.outputs, self.structure)

    @cached_property
    def product_arrays(self) -> ProductArrays:
        """Per product and year, one typed (T, P) array each; the columns of `products`."""
        return product_arrays(self.outputs, self.structure)

    @cached_property
    def model_arrays(self) -> ModelArrays:
        """Per model and year, one typed (T, M) array each; the numeric columns of `models`."""
        return model_arrays(self.outputs, self.structure)

    @cached_property
    def provider_arrays(self) -> ProviderArrays:
        """Per provider and year, one typed (T, K) array each; the columns of `providers`."""
        return provider_arrays(self.outputs)

    @cached_property
    def pv_cost_usd(self) -> float:
        """Present cost: the horizon's cash discounted at the cost of capital, less what is owed."""
        return float(self.outputs.pv_cost_usd[0])

    @property
    def npv_usd(self) -> float:
        """Deprecated alias of `pv_cost_usd`, kept one release (docs/cli.md): a cost, no value."""
        return self.pv_cost_usd

    @cached_property
    def horizon_cost_usd(self) -> float:
        """Total cost summed over the horizon's years (undiscounted)."""
        return float(self.yearly.total_cost_usd.sum())

    def effective_routing(self, year: int) -> pd.DataFrame:
        """Shares actually used in `year` (after in-house shift and fallback): products x models."""
        import pandas as pd

        t = self.years.index(year)
        return pd.DataFrame(
            self.outputs.shares[0, t],
            index=pd.Index(self.structure.product_names, name="product"),
            columns=pd.Index(self.structure.model_names, name="model"),
        )

    @cached_property
    def flags(self) -> tuple[Flag, ...]:
        """Every warning, with a sentence saying why."""
        s = self.structure
        return tuple(
            _product_flags(self)
            + _floor_flags(self)
            + _slo_flags(self)
            + _year_flags(self)
            + _budget_flags(self)
            + [Flag(year, None, "late_serving", words) for year, words in s.late_serving]
        )

    @cached_property
    def late_words(self) -> dict[tuple[int, int, int], str]:
        """Why each route (year, product, model index) breaks its promise for some tokens."""
        return late_words(self)

    def flags_for(self, year: int) -> list[Flag]:
        """The warnings of one year."""
        return [flag for flag in self.flags if flag.year == year]


def _long(
    columns: dict[str, FloatArray], names: tuple[str, ...], years: list[int], axis: str
) -> pd.DataFrame:
    """A (name, year) long table from (T, N) arrays."""
    import pandas as pd

    index = pd.MultiIndex.from_product([names, years], names=[axis, "year"])
    return pd.DataFrame({k: np.asarray(v).T.reshape(-1) for k, v in columns.items()}, index=index)


def _product_flags(r: Results) -> list[Flag]:
    table = r.products
    resident = dict(zip(r.structure.product_names, r.structure.in_house_only > 0, strict=True))
    flags = []
    for (product, year), rerouted, unserved, outside in zip(
        table.index,
        table.rerouted_share,
        table.unserved_share,
        table.external_token_share,
        strict=True,
    ):
        name, when = str(product), int(year)
        if resident[name] and outside > 1e-9:  # only burst reaches it: the others' went first
            why = (
                f"{name} (in-house only): {some_percent(outside)} of its tokens run on cloud burst "
                f"(rented GPUs) in {when}: the fleet cannot hold its work, even with every "
                "other product's work bought first"
            )
            flags.append(Flag(when, name, "residency", why))
        if rerouted > 1e-9:
            why = (
                f"{name}: {some_percent(rerouted)} of traffic goes to models not serving in {when}"
            )
            flags.append(Flag(when, name, "rerouted", why + " and falls back"))
        if unserved > 1e-9:
            lost = some_percent(unserved)
            why = f"{name}: {lost} of traffic has no serving model in its chain in {when}"
            flags.append(Flag(when, name, "unserved", why))
    return flags


def _floor_flags(r: Results) -> list[Flag]:
    """One flag per product, year and model routed a share under the product's quality floor."""
    s = r.structure
    shares = r.outputs.shares[0]  # (T, P, M)
    flags = []
    for t, p, m in zip(*np.nonzero((shares > 1e-9) & under_floor_routes(s)), strict=True):
        product, year = s.product_names[p], r.years[t]
        text = (
            f"{product}: {some_percent(shares[t, p, m])} of traffic on {floor_miss_words(s, p, m)}"
        )
        flags.append(Flag(year, product, "under_floor", f"{text}, in {year}"))
    return flags


def floor_miss_words(s: Structure, p: int, m: int) -> str:
    """Route (p, m) against its product's floor: "MAI-1, quality 80 under its floor 85"."""
    quality, floor_value = float(s.quality[p, m]), float(s.quality_floor[p])
    whole = quality.is_integer() and floor_value.is_integer()
    shown, floor = apart(quality, floor_value, decimals=0 if whole else 1)
    return f"{s.model_names[m]}, quality {shown} under its floor {floor}"


def _slo_flags(r: Results) -> list[Flag]:
    """One flag per product, year and model routed a share that misses the product's SLO."""
    s, shares = r.structure, r.outputs.shares[0]  # (T, P, M)
    flags = []
    for (t, p, m), why in r.late_words.items():
        if shares[t, p, m] > 1e-9:
            product, model, year = s.product_names[p], s.model_names[m], r.years[t]
            share = some_percent(shares[t, p, m])
            text = f"{product}: {share} of traffic on {model}, which {why}, in {year}"
            flags.append(Flag(year, product, "slo_breach", text))
    return flags


def late_words(r: Results) -> dict[tuple[int, int, int], str]:
    """Why each route (year, product, model) that breaks its promise for some tokens does.

    Kept on no generation; kept only on generations with too few GPUs; or held up in the
    busy hour's queue (docs/model.md#F-slo), in that order.
    """
    s, o = r.structure, r.outputs
    utilization = o.demand_gpu_hours[:1] / o.fleet.capacity_gpu_hours[:1]
    waits = queue_waits_s(
        o.route_latency, o.inference_gpu_hours[:1], utilization, o.software_factor[:1]
    )[0]
    share = mix(o.fleet.generation_gpus[:1])
    kept = kept_share(s, share, o.inference_gpu_hours[:1], o.fleet.capacity_gpu_hours[:1])
    kept = full(kept, o.shares)[0]
    words = {}
    for t, p, m in zip(*np.nonzero(full(o.on_time_share, o.shares)[0] < 1.0 - 1e-9), strict=True):
        if not s.generation_keeps[:, p, m].any():
            why = slo_miss_words(s, int(p), int(m))
        elif kept[t, p, m] < 1.0 - 1e-9:
            why = _keepers_words(r, int(p), int(m), float(kept[t, p, m]))
        else:
            why = _queue_words(r, int(t), float(waits[t, p, m]), int(p), int(m))
        words[int(t), int(p), int(m)] = why
    return words


def _keepers_words(r: Results, p: int, m: int, on_time: float) -> str:
    """Why a route some generations keep misses its promise: too few of them in service."""
    s = r.structure
    names = [n for g, n in enumerate(s.generation_names) if s.generation_keeps[g, p, m]]
    keepers = " or ".join(names)
    if on_time <= 0.0:
        return f"keeps its promise only on {keepers}, which the fleet does not hold"
    return (
        f"keeps its promise only on {keepers}, whose GPUs have the hours for "
        f"{on_time:.0%} of its tokens"
    )


def _queue_words(r: Results, t: int, wait_s: float, p: int, m: int) -> str:
    """Why a route that keeps its promise on an idle fleet misses it at year t's busy hour."""
    s = r.structure
    utilization = float(r.series("utilization")[t])
    busy = "full" if utilization >= 1.0 else f"{percent_past(utilization)} busy"
    ttft_s = full(r.outputs.route_latency.ttft_s, r.outputs.shares)[0, t, p, m]
    shown, promise = apart(ttft_s + wait_s, s.ttft_slo_s[p], decimals=2)
    return (
        f"waits for a slot at the busy hour (the fleet is {busy}): p95 time to first token "
        f"{shown} s against {promise} s"
    )


def slo_miss_words(s: Structure, p: int, m: int) -> str:
    """Why route (p, m) misses its product's latency promise, with the figures."""
    if s.route_slo_reason[p, m] == NO_FIT:
        return "cannot hold one request's KV cache beside its weights on the fleet's GPUs"
    if s.route_slo_reason[p, m] == MISSES_TPOT:
        shown, promise = apart(s.route_tpot_s[p, m] * 1000.0, s.tpot_slo_s[p] * 1000.0)
        return f"misses the TPOT promise ({shown} ms per token against {promise} ms)"
    shown, promise = apart(s.route_ttft_s[p, m], s.ttft_slo_s[p], decimals=2)
    return f"misses the TTFT promise ({shown} s to first token against {promise} s)"


HHI_CONCENTRATED = 1_800  # "highly concentrated" (2023 DOJ/FTC Merger Guidelines)


@dataclass(frozen=True)
class TopOutside:
    """The outside provider serving the most tokens in a year, as the concentration reads it."""

    name: str
    provider: int  # its index in `Structure.providers` (In-house is 0)
    share_of_outside: float  # of the tokens served outside


def top_outside(r: Results, t: int) -> TopOutside | None:
    """Who serves the most outside tokens in year index `t` (None when nothing is outside)."""
    tokens = r.provider_arrays.tokens[t]
    outside = tokens[1:]  # partners, then Cloud burst
    if outside.sum() <= 0:
        return None
    k = 1 + int(np.argmax(outside))
    return TopOutside(r.structure.providers[k], k, float(tokens[k] / outside.sum()))


def _concentration_words(top: TopOutside, external: float, hhi: float) -> str:
    """The concentration flag's words: they name the provider to worry about."""
    return (
        f"the tokens served outside ({external:.0%} of all) are highly concentrated: "
        f"{top.name} serves {top.share_of_outside:.0%} of them "
        f"(partner HHI {past(hhi, HHI_CONCENTRATED)}, above {HHI_CONCENTRATED:,}; "
        "2023 Merger Guidelines)"
    )


def _over_cap_words(r: Results, year: int) -> str | None:
    """Why the site needs more than its power cap gives in `year`, or None if it does not.

    The cap holds back only the GPUs the ramp adds (docs/model.md#F-power-cap): a baseline
    that already needs more, or is re-bought at the end of its life as a hotter generation,
    takes the site past it, which no tile's colour alone explains.
    """
    t = year - r.years[0]
    over_mw = float(r.outputs.fleet.over_cap_mw[0, t])
    if over_mw < 0.05:  # the figure as shown, to a tenth of a MW
        return None
    s = r.structure
    site_mw = float(r.yearly.facility_mw[t])
    said = f"{year}: the site needs {mw_text(site_mw)}, {mw_text(over_mw)} over its power cap"
    limit = mw_text(site_mw - over_mw)  # a 0.001 MW cap read "0.0 MW"
    if s.cohort_generation[0, t] != s.cohort_generation[0, 0]:  # the baseline re-bought
        hotter = s.generation_names[s.cohort_generation[0, t]]
        return (
            f"{said} of {limit} once the baseline is re-bought as {hotter} at the end of its "
            "life; the cap holds back only GPUs the ramp adds (raise the cap, or keep the "
            "old GPUs: fleet.refresh off)"
        )
    return (
        f"{said} of {limit} with the baseline's {s.cohort_gpu[0]} alone; the cap holds back "
        "only GPUs the ramp adds (raise the cap)"
    )


def _year_flags(r: Results) -> list[Flag]:
    y = r.by_year
    flags = []
    for year, utilization, shortfall, hhi, external, held in zip(
        r.years,
        y.utilization,
        y.shortfall_gpu_hours,
        y.partner_hhi,
        y.external_token_share,
        y.held_back_gpus,
        strict=True,
    ):
        if held >= 0.5:
            then = "their work is bought as cloud burst" if shortfall > 0 else "the fleet copes"
            why = f"{year}: the site's power cap holds back {held:,.0f} GPUs of the ramp; {then}"
            flags.append(Flag(year, None, "power_cap", why))
        if (over := _over_cap_words(r, year)) is not None:
            flags.append(Flag(year, None, "over_power_cap", over))
        if shortfall > 0:
            why = (
                f"{year}: demand is {percent_past(utilization)} of fleet capacity; "
                f"cloud burst buys {r.burst_words(year - r.years[0])}"
            )
            flags.append(Flag(year, None, "shortfall", why))
        # Over 1,800 needs over 42% of the tokens served outside, so `top` is never None.
        if hhi > HHI_CONCENTRATED and (top := top_outside(r, year - r.years[0])):
            why = f"{year}: {_concentration_words(top, external, hhi)}"
            flags.append(Flag(year, None, "concentrated", why))
    return flags


@dataclass(frozen=True)
class BudgetTerms:
    """A budget a year's figure may pass: the KPI it limits, and its flag and words."""

    flag: str  # the flag's kind
    kpi: KpiName
    figure: str  # the KPI, in words
    name: str  # the budget, as the status tiles name it


BUDGETS: dict[BudgetKind, BudgetTerms] = {
    "cost": BudgetTerms("over_cost_budget", "total_cost_usd", "total cost", "cost budget"),
    "capex_cash": BudgetTerms("over_capex_budget", "capex_cash_usd", "capex cash", "capex budget"),
}


def over_budget_usd(r: Results, kind: BudgetKind) -> FloatArray:
    """(T,) dollars over the `kind` budget each year; 0 where inside it or none is set.

    Over is above, as the status tiles judge it (docs/model.md#F-status).
    """
    values = r.series(BUDGETS[kind].kpi)
    limits = [r.budget.of_year(kind, year) for year in r.years]
    return np.array(
        [
            0.0 if cap is None else max(0.0, float(v) - cap)
            for v, cap in zip(values, limits, strict=True)
        ]
    )


def _budget_flags(r: Results) -> list[Flag]:
    """One flag per year and budget passed: the figure, the amount over, and the budget.

    A capex cash of $2.90B a year against a $1.00B budget was said by a tile's colour
    alone: no warning and no top risk, while a power cap holding GPUs back was both.
    """
    flags = []
    for kind, terms in BUDGETS.items():
        values, over = r.series(terms.kpi), over_budget_usd(r, kind)
        for t in np.nonzero(over > 0)[0]:
            value, by = float(values[t]), float(over[t])
            why = (
                f"{r.years[t]}: {terms.figure} {usd_short(value)}, {usd_short(by)} over the "
                f"{terms.name} of {usd_as_set(value - by)}"
            )
            flags.append(Flag(r.years[t], None, terms.flag, why))
    return flags
