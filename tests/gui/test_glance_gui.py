"""The tiles' status and the headline on screen (docs/model.md#F-status, docs/model.md#F-headline):
status in a word and a colour, deltas by meaning, and nothing clipped at 1280x720 in either theme."""

import html
import re

import pytest
from contrast import contrast
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel
from tiles import tile

import core
from core.summary.headline import headline_for
from core.summary.status import Judgement, statuses
from gui.style.appearance import appearance
from gui.style.theme import DARK, LIGHT, STATUS_COLORS
from gui.testing.testkit import set_control, wait_idle
from gui.views.elided import ElidedLabel, fitted, leading_clauses
from gui.views.headline import clause_end
from gui.views.kpi_tiles import TILES, status_text, visible_change

pytestmark = pytest.mark.usefixtures("light_after")  # a theme test leaves light


def test_tiles_show_the_core_status_as_a_word_and_the_threshold_on_the_baseline(window):
    """The default's fleet is in band in 2028 (71% busy), short in 2031, idle in 2026.
    It was 2029 until replicas were held to two scale-up domains: 2029 is now 113%, short."""
    document = window.document
    document.set_year(2028)
    expected = statuses(document.results, document.scenario.status_thresholds)
    for spec in TILES:
        shown = tile(window, spec.name)
        status = expected[spec.column][2]
        assert shown.status == status
        assert status.upper() in shown.badge.text()
        assert "Thresholds:" in shown.toolTip()
        assert shown.delta.full_text != "= baseline"
    assert tile(window, "kpiUtilization").delta.full_text == "in band: 50-100%"  # 71% busy
    assert tile(window, "kpiHhi").delta.full_text == "over 2,500"
    document.set_year(2031)
    assert tile(window, "kpiUtilization").delta.full_text == "short: over 100%"  # 288% busy
    document.set_year(2026)
    assert tile(window, "kpiUtilization").delta.full_text == "idle: under 50%"
    assert tile(window, "kpiUtilization").badge.text() == "⚠ WATCH"


def test_an_idle_fleet_growing_idler_is_never_green(window, qtbot):
    window.document.set_year(2027)  # 45% busy: idle; 3x makes it 27% (2026 keeps the baseline)
    set_control(window, "scaleSlider", 3.0)
    qtbot.wait(40)
    utilization = tile(window, "kpiUtilization")
    assert utilization.status == "watch"
    assert utilization._good is False  # further from the band: worse
    theme = appearance().theme
    assert theme.warning in utilization.delta.styleSheet()


def test_a_shortfall_brought_into_the_band_is_good(window, qtbot):
    window.document.set_year(2030)  # 180%: short; twice the fleet by 2029 brings it to 90%
    set_control(window, "scaleSlider", 2.0)
    qtbot.wait(40)
    utilization = tile(window, "kpiUtilization")
    assert utilization.status == "good"
    assert utilization._good is True


def test_a_change_shows_at_a_precision_that_reads_it_and_none_reads_zero(window, qtbot):
    """PUE 1.15 -> 1.0 saves $1.5M a year: the tile said a green '▼ -0.00B vs base'.
    It now says the millions; a change that rounds to nothing is no change (grey)."""
    set_control(window, "pueSlider", 1.0)
    qtbot.wait(40)
    cost = tile(window, "kpiTotalCost")
    assert cost.delta.full_text == "▼ -$2M vs base"
    assert cost._good is True
    spec = next(t for t in TILES if t.name == "kpiUtilization")
    assert visible_change(spec, 0.5, 0.5 + 1e-4) is None  # '-0 pts'
    assert visible_change(spec, 0.5, 0.52) == "▼ -2 pts vs base"


