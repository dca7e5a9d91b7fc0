"""Charts drawn right (issue 15): each rule checked on the pyqtgraph items, not on pixels."""

import itertools

import numpy as np
import pyqtgraph as pg
import pytest
from contrast import contrast
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from core.summary.risks import PRICE_SHOCK_TERM
from core.units import gpu_hours_short
from gui.main_window import MainWindow
from gui.style.appearance import appearance
from gui.style.theme import DARK, LIGHT
from gui.testing.testkit import set_control
from gui.views.charts.axes import nice_ceiling
from gui.views.charts.axis_titles import QUALITY_AXIS, fitting_title, unit_form
from gui.views.charts.base import Chart
from gui.views.charts.risk_charts import IN_HOUSE_NOTE, UNSERVED_NOTE, ProductBars
from gui.views.charts.stacked import StackedBars


def drag(qtbot, win: MainWindow, name: str, values: np.ndarray) -> None:
    slider = win.findChild(QLabeledDoubleSlider, name)
    for value in values:
        slider.setValue(float(value))
        qtbot.wait(20)  # past the throttle: every step is applied, as in a drag
    qtbot.wait(40)


def legend_sample(chart: Chart, item: object) -> pg.ItemSample:
    return next(sample for sample, _label in chart.legend.items if sample.item is item)


def test_shortfall_bars_only_where_short_and_filled_like_their_swatch(window):
    chart = window.capacity_chart
    y = window.document.results.yearly
    years = np.asarray(window.document.results.years, dtype=float)
    bars = chart.shortfall.opts
    assert list(bars["x"]) == list(years[y.shortfall_gpu_hours > 0])  # no outline elsewhere
    assert (np.asarray(bars["height"]) > 0).all()
    swatch = legend_sample(chart, chart.shortfall)  # draws the item's own brush
    fill = pg.mkBrush(swatch.item.opts["brush"]).color()
    assert fill == pg.mkBrush(bars["brush"]).color()
    assert fill.alpha() == 255  # opaque: the bars under it do not tint it away from the swatch
    window.document.edit({"fleet.scale": 10.0}, "big fleet")  # no shortfall in any year
    assert len(chart.shortfall.opts["x"]) == 0


@pytest.mark.parametrize("chart_name", ["cost_chart", "capacity_chart", "providers"])
def test_right_axis_lines_are_drawn_above_the_bars(window, chart_name):
    chart = getattr(window, chart_name, None) or getattr(window.risk_charts, chart_name)
    assert chart.right is not None
    line = chart.right.curve
    bars = [item for item in chart.plot_item.vb.addedItems if isinstance(item, StackedBars)]
    crossed = 0
    for bar in bars:
        where = line.curve.sceneBoundingRect() & bar.sceneBoundingRect()
        if where.isEmpty():
            continue  # a layer too thin to meet the line
        crossed += 1
        stack = chart.scene().items(
            where.center(),
            Qt.ItemSelectionMode.IntersectsItemBoundingRect,
            Qt.SortOrder.DescendingOrder,
        )
        rank = {id(item): i for i, item in enumerate(stack)}
        line_rank = min(rank[id(i)] for i in (line, line.curve, line.scatter) if id(i) in rank)
        assert line_rank < rank[id(bar)], f"{chart.objectName()}: line under the bars"
    assert crossed


def test_hhi_has_its_own_axis_and_the_tiles_act_line(window):
    """The line is the HHI tile's act threshold: a fixed 1,800 line sat beside a tile that
    read "over 2,500", and ignored thresholds a scenario file sets."""
    chart = window.risk_charts.providers
    hhi = window.document.results.yearly.partner_hhi  # the KPI the line judges
    assert chart.hhi.getViewBox() is chart.hhi_axis.view  # not the spend shares' view
    assert np.array_equal(chart.hhi.yData, hhi)  # in HHI units, not HHI/100
    assert chart.threshold.getViewBox() is chart.hhi_axis.view
    assert set(chart.threshold.yData) == {2_500.0}
    bottom, top = chart.hhi_axis.view.viewRange()[1]
    assert bottom == 0
    assert top >= max(hhi.max(), 2_500.0)
    assert chart.plot_item.vb.viewRange()[1] == [0, 100]  # shares: 0-100% only
    assert "HHI" not in chart.plot_item.getAxis("left").labelText
    assert "(watch over 1,800, act over 2,500)" in chart.describe(2029, 50)
    window.document.edit({"status_thresholds.hhi_act": 6_000.0}, "Act at 6,000")
    assert set(chart.threshold.yData) == {6_000.0}
    assert chart.hhi_axis.view.viewRange()[1][1] >= 6_000.0
    named = [label.text for _sample, label in chart.legend.items]
    assert named.count("HHI 6,000: act") == 1
    assert "HHI 2,500: act" not in named


