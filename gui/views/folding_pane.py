"""A pane that folds away to give the charts the room, and says so when it does."""

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class FoldingPane(QObject):
    """Shows or hides one widget; `toggled` tells the menu and presentation mode."""

    toggled = Signal(bool)

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget

    def is_visible(self) -> bool:
        """Whether the pane is shown (not hidden by the user or presentation mode)."""
        return not self._widget.isHidden()

    def set_visible(self, visible: bool) -> None:
        """Show or fold away the pane."""
        self._widget.setVisible(visible)
        self.toggled.emit(visible)
