"""Compare's tables colour a change as it reads: one shown "+0 pts" is no change.

At 6x the fleet, the 2029 external token share read 82% against 82%, a change of -0.30
points shown "+0 pts" in green as better: the colour came from the unrounded change.
The One year table now writes such a change as it is ("-0.3 pts", green); the Every year
table leaves it out, uncoloured.
"""

import pytest
from PySide6.QtCore import Qt

from core.analysis.compare import format_change

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


def test_a_one_year_change_the_figures_round_away_reads_as_it_is(six_times):
    """82% against 82% is a change of -0.30 points: it read "+0 pts" and "+0%", as none."""
    model = six_times.model
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row, change = labels.index(SHARE_ROW), heads.index("Scale 6x\nΔ")
    share = {n: six_times.comparison.cell("external_token_share", n, "value") for n in heads[:2]}
    assert share["Baseline"] != share["Scale 6x"]  # the fixture's point: a change there is
    cells = [model.data(model.index(row, c)) for c in range(4)]
    assert cells == ["82%", "82%", "-0.3 pts", "-0.4%"]
    assert model.directions[(row, change)] == model.directions[(row, change + 1)] == "better"
    assert foreground(model, row, change) is not None  # coloured as it reads: less outside
    same = labels.index("Demand (H100-eq, busy hour)")  # a change that is none still reads 0
    assert model.data(model.index(same, change)) == "+0"
    assert foreground(model, same, change) is None


def test_one_year_money_is_on_its_own_scale_and_none_reads_0(six_times):
    """Partner spend's change read "+$0.00B", the fork's cloud burst "$0.00" beside "$6M"."""
    model = six_times.model
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    cells = {
        label: [model.data(model.index(r, c)) for c in range(4)] for r, label in enumerate(labels)
    }
    assert cells["Cloud burst (USD/yr)"] == ["$6M", "$0", "-$6M", "-100%"]
    assert cells["Partner spend (USD/yr)"] == ["$3.61B", "$3.61B", "+$0", "+0%"]
    assert cells["Total cost (USD/yr)"][2] == "+$1.15B"  # the shown figures' difference
    assert not any("$0.00" in text for row in cells.values() for text in row)


def test_a_money_change_under_its_figures_precision_reads_in_its_own_unit():
    """$4.07B against $4.07B, $2M apart, read "+$0.00B"."""
    from gui.dialogs.compare_table import _own_scale

    assert _own_scale("total_cost_usd", "+$0.00B", 2e6) == "+$2M"
    assert _own_scale("external_token_share", "+0 pts", -0.003) == "-0.3 pts"
    assert _own_scale("partner_hhi", "+0", -0.087) == "-0.1"
    assert _own_scale("total_cost_usd", "+$0.00B", 0.0) == "+$0.00B"  # none: "$0" is later
    assert _own_scale("total_cost_usd", "+$0.23B", 2.2e8) == "+$0.23B"


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
