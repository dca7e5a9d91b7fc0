"""Models > Add partner from catalog… and Models > Update prices from catalog….

Both read the bundled genai-prices snapshot (`core.formats.catalog`, never the network) and
change the scenario through `ScenarioDocument.edit`: one undo step each.
"""

from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

import core
from core.formats.catalog import CatalogEntry, catalog
from core.formats.catalog_edits import (
    PriceUpdate,
    add_partner_changes,
    partner_name,
    price_changes,
    price_updates,
)
from gui.document import ScenarioDocument
from gui.views.tables.fitted import fit_columns
from gui.views.tables.keyboard import keyboard_table

SEARCH_MS = 50  # at most one search per 50 ms while typing (leading edge: no lag)
CATALOG_COLUMNS = ("Provider", "Model", "Input $/M", "Output $/M")
UPDATE_COLUMNS = (
    "Model", "Provider",
    "Input $/M now", "Input $/M, catalog", "Output $/M now", "Output $/M, catalog",
)  # fmt: skip
CATALOG_WORDS = "Catalog models matching the search: provider, model, USD per million tokens"
Index = QModelIndex | QPersistentModelIndex
View = TypeVar("View", bound=QTableView)


class CatalogRows(QAbstractTableModel):
    """The matching catalog rows: provider, model, input and output USD per M tokens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CatalogEntry] = []

    def set_rows(self, rows: list[CatalogEntry]) -> None:
        """Show `rows` (one model reset: cheap, the view draws only what is visible)."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(CATALOG_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:  # the prices
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = self.rows[index.row()]
        cells = (row.provider, row.model, row.input_usd_per_m, row.output_usd_per_m)
        cell = cells[index.column()]
        return f"{cell:,.3f}" if isinstance(cell, float) else cell

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal:
            return CATALOG_COLUMNS[section]
        return None


