"""What every import dialog shares: asking for a file, reading it in a worker, a preview table.

Nothing is applied from here: the dialogs preview old beside new, every change unticked,
and apply the ticked ones through `ScenarioDocument.replace` (one undo step); a bad file
or a cancelled read leaves the scenario untouched.
"""

from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from superqt.utils import GeneratorWorker, create_worker

import core
from core.formats.imports import FieldChange
from core.formats.tabular import TableError
from core.scenario.edits import with_changes
from core.scenario.schema import Product
from core.units import significant
from gui.dialogs.widgets import fit_to_screen
from gui.dialogs.workers import outlive_window, stop_before_exit
from gui.document import ScenarioDocument
from gui.style.appearance import appearance
from gui.views.tables.fitted import FittedHeader, fit_columns
from gui.views.tables.keyboard import keyboard_table

Read = TypeVar("Read")
DialogT = TypeVar("DialogT", bound=QDialog)


def open_preview(
    parent: QWidget, path: Path | None, ask: tuple[str, str], preview: Callable[[Path], DialogT]
) -> DialogT | None:
    """Ask for a file (title, filter) unless `path` is given; open its preview, which reads it."""
    path = path or ask_for_file(parent, *ask)
    if path is None:
        return None
    dialog = preview(path)
    dialog.open()
    return dialog


Reading = Callable[[Path], Generator[int, None, Any]]


