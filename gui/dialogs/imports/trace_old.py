"""0.1's trace-preview options, kept hidden until 0.3 for suites that set them.

0.1's preview had a peak window (`traceWindowSpin`, seconds) and "set tokens per year from
the trace" (`traceVolumeCheck`); 0.2 takes the peak from the busy hour (one-hour windows,
docs/model.md#imports) and makes every change a row the user ticks. A suite that sets
them finds them, is told by a DeprecationWarning what they do now: the check box ticks
or unticks the tokens-per-year row; the window is not used.
"""

import warnings
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QTableWidget, QWidget

VOLUME_FIELD = "tokens_per_year"


def add_old_options(dialog: QWidget, table: QTableWidget, fields: Callable[[], list[str]]) -> None:
    """Hidden stand-ins of 0.1's two options on `dialog`; `fields` lists the table's rows."""
    window = QDoubleSpinBox(dialog)
    window.setObjectName("traceWindowSpin")
    window.setRange(1.0, 86_400.0)
    window.setValue(3_600.0)
    window.hide()
    window.valueChanged.connect(
        lambda _value: _warn(
            "traceWindowSpin", "the peak comes from the busy hour (one-hour windows); ignored"
        )
    )
    volume = QCheckBox(dialog)
    volume.setObjectName("traceVolumeCheck")
    volume.hide()

    def tick_volume(on: bool) -> None:
        _warn("traceVolumeCheck", "tick the tokens-per-year row of tracePreviewTable")
        if VOLUME_FIELD in fields():
            item = table.item(fields().index(VOLUME_FIELD), 0)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    volume.toggled.connect(tick_volume)


def _warn(name: str, now: str) -> None:
    warnings.warn(
        f"{name} is deprecated and will be removed in ScaleDeck 0.3: {now}",
        DeprecationWarning,
        stacklevel=2,
    )