def drawn_tick_labels(axis: pg.AxisItem) -> list[str]:
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]]


def test_external_share_has_0_and_100_ticks_and_says_in_house(window):
    chart = window.risk_charts.external
    window.document.edit({"fleet.scale": 10.0}, "big fleet")  # no burst: in-house is in-house
    assert {"0", "100"} <= set(drawn_tick_labels(chart.plot_item.getAxis("bottom")))
    names = window.document.results.structure.product_names
    share = window.document.results.per_product("external_token_share", window.document.year)
    shown = [i for i, note in enumerate(chart.notes) if note.isVisible()]
    assert shown == [i for i in range(len(names)) if share[i] < 0.005]
    assert shown, "the default has an in-house-only product"
    assert {note.textItem.toPlainText() for note in chart.notes} == {IN_HOUSE_NOTE}


def test_a_product_nothing_serves_is_never_shown_as_in_house_or_meeting_its_floor(window):
    """With every in-house model off, Regulated-industry (in-house only) has no serving
    model: its row read "0% (in-house)" (good) and its quality hover "every token on a
    model that meets it"."""
    models = window.document.scenario.models
    window.document.edit(
        {f"models[{i}].enabled": False for i, m in enumerate(models) if m.kind == "in_house"},
        "in-house off",
    )
    names = list(window.document.results.structure.product_names)
    row = names.index("Regulated-industry models")
    external, quality = window.risk_charts.external, window.quality_chart
    note = external.notes[row]
    assert note.isVisible()
    assert note.textItem.toPlainText() == UNSERVED_NOTE
    assert "no model in its chain serves any of its traffic" in external.describe(0, row)
    assert quality.under[row]
    assert quality.describe(0, row).endswith("no quality to show")


def test_product_names_elide_with_the_full_name_in_the_tooltip(window, qtbot):
    window.resize(1280, 720)
    qtbot.wait(50)
    names = window.document.results.structure.product_names
    elided = 0
    for chart in window.findChildren(ProductBars):
        axis = chart.plot_item.getAxis("left")
        labels = [label for _pos, label in axis._tickLevels[0]]
        metrics = QFontMetrics(axis.style["tickFont"] or chart.font())
        for row, (name, label) in enumerate(zip(names, labels, strict=True)):
            elided += label.endswith("…")
            assert name in chart.describe(50.0, float(row)), (chart.objectName(), name)
            assert metrics.horizontalAdvance(label) <= axis.width()
        row_px = chart.plot_item.vb.height() / len(names)
        assert row_px >= metrics.height(), f"{chart.objectName()}: rows {row_px:.0f} px"
    assert elided, "at 1280x720 some long name is elided"


def axis_tops(win: MainWindow) -> dict[str, float]:
    tops = {}
    for chart in (win.cost_chart, win.capacity_chart, win.risk_charts.providers):
        tops[chart.objectName()] = chart.plot_item.vb.viewRange()[1][1]
        assert chart.right is not None
        tops[chart.objectName() + " right"] = chart.right.view.viewRange()[1][1]
    return tops


def test_axes_settle_to_the_data_after_a_big_change(window, qtbot):
    fresh = axis_tops(window)
    drag(
        qtbot, window, "scaleSlider", np.r_[np.arange(1.0, 10.01, 1.0), np.arange(9.0, 0.99, -1.0)]
    )
    qtbot.waitUntil(lambda: axis_tops(window) == fresh, timeout=3000)
    cost = window.document.results.series("total_cost_usd").max() / 1e9
    assert window.cost_chart.plot_item.vb.viewRange()[1][1] == nice_ceiling(cost * 1.05)


