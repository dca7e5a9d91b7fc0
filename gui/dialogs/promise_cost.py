"""Models > What a promise costs…: the serving frontier of one model on one GPU, per product.

Each product's curve is `core.engine.routes.frontier` (the one `scaledeck serve --frontier`
prints): tokens per second per GPU at each speed per user, its own workload and TTFT
promise held. A dashed line marks the speed each product promises (1,000 / TPOT ms); the
right axis reads the same throughput as USD per million tokens at what one owned GPU of
that generation costs an hour (`core.owned_usd_per_gpu_hour`, the Sources tab's figure,
busy every hour), with the catalog's cloud price said beside it: the axis read $6.98 an
H100-hour, the cloud price, beside a Sources tab that said $1.75 owned.
"""

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import core
from core.engine.routes import frontier
from core.scenario.schema import GpuSpec, InHouseModel, Product
from gui.document import ScenarioDocument
from gui.style.appearance import appearance
from gui.style.theme import GENERATION_COLORS, Role
from gui.views.charts.base import Chart, Color
from gui.views.charts.risk_charts import short

SECONDS_PER_HOUR = 3_600.0
TOKENS_PER_MILLION = 1e6
NICE_STEPS = (1.0, 2.0, 5.0)
HOVER_REACH = (
    0.08  # decades of speed (and its equivalent in throughput): a point is "under" the mouse
)


def usd_per_m_tokens(tokens_per_gpu_s: float, usd_per_gpu_hour: float) -> float:
    """What a million tokens cost at this throughput and GPU-hour price."""
    return usd_per_gpu_hour * TOKENS_PER_MILLION / (SECONDS_PER_HOUR * tokens_per_gpu_s)


