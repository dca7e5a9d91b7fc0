"""The tabs under the charts: routing (editable), products, models, sources and the plan."""

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QSplitter,
    QTableView,
    QWidget,
)

import core
from core.formats.export import inputs_table, value_text
from core.scenario.sources import NO_PUBLISHED_FIGURE, named_path, published_tco_source
from core.summary.field_labels import field_label
from core.units import gpu_hours, percent, tokens, usd
from gui.document import ScenarioDocument, Shown
from gui.editors.inputs_model import MODEL_INPUTS, PRODUCT_INPUTS, InputsTableModel, Table
from gui.editors.plan_tab import PlanPage
from gui.editors.routing_model import RoutingTableModel
from gui.views.cached_pane import CachedPaneTabs
from gui.views.tables.fitted import fit_columns
from gui.views.tables.frame_model import Formatter, FrameModel, Index
from gui.views.tables.keyboard import keyboard_table

if TYPE_CHECKING:
    import pandas as pd  # the first tab (routing) needs no frame: pandas comes with another tab

Columns = dict[str, tuple[str, Formatter]]  # field -> (header, how a cell reads)

PRODUCT_COLUMNS: Columns = {
    "tokens": ("Tokens", tokens),
    "cost_usd": ("Cost / year", usd),
    "cost_per_m_tokens_usd": ("$ per M tokens", lambda v: f"${v:,.2f}"),
    "external_token_share": ("External share", percent),
    "quality": ("Quality", lambda v: f"{v:.1f}"),
    "quality_floor": ("Floor", lambda v: f"{v:g}"),
    "rerouted_share": ("Rerouted (fallback)", percent),
    "outage_exposure_tokens": ("Outage exposure", tokens),
}
MODEL_COLUMNS: Columns = {
    "provider": ("Provider", str),
    "tokens": ("Tokens served", tokens),
    "training_gpu_hours": ("Training", gpu_hours),
    "inference_gpu_hours": ("Inference", gpu_hours),
    "partner_spend_usd": ("Partner spend", usd),
    "serving": ("Serving", lambda v: "yes" if v else "no"),
}


GPU_TCO_COLUMNS: Columns = {
    "ours": ("Ours: USD per GPU-hour", lambda v: f"${v:,.2f}"),
    "published": (
        "Published: USD per GPU-hour",
        lambda v: v if isinstance(v, str) else f"${v:,.2f}",
    ),
    "source": ("Published source", lambda text: str(text).split(" (", 1)[0]),
}
INPUTS_WORDS: dict[Table, str] = {
    "products": "Product inputs, editable: tokens per request, cache hit, latency promises",
    "models": "Model inputs, editable: bytes per parameter, throughput, API latency",
}
GPU_TCO_TIP = (
    "What one owned GPU costs an hour by this scenario's own money (capital charge, facility "
    "charge, power, opex; docs/model.md#F-owned-gpu-hour) beside a published all-in TCO."
)


def _table(name: str, words: str, parent: QWidget, header_lines: int = 2) -> QTableView:
    """A table of the tabs: `name` for testers, `words` for a screen reader; Tab leaves it."""
    view = QTableView(parent)
    view.setObjectName(name)
    keyboard_table(view, words)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    fit_columns(view, header_lines)
    view.verticalHeader().setVisible(False)
    return view


def _inputs_table(
    name: str, document: ScenarioDocument, table: Table, parent: QWidget
) -> QTableView:
    """The editable inputs of each product or model, headers with units and sources."""
    view = _table(name, INPUTS_WORDS[table], parent)
    columns = PRODUCT_INPUTS if table == "products" else MODEL_INPUTS
    view.setModel(InputsTableModel(document, table, columns))
    view.setToolTip("Double-click a number to edit it (one undo step); headers name the source.")
    return view


def _side_by_side(results: QTableView, inputs: QTableView, parent: QWidget) -> QSplitter:
    """Results of the selected year on the left, the inputs that drive them on the right."""
    page = QSplitter(Qt.Orientation.Horizontal, parent)
    results.verticalHeader().setVisible(True)  # the product or model each row is about
    page.addWidget(results)
    page.addWidget(inputs)
    page.setStretchFactor(0, 1)
    page.setStretchFactor(1, 1)
    return page


def _stacked(top: QTableView, bottom: QTableView, parent: QWidget) -> QSplitter:
    """Every input's source above, each GPU's owned cost an hour, ours and published, below."""
    page = QSplitter(Qt.Orientation.Vertical, parent)
    page.setObjectName("sourcesPage")
    page.addWidget(top)
    page.addWidget(bottom)
    page.setStretchFactor(0, 1)
    page.setStretchFactor(1, 1)
    # The page asks no more height of the window than one table did (a splitter asks the
    # sum of both): at 1280x720 the two share the tab's height, and a drag gives either more.
    page.setMinimumHeight(top.minimumSizeHint().height())
    return page


def _frame_model(columns: Columns) -> FrameModel:
    return FrameModel(dict(columns.values()))


