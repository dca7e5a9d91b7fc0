"""KPI tiles: the value large, its status (good / watch / act) and the change coloured by meaning.

The status and whether a change is good come from core (docs/model.md#F-status): an
idle fleet is never green, and on the baseline a tile says where its figure stands
against its threshold instead of "= baseline". Cost, capex cash and site power are the
commitments: judged against the budgets and the power limit the executive set, and a
variant against the baseline it is compared with. A status that reads something the
tile does not show (cost growth on the year before, a budget) is said on its last line.
"""

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple, get_args

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.summary.risks import PRICE_SHOCK_TERM
from core.summary.status import (
    STATUS_MARK,
    Judgement,
    Status,
    StatusKpi,
    change_is_good,
    judge,
    limits_of,
)
from core.summary.status import thresholds_text as status_thresholds_text
from core.units import (
    RISK_DECIMALS,
    count,
    percent,
    percent_past,
    points_change,
    reads_zero,
    signed,
    significant,
    usd,
    usd_change_billions,
    usd_scaled,
)
from gui.document import ScenarioDocument, Shown
from gui.style.appearance import appearance
from gui.style.focus_ring import ring_over
from gui.style.theme import Theme, status_color
from gui.views.elided import ElidedLabel, fitted, leading_clauses
from gui.views.pinned import Pins
from gui.views.spoken import Spoken
from gui.views.tile_words import tile_sentence

TITLE_GAP_PX = 4  # at least this between a tile's title and its status badge
BAR_PX = 5  # the status bar down a tile's left edge
PAD_PX = {False: (6, 8), True: (4, 4)}  # the gap after the bar and the right edge: full, narrow
VALUE_PT = {False: 20, True: 16}  # the figure's size: full, narrow (narrow: 1280 px wide)
TITLE_PT = {False: 9, True: 8}
DELTA_PT = {False: 9, True: 8}  # the last line: "$3.53/M tokens" fits a 1280 px tile at 8
DELTA_MIN_PT = 6  # the last line's least size: smaller, rather than a word cut with "…"
UNIT_PT, BADGE_PT = 10, 8
TIGHT_PT = 6  # title and badge where the narrow look does not fit: smaller, the word kept
TIGHT_UNIT_PT = 8  # and the unit beside the figure ("/10k"), kept whole

# A tile's parts, each named `<tile><Part>` (`kpiGpusValue`): the colour bar down its
# left edge, the title, the status badge, the value, its unit and the change.
TilePart = Literal["Bar", "Title", "Status", "Value", "Unit", "Delta"]
TILE_PARTS: tuple[TilePart, ...] = get_args(TilePart)
ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft)
# The events after which a tile's body has been laid out: posted (a new text, font or
# status) or, when shown, at once (its parts' fonts polished just before).
LAID_OUT = (QEvent.Type.LayoutRequest, QEvent.Type.Show)


class TypeSizes(NamedTuple):
    """The sizes (pt, before the scale) of a tile's title, status badge and unit in a look."""

    title: int
    badge: int
    unit: int


@dataclass(frozen=True)
class TileSpec:
    """A KPI: where it comes from, how it reads, and what it means."""

    name: str  # objectName
    title: str
    column: StatusKpi
    unit: Callable[[float], tuple[str, str]]  # value -> (number text, unit text)
    delta: Callable[[float, float], str]
    explain: str
    short_title: str = ""  # what a narrow tile shows, so its status word never gives way
    narrow_unit: str | None = None  # the unit in the narrow look (None: the unit itself)
    said_unit: str = ""  # the unit as a screen reader says it ("": the unit itself)
    per_year: bool = False  # dollars a year: the unit follows the figure's scale (B/yr, M/yr)

    def part(self, part: TilePart) -> str:
        """The objectName of one of the tile's parts (`kpiGpusValue`)."""
        return self.name + part

    def texts(self, value: float, narrow: bool) -> tuple[str, str]:
        """The figure and its unit in the full or the narrow look: '$3.84', 'B/yr' or 'B'.

        Dollars a year keep their scale when narrow ('M', not `narrow_unit` 'B'): a $4M
        figure read "$4 B".
        """
        number, unit = self.unit(value)
        if not narrow:
            return number, unit
        if self.per_year:
            return number, unit.removesuffix("/yr")
        return number, unit if self.narrow_unit is None else self.narrow_unit

    def said(self, unit: str) -> str:
        """The unit shown as a screen reader says it: 'B/yr' is 'billion a year'."""
        if self.per_year:
            return " ".join(filter(None, (SCALE_WORDS[unit.removesuffix("/yr")], "a year")))
        return self.said_unit or unit


