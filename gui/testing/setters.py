"""How `set_control` sets each kind of control: as a user would, refusing what a user could not.

A user cannot move a disabled control, type into a read-only one, or set a value the
control cannot show: a slider of one decimal shows 8.6, never 8.57, so 8.57 set on it
passed a test on a number the model never used. Each is refused by name, never rounded.
"""

import math
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from superqt import QLabeledDoubleSlider, QLabeledSlider

from core.numbers import typed_number
from gui.testing.moved import REMOVED_IN

Setter = Callable[[Any, str, object], None]
Typed = TypeVar("Typed", bool, int, float)
LABELED = (QLabeledDoubleSlider, QLabeledSlider)


def setter_for(widget: QWidget) -> Setter | None:
    """How to set `widget`, or None for a widget that is not a control set_control knows."""
    if value_box_slider(widget) is not None:
        return set_value_box
    for kind, setter in SETTERS:
        if isinstance(widget, kind):
            return setter
    return None


# Controls set_control took before 0.2: on them a call 0.1 made (a disabled control, a
# value between steps, an edit the window refuses) works in 0.2 with a DeprecationWarning
# and raises from 0.3; the kinds 0.2 added raise at once.
KNOWN_IN_0_1 = (QLabeledDoubleSlider, QLabeledSlider, QCheckBox, QComboBox)
KIT = Path(__file__).parent


def broken_promise(widget: QWidget, error: Exception) -> None:
    """Raise `error`, or on a control 0.1 set (`KNOWN_IN_0_1`, a QSpinBox) warn until 0.3.

    0.1 set a disabled control, rounded a value between steps and let a refused edit
    pass; a suite relying on it keeps working for this release, told what will raise.
    """
    if not isinstance(widget, KNOWN_IN_0_1) and type(widget) is not QSpinBox:
        raise error
    message = f"{error}; set_control does this until ScaleDeck {REMOVED_IN}, then raises"
    caller = sys._getframe(1)  # the suite's line: the first frame outside the kit
    while caller.f_back is not None and Path(caller.f_code.co_filename).parent == KIT:
        caller = caller.f_back
    warnings.warn_explicit(
        f"{message} {type(error).__name__}",
        DeprecationWarning,
        caller.f_code.co_filename,
        caller.f_lineno,
        module=caller.f_globals.get("__name__"),
        registry=caller.f_globals.setdefault("__warningregistry__", {}),
    )


def refuse_out_of_reach(name: str, widget: QWidget) -> None:
    """RuntimeError if a user could not change `widget` now: disabled (and why), or read-only."""
    if not widget.isEnabled():
        why = why_disabled(widget)
        said = f"{name} is disabled right now" + (f": {why}" if why else "")
        broken_promise(widget, RuntimeError(said))
    elif isinstance(widget, QLineEdit | QAbstractSpinBox) and widget.isReadOnly():
        raise RuntimeError(f"{name} is read-only")


def why_disabled(widget: QWidget) -> str:
    """The tooltip saying why: the control's own, else that of the part that disabled it."""
    part: QWidget | None = widget
    while part is not None:
        if part.toolTip():
            return part.toolTip()
        if part.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled) or part.isWindow():
            return ""  # disabled here, and nothing said why
        part = part.parentWidget()
    return ""


@contextmanager
def one_step(window: QWidget) -> Iterator[list[str]]:
    """Make the change inside one undo step of its own; yields the refusals the window said.

    A step still open (a drag, a spin box's merge) is closed before and after, so two
    set_control calls on one spin box are two steps, not one.
    """
    document = getattr(window, "document", None)
    refused: list[str] = []
    if document is None:
        yield refused
        return
    document.end_merge()
    document.editRejected.connect(refused.append)
    try:
        yield refused
    finally:
        document.editRejected.disconnect(refused.append)
        document.end_merge()


def set_check(box: QCheckBox, name: str, value: object) -> None:
    """Tick or untick: a bool."""
    box.setChecked(number(name, value, bool))


def set_combo(combo: QComboBox, name: str, value: object) -> None:
    """Pick an item by its text."""
    items = [combo.itemText(i) for i in range(combo.count())]
    if value not in items:
        raise ValueError(f"{name}: {value!r} is not one of {items}")
    combo.setCurrentText(str(value))