class TablesPanel(CachedPaneTabs):
    """Routing | Products | Models | Sources | Plan, for the selected year."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tablesTabs")
        self.setAccessibleName("Tables")
        self.tabBar().setAccessibleName("Table tabs")
        self._doc = document
        self.routing = _table(  # headers: a model's name, its provider
            "routingTable", "Routing: share of each product's tokens by model", self, 3
        )
        self.routing_model = RoutingTableModel(document)
        self.routing.setModel(self.routing_model)
        self.routing.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.products = _table(
            "productsTable", "Products in the selected year: tokens, cost, quality", self
        )
        self.products_model = _frame_model(PRODUCT_COLUMNS)
        self.products.setModel(self.products_model)
        self.models = _table(
            "modelsTable", "Models in the selected year: tokens, GPU-hours, partner spend", self
        )
        self.models_model = _frame_model(MODEL_COLUMNS)
        self.models.setModel(self.models_model)
        self.sources = _table("sourcesTable", "Sources: every input, its value and source", self)
        self.sources_model = SourcesModel({"Value": value_text})
        self.sources.setModel(self.sources_model)
        self.gpu_tco = _table(  # ours beside a published TCO, per GPU
            "gpuTcoTable", "Owned cost per GPU-hour, ours beside a published TCO", self
        )
        self.gpu_tco_model = GpuTcoModel(dict(GPU_TCO_COLUMNS.values()))
        self.gpu_tco.setModel(self.gpu_tco_model)
        self.gpu_tco.verticalHeader().setVisible(True)  # the GPU each row is about
        self.gpu_tco.setToolTip(GPU_TCO_TIP)
        self.sources_page = _stacked(self.sources, self.gpu_tco, self)
        self.product_inputs = _inputs_table("productInputsTable", document, "products", self)
        self.model_inputs = _inputs_table("modelInputsTable", document, "models", self)
        self.products_page = _side_by_side(self.products, self.product_inputs, self)
        self.models_page = _side_by_side(self.models, self.model_inputs, self)
        self.addTab(self.routing, "Routing")
        self.addTab(self.products_page, "Products")
        self.addTab(self.models_page, "Models")
        self.addTab(self.sources_page, "Sources")
        self.plan_page = PlanPage(document, self)  # docs/model.md#F-build-plan
        self.addTab(self.plan_page, "Plan")
        for view in self.plan_page.findChildren(QTableView):  # named in words there already
            keyboard_table(view, view.accessibleName())
        self._sources: object = None
        self._shown = document.shown
        document.resultsChanged.connect(self._show)  # bound methods: disconnected with self
        document.yearChanged.connect(self._show)
        self.currentChanged.connect(lambda _i: self._refresh())
        self._refresh()

    def _show(self, shown: Shown) -> None:
        self._shown = shown
        self._refresh()

    def _refresh(self) -> None:
        """Rebuild only the tab on screen: a hidden table is no work on a slider's path."""
        results, year = self._shown.results, self._shown.year
        if self.currentWidget() is self.products_page:
            self.products_model.set_frame(_pick(results.products, year, PRODUCT_COLUMNS))
        elif self.currentWidget() is self.models_page:
            self.models_model.set_frame(_pick(results.models, year, MODEL_COLUMNS))
        elif self.currentWidget() is self.sources_page:
            self._show_sources(self._shown.scenario)

    def _show_sources(self, scenario: core.Scenario) -> None:
        """Every number of the scenario with its source, or 'illustrative' where none exists."""
        if scenario is self._sources:
            return
        self._sources = scenario
        self.sources_model.set_frame(sources_frame(scenario))
        self.gpu_tco_model.set_frame(gpu_tco_frame(scenario))


class SourcesModel(FrameModel):
    """The Sources table: an input's tooltip names its field, the key of its source entry."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            path = self.headerData(index.row(), Qt.Orientation.Vertical)
            return f"{path}: the field, and the key of its entry in the file's sources"
        return super().data(index, role)


class GpuTcoModel(FrameModel):
    """The GPU cost table: each source on one line, its whole citation on hover.

    A source shows its title (the text before its first bracket); the address, tier and
    figures it cites are in its tooltip.
    """

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(GPU_TCO_COLUMNS) - 1:
            return str(self._cells[index.row(), index.column()])
        return super().data(index, role)


def sources_frame(scenario: core.Scenario) -> "pd.DataFrame":
    """Input (in words, with its unit) | value (in that unit) | kind | source, for every number.

    Each row's index is its field path with rows named (`products.<name>.growth`).
    """
    import pandas as pd

    table = inputs_table(scenario)
    numbers = table["value"].map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    table = table[numbers]
    kind = table["kind"].replace("", "no source given")
    labels = [field_label(scenario, p) for p in table["input"]]
    return pd.DataFrame(
        {
            "Input": [label.text for label in labels],
            "Value": pd.Series(  # objects: a year stays an int, never 2,026.0
                [label.shown(v) for v, label in zip(table["value"], labels, strict=True)],
                dtype=object,
            ).to_numpy(),
            "Kind": kind.to_numpy(),
            "Source": table["source"].to_numpy(),
        },
        index=pd.Index([named_path(scenario, p) for p in table["input"]], name="field"),
    )


def gpu_tco_frame(scenario: core.Scenario) -> "pd.DataFrame":
    """Per catalog GPU: our owned cost an hour (the kernel's), the published TCO and its source."""
    import pandas as pd

    ours = core.owned_usd_per_gpu_hour(scenario)
    catalog = scenario.gpu_catalog
    published = [g.published_tco_usd_per_gpu_hour for g in catalog]
    frame = pd.DataFrame(
        {
            "ours": [ours[g.name] for g in catalog],
            "published": pd.Series(
                [NO_PUBLISHED_FIGURE if p is None else p for p in published], dtype=object
            ).to_numpy(),
            "source": [published_tco_source(scenario, g) for g in catalog],
        },
        index=pd.Index([g.name for g in catalog], name="GPU"),
    )
    return frame.rename(columns={k: label for k, (label, _) in GPU_TCO_COLUMNS.items()})


def _pick(table: "pd.DataFrame", year: int, columns: Columns) -> "pd.DataFrame":
    """The rows of `year` with the shown columns, headed by their labels."""
    import pandas as pd

    frame = table.xs(year, level="year")
    assert isinstance(frame, pd.DataFrame)  # a level of a MultiIndex: always a frame
    picked = frame[list(columns)].rename(columns={k: label for k, (label, _) in columns.items()})
    picked.index = picked.index.astype(str)
    return picked
