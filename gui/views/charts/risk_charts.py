"""Dependency risk and quality: per product for the selected year, per provider over years."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QWidget

import core
from core.engine.result_tables import under_floor_routes
from core.engine.results import floor_miss_words
from core.engine.risk import OUTSIDE_OUTAGE_BUDGET_HOURS
from core.summary.risks import PRICE_SHOCK_TERM
from core.summary.status import STATUS_MARK, Status
from core.units import percent, percent_points, some_percent, usd
from gui.document import ScenarioDocument, Shown
from gui.style.appearance import appearance
from gui.style.theme import FIRST_BAR, Role, provider_color, status_color
from gui.views.charts.axis_titles import QUALITY_AXIS
from gui.views.charts.base import BAR_WIDTH, Chart, nearest_index, stack
from gui.views.charts.items import ColoredBars, cache_pixels, set_line
from gui.views.charts.stacked import BarLayer
from gui.views.charts.time_charts import YearChart

NAME_SHARE = 0.36  # of the chart's width, at most, for the product names
NAME_MIN_PX = 56
PERCENT_TICKS = (0, 25, 50, 75, 100)  # every other one where they would touch: 0, 50, 100
IN_HOUSE_NOTE = "0% (in-house)"
UNSERVED_NOTE = "no serving model"
UNDER_MARK = STATUS_MARK["act"]  # a quality bar under its floor: red, as an act status


def unserved_words(share: float) -> str:
    """Traffic no model in a product's chain serves, in words."""
    if share > 1.0 - 1e-9:
        return "no model in its chain serves any of its traffic"
    return f"{percent(share)} of its traffic has no serving model in its chain"


END_GAP_PX = 3  # past half the end label's width: room for a centred "0" or "100"


def short(name: str) -> str:
    """A product name for an axis: the family prefix dropped ("Copilot", "M365 Copilot")."""
    for prefix in ("M365 Copilot ", "Copilot "):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name.removeprefix(prefix)
    return name[:1].upper() + name[1:]


def axis_names(
    names: tuple[str, ...], metrics: QFontMetrics, room_px: int, marks: tuple[str, ...] = ()
) -> list[str]:
    """Each name shortened, then elided ("…") to `room_px`; the row's tooltip has it in full.

    A row's mark ("✕") follows its name whole, beside the bar: the name gives way to it.
    """
    elide = Qt.TextElideMode.ElideRight
    labels = []
    for name, mark in zip(names, marks or ("",) * len(names), strict=True):
        after = f" {mark}" if mark else ""
        room = room_px - metrics.horizontalAdvance(after)
        labels.append(metrics.elidedText(short(name), elide, room) + after)
    return labels


Flag = tuple[str, str]  # a row's mark on its label ("" for none) and its state in words