def test_a_fixed_percent_axis_stays_at_0_to_100_once_changes_settle(window, qtbot):
    """The providers' % axis is fixed, never fitted: settling the charts after a move
    (the HHI's right axis asks for it) once shrank it to 0-1, so the chart drew every
    year as 100% in-house."""
    providers = window.risk_charts.providers
    drag(qtbot, window, "priceShockSlider", np.array([0.5, 1.0]))
    qtbot.waitUntil(lambda: not providers._settle_timer.isActive(), timeout=3000)
    providers.settle_axes()
    assert providers.plot_item.vb.viewRange()[1] == pytest.approx([0.0, 100.0])


def test_a_squeezed_chart_keeps_its_data_area_and_elides_its_title(window, qtbot):
    """Squeezed (a dock beside the charts), the Capacity legend's five rows left a 3 px plot
    and titles were clipped mid-word: the legend yields (hover still names each series)
    and a title too long for its chart ends in '…'."""
    capacity = window.capacity_chart
    assert capacity.legend.isVisible()
    capacity.resize(260, 150)
    assert not capacity.legend.isVisible()
    capacity.resize(600, 400)
    assert capacity.legend.isVisible()
    # Never more legend than data: six rows over a 75 px plot (presentation mode with the
    # controls at 1280x720) left a chart of its legend.
    for height in range(150, 420, 15):
        capacity.resize(260, height)
        if capacity.legend.isVisible():
            data_px = capacity.plot_item.vb.height()
            assert data_px >= capacity.legend.height(), (height, data_px)
    external = window.risk_charts.external
    external.resize(200, 200)  # its least width
    external.set_title("EXTERNAL SHARE OF EVERY PRODUCT")
    assert external.plot_item.titleLabel.item.toPlainText().endswith("…")


def test_units_say_what_they_mean(window):
    shock = window.controls.slider("priceShockSlider")
    assert shock.value() == pytest.approx(1.0)
    assert shock._label.text() == "1.0"  # x1.0: the caption says "(x)", not 100 (%)
    captions = {label.text() for label in window.controls.findChildren(QLabel)}
    assert "Partner price shock (x)" in captions
    assert "%" in window.capacity_chart.plot_item.getAxis("right").labelText


def edge_area(widget: QWidget) -> tuple[QWidget, QRect]:
    """The widget to grab and the part of it whose edge must show."""
    if isinstance(widget, QLabeledDoubleSlider):
        inner = widget._slider
        return inner, inner.style().subControlRect(
            QStyle.ComplexControl.CC_Slider,
            inner._styleOption,
            QStyle.SubControl.SC_SliderHandle,
            inner,
        )
    if isinstance(widget, QCheckBox):
        option = QStyleOptionButton()
        option.initFrom(widget)
        return widget, widget.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxIndicator, option, widget
        )
    return widget, widget.rect()


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_controls_have_visible_edges(window, qtbot, theme):
    """The contrast test, extended to controls: each has an edge at 3:1 on its panel.

    (WCAG 1.4.11 asks 3:1 for what identifies a control; Fusion's dark check box was ~1.1:1.)
    """
    appearance().set_preference(theme.name, remember=False)
    qtbot.wait(10)  # the new palette reaches the widgets in posted events
    kinds = (QCheckBox, QComboBox, QSpinBox, QLabeledDoubleSlider)
    controls = [w for w in window.controls.findChildren(QWidget) if isinstance(w, kinds)]
    assert len(controls) > 15
    try:
        for control in controls:
            target, area = edge_area(control)
            image = target.grab().toImage()
            panel = target.palette().window().color().name()
            best = max(
                contrast(QColor(image.pixel(x, y)).name(), panel)
                for x in range(area.left(), area.right() + 1)
                for y in (area.top(), area.center().y(), area.bottom())
            )
            assert best >= 3.0, (theme.name, control.objectName(), round(best, 2))
    finally:
        appearance().set_preference("light", remember=False)


