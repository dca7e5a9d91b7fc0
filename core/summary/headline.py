"""The headline: the year's story in two or three plain sentences (docs/model.md#F-headline).

A pure function of the results and the status thresholds, so the dashboard, the brief,
the deck and `scaledeck evaluate --json` say exactly the same words.
"""

from __future__ import annotations

import numpy as np

from core.engine.result_tables import under_floor_routes
from core.engine.results import Results, floor_miss_words, top_outside
from core.scenario.schema import StatusThresholds
from core.summary.status import hotter_refresh
from core.units import (
    counted,
    gpus_in_an_hour,
    horizon_cost_name,
    percent_past,
    significant,
    some_percent,
    usd_short,
)

SHARE_FLOOR = 1e-9  # shares under this are rounding residue, not traffic


def headline(results: Results, thresholds: StatusThresholds) -> list[str]:
    """One headline per year of the horizon, in the order of `results.years`."""
    return [headline_for(results, year, thresholds) for year in results.years]


def headline_for(results: Results, year: int, thresholds: StatusThresholds) -> str:
    """Cost, the worst broken promise, capacity and dependency of `year`, in words.

    In that order: a window too narrow for the whole cuts the end, and the KPI tiles
    beside it already show the fleet's load and the external share; nothing else on
    screen names the worst breach.
    """
    t = results.years.index(year)
    return " ".join(
        (
            _cost(results, t),
            _worst_breach(results, t),
            _capacity(results, t, thresholds),
            _dependency(results, t),
        )
    )


def _cost(r: Results, t: int) -> str:
    first, last = r.years[0], r.years[-1]
    span = f"{first}-{last}" if last > first else f"{first}"
    this_year = usd_short(float(r.yearly.total_cost_usd[t]))
    return (
        f"{r.years[t]}: {this_year} this year. Present cost {usd_short(r.pv_cost_usd)}, the "
        f"figure to quote ({span} discounted); "
        f"{horizon_cost_name(len(r.years))} {usd_short(r.horizon_cost_usd)} undiscounted."
    )


def _capacity(r: Results, t: int, th: StatusThresholds) -> str:
    """The busy hour's load over the GPUs it is a share of: those available, not installed.

    Utilization divides by the available GPU-hours (installed x availability): "76% of
    15,000 GPUs" read as a share of the whole fleet (docs/model.md#F-headline).
    """
    y = r.yearly
    load, available = float(y.utilization[t]), float(gpus_in_an_hour(y.capacity_gpu_hours[t]))
    said = f"Busy hour: {percent_past(load)} busy, of {counted(available, 'available GPU')}"
    burst = float(y.cloud_burst_usd[t])
    if burst > 0:
        said += f": {usd_short(burst)} of cloud burst."
    elif load < th.utilization_idle:
        said += ", most of the fleet idle."
    else:
        said += ", no cloud burst."
    held = float(y.held_back_gpus[t])
    if held >= 0.5:
        said += f" The site's power cap holds back {counted(held, 'GPU')}"
        refresh = hotter_refresh(r, r.years[t])  # the cap holds back no refresh
        site = f"{significant(y.facility_mw[t], 2)} MW"  # as the Site tile writes it
        said += f"; {refresh}: the site needs {site}." if refresh else "."
    return said


def _dependency(r: Results, t: int) -> str:
    """Who serves the tokens: the share outside, and the provider the partner HHI worries about."""
    external = float(r.yearly.external_token_share[t])
    top = top_outside(r, t)
    if external <= SHARE_FLOOR or top is None:
        served = float(
            (r.product_arrays.tokens[t] * (1.0 - r.product_arrays.unserved_share[t])).sum()
        )
        return "Every served token is served in-house." if served >= 1.0 else "No token is served."
    if top.share_of_outside >= 1.0 - SHARE_FLOOR:
        return f"{top.name} serves {some_percent(external)} of tokens: all that are served outside."
    return (
        f"Partners and cloud burst serve {some_percent(external)} of tokens, "
        f"{top.name} {percent_past(top.share_of_outside)} of them."
    )


def _worst_breach(r: Results, t: int) -> str:
    """The first broken promise of: unserved traffic, data residency, a quality floor, latency.

    Within each, the product with the most tokens breaking it.
    """
    p = r.product_arrays
    names = r.structure.product_names
    unserved = p.unserved_share[t]
    if unserved.max() > SHARE_FLOOR:
        i = int(np.argmax(unserved * p.tokens[t] + unserved))  # the most tokens, then share
        more = _and_more(int((unserved > SHARE_FLOOR).sum()) - 1)
        return (
            f"Worst breach: {names[i]} has no serving model for "
            f"{some_percent(float(unserved[i]))} of its traffic{more}."
        )
    # An in-house-only product's tokens outside run on rented GPUs (only burst reaches it).
    rented = np.where(r.structure.in_house_only > 0, p.external_token_share[t], 0.0)
    if rented.max() > SHARE_FLOOR:
        i = int(np.argmax(rented * p.tokens[t] + rented))
        more = _and_more(int((rented > SHARE_FLOOR).sum()) - 1)
        return (
            f"Worst breach: {names[i]} is in-house only, but "
            f"{some_percent(float(rented[i]))} of its tokens run on rented GPUs "
            f"(cloud burst){more}."
        )
    under = _under_floor(r, t)
    if under:
        return under
    late = p.slo_breach_share[t]
    if late.max() > SHARE_FLOOR:
        i = int(np.argmax(late))
        more = _and_more(int((late > SHARE_FLOOR).sum()) - 1)
        return (
            f"Worst breach: {names[i]} misses its latency promise on "
            f"{some_percent(float(late[i]))} of its tokens{more}."
        )
    return "No promise is broken."


def _under_floor(r: Results, t: int) -> str:
    """The route with the most tokens under its product's quality floor, or nothing.

    A broken promise for those tokens however good the product's mix is on average
    (docs/model.md#F-quality).
    """
    tokens = r.product_arrays.tokens[t][:, None] * r.outputs.shares[0, t]  # (P, M)
    under = np.where(under_floor_routes(r.structure), tokens, 0.0)
    routes = int((under > 0).sum())
    if not routes:
        return ""
    p, m = np.unravel_index(int(np.argmax(under)), under.shape)
    part = float(r.outputs.shares[0, t, p, m])
    more = f" (and {routes - 1} more route{'s' * (routes > 2)})" if routes > 1 else ""
    return (
        f"Worst breach: {r.structure.product_names[p]} has {some_percent(part)} of its tokens on "
        f"{floor_miss_words(r.structure, int(p), int(m))}{more}."
    )


def _and_more(others: int) -> str:
    return f" (and {others} more product{'s' * (others > 1)})" if others > 0 else ""
