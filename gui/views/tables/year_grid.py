"""A table model of years down and named columns across: the plan's build and its routing."""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class YearGridModel(QAbstractTableModel):
    """Rows are `years`, columns `columns`; subclasses give the cells (`data`)."""

    def __init__(self) -> None:
        super().__init__()
        self.years: list[int] = []
        self.columns: list[str] = []

    def column_header(self, name: str) -> str:
        """The header of column `name` (subclasses add a unit or a verb)."""
        return name

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.years)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.column_header(self.columns[section])
        return str(self.years[section])
