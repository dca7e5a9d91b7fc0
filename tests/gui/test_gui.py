"""The dashboard, driven as a tester would: controls found by objectName, effects checked."""

import json
import subprocess
import sys

import numpy as np
import pytest
from paths import DATA, ROOT
from processes import offscreen_env
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QWidget
from superqt import QLabeledDoubleSlider

import core
from core.scenario.files import workbook_to_json
from gui.app import application
from gui.controls.specs import SLIDERS
from gui.main_window import MainWindow
from gui.views.kpi_tiles import KpiTile

ARTIFACTS = ROOT / "test-artifacts"


def move(qtbot, win: MainWindow, name: str, value: float) -> None:
    slider = win.findChild(QLabeledDoubleSlider, name)
    assert slider is not None, name
    slider.setValue(value)
    qtbot.waitUntil(lambda: abs(slider.value() - value) < 1e-9)
    qtbot.wait(40)  # the throttle's trailing call applies the last value


def tile(win: MainWindow, name: str) -> float:
    widget = win.findChild(KpiTile, name)
    assert widget is not None, name
    return widget.number


def kpi(win: MainWindow, column: str) -> float:
    return float(win.document.results.by_year.loc[win.document.year, column])


def test_scale_up_raises_capacity_and_lowers_utilization(qtbot, window):
    capacity_before = window.capacity_chart.capacity.yData.copy()
    utilization_before = tile(window, "kpiUtilization")
    move(qtbot, window, "scaleSlider", 6.0)
    assert window.document.scenario.fleet.scale == pytest.approx(6.0)
    assert (window.capacity_chart.capacity.yData[-1]) > capacity_before[-1]
    assert tile(window, "kpiUtilization") < utilization_before
    assert tile(window, "kpiGpus") == pytest.approx(90_000)


def test_price_shock_up_raises_partner_spend(qtbot, window):
    before = kpi(window, "partner_spend_usd")
    partner_bars = window.cost_chart.layers[4].opts["height"].copy()
    move(qtbot, window, "priceShockSlider", 2.0)
    assert kpi(window, "partner_spend_usd") == pytest.approx(2 * before)
    assert (window.cost_chart.layers[4].opts["height"] > partner_bars).all()
    assert (
        tile(window, "kpiTotalCost")
        > window.document.reference_results.by_year.loc[window.document.year, "total_cost_usd"]
    )


def test_in_house_shift_lowers_partner_spend_and_buys_burst_outside(qtbot, window):
    """On the default fleet the moved tokens are more than it holds in 2029: cloud burst
    serves them, outside, so the external share rises (docs/model.md#F-external-share)."""
    external, spend, used = (
        tile(window, "kpiExternalShare"),
        kpi(window, "partner_spend_usd"),
        tile(window, "kpiUtilization"),
    )
    move(qtbot, window, "inHouseShiftSlider", 60.0)
    assert tile(window, "kpiExternalShare") > external
    assert kpi(window, "partner_spend_usd") < spend
    assert tile(window, "kpiUtilization") > used


@pytest.mark.parametrize(
    ("name", "value", "column", "direction"),
    [
        ("capexSlider", 80.0, "total_cost_usd", 1),
        ("pueSlider", 1.6, "power_usd", 1),
        ("electricitySlider", 0.15, "power_usd", 1),
        ("availabilitySlider", 80.0, "capacity_gpu_hours", -1),
        ("growthSlider", 2.0, "tokens", 1),
        ("priceChangeSlider", -10.0, "partner_spend_usd", 1),
        ("targetYearSlider", 2027, "gpus", 0),
        ("mfuSlider", 20.0, "demand_gpu_hours", 0),
    ],
)
def test_every_slider_moves_its_numbers(qtbot, window, name, value, column, direction):
    if name in ("targetYearSlider", "capexSlider"):
        move(qtbot, window, "scaleSlider", 4.0)
        window.document.set_year(2027)
    if name == "mfuSlider":
        window.document.set_year(2028)  # the MAI-2 training year
    before = kpi(window, column)
    move(qtbot, window, name, value)
    after = kpi(window, column)
    if direction == 0:
        assert after != pytest.approx(before)
    else:
        assert np.sign(after - before) == direction


