"""A label that never clips: it elides its text to its width, with the whole text as tooltip."""

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# "+13%/yr, under 20%": the figure, then its standing; "▲ +2.07B vs base": the change,
# then what it is against (a tile's tooltip says so).
CLAUSE_END = re.compile(r"[,;:] | vs ")


def leading_clauses(text: str) -> list[str]:
    """The text's leading clauses, longest first: "a, b: c" -> ["a, b", "a"]."""
    return [text[: end.start()] for end in reversed(list(CLAUSE_END.finditer(text)))]


def fitted(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` if it fits in `width` px, else its longest leading clauses that do.

    Else elided with "…": "+13%/yr" of "+13%/yr, under 20%", never "+13%/yr, und…".
    """
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if shown != text:
        clauses = leading_clauses(text)
        shown = next((c for c in clauses if metrics.horizontalAdvance(c) <= width), shown)
    return shown


class ElidedLabel(QLabel):
    """A label that elides its text to its width, with the full text in its tooltip then.

    Too long, it shows its longest leading clauses that fit whole ("+13%/yr" of "+13%/yr,
    under 20%") rather than a word cut in half ("+13%/yr, und…").
    """

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
        shown = fitted(self.full_text, self.fontMetrics(), max(self.contentsRect().width(), 0))
        self.setText(shown)
        self.setToolTip(self.full_text if shown != self.full_text else "")
