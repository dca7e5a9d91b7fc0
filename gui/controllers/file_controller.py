"""File commands: New, Open, Open Recent, Save, Save As, Revert; what the user is told.

A bad file is reported problem by problem and never touches the open workbook; a
failed save says why and leaves the document marked modified. Unsaved work is never
dropped without asking.
"""

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

import core
from core.scenario.files import FILE_SUFFIX
from core.scenario.messages import write_reason
from gui.document import ScenarioDocument
from gui.settings import remember_file

FILE_FILTER = f"ScaleDeck scenarios (*{FILE_SUFFIX});;JSON files (*.json);;All files (*)"


def message(parent: QWidget, icon: QMessageBox.Icon, name: str, title: str, text: str) -> None:
    """Show a modal message with a stable objectName (tests answer it by name)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.exec()


def problems_text(path: str, error: core.ScenarioError) -> str:
    """A file's problems, one per line, as `scaledeck validate` prints them."""
    lines = "\n".join(f"• {problem}" for problem in error.problems)
    return f"{path} was not opened. Problems found:\n\n{lines}\n\nThe open scenario is unchanged."


class FileController(QObject):
    """Owns the file the document came from and every command that reads or writes it."""

    pathChanged = Signal(object)  # Path | None

    def __init__(
        self, document: ScenarioDocument, window: QWidget, path: Path | None = None
    ) -> None:
        super().__init__(window)
        self._doc, self._window, self.path = document, window, path

    def new_document(self) -> bool:
        """Replace the workbook with the default scenario (after asking about unsaved work)."""
        if not self.confirm_discard():
            return False
        self._doc.load(core.make_workbook(core.default_scenario()))
        self.set_path(None)
        return True

    def open_dialog(self) -> bool:
        """Ask for a file, then open it."""
        if not self.confirm_discard():
            return False
        name, _filter = QFileDialog.getOpenFileName(
            self._window, "Open scenario", self._folder(), FILE_FILTER
        )
        return bool(name) and self.open_file(Path(name), confirmed=True)

    def open_file(self, path: Path, confirmed: bool = False) -> bool:
        """Open `path`; a bad file is reported and the open workbook stays as it was."""
        if not confirmed and not self.confirm_discard():
            return False
        try:
            book = core.load_workbook(path)
        except core.ScenarioError as error:
            icon = QMessageBox.Icon.Warning
            message(
                self._window,
                icon,
                "openErrorDialog",
                "File not opened",
                problems_text(str(path), error),
            )
            return False
        self._doc.load(book)
        self.set_path(path)
        remember_file(path)
        return True

    def save(self) -> bool:
        """Save to the current file, or ask for one."""
        return self.save_to(self.path) if self.path else self.save_as_dialog()

    def save_as_dialog(self) -> bool:
        """Ask for a file name, then save there."""
        suggested = str(
            self.path or Path(self._folder()) / f"{self._doc.book.baseline.name}{FILE_SUFFIX}"
        )
        name, _filter = QFileDialog.getSaveFileName(
            self._window, "Save scenario as", suggested, FILE_FILTER
        )
        return bool(name) and self.save_to(Path(name))

    def save_to(self, path: Path) -> bool:
        """Write atomically; on failure say why and stay modified."""
        if not path.name.endswith(FILE_SUFFIX):
            path = path.with_name(path.name.removesuffix(".json") + FILE_SUFFIX)
        try:
            core.save_workbook(self._doc.book, path)
        except OSError as error:
            reason = write_reason(error)
            text = f"{path} could not be saved: {reason}.\n\nYour work is still open and unsaved."
            message(self._window, QMessageBox.Icon.Critical, "saveErrorDialog", "Not saved", text)
            return False
        self._doc.mark_saved()
        self.set_path(path)
        remember_file(path)
        return True

    def revert(self) -> bool:
        """Reload the file from disk, dropping unsaved changes (after asking)."""
        if self.path is None or not self.confirm_discard():
            return False
        return self.open_file(self.path, confirmed=True)

    def confirm_discard(self) -> bool:
        """True if there is no unsaved work, or the user saved it or chose to discard it."""
        if self._doc.undo_stack.isClean():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"Save the changes to {self.path.name if self.path else 'this scenario'}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setObjectName("unsavedChangesDialog")
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def set_path(self, path: Path | None) -> None:
        """The file the document now belongs to (None: not saved yet)."""
        self.path = path
        self.pathChanged.emit(path)

    def _folder(self) -> str:
        return str(self.path.parent) if self.path else str(Path.home())
