"""A share typed into the Routing or Plan tab: an edit only when it changes something.

The hostile-input review found Enter on an open cell made an undo step (33.3333% became
33.33%) and, on the Plan tab, froze the year into its own routing; 150% and -1 were taken
as 100% and 0% without a word.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

EDIT = Qt.ItemDataRole.EditRole


def _cell(window, name: str, row: int, column: int):
    table = window.findChild(QTableView, name)
    model = table.model()
    return model, model.index(row, column)


def test_enter_on_an_unchanged_routing_cell_changes_nothing(window):
    model, index = _cell(window, "routingTable", 0, 3 + 3)  # GitHub Copilot, GPT-5 class
    steps, before = window.document.undo_stack.count(), window.document.scenario
    assert model.setData(index, model.data(index, EDIT), EDIT) is False
    assert window.document.undo_stack.count() == steps
    assert window.document.scenario == before


def test_enter_on_an_unchanged_year_cell_does_not_freeze_the_year(window):
    window.tables.setCurrentWidget(window.tables.plan_page)
    model, index = _cell(window, "planRoutingByYearTable", 0, 3)  # 2026, GPT-5 class
    assert model.setData(index, model.data(index, EDIT), EDIT) is False
    assert window.document.scenario.routing_by_year == ()


def test_a_share_outside_0_to_100_is_refused_by_name(window, qtbot):
    model, index = _cell(window, "routingTable", 0, 3 + 3)
    before = window.document.scenario
    with qtbot.waitSignal(window.document.editRejected) as said:
        assert model.setData(index, "150", EDIT) is False
    assert said.args == ["GitHub Copilot / GPT-5 class: 150% is outside 0-100%"]
    assert window.document.scenario == before


def test_a_plan_limit_typed_with_a_decimal_comma_is_refused_not_read_as_ten_times(window):
    """The plan window read a max provider share of '1,5' as 15%, a $37B plan."""
    import pytest
    from PySide6.QtWidgets import QLineEdit

    import core

    dialog = window.dialogs.plan()
    share = dialog.findChild(QLineEdit, "planMaxProviderShareEdit")
    share.setText("1,5")
    with pytest.raises(core.ScenarioError, match="'1,5' is not a number"):
        dialog.inputs.request(window.document.scenario)
    share.setText("1,500")  # a thousands separator is one: over 100%, refused as such
    with pytest.raises(core.ScenarioError, match="must be between 0 and 100"):
        dialog.inputs.request(window.document.scenario)
    dialog.close()