class ProductBars(Chart):
    """Horizontal bars, one per product, for the selected year.

    A bar coloured by a state (under its floor, watch, act) carries that state's mark
    after its name too, so no state rests on colour alone (WCAG 1.4.1).
    """

    value_format = "{:.0f}%"  # a bar's value in the chart's description

    def __init__(
        self,
        document: ScenarioDocument,
        name: str,
        title: str,
        axis: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, title, "", parent, grid=(True, False))
        self.set_axis_title("bottom", axis)
        self.plot_item.invertY(True)
        self._x_top = 100.0
        self.percent_ticks = False  # 0-100 ticks (`PERCENT_TICKS`) on the bottom axis
        self._tick_values: tuple[int, ...] = ()
        self.plot_item.vb.sigResized.connect(self._fit_x)
        self.bars_item = ColoredBars(
            x0=[0], y=[0], width=[0], height=BAR_WIDTH, brushes=[FIRST_BAR], pen=pg.mkPen(None)
        )
        self.plot_item.addItem(self.bars_item)
        self.legend_wanted = False  # each bar is named on the axis
        self.legend.hide()
        self._labels: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # names, marks
        self._bars: tuple[bytes, tuple[str, ...]] = (b"", ())
        self._rows: tuple[tuple[str, ...], np.ndarray, tuple[Flag, ...]] = ((), np.zeros(0), ())
        document.resultsChanged.connect(self.refresh)  # bound: disconnected when self is deleted
        document.yearChanged.connect(self.refresh)

    def show_bars(
        self,
        names: tuple[str, ...],
        values: np.ndarray,
        colors: list[str],
        flags: tuple[Flag, ...] = (),
    ) -> None:
        """Draw one bar per product, its label marked by its `flags`.

        Nothing to do when the bars are the ones on screen.
        """
        self._rows = (names, values, flags)  # said when heard (`summary`)
        bars = (values.tobytes(), tuple(colors))
        if bars != self._bars:
            self._bars = bars
            rows = np.arange(len(names), dtype=float)
            self.bars_item.setOpts(
                x0=np.zeros_like(values), y=rows, width=values, height=BAR_WIDTH, brushes=colors
            )
        marks = tuple(mark for mark, _words in flags)
        if (names, marks) != self._labels:  # new ticks invalidate the axis's cached drawing
            self._labels = (names, marks)
            axis = self.plot_item.getAxis("left")
            metrics = QFontMetrics(axis.style.get("tickFont") or self.font())
            room = max(NAME_MIN_PX, round(self.width() * NAME_SHARE))
            labels = axis_names(names, metrics, room, marks)
            axis.setTicks([[(i, label) for i, label in enumerate(labels)]])
            axis.setWidth(max(metrics.horizontalAdvance(label) for label in labels) + 14)
            self.plot_item.setYRange(-0.6, len(names) - 0.4, padding=0)

    def set_x_top(self, top: float) -> None:
        """Show 0..top on the value axis."""
        self._x_top = top
        self._fit_x()

    def _fit_x(self, *_: object) -> None:
        """0..top with a few pixels either side, so the ticks at both ends keep their labels.

        pyqtgraph hides a tick label that would stick out of the plot: "0" and "100" went
        (and "100" again in presentation mode, when the room was a fixed 13 px).
        """
        label_px = self._tick_metrics.horizontalAdvance(f"{self._x_top:g}") / 2 + END_GAP_PX
        per_px = self._x_top / max(self.plot_item.vb.width() - 2 * label_px, 1.0)
        room = label_px * per_px
        self.plot_item.setXRange(-room, self._x_top + room, padding=0)
        if self.percent_ticks:  # "0 255075100" on a squeezed chart: every other one
            apart_px = (PERCENT_TICKS[1] - PERCENT_TICKS[0]) / per_px
            values = PERCENT_TICKS if apart_px >= 2 * label_px + END_GAP_PX else PERCENT_TICKS[::2]
            if values != self._tick_values:
                self._tick_values = values
                self.plot_item.getAxis("bottom").setTicks([[(v, str(v)) for v in values]])

    def set_compact(self, compact: bool) -> None:
        """Narrow: the names are elided again for the new width."""
        super().set_compact(compact)
        self._relabel()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        """Names elide to the chart's width: rebuild them at the new width, then lay out."""
        self._relabel()  # first: a wider axis than the new width allows would widen the plot
        super().resizeEvent(event)

    def _relabel(self) -> None:
        if getattr(self, "_labels", ((), ()))[0]:
            self._labels = ((), ())  # force the labels to be rebuilt at the new width
            self.refresh(self._last)

    def summary(self) -> str:
        """The selected year's bars in words: each product's value and its state."""
        names, values, flags = self._rows
        words = [w for _mark, w in flags] or [""] * len(names)
        said = [
            f"{name} {self.value_format.format(value)}" + (f", {w}" if w else "")
            for name, value, w in zip(names, values, words, strict=True)
        ]
        return f"In {self._last.year}: {'; '.join(said)}." if said else ""

    def refresh(self, shown: Shown) -> None:
        """Redraw for the payload's results and year."""
        self._last = shown
        self.draw(shown)

    def draw(self, shown: Shown) -> None:
        """Draw the bars of `shown` (subclasses)."""
        raise NotImplementedError


def share_status(share: float, watch: float, act: float) -> Status:
    """A share's status on the external-share KPI's lines ("over" is strictly above)."""
    return "act" if share > act else "watch" if share > watch else "good"


