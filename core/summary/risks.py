"""Top risks for a reader who was not in the room: grouped over years, ranked by dollars.

The flags say one thing per year ("2026: ... HHI 4,369"); a brief or a deck says it once
("partner HHI 4,146-4,369 in every year") with what is at stake in dollars, largest
first (docs/model.md#F-top-risks). Each stake is a sum over its years as paid, not
discounted, and says so: beside a present cost it read as one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from core.engine.compiled import FloatArray
from core.engine.generations import fleet_work
from core.engine.load_curve import bought_gpu_hours
from core.engine.results import BUDGETS, Results, over_budget_usd, top_outside
from core.scenario.schema import BudgetKind
from core.units import mw_text, percent_past, some_percent, usd_as_set, usd_short, year_runs

# What the risk index's price-shock term measures, for a tooltip or a hover: a partner price
# shock scales its numerator and its reference alike (docs/model.md#F-risk-terms).
PRICE_SHOCK_TERM = (
    "the outside bill over what every served token would cost at its product's cheapest "
    "partner, or, in a year no partner serves, bought as cloud burst (how much of the "
    "traffic is paid for outside); a partner price shock raises both alike, so it does not "
    "move this term: its cost shows in Total cost"
)


@dataclass(frozen=True)
class Risk:
    """One risk over the years it applies: what, where and when, and the dollars at stake."""

    title: str
    detail: str
    usd_at_stake: float
    stake: str  # what the dollars are, in words


def years_text(years: Sequence[int], horizon: Sequence[int]) -> str:
    """'in every year', 'in 2028', 'in 2028 and 2030-2031'."""
    return "in every year" if list(years) == list(horizon) else f"in {_listed(years)}"


def _listed(years: Sequence[int]) -> str:
    """'2028', '2028 and 2030-2031'."""
    parts = year_runs(years)
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def _summed(r: Results, per_year: FloatArray, ts: list[int]) -> tuple[float, str]:
    """The dollars of years `ts` and their words: '$0.18B over 2030-2031, undiscounted'.

    The years named are those with dollars in them, not every year of the group.
    """
    years = [r.years[t] for t in ts if per_year[t] > 0] or [r.years[t] for t in ts]
    total = float(per_year[ts].sum())
    when = f"over {_listed(years)}" if len(years) > 1 else f"in {years[0]}"
    return total, f"{usd_short(total)} {when}, undiscounted"


def span(values: Sequence[float], shown: Callable[[float], str]) -> str:
    """'4,572-5,726', or one figure when they all read the same."""
    low, high = shown(min(values)), shown(max(values))
    if low == high:
        return low
    return f"{low.removesuffix('%') if high.endswith('%') else low}-{high}"  # 57-69%


def top_risks(results: Results) -> list[Risk]:
    """Every risk of the results, grouped, the most dollars at stake first."""
    risks = _year_risks(results) + _product_risks(results)
    return sorted(risks, key=lambda risk: -risk.usd_at_stake)


def _flag_years(results: Results, kind: str) -> list[int]:
    return sorted({flag.year for flag in results.flags if flag.kind == kind})


def _year_risks(r: Results) -> list[Risk]:
    makers: dict[str, Callable[[Results, list[int]], Risk]] = {
        "concentrated": _concentration_risk,
        "shortfall": _shortfall_risk,
        "power_cap": _power_cap_risk,
        "over_power_cap": _over_cap_risk,
    }
    makers |= {terms.flag: partial(_budget_risk, kind) for kind, terms in BUDGETS.items()}
    risks = []
    for kind, make in makers.items():
        years = _flag_years(r, kind)
        if years:
            risks.append(make(r, [r.years.index(year) for year in years]))
    return risks


def _when(r: Results, ts: list[int]) -> str:
    return years_text([r.years[t] for t in ts], r.years)


def _concentration_risk(r: Results, ts: list[int]) -> Risk:
    y = r.yearly
    tops = [top for t in ts if (top := top_outside(r, t))]  # flagged years serve outside
    names = sorted({top.name for top in tops})
    stake, dollars = _summed(r, 0.5 * (y.partner_spend_usd + y.cloud_burst_usd), ts)
    hhi = span([float(y.partner_hhi[t]) for t in ts], _whole)
    return Risk(
        "Outside providers highly concentrated",
        f"partner HHI {hhi} {_when(r, ts)}; {' / '.join(names)} serves "
        f"{span([top.share_of_outside for top in tops], percent_past)} of outside tokens",
        stake,
        f"{dollars}: what a 50% rise in outside prices would add",
    )


def _shortfall_risk(r: Results, ts: list[int]) -> Risk:
    burst, dollars = _summed(r, r.yearly.cloud_burst_usd, ts)
    load = span([float(r.yearly.utilization[t]) for t in ts], percent_past)
    said = f"busy-hour load {load} of the fleet {_when(r, ts)}"
    return Risk("Capacity shortfall", said, burst, f"{dollars}: bought as cloud burst")


def held_back_burst_usd(r: Results) -> FloatArray:
    """(T,) the cloud burst the GPUs the power cap holds back would have served.

    The year's burst less the burst of the same work on the fleet with them installed,
    at their own generation's speed (the kernel's burst, re-run without the cap:
    docs/model.md#F-top-risks). What the cap costs, never more than the year's burst;
    the whole burst of a capped year blamed the cap for burst an uncapped fleet buys too.
    """
    o, s, f = r.outputs, r.structure, r.outputs.fleet
    bought = o.shortfall_gpu_hours[0]
    if not (f.held_back_gpus[0] > 0).any():
        return np.zeros_like(bought)
    gpus = f.generation_gpus.copy()  # the ramp's GPUs are all of its generation
    gpus[..., s.generation_names.index(s.cohort_gpu[-1])] += f.held_back_gpus
    training = o.training_gpu_hours * np.maximum(f.training_factor, 1e-300)[..., None]
    work = fleet_work(s, gpus, o.tokens[..., None] * o.shares, training, o.software_factor)
    per_gpu = f.capacity_gpu_hours / f.gpus  # held back only beside a baseline: gpus > 0
    still = bought_gpu_hours(
        work.inference_gpu_hours.sum(axis=3),
        s.week_load,
        work.training_gpu_hours.sum(axis=2),
        (f.gpus + f.held_back_gpus) * per_gpu,
        s.training_in_valleys,
    )[0]
    reference = bought * f.serving_factor[0]  # burst is priced per reference-GPU hour
    price = np.divide(o.cloud_burst_usd[0], reference, out=np.zeros_like(bought), where=bought > 0)
    result: FloatArray = o.cloud_burst_usd[0] - still * work.reference_per_hour[0] * price
    return result


def _power_cap_risk(r: Results, ts: list[int]) -> Risk:
    """What the cap costs: the burst the GPUs it holds back would have served."""
    burst, dollars = _summed(r, held_back_burst_usd(r), ts)
    held = span([float(r.yearly.held_back_gpus[t]) for t in ts], _whole)
    said = f"the site's power cap holds back {held} GPUs {_when(r, ts)}"
    stake = (
        f"{dollars}: the cloud burst they would have served (within the capacity shortfall's)"
        if burst > 0
        else "no cloud burst: the fleet copes without them"
    )
    return Risk("Power cap", said, burst, stake)


def _budget_risk(kind: BudgetKind, r: Results, ts: list[int]) -> Risk:
    """A budget passed, at the dollars over it (docs/model.md#F-top-risks)."""
    terms, over = BUDGETS[kind], over_budget_usd(r, kind)
    values = r.series(terms.kpi)[ts]
    stake, dollars = _summed(r, over, ts)
    said = (
        f"{terms.figure} {span(list(values), usd_short)} {_when(r, ts)}, against a "
        f"{terms.name} of {span(list(values - over[ts]), usd_as_set)}"
    )
    return Risk(f"Over the {terms.name}", said, stake, f"{dollars}: above the budget")


def _over_cap_risk(r: Results, ts: list[int]) -> Risk:
    """The site needs more power than its cap gives: no dollars the model can put on it."""
    site = r.yearly.facility_mw[ts]
    cap = site - r.outputs.fleet.over_cap_mw[0, ts]
    said = (
        f"the site needs {span([float(v) for v in site], mw_text)} "
        f"{_when(r, ts)}, over its {mw_text(float(cap.min()))} power cap"
    )
    return Risk("Site over its power cap", said, 0.0, "GPUs the site cannot power")


def _whole(value: float) -> str:
    return f"{value:,.0f}"


def _product_risks(r: Results) -> list[Risk]:
    p = r.product_arrays
    risks = []
    for i, name in enumerate(r.structure.product_names):
        kinds = (
            (p.unserved_share[:, i] > 1e-9, "unserved"),
            (p.under_floor_share[:, i] > 1e-9, "under_floor"),  # tokens on a model under it
            (p.slo_breach_share[:, i] > 1e-9, "slo"),
        )
        for mask, kind in kinds:
            ts = [int(t) for t in np.nonzero(mask)[0]]
            if ts:
                risks.append(_product_risk(r, i, name, kind, ts))
    return risks


def _product_risk(r: Results, i: int, name: str, kind: str, ts: list[int]) -> Risk:
    p = r.product_arrays
    when = _when(r, ts)
    if kind == "unserved":
        unserved = p.tokens[:, i] * p.unserved_share[:, i]
        prices = r.yearly.cost_per_m_tokens_usd  # per token served: n/a with none
        stake, dollars = _summed(r, unserved * np.nan_to_num(prices, nan=0.0) / 1e6, ts)
        shares = span([float(p.unserved_share[t, i]) for t in ts], some_percent)
        priced = (
            f"{dollars}: to serve it at the year's cost per token"
            if np.isfinite(prices[ts]).any()
            else "no token is served to price it by"  # "$0.00 to serve it" said it was free
        )
        return Risk(
            f"{name}: traffic without a model",
            f"no serving model for {shares} of its traffic {when}",
            stake,
            priced,
        )
    if kind == "under_floor":
        under = span([float(p.under_floor_share[t, i]) for t in ts], some_percent)
        floor = span([float(p.quality_floor[t, i]) for t in ts], lambda q: f"{q:g}")
        stake, dollars = _summed(r, p.cost_usd[:, i] * p.under_floor_share[:, i], ts)
        return Risk(
            f"{name}: under its quality floor",
            f"{under} of its tokens on models under its floor of {floor} {when}",
            stake,
            f"{dollars}: spent on tokens under the floor",
        )
    late = [float(p.slo_breach_share[t, i]) for t in ts]
    stake, dollars = _summed(r, p.cost_usd[:, i] * p.slo_breach_share[:, i], ts)
    return Risk(
        f"{name}: latency promise missed",
        f"{span(late, some_percent)} of its tokens on routes that miss it {when}",
        stake,
        f"{dollars}: spent on late tokens",
    )