def test_an_axis_title_is_whole_then_short_then_none():
    width = len  # one pixel a character
    assert fitting_title("$ / M tokens", 20, width) == "$ / M tokens"
    assert fitting_title("$ / M tokens", 11, width) == "$/M"
    assert fitting_title("$ / M tokens", 2, width) is None
    assert fitting_title("a title with no short form", 10, width) is None
    # No fixed short form (the GPU is the scenario's): the leading clause keeps the unit.
    assert fitting_title("k H200-eq, busy hour", 12, width) == "k H200-eq"
    # Then its unit's shortest form: "k GPUs" named another unit (GPUs, not equivalents).
    assert fitting_title("k GB200 NVL72-eq, busy hour", 14, width) == "k GB200 NVL72e"
    assert fitting_title("k H200-eq, busy hour", 7, width) == "k H200e"
    assert unit_form("k H100-eq, busy hour") == "k H100e"
    assert unit_form("$B / year") is None
    assert fitting_title("k H200-eq, busy hour", 6, width) is None
    # A short form's own short form, before the title's leading clause.
    assert fitting_title(QUALITY_AXIS, 24, width) == "red = some under floor"
    # Never "red = under floor": a bar is red when *some* of its tokens are under the floor
    # nor a bare "some under floor", which read as a fact beside all-green bars
    assert fitting_title(QUALITY_AXIS, 17, width) == "red: some under"
    assert fitting_title(QUALITY_AXIS, 15, width) == "red: some under"
    assert fitting_title(QUALITY_AXIS, 9, width) is None


def test_an_axis_title_stays_centred_when_its_text_changes(window, qtbot):
    """pyqtgraph centres a label only when its axis resizes: "score (illustrative)" sat
    half off to the left after a longer title was tried first."""
    axis = window.quality_chart.plot_item.getAxis("bottom")
    for title in ("a title", "a much, much longer title"):
        window.quality_chart.set_axis_title("bottom", title)
        middle = axis.label.pos().x() + axis.label.boundingRect().width() / 2
        assert middle == pytest.approx(axis.size().width() / 2, abs=1.0)


def test_capacity_chart_shows_one_measure_the_busy_hour_in_h100_equivalents(window):
    """Bars, fleet and shortfall box: H100-equivalents at the busy hour; the average hour a line.

    The year's training stacks on the busy hour's inference (it runs in the quiet hours:
    docs/model.md#F-demand); the shortfall box ends at the demand."""
    chart, y = window.capacity_chart, window.document.results.yearly
    k_eq = lambda gpu_hours: gpu_hours / 8760.0 * y.serving_speed_factor / 1e3  # noqa: E731
    training, inference = (np.asarray(b.opts["height"]) for b in (chart.training, chart.inference))
    assert inference == pytest.approx(k_eq(y.busy_hour_inference_gpu_hours))
    assert np.asarray(chart.training.opts["y0"]) == pytest.approx(inference)
    assert training == pytest.approx(k_eq(y.training_gpu_hours))
    assert chart.average.yData == pytest.approx(k_eq(y.busy_gpu_hours))
    assert chart.capacity.yData == pytest.approx(k_eq(y.capacity_gpu_hours))
    short = y.shortfall_gpu_hours > 0
    box = chart.shortfall.opts
    assert np.asarray(box["y0"]) == pytest.approx(k_eq(y.capacity_gpu_hours)[short])
    tops = np.asarray(box["y0"]) + np.asarray(box["height"])
    assert tops == pytest.approx(k_eq(y.demand_gpu_hours)[short])
    assert chart.axis_titles["left"] == "k H100-eq, busy hour"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_capacity_axis_names_its_unit_at_1280_by_720(window, qtbot, theme):
    """6x B200: ~190 "k GPUs" stood beside a GPUs tile of 90,000; the axis counts
    H100-equivalents, and says so (at 1280x720 beside its legend the axis is short, and the
    unit takes its shortest form, `unit_form`'s, tested above), which the hover explains."""
    appearance().set_preference(theme, remember=False)
    try:
        set_control(window, "scaleSlider", 6.0)
        window.findChild(QComboBox, "generationCombo").setCurrentText("B200")
        for size, shown in (((1280, 720), "k H100e"), ((1600, 1000), "k H100-eq, busy hour")):
            window.resize(*size)
            qtbot.wait(50)
            axis = window.capacity_chart.plot_item.getAxis("left")
            assert (axis.labelText, axis.label.isVisible()) == (shown, True), size
            assert axis.label.boundingRect().width() <= axis.boundingRect().height()
        assert axis.labelStyle["font-size"] == f"{appearance().pt(10)}pt"  # whole size again
        said = window.capacity_chart.describe(2029, 0.5)
        assert "k H100e where short), thousands of H100s" in said
    finally:
        appearance().set_preference("light", remember=False)


