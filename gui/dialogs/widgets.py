"""Small widget makers the dialogs share."""

from PySide6.QtWidgets import QSpinBox, QWidget


def named_spin(parent: QWidget, name: str, label: str, low: int, high: int, value: int) -> QSpinBox:
    """A spin box with its objectName (for testers) and accessible name, range and value."""
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setAccessibleName(label)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