def plain(text: str) -> str:
    """A label's text as read: its spans dropped."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_a_fall_judged_on_its_growth_is_green_and_the_tile_says_the_growth(window, qtbot):
    """A plan's 2031 read "$2.59B ✕ ACT ▼ -2.45B" in red: the fall coloured by the status
    (act on +42% over 2030), and nothing on the tile said what was act. Where both do not
    fit (1280x720) the growth wins: the badge must be explained on the tile. Where they do
    (1600x1000), the tile takes the room for "vs base", as its neighbours say it."""
    cost = tile(window, "kpiTotalCost")
    now = Judgement("act", "+42% YoY, over 40%", "beside")  # growth, not "+42%/yr"
    theme = appearance().theme
    full = "▼ -$2.45B vs base; +42% YoY, over 40%"
    for size, shown in (
        ((1280, 720), "+42% YoY"),
        ((1600, 1000), "▼ -$2.45B vs base; +42% YoY"),
    ):
        window.resize(*size)
        qtbot.wait(50)
        cost.show_value(2.59e9, 5.04e9, now, "")
        assert cost._good is True
        assert cost.delta.full_text == full
        assert plain(cost.delta.text()) == shown, size
        assert cost.delta.toolTip() == full, size  # the cut line is whole on hover
    assert f"color: {theme.good}'>▼ -$2.45B vs base</span>" in cost.delta.text()
    assert f"color: {theme.muted}" in cost.delta.styleSheet()  # the reason's ink
    vs_base = Judgement("act", "-49% vs base, over 50%", "change")  # the change is what is judged
    cost.show_value(2.59e9, 5.04e9, vs_base, "")
    assert cost.delta.full_text == "▼ -$2.45B vs base"


def test_the_cost_tile_s_standing_is_whole_at_1280_by_720(window, qtbot):
    """2026 read "$3.53/M toke…": the narrow line is a point smaller, as the title."""
    window.document.set_year(2026)
    window.resize(1280, 720)
    qtbot.wait(50)
    cost = tile(window, "kpiTotalCost")
    assert cost.delta.full_text == "$3.53/M tokens, under $5"
    assert cost.delta.text() == "$3.53/M tokens"


def test_a_narrow_tile_keeps_its_whole_change_before_what_it_is_against(qapp):
    """At 1280x720 a tile read "▲ +2.07B vs …": the figure cut, not the words after it."""
    metrics = QFontMetrics(QFont())
    text = "▲ +2.07B vs base"
    shown = fitted(text, metrics, metrics.horizontalAdvance("▲ +2.07B vs b"))
    assert shown == "▲ +2.07B"


def test_headline_label_shows_the_selected_year(window):
    label = window.findChild(QLabel, "headlineLabel")
    window.document.set_year(2028)
    document = window.document
    full = headline_for(document.results, 2028, document.scenario.status_thresholds)
    assert label.toolTip() == full
    assert label.text() == full or (
        label.text().endswith("…") and full.startswith(label.text()[:-1])
    )


def test_a_tall_window_shows_the_whole_default_headline(window, qtbot):
    """At 1600x1000 two lines cut the default's last clause ("OpenAI 75% of them."); a
    window 900 px tall or more gives the headline a third."""
    label = window.findChild(QLabel, "headlineLabel")
    lines = label.fontMetrics().lineSpacing()
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: label.height() >= 3 * lines)
    assert label.text() == label.full_text
    assert label.full_text.endswith("OpenAI 75% of them.")
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: label.height() < 3 * lines)
    assert label.height() >= 2 * lines
    assert label.text().endswith("…")
    assert label.toolTip() == label.full_text


def test_a_cut_headline_ends_on_a_whole_clause(window, qtbot):
    """At 1280x720 the default's 2029 headline ended "Busy hour: 76% of 15,000 GPUs, no…":
    a dangling "no" of "no cloud burst". It gives the words back and ends on a clause:
    "71% busy", the figure, whole (what it is of follows at 1600). The year is 2028, the
    default's last without a burst, since replicas were held to two scale-up domains
    (2029 is now 113% busy, with a burst: no "no cloud burst" to cut)."""
    label = window.findChild(QLabel, "headlineLabel")
    window.document.set_year(2028)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: label.height() < 3 * label.fontMetrics().lineSpacing())
    assert label.text().endswith("(and 2 more routes). Busy hour: 71% busy…")
    assert label.full_text.startswith(label.text()[:-1])


@pytest.mark.parametrize(
    ("count", "kept"),
    [
        (9, 9),  # "floor," ends a clause: kept whole
        (11, 9),  # "under its" given back, to end on "floor,"
        (12, 12),  # every word: nothing cut
        (2, 2),  # no clause end within reach: the word cut stands
    ],
)
def test_a_cut_gives_back_words_to_its_last_clause(count, kept):
    words = [
        "Word",
        "has",
        "20%",
        "of",
        "its",
        "tokens",
        "on",
        "a",
        "floor,",
        "under",
        "its",
        "fleet",
    ]
    assert clause_end(words, count) == kept


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_nothing_is_clipped_at_1280_by_720(window, qtbot, theme):
    appearance().set_preference(theme, remember=False)
    window.resize(1280, 720)
    qtbot.wait(50)
    for spec in TILES:
        shown = tile(window, spec.name)
        for label in (shown.title, shown.badge, shown.value, shown.unit, shown.delta):
            width = label.fontMetrics().horizontalAdvance(label.text())
            fits = width <= label.contentsRect().width()
            elided = label.text().endswith("…") and label.toolTip() != ""
            assert fits or elided, (label.objectName(), label.text(), width)
        assert shown.value.fontMetrics().horizontalAdvance(shown.value.text()) <= (
            shown.value.contentsRect().width()
        )
        # The status word stays; the title gives way first, to its short form.
        assert shown.badge.text() == status_text(shown.status)
        assert shown.title.text() in {spec.title.upper(), spec.short_title.upper()}
    label = window.findChild(QLabel, "headlineLabel")
    assert label.toolTip()
    assert label.isVisible()


def test_status_colours_read_on_both_themes():
    for theme in (LIGHT, DARK):
        for color in STATUS_COLORS[theme.name].values():
            assert contrast(color, theme.panel) >= 4.5, (theme.name, color)
            assert contrast(color, theme.background) >= 4.5, (theme.name, color)


def test_statuses_are_the_ones_evaluate_gives():
    scenario = core.default_scenario()
    got = statuses(core.evaluate(scenario), scenario.status_thresholds)
    assert {spec.column for spec in TILES} <= set(got)


def test_a_tile_too_narrow_for_its_reason_drops_whole_clauses(qtbot):
    """At 1280x720 the cost tile read "+13%/yr, und…": the figure, then half a word."""
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.show()  # a hidden widget is told of its size only when shown
    label.set_full_text("+13%/yr, under 20%")
    clause = label.fontMetrics().horizontalAdvance("+13%/yr")
    label.resize(clause + label.contentsMargins().left() + label.contentsMargins().right() + 8, 20)
    assert label.text() == "+13%/yr"
    assert label.toolTip() == "+13%/yr, under 20%"
    label.resize(clause // 2, 20)  # not even the first clause: cut, with "…"
    assert label.text().endswith("…")
    label.resize(4 * clause, 20)
    assert (label.text(), label.toolTip()) == ("+13%/yr, under 20%", "")
    assert leading_clauses("HHI 5,726: over 2,500, watch") == ["HHI 5,726: over 2,500", "HHI 5,726"]


def test_a_text_too_wide_keeps_its_leading_clauses_whole(qapp):
    """What the tiles and the brief's tiles show (gui.views.elided.fitted)."""
    metrics = QLabel().fontMetrics()
    text = "+13%/yr, under 20%"
    assert fitted(text, metrics, metrics.horizontalAdvance(text) + 2) == text
    assert fitted(text, metrics, metrics.horizontalAdvance("+13%/yr, und")) == "+13%/yr"
    narrow = fitted(text, metrics, metrics.horizontalAdvance("+13"))  # no clause fits
    assert narrow.endswith("…")


