"""Charts over the years: cost by component, capacity against demand, risk index."""

import numpy as np
from PySide6.QtWidgets import QWidget

from core.engine.result_tables import COST_PARTS, KpiName
from core.units import (
    billions,
    count,
    gpu_hours,
    horizon_cost_name,
    millions,
    percent,
    percent_points,
    usd,
    usd_short,
)
from gui.document import ScenarioDocument, Shown
from gui.style.theme import COST_COLORS, INFERENCE, SHORTFALL, TRAINING, Role
from gui.views.charts.base import BAR_WIDTH, Chart, nearest_index, stack
from gui.views.charts.items import Bars, set_line

CAPEX_AS_PAID = ("capex_cash_usd", "Capex as paid")  # the cash view's first layer


class YearChart(Chart):
    """A chart over the horizon's years, drawn from the document's payloads."""

    def __init__(
        self,
        document: ScenarioDocument,
        name: str,
        title: str,
        left: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, title, left, parent)
        self.show_year_line()
        document.resultsChanged.connect(self.show_shown)
        document.yearChanged.connect(self.show_year)

    def show_shown(self, shown: Shown) -> None:
        """Redraw everything: the series and the year line."""
        self.update_results(shown)
        self.set_year(shown.year)

    def show_year(self, shown: Shown) -> None:
        """Only the year moved: move its line."""
        self.set_year(shown.year)

    def update_results(self, shown: Shown) -> None:
        """Redraw the series from `shown` (subclasses)."""
        raise NotImplementedError


