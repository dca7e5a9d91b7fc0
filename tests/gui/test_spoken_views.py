"""KPI tiles and charts say what they are and what they show (finding 7).

A tile had no accessible name and could not take focus (its thresholds were for a mouse
only); its parts were read out of context ("$3.84", "+13% YoY"). A chart was named by its
upper-case title ("COST") with no description. Their words are built only when heard:
a slider move builds none (docs/benchmarks.md).
"""

import pytest
from keyboard_focus import focus_by_keyboard
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QToolTip

from gui.testing.testkit import find, set_control
from gui.views.charts.meanings import MEANINGS
from gui.views.spoken import Spoken
from gui.views.tile_words import in_words

CHARTS = {
    "costChart": "Cost chart",
    "capacityChart": "Capacity chart",
    "latencyChart": "Latency chart",
    "externalShareChart": "External share chart",
    "providerChart": "Providers chart",
    "riskIndexChart": "Risk index chart",
    "qualityChart": "Quality chart",
}


def said(widget) -> tuple[str, str]:
    """What a screen reader reads: the accessible interface's name and description."""
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


def test_a_tile_takes_the_keyboard_and_says_its_figure_unit_year_and_status(window):
    tile = find(window, "kpiTotalCost")
    assert tile.focusPolicy() & Qt.FocusPolicy.TabFocus
    focus_by_keyboard(tile)
    name, description = said(tile)
    year = window.document.year
    assert name.startswith(f"Total cost: {tile.value.text()} billion a year in {year}, ")
    assert name.endswith(f", status {tile.status}")
    assert "YoY" not in name  # said in words: "up 13% on 2028"
    assert "B/yr" not in name
    assert description == tile.toolTip()
    assert "Thresholds:" in description
    assert QToolTip.isVisible()
    assert QToolTip.text() == tile.toolTip()  # what hover shows


def test_a_focused_tile_says_the_new_figure_after_a_move(window):
    tile = find(window, "kpiGpus")
    focus_by_keyboard(tile)
    before = said(tile)[0]
    set_control(window, "scaleSlider", 4.0)
    tile.setFocus()  # the slider took it, as a user's hand would
    assert said(tile)[0] != before
    assert said(tile)[0].startswith(f"GPUs: {tile.value.text()} GPUs in ")


def test_signs_and_short_units_are_said_in_words():
    assert in_words("+13% YoY, under 20%", 2029) == "up 13% on 2028, under 20%"
    assert in_words("▼ -0.52B vs base", 2029) == "down 0.52 billion on the baseline"
    assert in_words("▲ +3 pts vs base", 2030) == "up 3 points on the baseline"
    assert in_words("in band: 50-100%", 2029) == "in band: 50 to 100%"
    assert in_words("92% of $5.0B, the cost budget", None) == "92% of $5.0 billion, the cost budget"


@pytest.mark.parametrize(("name", "spoken"), CHARTS.items())
def test_a_chart_is_named_in_words_and_says_what_it_shows(window, name, spoken):
    chart = find(window, name)
    focus_by_keyboard(chart)
    assert QApplication.focusWidget() is chart
    assert said(chart)[0] == spoken
    description = said(chart)[1]
    assert description.startswith(MEANINGS[name])
    year = str(window.document.year)
    assert year in description  # the selected year's figures follow
    assert QToolTip.text() == description


def test_a_chart_s_description_follows_the_year_and_names_every_product(window):
    chart = find(window, "externalShareChart")
    focus_by_keyboard(chart)
    window.document.set_year(2027)
    description = said(chart)[1]
    assert "In 2027: " in description
    for product in window.document.results.structure.product_names:
        assert product in description
    cost = find(window, "costChart")
    focus_by_keyboard(cost)
    assert "\n2027: total $" in said(cost)[1]


def test_a_move_builds_no_words_while_nobody_listens(window, monkeypatch):
    built: list[str] = []
    say = Spoken.say

    def counted(self: Spoken) -> None:
        if self._stale:
            built.append(self._widget.objectName())
        say(self)

    monkeypatch.setattr(Spoken, "say", counted)
    for scale in (3.0, 5.0, 7.0):
        set_control(window, "scaleSlider", scale)
    assert built == []
    monkeypatch.setattr(QAccessible, "isActive", lambda: True)  # a screen reader listens
    set_control(window, "scaleSlider", 8.0)
    assert {"kpiGpus", "costChart", "capacityChart"} <= set(built)
    tile = find(window, "kpiGpus")
    assert said(tile)[0].startswith(f"GPUs: {tile.value.text()} GPUs")
