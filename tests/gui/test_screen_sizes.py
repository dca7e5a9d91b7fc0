"""The window at 1280x720, 1600x1000 and 1920x1080 in both themes (issue 15).

No label's text is clipped (it fits, or it is elided with the full text in a tooltip),
no axis title is longer than its axis (a short axis takes its short title, or none),
no legend lies inside a plot's data rectangle, the Year control needs no scrolling,
and at 1600x1000 the routing table shows every product. The KPI tiles are checked by
their own tests (gui/views/kpi_tiles.py has its owner).
"""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QTableView

from gui.main_window import MainWindow
from gui.style.appearance import appearance
from gui.views.charts.base import Chart
from gui.views.kpi_tiles import KpiBar

SIZES = ((1280, 720), (1600, 1000), (1920, 1080))


def clipped_labels(win: MainWindow) -> list[str]:
    """Visible labels (outside the KPI tiles) whose text does not fit and is not elided."""
    tiles = win.findChild(KpiBar)
    clipped = []
    for label in win.findChildren(QLabel):
        if not label.isVisible() or not label.text() or tiles.isAncestorOf(label):
            continue
        text = label.text()
        if Qt.mightBeRichText(text):
            document = QTextDocument()
            document.setHtml(text)
            text = document.toPlainText()
        room = label.contentsRect()
        metrics = label.fontMetrics()
        if label.wordWrap():  # its layout's height at its width, padding included
            fits = label.heightForWidth(label.width()) <= label.height() + 1
        else:
            fits = (
                max(metrics.horizontalAdvance(line) for line in text.split("\n"))
                <= room.width() + 1
            )
        elided = text.endswith("…") and bool(label.toolTip())
        if not (fits or elided):
            clipped.append(f"{label.objectName() or type(label).__name__}: {text!r}")
    return clipped


def legends_over_data(win: MainWindow) -> list[str]:
    """Charts whose legend meets the data rectangle, or sticks out of the chart."""
    wrong = []
    for chart in win.findChildren(Chart):
        legend = chart.legend
        if not chart.isVisible() or not legend.isVisible() or not legend.items:
            continue
        box = legend.sceneBoundingRect()
        if box.intersects(chart.plot_item.vb.sceneBoundingRect()):
            wrong.append(f"{chart.objectName()}: legend over the data")
        if not chart.plot_item.sceneBoundingRect().contains(box):
            wrong.append(f"{chart.objectName()}: legend cut off")
    return wrong


def cut_axis_titles(win: MainWindow) -> list[str]:
    """Axis titles longer than their axis (pyqtgraph would cut them at its ends)."""
    cut = []
    for chart in win.findChildren(Chart):
        if not chart.isVisible():
            continue
        for side in chart.axis_titles:
            axis = chart.plot_item.getAxis(side)
            if not axis.isVisible() or not axis.label.isVisible():
                continue
            box = axis.boundingRect()
            room = box.width() if side == "bottom" else box.height()
            if axis.label.boundingRect().width() > room:
                cut.append(f"{chart.objectName()} {side}: {axis.labelText!r}")
    return cut


def year_in_reach(win: MainWindow) -> bool:
    """The Year slider lies inside the control column's viewport, unscrolled."""
    scroll = win.control_scroll
    year = win.controls.year
    top_left = year.mapTo(scroll.viewport(), QPoint(0, 0))
    return scroll.verticalScrollBar().value() == 0 and scroll.viewport().rect().contains(
        QRect(top_left, year.size())
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_size_shows_text_whole_and_legends_beside_the_data(window, qtbot, theme):
    appearance().set_preference(theme, remember=False)
    for width, height in SIZES:
        window.resize(width, height)
        qtbot.wait(30)  # the layout settles in posted events
        size = f"{width}x{height} {theme}"
        assert clipped_labels(window) == [], size
        assert legends_over_data(window) == [], size
        assert cut_axis_titles(window) == [], size
        assert year_in_reach(window), size
        table = window.findChild(QTableView, "routingTable")
        if (width, height) == (1600, 1000):
            assert table.verticalScrollBar().maximum() == 0, f"{size}: routing table scrolls"


def test_the_checks_see_a_clipped_label_and_a_legend_over_data(window, qtbot):
    """The helpers above fail on what they look for (else the test above could not fail)."""
    window.resize(1600, 1000)
    qtbot.wait(30)
    label = QLabel("a label far too long for the few pixels it is given", window.controls)
    label.setObjectName("tooLongLabel")
    label.setGeometry(0, 0, 40, 20)
    label.show()
    assert clipped_labels(window) == [f"tooLongLabel: {label.text()!r}"]
    chart = window.cost_chart
    chart.legend.setParentItem(chart.plot_item.vb)  # as pyqtgraph places it: inside the plot
    chart.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(4, 4))
    assert "costChart: legend over the data" in legends_over_data(window)
    axis = chart.plot_item.getAxis("left")
    axis.setLabel("a title far longer than any axis of a chart on this screen")
    assert cut_axis_titles(window)[0].startswith("costChart left:")
