"""File commands: New, Open, Open Recent, Save, Save As, Revert; what the user is told.

A bad file is reported problem by problem and never touches the open workbook; a
failed save says why and leaves the document marked modified. Unsaved work is never
dropped without asking (a value still being typed counts: `commit_pending_edit`), and no
file is written over without asking: neither one that the suffix Save As adds turned a
typed name into, nor one another program changed since it was opened or saved here.
Save writes the open file as it is named, whatever its name.
"""

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

import core
from core.scenario.files import FILE_SUFFIX
from core.scenario.messages import write_reason
from gui.controllers.pending_edit import commit_pending_edit
from gui.controllers.save_target import file_digest, safe_file_name, scenario_path
from gui.document import ScenarioDocument
from gui.settings import remember_file

FILE_FILTER = f"ScaleDeck scenarios (*{FILE_SUFFIX});;JSON files (*.json);;All files (*)"
Button = QMessageBox.StandardButton
OVERWRITE, SAVE_AS = Button.Yes, Button.Save  # the changed-file question's answers, relabelled


def message(parent: QWidget, icon: QMessageBox.Icon, name: str, title: str, text: str) -> None:
    """Show a modal message with a stable objectName (tests answer it by name)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.exec()


def ask(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    buttons: dict[QMessageBox.StandardButton, str | None],
    default: QMessageBox.StandardButton,
) -> QMessageBox.StandardButton:
    """Ask a question with a stable objectName; `buttons` maps each button to its label.

    A label of None keeps Qt's own (translated) text.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, Button.NoButton, parent)
    box.setObjectName(name)
    for button, label in buttons.items():
        added = box.addButton(button)
        if label is not None:
            added.setText(label)
    box.setDefaultButton(default)
    return Button(box.exec())


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
        self._doc, self._window = document, window
        self.path, self.disk_digest = path, file_digest(path)
        # The scenario bar's buttons and the menus take no focus from an open editor: what
        # is typed there is committed before any fork, rename, delete or switch.
        document.commitRequested.connect(commit_pending_edit)

    def new_document(self) -> bool:
        """Replace the workbook with the default scenario (after asking about unsaved work)."""
        if not self.confirm_discard():  # it commits a value still being typed first
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
        digest = file_digest(path)  # first: a change while loading then shows as a change
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
        self.set_path(path, digest)
        remember_file(path)
        return True

    def save(self) -> bool:
        """Save to the open file as it is named, or ask for one; ask if another program changed it.

        The open file keeps its name: `plan.json` (as `scaledeck new plan.json` makes it) was
        saved as `plan.scaledeck.json`, over a colleague's file of that name, unasked. A file
        deleted meanwhile is simply written again. A value still being typed is saved too.
        """
        commit_pending_edit()
        if self.path is None:
            return self.save_as_dialog()
        if self._changed_on_disk():
            answer = self._ask_changed(self.path)
            if answer == SAVE_AS:
                return self.save_as_dialog()
            if answer != OVERWRITE:
                return False
        return self._write(self.path)

    def save_as_dialog(self) -> bool:
        """Ask for a file name, then save there (asking before replacing the name adjusted).

        Qt's dialog confirms replacing the name as typed; `plan` is saved as
        `plan.scaledeck.json`, a file that dialog never saw, so it is confirmed here. The
        open file chosen again keeps its name (`_target`).
        """
        commit_pending_edit()
        name = safe_file_name(self._doc.book.baseline.name) + FILE_SUFFIX
        suggested = str(self.path or Path(self._folder()) / name)
        typed, _filter = QFileDialog.getSaveFileName(
            self._window, "Save scenario as", suggested, FILE_FILTER
        )
        if not typed:
            return False
        path = self._target(Path(typed))
        if path != Path(typed) and path.exists() and not self._confirm_replace(path):
            return False
        return self._write(path)

    def save_to(self, path: Path) -> bool:
        """Save As `path` without a dialog (for testers): the open file is written as named.

        Another name gets the scenario suffix, as Save As gives it (`_target`).
        """
        commit_pending_edit()
        return self._write(self._target(path))

    def _target(self, path: Path) -> Path:
        """The file a Save As of `path` writes: the open file as named, another name suffixed.

        `plan` and `plan.json` become `plan.scaledeck.json`; the open `plan.json` (made by
        `scaledeck new plan.json`) stays `plan.json`, the file the CLI commands read.
        """
        opened = self.path is not None and path.resolve() == self.path.resolve()
        return path if opened else scenario_path(path)  # `plan.json` as typed is the open one

    def _write(self, path: Path) -> bool:
        """Write `path` atomically, as named; on failure say why and stay modified.

        A symlink is written through to its target; a read-only file is refused.
        """
        try:
            core.save_workbook(self._doc.book, path)
        except OSError as error:
            text = (
                f"{path} could not be saved: {write_reason(error)}.\n\n"
                "Your work is still open and unsaved; Save As… writes it to another file."
            )
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
        """True if there is no unsaved work, or the user saved it or chose to discard it.

        A value still being typed is committed first, and so asked about: Close, New and
        Open dropped it (Open's file dialog committed it, and the file opened over it).
        """
        commit_pending_edit()
        if self._doc.undo_stack.isClean():
            return True
        answer = ask(
            self._window,
            "unsavedChangesDialog",
            "Unsaved changes",
            self._unsaved_question(),
            {Button.Save: None, Button.Discard: None, Button.Cancel: None},
            Button.Save,
        )
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def _unsaved_question(self) -> str:
        """What is unsaved, named: the file (or that there is none yet) and the last change.

        "Save the changes to this scenario?" named neither the work nor what changed.
        """
        stack = self._doc.undo_stack
        where = self.path.name if self.path else "a new workbook (never saved to a file)"
        last = stack.text(stack.index() - 1) if stack.index() > 0 else ""
        said = f"\nLast change: {last}." if last else ""
        return f"Save the changes to {where}?{said}"

    def set_path(self, path: Path | None, digest: str | None = None) -> None:
        """The file the document now belongs to (None: not saved yet).

        `digest` is the file's content as this work last knew it (`file_digest`), read
        now if not given: a save asks when the file no longer has it.
        """
        self.path = path
        self.disk_digest = file_digest(path) if digest is None else digest
        self.pathChanged.emit(path)

    def _changed_on_disk(self) -> bool:
        """True if the file exists and is not what was opened or saved here."""
        now = file_digest(self.path)
        return bool(now) and now != self.disk_digest

    def _ask_changed(self, path: Path) -> QMessageBox.StandardButton:
        text = (
            f"{path.name} was changed by another program since you opened or saved it.\n\n"
            "Overwrite it with your work (its changes are lost), save your work as another "
            "file, or cancel?"
        )
        labels = {OVERWRITE: "Overwrite", SAVE_AS: "Save As…", Button.Cancel: None}
        return ask(self._window, "fileChangedDialog", "Changed on disk", text, labels, SAVE_AS)

    def _confirm_replace(self, path: Path) -> bool:
        text = (
            f"{path.name} already exists in {path.parent}.\n\n"
            f"The name you typed is saved with the {FILE_SUFFIX} ending. Replace that file?"
        )
        labels = {Button.Yes: "Replace", Button.Cancel: None}
        answer = ask(self._window, "overwriteDialog", "Replace file?", text, labels, Button.Cancel)
        return answer == Button.Yes

    def _folder(self) -> str:
        return str(self.path.parent) if self.path else str(Path.home())
