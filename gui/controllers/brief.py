"""The executive brief: a two-page PDF of one scenario, drawn with QPdfWriter.

Page 1: title, scenario, key inputs, the KPI tiles and the dashboard's charts.
Page 2: the top risks in words, and the inputs with their sources.
Charts are real dashboard charts rendered offscreen, so the brief shows what the
window shows, in vectors.
"""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication, QGraphicsItem

import core
from core.export import inputs_table, key_inputs, named_path, value_text
from core.files import write_bytes_atomic
from gui.document import ScenarioDocument
from gui.style.appearance import appearance
from gui.views.charts.base import Chart
from gui.views.charts.risk_charts import ProviderChart, QualityChart, RiskIndexChart
from gui.views.charts.time_charts import CapacityChart, CostChart
from gui.views.kpi_tiles import TILES, change_color, change_text

DPI = 300
SCREEN_DPI = 110  # charts are laid out at (about) their size on the page, as on a screen
BRIEF_INPUTS = (
    r"^(?:horizon|fleet|levers)\.|^products\[\d+\]\.(?:tokens_per_year|growth|quality_floor)$"
)
RISK_KINDS = {
    "under_floor": "Products under their quality floor",
    "unserved": "Products left without a model",
    "concentrated": "Provider concentration (HHI over 1,800)",
    "shortfall": "Capacity shortfall (bought as cloud burst)",
}
MAX_RISK_LINES = 6  # per kind; the rest are counted


def write_brief(book: core.Workbook, current: str, out: Path, year: int | None = None) -> int:
    """Write the brief of scenario `current` of `book` to `out` (atomically); the page count."""
    document = ScenarioDocument(book)
    document.switch(current)
    if year is not None:
        document.set_year(year)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(f"ScaleDeck brief: {current}")
    writer.setCreator("ScaleDeck")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    page = _Page(writer)
    try:
        page.first(document)
        page.new_page()
        page.second(document)
    finally:
        page.painter.end()
        buffer.close()
    write_bytes_atomic(out, bytes(buffer.data().data()))
    document.deleteLater()
    return page.count


