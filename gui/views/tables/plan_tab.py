"""The Plan tab: GPUs added per year and generation (editable), and which products route by year.

A scenario's `build_plan` (docs/model.md#F-build-plan) replaces the scale and the ramp;
each edited cell is one undo step through `document.edit`. Per-year routing
(docs/model.md#F-routing-by-year) is summarized read-only: which products have it and
for which years; *Analysis > Recommend a plan…* shows it in full.
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import core
from core.units import count
from gui.document import ScenarioDocument, Shown
from gui.views.tables.year_grid import Index, YearGridModel

NO_PLAN = (
    "No build plan: the scale and the ramp set the fleet. Analysis > Recommend a plan… "
    "makes one (Apply adds it as a variant)."
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

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if self._planned else base

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
        text = str(value).strip().replace(",", "")
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
    """Which products have routing per year, and in which years (read-only summary)."""
    years: dict[str, list[int]] = {}
    for row in scenario.routing_by_year:
        years.setdefault(row.product, []).append(row.year)
    if not years:
        return "Routing: the base routing (Routing tab) holds in every year."
    parts = [f"{p} ({min(y)}-{max(y)})" for p, y in years.items()]
    return "Routing per year replaces the base routing for: " + "; ".join(parts) + "."


class PlanPage(QWidget):
    """The plan's state in words, the build table, and the per-year routing summary."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPage")
        self.summary = QLabel(self)
        self.summary.setObjectName("planSummaryLabel")
        self.summary.setWordWrap(True)
        self.model = BuildPlanModel(document)
        self.table = QTableView(self)
        self.table.setObjectName("planTable")
        self.table.setAccessibleName("Build plan: GPUs added per year and generation")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.routing = QLabel(self)
        self.routing.setObjectName("planRoutingLabel")
        self.routing.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, self.routing):
            layout.addWidget(widget, 1 if widget is self.table else 0)
        document.resultsChanged.connect(self.show_shown)
        self.show_shown(document.shown)

    def show_shown(self, shown: Shown) -> None:
        """Follow the scenario on screen."""
        scenario = shown.scenario
        self.model.show(scenario)
        plan = scenario.build_plan
        self.summary.setText(
            NO_PLAN
            if plan is None
            else f"Build plan: {count(sum(r.gpus for r in plan))} GPUs added over the horizon, "
            "replacing the scale and the ramp. Double-click a cell to change it (one undo step)."
        )
        self.routing.setText(routing_words(scenario))
