"""A labeled slider by keyboard: one Tab stop, moving keys, a typed value, what it says aloud.

superqt's labeled sliders keep their value in Python, out of reach of QSlider's keys and of
Qt's accessible slider; these pieces give them both, and the panel's tab order its chain.
"""

import itertools
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget
from superqt import QLabeledDoubleSlider, QLabeledSlider

from core.numbers import typed_number

LabeledSlider = QLabeledSlider | QLabeledDoubleSlider
HOLD_PAUSE_MS = 1000  # no press this long ends a key hold (over any key repeat's first delay)
UNIT_WORDS = {  # a slider's unit as a screen reader says it
    "x": "times",
    "$k": "thousand dollars",
    "$/kWh": "dollars per kilowatt-hour",
    "%": "percent",
    "%/yr": "percent a year",
    "MW": "megawatts",
    "$B/yr": "billion dollars a year",
}


def tab_chain(stops: Iterable[QWidget]) -> None:
    """Tab visits `stops` in this order, Shift+Tab the reverse.

    Qt's setTabOrder ignores a widget that takes no focus at all (the chain would break
    there), so one (a KPI tile, today) is left out. A labeled slider is one stop: it moves
    with the slider and value box it holds (Qt's compound widget, `keyboard_ready`).
    """
    kept = [stop for stop in stops if stop.focusPolicy() != Qt.FocusPolicy.NoFocus]
    for before, after in itertools.pairwise(kept):
        QWidget.setTabOrder(before, after)


def keyboard_ready(slider: LabeledSlider, name: str) -> None:
    """One Tab stop on the slider (arrows, Page Up/Down, Home/End), the next on its value box.

    The labeled slider hands focus to its inner slider (its focus proxy), so Tab lands
    there and never on the wrapper. It keeps click focus rather than none: Qt's
    setTabOrder ignores a widget without focus, and then left the wrapper behind in the
    focus chain while its slider moved, where Tab found it again and went round a loop.
    With focus it moves as one with its slider and value box. The box takes focus only
    on a click in superqt: not operable by keyboard.
    """
    inner, box = slider._slider, slider._label  # superqt has no public accessor for its parts
    slider.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    slider.setFocusProxy(inner)
    inner.installEventFilter(SliderKeys(slider))
    inner.setAccessibleName(name)
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    box.setAccessibleName(f"{name}, value")


def speak_value(slider: LabeledSlider, unit: str) -> None:
    """The slider's accessible description is its value as shown, with its unit in words.

    Qt's accessible slider reads the C++ int value, which superqt never sets (0 on 0-99
    whatever the slider shows), and only a C++ interface could replace it: the description
    says the value instead ("4.0 times"). It follows every move, also one the panel makes
    with its signals blocked (the inner slider's still fire).
    """
    inner, box = slider._slider, slider._label  # superqt has no public accessor for its parts
    words = UNIT_WORDS.get(unit, unit)

    def say(*_value: object) -> None:
        shown = f"{slider.value():.{max(box.decimals(), 0)}f}"
        inner.setAccessibleDescription(f"{shown} {words}".strip())

    inner.valueChanged.connect(say)
    say()


