"""Latency per product against its promise: how much of its TTFT or TPOT budget it uses."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from core.units import percent_points, some_percent
from gui.document import ScenarioDocument, Shown
from gui.style.appearance import appearance
from gui.style.theme import Role
from gui.views.charts.base import nearest_index
from gui.views.charts.risk_charts import ProductBars

MIN_TOP_PCT = 125.0  # the axis always shows the 100% line with room to spare
MAX_SHOWN_PCT = 1e6  # a bar this far over its promise is drawn at it (the hover says more)


class LatencyChart(ProductBars):
    """Per product, the routed mix's p95 TTFT or TPOT (the worse) as % of its promise."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        title, axis = "LATENCY  (| = promise)", "% of promise used"
        super().__init__(document, "latencyChart", title, axis, parent)
        self.promise = self.styled(pg.ScatterPlotItem(symbol="|", size=26, brush=None), Role.INK, 3)
        self.plot_item.addItem(self.promise)
        self._top = 0.0
        self.refresh(document.shown)

    def draw(self, shown: Shown) -> None:
        results, year = shown.results, shown.year
        ttft, ttft_slo = (results.per_product(c, year) for c in ("ttft_p95_s", "ttft_slo_s"))
        tpot, tpot_slo = (results.per_product(c, year) for c in ("tpot_p95_ms", "tpot_slo_ms"))
        late = results.per_product("slo_breach_share", year)
        used = np.nan_to_num(percent_points(np.fmax(ttft / ttft_slo, tpot / tpot_slo)), nan=0.0)
        used = np.minimum(used, MAX_SHOWN_PCT)  # an axis needs a finite end
        names = results.structure.product_names
        over = used > 100.0 + 1e-9
        theme = appearance().theme
        self.show_bars(names, used, [theme.warning if o else theme.good for o in over])
        rows = np.arange(len(names), dtype=float)
        if not np.array_equal(rows, self.promise.data["y"]):
            self.promise.setData(x=np.full(len(names), 100.0), y=rows)
        top = max(MIN_TOP_PCT, float(used.max(initial=0.0)) * 1.1)
        if top > self._top or top < 0.5 * self._top:  # move the axis only on big changes
            self._top = top
            self.set_x_top(top)

        def describe(_x: float, y: float) -> str | None:
            i = nearest_index(y, list(range(len(names))))
            if i is None:
                return None
            if np.isnan(ttft[i]):
                return f"{names[i]} in {year}: no traffic served, no latency to show"
            # The bar is the slowest routed model, however little it carries: say how much.
            verdict = (
                f"MISSES its promise on {some_percent(float(late[i]))} of its tokens"
                if over[i]
                else "keeps its promise"
            )
            return (
                f"{names[i]} in {year} {verdict} (the bar: its slowest routed model):\n"
                f"TTFT p95 {ttft[i]:,.2f} s of {ttft_slo[i]:g} s promised\n"
                f"TPOT {tpot[i]:,.1f} ms of {tpot_slo[i]:g} ms promised"
            )

        self.describe = describe
