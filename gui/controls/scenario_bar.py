"""The scenario list: pick the scenario on screen; fork, rename, delete; open Compare."""

import warnings

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QToolButton,
    QWidget,
)
from superqt.utils import signals_blocked

import core
from gui.document import ScenarioDocument

RENAME_LABEL = "New name:"
GET_TEXT = QInputDialog.getText  # what a 0.1 suite patched to answer Rename (until 0.3)


class ScenarioBar(QWidget):
    """A combo of the workbook's scenarios (baseline first) and the buttons that change them."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioBar")
        self._doc = document
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Scenario:", self))
        self.combo = QComboBox(self)
        self.combo.setObjectName("scenarioCombo")
        self.combo.setAccessibleName("Scenario on screen")
        self.combo.setToolTip("The scenario on screen: the file's baseline or one of its variants.")
        self.combo.setMinimumContentsLength(18)
        self.combo.currentTextChanged.connect(self._on_pick)
        layout.addWidget(self.combo)
        self.fork = self._button(
            "forkButton", "Fork", "Copy the scenario on screen as a new variant."
        )
        self.rename = self._button("renameButton", "Rename", "Rename the scenario on screen.")
        self.delete = self._button("deleteButton", "Delete", "Delete the variant on screen.")
        self.compare = self._button("compareButton", "Compare…", "Compare scenarios side by side.")
        self.fork.clicked.connect(lambda: document.fork())
        self.rename.clicked.connect(self._ask_rename)
        self.delete.clicked.connect(lambda: document.delete(document.current))
        for button in (self.fork, self.rename, self.delete, self.compare):
            layout.addWidget(button)
        document.bookChanged.connect(self._sync)
        self._sync(document.book)

    def _button(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        return button

    def _on_pick(self, name: str) -> None:
        if name:
            self._doc.switch(name)

    def _ask_rename(self) -> None:
        """Rename to the name typed; the dialog says as it is typed why a name is refused.

        A refused name was said only in the status bar, after the dialog had closed on it:
        now OK is off while the name is refused, with the reason under "New name:". A name
        OK'd anyway (a test's queued answer) is still refused by the document, in the status
        bar. The dialog is built here, not by `QInputDialog.getText`, so that it has a name.
        """
        if QInputDialog.getText is not GET_TEXT:  # a 0.1 suite's patch: it answers, as then
            warnings.warn(
                "patching QInputDialog.getText to answer Rename is deprecated and stops "
                "working in ScaleDeck 0.3; answer renameDialog through scaledeck_dialogs",
                DeprecationWarning,
                stacklevel=2,
            )
            text, ok = QInputDialog.getText(self, "Rename scenario", RENAME_LABEL)
            if ok:
                self._doc.rename(text)
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("renameDialog")  # what a test answers (docs/testing.md)
        dialog.setWindowTitle("Rename scenario")
        dialog.setLabelText(RENAME_LABEL)
        dialog.setTextValue(self._doc.current)
        dialog.textValueChanged.connect(lambda text: self._check_name(dialog, text))
        try:
            if dialog.exec():
                self._doc.rename(dialog.textValue())
        finally:
            dialog.deleteLater()

    def _check_name(self, dialog: QInputDialog, name: str) -> None:
        """Say under the label why `name` would be refused, and hold OK off until it is not."""
        try:
            self._doc.book.renamed(self._doc.current, name)
            refused = ""
        except core.ScenarioError as error:
            refused = str(error)
        dialog.setLabelText(f"{RENAME_LABEL}\n{refused}" if refused else RENAME_LABEL)
        buttons = dialog.findChild(QDialogButtonBox)
        if buttons is not None and (ok := buttons.button(QDialogButtonBox.StandardButton.Ok)):
            ok.setEnabled(not refused)

    def _sync(self, book: core.Workbook) -> None:
        with signals_blocked(self.combo):
            if [self.combo.itemText(i) for i in range(self.combo.count())] != book.names:
                self.combo.clear()
                self.combo.addItems(book.names)
            self.combo.setCurrentText(self._doc.current)
        on_baseline = self._doc.current == book.baseline.name
        self.delete.setEnabled(not on_baseline)
        self.delete.setToolTip(
            "The baseline cannot be deleted." if on_baseline else "Delete the variant on screen."
        )
        self.compare.setEnabled(len(book.names) > 1)
