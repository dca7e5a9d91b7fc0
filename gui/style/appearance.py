"""How the app looks right now: the theme (light, dark or the system's) and the size scale.

One `Appearance` per application. Views connect `changed` to a bound method that
restyles them in place, so switching theme or entering presentation mode never
rebuilds a window or loses a selection.
"""

from typing import Literal

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from gui.settings import settings
from gui.style.controls_style import RING_PX, VisibleControls
from gui.style.focus_ring import FocusRings
from gui.style.theme import DARK, LIGHT, Theme

Preference = Literal["system", "light", "dark"]
PREFERENCES: tuple[Preference, ...] = ("system", "light", "dark")
BASE_POINT_SIZE = 10
PRESENTATION_SCALE = 1.45  # fonts and lines for a projector at the back of a room


class Appearance(QObject):
    """The current theme and scale; emits `changed` after either changes."""

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.preference: Preference = "system"
        self.theme: Theme = LIGHT
        self.scale = 1.0
        self.style = VisibleControls()  # Fusion, light or dark, with visible control edges
        app.setStyle(self.style)
        self.focus_rings = FocusRings(app, self.style)  # over what the style cannot ring
        app.styleHints().colorSchemeChanged.connect(self._system_changed)
        self._apply()

    def load_preference(self) -> None:
        """Use the theme stored in the settings ("system" when none or unknown)."""
        stored = settings().value("view/theme", "system")
        self.set_preference(stored if stored in PREFERENCES else "system", remember=False)

    def set_preference(self, preference: Preference, remember: bool = True) -> None:
        """Follow the system's colour scheme, or force light or dark; stored for next time."""
        self.preference = preference
        if remember:
            settings().setValue("view/theme", preference)
        self._apply()

    def set_scale(self, scale: float) -> None:
        """Scale fonts and lines (1.0 on a desk, `PRESENTATION_SCALE` on a projector)."""
        self.scale = scale
        self._apply()

    def pt(self, size: float) -> int:
        """A font size in points at the current scale."""
        return round(size * self.scale)

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.preference == "system":
            self._apply()

    def _resolve(self) -> Theme:
        if self.preference == "dark":
            return DARK
        if self.preference == "light":
            return LIGHT
        return DARK if self._system_scheme() == Qt.ColorScheme.Dark else LIGHT

    def _system_scheme(self) -> Qt.ColorScheme:
        """The system's colour scheme (Unknown on platforms that do not say: light)."""
        return self._app.styleHints().colorScheme()

    def _apply(self) -> None:
        self.theme = self._resolve()
        self.style.edge = QColor(self.theme.muted)
        self.style.ring = QColor(self.theme.focus)
        self.style.ring_px = round(RING_PX * self.scale)  # 3 px on a projector
        self._app.setPalette(palette(self.theme))
        font = QFont(self._app.font())
        if font.pointSize() != self.pt(BASE_POINT_SIZE):  # a new font re-lays out every widget
            font.setPointSize(self.pt(BASE_POINT_SIZE))
            self._app.setFont(font)
        self.changed.emit()


def palette(theme: Theme) -> QPalette:
    """The widget palette of `theme` (Fusion's own for light, a matching one for dark)."""
    if theme is LIGHT:
        return QStyleFactory.create("Fusion").standardPalette()
    colors = QPalette()
    role = QPalette.ColorRole
    background, panel = QColor(theme.background), QColor(theme.panel)
    text, muted = QColor(theme.foreground), QColor(theme.muted)
    for r, c in (
        (role.Window, panel),
        (role.WindowText, text),
        (role.Base, background),
        (role.AlternateBase, panel),
        (role.ToolTipBase, panel),
        (role.ToolTipText, text),
        (role.PlaceholderText, muted),
        (role.Text, text),
        (role.Button, panel),
        (role.ButtonText, text),
        (role.BrightText, QColor(theme.warning)),
        (role.Highlight, QColor("#2F6FB3")),
        (role.HighlightedText, QColor("#FFFFFF")),
        (role.Link, QColor("#7FB8F0")),
        (role.Light, panel.lighter(150)),
        (role.Midlight, panel.lighter(125)),
        (role.Mid, panel.lighter(110)),
        (role.Dark, QColor("#101114")),
        (role.Shadow, QColor("#000000")),
    ):
        colors.setColor(r, c)
    for r in (role.WindowText, role.Text, role.ButtonText):
        colors.setColor(QPalette.ColorGroup.Disabled, r, muted.darker(130))
    return colors


_current: list[Appearance] = []


def appearance() -> Appearance:
    """The application's one `Appearance` (made on first use, once the QApplication exists)."""
    if not _current or not shiboken6.isValid(_current[0]):
        app = QApplication.instance()
        assert isinstance(app, QApplication), "create the QApplication first"
        _current[:] = [Appearance(app)]
    return _current[0]