@pytest.mark.parametrize("scale", [1.0, 6.0])
def test_a_tile_keeps_its_name_word_and_unit_in_presentation_mode_with_the_controls(
    window, qtbot, monkeypatch, scale
):
    """At 1280x720, presentation mode with the controls read "C… ⚠ WATCH" and "… ✕ ACT 63":
    a board read 63 of nothing. Then the badges gave way to their marks, some tiles' and not
    others' ("✕" beside "✕ ACT"), HHI and Risk lost "/10k" and "/100", and lines read "no
    budget s…". The title and badge take a smaller type instead (the tight look), and a line
    too long for its tile a smaller one ("$3.53/M tokens" in 2026)."""
    monkeypatch.setattr(window.presentation, "screen_width", lambda: 1280)
    window.presentation.set_active(True)
    window.control_pane.set_visible(True)
    try:
        window.showNormal()
        window.resize(1280, 720)
        window.document.edit({"fleet.scale": scale}, "scale")
        qtbot.wait(100)
        assert appearance().scale > 1.0  # still the projector's type, if less of it
        for year in window.document.scenario.horizon.years:
            window.document.set_year(year)
            wait_idle(window)
            assert window.width() <= 1280, year
            for spec in TILES:
                _assert_whole(tile(window, spec.name), spec, year)
    finally:
        window.control_pane.set_visible(False)
        window.presentation.set_active(False)


def _assert_whole(shown, spec, year: int) -> None:
    """The tile's name, status word, unit and last line whole."""
    title, badge = shown.title, shown.badge
    assert title.text() in {spec.title.upper(), spec.short_title.upper()}, title.text()
    assert title.fontMetrics().horizontalAdvance(title.text()) <= title.width()
    assert badge.text() == status_text(shown.status), (spec.name, year)
    assert badge.fontMetrics().horizontalAdvance(badge.text()) <= badge.width()
    assert badge.toolTip() == f"Status: {shown.status.upper()}"
    assert "…" not in shown.delta.text(), (spec.name, year, shown.delta.text())
    assert shown.unit.text() == spec.texts(shown.number, narrow=True)[1]
    if spec.name in ("kpiHhi", "kpiRisk"):
        assert shown.unit.text() in ("/10k", "/100")


def test_a_tile_keeps_its_name_as_its_status_changes(window):
    """The same window read "USE" beside ✕ ACT and "UTILIZATION" beside ✓ GOOD, "COST" and
    "TOTAL COST": a tile renamed as a slider moved. The title is chosen beside the widest
    status word, so only the room changes it."""
    document = window.document
    names: dict[str, set[str]] = {spec.name: set() for spec in TILES}
    seen: dict[str, set[str]] = {spec.name: set() for spec in TILES}
    for year in document.scenario.horizon.years:  # the default runs idle, in band and short
        document.set_year(year)
        for spec in TILES:
            shown = tile(window, spec.name)
            names[spec.name].add(shown.title.full_text)
            seen[spec.name].add(shown.status)
    assert len(seen["kpiUtilization"]) == 3  # watch, good and act: the case the user met
    assert all(len(titles) == 1 for titles in names.values()), names
