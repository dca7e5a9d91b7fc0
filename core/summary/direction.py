"""Which way is better for a KPI: whether a change between two values is good news.

A change is judged by what the KPI means, never by its sign alone: a cost that falls
is good, and so is less site power (a commitment, as capex cash); a utilization that
moves toward the busy band (50-100%) is good; a GPU count has no better direction, and
neither has the provider HHI (in-house counted as one provider: running everything
in-house is no concentration risk; the partner HHI is).
The compare view colours its deltas with `change_direction`, as their text reads
(`shown_direction`: a change shown "+0 pts" is no change); docs/model.md#direction-of-a-change
states the rules.
"""

import math
from typing import Literal

from core.engine.result_tables import KpiName
from core.units import reads_zero

Direction = Literal["better", "worse", "same", "neutral"]

UTILIZATION_BAND = (0.5, 1.0)  # busy enough to earn its capital, not short of capacity
# Lower is better: money, dependency and risk.
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {
        "total_cost_usd",
        "fleet_cost_usd",
        "partner_spend_usd",
        "cloud_burst_usd",
        "cost_per_m_tokens_usd",
        "external_token_share",
        "partner_hhi",
        "risk_index",
        "outage_exposure_tokens",
        "price_shock_exposure_usd",
        "slo_breach_token_share",
        "under_floor_token_share",
        "cash_outlay_usd",
        "capex_cash_usd",
        "facility_mw",  # site power: a commitment, as capex cash (docs/model.md#F-status)
        "peak_facility_mw",
        "pv_cost_usd",  # the compare's rows over the horizon (core.analysis.compare)
        "horizon_cost_usd",
        "products_late",  # products missing a latency promise
        "products_under_floor",  # products under their quality floor
    }
)


def distance_from_band(utilization: float) -> float:
    """How far a utilization (share) lies outside the 50-100% band; 0 inside it."""
    low, high = UTILIZATION_BAND
    return max(0.0, low - utilization) + max(0.0, utilization - high)


def change_direction(kpi: KpiName | str, reference: float, value: float) -> Direction:
    """Whether moving `kpi` from `reference` to `value` is better, worse, the same, or neutral.

    Neutral: the KPI has no better direction (GPUs, capacity), or a value is not finite.
    """
    if not (math.isfinite(reference) and math.isfinite(value)):
        return "neutral"
    if math.isclose(value, reference, rel_tol=1e-9, abs_tol=1e-12):
        return "same"
    if kpi == "utilization":
        before, after = distance_from_band(reference), distance_from_band(value)
        if math.isclose(before, after, abs_tol=1e-12):
            return "same"
        return "better" if after < before else "worse"
    if kpi in LOWER_IS_BETTER:
        return "better" if value < reference else "worse"
    return "neutral"


def shown_direction(direction: Direction, shown: str) -> Direction:
    """`direction` of a change as its text `shown` reads it: one that reads zero is the same.

    External share 82% against 82% (-0.3 points unrounded) reads "+0 pts": it was green
    as if better. A change too small for its precision is no change, as on the KPI tiles
    (`core.units.reads_zero`).
    """
    return "same" if direction in ("better", "worse") and reads_zero(shown) else direction
