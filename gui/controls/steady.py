"""A wrapped label whose new words ask the column for room only when they need a new height."""

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget


class SteadyHeight(QWidget):
    """Holds `label` and fills itself with it, answering the layout with the label's hints.

    A label's new text re-lays out every layout above it, though a wrapped label in a
    fixed-width column keeps its height for almost every text: the GPU count under the
    scale slider changes its words on every move (issue 28). Held, the label's request
    stops here and goes up only when its height at this width changes.
    """

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())

    def sizeHint(self) -> QSize:
        """The label's."""
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        """The label's."""
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        """The label's: a wrapped label's height depends on its width."""
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        """The label's height at `width`."""
        return self.label.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The label fills the holder."""
        super().resizeEvent(event)
        self.label.resize(event.size())

    def showEvent(self, event: QShowEvent) -> None:
        """The text may have changed while hidden, when no request came."""
        super().showEvent(event)
        self._ask_if_resized()

    def event(self, event: QEvent) -> bool:
        """A request from the label (new text or font): passed on if its height changed."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._ask_if_resized()
        return super().event(event)

    def _ask_if_resized(self) -> None:
        label = self.label
        wanted = label.sizeHint().height()
        if label.hasHeightForWidth():
            wanted = label.heightForWidth(self.width())
        if wanted != self.height():
            self.updateGeometry()