def test_generation_combo_switches_gpu_and_its_prices(qtbot, window):
    combo = window.findChild(QComboBox, "generationCombo")
    move(qtbot, window, "scaleSlider", 5.0)
    combo.setCurrentText("B200")
    assert window.document.scenario.fleet.gpu == "B200"
    assert window.document.scenario.fleet.capex_per_gpu_usd == 70_000
    assert kpi(window, "serving_speed_factor") > 1.0


def test_one_drag_is_one_undo_step(qtbot, window):
    slider = window.findChild(QLabeledDoubleSlider, "scaleSlider")
    for value in np.linspace(1.5, 7.0, 12):
        slider.setValue(float(value))
        qtbot.wait(5)
    qtbot.wait(40)
    slider.sliderReleased.emit()
    assert window.document.scenario.fleet.scale == pytest.approx(7.0)
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert window.document.scenario.fleet.scale == 1.0
    assert slider.value() == pytest.approx(1.0)


def test_routing_edit_keeps_row_at_100_and_changes_risk_chart(qtbot, window):
    table = window.findChild(QTableView, "routingTable")
    model = table.model()
    bars_before = window.risk_charts.external.bars_item.opts["width"].copy()
    column = 3 + [m.name for m in window.document.scenario.models].index("MAI-1-preview")
    assert model.setData(model.index(0, column), 50, Qt.ItemDataRole.EditRole)
    routing = window.document.scenario.products[0].routing
    assert sum(routing.values()) == pytest.approx(1.0)
    assert routing["MAI-1-preview"] == pytest.approx(0.5)
    assert routing["GPT-5 class"] == pytest.approx(0.3)  # 60:40 kept among the others
    assert window.risk_charts.external.bars_item.opts["width"][0] < bars_before[0]


def test_partner_cell_of_in_house_only_product_is_not_editable(window):
    model = window.findChild(QTableView, "routingTable").model()
    row = [p.in_house_only for p in window.document.scenario.products].index(True)
    column = 3 + [m.kind for m in window.document.scenario.models].index("partner")
    index = model.index(row, column)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert "in-house only" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_routing_model_passes_qtmodeltester(qtmodeltester, window):
    qtmodeltester.check(window.tables.routing_model)


def test_invalid_edit_is_rejected_and_said(qtbot, window):
    before = window.document.scenario
    with qtbot.waitSignal(window.document.editRejected, timeout=1000) as signal:
        assert not window.document.edit({"fleet.scale": 50.0}, "too big")
    assert window.document.scenario is before
    assert "fleet.scale: 50 is above the maximum 10" in signal.args[0]


def test_year_slider_drives_tiles_and_year_line(qtbot, window):
    from superqt import QLabeledSlider

    year = window.findChild(QLabeledSlider, "yearSlider")
    year.setValue(2026)
    assert window.document.year == 2026
    assert window.cost_chart.year_line.value() == 2026
    assert tile(window, "kpiUtilization") == pytest.approx(kpi(window, "utilization"))


def _visible_rect(widget: QWidget, win: MainWindow) -> QRect:
    return QRect(widget.mapTo(win, widget.rect().topLeft()), widget.size())


def test_1280x800_has_no_clipped_or_overlapping_widgets(qtbot, window):
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    application().processEvents()
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / "window-1280x800.png"))
    inside = window.rect()
    panels = [
        window.cost_chart,
        window.capacity_chart,
        window.risk_charts.external,
        window.risk_charts.providers,
        window.risk_charts.index,
        window.quality_chart,
        window.tables,
        *window.kpis.tiles.values(),
    ]
    rects = [_visible_rect(w, window) for w in panels]
    for widget, rect in zip(panels, rects, strict=True):
        assert inside.contains(rect), widget.objectName()
        # A tile needs the width of its figure (its minimum); a chart or table 120 px.
        least = widget.minimumSizeHint().width() if isinstance(widget, KpiTile) else 120
        assert rect.width() >= least, widget.objectName()
        assert rect.height() >= 60, widget.objectName()
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b)
    charts = [w for w in panels if hasattr(w, "plot_item")]
    for chart in charts:  # a plot wider than its widget is cut off at the right
        assert chart.plot_item.geometry().width() <= chart.width() + 0.5, chart.objectName()


