"""A chart with nothing to show says so: one centred line, no legend, no axes.

Empty axes under a whole legend read as data: before a run, a "$B / year" axis from
-0.4 to 0.4, a 0-100 risk index with negative values, a frontier on 0.1-0.9. While the
note shows, the chart's legend and its left and bottom axes (their grid too) are hidden;
the data drawn brings them back.
"""

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextOption

from gui.style.appearance import appearance
from gui.views.charts.base import Chart

NOTE_MARGIN_PX = 12  # the note's room from the plot's sides
EMPTY_SIDES = ("left", "bottom")  # the axes an empty chart hides


class EmptyNote(pg.TextItem):
    """The line a chart shows instead of its data, legend and axes while it has none."""

    def __init__(self, chart: Chart, text: str) -> None:
        super().__init__(text, anchor=(0.5, 0.5))
        self._chart = chart
        self._legend_wanted = chart.legend_wanted  # what the chart wants once it has data
        self.textItem.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignCenter))
        chart.plot_item.addItem(self, ignoreBounds=True)
        view = chart.plot_item.vb
        # Bound methods of this item: Qt disconnects them when the chart deletes it.
        view.sigRangeChanged.connect(self._place)
        view.sigResized.connect(self._place)
        appearance().changed.connect(self._style)
        self._style()
        self.say(text)

    def say(self, text: str) -> None:
        """Nothing to draw: `text` in the middle, the legend and axes hidden."""
        self.setText(text)
        self._show_chart(False)
        self._place()

    def withdraw(self) -> None:
        """Data drawn: the note goes, the legend (if the chart wants one) and axes come back."""
        self._show_chart(True)

    def _show_chart(self, data: bool) -> None:
        chart = self._chart
        self.setVisible(not data)
        chart.legend_wanted = data and self._legend_wanted
        for side in EMPTY_SIDES:
            chart.plot_item.showAxis(side, data)
        chart.place_legend()

    def _style(self) -> None:
        """The theme's muted ink at the scale's size."""
        look = appearance()
        font = QFont()
        font.setPointSize(look.pt(11))
        self.setFont(font)
        self.setColor(look.theme.muted)
        self._place()

    def _place(self, *_: object) -> None:
        """In the middle of the plot, wrapped to its width (a narrow chart cut it)."""
        view = self._chart.plot_item.vb
        (left, right), (bottom, top) = view.viewRange()
        self.setPos((left + right) / 2, (bottom + top) / 2)
        self.setTextWidth(max(view.width() - 2 * NOTE_MARGIN_PX, NOTE_MARGIN_PX))
