"""Fill the fleet: the button beside Scale that puts traffic on the GPUs Scale adds.

One click moves partner traffic in-house, year by year, up to the target busy-hour
utilization, floors and promises kept (core.analysis.fill, docs/model.md#F-fill); the
edit is one undo step and the line under the button says what it did and what it could not.
"""

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

import core
from core.analysis.fill import Fill, fill_fleet
from core.summary.risks import years_text
from gui.document import ScenarioDocument

DEFAULT_TARGET_PERCENT = 85  # headroom under 100%: the busy hour still has room for a spike


class FillFleetRow(QWidget):
    """A target spin box, the Fill button and one line on what the last fill did."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.button = QPushButton("Fill fleet to", self)
        self.button.setObjectName("fillFleetButton")
        self.button.setAccessibleName("Fill the fleet")
        self.button.setToolTip(
            "Move partner traffic in-house, year by year, until the fleet is this busy at "
            "the busy hour. Only products with an in-house model that keeps their quality "
            "floor and latency promises move; one undo step (Ctrl+Z)."
        )
        self.target = QSpinBox(self)
        self.target.setObjectName("fillTargetSpin")
        self.target.setAccessibleName("Fill target, busy-hour utilization")
        self.target.setRange(10, 100)
        self.target.setSuffix("% busy")
        self.target.setValue(DEFAULT_TARGET_PERCENT)
        self.result = QLabel(self)
        self.result.setObjectName("fillFleetResult")
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.target, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.result.hide()
        self.button.clicked.connect(self.fill)

    def fill(self) -> None:
        """Fill the fleet of the scenario on screen and say what moved."""
        target = self.target.value() / 100.0
        try:
            fill = fill_fleet(self._doc.scenario, target)
        except core.ScenarioError as error:
            self._say(str(error))
            return
        if not any(share > 0 for share in fill.moved_share.values()):
            self._say(summary(fill, target))
            return
        if self._doc.edit(fill.changes, f"Fill fleet to {target:.0%}"):
            self._say(summary(fill, target))

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.result.setToolTip(text)
        self.result.show()
        self._fit_result()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The result's lines wrap anew at the row's new width."""
        super().resizeEvent(event)
        self._fit_result()

    def _fit_result(self) -> None:
        """Hold the result label at least as tall as its text wrapped at the row's width.

        The panel's form layout gave it its size hint's height (96 px at 1280x720, for
        128 px of wrapped lines): the first and last lines were cut.
        """
        if not self.result.isHidden():
            self.result.setMinimumHeight(self.result.heightForWidth(self.width()))


def summary(fill: Fill, target: float) -> str:
    """What a fill did, in one short paragraph: years moved, years full, products kept."""
    moved = [y for y, share in fill.moved_share.items() if share > 0]
    over = [y for y, u in fill.utilization.items() if fill.moved_share[y] == 0 and u > target]
    years = list(fill.moved_share)
    parts = [f"Moved traffic in-house {years_text(moved, years)}." if moved else "Nothing moved."]
    if over:
        parts.append(f"Already over {target:.0%} busy {years_text(over, years)}: add GPUs (Scale).")
    parts += [f"{product} stays with partners: {why}." for product, why in fill.kept.items()]
    return " ".join(parts)