class CostChart(YearChart):
    """Cost per year stacked by component ($B), the total, and cost per million tokens."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "costChart", "COST", "$B / year", parent)
        self.layers = [self.bars(COST_COLORS[column], label) for column, label in COST_PARTS]
        self.total = self.curve(Role.INK, "Total", width=2)
        self.per_token = self.right_axis("$ / M tokens", "$/M tokens")
        self.cash_view = False  # capex when paid, instead of charged over its life
        self._last: Shown | None = None
        self.show_shown(document.shown)

    def set_cash_view(self, cash: bool) -> None:
        """Show capex as paid (cash) or charged over its life (accounting)."""
        if cash != self.cash_view:
            self.cash_view = cash
            self.legend.removeItem(self.layers[0])
            self.legend.removeItem(self.layers[1])
            if not cash:
                self.legend.addItem(self.layers[0], COST_PARTS[0][1])
                self.legend.addItem(self.layers[1], COST_PARTS[1][1])
            else:
                self.legend.addItem(self.layers[0], CAPEX_AS_PAID[1])
            self.set_compact(bool(self.compact))  # and lays the legend out again
            if self._last is not None:
                self.show_shown(self._last)

    def _columns(self) -> list[KpiName]:
        columns: list[KpiName] = [column for column, _ in COST_PARTS]
        if self.cash_view:  # capex as paid in the first layer, nothing in the second
            columns[0], columns[1] = "capex_cash_usd", "capex_cash_usd"
        return columns

    def update_results(self, shown: Shown) -> None:
        self._last = shown
        results = shown.results
        y = results.yearly
        years = np.asarray(results.years, dtype=float)
        values = [billions(y.named(column)) for column in self._columns()]
        if self.cash_view:
            values[1] = np.zeros_like(values[1])
        for item, height, bottom in zip(self.layers, values, stack(values), strict=True):
            item.set_values(x=years, height=height, y0=bottom, width=BAR_WIDTH)
        total = billions(y.cash_outlay_usd if self.cash_view else y.total_cost_usd)
        set_line(self.total, years, total)
        view = "CASH" if self.cash_view else "COST"
        present = usd_short(results.pv_cost_usd)
        self.set_title(f"{view} · present cost {present}")
        horizon = f"{horizon_cost_name(len(results.years))}: {usd(results.horizon_cost_usd)}"
        self.set_year_ticks(results.years)
        self.fit_y(total.max() * 1.05)
        per_m = y.cost_per_m_tokens_usd
        self.per_token.show(years, per_m)

        def describe(x: float, _y: float) -> str | None:
            i = nearest_index(x, years)
            if i is None:
                return None
            parts = "\n".join(f"{label}: {usd(y.named(c)[i])}" for c, label in COST_PARTS)
            return (
                f"{results.years[i]}: total {usd(y.total_cost_usd[i])} / "
                f"year\n{parts}\nCost per million tokens: ${per_m[i]:,.2f}\n"
                f"Cash outlay: {usd(y.cash_outlay_usd[i])} "
                f"(capex as paid {usd(y.capex_cash_usd[i])})\n"
                f"{horizon}; present cost at the cost of capital {present}"
            )

        self.describe = describe


class CapacityChart(YearChart):
    """Available GPU-hours against demand (training + inference stacked), shortfall in red.

    The shortfall (demand above what the fleet has) is an opaque bar over the part of
    the demand stack above the available line, in its legend swatch's colour, drawn
    only in the years that have one.
    """

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "capacityChart", "CAPACITY", "M GPU-h / year", parent)
        self.training = self.bars(TRAINING, "Training")
        self.inference = self.bars(INFERENCE, "Inference")
        self.shortfall = Bars(x=[0], height=[0], width=BAR_WIDTH + 0.08, brush=SHORTFALL)
        self.styled(self.shortfall, Role.WARNING, 1.5)
        self.plot_item.addItem(self.shortfall)
        self.legend.addItem(self.shortfall, "Shortfall (cloud burst)")
        self.capacity = self.styled(
            self.plot_item.plot([], [], stepMode="center", name="Available"), Role.INK, 2.5
        )
        self.utilization = self.right_axis("utilization (%)", "Utilization %")
        self.show_shown(document.shown)

    def update_results(self, shown: Shown) -> None:
        results = shown.results
        y = results.yearly
        years = np.asarray(results.years, dtype=float)
        training = millions(y.training_gpu_hours)
        inference = millions(y.inference_gpu_hours)
        capacity = millions(y.capacity_gpu_hours)
        demand = millions(y.demand_gpu_hours)  # core's figures: the chart recomputes nothing
        self.training.set_values(x=years, height=training, y0=0)
        self.inference.set_values(x=years, height=inference, y0=training)
        short = millions(y.shortfall_gpu_hours)
        some = short > 0  # a year without a shortfall gets no bar, so no outline either
        self.shortfall.set_values(x=years[some], height=short[some], y0=(demand - short)[some])
        edges = np.append(years - 0.5, years[-1] + 0.5)
        set_line(self.capacity, edges, capacity)
        # Full use stays on the axis: 100% is the line that matters, and a drag that
        # empties the fleet does not shrink the axis step by step.
        self.utilization.show(years, percent_points(y.utilization), at_least=125.0)
        self.set_title(f"CAPACITY · {y.facility_mw.max():,.0f} MW")  # the site at its largest
        self.set_year_ticks(results.years)
        self.fit_y(max(demand.max(), capacity.max()) * 1.05)

        def describe(x: float, _y: float) -> str | None:
            i = nearest_index(x, years)
            if i is None:
                return None
            return (
                f"{results.years[i]}: utilization {percent(y.utilization[i])}\n"
                f"Available: {gpu_hours(y.capacity_gpu_hours[i])}\n"
                f"Training: {gpu_hours(y.training_gpu_hours[i])}\n"
                f"Inference: {gpu_hours(y.inference_gpu_hours[i])}\n"
                f"Shortfall: {gpu_hours(y.shortfall_gpu_hours[i])} bought as cloud "
                f"burst ({usd(y.cloud_burst_usd[i])})\n"
                f"Site: {y.facility_mw[i]:,.0f} MW of facility power"
                + (
                    f"; the cap holds back {count(y.held_back_gpus[i])} GPUs"
                    if y.held_back_gpus[i] >= 0.5
                    else ""
                )
            )

        self.describe = describe
