"""A label that never clips: it elides its text to its width, with the whole text as tooltip."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """A label that elides its text to its width, with the full text in its tooltip then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        """Show `text`, elided when it does not fit."""
        if text != self.full_text:
            self.full_text = text
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elide again at the new width."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(self.contentsRect().width(), 0)
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, width)
        self.setText(shown)
        self.setToolTip(self.full_text if shown != self.full_text else "")
