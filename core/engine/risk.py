"""Dependency counts everything outside: the external share and the five risk terms.

Each term is 0-1 over plausible strategies and moves only for a reason of dependency
(docs/model.md#F-risk-terms): work served outside (partners and cloud burst), how few
outside providers take it, their downtime, the outside bill against a fixed reference,
and the fleet's own work bought as burst. A GPU that sits idle changes none of them.
"""

from dataclasses import dataclass

import numpy as np

from core.engine.compiled import FloatArray, Inputs, Structure
from core.engine.load_curve import hours_above

OUTSIDE_OUTAGE_BUDGET_HOURS = 8.76  # a 99.9% year: all traffic on one 99.8% partner fills it


@dataclass(frozen=True)
class Dependency:
    """The external share per product, the compute dependency and the five terms."""

    external_share: FloatArray  # (B, T, P) partner share + the burst's part of in-house
    compute_dependency: FloatArray  # (B, T) burst GPU-hours over the year's work, 0-1
    provider_tokens: FloatArray  # (B, T, K) tokens each provider serves; burst's on its own
    terms: FloatArray  # (B, T, 5) external, concentration, outage, price shock, compute


Downtime = tuple[FloatArray, FloatArray]  # each provider's (B, K), each model's (B, 1, M)


def downtime(s: Structure, x: Inputs) -> Downtime:
    """The share of a year each provider is down, and each model's (its provider's).

    Computed once per evaluation: the outage term, the degraded hours and the chance a
    product's whole chain is down all read it.
    """
    down = 1.0 - x.provider_availability
    return down, (down @ s.provider_of_model.T)[:, None, :]


def dependency(
    s: Structure,
    down: Downtime,
    routed: FloatArray,
    model_tokens: FloatArray,
    shortfall_gpu_hours: FloatArray,
    work_gpu_hours: tuple[FloatArray, FloatArray, FloatArray],
    outside_usd: FloatArray,
    prices: tuple[FloatArray, FloatArray],
    demand_tokens: FloatArray,
) -> Dependency:
    """Everything outside, from routed tokens (B, T, P, M) and the year's burst (B, T).

    `model_tokens` (B, T, M) are `routed` summed over products; `work_gpu_hours` the
    in-house work by product (B, T, P), the year's, training included, and the fleet's
    capacity (B, T); `prices` each partner model's price per token (B, T, 1, M) and the
    burst's per hour of that work (B, T); `demand_tokens` (B, T, P) the tokens asked
    for, served or not.
    """
    by_product, work, capacity = work_gpu_hours
    bought = np.minimum(1.0, _share(shortfall_gpu_hours, work))
    on_burst = (  # (B, T, P): every product alike at the fleet's share, but for residency
        burst_shares(s, shortfall_gpu_hours, by_product, work, capacity)
        if s.in_house_only.any()
        else np.broadcast_to(bought[..., None], by_product.shape)
    )
    tokens = routed.sum(axis=3)  # (B, T, P)
    own = routed @ s.in_house  # (B, T, P): all in-house, none out
    # Not below 0: all in-house, `tokens - own` is a rounding's -1e-16 (a risk of -0.0).
    outside = np.maximum(tokens - own, 0.0) + on_burst * own
    external = _share(outside, tokens)
    all_tokens = tokens.sum(axis=2)
    on_rented = (on_burst * own).sum(axis=2)  # (B, T) the fleet's tokens served on burst
    served = model_tokens @ s.provider_of_model  # (B, T, K), In-house first, Cloud burst last
    served[..., 0] = np.maximum(served[..., 0] - on_rented, 0.0)  # not a rounding's -1e-16
    served[..., -1] += on_rented
    terms = np.empty((*bought.shape, 5))
    terms[..., 0] = _share(outside.sum(axis=2), all_tokens)
    terms[..., 1] = (_share(served[..., 1:], all_tokens[..., None]) ** 2).sum(axis=2)
    asked = demand_tokens.sum(axis=2)
    terms[..., 2] = _outage(s, down, routed, tokens, on_burst, (all_tokens, asked))
    terms[..., 3] = _price_shock(s, tokens, by_product, prices, outside_usd)
    terms[..., 4] = bought
    return Dependency(external, bought, served, terms)


