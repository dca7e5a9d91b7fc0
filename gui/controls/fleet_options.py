"""The fleet's three on/off choices, under the Cluster sliders.

A scenario file could set them and the CLI could try them (`--set fleet.refresh=false`),
but the window could not: an executive asking "what if we kept the old GPUs running?"
needed a file edit. Each box is one undoable edit through the document, and says in
its tooltip what it changes (docs/model.md#F-fleet-ramp, #F-load-curve, #F-serving).
"""

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget
from superqt.utils import signals_blocked

import core
from gui.document import ScenarioDocument


@dataclass(frozen=True)
class Option:
    """One fleet field shown as a check box."""

    name: str  # objectName
    field: str  # `fleet.<field>`
    label: str
    tip: str


OPTIONS = (
    Option(
        "refreshCheck",
        "refresh",
        "Re-buy GPUs at end of life",
        "On: a cohort that reaches its amortization life is re-bought as the generation "
        "bought now (capex again, the newer GPU's speed and power). Off: it keeps running "
        "at no capital cost, on its old speed and power.",
    ),
    Option(
        "trainingInValleysCheck",
        "training_in_valleys",
        "Train in quiet hours",
        "On: in-house training fills the hours the fleet is idle below the busy hour "
        "before any GPU is bought for it. Off: training needs GPUs of its own beside the "
        "busy hour's inference.",
    ),
    Option(
        "wideExpertParallelCheck",
        "wide_expert_parallel",
        "Wide expert parallel",
        "On: a serving replica may span any number of scale-up domains over the scale-out "
        "network, as DeepSeek serves over 144 H800s. Off: at most two domains, or the "
        "fewest GPUs that hold the weights, as measured deployments run; more GPUs per "
        "token on 8-GPU nodes, none fewer.",
    ),
)


class FleetOptions(QWidget):
    """A check box per fleet on/off field, kept in step with the scenario on screen."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: list[QCheckBox] = []
        for option in OPTIONS:
            box = QCheckBox(option.label, self)
            box.setObjectName(option.name)
            box.setAccessibleName(option.label)
            box.setToolTip(option.tip)
            box.toggled.connect(lambda on, o=option: self._toggle(o, on))
            layout.addWidget(box)
            self.boxes.append(box)
        document.scenarioChanged.connect(self._sync)
        self._sync(document.scenario)

    def _toggle(self, option: Option, on: bool) -> None:
        text = f"{option.label}: {'on' if on else 'off'}"
        if not self._doc.edit({f"fleet.{option.field}": on}, text):
            self._sync(self._doc.scenario)  # refused (the document said why): show the file's

    def _sync(self, scenario: core.Scenario) -> None:
        for box, option in zip(self.boxes, OPTIONS, strict=True):
            on = bool(getattr(scenario.fleet, option.field))
            if box.isChecked() != on:  # setting an equal value still repaints
                with signals_blocked(box):
                    box.setChecked(on)
