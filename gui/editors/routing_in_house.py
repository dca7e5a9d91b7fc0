"""Ticking a product In-house only in the routing table: one undo step that says what moved.

The schema refuses an in-house-only product routed to, or falling back on, a partner. The
tick alone was therefore refused for every product with a partner in its fallback list,
which nothing in the window edits: five of the six default products could never be made
in-house only. The tick now moves the partner traffic in-house as well
(`core.scenario.edits.in_house_only_change`); Undo puts the routing back.
"""

import numpy as np

from core import ScenarioError
from core.engine.compiled import Structure
from core.engine.result_tables import under_floor_routes
from core.scenario.edits import in_house_only_change
from gui.document import ScenarioDocument


def set_in_house_only(doc: ScenarioDocument, row: int, on: bool) -> bool:
    """Make product `row` in-house only (its partner traffic moved in-house), or clear the flag.

    Clearing moves nothing back: the user routes as they like again, and Undo restores
    the routing the tick changed. A product no in-house model can take is refused in
    words naming it (the status bar), never by a field path.
    """
    shown = doc.shown
    product = shown.scenario.products[row]
    if not on:
        off = {f"products[{row}].in_house_only": False}
        return doc.edit(off, f"{product.name}: in-house only off")
    takers = in_house_takers(shown.results.structure, row)
    try:
        change, text = in_house_only_change(shown.scenario, product.name, takers)
    except ScenarioError as error:
        doc.editRejected.emit(str(error))
        return False
    return doc.edit(change, text)


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
