"""The plan window's locks: the generations the plan may buy, the products whose routing stays.

A lock is the meeting's decision and the plan never breaks it (core/plan/locks.py,
docs/model.md#F-plan-locks). Unchecking a generation takes it out of the build; checking
a product keeps its routing, every year, as the scenario on screen has it (the routing
heat map marks a locked product with a lock).
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

import core
from core.plan.locks import Locks, current_routing
from gui.style.appearance import appearance
from gui.style.icons import lock_icon

LIST_HEIGHT = 84
LOCK_PX = 16


def lock_mark(parent: QWidget) -> QLabel:
    """A padlock drawn in the theme's muted colour: no emoji font needed (icons.py)."""
    mark = QLabel(parent)
    mark.setPixmap(lock_icon(appearance().theme.muted).pixmap(LOCK_PX, LOCK_PX))
    mark.setAccessibleName("locked")
    return mark


def locks_caption(parent: QWidget) -> QWidget:
    """The form's "Locks" label with its padlock."""
    caption = QWidget(parent)
    row = QHBoxLayout(caption)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel("Locks", caption))
    row.addWidget(lock_mark(caption))
    row.addStretch(1)
    return caption


def _checklist(name: str, items: list[str], checked: bool, parent: QWidget) -> QListWidget:
    """A short list of checkable names."""
    box = QListWidget(parent)
    box.setObjectName(name)
    box.setMaximumHeight(LIST_HEIGHT)
    for text in items:
        item = QListWidgetItem(text, box)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return box


def checked(box: QListWidget) -> list[str]:
    """The names checked in `box`, in its order."""
    items = (box.item(i) for i in range(box.count()))
    return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]


class PlanLocks(QWidget):
    """Generations allowed (all checked) and products whose routing is locked (none)."""

    def __init__(self, scenario: core.Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        names = [g.name for g in scenario.gpu_catalog]
        self.generations = _checklist("planGenerationsList", names, True, self)
        self.generations.setAccessibleName("Generations the plan may buy")
        self.generations.setToolTip("The plan buys only the generations checked.")
        products = [p.name for p in scenario.products]
        self.routing = _checklist("planLockRoutingList", products, False, self)
        self.routing.setAccessibleName("Products whose routing is locked")
        self.routing.setToolTip("A checked product keeps its routing as it is now.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Each list says what its tick means: a tick lets the plan buy a generation but
        # holds a product's routing, and two bare lists read as the same kind of tick.
        for caption, name, box in (
            ("Generations it may buy:", "planGenerationsCaption", self.generations),
            ("Products whose routing stays:", "planLockRoutingCaption", self.routing),
        ):
            label = QLabel(caption, self)
            label.setObjectName(name)
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box)

    def locks(self, scenario: core.Scenario) -> Locks:
        """The locks as checked, read against `scenario` (its routing now)."""
        allowed = checked(self.generations)
        every = len(allowed) == self.generations.count()
        routing: dict[tuple[str, int], dict[str, float]] = {}
        for product in checked(self.routing):
            routing |= current_routing(scenario, product)
        return Locks(generations=None if every else tuple(allowed), routing=routing)
