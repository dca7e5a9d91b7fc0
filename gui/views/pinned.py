"""Labels held at the size their layout gave them, so a new text lays nothing out."""

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

ROOM = QRect(0, 0, 100_000, 1_000)  # more than any one line needs


class Pins:
    """Holds `labels` at their size between layout passes.

    A label's new text invalidates the layout around it even when its size hint is what
    it was (a figure as wide as the last, an elided change at the same width): every
    KPI tile that changed was laid out again on each slider move (issue 28). A held label
    (minimum = maximum) asks nothing of its layout; it is let go when a hint changes (a
    new text's width, a new font) or its layout's room does, and held again after the
    pass that follows.
    """

    def __init__(self, labels: Sequence[QLabel]) -> None:
        self.labels = tuple(labels)
        self._free = [(label.minimumSize(), label.maximumSize()) for label in self.labels]
        ignored = QSizePolicy.Policy.Ignored  # such a label's text never changes its room
        self._measured = [
            label for label in self.labels if label.sizePolicy().horizontalPolicy() != ignored
        ]
        self._held: list[tuple[str, int]] | None = None  # each measured text and width; None: free

    def hold(self) -> None:
        """After a layout pass: each label keeps the size the pass gave it."""
        self._held = [(label.text(), _width(label)) for label in self._measured]
        for label in self.labels:
            label.setFixedSize(label.size())

    def release(self) -> None:
        """Let the labels be laid out again (a new font, a new room)."""
        if self._held is not None:
            self._held = None
            for label, (minimum, maximum) in zip(self.labels, self._free, strict=True):
                label.setMinimumSize(minimum)
                label.setMaximumSize(maximum)

    def check(self) -> None:
        """After new texts: let go if a label's text now asks for another width."""
        held = self._held
        if held is None:
            return  # free: the next layout pass measures
        for i, (label, (text, width)) in enumerate(zip(self._measured, held, strict=True)):
            if label.text() != text:
                if _width(label) != width:
                    self.release()
                    return
                held[i] = (label.text(), width)


def _width(label: QLabel) -> int:
    """The width `label`'s one line of text asks of its layout.

    Measured from the text: a held label's own size hint grows to its minimum size.
    """
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextSingleLine)
    return label.fontMetrics().boundingRect(ROOM, flags, label.text()).width()