def test_every_control_has_an_object_and_accessible_name(window):
    from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QCheckBox

    controls = [
        w
        for t in (QAbstractSlider, QAbstractSpinBox, QComboBox, QCheckBox)
        for w in window.controls.findChildren(t)
    ]
    named = [w for w in controls if w.objectName() and not w.objectName().startswith("qt_")]
    assert len(named) >= 15
    for widget in named:
        if isinstance(widget, QLabeledDoubleSlider | QComboBox | QCheckBox):
            assert widget.accessibleName(), widget.objectName()


def test_screenshot_command_in_a_subprocess_writes_a_real_png(tmp_path):
    out = tmp_path / "s.png"
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=offscreen_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    colors = {image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 29)}
    assert len(colors) > 20  # charts drawn, not a blank window


def test_products_tab_shows_the_selected_year_when_opened(qtbot, window):
    move(qtbot, window, "scaleSlider", 3.0)
    window.tables.setCurrentWidget(window.tables.products_page)
    model = window.tables.products_model
    assert model.rowCount() == len(window.document.scenario.products)
    assert model.data(model.index(0, 0)).endswith("tokens")


@pytest.mark.parametrize(
    ("chart", "x", "y", "expected"),
    [
        ("cost_chart", 2029, 1, "Cost per million tokens: $"),
        ("capacity_chart", 2028, 100, "GPUs"),
        ("quality_chart", 50, 1, "floor"),
        ("risk_charts.external", 50, 0, "T tokens served outside"),
        ("risk_charts.providers", 2029, 50, "HHI"),
        ("risk_charts.index", 2029, 50, "risk index"),
    ],
)
def test_hovering_a_chart_reads_exact_values_with_units(window, chart, x, y, expected):
    target = window
    for part in chart.split("."):
        target = getattr(target, part)
    assert expected in target.describe(x, y)
    assert target.describe(x + 40, y + 400) is None or chart in (
        "quality_chart",
        "risk_charts.external",
    )


@pytest.mark.parametrize(
    ("value", "top"),
    [(1.0, 1.0), (1.01, 1.5), (3.7, 4.0), (0.31, 0.4), (412.0, 500.0), (9.2e6, 1e7)],
)
def test_nice_ceiling(value, top):
    from gui.views.charts.axes import nice_ceiling

    assert nice_ceiling(value) == pytest.approx(top)


def test_y_axis_holds_still_during_a_drag_and_follows_big_changes(qtbot, window):
    chart = window.cost_chart
    top = chart.plot_item.viewRange()[1][1]
    move(qtbot, window, "electricitySlider", 0.085)  # a small move: the axis stays
    assert chart.plot_item.viewRange()[1][1] == pytest.approx(top)
    move(qtbot, window, "priceShockSlider", 3.0)  # costs triple: the axis grows to fit
    total = window.document.results.series("total_cost_usd").max() / 1e9
    assert total <= chart.plot_item.viewRange()[1][1] < 3 * total


def test_routing_table_repaints_only_when_what_it_shows_changes(qtbot, window):
    model = window.tables.routing_model
    with qtbot.assertNotEmitted(model.dataChanged, wait=50):
        move(qtbot, window, "scaleSlider", 5.0)  # no share, quality or floor changes
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        move(qtbot, window, "inHouseShiftSlider", 50.0)  # effective shares change
    column = 3 + [m.name for m in window.document.scenario.models].index("MAI-2")
    index = model.index(0, column)  # in 2029 GitHub Copilot's shifted traffic goes to MAI-2
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "0% → 50%"  # all 100% was partner


