"""Make a product in-house only (data residency): the routing table's tick, `--in-house-only`.

Its partner traffic moves to in-house models that can take it.

`core.scenario.edits.in_house_only_change` moves the shares; this module says which
in-house models take them where the product routes to none (docs/user-guide.md, "Routing
table rule"), which needs the evaluated structure: who serves when, who keeps the
product's latency promise, who meets its quality floor.
"""

from typing import Any

import numpy as np

from core.engine.compiled import Structure, compile_scenario
from core.engine.result_tables import under_floor_routes
from core.scenario.edits import in_house_only_change, product_index
from core.scenario.schema import Scenario


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