class SliderKeys(QObject):
    """Arrow keys move a labeled slider one step, Page Up/Down ten, Home/End to its ends.

    superqt's sliders keep their value in Python, where QSlider's own key handling
    cannot reach it: without this, a focused slider ignores the keyboard. A key hold is
    one move, as a drag is: it ends (`sliderReleased`) when the key is let go, or after a
    pause when the release went elsewhere (focus moved mid-hold). Each press had been a
    step of its own: 40 undo steps for 1.3 s of a held arrow.
    """

    PAGE = 10  # steps per Page Up / Page Down

    def __init__(self, slider: LabeledSlider) -> None:
        super().__init__(slider)
        self._slider = slider
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(HOLD_PAUSE_MS)
        self.pause.timeout.connect(slider.sliderReleased.emit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Handle the moving keys; every other event goes on as usual."""
        if not isinstance(event, QKeyEvent) or (target := self._target(event)) is None:
            return False
        if event.type() == QEvent.Type.KeyPress:
            slider = self._slider
            slider.setValue(min(max(target, slider.minimum()), slider.maximum()))
            self.pause.start()
            return True
        # X11 repeats a hold as release-press pairs: only the last release is the key let go
        if event.type() == QEvent.Type.KeyRelease and not event.isAutoRepeat():
            self.pause.stop()
            self._slider.sliderReleased.emit()
        return False

    def _target(self, event: QKeyEvent) -> float | None:
        """Where the key moves the slider to; None for a key that does not move it."""
        slider, key = self._slider, Qt.Key
        step = float(slider.singleStep())  # type: ignore[no-untyped-call]
        moves = {
            key.Key_Right: step,
            key.Key_Up: step,
            key.Key_Left: -step,
            key.Key_Down: -step,
            key.Key_PageUp: self.PAGE * step,
            key.Key_PageDown: -self.PAGE * step,
        }
        pressed = Qt.Key(event.key())
        if pressed == key.Key_Home:
            return float(slider.minimum())
        if pressed == key.Key_End:
            return float(slider.maximum())
        return slider.value() + moves[pressed] if pressed in moves else None


class TypedValue(QObject):
    """A slider's value box reads a typed number by the app's one rule (`typed_number`).

    superqt's box had a QDoubleValidator: its fixup dropped the comma of "1,5" (read as
    15, a scale of 10x), its locale disagreed with the point the box shows (under a
    decimal comma "1.5" was refused), and its handler raised on "1,500". A number it
    cannot read, or one outside the slider, is refused by name through `refuse`, and the
    slider keeps its value. The box is named after the slider, which must be named first.

    A typed value is a move of its own (one undo step, never merged into the move before
    or after it), and Escape during an edit gives the box the slider's value back: the
    discarded number is never applied later, and the Escape goes no further (presentation
    mode stays).
    """

    def __init__(self, slider: LabeledSlider, name: str, refuse: Callable[[str], None]) -> None:
        super().__init__(slider)
        box = slider._label  # superqt has no public accessor for its value box
        box.setObjectName(f"{slider.objectName()}Value")  # `scaleSliderValue`, for testers
        self._slider, self._box, self._name, self._refuse = slider, box, name, refuse
        # No validator: every keystroke stays, what is typed is what is read (Qt takes none)
        box.setValidator(None)  # type: ignore[arg-type]
        box.editingFinished.disconnect(box._editing_finished)
        box.editingFinished.connect(self._read)
        box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape with an edit open restores the box; Qt asks first whether it is taken."""
        escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
        if not escape or not self._box.isModified():  # nothing typed: Escape leaves as usual
            return False
        if event.type() == QEvent.Type.ShortcutOverride:  # the box, not the window's Esc
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress:
            self._box.updateText()  # the slider's value again, and no longer modified
            return True
        return False

    def _read(self) -> None:
        """Set the slider to the typed number as the box shows it (to its decimals)."""
        box, slider = self._box, self._slider
        try:
            value = self._typed()
        except ValueError as error:
            box.updateText()  # the slider's value again
            self._refuse(f"{self._name}: {error}")
            return
        slider.sliderReleased.emit()  # a move still open ends before the typed value
        box.setValue(value)
        box.valueEdited.emit(value)
        slider.sliderReleased.emit()  # and the typed value is a step of its own

    def _typed(self) -> float:
        """The number typed, rounded as shown; ValueError naming it if the slider cannot take it.

        Never clamped: 15 typed on a 1-10 slider became 10 without a word.
        """
        box, decimals = self._box, max(self._box.decimals(), 0)
        value = round(typed_number(box.text()), decimals)
        low, high = self._slider.minimum(), self._slider.maximum()
        if not low <= value <= high:
            typed = box.text().strip()
            raise ValueError(f"{typed} is outside {low:.{decimals}f} to {high:.{decimals}f}")
        return value
