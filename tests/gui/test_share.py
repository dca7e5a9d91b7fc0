"""Sharing: exports, the PDF brief, themes, presentation mode, sources, keyboard access."""

import re
import shutil
import subprocess

import pytest
from contrast import contrast
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

import core
from cli.main import main
from gui.style.appearance import PRESENTATION_SCALE, appearance
from gui.style.theme import DARK, LIGHT


@pytest.fixture
def window(scaledeck_window):
    return scaledeck_window


@pytest.fixture(autouse=True)
def light_at_desk():
    """Every test starts and ends in the light theme at desk scale."""
    yield
    if QApplication.instance() is not None:
        look = appearance()
        look.set_preference("system", remember=False)
        look.set_scale(1.0)


# Tables and the XLSX ------------------------------------------------------------------
# The PDF brief ------------------------------------------------------------------------
def test_report_writes_a_brief_with_charts_kpis_risks_and_inputs(tmp_path, capsys):
    """The brief of 2028, when the default's fleet is in band (71% busy): its tile's reason
    "in band: 50-100%" is cut to a whole clause. It was the default year, 2029, until
    replicas were held to two scale-up domains: 2029 is now 113% busy, short."""
    out = tmp_path / "brief.pdf"
    assert main(["report", str(out), "--year", "2028"]) == 0
    assert "wrote" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    for expected in (
        "ScaleDeck brief: Baseline",
        "2028: $3.41B this year. Present cost $18.29B",  # the headline, as the tile says it
        "CAPEX",  # the tiles' titles, short on eight narrow tiles
        "SITE",
        "$3.41",
        "✕ ACT",
        "Top risks, by dollars at stake",
        "partner HHI 4,177-4,369 in every year",  # grouped, not six lines
        "Key inputs and their sources",
        "Capex per GPU",
        "$50,000",
        "training MFU",
        "price change",
        "-30%/yr",
        "COST",
        "CAPACITY",
        "QUALITY",
    ):
        assert expected in text, expected
    assert "in band" in text  # a tile's reason drops whole clauses, as on screen
    first = text.split("\f")[0]  # the tiles' page (the sources are cut at words, page 2)
    assert not re.search(r"\w…| …", first)  # never "in band: 50-10…" nor "under …"
    assert "fleet.pue" not in text  # labels, never field paths
    assert not re.search(r"\de[+-]\d", text)  # nor scientific notation
    risks = text.index("Outside providers highly concentrated")
    assert risks < text.index("Capacity shortfall")  # $10.62B at stake before $0.33B
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], timeout=60, check=True
    )
    first = QImage(str(tmp_path / "page-1.png"))
    assert first.width() > first.height()  # landscape A4
    colors = {
        first.pixelColor(x, y).name()
        for x in range(0, first.width(), 7)
        for y in range(first.height() // 3, first.height(), 7)
    }
    assert "#d55e00" in colors or len(colors) > 50  # the charts' bars are on the page


# Exports from the window --------------------------------------------------------------
def test_chart_exports_to_png_and_svg_with_a_stamp(window, tmp_path):
    png, svg = tmp_path / "cost.png", tmp_path / "cost.svg"
    assert window.exports.image_to(window.cost_chart, png)
    assert window.exports.image_to(window.cost_chart, svg)
    image = QImage(str(png))
    assert image.width() == 2 * window.cost_chart.width()
    assert image.height() > 2 * window.cost_chart.height()  # the footer with the stamp
    assert "scenario Baseline" in image.text("Description")
    text = svg.read_text()
    assert text.startswith("<?xml")
    assert "scenario Baseline" in text
    assert "Fleet: 15,000 GPUs" in text


def test_chart_context_menu_offers_png_and_svg(window, monkeypatch, tmp_path):
    asked = []
    window.quality_chart.exportRequested.connect(lambda c, s: asked.append((c, s)))
    target = tmp_path / "quality.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    menu = window.quality_chart.context_menu()
    names = {a.objectName(): a for a in menu.actions()}
    assert list(names) == ["exportChartPngAction", "exportChartSvgAction"]
    names["exportChartSvgAction"].trigger()
    assert asked == [(window.quality_chart, ".svg")]
    assert target.read_text().startswith("<?xml")  # the window took the request
    menu.deleteLater()


def test_a_chart_no_one_exports_offers_no_menu(qapp):
    import core
    from gui.document import ScenarioDocument
    from gui.views.charts.risk_charts import QualityChart

    chart = QualityChart(ScenarioDocument(core.default_scenario()))
    assert chart.context_menu() is None
    chart.deleteLater()


def test_file_export_menu_writes_results_brief_and_dashboard(window, monkeypatch, tmp_path):
    targets = iter([tmp_path / "r", tmp_path / "b.pdf", tmp_path / "dash.png"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    for name in ("exportXlsxAction", "exportBriefAction", "exportDashboardAction"):
        window.findChild(type(window.menuBar().actions()[0]), name).trigger()
    assert (tmp_path / "r.xlsx").exists()  # the suffix is added when the user leaves it out
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert QImage(str(tmp_path / "dash.png")).width() == 2 * window.width()
    assert "dash.png" in window.statusBar().currentMessage()


def test_a_failed_export_says_why_and_leaves_nothing(window, dialogs, tmp_path):
    (tmp_path / "out").mkdir()
    not_a_folder = tmp_path / "out" / "notes.txt"
    not_a_folder.write_text("mine")
    assert not window.exports.results_to(not_a_folder / "r.xlsx")
    [(name, text)] = dialogs.shown
    assert name == "exportErrorDialog"
    assert "r.xlsx could not be written: part of its folder path is a file, not a folder" in text
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"]
    assert not_a_folder.read_text() == "mine"


# Themes and presentation mode ---------------------------------------------------------
def _background(chart) -> str:
    return chart.backgroundBrush().color().name()


def test_dark_theme_recolours_charts_tiles_and_table_and_is_remembered(window, qtbot):
    window.findChild(type(window.menuBar().actions()[0]), "themeDarkAction").trigger()
    assert appearance().theme is DARK
    assert all(_background(c) == DARK.background.lower() for c in window.charts())
    total = window.cost_chart.total.opts["pen"].color().name()
    assert total == DARK.ink.lower()  # the total line is drawn in the theme's ink
    palette = QApplication.instance().palette()
    assert palette.color(palette.ColorRole.Window).name() == DARK.panel.lower()
    model = window.tables.routing_model
    cell = model.index(1, 6)  # Excel on GPT-5 class: under its floor
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == QColor(DARK.under_floor)
    from gui.settings import settings

    assert settings().value("view/theme") == "dark"
    appearance().set_preference("light", remember=False)
    appearance().load_preference()
    assert appearance().theme is DARK


def test_system_preference_follows_the_colour_scheme(window, monkeypatch):
    look = appearance()
    look.set_preference("system", remember=False)
    assert look.theme is LIGHT  # offscreen reports no scheme: light
    monkeypatch.setattr(
        "gui.style.appearance.Appearance._system_scheme", lambda self: Qt.ColorScheme.Dark
    )
    look._system_changed(Qt.ColorScheme.Dark)
    assert look.theme is DARK
    assert _background(window.cost_chart) == DARK.background.lower()


def test_both_themes_have_readable_text():
    for theme in (LIGHT, DARK):
        for color in (theme.foreground, theme.muted, theme.warning, theme.good, theme.accent):
            assert contrast(color, theme.background) >= 4.5, (theme.name, color)


def test_presentation_mode_enlarges_hides_and_esc_restores(window, qtbot, monkeypatch):
    monkeypatch.setattr(window.presentation, "screen_width", lambda: 1920)  # a projector
    font_before = QApplication.instance().font().pointSize()
    present = window.findChild(type(window.menuBar().actions()[0]), "presentationAction")
    assert present.shortcut().toString() == "F11"
    present.trigger()
    assert window.isFullScreen()
    assert not window.control_pane.is_visible()
    assert not window.tables.isVisible()
    assert appearance().scale == PRESENTATION_SCALE
    assert QApplication.instance().font().pointSize() > font_before
    assert window.cost_chart.total.opts["pen"].widthF() == pytest.approx(2 * PRESENTATION_SCALE)
    window.findChild(type(present), "controlsAction").trigger()  # a live what-if in the meeting
    assert window.control_pane.is_visible()
    qtbot.keyClick(window.cost_chart, Qt.Key.Key_Escape)
    assert not window.isFullScreen()
    assert not present.isChecked()
    assert window.control_pane.is_visible()
    assert window.tables.isVisible()
    assert QApplication.instance().font().pointSize() == font_before


@pytest.mark.parametrize(("screen_width", "alone"), [(1280, 1.45), (1366, 1.45), (1920, 1.45)])
def test_presentation_with_the_controls_fits_the_screen(window, monkeypatch, screen_width, alone):
    monkeypatch.setattr(window.presentation, "screen_width", lambda: screen_width)
    window.presentation.set_active(True)
    assert appearance().scale == alone  # charts and tiles alone fit at the projector's size
    assert window.minimumSizeHint().width() <= screen_width
    window.control_pane.set_visible(True)  # View > Controls: a live what-if
    assert window.minimumSizeHint().width() <= screen_width
    assert 1.0 <= appearance().scale <= PRESENTATION_SCALE
    if screen_width < 1600:
        assert appearance().scale < PRESENTATION_SCALE  # it would not fit at 1.45
    window.control_pane.set_visible(False)
    assert appearance().scale == PRESENTATION_SCALE
    window.presentation.set_active(False)
    assert appearance().scale == 1.0


# Sources and keyboard -----------------------------------------------------------------
def test_sources_tab_lists_every_number_with_its_source(window):
    window.tables.setCurrentWidget(window.tables.sources_page)
    model = window.tables.sources_model
    rows = {model.index(r, 0).data(): model.index(r, 2).data() for r in range(model.rowCount())}
    assert rows["Power usage effectiveness, PUE (x)"] == "sourced"
    assert rows["GitHub Copilot: growth (% a year)"] == "illustrative"
    assert "no source given" not in rows.values()
    paths = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    growth = paths.index("products.GitHub Copilot.growth")  # the field stays one hover away
    assert model.index(growth, 0).data() == "GitHub Copilot: growth (% a year)"
    assert model.index(growth, 0).data(Qt.ItemDataRole.ToolTipRole).startswith(paths[growth])
    shown = window.document.scenario.products[0].growth * 100  # a fraction, shown in percent
    assert model.index(growth, 1).data() == f"{shown:g}"


def test_sources_tab_shows_each_gpus_owned_cost_beside_the_published_tco(window, qtbot):
    """Ours is the model's own fleet money for one GPU an hour (core.owned_usd_per_gpu_hour)."""
    window.tables.setCurrentWidget(window.tables.sources_page)
    model = window.tables.gpu_tco_model
    scenario = window.document.scenario
    gpus = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert gpus == [g.name for g in scenario.gpu_catalog]
    assert window.tables.findChild(QWidget, "gpuTcoTable") is window.tables.gpu_tco
    row = {name: [model.index(r, c).data() for c in range(3)] for r, name in enumerate(gpus)}
    assert row["H100"][:2] == ["$1.75", "$1.17"]  # docs/model.md#F-owned-gpu-hour
    assert row["GB200"][:2] == ["$2.97", "$1.86"]
    assert row["H100"][2] == "SemiAnalysis AI Cloud TCO Model, July 2026 pricing surveys"
    citation = model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)  # the whole, on hover
    assert "semianalysis.com/ai-cloud-tco-model" in citation
    assert "Owning at Large Hyperscaler Volume" in citation
    window.document.edit(
        {
            "fleet.electricity_usd_per_kwh": 0.16,
            "gpu_catalog[0].published_tco_usd_per_gpu_hour": None,
        },
        "dearer power, no published H100 figure",
    )
    ours = core.owned_usd_per_gpu_hour(window.document.scenario)["H100"]
    qtbot.waitUntil(lambda: model.index(0, 0).data() == f"${ours:,.2f}" == "$1.83")
    assert [model.index(0, c).data() for c in (1, 2)] == ["no published figure"] * 2


def _focusable(window) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(window)
        and w.objectName() != "qt_spinbox_lineedit"  # the spin box's own editor: one control
    ]


def test_every_control_has_an_accessible_name(window):
    unnamed = [
        f"{type(w).__name__} {w.objectName()}" for w in _focusable(window) if not w.accessibleName()
    ]
    assert unnamed == []


def test_tab_walks_the_controls_top_to_bottom(window):
    order, widget = [], window.controls.year.focusProxy()
    for _ in range(60):
        order.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(window)):
            widget = widget.nextInFocusChain()
        if widget.accessibleName() == "COST":
            break
    assert order[:5] == [  # the year first: it sits on top, in reach at any window size
        "Selected year",
        "Selected year, value",
        "Scale",
        "Scale, value",
        "GPU generation",
    ]
    names = [n for n in order if not n.endswith(", value")]
    assert names.index("Partner price change") < names.index("MAI-2 on")
    assert names.index("MAI-2 on") < names.index("Demand growth")


def test_a_slider_is_operable_by_keyboard(window, qtbot):
    slider = window.controls.slider("scaleSlider")
    before = window.document.scenario.fleet.scale
    slider.focusProxy().setFocus()
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: window.document.scenario.fleet.scale == pytest.approx(before + 1.0))
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_End)
    qtbot.waitUntil(lambda: window.document.scenario.fleet.scale == 10.0)
    qtbot.keyClick(slider.focusProxy(), Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: window.document.scenario.fleet.scale == pytest.approx(9.9))


def test_every_chart_offers_its_exports(window):
    from gui.views.charts.base import Chart

    compare, analysis = window.show_compare(), window.show_analysis()
    charts = [c for w in (window, compare, analysis) for c in w.findChildren(Chart)]
    assert len(charts) >= 6 + 3 + 4
    assert all(c.context_menu() is not None for c in charts)  # each one's exports are taken
    compare.close()
    analysis.close()
