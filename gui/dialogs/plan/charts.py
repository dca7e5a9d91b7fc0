"""The plan window's charts: GPUs added per year by generation, and the cost-dependency frontier."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from core.plan.solve import Plan
from core.units import billions, count, percent_points
from gui.dialogs.analysis.frontier_tab import FrontierChart
from gui.style.theme import GENERATION_COLORS, PICKED, Role
from gui.views.charts.base import BAR_WIDTH, Chart, nearest_index, stack
from gui.views.charts.empty import EmptyNote
from gui.views.charts.legend import legend_text
from gui.views.charts.stacked import BarLayer

NO_RUN = "Run the plan to see what it builds"
NOTHING_BOUGHT = "No GPUs bought in this plan"
NO_FRONTIER_YET = "Run the plan to see the plans from cheapest to least dependent"
NO_FRONTIER = "No frontier: the line above says why"


class BuildChart(Chart):
    """GPUs added each year, stacked by generation (catalog order, one colour each).

    With no bar to draw (no run yet, or a plan that buys nothing) it says so in the middle
    of the plot, and lists no generation: a legend over empty axes read as a chart that
    failed to draw.
    """

    def __init__(self, generations: list[str], years: list[int], parent: QWidget) -> None:
        super().__init__("planBuildChart", "GPUS ADDED BY GENERATION", "thousand GPUs", parent)
        self.generations = generations
        self.layers: list[BarLayer] = [
            self.bars(GENERATION_COLORS[i % len(GENERATION_COLORS)], name)
            for i, name in enumerate(generations)
        ]
        self.named = generations  # the generations the legend lists
        self.note = EmptyNote(self, NO_RUN)
        self._name([])
        self.set_year_ticks(years)
        self.fit_y(1.0)

    def show_plan(self, plan: Plan) -> None:
        """The plan's build: one stacked bar per year; the legend lists what it buys."""
        years = sorted(plan.build)
        x = np.asarray(years, dtype=float)
        gpus = [np.array([plan.build[y].get(g, 0) for y in years], float) for g in self.generations]
        for item, height, bottom in zip(self.layers, gpus, stack(gpus), strict=True):
            item.set_values(x=x, height=height / 1e3, y0=bottom / 1e3, width=BAR_WIDTH)
        bought = [g for g, v in zip(self.generations, gpus, strict=True) if v.any()]
        self._name(bought)
        if bought:
            self.note.withdraw()
        else:
            self.note.say(NOTHING_BOUGHT)
        total = np.sum(gpus, axis=0)
        self.set_year_ticks(years)
        self.set_title(f"GPUS ADDED · {count(total.sum())} IN ALL")  # fits a 1280x720 screen
        self.fit_y(max(float(total.max()) / 1e3, 1.0) * 1.1)

        def describe(px: float, _py: float) -> str | None:
            i = nearest_index(px, x)
            if i is None:
                return None
            parts = [
                f"{g}: {count(v[i])}"
                for g, v in zip(self.generations, gpus, strict=True)
                if g in bought
            ]
            return f"{years[i]}: {count(total[i])} GPUs added\n" + "\n".join(parts)

        self.describe = describe

    def _name(self, generations: list[str]) -> None:
        """List `generations` alone in the legend (catalog order), laid out again."""
        if generations == self.named:
            return
        for layer in self.layers:
            self.legend.removeItem(layer)
        for name, layer in zip(self.generations, self.layers, strict=True):
            if name in generations:
                self.legend.addItem(layer, legend_text(name))
        self.named = generations
        self.set_compact(bool(self.compact))  # restyles the new labels and places the legend


class PlanFrontier(FrontierChart):
    """Present cost against the external token share, the knee (default recommendation) ringed.

    Before a run, and after one that drew no frontier, its note says so instead of a
    legend over empty 0.2-0.8 axes.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            parent,
            "planFrontierChart",
            "COST-DEPENDENCY FRONTIER",
            "Present cost, $B",
            "Plan",
            waiting=NO_FRONTIER_YET,
        )
        self.knee = self.styled(
            pg.ScatterPlotItem(size=24, brush=None, symbol="o", name="Knee (recommended)"),
            Role.INK,
            2,
        )
        self.plot_item.addItem(self.knee)
        self.picked.setBrush(PICKED)

    def show_no_plan(self) -> None:
        """No plan, no star, no knee: nothing to click (no frontier drawn), as the note says."""
        self.show_none(NO_FRONTIER)
        self.knee.setData(x=[], y=[])

    def show_plans(self, share: list[float], cost_usd: list[float], knee: int, plan: Plan) -> None:
        """The frontier in % and $B, the current scenario as the star, the knee ringed."""
        x, y = percent_points(np.asarray(share)), billions(np.asarray(cost_usd))
        current = (percent_points(plan.current_external_share), billions(plan.current_pv_cost_usd))
        self.show_frontier(x, y, current)
        self.knee.setData(x=[x[knee]], y=[y[knee]])

    def pick(self, plan: Plan) -> None:
        """Mark the plan on show."""
        self.picked.setData(x=[percent_points(plan.external_share)], y=[billions(plan.pv_cost_usd)])