SCALE_WORDS = {"B": "billion", "M": "million", "k": "thousand", "": ""}


def _dollars_a_year(v: float) -> tuple[str, str]:
    """'$3.84', 'B/yr'; under $0.1B on the figure's own scale: '$4', 'M/yr'.

    "$0.00 B/yr" read a $4M capex as none. From $0.1B up, cents of a billion, as every
    figure on the default (`usd_short`, which the headline and deck write).
    """
    number, scale = usd_scaled(v)
    return number, f"{scale}/yr"


def _dollar_change(v: float, b: float) -> str:
    """The change on the figures' scale: "+$20M" beside "$50 M/yr", not "+$0.02B".

    From $0.1B up, as every dollar change reads (`usd_change_billions`: "+$1.14B").
    """
    if max(abs(v), abs(b)) >= 1e8:
        return usd_change_billions(v, b)
    change = usd(abs(v - b))
    return f"{'-' if v < b and not reads_zero(change) else '+'}{change}"


def _megawatts(v: float) -> tuple[str, str]:
    """Whole MW from 10 (22 MW, as before); two significant digits below: 0.29 MW, not 0."""
    return significant(v, 2), "MW"


def _mw_change(v: float, b: float) -> str:
    """Whole MW from 10, as the figure; below, its two digits: "+0.05" beside 0.29 MW."""
    if max(abs(v), abs(b)) >= 10.0:
        return _whole_change(v, b)
    decimals = len(significant(max(abs(v), abs(b)), 2).partition(".")[2])  # the figure's
    return signed(v - b, f"+,.{decimals}f")


def _whole_change(v: float, b: float) -> str:
    return signed(v - b, "+,.0f")


TILES = (
    TileSpec(
        "kpiTotalCost",
        "Total cost",
        "total_cost_usd",
        _dollars_a_year,
        _dollar_change,
        "Capital and facility charges + power + opex + partner API spend + cloud burst.",
        short_title="Cost",
        narrow_unit="B",  # the brief's narrow unit (a tile narrows by `per_year`)
        per_year=True,
    ),
    TileSpec(
        "kpiCapex",
        "Capex cash",
        "capex_cash_usd",
        _dollars_a_year,
        _dollar_change,
        "Capital paid out that year: GPUs and facility as bought (the cash view, not the "
        "yearly charge in Total cost). The fleet bought before the horizon is paid by its "
        "charges until it is first re-bought, as a lease would be: a year that adds no GPU "
        "still pays them. A refresh pays for the GPUs it re-buys in its year.",
        short_title="Capex",
        narrow_unit="B",  # the brief's narrow unit (a tile narrows by `per_year`)
        per_year=True,
    ),
    TileSpec(
        "kpiGpus",
        "GPUs",
        "gpus",
        lambda v: (count(v), "GPUs"),
        _whole_change,
        "Owned GPUs in service that year.",
        narrow_unit="",
    ),
    TileSpec(
        "kpiPowerMw",
        "Site power",
        "facility_mw",
        _megawatts,
        lambda v, b: f"{_mw_change(v, b)} MW",  # "+110 vs base" said nothing of what
        "Facility power the fleet needs at full draw (IT power x PUE): what the site must "
        "give, against its power limit (the site power cap). The cap holds back only the "
        "ramp: a refresh re-buys the baseline as the generation bought now, and a hotter "
        "one may take the site past the cap.",
        short_title="Site",
        said_unit="megawatts",
    ),
    TileSpec(
        "kpiUtilization",
        "Utilization",
        "utilization",
        lambda v: (percent_past(v), "busy hour"),
        points_change,
        "What the busiest hour needs over the fleet: inference at each product's busy hour, "
        "or the year's work spread evenly if that is more (training waits out the busy "
        "hour in the fleet's quiet hours; set to run evenly, it adds to the busy hour). "
        "Over 100% is bought as cloud burst.",
        short_title="Use",
        narrow_unit="busy",
        said_unit="used in the busy hour",
    ),
    TileSpec(
        "kpiExternalShare",
        "External share",
        "external_token_share",
        lambda v: (percent(v), "tokens"),
        points_change,
        "Share of all served tokens done outside: by partner models, plus the in-house "
        "tokens the fleet cannot hold, bought as cloud burst.",
        short_title="External",
        narrow_unit="",
        said_unit="of tokens served outside",
    ),
    TileSpec(
        "kpiHhi",
        "Partner HHI",
        "partner_hhi",
        lambda v: (count(v), "/10k"),
        _whole_change,
        "How much of the traffic sits with single outside providers (partners and cloud "
        "burst): each one's share of all tokens served, squared and summed (0-10,000); "
        "above 1,800 is 'highly concentrated' (2023 Merger Guidelines), which takes over "
        "42% of the tokens outside. Only tokens move it: GPUs that sit idle and partner "
        "prices do not. Nothing served outside reads 0.",
        short_title="HHI",
        said_unit="of 10,000",  # "/10k" kept when narrow: 4,227 alone is of no scale
    ),
    TileSpec(
        "kpiRisk",
        "Risk index",
        "risk_index",
        lambda v: (f"{v:,.{RISK_DECIMALS}f}", "/100"),  # as every other place prints it
        lambda v, b: signed(v - b, "+,.1f"),
        "Dependency risk: the weighted mean of external share, outside concentration (the "
        "HHI tile over 10,000), "
        "outage, price-shock exposure and compute bought as cloud burst, each 0-1. "
        f"Price-shock exposure is {PRICE_SHOCK_TERM}.",
        short_title="Risk",
        said_unit="of 100",  # "/100" kept when narrow, as HHI's "/10k"
    ),
)


