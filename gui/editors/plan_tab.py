"""The Plan tab: GPUs added per year and generation, and each product's routing by year.

A scenario's `build_plan` (docs/model.md#F-build-plan) replaces the scale and the ramp:
*Start a build plan* writes the ramp's GPUs as one, so nothing jumps, and *Remove the
plan* goes back to the ramp (docs/model.md#F-plan-edits). Each edited cell, of the build
or of the routing by year (docs/model.md#F-routing-by-year), is one undo step through
`document.edit`.
"""

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import core
from core.numbers import ungrouped
from core.scenario.plan_edits import base_routing_edit, ramp_build_plan
from core.units import count
from gui.document import ScenarioDocument, Shown
from gui.editors.year_routing_model import YearRoutingModel
from gui.views.elided import ElidedLabel
from gui.views.tables.fitted import fit_columns
from gui.views.tables.year_grid import EDITABLE, READ_ONLY, Index, YearGridModel

NO_PLAN = (
    "No build plan: the scale and the ramp set the fleet. Start a build plan to set the "
    "GPUs added each year by hand, or Analysis > Recommend a plan… makes one (Apply adds "
    "it as a variant)."
)
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


class BuildPlanModel(YearGridModel):
    """Years down, catalog generations across: GPUs added; editable when a plan exists."""

    def __init__(self, document: ScenarioDocument) -> None:
        super().__init__()
        self._doc = document
        self._key: object = None
        self._cells: dict[tuple[int, str], int] = {}
        self._planned = False

    def show(self, scenario: core.Scenario) -> None:
        """Show `scenario`'s plan (no work when plan, horizon and catalog are the ones shown)."""
        gpus = [g.name for g in scenario.gpu_catalog]
        key = (scenario.build_plan, scenario.horizon, tuple(gpus))
        if key == self._key:
            return
        self._key = key
        self.beginResetModel()
        self.years, self.columns = list(scenario.horizon.years), gpus
        self._planned = scenario.build_plan is not None
        self._cells = {(r.year, r.gpu): r.gpus for r in scenario.build_plan or ()}
        self.endResetModel()

    def column_header(self, name: str) -> str:
        """`B200 added`."""
        return f"{name} added"

    def cell_flags(self, row: int, column: int) -> Qt.ItemFlag:
        """Editable while a build plan exists."""
        return EDITABLE if self._planned else READ_ONLY

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        gpus = self._cells.get((self.years[index.row()], self.columns[index.column()]), 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return count(gpus) if self._planned else "–"
        if role == Qt.ItemDataRole.EditRole:
            return str(gpus)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A typed GPU count (0 removes the row): one undo step; the schema refuses bad text."""
        if role != Qt.ItemDataRole.EditRole or not self._planned:
            return False
        year, gpu = self.years[index.row()], self.columns[index.column()]
        text = ungrouped(str(value))
        try:
            gpus: object = int(text)
        except ValueError:
            gpus = text  # the schema says why, naming the field
        cells: dict[tuple[int, str], object] = {
            k: v for k, v in self._cells.items() if k != (year, gpu)
        }
        if gpus != 0:
            cells[year, gpu] = gpus
        rows = [{"year": y, "gpu": g, "gpus": n} for (y, g), n in sorted(cells.items())]
        return self._doc.edit({"build_plan": rows}, f"Build plan: {gpu} in {year} = {text}")


def routing_words(scenario: core.Scenario) -> str:
    """Which products have routing per year, and in which years."""
    years: dict[str, list[int]] = {}
    for row in scenario.routing_by_year:
        years.setdefault(row.product, []).append(row.year)
    if not years:
        return "Routing: the base routing (Routing tab) holds in every year."
    parts = [f"{p} ({_span(y)})" for p, y in years.items()]
    return "Routing per year replaces the base routing for: " + "; ".join(parts) + "."


def _span(years: list[int]) -> str:
    """`2028`, or `2027-2029`."""
    return str(years[0]) if min(years) == max(years) else f"{min(years)}-{max(years)}"


def _table(parent: QWidget, name: str, words: str, model: YearGridModel) -> QTableView:
    """An editable year grid: double-click or type over a cell."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setAccessibleName(words)
    table.setModel(model)
    fit_columns(table)
    table.setEditTriggers(EDIT_TRIGGERS)
    return table


def _button(parent: QWidget, name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


class YearRoutingPane(QWidget):
    """Pick a product; its share per year and model, editable; back to the base routing."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document  # only to edit
        self._now = document.shown
        self.product_combo = QComboBox(self)
        self.product_combo.setObjectName("planTabProductCombo")
        self.product_combo.setAccessibleName("Product whose routing by year is shown")
        self.clear_year_button = _button(
            self, "planClearYearButton", "Use base routing",
            "The selected year of this product follows the base routing again (one undo step)",
        )  # fmt: skip
        self.clear_product_button = _button(
            self, "planClearProductButton", "Use base routing in every year",
            "Every year of this product follows the base routing again (one undo step)",
        )  # fmt: skip
        self.model = YearRoutingModel(document)
        self.table = _table(
            self, "planRoutingByYearTable", "Routing by year: share per year and model",
            self.model,
        )  # fmt: skip
        row = QHBoxLayout()
        for widget in (self.product_combo, self.clear_year_button, self.clear_product_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.product_combo.currentIndexChanged.connect(self._pick)
        self.table.selectionModel().currentChanged.connect(self._enable)
        self.clear_year_button.clicked.connect(self.clear_year)
        self.clear_product_button.clicked.connect(self.clear_product)

    def show_shown(self, shown: Shown) -> None:
        """Follow the scenario on screen, keeping the product picked when it still exists."""
        self._now = shown
        names = [p.name for p in shown.scenario.products]
        combo = self.product_combo
        if names != [combo.itemText(i) for i in range(combo.count())]:
            with QSignalBlocker(combo):
                picked = combo.currentText()
                combo.clear()
                combo.addItems(names)
                combo.setCurrentIndex(names.index(picked) if picked in names else 0)
        self._pick(combo.currentIndex())

    def selected_year(self) -> int | None:
        """The year of the table's current cell, if any."""
        index = self.table.currentIndex()
        return self.model.years[index.row()] if index.isValid() else None

    def clear_year(self) -> bool:
        """The selected year of the product follows the base routing again."""
        year, product = self.selected_year(), self.product_combo.currentText()
        if year is None:
            return False
        changes = base_routing_edit(self._now.scenario, product, {year})
        return self._doc.edit(changes, f"{product}: base routing in {year}")

    def clear_product(self) -> bool:
        """Every year of the product follows the base routing again."""
        product = self.product_combo.currentText()
        changes = base_routing_edit(self._now.scenario, product)
        return self._doc.edit(changes, f"{product}: base routing in every year")

    def _pick(self, index: int) -> None:
        self.model.show(self._now, max(index, 0))
        self._enable()

    def _enable(self) -> None:
        own, year = self.model.own_years(), self.selected_year()
        self.clear_year_button.setEnabled(year in own)
        self.clear_year_button.setText(
            "Use base routing" if year is None else f"Use base routing in {year}"
        )
        self.clear_product_button.setEnabled(bool(own))


class PlanPage(QWidget):
    """The plan in words with start / remove, the build table, and the routing by year."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPage")
        self._doc = document  # only to edit
        self._now = document.shown
        self.summary = ElidedLabel(self)  # one line: at 1280x720 the table needs the height
        self.summary.setObjectName("planSummaryLabel")
        self.start_button = _button(
            self, "planStartButton", "Start a build plan",
            "Write the GPUs the scale and the ramp add each year as a build plan you can "
            "edit; every figure stays the same (one undo step)",
        )  # fmt: skip
        self.remove_button = _button(
            self, "planRemoveButton", "Remove the plan",
            "Drop the build plan: the scale and the ramp set the fleet again (one undo step)",
        )  # fmt: skip
        self.model = BuildPlanModel(document)
        self.table = _table(
            self, "planTable", "Build plan: GPUs added per year and generation", self.model
        )
        self.routing = ElidedLabel(self)
        self.routing.setObjectName("planRoutingLabel")
        self.year_routing = YearRoutingPane(document, self)
        self._lay_out()
        self.start_button.clicked.connect(self.start_plan)
        self.remove_button.clicked.connect(self.remove_plan)
        document.resultsChanged.connect(self.show_shown)
        self.show_shown(document.shown)

    def _lay_out(self) -> None:
        """The build on the left, the routing by year on the right."""
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.remove_button)
        build, routing = QVBoxLayout(), QVBoxLayout()
        build.addLayout(top)
        build.addWidget(self.table, 1)
        routing.addWidget(self.routing)
        routing.addWidget(self.year_routing, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(build, 1)
        layout.addLayout(routing, 1)

    def start_plan(self) -> bool:
        """A build plan holding what the ramp adds now (docs/model.md#F-plan-edits)."""
        shown = self._now
        changes = ramp_build_plan(shown.scenario, shown.results.yearly.gpus)
        return self._doc.edit(changes, "Start a build plan from the ramp")

    def remove_plan(self) -> bool:
        """Back to the scale and the ramp."""
        return self._doc.edit({"build_plan": None}, "Remove the build plan")

    def show_shown(self, shown: Shown) -> None:
        """Follow the scenario on screen."""
        self._now = shown
        scenario = shown.scenario
        self.model.show(scenario)
        plan = scenario.build_plan
        self.start_button.setVisible(plan is None)
        self.remove_button.setVisible(plan is not None)
        self.summary.set_full_text(
            NO_PLAN
            if plan is None
            else f"Build plan: {count(sum(r.gpus for r in plan))} GPUs added over the horizon, "
            "replacing the scale and the ramp. Double-click a cell to change it (one undo step)."
        )
        self.routing.set_full_text(routing_words(scenario))
        self.year_routing.show_shown(shown)