def test_a_routing_cell_s_arrow_always_changes_the_figure(window):
    """At 2x filled to 99% busy, 2030's cells read "60% → 60%" and "0% → 0% ⚠" (0.09%)."""
    from gui.testing.testkit import find, set_control, wait_idle

    set_control(window, "scaleSlider", 2.0)
    set_control(window, "fillTargetSpin", 99)
    find(window, "fillFleetButton").click()
    wait_idle(window)
    set_control(window, "yearSlider", 2030)
    model = window.tables.routing_model
    arrows = []
    for row in range(model.rowCount()):
        for column in range(3, model.columnCount()):
            text = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if "→" in text:
                routed, served = text.removesuffix(" ⚠").split(" → ")
                tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
                assert f"{routed} routed, {served} effective in 2030" in tip
                arrows.append((routed, served))
    assert arrows
    assert all(routed != served for routed, served in arrows)
    assert ("60%", "59.9%") in arrows  # GitHub Copilot on GPT-5: whole percent, then a decimal


def test_a_scale_move_sets_only_the_chart_items_it_changes(qtbot, window):
    """Demand and the HHI's act line does not depend on the fleet: not set again (a repaint)."""
    capacity, providers = window.capacity_chart, window.risk_charts.providers
    items = {
        "training bars": (capacity.training, "setOpts"),
        "shortfall bars": (capacity.shortfall, "setOpts"),
        "act line": (providers.threshold, "setData"),
        "HHI line": (providers.hhi, "setData"),
    }
    changed: set[str] = set()
    for name, (item, method) in items.items():
        original = getattr(item, method)
        setattr(item, method, lambda *a, o=original, n=name, **k: (changed.add(n), o(*a, **k)))
    move(qtbot, window, "scaleSlider", 5.0)
    assert changed == {"shortfall bars", "HHI line"}


def test_markers_follow_their_lines_through_moves_and_a_new_horizon(qtbot, window):
    """Markers moved in place (same count, same style) sit where the line's points are."""
    lines = [window.cost_chart.total, window.cost_chart.per_token.curve]
    for value in (5.0, 2.5):
        move(qtbot, window, "scaleSlider", value)
        for line in lines:
            x, y = line.scatter.getData()
            assert np.array_equal(x, line.xData)
            assert np.array_equal(y, line.yData, equal_nan=True)
    window.document.edit({"horizon.end_year": 2033}, "Longer horizon")  # more markers
    for line in lines:
        assert len(line.scatter.getData()[0]) == len(line.xData) == 8


def test_in_house_model_switch_and_first_year(qtbot, window):
    from PySide6.QtWidgets import QCheckBox, QSpinBox

    doc = window.document
    training_2028 = doc.results.kpi("training_gpu_hours", 2028)
    window.findChild(QCheckBox, "modelEnabled_MAI_2").setChecked(False)
    assert not doc.scenario.model_named("MAI-2").enabled
    assert doc.results.kpi("training_gpu_hours", 2028) == 0 < training_2028
    window.findChild(QSpinBox, "modelFromYear_MAI_1_preview").setValue(2027)
    assert doc.scenario.model_named("MAI-1-preview").available_from == 2027
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert window.findChild(QCheckBox, "modelEnabled_MAI_2").isChecked()
    assert window.findChild(QSpinBox, "modelFromYear_MAI_1_preview").value() == 2025


def test_a_first_year_in_the_training_year_is_marked_with_why(qtbot, window):
    """MAI-2 is trained in 2028: set to serve from 2028 its spin warns and says it serves
    from 2029 (docs/model.md#F-serving-year); back to 2029 the warning goes."""
    from PySide6.QtWidgets import QSpinBox

    spin = window.findChild(QSpinBox, "modelFromYear_MAI_2")
    assert spin.prefix() == "from "
    assert "⚠" not in spin.toolTip()
    spin.setValue(2028)
    assert window.document.scenario.model_named("MAI-2").available_from == 2028
    assert spin.prefix() == "⚠ from "
    assert spin.toolTip().startswith(
        "MAI-2 is trained in 2028 but set to serve from 2028: it serves from 2029."
    )
    spin.setValue(2029)
    assert spin.prefix() == "from "
    assert spin.toolTip() == (
        "First year MAI-2 serves traffic, from the year after its training run."
    )


