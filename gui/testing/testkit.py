"""Helpers for testers driving ScaleDeck with pytest-qt: set a control, read a KPI, run an action.

Every control is found by its stable objectName (listed in docs/testing.md). A value the
control cannot take is refused with a ValueError naming the control and its range,
never clamped silently, so a test never passes on a value it did not set. Every helper
that changes something returns only once the dashboard shows the result (`wait_idle`).
The routing table's helpers are in `gui.testing.routing`, re-exported here.
"""

from typing import Any, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QMainWindow, QSpinBox, QWidget
from superqt import QLabeledDoubleSlider, QLabeledSlider

from gui.testing.guards import raises_unexpected_dialogs
from gui.testing.idle import wait_idle
from gui.testing.routing import read_effective_share, read_share, set_share
from gui.views.kpi_tiles import KpiTile

__all__ = [
    "find",
    "kpi_text",
    "read_effective_share",
    "read_kpi",
    "read_share",
    "set_control",
    "set_share",
    "trigger",
    "wait_idle",
]


def find(window: QMainWindow, name: str) -> Any:
    """The widget called `name` in `window`, else its QAction, QTimer or other QObject of that name.

    Widgets come first, so a name a widget has finds the widget as it always did; the
    objectNames list also names actions and timers. Typed `Any`, not `QObject`, so a
    typed suite keeps calling a widget's methods on what it returns. LookupError if
    nothing in `window` has the name.
    """
    found: QObject | None = window.findChild(QWidget, name)
    if found is None:
        found = window.findChild(QObject, name)
    if found is None:
        raise LookupError(f"no widget with objectName {name!r} (see docs/testing.md)")
    return found


@raises_unexpected_dialogs
def set_control(window: QMainWindow, name: str, value: float | int | str | bool) -> None:
    """Set the control `name` as a user would and wait until the dashboard shows the result.

    Sliders take the value they display (8.5 on `scaleSlider` is 8.5x; 40 on
    `mfuSlider` is 40%); combo boxes take an item's text; check boxes a bool;
    spin boxes an int.
    """
    widget = find(window, name)
    if isinstance(widget, QCheckBox):
        widget.setChecked(_typed(name, value, bool))
    elif isinstance(widget, QComboBox):
        items = [widget.itemText(i) for i in range(widget.count())]
        if value not in items:
            raise ValueError(f"{name}: {value!r} is not one of {items}")
        widget.setCurrentText(str(value))
    elif isinstance(widget, QSpinBox):
        number = _typed(name, value, int)
        _check_range(name, number, widget.minimum(), widget.maximum())
        widget.setValue(number)
    elif isinstance(widget, QLabeledDoubleSlider | QLabeledSlider):  # in display units
        shown = _typed(name, value, float)
        _check_range(name, shown, widget.minimum(), widget.maximum())
        widget.setValue(shown)
        widget.sliderReleased.emit()  # one undo step, as when the mouse lets go
    else:
        raise TypeError(f"{name} is a {type(widget).__name__}, not a control set_control knows")
    wait_idle(window)


def read_kpi(window: QMainWindow, name: str) -> float:
    """The number behind KPI tile `name` (e.g. `kpiTotalCost`, in $/yr) for the selected year."""
    tile = find(window, name)
    if not isinstance(tile, KpiTile):
        raise TypeError(f"{name} is not a KPI tile (they are named kpi...)")
    return tile.number


def kpi_text(window: QMainWindow, name: str) -> str:
    """What KPI tile `name` shows: value and unit, e.g. '$4.04 B/yr' (whole on a narrow tile)."""
    tile = find(window, name)
    if not isinstance(tile, KpiTile):
        raise TypeError(f"{name} is not a KPI tile (they are named kpi...)")
    return tile.full_text()


@raises_unexpected_dialogs
def trigger(window: QMainWindow, name: str) -> None:
    """Run the menu action `name` (e.g. `undoAction`, `forkAction`, `themeDarkAction`).

    Returns once the dashboard shows the result (`wait_idle`): after `themeDarkAction`
    every widget's palette is dark, after `presentationAction` the fonts are larger. A
    modal box the action showed that `scaledeck_dialogs` was not told about raises its
    AssertionError here, although Qt ran the action's slot.
    """
    action = window.findChild(QAction, name)
    if action is None:
        raise LookupError(f"no action with objectName {name!r} (see docs/testing.md)")
    if not action.isEnabled():
        raise RuntimeError(f"{name} is disabled right now")
    action.trigger()
    wait_idle(window)


Typed = TypeVar("Typed", bool, int, float)


def _typed(name: str, value: object, kind: type[Typed]) -> Typed:
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return kind(value)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise ValueError(f"{name}: expected a {kind.__name__}, got {value!r}")


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name}: {value:g} is outside its range {low:g} to {high:g}")
