"""Top risks for a reader who was not in the room: grouped over years, ranked by dollars.

The flags say one thing per year ("2026: ... HHI 4,369"); a brief or a deck says it once
("partner HHI 4,146-4,369 in every year") with what is at stake in dollars, largest
first (docs/model.md#F-top-risks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.engine.results import Results, top_outside
from core.units import mw_text, percent_past, some_percent, usd_short, year_runs

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
    if list(years) == list(horizon):
        return "in every year"
    parts = year_runs(years)
    return "in " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0])


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
    makers = {
        "concentrated": _concentration_risk,
        "shortfall": _shortfall_risk,
        "power_cap": _power_cap_risk,
        "over_power_cap": _over_cap_risk,
    }
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
    stake = 0.5 * float((y.partner_spend_usd + y.cloud_burst_usd)[ts].sum())
    hhi = span([float(y.partner_hhi[t]) for t in ts], _whole)
    return Risk(
        "Outside providers highly concentrated",
        f"partner HHI {hhi} {_when(r, ts)}; {' / '.join(names)} serves "
        f"{span([top.share_of_outside for top in tops], percent_past)} of outside tokens",
        stake,
        f"{usd_short(stake)}: what a 50% rise in outside prices would add",
    )


def _shortfall_risk(r: Results, ts: list[int]) -> Risk:
    burst = float(r.yearly.cloud_burst_usd[ts].sum())
    load = span([float(r.yearly.utilization[t]) for t in ts], percent_past)
    said = f"busy-hour load {load} of the fleet {_when(r, ts)}"
    return Risk("Capacity shortfall", said, burst, f"{usd_short(burst)} bought as cloud burst")


def _power_cap_risk(r: Results, ts: list[int]) -> Risk:
    burst = float(r.yearly.cloud_burst_usd[ts].sum())
    held = span([float(r.yearly.held_back_gpus[t]) for t in ts], _whole)
    said = f"the site's power cap holds back {held} GPUs {_when(r, ts)}"
    stake = (
        f"{usd_short(burst)} of cloud burst in those years"
        if burst > 0
        else "no cloud burst: the fleet copes without them"
    )
    return Risk("Power cap", said, burst, stake)


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
        unserved = p.tokens[ts, i] * p.unserved_share[ts, i]
        prices = r.yearly.cost_per_m_tokens_usd[ts]  # per token served: n/a with none
        stake = float((unserved * np.nan_to_num(prices, nan=0.0) / 1e6).sum())
        shares = span([float(p.unserved_share[t, i]) for t in ts], some_percent)
        priced = (
            f"{usd_short(stake)} to serve it at the year's cost per token"
            if np.isfinite(prices).any()
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
        stake = float((p.cost_usd[ts, i] * p.under_floor_share[ts, i]).sum())
        return Risk(
            f"{name}: under its quality floor",
            f"{under} of its tokens on models under its floor of {floor} {when}",
            stake,
            f"{usd_short(stake)} spent on tokens under the floor",
        )
    late = [float(p.slo_breach_share[t, i]) for t in ts]
    stake = float((p.cost_usd[ts, i] * p.slo_breach_share[ts, i]).sum())
    return Risk(
        f"{name}: latency promise missed",
        f"{span(late, some_percent)} of its tokens on routes that miss it {when}",
        stake,
        f"{usd_short(stake)} spent on late tokens",
    )
