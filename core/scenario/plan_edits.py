"""Edits of a scenario's plan: start a build plan from the ramp, route a year, keep limits.

Each returns the field changes for `core.scenario.edits.with_changes` (one undo step in the GUI),
so the schema and `core.scenario.plan_rules` still judge the result (docs/model.md#F-plan-edits).
"""

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from core.scenario.edits import rebalanced
from core.scenario.schema import Scenario, YearRouting


def planned_by_generation(scenario: Scenario) -> dict[str, int]:
    """GPUs a build plan adds over the horizon by generation, in the plan's order (none: {})."""
    added: dict[str, int] = {}
    for row in scenario.build_plan or ():
        if row.gpus > 0:
            added[row.gpu] = added.get(row.gpu, 0) + row.gpus
    return added


def ramp_build_plan(scenario: Scenario, gpus_by_year: npt.ArrayLike) -> dict[str, Any]:
    """The change that sets a build plan adding what the ramp adds now, so no number jumps.

    `gpus_by_year` is the evaluated fleet (`Results.yearly.gpus`, baseline included, the
    power cap applied). The counts are rounded as a running total: every year the plan's
    fleet is within half a GPU of the ramp's, and equal where the ramp's count is whole.
    All the GPUs added are of `fleet.gpu`, as in the ramp.
    """
    whole = np.rint(np.asarray(gpus_by_year, dtype=float))
    added = np.diff(whole, prepend=float(scenario.fleet.baseline_gpus))
    rows = [
        {"year": year, "gpu": scenario.fleet.gpu, "gpus": int(n)}
        for year, n in zip(scenario.horizon.years, added, strict=True)
        if n > 0
    ]
    return {"build_plan": rows}


def plan_limits_edit(
    scenario: Scenario, power_cap_mw: float | None, capex_budget_usd: float | None
) -> dict[str, Any]:
    """The change that keeps the limits a plan was solved under as the scenario's own.

    A plan solved under a 40 MW cap is only that plan under that cap: kept without it, the
    dashboard judged its 40 MW against no limit. The site power cap becomes
    `fleet.power_cap_mw`; a capex budget the capex cash budget of every year, and a year's
    own budget above it comes down to it (a tighter year stays as the executive set it).
    The plan window's Apply and `scaledeck plan --save` both write a plan with it.
    """
    changes: dict[str, Any] = {}
    if power_cap_mw is not None:
        changes["fleet.power_cap_mw"] = power_cap_mw
    if capex_budget_usd is not None:
        changes["budget.capex_cash_usd_per_year"] = capex_budget_usd
        changes["budget.capex_cash_by_year"] = [
            {"year": row.year, "usd": min(row.usd, capex_budget_usd)}
            for row in scenario.budget.capex_cash_by_year
        ]
    return changes


def routing_in(scenario: Scenario, product: str, year: int) -> Mapping[str, float]:
    """The routing `product` is given in `year`: that year's own, else the base routing."""
    own = next(
        (r.routing for r in scenario.routing_by_year if (r.product, r.year) == (product, year)),
        None,
    )
    if own is not None:
        return own
    return next(p.routing for p in scenario.products if p.name == product)


def year_share_edit(
    scenario: Scenario, product: str, year: int, model: str, share: float, allowed: list[str]
) -> dict[str, Any]:
    """The change setting `model`'s share of `product` in `year` (a fraction, clamped to 0-1).

    The row is the year's own routing, or the base routing copied into a new row for that
    year; the other shares are rebalanced by the routing table's rule (`rebalanced`),
    which drops the models outside `allowed`.
    """
    row = rebalanced(dict(routing_in(scenario, product, year)), model, share, allowed)
    new = {"year": year, "product": product, "routing": row}
    rows = [_row(r) for r in scenario.routing_by_year]
    at = next((i for i, r in enumerate(rows) if (r["product"], r["year"]) == (product, year)), None)
    if at is None:
        rows.append(new)
    else:
        rows[at] = new  # the year keeps its place in the file
    return {"routing_by_year": rows}


def base_routing_edit(
    scenario: Scenario, product: str, years: Collection[int] | None = None
) -> dict[str, Any]:
    """The change that gives `product` its base routing back in `years` (every year if None)."""
    rows = [
        _row(r)
        for r in scenario.routing_by_year
        if r.product != product or (years is not None and r.year not in years)
    ]
    return {"routing_by_year": rows}


def _row(row: YearRouting) -> dict[str, Any]:
    return row.model_dump(mode="json")
