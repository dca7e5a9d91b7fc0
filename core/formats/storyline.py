"""What the deck argues: each slide's title is a message computed from the figures.

A title that says "Cost by component" makes the reader find the point; one that says
"Yearly cost rises from $2.10B to $4.50B while cost per million tokens falls" gives it.
Pure text from results (no pptx): the deck draws these words, a test changes a figure
and sees the words follow. Costs are said in the project's words (core.units
`cost_change`, docs/model.md#F-cost-words): "present cost", "saves $X", "costs $X more".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from core.engine.result_tables import KpiName
from core.engine.results import HHI_CONCENTRATED, Results, top_outside
from core.numbers import apart, past
from core.units import (
    RISK_DECIMALS,
    cost_change,
    percent,
    percent_past,
    some_percent,
    usd_short,
    years_text,
)

HALF = (0.4, 0.6)  # an external share this fraction of the reference's "halves" it
GAP = 1e-9  # a share of tokens this small is rounding residue (as the flags read it)


def share_words(before: float, after: float) -> str:
    """How the external share moved, as a verb phrase: 'halves the external share (84% to 42%)'."""
    was, now = percent(before), percent(after)
    if was == now:
        return f"keeps the external share at {now}"
    if before > 0 and HALF[0] <= after / before <= HALF[1]:
        return f"halves the external share ({was} to {now})"
    verb = "cuts" if after < before else "raises"
    return f"{verb} the external share from {was} to {now}"


def comparison_title(results: Results, reference: Results, year: int) -> str:
    """'10x GB200 costs $8.20B more in present cost and halves the external share in 2029 ...'."""
    share: KpiName = "external_token_share"
    before, after = reference.kpi(share, year), results.kpi(share, year)
    said = (
        f"{results.scenario_name} {cost_change(results.pv_cost_usd, reference.pv_cost_usd)} "
        f"in present cost and {share_words(before, after)} in {year}"
    )
    # "but" only after good news: "costs $5B more ... raises the external share ..., but
    # tokens under a floor rise" set one bad outcome against another
    good = results.pv_cost_usd < reference.pv_cost_usd or percent(after) < percent(before)
    joined = ", but" if good else "; and"
    unserved = _unserved_words(results, reference, year, joined)
    return said + (unserved or _floor_words(results, reference, year, joined))


def unserved_share(results: Results, t: int) -> float:
    """The share of year `t`'s tokens no model serves."""
    p = results.product_arrays
    asked = float(p.tokens[t].sum())
    return float((p.tokens[t] * p.unserved_share[t]).sum()) / asked if asked > 0 else 0.0


def _unserved_words(results: Results, reference: Results, year: int, joined: str) -> str:
    """', but it leaves 100% of tokens unserved', or '' when it leaves no more than the other.

    A variant with every model off "saves $17.14B and cuts the external share to 0%": it
    serves nothing, which the title has to say first.
    """
    t = results.years.index(year)
    now, was = unserved_share(results, t), unserved_share(reference, t)
    if now <= was + GAP:
        return ""
    return f"{joined} it leaves {some_percent(now)} of tokens unserved"


def _floor_words(results: Results, reference: Results, year: int, joined: str) -> str:
    """', but PowerPoint's tokens under its quality floor rise from 40% to 100%', or ''.

    `joined` opens it: ", but" after good news, "; and" after none.
    """
    t = results.years.index(year)
    now, was = (
        results.product_arrays.under_floor_share[t],
        reference.product_arrays.under_floor_share[t],
    )
    names = results.structure.product_names
    rising = [i for i in range(len(names)) if now[i] > was[i] + GAP]
    if not rising:
        return ""
    if len(rising) > 1:
        return (
            f"{joined} tokens under a quality floor rise for {_names([names[i] for i in rising])}"
        )
    i = rising[0]
    return (
        f"{joined} {names[i]}'s tokens under its quality floor rise from {percent(float(was[i]))} "
        f"to {percent(float(now[i]))}"
    )