class FileRead(QWidget):
    """A file read in a worker thread: a busy bar, the rows read so far, and Cancel.

    `done` carries what the read returned; `failed` a bad file's one-line error (the
    owner says it and closes); `cancelled` means the user stopped it: nothing was read.
    Widgets are named `<prefix>ReadProgress`, `<prefix>ReadLabel`, `<prefix>ReadCancelButton`.

    The worker's signals outlive the window, and a quit stops the read and waits for it
    (`gui.dialogs.workers`): quitting mid-read printed "RuntimeError in aborted thread:
    Signal source has been deleted" (or "can't register atexit after shutdown").
    """

    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, prefix: str, read: Reading, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}Read")
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{prefix}ReadProgress")
        self.bar.setRange(0, 0)  # rows are counted as read; the total is known only at the end
        self.label = QLabel(f"Reading {path.name}…", self)
        self.label.setObjectName(f"{prefix}ReadLabel")
        self.cancel_button = QPushButton("Cancel reading", self)
        self.cancel_button.setObjectName(f"{prefix}ReadCancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel_button):
            row.addWidget(widget)
        self._name = path.name
        worker: GeneratorWorker[int, None, Any] = create_worker(
            read,
            path,
            _connect={
                "yielded": self._on_rows,
                "returned": self._on_done,
                "errored": self._on_error,
                "aborted": self._on_aborted,
                "finished": self._on_finished,
            },
            _start_thread=False,  # started once its signals outlive the window
        )
        outlive_window(worker)
        app = QCoreApplication.instance()
        if app is not None:  # a quit mid-read stops it at its next chunk, and waits
            app.aboutToQuit.connect(self._stop_for_quit)  # a method: Qt drops it with us
        self.worker: GeneratorWorker[int, None, Any] | None = worker
        worker.start()

    def running(self) -> bool:
        """Whether the read is still going."""
        return self.worker is not None

    def cancel(self) -> None:
        """Stop the read at its next chunk; `cancelled` follows."""
        if self.worker is not None:
            self.worker.quit()
            self.label.setText("Cancelling…")

    def _stop_for_quit(self) -> None:
        """Stop the read and let it end while Python is still whole (`stop_before_exit`)."""
        if self.worker is not None:
            stop_before_exit(self.worker)

    def _on_rows(self, rows: int) -> None:
        self.label.setText(f"Reading {self._name}: {rows:,} rows…")

    def _on_done(self, value: object) -> None:
        self.hide()
        self.done.emit(value)

    def _on_error(self, error: Exception) -> None:
        self.hide()
        self.failed.emit(error)

    def _on_aborted(self) -> None:
        self.cancelled.emit()

    def _on_finished(self) -> None:
        self.worker = None


class ReadingPreview(QDialog):
    """A preview that reads its file in a worker first: one wiring for trace and usage.

    `start_reading` adds the `FileRead`: its result goes to `loaded`, a bad file is said
    in `<prefix>ErrorDialog` and closes the preview, Cancel closes it with nothing read.
    """

    reading: "FileRead"
    _products: tuple[Product, ...] = ()  # the products the pickers list

    def follow_products(self, document: ScenarioDocument) -> None:
        """Keep the product pickers on the scenario's products (`products_changed`).

        Left open across File > Open or New (or a switch, or an Undo), the preview listed
        the old workbook's products: picking one raised IndexError, and Apply a KeyError
        for a product the scenario no longer had.
        """
        self._products = document.scenario.products
        document.scenarioChanged.connect(self._on_scenario)  # a method: Qt drops it with us

    def _on_scenario(self, scenario: core.Scenario) -> None:
        if scenario.products is not self._products:  # edits elsewhere share the products
            self._products = scenario.products
            self.products_changed(scenario)

    def products_changed(self, scenario: core.Scenario) -> None:
        """List `scenario`'s products and compare again, every row unticked (subclasses)."""

    def start_reading(
        self, prefix: str, read: Reading, path: Path, title: str, loaded: Callable[[Any], None]
    ) -> None:
        self.reading = FileRead(prefix, read, path, self)
        self.reading.done.connect(loaded)
        self.reading.failed.connect(
            lambda error: say_bad_file(self, f"{prefix}ErrorDialog", title, error)
        )
        self.reading.cancelled.connect(self.reject)

    def reject(self) -> None:
        """Close; a read still going is stopped and nothing is applied."""
        self.reading.cancel()
        super().reject()


def say_bad_file(dialog: QDialog, name: str, title: str, error: Exception) -> None:
    """A read that failed: its one-line reason (`report_bad_file`), then `dialog` closes."""
    owner = dialog.parentWidget() or dialog
    if isinstance(error, (TableError, ValueError)):
        report_bad_file(owner, name, title, error)
    else:  # a read that broke otherwise (out of memory, a disk error): said the same way
        report_bad_file(owner, name, title, ValueError(str(error) or type(error).__name__))
    dialog.reject()


def check_item(text: str, enabled: bool = True) -> QTableWidgetItem:
    """A first cell with an unticked box (an import changes nothing until a row is ticked)."""
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
    item.setFlags(flags if enabled else Qt.ItemFlag.NoItemFlags)
    if enabled:
        item.setCheckState(Qt.CheckState.Unchecked)
    return item


def ticked(item: QTableWidgetItem | None) -> bool:
    """Whether a row's box is ticked."""
    return item is not None and item.checkState() == Qt.CheckState.Checked


def size_item(change: FieldChange) -> QTableWidgetItem:
    """A change's size ("+12%", "x0.00084"), in the warning colour when it is large."""
    item = QTableWidgetItem(change.size)
    if change.large:
        item.setForeground(QColor(appearance().theme.warning))
        item.setToolTip(change.warning())
    return item


def warnings_text(changes: Sequence[FieldChange]) -> str:
    """The large changes in words, to read before ticking them (empty when there are none)."""
    said = [change.warning() for change in changes if change.large]
    return "Check before ticking: " + "; ".join(said) + "." if said else ""


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


def preview_table(name: str, words: str, headers: Sequence[str], parent: QWidget) -> QTableWidget:
    """A read-only table for old and new values: `name` for testers, `words` read out."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    keyboard_table(table, words)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    fit_columns(table)
    return table


@contextmanager
def filled_whole(dialog: QDialog, table: QTableWidget) -> Iterator[None]:
    """Fill `table` hidden, then widen `dialog` (within the screen) to show it whole.

    The fitted header measures a table when its rows arrive, empty, and again when it is
    shown: measured empty, a product picker's column was as narrow as its blank cell and
    cut "M365 Copilot Excel" to "M365 Co", the tick box's name to "M365 Copilot ...".
    """
    hidden = table.isHidden()
    table.hide()
    try:
        yield
    finally:
        table.setHidden(hidden)  # measured again, with its pickers and tick boxes
    header, layout = table.horizontalHeader(), dialog.layout()
    if isinstance(header, FittedHeader) and layout is not None:
        margins = layout.contentsMargins()
        wanted = header.natural_width() + margins.left() + margins.right()
        fit_to_screen(dialog, max(wanted, dialog.width()), dialog.height())


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace the table's rows with `rows` of text."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def set_cells(
    table: QTableWidget, row: int, cells: Sequence[str | QTableWidgetItem], start: int = 0
) -> None:
    """Put `cells` (text or made items) into `row` from column `start` on."""
    for column, cell in enumerate(cells, start=start):
        table.setItem(row, column, QTableWidgetItem(cell) if isinstance(cell, str) else cell)


def number_text(value: float) -> str:
    """A figure for a preview cell: 4 significant digits, millions and up as M, B or T.

    '2.096 T', '312.2', '4,110': the cells said '2.096e+12' and '4,109.768'.
    """
    for factor, suffix in ((1e12, " T"), (1e9, " B"), (1e6, " M")):
        if abs(value) >= factor:
            return _trimmed(significant(value / factor, 4)) + suffix
    return _trimmed(significant(value, 4))


def _trimmed(text: str) -> str:
    """Trailing zeros of the decimals dropped: '1.800' -> '1.8', '200.0' -> '200'."""
    return text.rstrip("0").rstrip(".") if "." in text else text


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


def warning_label(name: str, parent: QWidget) -> QLabel:
    """A wrapped label in the theme's warning colour, for large changes."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {appearance().theme.warning}")
    return label