def test_the_capacity_title_says_its_power_is_the_peak_and_burst_shows_its_hours(window):
    """ "CAPACITY · 167 MW" beside a Site tile of 75 MW read as that year's (and "peak 220 MW"
    beside 2026's 22 MW, with no year); the hover's "0.0 M GPU-hours ($2M)" hid the burst it
    priced."""
    doc = window.document
    assert window.capacity_chart.title == "CAPACITY · 22 MW every year"  # the default's site
    assert gpu_hours_short(28_419_140) == "28.4 M GPU-hours"
    assert gpu_hours_short(21_300) == "21k GPU-hours"
    assert gpu_hours_short(0) == "0 GPU-hours"
    hours = doc.results.yearly.shortfall_gpu_hours
    year = doc.results.years[int(np.argmax(hours))]
    said = f"Cloud burst: {gpu_hours_short(hours.max(), 'H100-hours')} bought"  # burst's price unit
    assert said in window.capacity_chart.describe(year, 0.5)
    doc.edit({"fleet.scale": 10.0}, "10x")
    assert window.capacity_chart.title == "CAPACITY · 220 MW at its peak in 2029"


def test_the_risk_hover_says_what_price_shock_exposure_measures(window):
    """A partner price shock raises the outside bill and its reference alike: the term
    holds still, and the hover and the Risk tile say its cost is in Cost."""
    said = window.risk_charts.index.describe(2026, 50)
    assert f"Price-shock exposure is {PRICE_SHOCK_TERM}." in said
    assert "its cost shows in Total cost" in PRICE_SHOCK_TERM
    assert PRICE_SHOCK_TERM in window.kpis.tiles["kpiRisk"].toolTip()


def test_the_risk_hover_tells_its_concentration_from_the_hhi_tile(window):
    """ "Partner concentration: 42%" beside a partner HHI tile of 4,788 (47.9%): two
    figures of one name. The term squares token shares of every outside provider."""
    said = window.risk_charts.index.describe(2026, 50)
    value = window.document.results.yearly.risk_concentration[0]
    assert f"Outside concentration: {value:.2f} of 1 (outside providers' shares of all tokens" in (
        said
    )
    assert "Partner concentration" not in said


def test_the_provider_hover_says_the_partner_hhi_is_of_all_tokens(window):
    """The HHI squares each outside provider's share of all tokens, the bars' own shares."""
    said = window.risk_charts.providers.describe(2026, 50)
    assert "partner HHI 4,369 of 10,000, the outside providers' shares of all tokens" in said
    assert "OpenAI: 64% of all tokens, 79% of those served outside; " in said


def test_the_provider_hover_of_a_year_with_nothing_outside_gives_no_share_of_it(window):
    """All in-house on a fleet that holds it: "n/a of those served outside" was read, and
    numpy warned of a division by zero."""
    window.document.edit(
        {"fleet.scale": 10.0, "levers.in_house_shift": 1.0, "fleet.baseline_gpus": 150_000},
        "all in-house",
    )
    said = window.risk_charts.providers.describe(2026, 50)
    assert "partner HHI 0 of 10,000" in said
    assert "n/a" not in said
    assert "served outside" not in said.split("\n", 1)[1]


def test_a_faster_generation_shows_as_more_capacity_not_less_demand(window):
    """Same GPU count, GB200 bought from 2027: the fleet line rises, the busy hour's need stays."""
    doc, chart = window.document, window.capacity_chart
    doc.edit({"fleet.scale": 3.0}, "scale")
    fleet_h100, need_h100 = chart.capacity.yData.copy(), chart.average.yData.copy()
    window.findChild(QComboBox, "generationCombo").setCurrentText("GB200")
    assert chart.capacity.yData[-1] > 1.5 * fleet_h100[-1]
    assert chart.average.yData[-1] == pytest.approx(need_h100[-1], rel=0.25)


