"""Compare's tables colour a change as it reads: one shown "+0 pts" is no change.

At 6x the fleet, the 2029 external token share read 82% against 82%, a change of -0.30
points shown "+0 pts" in green as better: the colour came from the unrounded change.
"""

import pytest
from PySide6.QtCore import Qt

from core.analysis.compare import format_change
from core.units import reads_zero

SHARE_ROW = "External token share"


@pytest.fixture
def six_times(scaledeck_window):
    """Compare open on the baseline and a 6x fork, in 2029."""
    window = scaledeck_window
    window.document.fork("Scale 6x")
    window.document.edit({"fleet.scale": 6.0}, "scale")
    dialog = window.show_compare()
    dialog.set_picked(["Baseline", "Scale 6x"])
    dialog.year.setValue(2029)
    dialog.refresh()
    yield dialog
    dialog.close()


def foreground(model, row: int, column: int):
    return model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)


def test_a_one_year_change_that_reads_zero_has_no_colour(six_times):
    model = six_times.model
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row, change = labels.index(SHARE_ROW), heads.index("Scale 6x\nΔ")
    share = {n: six_times.comparison.cell("external_token_share", n, "value") for n in heads[:2]}
    assert share["Baseline"] != share["Scale 6x"]  # the fixture's point: a change there is
    assert model.data(model.index(row, change)) == "+0 pts"
    assert model.data(model.index(row, change + 1)) == "+0%"
    assert foreground(model, row, change) is None  # neither green nor red
    assert foreground(model, row, change + 1) is None
    assert model.directions[(row, change)] == "same"
    assert "same" in model.data(model.index(row, change), Qt.ItemDataRole.ToolTipRole)
    cost = labels.index("Total cost (USD/yr)")  # a change shown is still coloured: worse
    assert not reads_zero(model.data(model.index(cost, change)))
    assert foreground(model, cost, change) is not None


def test_an_every_year_change_that_reads_zero_has_no_colour(six_times):
    model = six_times.decisions_model
    rows = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = next(r for r, cells in enumerate(rows) if cells[0] == SHARE_ROW) + 1  # the fork's
    column = heads.index("2029")
    assert rows[row][1] == "Scale 6x"
    found = next(
        d
        for d in six_times.comparison.decisions
        if (d.scenario, d.measure, d.year) == ("Scale 6x", "external_token_share", 2029)
    )
    assert found.delta != 0
    assert format_change(found.measure, found.value, found.value - found.delta) == "+0 pts"
    assert "(" not in rows[row][column]  # the change reads zero: left out
    assert foreground(model, row, column) is None
