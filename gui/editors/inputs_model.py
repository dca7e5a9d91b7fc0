"""Editable inputs per product or per model: workload, latency promise and serving fields.

Each cell is one scenario field, shown in the unit of its header (a share in %, a
promise in ms); an edit is one undoable document edit, and a value the schema refuses
is said in the status bar with the field and the reason, leaving the scenario as it was.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.numbers import typed_number, ungrouped
from core.scenario.edits import by_hand
from core.scenario.schema import Availability, InHouseModel, PartnerModel, Product
from core.scenario.sources import source_for
from core.units import as_is, percent_points
from gui.document import ScenarioDocument, Shown

Index = QModelIndex | QPersistentModelIndex
RANGE_WORDS = (  # pydantic's bound, the comparison that breaks it, and how it reads
    ("ge", operator.lt, "is below the minimum"),
    ("gt", operator.le, "must be above"),
    ("le", operator.gt, "is above the maximum"),
    ("lt", operator.ge, "must be below"),
)
Row = Product | InHouseModel | PartnerModel
Table = Literal["products", "models"]


def _from_percent(value: float) -> float:
    return value / 100.0


@dataclass(frozen=True)
class InputColumn:
    """One editable field: its header with unit, and how a cell shows and stores it."""

    field: str
    header: str
    decimals: int = 0
    shown: Callable[[float], float] = as_is  # stored value -> number in the cell
    stored: Callable[[float], float] = as_is  # number typed -> stored value
    kind: str | None = None  # "in_house" / "partner": the rows the field belongs to
    optional: bool = False  # an empty cell clears it (None)
    per_provider: bool = False  # the row's provider's figure, shared by its models


PRODUCT_INPUTS = (
    InputColumn("prompt_tokens", "Prompt\n(tokens)"),
    InputColumn("output_tokens", "Output\n(tokens)"),
    InputColumn("p95_prompt_tokens", "p95 prompt\n(tokens)"),
    InputColumn("cache_hit", "Cache hit\n(%)", 0, percent_points, _from_percent),
    InputColumn("ttft_slo_s", "TTFT promise\n(s, p95)", 2),
    InputColumn("tpot_slo_ms", "TPOT promise\n(ms)", 1),
    InputColumn("peak_to_average", "Busy hour\n(x average)", 2),
)
OWN, RENTED = "in_house", "partner"
MODEL_INPUTS = (
    InputColumn("bytes_per_param", "Bytes per\nparameter", 2, kind=OWN),
    InputColumn("kv_bytes_per_token_per_layer", "KV bytes per\ntoken, layer", 0, kind=OWN),
    InputColumn(
        "measured_tokens_per_gpu_s", "Measured\n(tokens/s/GPU)", 0, kind=OWN, optional=True
    ),
    InputColumn("ttft_p95_s", "API TTFT\n(s, p95)", 2, kind=RENTED),
    InputColumn("tpot_p95_ms", "API TPOT\n(ms)", 1, kind=RENTED),
    InputColumn(
        "provider_availability",
        "Provider\navailability (%)",
        2,
        percent_points,
        _from_percent,
        per_provider=True,
    ),
)


def out_of_range(row: Row, column: InputColumn, typed: float) -> str | None:
    """Why the schema would refuse `typed`, in the cell's unit, or None if it would not.

    "150 is above the maximum 100" for a share shown in %, where the schema's own words
    are "1.5 is above the maximum 1". Its bounds, compared in stored units.
    """
    for limit in _limits(row, column):
        for name, breaks, words in RANGE_WORDS:
            bound = getattr(limit, name, None)
            if bound is not None and breaks(column.stored(typed), bound):
                return f"{typed:g} {words} {column.shown(bound):g}"
    return None


def _limits(row: Row, column: InputColumn) -> list[Any]:
    """The schema's bounds of the cell's field (a provider's availability: each value's)."""
    if column.per_provider:
        return [m for f in get_args(Availability)[1:] for m in getattr(f, "metadata", ())]
    field = type(row).model_fields.get(column.field)
    return list(field.metadata) if field else []


class InputsTableModel(QAbstractTableModel):
    """Rows: the scenario's products or models; columns: their name, then `columns`."""

    def __init__(
        self, document: ScenarioDocument, table: Table, columns: tuple[InputColumn, ...]
    ) -> None:
        super().__init__(document)
        self._doc = document  # only to edit: cells show the payloads
        self._table, self._columns = table, columns
        self._rows: tuple[Row, ...] = self._rows_of(document.shown)
        self._scenario = document.shown.scenario
        document.resultsChanged.connect(self._show)  # bound: disconnected when self is deleted

    def _rows_of(self, shown: Shown) -> tuple[Row, ...]:
        return getattr(shown.scenario, self._table)  # type: ignore[no-any-return]

    def _show(self, shown: Shown) -> None:
        rows = self._rows_of(shown)
        old, self._scenario = self._scenario, shown.scenario
        if rows is self._rows and old.provider_availability == shown.scenario.provider_availability:
            return  # the table is shared by an edit that left it alone: nothing changed
        if [r.name for r in rows] != [r.name for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        self._rows = rows
        self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self._columns)))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return None
        if section == 0:
            name = "Product" if self._table == "products" else "Model"
            return name if role == Qt.ItemDataRole.DisplayRole else None
        column = self._columns[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            path = column.field if column.per_provider else f"{self._table}[0].{column.field}"
            found = source_for(self._scenario, path)
            text = found.text if found is not None else "No source given."
            return text + (" (illustrative)" if found is not None and found.illustrative else "")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() > 0 and self._applies(index):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if index.column() == 0:
            return row.name if role == Qt.ItemDataRole.DisplayRole else None
        column = self._columns[index.column() - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if not self._applies(index):
            return "" if role == Qt.ItemDataRole.EditRole else "–"
        value = self._value(row, column)
        if value is None:
            return "" if role == Qt.ItemDataRole.EditRole else "from the formulas"
        number = column.shown(float(value))
        return f"{number:,.{column.decimals}f}" if role == Qt.ItemDataRole.DisplayRole else number

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._applies(index) or index.column() == 0:
            return False
        row, column = self._rows[index.row()], self._columns[index.column() - 1]
        text = ungrouped(str(value))
        path = f"{self._table}[{index.row()}].{column.field}"
        if text == "" and column.optional:
            return self._doc.edit({path: None}, f"{row.name}: {column.field} from the formulas")
        try:
            typed = typed_number(text)
        except ValueError as error:
            return self._refuse(row, column, str(error))
        if refused := out_of_range(row, column, typed):
            return self._refuse(row, column, refused)
        stored = column.stored(typed)
        if column.per_provider and isinstance(row, InHouseModel | PartnerModel):
            listed = dict(self._scenario.provider_availability) | {row.provider: stored}
            own = by_hand(self._scenario, f"{column.field}.{row.provider}", date.today())
            return self._doc.edit(
                {column.field: listed} | own, f"{row.provider}: availability {text}"
            )
        own = by_hand(self._scenario, f"{self._table}.{row.name}.{column.field}", date.today())
        return self._doc.edit({path: stored} | own, f"{row.name}: {column.field} {text}")

    def _refuse(self, row: Row, column: InputColumn, why: str) -> bool:
        """Say why a typed value is not applied, by row and column (False: nothing edited)."""
        header = column.header.replace("\n", " ")
        whose = row.provider if column.per_provider and not isinstance(row, Product) else row.name
        self._doc.editRejected.emit(f"{whose}, {header}: {why}")
        return False

    def _value(self, row: Row, column: InputColumn) -> Any:
        if column.per_provider and isinstance(row, InHouseModel | PartnerModel):
            return self._scenario.availability_of(row.provider)
        return getattr(row, column.field)

    def _applies(self, index: Index) -> bool:
        """Whether the cell's field belongs to its row (in-house fields on partners do not)."""
        if index.column() == 0:
            return True
        kind = self._columns[index.column() - 1].kind
        return kind is None or getattr(self._rows[index.row()], "kind", None) == kind
