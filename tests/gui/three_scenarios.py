"""The file Compare's tests open: the baseline, a B200 build and a price shock with a long name."""

from pathlib import Path

import core
from core.scenario.edits import with_changes

LONG = "A partner price shock twice as bad as feared"


def open_three(window, tmp_path: Path) -> None:
    """Open the three scenarios in the dashboard `window` (a long name tests the columns)."""
    base = core.default_scenario()
    b200 = with_changes(base, {"name": "B200 build", "fleet.scale": 2.0, "fleet.gpu": "B200"})
    shocked = with_changes(base, {"name": LONG, "levers.price_shock": 2.0})
    path = tmp_path / "three.scaledeck.json"
    core.save_workbook(core.make_workbook(base, (b200, shocked)), path)
    assert window.files.open_file(path)
