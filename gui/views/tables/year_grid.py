"""A table model of years down and named columns across: the plan's build and its routing."""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
NO_FLAGS = Qt.ItemFlag.NoItemFlags
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = READ_ONLY | Qt.ItemFlag.ItemIsEditable


class YearGridModel(QAbstractTableModel):
    """Rows are `years`, columns `columns`; subclasses give the cells (`data`)."""

    def __init__(self) -> None:
        super().__init__()
        self.years: list[int] = []
        self.columns: list[str] = []

    def column_header(self, name: str) -> str:
        """The header of column `name` (subclasses add a unit or a verb)."""
        return name

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Nothing for the invalid index (Qt's rule); else `cell_flags`."""
        return self.cell_flags(index.row(), index.column()) if index.isValid() else NO_FLAGS

    def cell_flags(self, row: int, column: int) -> Qt.ItemFlag:
        """A cell's flags (Qt's for a table's cell unless a subclass says otherwise)."""
        return super().flags(self.index(row, column))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.years)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:  # the full name, on one line
            return " ".join(self.column_header(self.columns[section]).split())
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            return self.column_header(self.columns[section])
        return str(self.years[section])