class CostAxis(pg.AxisItem):
    """The left axis's throughput read as USD per million tokens: round prices, placed where due."""

    def __init__(self) -> None:
        super().__init__("right")
        self.usd_per_gpu_hour = 1.0

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:
        """Round prices (1, 2, 5 x 10^k) inside the visible throughput, at their throughput."""
        low = max(minVal, maxVal * 1e-3, 1e-9)
        if maxVal <= low:
            return []
        cheapest, dearest = (usd_per_m_tokens(t, self.usd_per_gpu_hour) for t in (maxVal, low))
        prices = [
            step * 10.0**k
            for k in range(math.floor(math.log10(cheapest)), math.ceil(math.log10(dearest)) + 1)
            for step in NICE_STEPS
            if cheapest <= step * 10.0**k <= dearest
        ]
        positions = [usd_per_m_tokens(p, self.usd_per_gpu_hour) for p in prices]
        spaced = [p for p in positions if p >= maxVal * 0.04]  # not crowded near zero
        return [(0, spaced)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Each position's price, in USD per million tokens."""
        return [money(usd_per_m_tokens(v, self.usd_per_gpu_hour)) for v in values]


class SpeedAxis(pg.AxisItem):
    """A log axis labelled in plain numbers (5, 10, 20), not pyqtgraph's 2·10¹."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Each position's tokens per second per user."""
        return [f"{10.0**v:,.0f}" if 10.0**v >= 1 else f"{10.0**v:.2g}" for v in values]


def money(usd: float) -> str:
    """Whole dollars from $10 up; three significant digits below."""
    return f"${usd:,.0f}" if usd >= 10 else f"${usd:.3g}"


class PromiseCostChart(Chart):
    """Tokens/s per GPU against tokens/s per user, one curve and one promise line per product."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("promiseCostChart", "WHAT A PROMISE COSTS", "tokens/s per GPU", parent)
        self.cost_axis = CostAxis()
        self.plot_item.setAxisItems({"right": self.cost_axis, "bottom": SpeedAxis("bottom")})
        self.plot_item.showAxis("right")
        self.set_axis_title("bottom", "tokens/s per user (log)")
        self.set_axis_title("right", "USD per million tokens")
        self.plot_item.setLogMode(x=True, y=False)
        self.curves: list[pg.PlotDataItem] = []
        self.promises: list[pg.InfiniteLine] = []
        self.names: list[str] = []
        self.labels: list[pg.InfLineLabel] = []  # shared promises' names, in the theme's ink
        self.describe = self._describe
        self.apply_look()

    def apply_look(self) -> None:
        """As every chart's, and the shared promises' labels in the theme's ink."""
        super().apply_look()
        for label in getattr(self, "labels", ()):  # the base class styles before they exist
            label.setColor(appearance().theme.foreground)

    def show_products(
        self, scenario: core.Scenario, model: InHouseModel, gpu: GpuSpec, usd_per_gpu_hour: float
    ) -> None:
        """Each product's frontier on `gpu` and its promise; the cost axis at `usd_per_gpu_hour`."""
        for label in self.labels:  # first: a label left on a line freed with it crashed Qt
            label.setParentItem(None)
        for item in [*self.curves, *self.promises]:
            self.forget(item)
            self.plot_item.removeItem(item)
        self.legend.clear()
        self.cost_axis.usd_per_gpu_hour = usd_per_gpu_hour
        self.curves, self.promises, self.labels = [], [], []
        products = scenario.products
        wide = scenario.fleet.wide_expert_parallel
        shapes = [
            _shape(frontier(model, product, gpu, wide), product.tpot_slo_ms) for product in products
        ]
        # Products of one workload and promise draw one curve: the later one hid the
        # earlier (Excel under Word/Outlook/Teams) while the legend named both apart.
        first = [shapes.index(shape) for shape in shapes]
        groups = {
            i: [p.name for p, f in zip(products, first, strict=True) if f == i] for i in first
        }
        self.names = [", ".join(groups[f]) for f in first]
        colors = [GENERATION_COLORS[f % len(GENERATION_COLORS)] for f in first]
        for i, (speeds, rates, _promise) in enumerate(shapes):
            curve = self.curve(colors[i], self.names[i] if first[i] == i else None, width=2.0)
            curve.setData(np.array(speeds), np.array(rates))
            self.curves.append(curve)
            self.promises.append(self._promise(i, products, colors))
        self.plot_item.enableAutoRange()
        self.cost_axis.picture = None  # new price: redraw the labels
        self.cost_axis.update()
        self.place_legend()

    def _promise(
        self, i: int, products: Sequence[Product], colors: Sequence[Color]
    ) -> pg.InfiniteLine:
        """Product `i`'s promise line; where products of other curves share it, named.

        PowerPoint's and Regulated's 50 ms drew one line in the colour of the later one,
        so PowerPoint's curve had no promise to read. A shared promise is drawn in ink,
        once labelled with the products it holds (short names), at alternating heights.
        """
        tpot_ms = products[i].tpot_slo_ms
        sharing = [k for k, p in enumerate(products) if p.tpot_slo_ms == tpot_ms]
        shared = len({colors[k] for k in sharing}) > 1
        line = pg.InfiniteLine(math.log10(1_000.0 / tpot_ms), angle=90)
        line.setObjectName(f"promiseLine{i}")
        self.plot_item.addItem(
            self.styled(line, Role.INK if shared else colors[i], 1.5, Qt.PenStyle.DashLine)
        )
        if shared and i == sharing[0]:
            names = ", ".join(short(products[k].name) for k in sharing)
            height = 0.95 - 0.1 * (len({p.tpot_slo_ms for p in products[:i]}) % 3)
            label = pg.InfLineLabel(line, names, position=height, anchors=[(0, 0.5), (0, 0.5)])
            label.setColor(appearance().theme.foreground)
            self.labels.append(label)
            line.setToolTip(f"{1_000.0 / tpot_ms:,.0f} tokens/s per user: {names}")
        return line

    def _describe(self, x_log: float, y: float) -> str | None:
        """The point under the mouse in words: product, speed, throughput, price."""
        drawn = [
            (c, n) for c, n in zip(self.curves, self.names, strict=True) if c.xData is not None
        ]
        top = max((float(np.max(c.yData)) for c, _ in drawn if len(c.yData)), default=1.0)
        best: tuple[float, str, float, float] | None = None
        for curve, name in drawn:
            if len(curve.xData) == 0:
                continue
            reach = np.hypot(np.log10(curve.xData) - x_log, (curve.yData - y) / top)
            i = int(np.argmin(reach))
            if best is None or reach[i] < best[0]:
                best = (float(reach[i]), name, float(curve.xData[i]), float(curve.yData[i]))
        if best is None or best[0] > HOVER_REACH:
            return None
        _, name, speed, rate = best
        price = money(usd_per_m_tokens(rate, self.cost_axis.usd_per_gpu_hour))
        return (
            f"{name}: {speed:,.1f} tokens/s per user (TPOT {1_000.0 / speed:,.1f} ms)\n"
            f"{rate:,.0f} tokens/s per GPU, {price} per million tokens"
        )


def _shape(points: list[dict[str, Any]], tpot_slo_ms: float) -> tuple[tuple[float, ...], ...]:
    """A product's curve and promise as values: equal for products drawn as one."""
    speeds = tuple(float(p["tokens_per_user_s"]) for p in points)
    return speeds, tuple(float(p["tokens_per_gpu_s"]) for p in points), (tpot_slo_ms,)


class PromiseCostDialog(QDialog):
    """Pick an in-house model and a GPU; see each product's frontier and promise."""

    def __init__(self, document: ScenarioDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("promiseCostDialog")
        self.setWindowTitle("What a promise costs")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: its charts go too
        self.scenario = scenario = document.scenario  # as it was when asked for
        self.models = [m for m in scenario.models if isinstance(m, InHouseModel)]
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("promiseCostModelCombo")
        self.model_combo.setAccessibleName("In-house model")  # said alike by every reader
        self.model_combo.addItems([m.name for m in self.models])
        self.gpu_combo = QComboBox(self)
        self.gpu_combo.setObjectName("promiseCostGpuCombo")
        self.gpu_combo.setAccessibleName("GPU")
        self.gpu_combo.addItems([g.name for g in scenario.gpu_catalog])
        self.gpu_combo.setCurrentText(scenario.reference_gpu)
        self.note = QLabel(self)
        self.note.setObjectName("promiseCostNote")
        self.note.setWordWrap(True)
        self.chart = PromiseCostChart(self)
        pickers = QHBoxLayout()
        for text, combo in (("In-house model", self.model_combo), ("GPU", self.gpu_combo)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            pickers.addWidget(label)
            pickers.addWidget(combo)
        pickers.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.note)
        self.model_combo.currentIndexChanged.connect(self.redraw)
        self.gpu_combo.currentIndexChanged.connect(self.redraw)
        self.resize(960, 600)
        self.redraw()

    def redraw(self, *_: object) -> None:
        """The chosen model's frontier on the chosen GPU (none: say why)."""
        if not self.models:
            self.note.setText("The scenario has no in-house model: nothing to serve.")
            return
        model = self.models[self.model_combo.currentIndex()]
        gpu = self.scenario.gpu_spec(self.gpu_combo.currentText())
        owned = core.owned_usd_per_gpu_hour(self.scenario)[gpu.name]
        self.chart.show_products(self.scenario, model, gpu, owned)
        self.note.setText(
            f"Dashed: each product's TPOT promise (1,000 / TPOT ms). Right axis: one owned "
            f"{gpu.name} at ${owned:,.2f} per GPU-hour (capital, site, power and opex, busy "
            f"every hour: the Sources tab's figure); rented at its cloud price, "
            f"${gpu.cloud_usd_per_gpu_hour:,.2f}, each million tokens costs "
            f"{gpu.cloud_usd_per_gpu_hour / owned:,.1f}x as much. Speeds no deployment reaches "
            f"within the TTFT promise are left out."
        )