def test_renamed_model_rows_edit_the_right_model(qtbot, window):
    from PySide6.QtWidgets import QCheckBox

    doc = window.document
    index = [m.name for m in doc.scenario.models].index("MAI small")
    routing = [
        {("Tiny" if k == "MAI small" else k): v for k, v in p.routing.items()}
        for p in doc.scenario.products
    ]
    fallback = [
        [("Tiny" if k == "MAI small" else k) for k in p.fallback] for p in doc.scenario.products
    ]
    changes = {f"models[{index}].name": "Tiny"}
    changes |= {f"products[{i}].routing": r for i, r in enumerate(routing)}
    changes |= {f"products[{i}].fallback": f for i, f in enumerate(fallback)}
    assert doc.edit(changes, "rename")
    check = window.findChild(QCheckBox, "modelEnabled_Tiny")
    assert check is not None
    check.setChecked(False)
    assert not doc.scenario.model_named("Tiny").enabled


def test_cost_per_token_and_utilization_on_right_axes(qtbot, window):
    move(qtbot, window, "scaleSlider", 4.0)
    results = window.document.results
    per_token = window.cost_chart.per_token
    assert per_token.curve.yData == pytest.approx(results.series("cost_per_m_tokens_usd"))
    assert window.capacity_chart.utilization.curve.yData == pytest.approx(
        100 * results.series("utilization")
    )
    right, main = (
        per_token.view.sceneBoundingRect(),
        window.cost_chart.plot_item.vb.sceneBoundingRect(),
    )
    for a, b in (
        (right.left(), main.left()),
        (right.top(), main.top()),
        (right.width(), main.width()),
        (right.height(), main.height()),
    ):
        assert a == pytest.approx(b, abs=1.0)  # the right axis's view lies over the main one
    top = per_token.view.viewRange()[1][1]
    assert results.series("cost_per_m_tokens_usd").max() <= top


def test_bad_file_opens_the_default_and_lists_its_problems():
    from gui.app import open_workbook

    bad = DATA / "bad" / "shares_not_one.json"
    book, path, problem = open_workbook(str(bad))
    assert book.baseline == core.default_scenario()
    assert path is None
    assert "products[2].routing: shares sum to 1.30, must be 1.00" in problem
    assert "Showing the default scenario" in problem


