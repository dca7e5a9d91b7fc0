"""The deck's drawing: slides in the theme's colours with a stamp, text, tables, native charts.

Charts are python-pptx chart data, not pictures: a reader restyles or re-plots them in
PowerPoint. A chart with a `line` is a combo chart: python-pptx writes only one chart
type per chart, so the line's series is written with the columns (its numbers go into
the same embedded workbook) and then moved into a line chart of its own, on a second
value axis at the right (DrawingML's `c:lineChart` beside the `c:barChart`). Names are
data: every text from the scenario goes in as a text run, and the charts' embedded
workbooks store names as text, never as formulas.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from core.formats.deck_charts import ChartSpec, DeckColors

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.75)  # below a two-line message and the chart's label
LABEL_POINTS = 14
# A message's size by its length in characters, so it keeps to two lines: 24 pt up to 110.
TITLE_SIZES = ((24, 110), (20, 140), (18, 170), (16, 1_000_000))
CHART_TYPES = {
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "clustered": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
}
RIGHT_AXES = (2094734551, 2094734552)  # the line's own category and value axes (any free ids)
CELL_MARGIN = Inches(0.02)


class _TextCellsWriter(CategoryWorkbookWriter):
    """The chart's workbook with names stored as text: '=SUM(A1)' stays a name."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO) -> Iterator[tuple[Any, Any]]:
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = Workbook(xlsx_file, options)
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _ChartData(CategoryChartData):
    @property
    def _workbook_writer(self) -> _TextCellsWriter:
        return _TextCellsWriter(self)


def rgb(hex_color: str) -> RGBColor:
    """'#0072b2' as python-pptx's colour."""
    return RGBColor.from_string(hex_color.lstrip("#").upper())


Cell = tuple[str, str | None]  # text, and its colour (None: the foreground)


