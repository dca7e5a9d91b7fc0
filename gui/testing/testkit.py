"""Helpers for testers driving ScaleDeck with pytest-qt: set a control, read a KPI, run an action.

Every control is found by its stable objectName (listed in docs/testing.md). A value the
control cannot take is refused with a ValueError naming the control and its range or
step, never clamped or rounded silently, so a test never passes on a value it did not
set; a control the user cannot touch (disabled, read-only) is refused too. Every helper
that changes something returns only once the dashboard shows the result (`wait_idle`).
The routing table's helpers are in `gui.testing.routing`, re-exported here.
"""

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from gui.testing.guards import raises_unexpected_dialogs
from gui.testing.idle import wait_idle
from gui.testing.lookup import did_you_mean, names_under, object_named
from gui.testing.routing import read_effective_share, read_share, set_share
from gui.testing.setters import broken_promise, one_step, refuse_out_of_reach, setter_for
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
CONTROLS = "check box, combo box, spin box, slider, a slider's value box or line edit"


def find(window: QMainWindow, name: str) -> Any:
    """The widget called `name` in `window`, else its QAction, QTimer or other QObject of that name.

    Widgets come first, so a name a widget has finds the widget as it always did; the
    objectNames list also names actions and timers, and items drawn in a chart
    (`promiseLine0`), which hang from its scene, not from the window. Typed `Any`, not
    `QObject`, so a typed suite keeps calling a widget's methods on what it returns.
    LookupError if nothing in `window` has the name, with the names that come close.
    """
    found = object_named(window, name)
    if found is None:
        hint = did_you_mean(name, names_under(window))
        raise LookupError(f"no widget with objectName {name!r} (see docs/testing.md){hint}")
    return found


@raises_unexpected_dialogs
def set_control(window: QMainWindow, name: str, value: float | int | str | bool) -> None:
    """Set the control `name` as a user would and wait until the dashboard shows the result.

    Sliders take the value they display (8.5 on `scaleSlider` is 8.5x; 40 on
    `mfuSlider` is 40%); combo boxes take an item's text; check boxes a bool;
    spin boxes an int, double spin boxes a float; line edits a str (typed, then Return);
    a slider's value box (`scaleSliderValue`) a number or its text. A value the control
    cannot show (out of range, between its steps) is a ValueError, as is an edit the
    window refuses; a disabled or read-only control a RuntimeError saying why. On the
    kinds of control 0.1 set (sliders, spin boxes, check and combo boxes), a value between
    steps, a disabled control or a refused edit still does what 0.1 did, with a
    DeprecationWarning, until 0.3. Each call is one undo step of its own (none for a view
    setting such as `yearSlider`).
    """
    widget = find(window, name)
    setter = setter_for(widget)
    if setter is None:
        raise TypeError(
            f"{name} is a {type(widget).__name__}, not a control set_control knows ({CONTROLS})"
        )
    refuse_out_of_reach(name, widget)
    with one_step(window) as refused:
        setter(widget, name, value)
        wait_idle(window)
    if refused:
        broken_promise(widget, ValueError(f"{name}: {value!r} not applied: {' '.join(refused)}"))


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
        raise LookupError(_no_action(window, name))
    if not action.isEnabled():
        why = _why_action_disabled(action)
        raise RuntimeError(f"{name} is disabled right now" + (f": {why}" if why else ""))
    action.trigger()
    wait_idle(window)


def _why_action_disabled(action: QAction) -> str:
    """The action's tooltip when it says more than its title (Qt's default tooltip)."""

    def bare(text: str) -> str:
        return text.replace("&", "").replace("…", "").replace("...", "").strip()

    return action.toolTip() if bare(action.toolTip()) != bare(action.text()) else ""


def _no_action(window: QMainWindow, name: str) -> str:
    """Why `trigger` found no action `name`: the actions that come close, or what it is instead."""
    other = object_named(window, name)
    if other is not None:
        kind = type(other).__name__
        return f"no action with objectName {name!r}: it is a {kind}, not an action"
    actions = {a.objectName() for a in window.findChildren(QAction) if a.objectName()}
    return f"no action with objectName {name!r} (see docs/testing.md){did_you_mean(name, actions)}"
