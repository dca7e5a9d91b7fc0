"""A read-only table over a pandas DataFrame, with a formatter per column."""

import re
from collections.abc import Callable
from numbers import Number
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    import pandas as pd  # a model starts empty: pandas comes with the first frame shown

Index = QModelIndex | QPersistentModelIndex
Formatter = Callable[[Any], str]
TOOLTIP = Qt.ItemDataRole.ToolTipRole  # a column's full name: its header may be elided
FIGURE = re.compile(r"[+\-−]?\$?[\d.,]+(\s|[%A-Za-z]|$)")  # 18.41B, $1.36, -30%, 2,026
CELL_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, TOOLTIP, Qt.ItemDataRole.TextAlignmentRole})


class FrameModel(QAbstractTableModel):
    """Shows a DataFrame; `set_frame` swaps it (with a reset only when the shape changes)."""

    def __init__(
        self, formatters: dict[str, Formatter] | None = None, tooltips: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self._frame: pd.DataFrame | None = None
        self._cells: Any = None  # the frame's values as objects: a cell read in ~0.1 µs, not 20
        self._names: list[str] = []
        self._formatters = formatters or {}
        self._tooltips = tooltips or {}

    def set_frame(self, frame: "pd.DataFrame") -> None:
        """Show `frame`."""
        old = self._frame
        same_shape = (
            old is not None
            and frame.shape == old.shape
            and list(frame.columns) == list(old.columns)
        )
        if same_shape and old is not None:
            changed = [i for i, c in enumerate(frame.columns) if not frame[c].equals(old[c])]
            self._show(frame)
            if changed and frame.shape[0]:  # only the columns that changed: a Sources
                first, last = min(changed), max(changed)  # table on a slider's move, its values
                self.dataChanged.emit(self.index(0, first), self.index(frame.shape[0] - 1, last))
            return
        self.beginResetModel()
        self._show(frame)
        self.endResetModel()

    def _show(self, frame: "pd.DataFrame") -> None:
        self._frame = frame
        self._cells = frame.to_numpy(dtype=object)
        self._names = [str(c) for c in frame.columns]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._frame is None else self._frame.shape[0]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._frame is None else self._frame.shape[1]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._frame is None:
            return None
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole or (horizontal and role == TOOLTIP):
            return str((self._frame.columns if horizontal else self._frame.index)[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in CELL_ROLES or not index.isValid() or self._frame is None:
            return None  # first: Qt asks for a dozen roles a cell, most answered by none
        column = self._names[index.column()]
        value = self._cells[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._formatters.get(column, str)(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and _is_number(value):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _is_number(value: object) -> bool:
    """A figure, read right-aligned so its digits line up; not a yes/no, not a name.

    Numpy's numbers count, and a figure's text too (`$1.2B`, `+3%`, `819 T tokens`).
    """
    if isinstance(value, str):
        return FIGURE.match(value) is not None
    return isinstance(value, Number) and not isinstance(value, bool)
