"""No state by colour alone (finding 8): a tinted routing cell, a red or amber bar is marked.

Excel and PowerPoint on GPT-5 (quality under the floor) and Word on MAI-1-preview differed
from the other cells by a pink background alone (1.3:1 on white); the quality and
external-share bars by red, amber and green.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from gui.editors.routing_model import BROKEN_MARK
from gui.style.appearance import appearance
from gui.testing.testkit import find, trigger, wait_idle
from gui.views.charts.risk_charts import UNDER_MARK, share_status

DISPLAY, BACKGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole


def labels(chart) -> list[str]:
    """The bar names as the left axis draws them."""
    return [label for _position, label in chart.plot_item.getAxis("left")._tickLevels[0]]


def test_a_routing_cell_that_breaks_a_promise_is_marked_in_its_text(window):
    model = window.tables.routing_model
    under_floor = appearance().theme.under_floor
    marked = []
    for row in range(model.rowCount()):
        for column in range(1, model.columnCount()):
            text, tint = model.data(model.index(row, column), DISPLAY), None
            brush = model.data(model.index(row, column), BACKGROUND)
            tint = brush is not None and brush.color().name().upper() == under_floor.upper()
            assert str(text).endswith(f" {BROKEN_MARK}") == tint, (row, column, text)
            marked += [text] if tint else []
    gpt5 = 3 + [m.name for m in window.document.scenario.models].index("GPT-5 class")
    excel = [p.name for p in window.document.scenario.products].index("M365 Copilot Excel")
    assert model.data(model.index(excel, gpt5), DISPLAY) == f"40% {BROKEN_MARK}"
    assert model.data(model.index(excel, gpt5), Qt.ItemDataRole.EditRole) == 40  # as typed
    assert len(marked) >= 3


def presentation_with_controls(window) -> None:
    trigger(window, "presentationAction")
    trigger(window, "controlsAction")  # the narrowest charts


SMALL = {
    "1280x720": lambda window: window.resize(1280, 720),
    "presenting": presentation_with_controls,
}


@pytest.mark.parametrize("small", SMALL)
def test_a_bar_under_its_floor_or_at_watch_or_act_is_marked_on_its_name(window, small):
    SMALL[small](window)
    wait_idle(window)
    quality, external = window.quality_chart, find(window, "externalShareChart")
    doc = window.document
    th = doc.scenario.status_thresholds
    shares = doc.results.per_product("external_token_share", doc.year)
    marks = {"good": "", "watch": "⚠", "act": "✕"}
    expected = [
        marks[share_status(float(s), th.external_share_watch, th.external_share_act)]
        for s in shares
    ]
    assert {"⚠", "✕"} <= set(expected)  # the default has both
    for label, mark in zip(labels(external), expected, strict=True):
        assert label.endswith(f" {mark}") if mark else label[-1] not in "⚠✕", label
    assert [label.endswith(f" {UNDER_MARK}") for label in labels(quality)] == quality.under.tolist()
    for chart in (quality, external):  # whole and legible: each label fits the axis
        axis = chart.plot_item.getAxis("left")
        metrics = QFontMetrics(axis.style["tickFont"] or chart.font())
        assert max(metrics.horizontalAdvance(label) for label in labels(chart)) <= axis.width()
