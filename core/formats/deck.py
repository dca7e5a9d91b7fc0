"""The PowerPoint deck: the headline, native charts, risks and inputs, stamped.

A title slide with the headline, one native chart per dashboard chart, a risks slide
and the inputs with their sources, stamped like every export (docs/user-guide.md, "Sharing and
presenting").

Charts are python-pptx chart data, not pictures: a reader restyles or re-plots them in
PowerPoint. Names are data: every text from the scenario goes in as a text run, and the
charts' embedded workbooks store names as text, never as formulas.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from core.engine.results import Results
from core.formats.deck_charts import ChartSpec, DeckColors, chart_specs
from core.formats.export import stamp
from core.scenario.files import write_bytes_atomic
from core.scenario.schema import Scenario
from core.summary.headline import headline_for
from core.summary.input_labels import labelled_inputs
from core.summary.risks import top_risks
from core.summary.status import STATUS_KPIS, STATUS_MARK, judge

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
CHART_TYPES = {
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "clustered": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
}
INPUT_ROWS_PER_SLIDE = 12
STATUS_WORDS = {
    "total_cost_usd": "Total cost",
    "cost_per_m_tokens_usd": "Cost per M tokens",
    "gpus": "GPUs",
    "utilization": "Utilization (busy hour)",
    "external_token_share": "External share",
    "partner_hhi": "Partner HHI",
    "risk_index": "Risk index",
    "slo_breach_token_share": "Late tokens",
}


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


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


class _Deck:
    """A presentation in the theme's colours, a stamp on every slide."""

    def __init__(self, colors: DeckColors, stamp_text: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.colors, self.stamp = colors, stamp_text

    def slide(self, title: str) -> Any:
        """A blank slide with the background, a title and the stamp as its footer."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(self.colors.background)
        self.text(slide, title, (MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8)), 28, True)
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
    ) -> Any:
        """A text box holding `text` verbatim (one paragraph per line)."""
        frame = slide.shapes.add_textbox(*box).text_frame
        frame.word_wrap = True
        for i, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold = Pt(points), bold
            run.font.color.rgb = _rgb(color or self.colors.foreground)
        return frame

    def chart(self, spec: ChartSpec) -> None:
        """One slide with `spec` as a native chart."""
        slide = self.slide(spec.title)
        data = _ChartData(number_format=spec.number_format)
        data.categories = spec.categories
        for series in spec.series:
            data.add_series(series.name, series.values)
        top = Inches(1.2)
        height = HEIGHT - top - Inches(1.2 if spec.note else 0.7)
        frame = slide.shapes.add_chart(
            CHART_TYPES[spec.kind], MARGIN, top, WIDTH - 2 * MARGIN, height, data
        )
        self._style(frame.chart, spec)
        if spec.note:
            box = (MARGIN, HEIGHT - Inches(1.0), WIDTH - 2 * MARGIN, Inches(0.5))
            self.text(slide, spec.note, box, 12, color=self.colors.muted)

    def _style(self, chart: Any, spec: ChartSpec) -> None:
        chart.has_title = False  # the slide's title says it, with units
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.font.size = Pt(12)
        chart.font.color.rgb = _rgb(self.colors.foreground)
        for plotted, series in zip(chart.plots[0].series, spec.series, strict=True):
            if spec.kind == "line":
                plotted.format.line.color.rgb = _rgb(series.color)
                plotted.format.line.width = Pt(2.5)
                plotted.smooth = False
            else:
                plotted.format.fill.solid()
                plotted.format.fill.fore_color.rgb = _rgb(series.color)
        if spec.kind in ("stacked", "clustered"):
            chart.plots[0].gap_width = 60
        if spec.kind == "stacked":
            chart.plots[0].overlap = 100
        chart.value_axis.has_major_gridlines = True
        chart.value_axis.major_gridlines.format.line.color.rgb = _rgb(self.colors.muted)
        chart.value_axis.major_gridlines.format.line.width = Pt(0.5)
        chart.value_axis.tick_labels.number_format = spec.number_format
        chart.value_axis.tick_labels.number_format_is_linked = False
        if spec.kind == "bar":
            chart.category_axis.reverse_order = True  # first product on top, as on screen


def build_deck(
    scenario: Scenario,
    results: Results,
    reference: Results,
    year: int,
    colors: DeckColors,
    when: datetime | None = None,
) -> bytes:
    """The deck of `scenario` (KPIs and per-product charts for `year`) as .pptx bytes."""
    stamp_text = stamp(scenario, when or datetime.now())
    deck = _Deck(colors, stamp_text)
    _title_slide(deck, scenario, results, year)
    for spec in chart_specs(results, reference, year, colors):
        deck.chart(spec)
    _risks_slide(deck, results)
    _inputs_slides(deck, scenario)
    deck.prs.core_properties.title = f"ScaleDeck: {scenario.name}"
    deck.prs.core_properties.comments = stamp_text
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()


def write_deck(path: Path, **build: Any) -> None:
    """`build_deck(**build)` written atomically to `path`."""
    write_bytes_atomic(path, build_deck(**build))


def _title_slide(deck: _Deck, scenario: Scenario, results: Results, year: int) -> None:
    slide = deck.slide(f"ScaleDeck: {scenario.name}")
    th = scenario.status_thresholds
    body = (MARGIN, Inches(1.3), WIDTH - 2 * MARGIN, Inches(2.2))
    deck.text(slide, headline_for(results, year, th), body, 20)
    lines = []
    for kpi in STATUS_KPIS:
        judged = judge(results, kpi, year, th)
        mark = f"{STATUS_MARK[judged.status]} {judged.status.upper()}"
        lines.append(f"{mark}: {STATUS_WORDS[kpi]}, {judged.reason}")
    box = (MARGIN, Inches(3.7), WIDTH - 2 * MARGIN, Inches(3.2))
    deck.text(slide, f"Status in {year}\n" + "\n".join(lines), box, 14, color=deck.colors.muted)


def _risks_slide(deck: _Deck, results: Results) -> None:
    slide = deck.slide("Top risks, by dollars at stake")
    risks = top_risks(results)[:8]
    lines = [f"{r.title}: {r.detail}. At stake: {r.stake}." for r in risks]
    body = "\n".join(lines) or "None: every promise kept, no shortfall, no concentration."
    deck.text(slide, body, (MARGIN, Inches(1.3), WIDTH - 2 * MARGIN, Inches(5.5)), 16)


def _inputs_slides(deck: _Deck, scenario: Scenario) -> None:
    rows = labelled_inputs(scenario)
    pages = range(0, len(rows), INPUT_ROWS_PER_SLIDE)
    for number, start in enumerate(pages, 1):
        chunk = rows[start : start + INPUT_ROWS_PER_SLIDE]
        slide = deck.slide(f"Inputs and their sources ({number} of {len(pages)})")
        table = slide.shapes.add_table(
            len(chunk) + 1, 3, MARGIN, Inches(1.2), WIDTH - 2 * MARGIN, Inches(5.6)
        ).table
        widths = (Inches(3.2), Inches(3.0), WIDTH - 2 * MARGIN - Inches(6.2))
        for column, width in enumerate(widths):
            table.columns[column].width = Emu(width)
        for c, head in enumerate(("Input", "Value", "Source")):
            table.cell(0, c).text = head
        for r, row in enumerate(chunk, 1):
            source = (row.source or "no source given") + (
                " (illustrative)" if row.illustrative else ""
            )
            for c, text in enumerate((row.label, row.value, source)):
                cell = table.cell(r, c)
                cell.text = text
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