def status_text(status: Status) -> str:
    """The badge: a symbol and a word, so the status never rests on colour alone.

    The word is never given up: on a narrow tile the title shortens first (`short_title`),
    then elides with its full text as tooltip.
    """
    return f"{STATUS_MARK[status]} {status.upper()}"


def visible_change(spec: TileSpec, value: float, baseline: float) -> str | None:
    """The change against the baseline as shown ('▲ +0.52B vs base'); None if it reads 0.

    A change too small for the figure's precision ('-0.00B', '+0 pts') is no change: it
    was shown green or red as if it were one.
    """
    if math.isclose(value, baseline, rel_tol=1e-9, abs_tol=1e-12):
        return None
    shown = spec.delta(value, baseline)
    if reads_zero(shown):
        return None
    return f"{'▲' if value > baseline else '▼'} {shown} vs base"


def line_parts(spec: TileSpec, value: float, baseline: float, now: Judgement) -> tuple[str, str]:
    """What a tile's last line says: (the change against the baseline, the status's reason).

    The change, and without one the figure's standing. A status that is not good and reads
    something the tile does not show (growth on the year before, cost per million tokens,
    a budget or the power limit: `Judgement.judged`) is said beside the change: "▼ -2.45B"
    alone under "✕ ACT" read as if the fall were the fault. Either part may be "".
    """
    change = visible_change(spec, value, baseline) or ""
    beside = now.status != "good" and now.judged == "beside"
    return change, now.reason if beside or not change else ""


def line_forms(change: str, reason: str) -> list[tuple[str, str]]:
    """The (change, reason) pairs a line may show, longest parts first, then the reason alone.

    Each part keeps whole clauses ("▼ -2.45B" of "▼ -2.45B vs base"); where no pair fits
    the reason wins: the badge beside it must be explained on the tile.
    """
    changes, reasons = [change, *leading_clauses(change)], [reason, *leading_clauses(reason)]
    return [(c, r) for c in changes for r in reasons] + [("", r) for r in reasons]


def line_shown(change: str, reason: str, fits: Callable[[str], bool]) -> tuple[str, str]:
    """The (change, reason) a line shows: the first of `line_forms` whose text fits.

    None fitting, the reason alone; a line of one part is that part: the caller elides
    what it shows. The tile and the brief's tiles choose alike, so the page says what the
    screen says.
    """
    if not (change and reason):
        return change, reason
    forms = line_forms(change, reason)
    return next((f for f in forms if fits("; ".join(filter(None, f)))), ("", reason))


def change_color(theme: Theme, good: bool | None) -> str:
    """Green for a change for the better, red for worse, grey when neutral or unchanged."""
    return theme.muted if good is None else (theme.good if good else theme.warning)


