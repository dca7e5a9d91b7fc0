"""Presentation mode: full screen, controls and tables tucked away, sizes for a projector.

F11 (or View > Presentation mode) enters it, Esc or F11 leaves; View > Controls brings
the sliders back while presenting, for a live what-if in the meeting. Sizes are the
projector's (`PRESENTATION_SCALE`); with the controls shown, the window may need more
width than the screen has (1,633 px at 1.45x): then it takes the largest scale that fits,
in steps of SCALE_STEP, and the projector's again when the controls fold away.
Presentation mode is this session's alone: the geometry remembered for the next start is
the desk's (`desk_geometry`), so quitting while presenting starts a normal window.
"""

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QByteArray, QEventLoop, QObject, QRect, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from gui.style.appearance import PRESENTATION_SCALE, appearance
from gui.views.folding_pane import FoldingPane

SCALE_STEP = 0.05


class _Desk(NamedTuple):
    """What presentation mode changed, as it was at the desk."""

    geometry: QByteArray  # `saveGeometry()`, for the next start
    place: QRect  # the normal window's size and place, restored on leaving
    state: Qt.WindowState
    controls: bool
    shown: tuple[bool, ...]  # each tucked widget's


class Presentation(QObject):
    """Enters and leaves presentation mode, restoring exactly what was there.

    It is given what it changes: the window (full screen), the controls pane, and the
    widgets it tucks away (tables, status bar); it knows nothing else of the window.
    """

    toggled = Signal(bool)

    def __init__(self, window: QWidget, controls: FoldingPane, tucked: Sequence[QWidget]) -> None:
        super().__init__(window)
        self._window, self._controls, self._tucked = window, controls, tuple(tucked)
        self.active = False
        self._desk: _Desk | None = None
        controls.toggled.connect(self._fit_scale)

    def set_active(self, active: bool) -> None:
        """Enter (True) or leave (False) presentation mode; repeated calls are harmless."""
        if active == self.active:
            return
        window = self._window
        self.active = active
        if active:
            shown = tuple(not w.isHidden() for w in self._tucked)
            self._desk = _Desk(
                window.saveGeometry(),
                window.normalGeometry(),
                window.windowState(),
                self._controls.is_visible(),
                shown,
            )
            self._controls.set_visible(False)
            for widget in self._tucked:  # the room goes to the charts and the KPIs
                widget.setVisible(False)
            window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
            self._fit_scale()
        else:
            desk, self._desk = self._desk, None
            assert desk is not None  # entering recorded it
            appearance().set_scale(1.0)
            self._controls.set_visible(desk.controls)
            for widget, visible in zip(self._tucked, desk.shown, strict=True):
                widget.setVisible(visible)
            window.setWindowState(desk.state)
            if not desk.state & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
                # The projector's scale grew the window and full screen moved it (a 1,400 x
                # 900 window came back 1,281 x 800 in the corner): the desk's comes back.
                window.setGeometry(desk.place)
        self.toggled.emit(active)

    def _fit_scale(self) -> None:
        """The projector's scale; with the controls, the largest up to it that fits the screen."""
        if not self.active:
            return
        width = self.screen_width()
        scale = PRESENTATION_SCALE
        appearance().set_scale(scale)
        while self._controls.is_visible():
            # Layouts settle through posted events; the user's input waits for the answer.
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            if self._window.minimumSizeHint().width() <= width or scale <= 1.0:
                break
            scale = max(1.0, round(scale - SCALE_STEP, 2))
            appearance().set_scale(scale)
        # A step too wide for the screen grew the window past it and out of full screen
        # (1,403 px on a 1,280-px projector): the scale that fits takes the screen again.
        window = self._window
        window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        if window.width() > width:  # the state held, the geometry not: the screen's again
            window.resize(width, window.height())

    def screen_width(self) -> int:
        """The width the full-screen window has: its screen's."""
        return self._window.screen().geometry().width()

    def desk_geometry(self) -> QByteArray:
        """The window's geometry to remember for the next start: the desk's, even presenting.

        Presentation's full screen saved at a quit started the next session full screen
        but not presenting, and neither F11 nor Esc left it.
        """
        return self._desk.geometry if self._desk is not None else self._window.saveGeometry()

    def leave(self) -> None:
        """Esc: back to the desk."""
        self.set_active(False)
