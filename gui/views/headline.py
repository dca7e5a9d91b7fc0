"""The headline above the charts: the selected year in plain words (core.summary.headline)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.summary.headline import headline_for
from gui.document import ScenarioDocument, Shown
from gui.style.appearance import appearance
from gui.views.elided import ElidedLabel

MAX_LINES = 2  # more would push the charts down; the tooltip holds the whole text


class HeadlineLabel(ElidedLabel):
    """`headlineLabel`: word-wrapped on at most two lines, elided with the full text as tooltip."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headlineLabel")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        for signal in (document.resultsChanged, document.yearChanged):
            signal.connect(self._update)
        appearance().changed.connect(self._restyle)  # bound: disconnected when self is deleted
        self._restyle()
        self._update(document.shown)

    def _restyle(self) -> None:
        look = appearance()
        self.setStyleSheet(
            f"font-size: {look.pt(10.5)}pt; color: {look.theme.foreground}; padding: 2px 0;"
        )
        self.ensurePolished()  # the style sheet's font, for the metrics below
        self.setFixedHeight(self.fontMetrics().lineSpacing() * MAX_LINES + 8)
        self._fit()

    def _update(self, shown: Shown) -> None:
        thresholds = shown.scenario.status_thresholds
        self.set_full_text(headline_for(shown.results, shown.year, thresholds))

    def _fit(self) -> None:
        """The full text if it wraps into the label's lines at this width, else cut with "…".

        Measured by the label's own layout (heightForWidth), the one that draws it.
        """
        words = self.full_text.split(" ")
        text = self.full_text
        self.setText(text)
        while len(words) > 1 and self.heightForWidth(self.width()) > self.height():
            words.pop()
            text = " ".join(words).rstrip(" ,;:.") + "…"
            self.setText(text)
        self.setToolTip(self.full_text)
