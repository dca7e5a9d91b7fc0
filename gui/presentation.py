"""Presentation mode: full screen, controls and tables tucked away, sizes for a projector.

F11 (or View > Presentation mode) enters it, Esc or F11 leaves; View > Controls brings
the sliders back while presenting, for a live what-if in the meeting.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from gui.appearance import PRESENTATION_SCALE, appearance

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class Presentation(QObject):
    """Enters and leaves presentation mode on `window`, restoring exactly what was there."""

    toggled = Signal(bool)

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self._window = window
        self.active = False
        self._was: tuple[Qt.WindowState, bool, bool] | None = None

    def set_active(self, active: bool) -> None:
        """Enter (True) or leave (False) presentation mode; repeated calls are harmless."""
        if active == self.active:
            return
        window = self._window
        self.active = active
        if active:
            self._was = (window.windowState(), window.controls_visible(), window.tables.isVisible())
            appearance().set_scale(PRESENTATION_SCALE)
            window.set_controls_visible(False)
            window.tables.setVisible(False)  # the room goes to the charts and the KPIs
            window.statusBar().setVisible(False)
            window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        else:
            state, controls, tables = self._was or (Qt.WindowState.WindowNoState, True, True)
            appearance().set_scale(1.0)
            window.set_controls_visible(controls)
            window.tables.setVisible(tables)
            window.statusBar().setVisible(True)
            window.setWindowState(state)
        self.toggled.emit(active)

    def leave(self) -> None:
        """Esc: back to the desk."""
        self.set_active(False)
