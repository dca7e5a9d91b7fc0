"""A read-only table over a pandas DataFrame, with a formatter per column."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    import pandas as pd  # a model starts empty: pandas comes with the first frame shown

Index = QModelIndex | QPersistentModelIndex
Formatter = Callable[[Any], str]


class FrameModel(QAbstractTableModel):
    """Shows a DataFrame; `set_frame` swaps it (with a reset only when the shape changes)."""

    def __init__(
        self, formatters: dict[str, Formatter] | None = None, tooltips: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self._frame: pd.DataFrame | None = None
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
        if same_shape:
            self._frame = frame
            if frame.size:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(frame.shape[0] - 1, frame.shape[1] - 1)
                )
            return
        self.beginResetModel()
        self._frame = frame
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._frame is None else self._frame.shape[0]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._frame is None else self._frame.shape[1]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._frame is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section])
        return str(self._frame.index[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._frame is None:
            return None
        column = str(self._frame.columns[index.column()])
        value = self._frame.iat[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._formatters.get(column, str)(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips.get(column)
        return None