@lru_cache(maxsize=1024)
def _measured_width(font_name: str, points: int, text: str) -> int:
    """A text's width, measured once per font, size and text.

    Every layout pass asks each tile's size hints for four widths (issue 28: ~30 text
    layouts per slider move, most of them repeats).
    """
    box = QRect(0, 0, 100_000, 1_000)
    return _metrics(font_name, points).boundingRect(box, ALIGN_LEFT, text).width()


@lru_cache(maxsize=256)
def _measured_height(font_name: str, points: int, text: str) -> int:
    """A text's height, measured once per font, size and text (as `_measured_width`)."""
    box = QRect(0, 0, 100_000, 1_000)
    return _metrics(font_name, points).boundingRect(box, ALIGN_LEFT, text).height()


@lru_cache(maxsize=64)
def _metrics(font_name: str, points: int) -> QFontMetrics:
    """A font's metrics, built once: a drag brings ~6 new figures to measure per move."""
    font = QFont()
    font.fromString(font_name)
    font.setPointSize(points)
    return QFontMetrics(font)


class ChangeLabel(ElidedLabel):
    """A tile's last line: the change in its own colour, and the status's reason beside it.

    The whole line as the longest of `line_forms` that fits, in the muted ink with the
    change coloured by meaning; the whole text as tooltip when it is cut.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts = ("", "")  # the change, the status's reason
        self.change_color = ""

    def set_parts(self, change: str, reason: str, change_color: str) -> None:
        """Show `change` (in `change_color`) and `reason`; either may be ""."""
        if ((change, reason), change_color) != (self.parts, self.change_color):
            self.parts, self.change_color = (change, reason), change_color
            self.full_text = "; ".join(part for part in self.parts if part)
            self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """Fit the line again in a new font (the tile's `_fit_line` sizes it to its room)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        change, reason = self.parts
        if not (change and reason):
            super()._fit()  # one part: plain text, coloured by the tile's style sheet
            return
        room, metrics = max(self.contentsRect().width(), 0), self.fontMetrics()
        head, tail = line_shown(
            change, reason, lambda text: metrics.horizontalAdvance(text) <= room
        )
        said = html.escape(fitted(tail, metrics, room))
        if head:
            said = f"<span style='color: {self.change_color}'>{html.escape(head)}</span>; {said}"
        self.setText(said)
        self.setToolTip(self.full_text if (head, tail) != self.parts else "")


class KpiTile(QFrame):
    """One tile: `<tile>Title`, `<tile>Status`, `<tile>Value`, `<tile>Unit`, `<tile>Delta`.

    Its parts sit on a body the tile sizes to itself, and the value, unit and change are
    held at their size (`Pins`): a figure as wide as the last lays nothing out, a wider
    one the body, and the row (and the window's centre) hear of it only when the tile's
    own size hints change (issue 28).
    """

    def __init__(self, spec: TileSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(spec.name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(spec.explain)
        self.body = body = QWidget(self)  # fixed-size: its layout passes stop at it
        self._outer = outer = QHBoxLayout(body)
        self.bar = QFrame(body)  # the status as a colour bar down the left edge
        self.bar.setObjectName(spec.part("Bar"))
        self.bar.setFixedWidth(BAR_PX)
        outer.addWidget(self.bar)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(0)
        outer.addLayout(layout, 1)
        self._title_row = title_row = QHBoxLayout()
        title_row.setSpacing(TITLE_GAP_PX)  # an elided title never touches the badge
        self.title = ElidedLabel(body)  # the year is the headline's first word, just below
        self.title.setObjectName(spec.part("Title"))
        self.title.set_full_text(spec.title.upper())
        self.badge = QLabel(body)
        self.badge.setObjectName(spec.part("Status"))
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.badge)
        self._value_row = value_row = QHBoxLayout()
        value_row.setSpacing(TITLE_GAP_PX)  # between the figure and its unit
        self.value = QLabel(body)
        self.value.setObjectName(spec.part("Value"))
        self.unit = QLabel(body)
        self.unit.setObjectName(spec.part("Unit"))
        for label in (self.value, self.unit):  # the tile's size hints keep them whole
            label.setMinimumWidth(1)
        self.unit.setContentsMargins(0, 0, 0, 6)  # on the figure's baseline
        value_row.addWidget(self.value)
        value_row.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBottom)
        value_row.addStretch(1)
        self.delta = ChangeLabel(body)
        self.delta.setObjectName(spec.part("Delta"))
        layout.addLayout(title_row)
        layout.addLayout(value_row)
        layout.addWidget(self.delta)
        self.number = math.nan
        self.status: Status = "good"
        self.narrow = False  # the narrow look: a smaller figure and a shorter unit
        self.tight = False  # the narrow look with its title and badge at TIGHT_PT
        self._shown: tuple[float, float, Judgement, str] | None = None
        self._good: bool | None = None
        self._line = ("", "")  # the last line's change and status reason (`line_parts`)
        self._line_pt = DELTA_PT[False]  # its size: DELTA_PT, less where a word would be cut
        self._styles: dict[str, str] = {}
        self._fonts: dict[str, str] = {}  # each part's polished font, as _measured_width keys it
        self._widths: dict[tuple[bool, str | None, bool], int] = {}  # width_needed, per look,
        self._headings: dict[tuple[bool, str | None, bool, Status], int] = {}  # title, badge
        self._hinted: tuple[int, ...] = ()  # the size hints the row last heard
        self._fitted: tuple[int, int, Status] | None = None  # the title's room when fitted
        self._pins = Pins((self.value, self.unit, self.delta))  # what changes every move
        body.installEventFilter(self)  # hears the body's layout passes
        self._be_heard()
        self.apply_look()

    def _be_heard(self) -> None:
        """Reached by Tab, ringed then, and said in words when heard (`spoken`).

        Its thresholds, in its tooltip, were for a mouse only.
        """
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(self.spec.title)  # until heard: then the whole sentence
        self.year: int | None = None  # of the figure shown
        self.spoken = Spoken(self, self._words)
        ring_over(self)

    def apply_look(self) -> None:
        """Font sizes for the current scale; status and change in the theme's colours."""
        self._pins.release()  # new fonts: new sizes
        look = appearance()
        gap, right = PAD_PX[self.narrow]
        self._outer.setSpacing(gap)
        self._outer.setContentsMargins(0, 0, right, 0)
        self.value.setStyleSheet(
            f"font-size: {look.pt(VALUE_PT[self.narrow])}pt; font-weight: 600;"
        )
        self.unit.setStyleSheet(
            f"font-size: {look.pt(type_sizes(self.narrow, self.tight).unit)}pt;"
        )
        self._fonts.clear()
        self._widths.clear()
        self._headings.clear()
        self._line_pt = DELTA_PT[self.narrow]
        self._colour()

    def _held_height(self) -> str:
        """In the tight look, the title row as tall as the narrow look's: " min-height: …".

        Its smaller type made the tile shorter: the row of tiles, and the window's least
        height, changed as the look did, and a full-screen window left full screen.
        """
        if not self.tight:
            return ""
        title = self._text_height(self.title, TITLE_PT[True], self.spec.title.upper())
        badge = self._text_height(self.badge, BADGE_PT, status_text(self.status))
        return f" min-height: {max(title, badge)}px;"

    def _style(self, label: QWidget, style: str) -> None:
        """Set a style sheet only when it changes: each one re-polishes the widget."""
        if self._styles.get(label.objectName()) != style:
            self._styles[label.objectName()] = style
            label.setStyleSheet(style)
            self._fonts.pop(label.objectName(), None)
            self._headings.clear()

    def _colour(self) -> None:
        look = appearance()
        status = status_color(look.theme, self.status)
        sizes = type_sizes(self.narrow, self.tight)
        title = f"font-size: {look.pt(sizes.title)}pt; font-weight: 600;{self._held_height()}"
        self._style(self.title, title)
        size = f"font-size: {look.pt(sizes.badge)}pt; font-weight: 700;"
        self._style(self.bar, f"background: {status}; border: none;")
        self._style(self.badge, f"color: {status}; {size}")
        change = change_color(look.theme, self._good)
        ink = look.theme.muted if self._line[1] else change  # a reason is in muted ink
        points = look.pt(self._line_pt)
        self._style(self.delta, f"color: {ink}; font-size: {points}pt; font-weight: 600;")
        self.delta.set_parts(*self._line, change)

    def show_value(
        self,
        value: float,
        baseline: float,
        now: Judgement,
        thresholds: str,
        year: int | None = None,
    ) -> None:
        """Show `value`, its status, and its change against `baseline` coloured by meaning.

        `year` is the figure's (None: the year shown before), for the words it is said in.
        """
        said = (self.year, self._shown)
        self.year = self.year if year is None else year
        if (value, baseline, now, thresholds) != self._shown:
            self._show_figures(value, baseline, now, thresholds)
        if (self.year, self._shown) != said:
            self.spoken.changed()  # most tiles hold still while one slider moves: nothing

    def _show_figures(self, value: float, baseline: float, now: Judgement, thresholds: str) -> None:
        """Format and lay out what changed: the figure, the badge, the line and the tooltip."""
        self._shown = (value, baseline, now, thresholds)
        self.number = value
        self._show_number()
        if now.status != self.status or not self.badge.text():  # the badge, and the title
            self.status = now.status  # fitted to it, change with the status alone
            self._show_badge()
        change, reason = line_parts(self.spec, value, baseline, now)
        self._good = change_is_good(self.spec.column, value, baseline, now) if change else None
        self._line = (change, reason)
        self._colour()  # shows the line, its change in the change's colour
        self._fit_line()
        self._pins.check()
        self.setToolTip(
            f"{self.spec.explain}\nStatus: {now.status} ({now.reason}).\nThresholds: {thresholds}."
        )

    def _words(self) -> tuple[str, str]:
        """What a screen reader says: the tile as a sentence, then what its tooltip says."""
        number, unit = self.spec.unit(self.number)
        figure = f"{number} {self.spec.said(unit)}".rstrip()
        sentence = tile_sentence(self.spec.title, figure, self.year, self._line, self.status)
        return sentence, self.toolTip()

    def set_narrow(self, narrow: bool, tight: bool = False) -> None:
        """Take the narrow look (a smaller figure, a shorter unit) or the full one.

        `tight`: the narrow look with a smaller title and badge (`TIGHT_PT`).
        """
        if (narrow, tight) != (self.narrow, self.tight):
            self.narrow, self.tight = narrow, tight
            self.apply_look()
            self._show_number()

    def _texts(self, narrow: bool) -> tuple[str, str]:
        return self.spec.texts(self.number, narrow)

    def full_text(self) -> str:
        """The figure and its whole unit ('$4.04 B/yr'), whichever look is on screen."""
        return " ".join(self._texts(narrow=False))

    def _show_number(self) -> None:
        number, unit = self._texts(self.narrow)
        self.value.setText(number)
        self.unit.setText(unit)
        self.unit.setVisible(bool(unit))
        self._widths.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the title to its room after the body is resized or laid out.

        After a layout pass (a new width, font or status) the parts that change with each
        figure are held at their new size, and the row hears of it if the tile's size
        hints changed.
        """
        if watched is self.body and event.type() in (QEvent.Type.Resize, *LAID_OUT):
            self._fit_title()
            self._fit_line()
            if event.type() in LAID_OUT:
                self._pins.hold()
                self._hint_if_changed()
        return False

    def _hint_if_changed(self) -> None:
        """A figure as wide as the last re-lays out the body alone, never the row."""
        hints = (self.sizeHint(), self.minimumSizeHint())
        hinted = tuple(n for hint in hints for n in (hint.width(), hint.height()))
        if hinted != self._hinted:
            self._hinted = hinted
            self.updateGeometry()

    def width_needed(self, narrow: bool, title: str | None = None, tight: bool = False) -> int:
        """The width that shows the figure and its unit whole, the status word and `title`.

        By default the title's short form; `tight`, the title and badge at `TIGHT_PT`.
        Measured once per figure and status: the row asks it on every layout pass.
        """
        key = (narrow, title, tight)
        if key not in self._widths:
            self._widths[key] = self._measure(narrow, title, tight)
        return self._widths[key]

    def _measure(self, narrow: bool, title: str | None, tight: bool) -> int:
        number, unit = self._texts(narrow)
        figure = self._text_width(self.value, VALUE_PT[narrow], number)
        if unit:
            unit_pt = type_sizes(narrow, tight).unit
            figure += self._value_row.spacing() + self._text_width(self.unit, unit_pt, unit)
        margins = self.contentsMargins().left() + self.contentsMargins().right()
        heading = self._heading(narrow, title, tight)
        return margins + BAR_PX + sum(PAD_PX[narrow]) + max(figure, heading)

    def _heading(self, narrow: bool, title: str | None, tight: bool) -> int:
        """The title row's width: the title (its short form by default) and the badge.

        The tight look, a tile's least, holds the widest status word: a status that changes
        while presenting never widens the window past the screen it was fitted to.
        """
        key = (narrow, title, tight, self.status)
        if key not in self._headings:
            shown = (self.spec.short_title or self.spec.title) if title is None else title
            sizes = type_sizes(narrow, tight)
            heading = self._text_width(self.title, sizes.title, shown.upper())
            words = STATUS_MARK if tight else (self.status,)
            badge = max(self._text_width(self.badge, sizes.badge, status_text(s)) for s in words)
            self._headings[key] = heading + 2 * TITLE_GAP_PX + badge
        return self._headings[key]

    def _text_width(self, label: QLabel, points: int, text: str) -> int:
        """The width `label` asks for to show `text` at `points` (scaled), as QLabel measures."""
        return _measured_width(self._font(label), appearance().pt(points), text)

    def _text_height(self, label: QLabel, points: int, text: str) -> int:
        """The height `label` asks for to show `text` at `points` (scaled), as QLabel measures."""
        return _measured_height(self._font(label), appearance().pt(points), text)

    def _font(self, label: QLabel) -> str:
        """The part's polished font, read once per style sheet: reading it costs."""
        name = label.objectName()
        if name not in self._fonts:
            label.ensurePolished()
            self._fonts[name] = label.font().toString()
        return self._fonts[name]

    def sizeHint(self) -> QSize:
        """Room for the figure, the status word and the short title in the look on show.

        In the full look also for the whole change beside the reason's first clause: the
        cost tile read "▼ -2.45B; +42% YoY" where its neighbours said "vs base".
        """
        width = self.width_needed(self.narrow, tight=self.tight)
        if not self.narrow:
            width = max(width, self._line_width())
        return QSize(width, self._framed(self.body.sizeHint()))

    def _line_width(self) -> int:
        """The width the last line asks for: its change whole, its reason's first clause."""
        change, reason = self._line
        if not (change and reason):
            return 0
        text = f"{change}; {(leading_clauses(reason) or [reason])[-1]}"
        margins = self.contentsMargins().left() + self.contentsMargins().right()
        line = self._text_width(self.delta, DELTA_PT[False], text)
        return margins + BAR_PX + sum(PAD_PX[False]) + line

    def minimumSizeHint(self) -> QSize:
        """As narrow as the tight look allows: figure, unit, short title and status word.

        The window never cuts a figure, its unit, a tile's name nor its status word: with
        the controls in presentation mode at 1280x720 some badges read "✕" and others
        "✕ ACT", and HHI lost its "/10k". The title and badge take a smaller type instead.
        """
        width = self.width_needed(True, tight=True)
        return QSize(width, self._framed(self.body.minimumSizeHint()))

    def _framed(self, body: QSize) -> int:
        """The tile's height around a body `body` high."""
        margins = self.contentsMargins()
        return body.height() + margins.top() + margins.bottom()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Size the body to the tile (its parts are laid out in it)."""
        super().resizeEvent(event)
        self._pins.release()  # new room: the parts are laid out again
        area = self.contentsRect()
        self.body.setFixedSize(area.size())
        self.body.move(area.topLeft())

    def _fit_title(self) -> None:
        """Keep the title readable beside the status: it shortens first, then the badge does.

        The title takes its short form where the whole one and the status word do not fit
        together. The tile is never narrower than its tight look (`minimumSizeHint`), so
        only a window held under its least size (a screen smaller than it) leaves the badge
        its mark alone: "RISK ✕", never "… ✕ ACT", which left a board reading 63 of nothing.
        The word stays in the badge's tooltip and accessible name.
        """
        fitted = (self.title.width(), self.badge.width(), self.status)
        if fitted == self._fitted:
            return
        self._fitted = fitted
        row = self.title.width() + self._title_row.spacing() + self.badge.width()
        room = row - self._title_row.spacing() - TITLE_GAP_PX
        word = status_text(self.status)
        metrics = self.badge.fontMetrics()
        word_px = metrics.horizontalAdvance(word)
        # The title is chosen beside the widest word, so a tile keeps its name as its status
        # changes: "COST" turned "TOTAL COST" when ACT gave way to GOOD on the same tile.
        widest_px = max(metrics.horizontalAdvance(status_text(s)) for s in STATUS_MARK)
        shown = self.spec.title
        if widest_px + self._title_width(shown) > room and self.spec.short_title:
            shown = self.spec.short_title
        badge = word if word_px + self._title_width(shown) <= room else STATUS_MARK[self.status]
        self.title.set_full_text(shown.upper())
        self.title.setAccessibleName(self.spec.title)
        if self.badge.text() != badge:
            self.badge.setText(badge)

    def _fit_line(self) -> None:
        """The last line in smaller type, down to DELTA_MIN_PT, before a word is cut.

        Its clauses give way first ("+13% YoY" of "+13% YoY, under 20%"); where even the
        last is too wide the line read "no budget s…" or "$3.53/M toke…".
        """
        if self.width() < self.width_needed(True, tight=True):
            return  # not yet laid out (a row narrower than its least): no size to fit
        room = self.delta.contentsRect().width()
        text = self._line[1] or self._line[0]
        shortest = (leading_clauses(text) or [text])[-1]
        points = DELTA_PT[self.narrow]
        while points > DELTA_MIN_PT and self._text_width(self.delta, points, shortest) > room:
            points -= 1
        if points != self._line_pt:
            self._line_pt = points
            self._pins.release()  # a new font: a new size
            self._colour()

    def _title_width(self, title: str) -> int:
        """The width of `title` in capitals, in the title's font."""
        return self.title.fontMetrics().horizontalAdvance(title.upper())

    def _show_badge(self) -> None:
        self.badge.setText(status_text(self.status))
        self.badge.setAccessibleName(f"Status: {self.status}")
        self.badge.setToolTip(f"Status: {self.status.upper()}")
        self._widths.clear()
        self._fit_title()


class KpiBar(QWidget):
    """The row of tiles for the selected year."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiBar")
        self._row = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tiles = {spec.name: KpiTile(spec, self) for spec in TILES}
        for tile in self.tiles.values():
            layout.addWidget(tile)
        for signal in (document.resultsChanged, document.yearChanged, document.referenceChanged):
            signal.connect(self._update)
        appearance().changed.connect(self._restyle)  # bound: disconnected when self is deleted
        self._update(document.shown)

    def _restyle(self) -> None:
        """New sizes: the window hears of each tile's at once.

        Laid out before the tiles' next pass (leaving presentation mode shows the controls),
        it took their size at the projector's scale and grew past its place on the desk.
        """
        for tile in self.tiles.values():
            tile.apply_look()
            tile.updateGeometry()
        self.updateGeometry()
        self._fit()

    def _update(self, shown: Shown) -> None:
        for tile in self.tiles.values():
            tile.show_value(*tile_figures(shown, tile.spec), year=shown.year)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Take the full look when every tile fits in it, else the narrow or the tight one."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The full look if every tile fits in it, else the narrow one, else the tight one.

        Narrower than the tight look (a row not yet laid out) is no look's: the narrow one.
        """
        tiles = self.tiles.values()
        room = self.width() - self._row.spacing() * (len(self.tiles) - 1)
        narrow = sum(t.width_needed(False) for t in tiles) > room
        tight = (
            sum(t.width_needed(True) for t in tiles)
            > room
            >= sum(t.width_needed(True, tight=True) for t in tiles)
        )
        for tile in tiles:
            tile.set_narrow(narrow, tight)


def type_sizes(narrow: bool, tight: bool) -> TypeSizes:
    """The title's, badge's and unit's sizes in a look: smaller in the tight one."""
    if tight:
        return TypeSizes(TIGHT_PT, TIGHT_PT, TIGHT_UNIT_PT)
    return TypeSizes(TITLE_PT[narrow], BADGE_PT, UNIT_PT)


def tile_figures(shown: Shown, spec: TileSpec) -> tuple[float, float, Judgement, str]:
    """A tile's value, baseline, judgement and its thresholds in words (tiles, brief)."""
    thresholds, limits = shown.scenario.status_thresholds, limits_of(shown.scenario)
    results, year = shown.results, shown.year
    reference, base_year = shown.reference, shown.reference_year
    column = spec.column
    return (
        results.kpi(column, year),
        reference.kpi(column, base_year),
        judge(results, column, year, thresholds, limits, reference),
        status_thresholds_text(column, thresholds, limits),
    )
