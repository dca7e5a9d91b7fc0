"""What every import dialog shares: asking for a file, saying a file is bad, a preview table.

Nothing is applied from here: the dialogs preview old beside new and apply through
`ScenarioDocument.edit` (one undo step); a bad file leaves the scenario untouched.
"""

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

import core
from core.formats.tabular import TableError
from core.scenario.edits import with_changes
from gui.document import ScenarioDocument

Read = TypeVar("Read")
DialogT = TypeVar("DialogT", bound=QDialog)


def open_preview(
    parent: QWidget,
    path: Path | None,
    ask: tuple[str, str],
    read: Callable[[Path], Read],
    error_name: str,
    preview: Callable[[Read, Path], DialogT],
) -> DialogT | None:
    """Ask for a file (title, filter) unless `path` is given, read it, open its preview.

    A bad file (`read` raises TableError or ValueError) is reported in the box
    `error_name` and no preview opens.
    """
    path = path or ask_for_file(parent, *ask)
    if path is None:
        return None
    try:
        data = read(path)
    except (TableError, ValueError) as error:
        report_bad_file(parent, error_name, f"{ask[0]}: not imported", error)
        return None
    dialog = preview(data, path)
    dialog.open()
    return dialog


def apply_cancel(dialog: QDialog, prefix: str, apply: Callable[[], object]) -> QDialogButtonBox:
    """Apply and Cancel buttons named `<prefix>ApplyButton` and `<prefix>CancelButton`."""
    buttons = QDialogButtonBox(dialog)
    apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
    apply_button.setObjectName(f"{prefix}ApplyButton")
    cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    cancel.setObjectName(f"{prefix}CancelButton")
    apply_button.clicked.connect(lambda _checked=False: apply())
    cancel.clicked.connect(dialog.reject)
    return buttons


def apply_button(buttons: QDialogButtonBox) -> QPushButton:
    """The Apply button of `apply_cancel`'s box."""
    return next(
        b for b in buttons.findChildren(QPushButton) if b.objectName().endswith("ApplyButton")
    )


def ask_for_file(parent: QWidget, title: str, filter_: str) -> Path | None:
    """A file the user picks, or None if they cancel."""
    name, _filter = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filter_)
    return Path(name) if name else None


def report_bad_file(parent: QWidget, name: str, title: str, error: TableError | ValueError) -> None:
    """The one-line reason a file was not imported, in a modal box named `name`."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        f"{error}\n\nNothing was imported; the scenario is unchanged.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName(name)
    box.exec()


def preview_table(name: str, headers: Sequence[str], parent: QWidget) -> QTableWidget:
    """A read-only table for old and new values, named for testers."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace the table's rows with `rows` of text."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def number_text(value: float) -> str:
    """A figure for a preview cell: separators, at most 4 significant decimals."""
    if abs(value) >= 1e6:
        return f"{value:,.4g}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def apply_edit(
    dialog: QDialog,
    document: ScenarioDocument,
    changes: Mapping[str, Any],
    text: str,
    message: QLabel,
) -> bool:
    """Apply `changes` as one undo step and close `dialog`; if invalid, say why and stay open."""
    try:
        after = with_changes(document.scenario, changes)
    except core.ScenarioError as error:
        message.setText(f"Not applied: {error}")
        return False
    document.replace(after, text)
    dialog.accept()
    return True