class ExternalShareChart(ProductBars):
    """Share of each product's tokens served outside, selected year.

    Coloured by meaning only: each bar in its status on the external-share KPI's lines
    (`status_thresholds`), as the tile, and marked as the tile's badge (⚠ watch, ✕ act);
    never in provider colours, which name providers. An in-house-only product (data
    residency) allows none outside: any share on cloud burst is *act* (its flag says so).
    """

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(
            document, "externalShareChart", "EXTERNAL SHARE", "% tokens served outside", parent
        )
        self.percent_ticks = True
        self._fit_x()
        self.notes: list[pg.TextItem] = []  # "0% (in-house)" on rows without a bar
        self.refresh(document.shown)

    def apply_look(self) -> None:
        """As every chart, and the in-house notes in the theme's muted ink."""
        super().apply_look()
        for note in getattr(self, "notes", []):
            note.setColor(appearance().theme.muted)

    def note_rows(self, notes: list[str | None]) -> None:
        """Say what an empty row means: "0% (in-house)", or that nothing serves it.

        Without it an in-house row is empty, and an all-in-house plan a blank chart; a
        product no model serves once read "0% (in-house)", as if that were good.
        """
        while len(self.notes) < len(notes):
            note = pg.TextItem(IN_HOUSE_NOTE, color=appearance().theme.muted, anchor=(0, 0.5))
            note.setPos(1.0, float(len(self.notes)))
            self.plot_item.addItem(note)
            self.notes.append(note)
        theme = appearance().theme
        for row, note in enumerate(self.notes):
            text = notes[row] if row < len(notes) else None
            note.setVisible(text is not None)
            if text is not None and text != note.textItem.toPlainText():
                note.setText(text)
                note.setColor(theme.muted if text == IN_HOUSE_NOTE else theme.warning)

    def draw(self, shown: Shown) -> None:
        results, year = shown.results, shown.year
        fraction = results.per_product("external_token_share", year)
        share = percent_points(fraction)
        tokens = results.per_product("tokens", year)
        names = results.structure.product_names
        th, theme = shown.scenario.status_thresholds, appearance().theme
        breach = (results.structure.in_house_only > 0) & (fraction > 1e-9)  # on rented GPUs
        statuses = [
            "act" if broken else share_status(f, th.external_share_watch, th.external_share_act)
            for f, broken in zip(fraction.tolist(), breach, strict=True)
        ]
        unserved = results.per_product("unserved_share", year)
        nothing_served = unserved > 1.0 - 1e-9
        flags = tuple(
            ("" if s == "good" else STATUS_MARK[s], UNSERVED_NOTE if none else s)
            for s, none in zip(statuses, nothing_served, strict=True)
        )
        self.show_bars(names, share, [status_color(theme, s) for s in statuses], flags)
        self.note_rows(
            [
                UNSERVED_NOTE if none else IN_HOUSE_NOTE if s < 0.5 and not broken else None
                for none, s, broken in zip(nothing_served, share, breach, strict=True)
            ]
        )

        def describe(_x: float, y: float) -> str | None:
            i = nearest_index(y, list(range(len(names))))
            if i is None:
                return None
            if nothing_served[i]:
                return f"{names[i]} in {year}: {unserved_words(1.0)}"
            if breach[i]:  # any share is the breach: never "0% ... act"
                said = f"{names[i]} in {year}: {some_percent(fraction[i])} of its tokens "
                said += (
                    "on cloud burst (rented GPUs): act, an in-house-only product (data "
                    "residency) allows none outside; the fleet cannot hold its work"
                )
            else:
                said = f"{names[i]} in {year}: {share[i]:.0f}% of {tokens[i] / 1e12:,.0f} T tokens "
                said += (
                    f"served outside (partners and cloud burst): {statuses[i]}, on the "
                    f"external share's lines ({percent(th.external_share_watch)} watch, "
                    f"{percent(th.external_share_act)} act)"
                )
            return said + (f"; {unserved_words(unserved[i])}" if unserved[i] > 1e-9 else "")

        self.describe = describe


