"""KPI tiles: the value large, the unit small, the change against the baseline coloured."""

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.result_tables import KpiName
from core.units import billions, count, percent, points_change, usd_change_billions
from gui.document import ScenarioDocument, Shown
from gui.style.appearance import appearance
from gui.style.theme import Theme


@dataclass(frozen=True)
class TileSpec:
    """A KPI: where it comes from, how it reads, and which direction is good."""

    name: str  # objectName
    title: str
    column: KpiName
    unit: Callable[[float], tuple[str, str]]  # value -> (number text, unit text)
    delta: Callable[[float, float], str]
    good: Callable[[float, float], bool | None]  # (value, baseline) -> good? None: neutral
    explain: str


def _billions(v: float) -> tuple[str, str]:
    return f"${billions(v):,.2f}", "B/yr"


def _lower_is_good(v: float, b: float) -> bool | None:
    return None if math.isclose(v, b, rel_tol=1e-9, abs_tol=1e-12) else v < b


def _utilization_good(v: float, b: float) -> bool | None:
    def distance(u: float) -> float:
        return max(0.0, u - 0.85) * 2 + max(0.0, 0.85 - u)  # over 85% is worse than idle

    return None if math.isclose(v, b, rel_tol=1e-9) else distance(v) < distance(b)


TILES = (
    TileSpec(
        "kpiTotalCost",
        "Total cost",
        "total_cost_usd",
        _billions,
        usd_change_billions,
        _lower_is_good,
        "Fleet capex amortization + power + opex + partner API spend + cloud burst.",
    ),
    TileSpec(
        "kpiGpus",
        "GPUs",
        "gpus",
        lambda v: (count(v), "GPUs"),
        lambda v, b: f"{v - b:+,.0f}",
        lambda v, b: None,
        "Owned GPUs in service that year.",
    ),
    TileSpec(
        "kpiUtilization",
        "Utilization",
        "utilization",
        lambda v: (percent(v), "used"),
        points_change,
        _utilization_good,
        "Demanded GPU-hours (training + inference) over available GPU-hours; "
        "up to 85% is good, over 100% is bought as cloud burst.",
    ),
    TileSpec(
        "kpiExternalShare",
        "External share",
        "external_token_share",
        lambda v: (percent(v), "tokens"),
        points_change,
        _lower_is_good,
        "Share of all tokens served by partner models.",
    ),
    TileSpec(
        "kpiHhi",
        "Provider HHI",
        "provider_hhi",
        lambda v: (count(v), "/10k"),
        lambda v, b: f"{v - b:+,.0f}",
        _lower_is_good,
        "Concentration of spend across providers (In-house as one); above "
        "1,800 is 'highly concentrated' (2023 Merger Guidelines).",
    ),
    TileSpec(
        "kpiRisk",
        "Risk index",
        "risk_index",
        lambda v: (f"{v:,.0f}", "/100"),
        lambda v, b: f"{v - b:+,.1f}",
        _lower_is_good,
        "Dependency risk: the mean of external share, partner concentration, "
        "outage exposure and price-shock exposure, each 0-1.",
    ),
)


def change_text(spec: TileSpec, value: float, baseline: float) -> str:
    """The change against the baseline in words: '▲ +0.52B vs base', or '= baseline'."""
    if math.isclose(value, baseline, rel_tol=1e-9, abs_tol=1e-12):
        return "= baseline"
    arrow = "▲" if value > baseline else "▼"
    return f"{arrow} {spec.delta(value, baseline)} vs base"


def change_color(theme: Theme, good: bool | None) -> str:
    """Green for a change for the better, red for worse, grey when neutral or unchanged."""
    return theme.muted if good is None else (theme.good if good else theme.warning)


class KpiTile(QFrame):
    """One tile; its labels have objectNames `<tile>Value` and `<tile>Delta` for testers."""

    def __init__(self, spec: TileSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(spec.name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(spec.explain)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        self.title = QLabel(spec.title.upper(), self)
        self.title.setObjectName(spec.name + "Title")
        value_row = QHBoxLayout()
        self.value = QLabel(self)
        self.value.setObjectName(spec.name + "Value")
        self.unit = QLabel(self)
        self.unit.setObjectName(spec.name + "Unit")
        value_row.addWidget(self.value)
        value_row.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBottom)
        value_row.addStretch(1)
        self.delta = QLabel(self)
        self.delta.setObjectName(spec.name + "Delta")
        layout.addWidget(self.title)
        layout.addLayout(value_row)
        layout.addWidget(self.delta)
        for label in (self.title, self.delta):  # may elide; the value never does
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.number = math.nan
        self._shown: tuple[float, float] | None = None  # (value, baseline) on the labels
        self._good: bool | None = None
        self._delta_style = ""
        self.apply_look()

    def apply_look(self) -> None:
        """Font sizes for the current scale; the change coloured in the theme's green or red."""
        look = appearance()
        self.value.setStyleSheet(f"font-size: {look.pt(20)}pt; font-weight: 600;")
        self.unit.setStyleSheet(f"font-size: {look.pt(10)}pt; padding-bottom: 6px;")
        self.title.setStyleSheet(
            f"font-size: {look.pt(9)}pt; font-weight: 600; letter-spacing: 1px;"
        )
        self._color_delta()

    def _color_delta(self) -> None:
        look = appearance()
        color = change_color(look.theme, self._good)
        style = f"color: {color}; font-size: {look.pt(9)}pt; font-weight: 600;"
        if style != self._delta_style:  # a style sheet re-polishes the widget: only on change
            self._delta_style = style
            self.delta.setStyleSheet(style)

    def show_value(self, value: float, baseline: float) -> None:
        """Show `value` and its change against `baseline`, green when better, red when worse."""
        if (value, baseline) == self._shown:
            return  # most tiles hold still while one slider moves: no formatting, no relayout
        self._shown = (value, baseline)
        self.number = value
        number, unit = self.spec.unit(value)
        self.value.setText(number)
        self.unit.setText(unit)
        self._good = self.spec.good(value, baseline)
        self.delta.setText(change_text(self.spec, value, baseline))
        self._color_delta()


class KpiBar(QWidget):
    """The row of tiles for the selected year."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tiles = {spec.name: KpiTile(spec, self) for spec in TILES}
        for tile in self.tiles.values():
            layout.addWidget(tile)
        for signal in (document.resultsChanged, document.yearChanged, document.referenceChanged):
            signal.connect(self._update)
        appearance().changed.connect(self._restyle)  # bound: disconnected when self is deleted
        self._update(document.shown)

    def _restyle(self) -> None:
        for tile in self.tiles.values():
            tile.apply_look()

    def _update(self, shown: Shown) -> None:
        results, year = shown.results, shown.year
        baseline, base_year = shown.reference, shown.reference_year
        for tile in self.tiles.values():
            column = tile.spec.column
            tile.show_value(results.kpi(column, year), baseline.kpi(column, base_year))
            tile.title.setText(f"{tile.spec.title.upper()} {year}")
