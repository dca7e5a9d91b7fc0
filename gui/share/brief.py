"""The executive brief: a two-page PDF of one scenario, drawn with QPdfWriter.

Page 1: title, the headline, the status tiles and the dashboard's charts.
Page 2: the top risks grouped and ranked by dollars at stake, and the key inputs with
units and sources, in two columns.
Charts are real dashboard charts rendered offscreen, so the brief shows what the
window shows, in vectors; the page is laid out at about screen resolution so the
charts' one-pixel (cosmetic) lines print at ~0.2 mm, not a 300 dpi hairline.
"""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication, QGraphicsItem

import core
from core.formats.export import key_inputs
from core.scenario.files import write_bytes_atomic
from core.summary.headline import headline_for
from core.summary.input_labels import labelled_inputs, words_that_fit
from core.summary.risks import top_risks
from core.summary.status import Judgement, change_is_good
from gui.document import ScenarioDocument
from gui.style.appearance import appearance
from gui.style.theme import status_color
from gui.views.charts.base import Chart
from gui.views.charts.risk_charts import ProviderChart, QualityChart, RiskIndexChart
from gui.views.charts.time_charts import CapacityChart, CostChart
from gui.views.elided import fitted
from gui.views.kpi_tiles import (
    TILES,
    TileSpec,
    change_color,
    line_parts,
    line_shown,
    status_text,
    tile_figures,
)

DPI = 120  # cosmetic (one-pixel) chart lines print at 1/120 inch
SCREEN_DPI = 110  # charts are laid out at (about) their size on the page, as on a screen
MAX_RISKS = 8  # the rest are counted
TITLE_GAP_MM = 1.5  # at least this between a tile's title and its status badge