class QualityChart(ProductBars):
    """Quality per product against its floor (tick), selected year.

    Red and marked ✕ when any of the product's tokens runs on a model under its floor, as
    the flags, the headline and the routing table read it (docs/model.md#F-quality): a mix
    whose mean clears the tick can still break the promise for some of its tokens.
    """

    value_format = "quality {:.0f}"

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "qualityChart", "QUALITY  (| = floor)", QUALITY_AXIS, parent)
        self.floors = self.styled(pg.ScatterPlotItem(symbol="|", size=26, brush=None), Role.INK, 3)
        self.plot_item.addItem(self.floors)
        self.percent_ticks = True
        self._fit_x()
        self.refresh(document.shown)

    def draw(self, shown: Shown) -> None:
        results, year = shown.results, shown.year
        quality = results.per_product("quality", year)
        floor = results.per_product("quality_floor", year)
        under = results.per_product("under_floor_share", year)
        unserved = results.per_product("unserved_share", year)
        names = results.structure.product_names
        theme = appearance().theme
        # What the bars' colours say, for a test to read: traffic no model serves has no
        # quality at all, and is never shown as meeting its floor.
        self.under = (under > 1e-9) | (unserved > 1e-9)
        flags = tuple(
            (UNDER_MARK, f"floor {f:g}, some tokens under it")
            if u
            else ("", f"floor {f:g}, every token meets it")
            for u, f in zip(self.under, floor, strict=True)
        )
        colors = [theme.warning if u else theme.good for u in self.under]
        self.show_bars(names, quality, colors, flags)
        if not np.array_equal(floor, self.floors.data["x"]):
            self.floors.setData(x=floor, y=np.arange(len(names), dtype=float))

        def describe(_x: float, y: float) -> str | None:
            i = nearest_index(y, list(range(len(names))))
            if i is None:
                return None
            if unserved[i] > 1.0 - 1e-9:
                return f"{names[i]} in {year}: {unserved_words(1.0)}: no quality to show"
            mean = "under" if quality[i] < floor[i] - 1e-9 else "meets"
            said = f"{names[i]} in {year}: quality {quality[i]:.1f} on average, {mean} its floor"
            if unserved[i] > 1e-9:
                return f"{said} {floor[i]:g} where served; {unserved_words(unserved[i])}"
            if not self.under[i]:
                return f"{said} {floor[i]:g}; every token on a model that meets it"
            return f"{said} {floor[i]:g}; UNDER IT: {_worst_route(results, year, i)}"

        self.describe = describe


def _worst_route(results: core.Results, year: int, p: int) -> str:
    """The product's route with the biggest share under its floor, in words."""
    shares = results.outputs.shares[0, results.years.index(year), p]
    under = np.where(under_floor_routes(results.structure)[p], shares, 0.0)
    m = int(np.argmax(under))
    return (
        f"{percent(float(under[m]))} of its tokens on {floor_miss_words(results.structure, p, m)}"
    )


class ProviderChart(YearChart):
    """Tokens served by provider per year (stacked %, left), HHI and its act line (right).

    The partner HHI squares the outside bars, so the bars are what it judges; the spend
    is in the hover. The HHI has its own axis on its 0-10,000 scale: a share and an index
    never share one.
    """

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "providerChart", "PROVIDERS", "% of tokens", parent)
        self.provider_bars: dict[str, BarLayer] = {}
        self.hhi_axis = self.right_axis("HHI (0-10,000)", "Partner HHI")
        self.hhi = self.hhi_axis.curve
        # The HHI tile's act line, from the scenario's thresholds (a fixed 1,800 line sat
        # beside a tile that read "over 2,500"); named in the legend, not on the bars.
        self.threshold = self.styled(pg.PlotDataItem([], []), Role.WARNING, 2, Qt.PenStyle.DashLine)
        self.hhi_axis.view.addItem(self.threshold)
        cache_pixels(self.threshold)
        self._named_at: float | None = None
        self.plot_item.setYRange(0, 100, padding=0)
        self.plot_item.getAxis("left").setTicks([[(v, str(v)) for v in (0, 25, 50, 75, 100)]])
        self.set_compact(bool(self.compact))
        self.show_shown(document.shown)

    def update_results(self, shown: Shown) -> None:
        results = shown.results
        years = np.asarray(results.years, dtype=float)
        table = results.provider_arrays
        providers = list(results.structure.providers)
        for provider in providers:
            if provider not in self.provider_bars:
                self.provider_bars[provider] = self.bars(provider_color(provider), provider)
        shares = list(percent_points(table.token_share.T))  # one (T,) row per provider
        for provider, share, bottom in zip(providers, shares, stack(shares), strict=True):
            self.provider_bars[provider].set_values(x=years, height=share, y0=bottom)
        hhi = results.yearly.partner_hhi  # the tile's KPI, which the two lines judge
        th = shown.scenario.status_thresholds
        self._name_line(th.hhi_act)
        self.hhi_axis.show(years, hhi, headroom=1.1, at_least=th.hhi_act * 1.25)
        ends = np.array([years[0] - 0.5, years[-1] + 0.5])
        set_line(self.threshold, ends, np.full(2, th.hhi_act))  # moves with the years
        self.set_year_ticks(results.years)

        def describe(x: float, _y: float) -> str | None:
            i = nearest_index(x, years)
            if i is None:
                return None
            spend, tokens = table.spend_usd[i], table.tokens[i]
            outside = tokens[1:].sum()  # In-house first: the HHI squares the others
            lines = [
                f"{p}: {percent(s[i] / 100)} of all tokens"
                + (
                    f", {percent(tokens[k] / outside)} of those served outside"
                    if k and outside
                    else ""
                )
                + f"; {usd(spend[k])}, {percent(table.spend_share[i, k])} of spend"
                for k, (p, s) in enumerate(zip(providers, shares, strict=True))
            ]
            head = (
                f"{results.years[i]}: partner HHI {hhi[i]:,.0f} of 10,000, the outside "
                f"providers' shares of all tokens squared and summed (watch over "
                f"{th.hhi_watch:,.0f}, act over {th.hhi_act:,.0f})"
            )
            return head + "\n" + "\n".join(lines)

        self.describe = describe

    def _name_line(self, act: float) -> None:
        """Name the line by the status it marks, anew only when the threshold changes."""
        if act == self._named_at:
            return
        if self._named_at is not None:
            self.legend.removeItem(self.threshold)
        self._named_at = act
        self.legend.addItem(self.threshold, f"HHI {act:,.0f}: act")
        self.set_compact(bool(self.compact))  # restyles the new label and places the legend


