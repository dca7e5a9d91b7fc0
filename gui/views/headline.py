"""The headline above the charts: the selected year in plain words (core.summary.headline)."""

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.summary.headline import headline_for
from gui.document import ScenarioDocument, Shown
from gui.style.appearance import appearance
from gui.views.elided import ElidedLabel

MAX_LINES = 2  # more would push the charts down; the tooltip holds the whole text
# A window this tall has room for a third line: at 1600x1000 the default's headline ended
# "...; OpenAI has the most outside…" on two (a window's height changes no headline's text).
# The third line is a wish, never a minimum: a window made smaller may always drop it.
TALL_LINES, TALL_WINDOW_PX = 3, 900


class HeadlineLabel(ElidedLabel):
    """`headlineLabel`: word-wrapped, elided with the full text as tooltip.

    Two lines, three in a window 900 px tall or more.
    """

    _kept = 0  # words the last cut kept
    _watched: QWidget | None = None  # the window whose height sets the lines

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headlineLabel")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        for signal in (document.resultsChanged, document.yearChanged):
            signal.connect(self._update)
        appearance().changed.connect(self._restyle)  # bound: disconnected when self is deleted
        self._restyle()
        self._update(document.shown)

    def hasHeightForWidth(self) -> bool:
        """No: the height is set by lines, so a layout pass need not lay the text out."""
        return False

    def sizeHint(self) -> QSize:
        """The lines' height, without laying the text out (the width is the layout's: Ignored).

        Each new headline invalidates the window's layout; QLabel would measure its ~400
        wrapped characters again for every hint the pass asks for.
        """
        return QSize(0, self.maximumHeight())

    def minimumSizeHint(self) -> QSize:
        """Two lines: the window's least height never counts the third."""
        return QSize(0, self.minimumHeight())

    def _restyle(self) -> None:
        look = appearance()
        self.setStyleSheet(
            f"font-size: {look.pt(10.5)}pt; color: {look.theme.foreground}; padding: 2px 0;"
        )
        self.ensurePolished()  # the style sheet's font, for the metrics below
        self.setMinimumHeight(self._lines_height(MAX_LINES))
        self._fit_lines()
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        """Follow the window's height from now on: it sets how many lines there are."""
        super().showEvent(event)
        window = self.window()
        if window is not self._watched:
            window.installEventFilter(self)
            self._watched = window
        if self._fit_lines():
            self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A resized window may give or take the third line."""
        if watched is self._watched and event.type() == QEvent.Type.Resize and self._fit_lines():
            self._fit()
        return False

    def _fit_lines(self) -> bool:
        """Ask for the lines the window has room for; True if that changed."""
        tall = self._watched is not None and self._watched.height() >= TALL_WINDOW_PX
        height = self._lines_height(TALL_LINES if tall else MAX_LINES)
        if height == self.maximumHeight():
            return False
        self.setMaximumHeight(height)
        self.updateGeometry()
        return True

    def _lines_height(self, lines: int) -> int:
        return self.fontMetrics().lineSpacing() * lines + 8

    def _update(self, shown: Shown) -> None:
        thresholds = shown.scenario.status_thresholds
        self.set_full_text(headline_for(shown.results, shown.year, thresholds))

    def _fit(self) -> None:
        """The full text if it wraps into the label's lines at this width, else cut with "…".

        Measured by the label's own layout (heightForWidth), the one that draws it: the
        longest prefix that fits, backed off to its last whole clause (`clause_end`). A drag
        changes only the figures, so the last cut is tried first (two layouts), then halving
        (~7 layouts, not one per word dropped: that was ~0.8 ms of every move).
        """
        words = self.full_text.split(" ")
        fits, over = 1, len(words) + 1  # prefixes of `fits` words fit (one always shows)
        if self._fits(self.full_text):
            fits = len(words)
        elif 1 < self._kept < len(words):  # a drag changes only figures: the last cut first
            if self._fits(cut(words, self._kept)):
                fits = self._kept
                if not self._fits(cut(words, fits + 1)):
                    over = fits + 1
            else:
                over = self._kept
        while over - fits > 1:
            middle = (fits + over) // 2
            if self._fits(cut(words, middle)):
                fits = middle
            else:
                over = middle
        self._kept = fits
        self.setText(cut(words, clause_end(words, fits)))
        self.setToolTip(self.full_text)

    def _fits(self, text: str) -> bool:
        self.setText(text)
        return self.heightForWidth(self.width()) <= self.height()


BACK_OFF_WORDS = 8  # a cut gives back at most this many words to end on a whole clause


def clause_end(words: list[str], count: int) -> int:
    """`count`, or fewer words ending a clause: "15,000 GPUs…", never "15,000 GPUs, no…".

    A cut mid-clause can say the opposite of the text ("no…" of "no cloud burst"); up to
    BACK_OFF_WORDS words are given back to end on ".", ",", ";" or ":".
    """
    if count >= len(words):
        return count
    for kept in range(count, max(count - BACK_OFF_WORDS, 1) - 1, -1):
        if words[kept - 1].endswith((".", ",", ";", ":")):
            return kept
    return count


def cut(words: list[str], count: int) -> str:
    """The first `count` words, with "…" when some are left out."""
    if count >= len(words):
        return " ".join(words)
    return " ".join(words[:count]).rstrip(" ,;:.") + "…"