class Deck:
    """A presentation in the theme's colours, a stamp on every slide."""

    def __init__(self, colors: DeckColors, stamp_text: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.colors, self.stamp = colors, stamp_text

    @contextmanager
    def stamped(self, stamp_text: str) -> Iterator[None]:
        """Slides made inside carry `stamp_text` (a variant's own slides), then as before."""
        before, self.stamp = self.stamp, stamp_text
        try:
            yield
        finally:
            self.stamp = before

    def slide(self, title: str, label: str = "") -> Any:
        """A blank slide: background, the message as its title, a label under it, the stamp."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = rgb(self.colors.background)
        box: tuple[int, int, int, int] = (MARGIN, Inches(0.25), WIDTH - 2 * MARGIN, Inches(1.0))
        points = next(size for size, most in TITLE_SIZES if len(title) <= most)  # two lines
        self.text(slide, title, box, points, True)
        if label:
            box = (MARGIN, Inches(1.25), WIDTH - 2 * MARGIN, Inches(0.4))
            self.text(slide, label, box, LABEL_POINTS, color=self.colors.muted)
        box = (MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.35))
        self.text(slide, self.stamp, box, 9, color=self.colors.muted)
        return slide

    def text(
        self,
        slide: Any,
        text: str,
        box: tuple[int, int, int, int],
        points: float,
        bold: bool = False,
        color: str | None = None,
        heading: bool = False,
    ) -> Any:
        """A text box holding `text` verbatim, a paragraph a line (`heading`: the first bold)."""
        frame = slide.shapes.add_textbox(*box).text_frame
        frame.word_wrap = True
        for i, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold = Pt(points), bold or (heading and i == 0)
            run.font.color.rgb = rgb(color or self.colors.foreground)
        return frame

    def table(
        self,
        slide: Any,
        rows: Sequence[Sequence[Cell]],
        box: tuple[int, int, int, int],
        widths: Sequence[int],
        points: float,
    ) -> Any:
        """A table: the first row a header on the muted colour, each cell's text in its colour."""
        left, top, width, row_height = box
        shape = slide.shapes.add_table(len(rows), len(widths), left, top, width, row_height)
        table = shape.table
        for column, column_width in enumerate(widths):
            table.columns[column].width = Emu(column_width)
        for r, row in enumerate(rows):
            table.rows[r].height = Emu(row_height // len(rows))
            for c, (text, color) in enumerate(row):
                self._cell(table.cell(r, c), text, color, points, header=r == 0)
        return table

    def _cell(self, cell: Any, text: str, color: str | None, points: float, header: bool) -> None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = rgb(self.colors.muted if header else self.colors.background)
        cell.margin_top = cell.margin_bottom = CELL_MARGIN
        cell.text = text
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size, run.font.bold = Pt(points), header
                shown = self.colors.background if header else (color or self.colors.foreground)
                run.font.color.rgb = rgb(shown)

    def chart(self, spec: ChartSpec) -> Any:
        """One slide with `spec` as a native chart (a combo chart when it has a line)."""
        slide = self.slide(spec.title, spec.label)
        data = _ChartData(number_format=spec.number_format)
        data.categories = spec.categories
        for series in spec.series:
            data.add_series(series.name, series.values)
        if spec.line is not None:
            data.add_series(spec.line.name, spec.line.values, spec.line_format)
        height = HEIGHT - BODY_TOP - Inches(1.1 if spec.note else 0.6)
        frame = slide.shapes.add_chart(
            CHART_TYPES[spec.kind], MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, height, data
        )
        self._style(frame.chart, spec)  # before the line moves: the left axis is the only one
        if spec.line is not None:
            _line_on_right_axis(frame.chart, spec.line_format)
            self._paint(frame.chart.plots[1].series[0], spec.line.color, line=True)
        if spec.note:
            box = (MARGIN, HEIGHT - Inches(1.0), WIDTH - 2 * MARGIN, Inches(0.5))
            self.text(slide, spec.note, box, 14, color=self.colors.muted)
        return frame.chart

    def _style(self, chart: Any, spec: ChartSpec) -> None:
        chart.has_title = False  # the slide's label says what it shows, with units
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.font.size = Pt(14)
        chart.font.color.rgb = rgb(self.colors.foreground)
        columns = list(chart.plots[0].series)[: len(spec.series)]  # the line is moved later
        for plotted, series in zip(columns, spec.series, strict=True):
            self._paint(plotted, series.color, spec.kind == "line")
            for point, color in enumerate(series.point_colors):
                plotted.points[point].format.fill.solid()
                plotted.points[point].format.fill.fore_color.rgb = rgb(color)
        if spec.kind in ("stacked", "clustered"):
            chart.plots[0].gap_width = 60
        if spec.kind == "stacked":
            chart.plots[0].overlap = 100
        axis = chart.value_axis
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = rgb(self.colors.muted)
        axis.major_gridlines.format.line.width = Pt(0.5)
        axis.tick_labels.number_format = spec.number_format
        axis.tick_labels.number_format_is_linked = False
        if spec.value_range is not None:
            axis.minimum_scale, axis.maximum_scale = spec.value_range
        if spec.kind == "bar":
            chart.category_axis.reverse_order = True  # first product on top, as on screen

    @staticmethod
    def _paint(plotted: Any, color: str, line: bool) -> None:
        if line:
            plotted.format.line.color.rgb = rgb(color)
            plotted.format.line.width = Pt(2.5)
            plotted.smooth = False
            plotted.marker.format.fill.solid()
            plotted.marker.format.fill.fore_color.rgb = rgb(color)
        else:
            plotted.format.fill.solid()
            plotted.format.fill.fore_color.rgb = rgb(color)


def _line_on_right_axis(chart: Any, number_format: str) -> None:
    """Move the columns' last series into a line chart on its own value axis at the right."""
    plot_area = chart._chartSpace.chart.plotArea
    columns = plot_area.find(qn("c:barChart"))
    series = columns.findall(qn("c:ser"))[-1]
    for absent in series.findall(qn("c:invertIfNegative")):  # a column's, not a line's
        series.remove(absent)
    before = series.find(qn("c:spPr"))
    (before if before is not None else series.find(qn("c:tx"))).addnext(
        parse_xml(f'<c:marker {nsdecls("c")}><c:symbol val="circle"/><c:size val="7"/></c:marker>')
    )
    series.append(parse_xml(f'<c:smooth {nsdecls("c")} val="0"/>'))
    category, value = RIGHT_AXES
    line = parse_xml(
        f'<c:lineChart {nsdecls("c")}><c:grouping val="standard"/><c:varyColors val="0"/>'
        f'<c:marker val="1"/><c:axId val="{category}"/><c:axId val="{value}"/></c:lineChart>'
    )
    line.insert(2, series)  # after grouping and varyColors, as the schema orders them
    columns.addnext(line)
    hidden, shown = _right_axes(number_format)
    plot_area.findall(qn("c:valAx"))[-1].addnext(hidden)  # axes follow the charts
    hidden.addnext(shown)


def _right_axes(number_format: str) -> tuple[Any, Any]:
    """The line's hidden category axis and its value axis, shown at the right."""
    category, value = RIGHT_AXES
    hidden = parse_xml(
        f'<c:catAx {nsdecls("c")}><c:axId val="{category}"/><c:scaling>'
        '<c:orientation val="minMax"/></c:scaling><c:delete val="1"/><c:axPos val="b"/>'
        f'<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{value}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
    )
    shown = parse_xml(
        f'<c:valAx {nsdecls("c")}><c:axId val="{value}"/><c:scaling>'
        '<c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="r"/>'
        f'<c:numFmt formatCode="{_attribute(number_format)}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{category}"/><c:crosses val="max"/><c:crossBetween val="between"/>'
        "</c:valAx>"
    )
    return hidden, shown


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
