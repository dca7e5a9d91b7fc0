"""Ticking a product In-house only in the routing table: one undo step that says what moved.

The schema refuses an in-house-only product routed to, or falling back on, a partner. The
tick alone was therefore refused for every product with a partner in its fallback list,
which nothing in the window edits: five of the six default products could never be made
in-house only. The tick now moves the partner traffic in-house as well
(`core.analysis.in_house.in_house_only`, as the CLI's `--in-house-only`); Undo puts the
routing back.
"""

from core import ScenarioError
from core.analysis.in_house import in_house_only
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
    try:
        change, text = in_house_only(shown.scenario, product.name, shown.results.structure)
    except ScenarioError as error:
        doc.editRejected.emit(str(error))
        return False
    return doc.edit(change, text)
