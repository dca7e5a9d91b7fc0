"""The Analysis window on a 1280x720 projector, as read from the back of the room: it fits
the screen, a chart with nothing to show says so, the frontier's points read on dark, and
a tornado side without a bar says why (docs/user-guide.md, "Analysis")."""

import pandas as pd
import pytest
from contrast import contrast
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics

from gui.dialogs.analysis.frontier_tab import NO_FIND, share_span
from gui.dialogs.analysis.montecarlo_tab import NO_RUN
from gui.dialogs.analysis.tornado_tab import held_sides
from gui.style.appearance import PRESENTATION_SCALE, appearance
from gui.style.theme import DARK
from gui.testing.testkit import wait_idle

ROOM = (1240, 680)  # a 1280x720 screen less the margin `fit_to_screen` leaves
LEAST_FAN_PX = 400  # each Monte Carlo fan at least this wide: it was ~140 px in presentation


@pytest.fixture
def window(scaledeck_window):
    return scaledeck_window  # the default scenario (scale x1), 1600x1000, closed without prompts


@pytest.fixture
def analysis(window):
    dialog = window.show_analysis()
    yield dialog
    dialog.close()


def shows(chart) -> tuple[bool, bool, bool, bool]:
    """(note, legend, left axis, bottom axis): which a chart shows."""
    axis = chart.plot_item.getAxis
    return (
        chart.note.isVisible(),
        chart.legend.isVisible(),
        axis("left").isVisible(),
        axis("bottom").isVisible(),
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_window_fits_a_1280_by_720_projector_with_the_fans_whole(window, monkeypatch, theme):
    """Presentation mode (x1.45) with the window open: the ranges' whole columns (847 px)
    held it 1,303 px wide, off the screen, each fan squeezed to ~140 px ("TOTAL COST
    RAN…"). Now the fans sit under the ranges, at the desk's scale and the projector's."""
    monkeypatch.setattr(window.screen(), "availableGeometry", lambda: QRect(0, 0, 1280, 720))
    appearance().set_preference(theme, remember=False)
    dialog = window.show_analysis()
    tab = dialog.monte_carlo
    dialog.tabs.setCurrentWidget(tab)
    for scale in (1.0, PRESENTATION_SCALE):
        appearance().set_scale(scale)
        wait_idle(window)
        least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        assert least.width() <= ROOM[0], scale
        assert least.height() <= ROOM[1], scale
        assert (dialog.width(), dialog.height()) == ROOM, scale
        for chart in (tab.cost, tab.risk):
            assert chart.width() >= LEAST_FAN_PX, (scale, chart.objectName())
            assert chart.title in chart.plot_item.titleLabel.text  # whole, not "RAN…"
    dialog.close()


def test_charts_with_nothing_to_show_say_so_without_a_legend_or_axes(window, analysis):
    """Before Run the fans had their whole legend over a "$B / year" axis from -0.4 to 0.4
    (and a risk index below 0); before Find the frontier had 0.1-0.9 axes."""
    tab = analysis.monte_carlo
    for chart, text in ((tab.cost, NO_RUN), (tab.risk, NO_RUN), (analysis.frontier.chart, NO_FIND)):
        analysis.tabs.setCurrentWidget(chart.parentWidget())
        wait_idle(window)
        assert shows(chart) == (True, False, False, False), chart.objectName()
        assert chart.note.textItem.toPlainText() == text
    analysis.tabs.setCurrentWidget(tab)
    tab.draws.setValue(500)
    tab.run()
    wait_idle(window)
    for chart in (tab.cost, tab.risk):
        assert shows(chart) == (False, True, True, True), chart.objectName()


def test_the_frontier_points_read_on_dark_and_show_under_the_one_previewed(analysis):
    """#0072B2 dots read at about 3.2:1 on the dark background, and the previewed dot,
    drawn over its point, hid it: each point is ringed in ink, the previewed one behind."""
    appearance().set_preference("dark", remember=False)
    chart = analysis.frontier.chart
    ring = chart.points.opts["pen"]
    assert ring.style() != Qt.PenStyle.NoPen
    assert contrast(ring.color().name(), DARK.background) >= 4.5
    assert chart.picked.zValue() < chart.points.zValue()


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [
        (74.56, 74.75, "from 74.6% to 74.8%"),  # "from 75% to 75%"
        (74.561, 74.568, "from 74.56% to 74.57%"),
        (74.5612, 74.5613, "at 74.56%"),  # no two decimals part them: one share
        (20.0, 75.0, "from 20% to 75%"),
    ],
)
def test_a_share_range_says_ends_that_differ_or_one_share(low, high, said):
    assert share_span(low, high) == said


def test_an_input_held_at_its_range_s_end_says_why_it_has_no_bar(window, analysis):
    """Cluster scale at x1 cannot go lower (its range is 1-10): it had an orange bar alone,
    with no word why. Both charts say "held at its least" where the bar would be, and the
    tooltip says at what; at x2 it moves, and the note goes."""
    tab = analysis.tornado
    analysis.tabs.setCurrentWidget(tab)
    wait_idle(window)
    row = list(tab.table["label"]).index("Cluster scale")
    for chart in (tab.cost, tab.risk):
        notes = [(n.textItem.toPlainText(), n.pos().y()) for n in chart.notes if n.isVisible()]
        assert notes == [("held at its least", row)], chart.objectName()
        said = chart.describe(0.0, float(row))
        assert "no bar when lower (held at x1 of the baseline fleet, its least)" in said
        assert "when higher (at x1.2 of the baseline fleet)" in said
    window.document.edit({"fleet.scale": 2.0}, "scale")
    wait_idle(window)
    assert not any(n.isVisible() for n in tab.cost.notes + tab.risk.notes)


def test_only_an_input_that_could_not_move_is_held():
    """PUE 1.15 lowered 20% stops at 1 but moves: its bar is short. Fleet availability 92%
    raised stops at 100%, and at scale x2 changes nothing: no bar, but it moved."""
    table = pd.DataFrame(
        {
            "label": ["Cluster scale", "PUE", "Fleet availability"],
            "low_value": [1.0, 1.0, 0.736],
            "high_value": [1.2, 1.38, 1.0],
        }
    )
    assert held_sides(table, 0.2).tolist() == [[True, False], [False, False], [False, False]]
    assert held_sides(table, 0.4).tolist() == [[False, False]] * 3  # x1.2 is no 40% move


def test_every_input_name_shows_in_presentation_mode(window, analysis):
    """A fixed 150 px left axis dropped "Demand growth" and four other names at x1.45."""
    analysis.tabs.setCurrentWidget(analysis.tornado)
    appearance().set_scale(PRESENTATION_SCALE)
    wait_idle(window)
    font = QFont()
    font.setPointSize(appearance().pt(10))
    widest = max(map(QFontMetrics(font).horizontalAdvance, analysis.tornado.table["label"]))
    for chart in (analysis.tornado.cost, analysis.tornado.risk):
        assert chart.plot_item.getAxis("left").width() > widest, chart.objectName()