class _Page:
    """A painter on the PDF with a cursor moving down the page."""

    def __init__(self, writer: QPdfWriter) -> None:
        self.writer = writer
        self.painter = QPainter(writer)
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.theme = appearance().theme
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width, self.height = float(rect.width()), float(rect.height())
        self.y = 0.0
        self.count = 1

    def new_page(self) -> None:
        """Start the next page at its top."""
        self.writer.newPage()
        self.count += 1
        self.y = 0.0
        self._background()

    def _room_for(self, height: float) -> None:
        """Move to a new page unless `height` fits below the cursor."""
        if self.y + height > self.height:
            self.new_page()

    def first(self, document: ScenarioDocument) -> None:
        """Title, key inputs, KPI tiles, charts."""
        self._background()
        scenario, year = document.scenario, document.year
        self._text(f"ScaleDeck brief: {scenario.name}", 20, bold=True)
        when = datetime.now().strftime("%Y-%m-%d %H:%M")
        inputs = " · ".join(f"{k} {v}" for k, v in key_inputs(scenario).items())
        self._text(f"{when} · KPIs for {year} · {inputs}", 9, color=self.theme.muted)
        self.y += self._mm(3)
        self._tiles(document)
        self.y += self._mm(4)
        top = (CostChart(document), CapacityChart(document))
        bottom = (ProviderChart(document), RiskIndexChart(document), QualityChart(document))
        row_height = (self.height - self.y - self._mm(2)) / 2
        for row in (top, bottom):
            self._charts(row, row_height)

    def second(self, document: ScenarioDocument) -> None:
        """Top risks, then the inputs with their sources."""
        self._text("Top risks", 14, bold=True)
        risks = _risk_lines(document.results)
        calm = "None: every product meets its floor, no shortfall, HHI under 1,800."
        for line in risks or [calm]:
            self._text(line, 9)
        self.y += self._mm(4)
        self._text("Inputs and their sources", 14, bold=True)
        self._inputs(document.scenario)

    def _background(self) -> None:
        layout = self.writer.pageLayout()
        page, margins = layout.fullRectPixels(DPI), layout.marginsPixels(DPI)
        whole = QRectF(-margins.left(), -margins.top(), page.width(), page.height())
        self.painter.fillRect(whole, QColor(self.theme.background))

    def _mm(self, mm: float) -> float:
        return mm * DPI / 25.4

    def _font(self, points: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setFeature(QFont.Tag("liga"), 0)  # "fleet", not "ﬂeet": copy and search must work
        return font

    def _text(self, text: str, points: float, bold: bool = False, color: str | None = None) -> None:
        """A paragraph at the cursor, wrapped to the page width."""
        font = self._font(points, bold)
        self.painter.setFont(font)
        self.painter.setPen(QColor(color or self.theme.foreground))
        flags = Qt.TextFlag.TextWordWrap
        box = QFontMetricsF(font, self.writer).boundingRect(
            QRectF(0, 0, self.width, 1e6), int(flags), text
        )
        self._room_for(box.height())
        self.painter.setFont(font)
        self.painter.setPen(QColor(color or self.theme.foreground))
        self.painter.drawText(QRectF(0, self.y, self.width, box.height()), int(flags), text)
        self.y += box.height() + self._mm(1)

    def _tiles(self, document: ScenarioDocument) -> None:
        """The dashboard's KPI tiles for the year: value, unit, change against the baseline."""
        shown = document.shown
        results, year = shown.results, shown.year
        baseline, base_year = shown.reference, shown.reference_year
        gap = self._mm(3)
        width = (self.width - gap * (len(TILES) - 1)) / len(TILES)
        height = self._mm(21)
        for i, spec in enumerate(TILES):
            x = i * (width + gap)
            value, base = results.kpi(spec.column, year), baseline.kpi(spec.column, base_year)
            self.painter.fillRect(QRectF(x, self.y, width, height), QColor(self.theme.panel))
            number, unit = spec.unit(value)
            good = spec.good(value, base)
            change = change_text(spec, value, base)
            color = change_color(self.theme, good)
            pad = self._mm(2)
            for text, points, bold, pen, top in (
                (spec.title.upper(), 7.5, True, self.theme.muted, pad),
                (f"{number} {unit}", 15, True, self.theme.foreground, self._mm(6)),
                (change, 8, True, color, self._mm(15)),
            ):
                self.painter.setFont(self._font(points, bold))
                self.painter.setPen(QColor(pen))
                self.painter.drawText(
                    QRectF(x + pad, self.y + top, width - 2 * pad, self._mm(8)),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                    text,
                )
        self.y += height

    def _charts(self, charts: tuple[Chart, ...], height: float) -> None:
        """Lay `charts` side by side in a row of `height`, each scaled from `CHART_SIZE`."""
        gap = self._mm(3)
        width = (self.width - gap * (len(charts) - 1)) / len(charts)
        for i, chart in enumerate(charts):
            render_chart(self.painter, chart, QRectF(i * (width + gap), self.y, width, height))
            chart.deleteLater()
        self.y += height + gap

    def _inputs(self, scenario: core.Scenario) -> None:
        """Input | value | source, for the inputs an executive moves and each product."""
        table = inputs_table(scenario)
        rows = table[table["input"].str.contains(BRIEF_INPUTS, regex=True)]
        font = self._font(7)
        metrics = QFontMetricsF(font, self.writer)
        columns = (0.0, self.width * 0.26, self.width * 0.38)
        self.painter.setFont(font)
        for row in rows.to_dict("records"):
            source = str(row["source"]) or "no source given"
            kind = " (illustrative)" if row["kind"] == "illustrative" else ""
            name = named_path(scenario, str(row["input"]))
            cells = (name, value_text(row["value"]), source + kind)
            height = max(
                metrics.boundingRect(
                    QRectF(0, 0, self._cell_width(columns, c), 1e6),
                    int(Qt.TextFlag.TextWordWrap),
                    text,
                ).height()
                for c, text in enumerate(cells)
            )
            self._room_for(height)
            self.painter.setFont(font)
            for c, text in enumerate(cells):
                self.painter.setPen(QColor(self.theme.muted if c == 2 else self.theme.foreground))
                self.painter.drawText(
                    QRectF(columns[c], self.y, self._cell_width(columns, c), height),
                    int(Qt.TextFlag.TextWordWrap),
                    text,
                )
            self.y += height + self._mm(0.6)

    def _cell_width(self, columns: tuple[float, ...], c: int) -> float:
        end = columns[c + 1] if c + 1 < len(columns) else self.width
        return end - columns[c] - self._mm(2)


def render_chart(painter: QPainter, chart: Chart, target: QRectF) -> None:
    """Lay `chart` out offscreen at `target`'s size and paint its scene, in vectors, into it."""
    chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    # On screen the legend keeps its pixel size whatever the zoom; on the page it must
    # scale with the chart like everything else, or it prints at a third of its size.
    chart.legend.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False)
    chart.resize(
        round(target.width() * SCREEN_DPI / DPI), round(target.height() * SCREEN_DPI / DPI)
    )
    chart.show()
    QApplication.processEvents()  # the plot lays itself out in posted events, at its new size
    chart.render(painter, target, chart.viewport().rect())
    chart.hide()


def _risk_lines(results: core.Results) -> list[str]:
    lines = []
    for kind, title in RISK_KINDS.items():
        flags = [f for f in results.flags if f.kind == kind]
        if not flags:
            continue
        lines.append(f"{title}: {len(flags)}")
        lines.extend(f"    • {f.message}" for f in flags[:MAX_RISK_LINES])
        if len(flags) > MAX_RISK_LINES:
            lines.append(f"    • … and {len(flags) - MAX_RISK_LINES} more")
    return lines
