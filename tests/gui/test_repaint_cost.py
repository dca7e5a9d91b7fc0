"""What a slider move costs the screen (issue 28, docs/benchmarks.md), and that the cheaper
paths draw the same pixels as the full ones.

Timings are benchmark rows, never tests: these count the work instead (HTML parsed, text
laid out, a pane drawn by the style) and compare screenshots pixel for pixel.
"""

import os
import subprocess
import sys

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from gui.controls.steady import SteadyHeight
from gui.style.appearance import appearance
from gui.testing.testkit import set_control, wait_idle
from gui.views.cached_pane import CachedPaneTabs
from gui.views.charts.base import Chart
from gui.views.charts.items import Line, Markers
from gui.views.charts.legend import SmallSample
from gui.views.charts.stacked import StackedBars
from gui.views.headline import HeadlineLabel, clause_end, cut
from gui.views.kpi_tiles import VALUE_PT, _measured_width
from tests.paths import ROOT

pytestmark = pytest.mark.usefixtures("light_after")  # a theme test leaves light


def pixels(image: QImage) -> np.ndarray:
    """The image as an (h, w, 4) array, for a comparison that names where it differs."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    return rows[:, : image.width()].copy()


def assert_same_pixels(before: QImage, after: QImage) -> None:
    a, b = pixels(before), pixels(after)
    assert a.shape == b.shape
    differ = np.argwhere((a != b).any(axis=2))
    assert differ.size == 0, f"{len(differ)} pixels differ, first at (y, x) {tuple(differ[0])}"


def settled_grab(window) -> QImage:
    """The window once every view has drawn and every axis has dropped a drag's room."""
    wait_idle(window)
    for chart in window.charts():
        if chart._settle_timer.isActive():  # as its timer would, SETTLE_MS after a drag
            chart._settle_timer.stop()
            chart.settle_axes()
    wait_idle(window)
    return window.grab().toImage()


def drag_and_back(window) -> None:
    for scale in (2.0, 4.5, 7.0, 10.0, 6.0, 3.0, 1.0):
        set_control(window, "scaleSlider", scale)


def test_a_drag_and_back_draws_the_window_it_started_from(window):
    """Every in-place path (titles, tiles, headline, bars, lines) lands where it started:
    the default, dragged to 10x and back, draws the same window again.

    Compared after one drag: pyqtgraph's axes keep up to 10 px of a wider label's room
    (its `autoReduceTextSpace`), so a fresh window's axes can be narrower than any after.
    """
    drag_and_back(window)
    before = settled_grab(window)
    drag_and_back(window)
    window.document.set_year(2028)
    window.document.set_year(2029)
    assert_same_pixels(before, settled_grab(window))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_restyling_from_scratch_changes_no_pixel(window, theme):
    """After a drag, the full paths (HTML titles, every style sheet, every axis) draw
    exactly what the in-place updates left on screen."""
    appearance().set_preference(theme, remember=False)
    for scale in (3.0, 8.0, 5.5):
        set_control(window, "scaleSlider", scale)
    incremental = settled_grab(window)
    for chart in window.charts():
        chart._show_title()  # pyqtgraph's setTitle: new HTML, laid out again
    appearance().changed.emit()  # every view restyled as on a theme change
    assert_same_pixels(incremental, settled_grab(window))


def test_a_new_title_is_not_parsed_as_html(window, monkeypatch):
    label = window.cost_chart.plot_item.titleLabel
    parsed: list[str] = []
    monkeypatch.setattr(label, "setText", lambda text, **opts: parsed.append(text))
    before = window.cost_chart.title
    set_control(window, "scaleSlider", 4.0)
    assert window.cost_chart.title != before  # the present cost moved
    assert label.item.toPlainText() == window.cost_chart.title
    assert parsed == []


def test_markers_compute_their_bounds_once_per_change(window, monkeypatch):
    markers = [i for c in window.charts() for i in c.scene().items() if isinstance(i, Markers)]
    computed: list[object] = []
    stock = pg.ScatterPlotItem.boundingRect
    monkeypatch.setattr(
        pg.ScatterPlotItem, "boundingRect", lambda self: computed.append(self) or stock(self)
    )
    # One change: the move. The axes' settle 0.4 s later (done at once by the testkit's
    # wait_idle) is a change of its own.
    monkeypatch.setattr(Chart, "settle_pending", lambda self: None)
    set_control(window, "scaleSlider", 6.0)
    assert 0 < len(computed) <= 3 * len(set(map(id, computed)))  # Qt asks ~4 times per change
    for marker in markers:  # never stale: what pyqtgraph would compute now
        assert marker.boundingRect() == stock(marker)


