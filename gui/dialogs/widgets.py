"""Small widget makers the dialogs share."""

from PySide6.QtWidgets import QSpinBox, QWidget

SCREEN_MARGIN = 40  # left free around a window on a smaller screen (1280x720: 1240x680)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size `window` to width x height, or to its screen less a margin where that is smaller.

    A projector at 1280x720 must show every button: a fixed 1400x860 put Compare's Export
    off-screen.
    """
    screen = (window.parentWidget() or window).screen()
    room = screen.availableGeometry().adjusted(0, 0, -SCREEN_MARGIN, -SCREEN_MARGIN)
    window.resize(min(width, room.width()), min(height, room.height()))


def named_spin(parent: QWidget, name: str, label: str, low: int, high: int, value: int) -> QSpinBox:
    """A spin box with its objectName (for testers) and accessible name, range and value."""
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setAccessibleName(label)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
