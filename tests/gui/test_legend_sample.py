"""A legend swatch stays in its square, whatever the size of the symbol it names."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from gui.views.charts.legend import SmallSample

MARGIN_PX = 20


def painted_rows_and_columns(item: pg.GraphicsObject) -> tuple[range, range]:
    """Where the sample of `item` paints, drawn at (MARGIN_PX, MARGIN_PX) on a larger image."""
    size = SmallSample.SIZE_PX + 2 * MARGIN_PX
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.translate(MARGIN_PX, MARGIN_PX)
    SmallSample(item).paint(painter)
    painter.end()
    hit = [(x, y) for x in range(size) for y in range(size) if image.pixelColor(x, y).alpha()]
    xs, ys = [x for x, _ in hit], [y for _, y in hit]
    return range(min(xs), max(xs) + 1), range(min(ys), max(ys) + 1)


@pytest.mark.parametrize("symbol_px", [8, 14, 24, 40])
def test_a_symbol_sample_stays_in_its_square(qapp, symbol_px):
    """The plan frontier's knee ring (24 px) spilled over the legend's next row."""
    ring = pg.ScatterPlotItem(size=symbol_px, symbol="o", brush=None, pen=pg.mkPen("k", width=2))
    columns, rows = painted_rows_and_columns(ring)
    square = range(MARGIN_PX - 1, MARGIN_PX + SmallSample.SIZE_PX + 1)  # a pen's antialiasing
    assert columns.start in square
    assert columns.stop - 1 in square
    assert rows.start in square
    assert rows.stop - 1 in square