def subject_title(results: Results, reference: Results, year: int) -> str:
    """The title slide's message: against the baseline, or the scenario's own two figures."""
    if results.scenario_name != reference.scenario_name:
        return comparison_title(results, reference, year)
    outside = percent(results.kpi("external_token_share", year))
    return (
        f"{results.scenario_name}: present cost {usd_short(results.pv_cost_usd)}; partners "
        f"and cloud burst serve {outside} of tokens in {year}"
    )


def under_floor(results: Results, year: int) -> list[str]:
    """The products with tokens on a route under their quality floor in `year`.

    A route under the floor breaks the promise for its tokens even when the product's
    mean quality clears it (docs/model.md, issue 26 (4)).
    """
    t, p = results.years.index(year), results.product_arrays
    under = p.under_floor_share[t] > GAP
    return [n for n, u in zip(results.structure.product_names, under, strict=True) if u]


def cost_message(r: Results) -> str:
    """The yearly cost's and the cost per million tokens' way over the horizon."""
    first, last = r.years[0], r.years[-1]
    total = r.series("total_cost_usd")
    return (
        f"Yearly cost {_moves(total[0], total[-1], usd_short)} over {first}-{last} while "
        f"cost per million tokens {unit_cost_moves(r.years, r.series('cost_per_m_tokens_usd'))}"
    )


def unit_cost_moves(years: Sequence[int], per_m_usd: np.ndarray) -> str:
    """How the cost per million tokens moved over the years that serve a token.

    A year that serves none has no such cost: the title read "holds at $nan". 'falls from
    $16.27 in 2029 to $12.00 in 2031 (no token served in 2026-2028)', or 'is n/a: no
    token is served'.
    """
    served = [t for t, v in enumerate(per_m_usd) if math.isfinite(v)]
    if not served:
        return "is n/a: no token is served"
    none = [year for t, year in enumerate(years) if t not in served]
    gap = f" (no token served in {years_text(none)})" if none else ""
    a, b = served[0], served[-1]
    if a == b:
        return f"is {_per_m(per_m_usd[a])} in {years[a]}{gap}"
    ends = None if (a, b) == (0, len(years) - 1) else (years[a], years[b])
    return _moves(per_m_usd[a], per_m_usd[b], _per_m, ends) + gap


def _per_m(usd: float) -> str:
    return f"${usd:,.2f}"


def capacity_message(r: Results) -> str:
    """The years busy-hour demand outgrows the fleet, or that it never does."""
    y = r.yearly
    short = [year for year, d, c in zip(r.years, y.demand_gpu_hours, y.capacity_gpu_hours,
                                          strict=True) if d > c * (1 + GAP)]  # fmt: skip
    if not short:
        return "The fleet covers busy-hour demand in every year: no cloud burst"
    return f"Busy-hour demand outgrows the fleet in {years_text(short)}: the excess is cloud burst"


def latency_message(r: Results, year: int) -> str:
    """How many products miss a latency promise in `year`, named."""
    t = r.years.index(year)
    late = [n for n, ok in zip(r.structure.product_names, r.product_arrays.meets_slo[t],
                               strict=True) if ok < 0.5]  # fmt: skip
    if not late:
        return f"Every product keeps its latency promise in {year}"
    total = len(r.structure.product_names)
    return f"{len(late)} of {total} products miss a latency promise in {year}: {_names(late)}"


def external_message(r: Results, year: int) -> str:
    """The share of tokens served outside in `year`, and the product most outside."""
    t = r.years.index(year)
    shares = r.product_arrays.external_token_share[t]
    said = f"Partners and cloud burst serve {percent(r.kpi('external_token_share', year))} of "
    said += f"tokens in {year}"
    if np.nanmax(shares, initial=0.0) > GAP:
        most, names = _most(r.structure.product_names, shares)
        said += f"; {names} the most ({most})"
    return said