class CatalogDialog(QDialog):
    """Search the catalog as you type; Add makes the selected model a partner."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogDialog")
        self.setWindowTitle("Add partner from catalog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: no copy kept alive
        self._doc, self.book = document, catalog()
        self.search = QLineEdit(self)
        self.search.setObjectName("catalogSearch")
        self.search.setPlaceholderText("Provider or model, e.g. gemini, deepseek, mistral")
        self.search.setAccessibleName("Search the price catalog")
        self.rows = CatalogRows(self)
        self.table = _table(QTableView(self), "catalogTable", CATALOG_WORDS)
        self.table.setModel(self.rows)
        self.count = QLabel(self)
        self.count.setObjectName("catalogCount")
        self.message = QLabel(self)
        self.message.setObjectName("catalogMessage")
        self.message.setWordWrap(True)
        self.add_button = QPushButton("&Add partner", self)
        self.add_button.setObjectName("addPartnerButton")
        self.add_button.clicked.connect(self.add_selected)
        self.table.doubleClicked.connect(self.add_selected)
        buttons = _buttons(self, "catalogCloseButton", self.add_button)
        layout = QVBoxLayout(self)
        for widget in (self.search, self.table, self.count, self.message, buttons):
            layout.addWidget(widget)
        self.search.textChanged.connect(
            qthrottled(self.show_matches, timeout=SEARCH_MS, leading=True, parent=self)
        )
        self.show_matches("")
        self.resize(760, 520)

    def show_matches(self, query: str) -> None:
        """List the rows matching `query`, the first selected."""
        self.rows.set_rows(self.book.search(query))
        found = len(self.rows.rows)
        self.count.setText(f"{found:,} models · prices from {self.book.source_name}, base tier")
        if found:
            self.table.selectRow(0)
        self.add_button.setEnabled(found > 0)

    def selected(self) -> CatalogEntry | None:
        """The catalog row selected, if any."""
        picked = self.table.selectionModel().selectedRows()
        return self.rows.rows[picked[0].row()] if picked else None

    def add_selected(self) -> bool:
        """Add the selected model as a partner (one undo step); say what was added or why not."""
        entry = self.selected()
        if entry is None:
            return False
        name = partner_name(self._doc.scenario, entry)
        try:
            changes = add_partner_changes(self._doc.scenario, entry, self.book)
        except core.ScenarioError as error:
            self.message.setText(str(error))
            return False
        if not self._doc.edit(changes, f"Add partner {name}"):
            self.message.setText(f"{name} could not be added: see the status bar.")
            return False
        self.message.setText(
            f"Added {name} ({entry.provider}). Its quality scores (0 for now) and latency are "
            "illustrative until you set them in the Models tab."
        )
        return True


class PriceUpdateDialog(QDialog):
    """Each partner model that maps to the catalog: its prices now and the catalog's."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priceUpdateDialog")
        self.setWindowTitle("Update prices from catalog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed (or applied): deleted
        self._doc, self.book = document, catalog()
        self.updates = price_updates(document.scenario, self.book)
        self.message = QLabel(self)
        self.message.setObjectName("priceUpdateMessage")
        self.message.setWordWrap(True)
        self.table = _table(
            QTableWidget(len(self.updates), len(UPDATE_COLUMNS), self),
            "priceUpdateTable",
            "Partner prices now beside the catalog's; tick a row to update it",
        )
        self.table.setHorizontalHeaderLabels(list(UPDATE_COLUMNS))
        self._checks: list[QTableWidgetItem] = []  # column 0 of each row
        for row, update in enumerate(self.updates):
            self._fill(row, update)
        self.apply_button = QPushButton("&Apply checked", self)
        self.apply_button.setObjectName("applyPricesButton")
        self.apply_button.clicked.connect(self.apply_checked)
        self.apply_button.setEnabled(bool(self.updates))
        layout = QVBoxLayout(self)
        for widget in (
            self.message,
            self.table,
            _buttons(self, "priceUpdateCloseButton", self.apply_button),
        ):
            layout.addWidget(widget)
        changed = sum(u.changed for u in self.updates)
        self.message.setText(
            f"{len(self.updates)} partner models match the catalog by provider and model name "
            f"({changed} with new prices, checked); {self.book.source_name}."
            if self.updates
            else "No partner model matches a catalog entry: the provider and the model name "
            "must be the catalog's (as Add partner from catalog names them)."
        )
        self.resize(760, 360)

    def _fill(self, row: int, update: PriceUpdate) -> None:
        entry = update.entry
        prices = (update.old_in, entry.input_usd_per_m, update.old_out, entry.output_usd_per_m)
        cells = [update.name, update.provider, *(f"{p:,.3f}" for p in prices)]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if column == 0:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = Qt.CheckState.Checked if update.changed else Qt.CheckState.Unchecked
                item.setCheckState(checked)
            self.table.setItem(row, column, item)
        self._checks.append(self.table.item(row, 0) or QTableWidgetItem())

    def checked(self) -> list[PriceUpdate]:
        """The rows ticked to apply."""
        ticked = (c.checkState() == Qt.CheckState.Checked for c in self._checks)
        return [u for u, tick in zip(self.updates, ticked, strict=True) if tick]

    def apply_checked(self) -> bool:
        """Give the ticked models the catalog's prices in one undo step, then close."""
        picked = self.checked()
        changes = price_changes(self._doc.scenario, picked, self.book)
        if not changes or not self._doc.edit(changes, f"Update prices of {len(picked)} partners"):
            self.message.setText("Nothing to apply: tick the models to update.")
            return False
        self.accept()
        return True


def _table(view: View, name: str, words: str) -> View:
    """A read-only table of whole rows: `name` for testers, `words` read out; Tab leaves it."""
    view.setObjectName(name)
    keyboard_table(view, words)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    fit_columns(view)
    return view


def _buttons(dialog: QDialog, close_name: str, action: QPushButton) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    box.button(QDialogButtonBox.StandardButton.Close).setObjectName(close_name)
    box.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
    box.rejected.connect(dialog.reject)
    return box