def burst_shares(
    s: Structure,
    shortfall_gpu_hours: FloatArray,
    by_product: FloatArray,
    work: FloatArray,
    capacity_gpu_hours: FloatArray,
) -> FloatArray:
    """(B, T, P) the share of each product's in-house work bought as cloud burst.

    The fleet keeps an in-house-only product's work (data residency) and bursts the rest
    first: hour by hour over the week, the residency products go to rented GPUs only in
    the hours their own load is more than the whole fleet (docs/model.md#F-external-share).
    """
    resident = by_product * s.in_house_only  # (B, T, P)
    own = hours_above(resident, s.week_load, capacity_gpu_hours)  # (B, T) above the fleet
    kept = resident.sum(axis=2)  # the residency products' work, which the fleet keeps first
    first = np.minimum(1.0, _share(np.maximum(shortfall_gpu_hours - own, 0.0), work - kept))
    last = np.minimum(1.0, _share(own, kept))
    result: FloatArray = np.where(s.in_house_only > 0, last[..., None], first[..., None])
    return result


def _share(part: FloatArray, whole: FloatArray) -> FloatArray:
    """`part / whole`, 0 where `whole` is 0 (`part` has the result's shape)."""
    result: FloatArray = np.divide(part, whole, out=np.zeros(part.shape), where=whole > 0)
    return result


def _outage(
    s: Structure,
    down: Downtime,
    routed: FloatArray,
    tokens: FloatArray,
    on_burst: FloatArray,
    served_and_asked: tuple[FloatArray, FloatArray],
) -> FloatArray:
    """Token-weighted hours a year on an outside provider that is down, over 8.76 h, capped.

    `tokens` (B, T, P) are `routed` (B, T, P, M) summed over models; `on_burst` (B, T, P)
    each product's in-house share on cloud burst; `served_and_asked` (B, T) the tokens
    served and asked for.
    A token no model serves is down all year: with every model off the term is 1, where
    it read 0 (nothing served, nothing down) and the risk index called it safe.
    """
    provider_down, partner_down = down
    burst_down = on_burst[..., None] * provider_down[:, None, None, -1:]  # (B, T, P, 1)
    outside_down = np.where(s.in_house, burst_down, partner_down[:, :, None, :])  # (B,T,P,M)
    down_share = _share((routed * outside_down).sum(axis=3), tokens)
    capped = np.minimum(1.0, down_share * (8760 / OUTSIDE_OUTAGE_BUDGET_HOURS))
    served, asked = served_and_asked
    down_tokens = (capped * tokens).sum(axis=2)
    down_tokens += np.maximum(asked - served, 0.0)  # unserved: never up
    return _share(down_tokens, asked)


def _price_shock(
    s: Structure,
    tokens: FloatArray,
    work_gpu_hours: FloatArray,
    prices: tuple[FloatArray, FloatArray],
    outside_usd: FloatArray,
) -> FloatArray:
    """The outside bill over a fixed reference: every token bought outside at its cheapest.

    That is the cheapest partner serving in the year, or, in a year none serves, the
    in-house work (B, T, P) bought as cloud burst: the only outside price left (a reference
    of 0 made any burst read 1). Neither the fleet's size nor its cost enters: a price
    rise reaches only what is bought.
    """
    price_per_token, burst_usd_per_hour = prices
    cheapest = np.where(s.partner_serving, price_per_token, np.inf).min(axis=3)  # (B, T, P)
    partnered = np.isfinite(cheapest)
    bought_outside = np.where(
        partnered,
        tokens * np.where(partnered, cheapest, 0.0),
        work_gpu_hours * burst_usd_per_hour[..., None],
    )
    reference = bought_outside.sum(axis=2)
    # 1 from the reference up (or with any outside bill and no reference), 0 with no bill;
    # divided only below it, so no subnormal reference overflows.
    result: FloatArray = np.divide(
        outside_usd, reference, out=(outside_usd > 0).astype(float), where=outside_usd < reference
    )
    return result