STOCK_OPTS = ("x", "width", "y0", "height", "brush", "pen")


def swatch(sample: SmallSample, background: str) -> QImage:
    image = QImage(SmallSample.SIZE_PX, SmallSample.SIZE_PX, QImage.Format.Format_ARGB32)
    image.fill(pg.mkColor(background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    sample.paint(painter)
    painter.end()
    return image


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_one_item_draws_a_chart_s_bar_layers_as_one_stock_item_each_did(window, theme):
    """The stacked bars of the cost, capacity and provider charts, each chart's drawn by
    one item, are the pixels pyqtgraph's BarGraphItem drew for each layer (the old way):
    bars, the shortfall's outline, a layer hidden from its legend swatch, and the swatches."""
    appearance().set_preference(theme, remember=False)
    for scale in (3.0, 1.0):  # at 1x short in the last years: outlined boxes
        set_control(window, "scaleSlider", scale)
    charts = [window.cost_chart, window.capacity_chart, window.risk_charts.providers]
    window.cost_chart.layers[4].setVisible(False)  # as a click on its swatch does
    assert len(window.capacity_chart.shortfall.opts["x"]) > 0
    one_item = settled_grab(window)
    background = appearance().theme.background
    for chart in charts:
        assert isinstance(chart.stacked, StackedBars)
        chart.stacked.hide()
        for layer in chart.stacked.layers:
            stock = pg.BarGraphItem(**{key: layer.opts[key] for key in STOCK_OPTS})
            stock.setVisible(layer.isVisible())
            stock.setZValue(-0.5)  # under the lines, as the first items of the view were
            chart.plot_item.vb.addItem(stock)
            sample = next(s for s, _label in chart.legend.items if s.item is layer)
            assert_same_pixels(swatch(SmallSample(stock), background), swatch(sample, background))
    assert_same_pixels(one_item, settled_grab(window))


def test_a_move_bounds_each_chart_s_bars_once(window, monkeypatch):
    """Qt asks a changed item for its bounds ~4 times per repaint: the bars compute them
    once per change, and once for all the chart's layers."""
    computed: list[object] = []
    stock = StackedBars._bounds
    monkeypatch.setattr(StackedBars, "_bounds", lambda self: computed.append(self) or stock(self))
    set_control(window, "scaleSlider", 6.0)
    assert 0 < len(computed) <= 3 * len(set(map(id, computed)))
    for chart in (window.cost_chart, window.capacity_chart, window.risk_charts.providers):
        assert chart.stacked is not None
        assert chart.stacked.boundingRect() == stock(chart.stacked)  # never stale
        items = [i for i in chart.plot_item.vb.addedItems if isinstance(i, pg.BarGraphItem)]
        assert items == []  # no layer is an item of its own


def test_a_layer_changed_alone_repaints_its_own_area(window, monkeypatch):
    """As with an item per layer: new shortfall boxes repaint the boxes' old and new area,
    not the capacity chart's other bars, while the bars' bounds as a whole hold.

    At 1.7x the fleet is short in 2030 and 2031 only (106%, 170% busy), boxes under half
    the chart's height. The default was, until replicas were held to two scale-up domains;
    now it is short from 2029 to 288% busy, its boxes taller than the bars beneath them."""
    stacked, shortfall = window.capacity_chart.stacked, window.capacity_chart.shortfall
    set_control(window, "scaleSlider", 1.7)
    wait_idle(window)
    bounds = stacked.boundingRect()
    repainted: list[tuple[object, ...]] = []
    monkeypatch.setattr(stacked, "update", lambda *rect: repainted.append(rect))
    x, height, y0 = (shortfall.opts[key] for key in ("x", "height", "y0"))
    assert len(x) > 0
    shortfall.set_values(x=x, height=height / 2, y0=y0)
    assert stacked.boundingRect() == bounds
    [(area,)] = repainted
    boxes = QRectF(x[0] - 0.35, y0.min(), x[-1] - x[0] + 0.7, height.max())  # old and new
    assert area.contains(boxes)
    assert area.height() < bounds.height() / 2  # not the training and inference bars
    shortfall.set_values(x=x, height=height * 100, y0=y0)  # taller than the whole: all of it
    assert repainted[-1] == ()


def lines(window) -> list[Line]:
    return [item for c in window.charts() for item in c.scene().items() if isinstance(item, Line)]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_lines_moved_the_short_way_draw_what_pyqtgraph_s_path_draws(window, theme):
    """Marked lines (totals, right-axis lines, the risk index) given new points go
    straight to their curve and markers: the window is the one pyqtgraph's full
    `setData` draws for the same points."""
    appearance().set_preference(theme, remember=False)
    for scale in (3.0, 8.0, 5.5):
        set_control(window, "scaleSlider", scale)
    short_way = settled_grab(window)
    shown = lines(window)
    assert len(shown) >= 6
    for line in shown:
        pg.PlotDataItem.setData(line, line.xData.copy(), line.yData.copy())
    assert_same_pixels(short_way, settled_grab(window))


def test_a_scale_move_sets_no_line_through_pyqtgraph_s_path(window, monkeypatch):
    full: list[object] = []
    stock = pg.PlotDataItem.setData
    monkeypatch.setattr(
        pg.PlotDataItem, "setData", lambda self, *a, **k: full.append(self) or stock(self, *a, **k)
    )
    moved = {id(line): line.yData.copy() for line in lines(window)}
    set_control(window, "scaleSlider", 4.0)
    changed = [line for line in lines(window) if not np.array_equal(line.yData, moved[id(line)])]
    assert len(changed) >= 4  # the total, $/M tokens, utilization, HHI
    assert [line for line in full if isinstance(line, Line)] == []
    for line in changed:  # curve and markers show the new points
        assert np.array_equal(line.curve.yData, line.yData)
        assert np.array_equal(line.scatter.getData()[1], line.yData)
        assert line.getData()[1].tolist() == line.yData.tolist()  # the display data too


def test_the_headline_is_fitted_by_halving_and_asks_the_layout_nothing(window, monkeypatch):
    label = window.findChild(HeadlineLabel, "headlineLabel")
    words = label.full_text.split(" ")
    tried: list[str] = []
    measure = label._fits
    monkeypatch.setattr(label, "_fits", lambda text: tried.append(text) or measure(text))
    label._kept = 0  # as for a first headline: found by halving
    label._fit()
    assert 1 <= len(tried) <= 2 + int(np.ceil(np.log2(len(words))))
    shown = label.text()
    if shown != label.full_text:  # the longest prefix that fits: one word more does not
        kept = label._kept
        assert measure(" ".join(words[:kept]).rstrip(" ,;:.") + "…")
        assert not measure(" ".join(words[: kept + 1]).rstrip(" ,;:.") + "…")
        assert shown == cut(words, clause_end(words, kept))  # then back to a whole clause
        label.setText(shown)
        tried.clear()
        label._fit()  # the next figures of a drag: the last cut is tried first
        assert len(tried) <= 3
        assert label.text() == shown
    assert not label.hasHeightForWidth()  # its height is fixed: no text laid out to ask
    assert label.sizeHint().height() == label.height()


def test_a_move_measures_no_tile_text_twice(window, monkeypatch):
    """The tiles' size hints ask four text widths per tile on every layout pass: each is
    measured once per font, size and text, and the title is fitted only when the status or
    its room changes."""
    set_control(window, "scaleSlider", 3.0)
    set_control(window, "scaleSlider", 3.5)
    tiles = window.kpis.tiles.values()
    statuses = [tile.status for tile in tiles]
    fitted: list[str] = []
    for tile in tiles:
        monkeypatch.setattr(
            tile.title, "set_full_text", lambda _, t=tile: fitted.append(t.spec.name)
        )
    before = _measured_width.cache_info()
    set_control(window, "scaleSlider", 3.0)  # back to figures measured already
    after = _measured_width.cache_info()
    assert after.misses == before.misses
    assert after.hits > before.hits
    if [tile.status for tile in tiles] == statuses:
        assert fitted == []
    for tile in tiles:  # the same width as the label's own font gives
        font = QFont(tile.value.font())
        font.setPointSize(appearance().pt(VALUE_PT[tile.narrow]))
        box = QRect(0, 0, 100_000, 1_000)
        text = tile.value.text()
        expected = QFontMetrics(font).boundingRect(box, int(Qt.AlignmentFlag.AlignLeft), text)
        assert tile._text_width(tile.value, VALUE_PT[tile.narrow], text) == expected.width()


class LayoutRequests(QObject):
    """Counts the layout requests that reach `widgets`, by objectName."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen.append(watched.objectName())
        return False


def test_a_move_lays_out_neither_the_tile_row_nor_the_control_column(window):
    """New figures as wide as the last, a GPU count on as many lines and a new headline
    stop at their labels: no layout pass of a tile, the KPI row, the window's centre or
    the controls."""
    set_control(window, "scaleSlider", 3.0)
    wait_idle(window)
    tiles = window.kpis.tiles.values()
    hinted = [tile._hinted for tile in tiles]
    figures = [tile.value.text() for tile in tiles]
    count = window.findChild(QLabel, "gpuCountLabel")
    words, height = count.text(), count.height()
    group = window.findChild(QWidget, "group_Cluster")
    headline = window.findChild(HeadlineLabel, "headlineLabel")
    said = headline.text()
    centre = window.kpis.parentWidget()
    bodies = [tile.body for tile in tiles]
    watched = (window.kpis, window.controls, group, centre, window.centralWidget(), *bodies)
    requests = LayoutRequests(*watched)
    set_control(window, "scaleSlider", 3.5)
    wait_idle(window)
    assert [tile.value.text() for tile in tiles] != figures
    assert count.text() != words
    assert headline.text() != said
    assert [tile._hinted for tile in tiles] == hinted
    assert count.height() == height
    assert requests.seen == []


@pytest.mark.parametrize("size", [(1600, 1000), (1280, 720)])
def test_a_new_width_or_height_still_reaches_the_layout(window, size):
    """Fresh hints for every tile, the GPU count and the headline change no pixel: no hint went stale
    (at 1280x720 the row is short of its hints, so each tile's share follows them)."""
    window.resize(*size)
    for scale in (3.0, 8.5, 10.0, 1.5, 6.0):  # figures grow and shrink a digit
        set_control(window, "scaleSlider", scale)
    incremental = settled_grab(window)
    holders = [
        window.findChild(QLabel, name).parent() for name in ("gpuCountLabel", "headlineLabel")
    ]
    assert all(isinstance(holder, SteadyHeight) for holder in holders)
    for tile in window.kpis.tiles.values():
        assert tile.sizeHint().width() == tile._measure(tile.narrow, None, False)  # never stale
        assert tile.minimumSizeHint().width() == tile._measure(True, None, True)
        tile._pins.release()  # its parts laid out afresh too
        tile.updateGeometry()
    for holder in holders:
        holder.updateGeometry()
    assert_same_pixels(incremental, settled_grab(window))


def _tabs(kind: type[QTabWidget]) -> QTabWidget:
    tabs = kind()
    for name in ("Routing", "Products", "Models"):
        tabs.addTab(QWidget(), name)
    tabs.resize(900, 260)
    tabs.show()
    return tabs


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_cached_pane_is_the_style_s_pane(qtbot, theme):
    appearance().set_preference(theme, remember=False)
    stock, cached = _tabs(QTabWidget), _tabs(CachedPaneTabs)
    for tabs in (stock, cached):
        tabs.setCurrentIndex(1)
        qtbot.addWidget(tabs)
    wait_idle(cached)
    assert_same_pixels(stock.grab().toImage(), cached.grab().toImage())


def test_the_pane_is_drawn_once_per_size(qtbot, monkeypatch):
    tabs = _tabs(CachedPaneTabs)
    qtbot.addWidget(tabs)
    wait_idle(tabs)
    drawn: list[object] = []
    draw = tabs._draw_pane
    monkeypatch.setattr(tabs, "_draw_pane", lambda option: drawn.append(option) or draw(option))
    tabs.repaint()
    drawn.clear()  # drawn for its first paint (or before); copied since
    for _ in range(3):
        tabs.repaint()
    assert drawn == []
    tabs.resize(700, 200)
    wait_idle(tabs)
    for _ in range(3):
        tabs.repaint()
    assert len(drawn) == 1
    tabs.setCurrentIndex(2)  # the selected tab's edge is part of the pane
    tabs.repaint()
    assert len(drawn) == 2


def test_a_whole_window_repaint_copies_the_tables_pane(window, monkeypatch):
    tables = window.tables
    assert isinstance(tables, CachedPaneTabs)
    window.repaint()
    drawn: list[object] = []
    monkeypatch.setattr(tables, "_draw_pane", lambda option: drawn.append(option))
    for _ in range(3):
        window.repaint()
    assert drawn == []


def test_the_app_paints_without_qt_s_gui_thread_pool():
    """On two shared cores Qt's hand-off of big fills to a pool thread cost more than the
    fill; the switch is read when the first window paints, so the app sets it first."""
    environment = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    probe = "import os; from gui.app import application; application(); "
    probe += "print(os.environ.get('QT_NO_GUI_THREADPOOL'))"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment | {"QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "1"
