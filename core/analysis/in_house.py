"""Make a product in-house only (data residency): the routing table's tick, `--in-house-only`.

Its partner traffic moves to in-house models that can take it.

`core.scenario.edits.in_house_only_change` moves the shares; this module says which
in-house models take them where the product routes to none (docs/user-guide.md, "Routing
table rule"), which needs the evaluated structure: who serves when, who keeps the
product's latency promise, who meets its quality floor; and, once evaluated, what the
move breaks (`in_house_only_breaks`).
"""

from typing import Any

import numpy as np

from core.engine.compiled import FloatArray, Structure, compile_scenario
from core.engine.result_tables import under_floor_routes
from core.engine.results import Results, floor_miss_words
from core.scenario.edits import in_house_only_change, product_index
from core.scenario.schema import Scenario
from core.units import percent, years_text

GAP = 1e-9  # a share of tokens this small is rounding residue (as the flags read it)
MOST = 0.5  # "most of its tokens": more than half


def in_house_only(
    scenario: Scenario, product: str, structure: Structure | None = None
) -> tuple[dict[str, Any], str]:
    """The change making `product` in-house only, and its undo text.

    ScenarioError in words naming the product when no in-house model can take it.
    `structure`: the scenario's, when the caller has it compiled already (the window's).
    """
    s = compile_scenario(scenario)[0] if structure is None else structure
    row = product_index(scenario, product)
    return in_house_only_change(scenario, product, in_house_takers(s, row))


def in_house_takers(s: Structure, row: int) -> list[str]:
    """The in-house models a product routed to none of them goes to, in the scenario's order.

    Those serving in some year of the horizon; of these, the ones keeping the product's
    latency promise if any does; of these, the ones at or over its quality floor if any
    is, else the best scoring (as the in-house shift picks, docs/model.md#F-routing), so
    a coding product goes to the model that can code, not evenly to every model.
    """
    chosen = s.in_house & s.serving.any(axis=0)
    keeps = chosen & (s.meets_slo[row] > 0)
    chosen = keeps if keeps.any() else chosen
    meets = chosen & ~under_floor_routes(s)[row]
    if meets.any():
        chosen = meets
    elif chosen.any():
        chosen &= s.quality[row] >= np.max(s.quality[row], where=chosen, initial=-np.inf)
    return [name for name, taken in zip(s.model_names, chosen, strict=True) if taken]


def in_house_only_breaks(results: Results, product: str) -> list[str]:
    """What an in-house-only `product` breaks in `results`, in words with the years; [] if none.

    The tick moves its traffic even where no in-house model keeps its floor or promise
    (the best scoring takes it, or the fallback until its model serves), and a fleet too
    small for it buys the rest as cloud burst, which is all its external share is once no
    partner may take it: "its quality floor is broken in 2026-2028 (MAI small, quality 55
    under its floor 85)", "most of its tokens are bought as cloud burst in 2029-2031 (96-98%)".
    """
    s = results.structure
    p = s.product_names.index(product)
    shares = results.outputs.shares[0][:, p, :]  # (T, M): after fallback
    floor: dict[str, list[int]] = {}
    for t, m in zip(*np.nonzero((shares > GAP) & under_floor_routes(s)[p]), strict=True):
        floor.setdefault(floor_miss_words(s, p, int(m)), []).append(results.years[t])
    late: dict[str, list[int]] = {}
    for (t, q, m), why in results.late_words.items():
        if q == p and shares[t, m] > GAP:
            late.setdefault(f"{s.model_names[m]}, which {why}", []).append(results.years[t])
    burst = results.product_arrays.external_token_share[:, p]
    most = [t for t, value in enumerate(burst) if value > MOST]
    breaks = [
        f"its {promise} is broken in {_by_years(found)}"
        for promise, found in (("quality floor", floor), ("latency promise", late))
        if found
    ]
    if most:
        years = years_text([results.years[t] for t in most])
        breaks.append(
            f"most of its tokens are bought as cloud burst in {years} ({_span(burst[most])})"
        )
    return breaks


def _by_years(found: dict[str, list[int]]) -> str:
    """'2026-2028 (MAI small, ...) and 2029-2031 (MAI-2, ...)': each reason with its years."""
    return " and ".join(f"{years_text(years)} ({why})" for why, years in found.items())


def _span(shares: FloatArray) -> str:
    """'98%', or '96-98%' when the shares read apart."""
    low, high = percent(float(shares.min())), percent(float(shares.max()))
    return high if low == high else f"{low.removesuffix('%')}-{high}"