def _most(names: tuple[str, ...], shares: np.ndarray) -> tuple[str, str]:
    """The largest share as shown, and every name that shows it: a tie is no one's alone."""
    most = percent(float(np.nanmax(shares)))
    tied = [n for n, share in zip(names, shares, strict=True) if percent(float(share)) == most]
    return most, "every product" if len(tied) == len(names) > 1 else _names(tied)


def providers_message(r: Results, year: int) -> str:
    """Who serves the most outside tokens in `year` (and takes what of the outside spend)."""
    t = r.years.index(year)
    top = top_outside(r, t)
    if top is None:
        return f"Nothing is served outside in {year}"
    spend = r.provider_arrays.spend_usd[t, 1:]  # outside providers: partners, then Cloud burst
    spent = float(spend.sum())
    share = float(spend[top.provider - 1]) / spent if spent > 0 else 0.0
    paid = f" ({percent(share)} of outside spend)" if spent > 0 else ""  # free partners: none
    hhi = r.kpi("partner_hhi", year)
    level = "highly concentrated" if hhi > HHI_CONCENTRATED else "not highly concentrated"
    return (
        f"{top.name} serves {percent_past(top.share_of_outside)} of outside tokens in {year}"
        f"{paid}: Partner HHI {past(hhi, HHI_CONCENTRATED)}, {level}"
    )


def risk_message(r: Results, reference: Results, year: int) -> str:
    """The risk index in `year`, against the baseline's when the deck is of a variant."""
    risk = r.kpi("risk_index", year)
    if r.scenario_name == reference.scenario_name:
        return f"Risk index {risk:,.{RISK_DECIMALS}f} of 100 in {year}"
    base = reference.kpi("risk_index", year)
    shown, was = apart(risk, base, RISK_DECIMALS)
    said = f"Risk index {shown} of 100 in {year}"
    if shown == was:
        return f"{said}, as the baseline"
    return f"{said}, {'up' if risk > base else 'down'} from the baseline's {was}"


def quality_message(r: Results, year: int) -> str:
    """The products under their quality floor in `year` (the widest gap first), or none.

    Traffic no model serves meets no floor: with every model off the slide said "Every
    product meets its quality floor".
    """
    under = under_floor(r, year)
    if not under:
        return _floors_met(r, year)
    t, p = r.years.index(year), r.product_arrays
    share, names = _most(r.structure.product_names, p.under_floor_share[t])
    most = f"{share} of its tokens" if len(under) == 1 else (
        f"the most, {share} of the tokens of {names}")  # fmt: skip
    return (
        f"{_names(under)} {_verb(under, 'serves', 'serve')} tokens under "
        f"{_verb(under, 'its', 'their')} quality floor in {year}: {most}"
    )


def _floors_met(r: Results, year: int) -> str:
    """Every served token meets its floor: said so, with the products left unserved."""
    t, p = r.years.index(year), r.product_arrays
    names = r.structure.product_names
    unserved = [n for n, u in zip(names, p.unserved_share[t], strict=True) if u > GAP]
    if not unserved:
        return f"Every product meets its quality floor in {year}"
    if len(unserved) == len(names) and (p.unserved_share[t] > 1.0 - GAP).all():
        return f"No token is served in {year}: no model serves any product's traffic"
    return (
        f"Every token served meets its quality floor in {year}, but {_names(unserved)} "
        f"{_verb(unserved, 'has', 'have')} traffic no model serves"
    )


def _moves(
    first: float,
    last: float,
    said: Callable[[float], str],
    years: tuple[int, int] | None = None,
) -> str:
    """'rises from $2.10B to $4.50B', 'falls ...' or 'holds at ...' (`said` formats a value).

    `years` names the two figures' years when they are not the horizon's ends.
    """
    was, now = said(first), said(last)
    if was == now:
        return f"holds at {now}" + (f" over {years[0]}-{years[1]}" if years else "")
    if years:
        was, now = f"{was} in {years[0]}", f"{now} in {years[1]}"
    return f"{'rises' if last > first else 'falls'} from {was} to {now}"


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _verb(names: list[str], one: str, many: str) -> str:
    return one if len(names) == 1 else many