def test_exception_in_a_slot_is_shown_and_logged_not_fatal(
    qtbot, window, monkeypatch, caplog, dialogs
):
    from PySide6.QtWidgets import QMessageBox

    from gui.app import install_exception_dialog

    dialogs.answer("errorDialog", QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_exception_dialog()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert dialogs.shown == [
        (
            "errorDialog",
            "RuntimeError: boom in a slot\n\nYour scenario is unchanged; the details are in the log.",
        )
    ]
    assert "boom in a slot" in caplog.text
    assert window.isVisible()


def test_the_ramp_words_say_what_the_power_cap_holds(qtbot, window):
    """At 10x under a 100 MW cap the line said '150,000 GPUs in 2029' beside a GPUs tile
    of 68,255: the target is kept, and the fleet the site can power is said beside it."""
    from PySide6.QtWidgets import QLabel

    move(qtbot, window, "scaleSlider", 10.0)
    move(qtbot, window, "powerCapSlider", 100.0)
    held = window.document.results.yearly.gpus[window.document.results.years.index(2029)]
    words = window.findChild(QLabel, "gpuCountLabel").text()
    assert words == (
        f"150,000 GPUs in 2029 (135,000 H100 added); the 100 MW power cap holds {held:,.0f} in 2029"
    )
    assert held < 150_000


def test_a_drag_between_steps_applies_the_value_shown(qtbot, window):
    from PySide6.QtWidgets import QLabel

    move(qtbot, window, "scaleSlider", 9.5054945)  # where a mouse drag lands
    assert window.document.scenario.fleet.scale == 9.5
    words = window.findChild(QLabel, "gpuCountLabel")
    assert words.text() == "142,500 GPUs in 2029 (127,500 H100 added)"
    assert tile(window, "kpiGpus") == pytest.approx(142_500)
    move(qtbot, window, "scaleSlider", 1.0)
    assert words.text() == "15,000 GPUs in 2029 (none added)"  # it said "(H100 added)"


def _only(kind: str) -> str:
    """A workbook file of the default with only its models of `kind`: valid (`validate` ok)."""
    data = json.loads(workbook_to_json(core.make_workbook(core.default_scenario())))
    data["models"] = [m for m in data["models"] if m["kind"] == kind]
    names = {m["name"] for m in data["models"]}
    for product in data["products"]:
        kept = {k: v for k, v in product["routing"].items() if k in names}
        kept = kept or {sorted(names)[0]: 1.0}
        product["routing"] = {k: v / sum(kept.values()) for k, v in kept.items()}
        product["fallback"] = [f for f in product.get("fallback", []) if f in names]
        product["in_house_only"] = product.get("in_house_only", False) and kind == "in_house"
    data["routing_by_year"] = []
    served = {m.get("provider", "In-house") for m in data["models"]} | {"In-house", "Cloud burst"}
    available = data.get("provider_availability", {})
    data["provider_availability"] = {k: v for k, v in available.items() if k in served}
    return json.dumps(data)


@pytest.mark.parametrize(("kind", "idle", "lacking"), [
    ("in_house", "priceChangeSlider", "partner"),
    ("partner", "mfuSlider", "in-house"),
])  # fmt: skip
def test_a_file_of_one_kind_of_model_opens_and_every_slider_moves(
    qtbot, tmp_path, make_window, kind, idle, lacking
):
    """Each-model sliders raised StopIteration on open and on every later edit."""
    path = tmp_path / f"{kind}.scaledeck.json"
    path.write_text(_only(kind))
    fresh, opened = make_window(core.load_workbook(path)), make_window()
    assert opened.files.open_file(path, confirmed=True)
    for win in (fresh, opened):
        slider = win.findChild(QLabeledDoubleSlider, idle)
        assert not slider.isEnabled()
        assert slider.toolTip() == f"Not used: this scenario has no {lacking} model for it to set."
        assert win.findChild(QLineEdit, f"{idle}Value").text() == "—"  # not its minimum, greyed
    for spec in SLIDERS:
        slider = opened.findChild(QLabeledDoubleSlider, spec.name)
        if slider.isEnabled():
            move(qtbot, opened, spec.name, slider.maximum())
            move(qtbot, opened, spec.name, slider.minimum())
    opened.document.undo_stack.setClean()
    assert opened.files.new_document()  # the default: both kinds again
    assert opened.findChild(QLabeledDoubleSlider, idle).isEnabled()  # a model to set again
    assert opened.findChild(QLineEdit, f"{idle}Value").text() not in ("—", "")


def test_the_ramp_words_name_the_generations_a_build_plan_buys(qtbot, window):
    """Under a plan that bought only GB200 the panel read 'Generation: H100' and 'Capex per
    GPU 50' with no word of GB200: the line names what the plan buys, and what Generation
    still sets."""
    from PySide6.QtWidgets import QLabel

    plan = [
        {"year": 2028, "gpu": "B200", "gpus": 30_000},
        {"year": 2029, "gpu": "H200", "gpus": 20_000},
        {"year": 2030, "gpu": "B200", "gpus": 5_000},
    ]
    assert window.document.edit({"build_plan": plan}, "plan")
    label = window.findChild(QLabel, "gpuCountLabel")
    qtbot.waitUntil(lambda: label.text().startswith("A build plan"))
    assert label.text() == (
        "A build plan sets the fleet (55,000 GPUs added over the horizon: 35,000 B200, "
        "20,000 H200): scale and ramp target year are not used; Generation is what the H100 "
        "baseline is re-bought as at its refresh"
    )