class LeftClick:
    """What a legend swatch reads of a mouse click."""

    def button(self) -> Qt.MouseButton:
        return Qt.MouseButton.LeftButton

    def accept(self) -> None:
        pass


def test_a_click_on_a_bar_swatch_hides_its_layer_and_a_second_shows_it(window):
    """As on pyqtgraph's own bars: the layer goes from the drawing (test_repaint_cost
    compares its pixels with a hidden stock item's) and comes back."""
    chart = window.cost_chart
    partner = chart.layers[4]
    legend_sample(chart, partner).mouseClickEvent(LeftClick())
    assert not partner.isVisible()
    assert partner not in chart.stacked._shown()
    legend_sample(chart, partner).mouseClickEvent(LeftClick())
    assert partner.isVisible()
    assert partner in chart.stacked._shown()


@pytest.mark.parametrize("scale", [1.0, 1.4])  # 1.4: presentation mode
def test_year_labels_never_touch_at_1280_by_720(window, qtbot, scale):
    """The providers chart read '26'27'28'29'30'31 at 1280x720 and 2026202720282029 in
    presentation mode: a label too wide for its year now gives way to '26, then to every
    other year."""
    appearance().set_scale(scale)
    try:
        window.resize(1280, 720)
        qtbot.wait(50)
        gap = 2 * scale
        for chart in window.findChildren(Chart):
            if not chart.isVisible() or chart._ticks is None:
                continue
            axis = chart.plot_item.getAxis("bottom")
            image = QImage(10, 10, QImage.Format.Format_ARGB32)
            painter = QPainter(image)
            try:
                rects = [rect for rect, _flags, _text in axis.generateDrawSpecs(painter)[2]]
            finally:
                painter.end()
            assert len(rects) >= 2, chart.objectName()
            for left, right in itertools.pairwise(rects):
                assert left.right() + gap <= right.left(), chart.objectName()
    finally:
        appearance().set_scale(1.0)


def test_presentation_mode_keeps_the_ends_of_the_share_and_score_axes(window, qtbot):
    """At 1280x720 in presentation mode "100" went from both axes (a fixed 13 px of room
    for a label drawn 1.4x larger) and the external share's axis title went whole."""
    appearance().set_scale(1.4)
    try:
        window.resize(1280, 720)
        qtbot.wait(50)
        for chart in (window.risk_charts.external, window.quality_chart):
            axis = chart.plot_item.getAxis("bottom")
            assert {"0", "100"} <= set(drawn_tick_labels(axis)), chart.objectName()
            assert axis.label.isVisible(), chart.objectName()
    finally:
        appearance().set_scale(1.0)


def test_the_providers_hover_gives_the_share_of_outside_tokens_the_headline_gives(window):
    """The headline read "OpenAI has the most outside spend (64%)" beside a chart whose
    hover said "OpenAI: 61%" (of all spend): the hover now says both shares of the tokens,
    the headline's and the HHI's, and the spend."""
    window.document.set_year(2029)
    said = window.risk_charts.providers.describe(2029, 50)
    assert "OpenAI: 62% of all tokens, 75% of those served outside; " in said
    headline = window.findChild(QLabel, "headlineLabel").toolTip()  # the whole headline
    assert "Partners and cloud burst serve 82% of tokens, OpenAI 75% of them." in headline
    assert "In-house: 18% of all tokens; $230M, 6% of spend\n" in said  # in-house is not outside


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_charts_name_their_colours_at_1280_by_720(window, qtbot, theme):
    """In a meeting at 1280x720 the cost, capacity and providers charts had no legend (its
    three rows took 73 px, more than the data they named): their colours were named only on
    hover. Rows as tall as their names (15 px) leave the data more room than the legend."""
    appearance().set_preference(theme, remember=False)
    try:
        window.resize(1280, 720)
        qtbot.wait(50)
        charts = (window.cost_chart, window.capacity_chart, window.risk_charts.providers)
        for chart in charts:
            assert chart.legend.isVisible(), chart.objectName()
            rows = {round(label.height()) for _sample, label in chart.legend.items}
            assert rows == {15}, (chart.objectName(), rows)
    finally:
        appearance().set_preference("light", remember=False)
