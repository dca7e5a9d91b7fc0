"""Charts over the years: cost by component, capacity against demand, risk index."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from core.engine.result_tables import COST_PARTS, KpiName
from core.units import (
    billions,
    count,
    gpus_in_an_hour,
    horizon_cost_name,
    percent_past,
    percent_points,
    significant,
    thousands,
    usd,
    usd_short,
)
from gui.document import ScenarioDocument, Shown
from gui.style.theme import COST_COLORS, INFERENCE, SHORTFALL, TRAINING, Role
from gui.views.charts.base import BAR_WIDTH, Chart, nearest_index, stack
from gui.views.charts.items import set_line

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
    """The busy hour in reference-GPU equivalents: demand against what the fleet can do.

    One measure (docs/model.md#F-busy-hour): the bars are the busy hour's inference with
    the year's training on it, the step line what the fleet has, the shortfall box the
    demand above it (in the years that buy cloud burst), and the dashed line the average
    hour's need. Training runs in the quiet hours by default, so a bar over the line with
    no box is training the valleys hold, not a shortfall (docs/model.md#F-demand). Counted in
    H100-equivalents (the scenario's reference GPU at the fleet's speed on the year's work,
    docs/model.md#F-generations), so a faster generation shows as more capacity.
    """

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "capacityChart", "CAPACITY", "k H100-eq, busy hour", parent)
        self.inference = self.bars(INFERENCE, "Inference, busy hour")
        self.training = self.bars(TRAINING, "Training (quiet hours)")
        self.shortfall = self.styled(
            self.bars(SHORTFALL, "Short (cloud burst)", width=BAR_WIDTH + 0.08), Role.WARNING, 1.5
        )
        self.capacity = self.styled(
            self.plot_item.plot([], [], stepMode="center", name="Available"), Role.INK, 2.5
        )
        self.average = self.styled(
            self.plot_item.plot([], [], name="Average hour"), Role.INK, 1.5, Qt.PenStyle.DashLine
        )
        self.utilization = self.right_axis("utilization (%)", "Utilization %")
        self.show_shown(document.shown)

    def update_results(self, shown: Shown) -> None:
        results = shown.results
        y = results.yearly
        years = np.asarray(results.years, dtype=float)
        self.set_axis_title("left", f"k {shown.scenario.reference_gpu}-eq, busy hour")

        def k_equivalents(gpu_hours_a_year: np.ndarray) -> np.ndarray:
            result: np.ndarray = thousands(results.reference_gpus(gpu_hours_a_year))
            return result

        training, demand = k_equivalents(y.training_gpu_hours), k_equivalents(y.demand_gpu_hours)
        inference = k_equivalents(y.busy_hour_inference_gpu_hours)
        capacity = k_equivalents(y.capacity_gpu_hours)
        self.inference.set_values(x=years, height=inference, y0=0)
        self.training.set_values(x=years, height=training, y0=inference)
        some = y.shortfall_gpu_hours > 0  # a year that buys no burst gets no box, no outline
        self.shortfall.set_values(
            x=years[some], height=(demand - capacity)[some], y0=capacity[some]
        )
        edges = np.append(years - 0.5, years[-1] + 0.5)
        set_line(self.capacity, edges, capacity)
        set_line(self.average, years, k_equivalents(y.busy_gpu_hours))
        # Full use stays on the axis: 100% is the line that matters, and a drag that
        # empties the fleet does not shrink the axis step by step.
        self.utilization.show(years, percent_points(y.utilization), at_least=125.0)
        # The site at its largest, and when: beside the Site tile's year it read as that year's.
        mw, peak = y.facility_mw, int(np.argmax(y.facility_mw))
        # As the Site tile writes it: a 0.29 MW site read "0 MW every year".
        flat = significant(mw.min(), 2) == significant(mw[peak], 2)
        when = "every year" if flat else f"at its peak in {results.years[peak]}"
        self.set_title(f"CAPACITY · {significant(mw[peak], 2)} MW {when}")
        self.set_year_ticks(results.years)
        self.fit_y(max((inference + training).max(), capacity.max()) * 1.05)
        self.describe = lambda x, _y: _capacity_words(shown, nearest_index(x, years))


def _capacity_words(shown: Shown, i: int | None) -> str | None:
    """The hover text of year `i`: the busy hour in equivalents and GPUs, then what it buys."""
    if i is None:
        return None
    results, y = shown.results, shown.results.yearly
    reference = shown.scenario.reference_gpu

    def _gpus(gpu_hours_a_year: float) -> str:
        gpus = gpus_in_an_hour(gpu_hours_a_year)
        return f"{count(gpus * y.serving_speed_factor[i])} {reference}-eq ({count(gpus)} GPUs)"

    training_when = (
        "in the quiet hours (it waits out the busy hour)"
        if shown.scenario.fleet.training_in_valleys
        else "evenly through the year"
    )
    held_back = (
        f"; the cap holds back {count(y.held_back_gpus[i])} GPUs"
        if y.held_back_gpus[i] >= 0.5
        else ""
    )
    return (
        f"{results.years[i]}: the busy hour needs {_gpus(y.demand_gpu_hours[i])} "
        f"({percent_past(y.utilization[i])} of the fleet)\n"
        f"Available: {_gpus(y.capacity_gpu_hours[i])} ({count(y.gpus[i])} installed)\n"
        f"Inference at the busy hour: {_gpus(y.busy_hour_inference_gpu_hours[i])}; training: "
        f"{_gpus(y.training_gpu_hours[i])}, {training_when}; the average hour needs "
        f"{_gpus(y.busy_gpu_hours[i])}\n"
        f"Cloud burst: {results.burst_words(i)} bought for the hours above "
        f"the fleet ({usd(y.cloud_burst_usd[i])})\n"
        f"Site: {significant(y.facility_mw[i], 2)} MW of facility power{held_back}\n"
        f"Axis: k {reference}-eq (k {reference}e where short), thousands of {reference}s "
        "that would do the fleet's work: each GPU counted at its speed on the year's work"
    )