class RiskIndexChart(YearChart):
    """The risk index over the years (0-100)."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "riskIndexChart", "RISK INDEX", "0-100 (low = safe)", parent)
        self.index = self.curve(Role.WARNING, "Risk index", width=3)
        self.baseline = self.curve(Role.REFERENCE, "Baseline", width=2, dashed=True)
        cache_pixels(self.baseline)  # changes on open and save, not on edits
        self._shown_reference: core.Results | None = None
        self.set_compact(bool(self.compact))
        self.plot_item.setYRange(0, 100, padding=0.02)
        document.referenceChanged.connect(self.show_shown)  # the dashed line is the reference
        self.show_shown(document.shown)

    def update_results(self, shown: Shown) -> None:
        results = shown.results
        years = np.asarray(results.years, dtype=float)
        risk = results.yearly.risk_index
        base = shown.reference
        set_line(self.index, years, risk)
        if base is not self._shown_reference:  # the reference changes on open, not on edits
            self._shown_reference = base
            self.baseline.setData(np.asarray(base.years, dtype=float), base.yearly.risk_index)
        self.set_year_ticks(results.years)
        terms = results.yearly

        def describe(x: float, _y: float) -> str | None:
            i = nearest_index(x, years)
            if i is None:
                return None
            return (
                f"{results.years[i]}: risk index {risk[i]:.1f}\n"
                f"External share: {percent(terms.risk_external_share[i])}\n"
                f"Outside concentration: {terms.risk_concentration[i]:.2f} of 1 (outside "
                "providers' shares of all tokens, squared and summed: the partner HHI over "
                "10,000)\n"
                f"Outages: {terms.degraded_hours[i]:,.1f} h a year on fallbacks; outside "
                f"downtime over {OUTSIDE_OUTAGE_BUDGET_HOURS:g} h: "
                f"{percent(terms.risk_outage[i])}\n"
                f"Price-shock exposure: {percent(terms.risk_price_shock[i])}\n"
                f"Compute bought as cloud burst: {percent(terms.risk_compute_dependency[i])}\n"
                f"Price-shock exposure is {PRICE_SHOCK_TERM}."
            )

        self.describe = describe


class RiskCharts:
    """The dependency-risk charts: external share, tokens by provider and HHI, risk index.

    A plain holder, not a widget: the three charts sit in the dashboard's grid, so a
    container widget would be left parentless and outlive the window.
    """

    def __init__(self, document: ScenarioDocument, parent: QWidget) -> None:
        self.external = ExternalShareChart(document, parent)
        self.providers = ProviderChart(document, parent)
        self.index = RiskIndexChart(document, parent)