def write_brief(
    book: core.Workbook,
    current: str,
    out: Path,
    year: int | None = None,
    reference: core.Scenario | None = None,
) -> int:
    """Write the brief of scenario `current` of `book` to `out` (atomically); the page count.

    Its tiles compare with `reference` (default: `book`'s baseline). The window passes the
    baseline its own tiles compare with, as opened or last saved: after an unsaved edit of
    the baseline the page read "▼ -2,882 vs base" beside a screen of "▼ -2,685".
    """
    document = ScenarioDocument(book)
    document.load(book, current, reference=reference)
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
        """Title, the headline, the status tiles, charts."""
        self._background()
        scenario, year = document.scenario, document.year
        self._text(f"ScaleDeck brief: {scenario.name}", 18, bold=True)
        when = datetime.now().strftime("%Y-%m-%d %H:%M")
        inputs = " · ".join(f"{k} {v}" for k, v in key_inputs(scenario).items())
        self._text(f"{when} · {inputs}", 8, color=self.theme.muted)
        headline = headline_for(document.results, year, scenario.status_thresholds)
        self._text(headline, 11)
        self.y += self._mm(1)
        self._tiles(document)
        self.y += self._mm(3)
        top = (CostChart(document), CapacityChart(document))
        bottom = (ProviderChart(document), RiskIndexChart(document), QualityChart(document))
        row_height = (self.height - self.y - self._mm(2)) / 2
        for row in (top, bottom):
            self._charts(row, row_height)

    def second(self, document: ScenarioDocument) -> None:
        """Top risks, ranked by dollars at stake, then the inputs with their sources."""
        self._text("Top risks, by dollars at stake", 14, bold=True)
        risks = top_risks(document.results)
        calm = "None: every product meets its floor and promise, no shortfall, no concentration."
        for risk in risks[:MAX_RISKS]:
            self._text(f"{risk.title}: {risk.detail}. At stake: {risk.stake}.", 9)
        if len(risks) > MAX_RISKS:
            self._text(f"… and {len(risks) - MAX_RISKS} more (scaledeck export lists them).", 9)
        if not risks:
            self._text(calm, 9)
        self.y += self._mm(3)
        self._text("Key inputs and their sources", 14, bold=True)
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
        """The dashboard's tiles for the year: status bar and word, value, change or standing."""
        gap = self._mm(3)
        height = self._mm(20)
        pad = self._mm(2.5)
        figures = [tile_figures(document.shown, spec) for spec in TILES]
        badges = [status_text(now.status) for _v, _b, now, _t in figures]
        widths = self._tile_widths(badges, self.width - gap * (len(TILES) - 1), 1.5 * pad)
        for i, spec in enumerate(TILES):
            x, width = sum(widths[:i]) + i * gap, widths[i]
            value, base, now, _ = figures[i]
            self.painter.fillRect(QRectF(x, self.y, width, height), QColor(self.theme.panel))
            status = status_color(self.theme, now.status)
            self.painter.fillRect(QRectF(x, self.y, self._mm(1.2), height), QColor(status))
            inner = QRectF(x + pad, self.y, width - 1.5 * pad, height)
            number, unit = self._tile_figure(spec, value, inner.width())
            badge = badges[i]
            title, title_width = self._tile_title(spec, badge, inner.width())
            for part, (text, points, pen, top, align) in enumerate(
                (
                    (title, 7.5, self.theme.muted, 1.5, Qt.AlignmentFlag.AlignLeft),
                    (badge, 7.5, status, 1.5, Qt.AlignmentFlag.AlignRight),
                    (number, 14, self.theme.foreground, 6, Qt.AlignmentFlag.AlignLeft),
                    (unit, 7.5, self.theme.muted, 8.5, Qt.AlignmentFlag.AlignRight),
                )
            ):
                self.painter.setFont(self._font(points, bold=True))
                self.painter.setPen(QColor(pen))
                wide = title_width if part == 0 else inner.width()  # the title stops at the badge
                box = QRectF(inner.x(), self.y + self._mm(top), wide, self._mm(6))
                shown = fitted(text, self.painter.fontMetrics(), round(box.width()))
                self.painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), shown)
            self._tile_line(spec, value, base, now, inner)
        self.y += height

    def _tile_line(
        self, spec: TileSpec, value: float, base: float, now: Judgement, inner: QRectF
    ) -> None:
        """The tile's last line as on screen: its change, and the status's reason beside it.

        The change in its colour, the reason muted ("▼ -2.45B vs base; +42% YoY"), in the
        form the tile would fit (`line_shown`): a page without the reason read "✕ ACT" beside
        a fall in cost, unexplained.
        """
        change, reason = line_parts(spec, value, base, now)
        self.painter.setFont(self._font(7.5, bold=True))
        metrics = self.painter.fontMetrics()
        room = round(inner.width())
        head, tail = line_shown(
            change, reason, lambda text: metrics.horizontalAdvance(text) <= room
        )
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        box = QRectF(inner.x(), self.y + self._mm(14), inner.width(), self._mm(6))
        if head:
            good = change_is_good(spec.column, value, base, now)
            self.painter.setPen(QColor(change_color(self.theme, good)))
            head = fitted(head, metrics, room)
            self.painter.drawText(box, int(top), head)
            box.setLeft(box.left() + metrics.horizontalAdvance(head))
            tail = f"; {tail}" if tail else ""
        self.painter.setPen(QColor(self.theme.muted))
        self.painter.drawText(box, int(top), fitted(tail, metrics, round(box.width())))

    def _tile_widths(self, badges: list[str], room: float, pad: float) -> list[float]:
        """Each tile's width: its short title and badge, and an equal share of the rest.

        As on screen, a tile with a long title and a wide badge (EXTERNAL, ⚠ WATCH) takes
        room from tiles that have some to spare, so its title shows whole.
        """
        metrics = QFontMetricsF(self._font(7.5, bold=True), self.writer)
        needs = [
            metrics.horizontalAdvance((spec.short_title or spec.title).upper() + badge)
            + self._mm(TITLE_GAP_MM)
            + pad
            for spec, badge in zip(TILES, badges, strict=True)
        ]
        spare = (room - sum(needs)) / len(needs)
        return [need + spare for need in needs] if spare > 0 else [room / len(needs)] * len(needs)

    def _tile_figure(self, spec: TileSpec, value: float, width: float) -> tuple[str, str]:
        """The figure and its unit; the unit's narrow form when both do not fit, as on screen."""
        number, unit = spec.unit(value)
        self.painter.setFont(self._font(14, bold=True))
        room = width - self.painter.fontMetrics().horizontalAdvance(number + " ")
        self.painter.setFont(self._font(7.5, bold=True))
        if self.painter.fontMetrics().horizontalAdvance(unit) <= room:
            return number, unit
        return number, unit if spec.narrow_unit is None else spec.narrow_unit

    def _tile_title(self, spec: TileSpec, badge: str, width: float) -> tuple[str, float]:
        """The title and the width it may take: never over the status badge on its right.

        As on screen, a tile too narrow for its title and badge shows its short title first
        (Cost, Use, External, HHI, Risk); the badge's word is never given up.
        """
        metrics = QFontMetricsF(self._font(7.5, bold=True), self.writer)
        room = width - metrics.horizontalAdvance(badge) - self._mm(TITLE_GAP_MM)
        title = spec.title.upper()
        if metrics.horizontalAdvance(title) > room and spec.short_title:
            title = spec.short_title.upper()
        return title, room

    def _charts(self, charts: tuple[Chart, ...], height: float) -> None:
        """Lay `charts` side by side in a row of `height`, each scaled from `CHART_SIZE`."""
        gap = self._mm(3)
        width = (self.width - gap * (len(charts) - 1)) / len(charts)
        for i, chart in enumerate(charts):
            render_chart(self.painter, chart, QRectF(i * (width + gap), self.y, width, height))
            chart.deleteLater()
        self.y += height + gap

    def _inputs(self, scenario: core.Scenario) -> None:
        """Input | value | source in two columns, so the page holds them all."""
        rows = labelled_inputs(scenario)
        half = (len(rows) + 1) // 2
        gap = self._mm(6)
        width = (self.width - gap) / 2
        top = self.y
        bottom = top
        for column, chunk in enumerate((rows[:half], rows[half:])):
            self.y = top
            x = column * (width + gap)
            cells = (x, x + width * 0.30, x + width * 0.55, x + width)
            for row in chunk:
                kind = " (illustrative)" if row.illustrative else ""
                self._row((row.label, row.value, row.source or "no source given"), kind, cells)
            bottom = max(bottom, self.y)
        self.y = bottom

    def _row(self, texts: tuple[str, str, str], kind: str, cells: tuple[float, ...]) -> None:
        """One input row at the cursor; the source is cut at a word to two lines with `kind`."""
        font = self._font(6.5)
        metrics = QFontMetricsF(font, self.writer)
        wrap = int(Qt.TextFlag.TextWordWrap)
        column = QRectF(0, 0, cells[3] - cells[2] - self._mm(2), 1e6)
        two_lines = metrics.boundingRect(column, wrap, "x\nx").height()
        source = words_that_fit(
            texts[2],
            lambda text: metrics.boundingRect(column, wrap, text + kind).height() <= two_lines,
        )
        source += kind
        shown = (texts[0], texts[1], source)
        height = max(
            metrics.boundingRect(
                QRectF(0, 0, cells[c + 1] - cells[c] - self._mm(2), 1e6), wrap, t
            ).height()
            for c, t in enumerate(shown)
        )
        height = min(height, two_lines)
        self.painter.setFont(font)
        for c, text in enumerate(shown):
            self.painter.setPen(QColor(self.theme.muted if c == 2 else self.theme.foreground))
            box = QRectF(cells[c], self.y, cells[c + 1] - cells[c] - self._mm(2), height)
            self.painter.drawText(box, wrap, text)
        self.y += height + self._mm(0.5)


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
