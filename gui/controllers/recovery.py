"""Recovery at start: offer the work an earlier ScaleDeck left in an autosave.

The dialogs live here, beside the autosave they read (`gui.controllers.autosave`), so the window
only asks for recovery once it is shown.
"""

from PySide6.QtWidgets import QMessageBox, QWidget

import core
from gui.controllers.autosave import orphans, read_recovery, set_aside
from gui.controllers.file_controller import FileController, message
from gui.document import ScenarioDocument
from gui.settings import data_dir


def offer_recovery(parent: QWidget, document: ScenarioDocument, files: FileController) -> bool:
    """Offer work left by a ScaleDeck that did not close normally; True if recovered.

    A corrupt autosave is reported and set aside (renamed *.corrupt), never loaded.
    """
    for path in reversed(orphans(data_dir())):
        try:
            found = read_recovery(path)
        except core.ScenarioError as error:
            kept = set_aside(path)
            problems = "\n".join(f"• {p}" for p in error.problems[:10])
            text = f"An autosave could not be read and was skipped ({kept.name}):\n\n{problems}"
            message(
                parent, QMessageBox.Icon.Warning, "autosaveCorruptDialog", "Autosave skipped", text
            )
            continue
        origin = f" of {found.file.name}" if found.file else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Recover unsaved work?",
            f"ScaleDeck closed without saving the work{origin} autosaved at {found.saved_at}.\n"
            "Recover it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            parent,
        )
        box.setObjectName("recoveryDialog")
        accepted = box.exec() == QMessageBox.StandardButton.Yes
        path.unlink(missing_ok=True)  # recovered work is autosaved again under this process
        if accepted:
            document.load(found.book, found.current, clean=False)
            files.set_path(found.file)
            return True
    return False
