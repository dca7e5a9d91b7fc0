"""Models > What a promise costs…: the core frontier per product, promises at 1,000 / TPOT."""

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QDialog

import core
from core.engine.routes import frontier
from core.scenario.schema import InHouseModel
from gui.dialogs.promise_cost import money, usd_per_m_tokens
from gui.testing.testkit import trigger


def _open(window) -> QDialog:
    trigger(window, "promiseCostAction")
    dialog = window.findChild(QDialog, "promiseCostDialog")
    assert dialog is not None
    return dialog


def _assert_frontiers(dialog, model_name: str, gpu_name: str) -> None:
    scenario = dialog.scenario
    model = next(m for m in scenario.models if m.name == model_name)
    assert isinstance(model, InHouseModel)
    gpu = scenario.gpu_spec(gpu_name)
    chart = dialog.findChild(pg.PlotWidget, "promiseCostChart")
    assert len(chart.curves) == len(scenario.products)
    for curve, product in zip(chart.curves, scenario.products, strict=True):
        points = frontier(model, product, gpu)
        assert len(points) > 0
        np.testing.assert_allclose(curve.xData, [p["tokens_per_user_s"] for p in points])
        np.testing.assert_allclose(curve.yData, [p["tokens_per_gpu_s"] for p in points])
    owned = core.owned_usd_per_gpu_hour(scenario)[gpu_name]  # the Sources tab's figure
    assert chart.cost_axis.usd_per_gpu_hour == owned != gpu.cloud_usd_per_gpu_hour
    assert f"{gpu.name} at ${owned:,.2f} per GPU-hour" in dialog.note.text()
    speed, rate = float(chart.curves[0].xData[0]), float(chart.curves[0].yData[0])
    price = money(usd_per_m_tokens(rate, owned))
    text = chart.describe(math.log10(speed), rate)
    assert text.startswith(f"{scenario.products[0].name}: {speed:,.1f} tokens/s per user")
    assert f"{rate:,.0f} tokens/s per GPU, {price} per million tokens" in text


def test_opens_from_the_models_menu_with_the_core_frontier_and_promises(scaledeck_window):
    dialog = _open(scaledeck_window)
    model_combo = dialog.findChild(QComboBox, "promiseCostModelCombo")
    gpu_combo = dialog.findChild(QComboBox, "promiseCostGpuCombo")
    _assert_frontiers(dialog, model_combo.currentText(), gpu_combo.currentText())
    chart = dialog.chart
    for i, product in enumerate(dialog.scenario.products):
        line = chart.promises[i]
        assert line.objectName() == f"promiseLine{i}"
        assert math.isclose(10.0 ** line.value(), 1_000.0 / product.tpot_slo_ms)
    dialog.close()


def test_another_gpu_or_model_redraws_the_curves(scaledeck_window):
    dialog = _open(scaledeck_window)
    model_combo = dialog.findChild(QComboBox, "promiseCostModelCombo")
    gpu_combo = dialog.findChild(QComboBox, "promiseCostGpuCombo")
    before = np.array(dialog.chart.curves[0].yData)
    gpu_combo.setCurrentText("B200")
    assert gpu_combo.currentText() == "B200"
    _assert_frontiers(dialog, model_combo.currentText(), "B200")
    assert not np.array_equal(before, dialog.chart.curves[0].yData)
    model_combo.setCurrentIndex(model_combo.count() - 1)
    _assert_frontiers(dialog, model_combo.currentText(), "B200")
    dialog.close()


def test_the_cost_axis_reads_throughput_at_the_gpu_price(scaledeck_window):
    dialog = _open(scaledeck_window)
    axis = dialog.chart.cost_axis
    top = float(np.max(dialog.chart.curves[0].yData))
    ticks = axis.tickValues(0.0, top, 400.0)[0][1]
    assert ticks
    labels = axis.tickStrings(ticks, 1.0, 1.0)
    for position, label in zip(ticks, labels, strict=True):
        price = usd_per_m_tokens(position, axis.usd_per_gpu_hour)
        assert label == money(price)
        mantissa = price / 10.0 ** math.floor(math.log10(price) + 1e-9)
        assert any(math.isclose(mantissa, step) for step in (1.0, 2.0, 5.0))
    dialog.close()


def test_products_of_one_workload_and_promise_are_one_named_curve(scaledeck_window):
    """Excel's curve lay under Word/Outlook/Teams' (same workload, same promise) while the
    legend named both apart: a legend entry with no line. They are one entry naming both,
    drawn in one colour, and the hover names both."""
    dialog = _open(scaledeck_window)
    chart, products = dialog.chart, dialog.scenario.products
    names = [p.name for p in products]
    twins = [
        (i, j)
        for i in range(len(products))
        for j in range(i + 1, len(products))
        if np.array_equal(chart.curves[i].yData, chart.curves[j].yData)
        and products[i].tpot_slo_ms == products[j].tpot_slo_ms
    ]
    assert twins  # the default's Excel and Word/Outlook/Teams
    labels = [label.text for _sample, label in chart.legend.items]
    for i, j in twins:
        both = f"{names[i]}, {names[j]}"
        assert both in labels
        assert names[j] not in labels
        assert chart.names[i] == chart.names[j] == both
        assert chart.curves[i].opts["pen"].color() == chart.curves[j].opts["pen"].color()
        speed, rate = float(chart.curves[j].xData[0]), float(chart.curves[j].yData[0])
        assert chart.describe(math.log10(speed), rate).startswith(f"{both}: ")
    dialog.close()


def test_a_promise_shared_by_products_of_other_curves_is_named(scaledeck_window):
    """PowerPoint's 40 tokens/s promise lay under Excel's line, in Excel's colour: its own
    curve had no promise to read. A shared promise is ink, once labelled with its products."""
    dialog = _open(scaledeck_window)
    chart = dialog.chart
    texts = sorted(label.textItem.toPlainText() for label in chart.labels)
    assert texts == ["Consumer, Regulated-industry models", "Excel, PowerPoint, Word/Outlook/Teams"]
    by_speed: dict[float, set[str]] = {}
    for line in chart.promises:
        by_speed.setdefault(round(10.0 ** line.value(), 6), set()).add(line.pen.color().name())
    assert all(len(colors) == 1 for colors in by_speed.values())  # one ink per shared line
    dialog.close()