def set_spin(spin: QSpinBox, name: str, value: object) -> None:
    """Type a whole number and press Return."""
    whole = number(name, value, int)
    check_range(name, whole, spin.minimum(), spin.maximum())
    spin.setValue(whole)
    spin.editingFinished.emit()


def set_double_spin(spin: QDoubleSpinBox, name: str, value: object) -> None:
    """Type a number the box can show (to its decimals) and press Return."""
    typed = number(name, value, float)
    check_range(name, typed, spin.minimum(), spin.maximum())
    check_step(name, typed, spin.decimals())
    spin.setValue(typed)
    spin.editingFinished.emit()


def set_slider(slider: QLabeledDoubleSlider | QLabeledSlider, name: str, value: object) -> None:
    """Move to the value the slider displays, then let go: one undo step."""
    shown = number(name, value, float)
    check_range(name, shown, slider.minimum(), slider.maximum())
    decimals = slider.decimals() if isinstance(slider, QLabeledDoubleSlider) else 0
    try:
        check_step(name, shown, decimals)
    except ValueError as error:
        broken_promise(slider, error)
    slider.setValue(shown if decimals else round(shown))
    slider.sliderReleased.emit()  # one undo step, as when the mouse lets go


def set_value_box(box: QLineEdit, name: str, value: object) -> None:
    """Type a number (or its text, "1,500") into a slider's value box and press Return."""
    slider = value_box_slider(box)
    assert slider is not None  # setter_for picked this setter for a value box only
    if isinstance(value, str):
        try:
            shown = typed_number(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
    else:
        shown = number(name, value, float)
    check_range(name, shown, slider.minimum(), slider.maximum())
    decimals = max(box.decimals(), 0)  # type: ignore[attr-defined]  # superqt's SliderLabel
    check_step(name, shown, decimals)
    _type_text(box, value if isinstance(value, str) else f"{shown:.{decimals}f}")
    box.editingFinished.emit()


def set_line(edit: QLineEdit, name: str, value: object) -> None:
    """Type `value` over the text and press Return (returnPressed, editingFinished).

    The dialog's default button is not pressed: the signals are the line edit's own.
    """
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected a str (the text to type), got {value!r}")
    _type_text(edit, value)
    if edit.text() != value or not edit.hasAcceptableInput():
        raise ValueError(f"{name}: {value!r} is not text it accepts (it holds {edit.text()!r})")
    edit.returnPressed.emit()
    edit.editingFinished.emit()


def value_box_slider(widget: QWidget) -> QLabeledDoubleSlider | QLabeledSlider | None:
    """The labeled slider whose value box (`<slider>Value`) `widget` is, or None."""
    slider = widget.parentWidget()
    if isinstance(slider, LABELED) and getattr(slider, "_label", None) is widget:
        return slider
    return None


def number(name: str, value: object, kind: type[Typed]) -> Typed:
    """`value` as a `kind` (an int is a float too, a bool is never a number); else ValueError."""
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return kind(value)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise ValueError(f"{name}: expected a {kind.__name__}, got {value!r}")


def check_range(name: str, value: float, low: float, high: float) -> None:
    """ValueError naming the range when `value` is outside it: never clamped."""
    if not low <= value <= high:
        raise ValueError(f"{name}: {value:g} is outside its range {low:g} to {high:g}")


def check_step(name: str, value: float, decimals: int) -> None:
    """ValueError naming the step when the control would round `value` to show it."""
    if math.isclose(round(value, decimals), value, rel_tol=0.0, abs_tol=1e-9):
        return
    step = 10.0**-decimals
    below = math.floor(value / step) * step
    raise ValueError(
        f"{name}: {value!r} is between its steps of {step:g} "
        f"({below:.{decimals}f} and {below + step:.{decimals}f}); it is never rounded"
    )


def _type_text(edit: QLineEdit, text: str) -> None:
    """Replace the text as typing would (textEdited, the validator consulted)."""
    edit.selectAll()
    edit.insert(text)


SETTERS: tuple[tuple[type[QWidget] | tuple[type[QWidget], ...], Setter], ...] = (
    (QCheckBox, set_check),
    (QComboBox, set_combo),
    (QSpinBox, set_spin),
    (QDoubleSpinBox, set_double_spin),
    (LABELED, set_slider),
    (QLineEdit, set_line),
)
