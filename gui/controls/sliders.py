"""The left panel: sliders and switches that edit the scenario, and the selected year."""

import itertools
import math
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider, QLabeledSlider
from superqt.utils import qthrottled, signals_blocked

import core
import core.scenario.schema
from core.scenario.edits import with_generation
from core.scenario.plan_edits import planned_by_generation
from core.scenario.schema import InHouseModel
from core.units import as_set, count
from gui.controls.fill_fleet import FillFleetRow
from gui.controls.fleet_options import FleetOptions
from gui.controls.keyboard import TypedValue, keyboard_ready, speak_value, tab_chain
from gui.controls.specs import SLIDERS, SliderSpec, explanation, generation_meaning
from gui.controls.steady import SteadyHeight
from gui.document import ScenarioDocument, Shown

FRAME_MS = 16  # at most one recompute per frame while dragging
GROUPS = ("Cluster", "Model mix", "Demand")


RAMP_SLIDERS = ("scaleSlider", "targetYearSlider")  # idle while a build plan sets the fleet
PLAN_OVERRIDES = (
    "Not used: this scenario's build plan sets the GPUs added each year "
    "(the Plan tab below edits it)."
)


KIND_WORDS = {"in_house": "in-house", "partner": "partner"}  # a model's kind, as said


def no_model_words(scenario: core.Scenario) -> str:
    """The tooltip of a slider with no model to set: the kind of model the scenario lacks."""
    kinds = {model.kind for model in scenario.models}
    lacking = " or ".join(words for kind, words in KIND_WORDS.items() if kind not in kinds)
    return f"Not used: this scenario has no {lacking} model for it to set."


def ramp_words(scenario: core.Scenario, results: core.Results) -> str:
    """The ramp's target in words and what the power cap holds it to.

    Or that a build plan replaces it (docs/model.md#F-build-plan).
    """
    fleet = scenario.fleet
    if scenario.build_plan is None:
        added = fleet.baseline_gpus * (fleet.scale - 1.0)
        bought = f"{count(added)} {fleet.gpu} added" if added >= 0.5 else "none added"
        words = f"{count(fleet.baseline_gpus + added)} GPUs in {fleet.target_year} ({bought})"
        year = scenario.headline_year  # the ramp's end, or the horizon's
        i = results.years.index(year)
        if results.yearly.held_back_gpus[i] >= 0.5:  # a target the site cannot power
            words += (
                f"; the {as_set(fleet.power_cap_mw or 0.0)} MW power cap holds "  # as set
                f"{count(results.yearly.gpus[i])} in {year}"
            )
        return words
    by_gpu = planned_by_generation(scenario)
    bought = ", ".join(f"{count(n)} {gpu}" for gpu, n in by_gpu.items()) or "none"
    # The plan's own generations are named: "Generation: H100" beside a plan that buys
    # only GB200 read as if it bought H100.
    return (
        f"A build plan sets the fleet ({count(sum(by_gpu.values()))} GPUs added over the "
        f"horizon: {bought}): scale and ramp target year are not used; Generation is what "
        f"the {fleet.baseline_gpu} baseline is re-bought as at its refresh"
    )


def object_name(prefix: str, name: str) -> str:
    """A stable objectName for a named widget: `group_Model_mix`, `modelEnabled_MAI_2`."""
    return f"{prefix}_{name_keys([name])[0]}"


def name_keys(names: list[str]) -> list[str]:
    """What ends each name's objectNames, in order: never empty, never one twice.

    A key is the name with each run of characters that are not letters or digits (of
    any script, as `str.isalnum` says) as one `_`, trimmed: "MAI-2" reads `MAI_2`,
    "Модель-1" `Модель_1` (letters outside ASCII were dropped, "小模型" left nothing).
    A name with no letter or digit reads as its code points (`U2605` for "★"). The
    first name to read as a key keeps it; a later one gets the first of `_2`, `_3`, ...
    not yet taken (`modelEnabled_MAI_2_2`), so keys follow the names' order.
    """
    bases = [re.sub(r"[\W_]+", "_", name).strip("_") for name in names]
    return numbered(
        [
            base or "_".join(f"U{ord(c):04X}" for c in name.strip()) or "unnamed"
            for base, name in zip(bases, names, strict=True)
        ]
    )


def numbered(bases: list[str]) -> list[str]:
    """Each key once: a key already taken gets the first of `_2`, `_3`, ... not yet taken."""
    taken: list[str] = []
    for base in bases:
        unique = base
        for number in itertools.count(2):
            if unique not in taken:
                break
            unique = f"{base}_{number}"
        taken.append(unique)
    return taken


def _show_decimals(slider: QLabeledDoubleSlider, decimals: int, value: float) -> None:
    """The value box shows a value its step rounds to 0 with the digits that tell it apart.

    A 0.4 MW power cap read "0" on a slider whose 0 means none, and a $4M capex budget
    "0.0" ($B): a set limit read as no limit.
    """
    box = slider._label  # superqt has no public accessor for its value box
    wanted = decimals
    if value != 0 and round(value, decimals) == 0:
        wanted = min(9, -math.floor(math.log10(abs(value))))
    if box.decimals() != wanted:
        box.setDecimals(wanted)
        box.setValue(slider.value())


class ControlPanel(QWidget):
    """Every input an executive moves; each edit goes through the document (undoable)."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controlPanel")
        self._doc = document
        self._source: str | None = None  # the slider whose own edit is being applied
        self._horizon: core.scenario.schema.Horizon | None = None
        self._model_rows: list[tuple[int, str]] = []
        self._model_inputs: list[tuple[QCheckBox, QSpinBox]] = []
        self._catalog: object = None  # the GPU catalog the generation combo lists
        self._sliders: dict[str, tuple[SliderSpec, QLabeledDoubleSlider]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        # The year first: what every tile and chart shows, in reach without scrolling.
        self.year = QLabeledSlider(Qt.Orientation.Horizontal, self)
        self.year.setObjectName("yearSlider")
        self.year.setAccessibleName("Selected year")
        self.year.setToolTip("The year shown by the KPI tiles and the single-year charts.")
        keyboard_ready(self.year, "Selected year")
        speak_value(self.year, "")
        TypedValue(self.year, "Selected year", document.editRejected.emit)
        self.year.valueChanged.connect(document.set_year)
        year_box = QGroupBox("YEAR", self)
        year_box.setObjectName("groupYear")
        QVBoxLayout(year_box).addWidget(self.year)
        layout.addWidget(year_box)
        groups = self._groups(layout)
        self.gpu_count = QLabel(self)
        self.gpu_count.setObjectName("gpuCountLabel")
        # The column is fixed-width: a new count must not re-lay out the panel each move
        # (SteadyHeight), and a narrow column (a scroll bar beside it) wraps the line.
        self.gpu_count.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.gpu_count.setWordWrap(True)
        self.generation = QComboBox(self)
        self.generation.setObjectName("generationCombo")
        self.generation.setAccessibleName("GPU generation")
        self.generation.setToolTip(generation_meaning(document.scenario))
        self.generation.currentTextChanged.connect(self._on_generation)
        self.fill_fleet = FillFleetRow(document, self)
        self.fleet_options = FleetOptions(document, self)
        for spec in SLIDERS:
            groups[spec.group].addRow(self._caption(spec), self._build_slider(spec))
            if spec.name == "scaleSlider":
                groups[spec.group].addRow(SteadyHeight(self.gpu_count, self))
                groups[spec.group].addRow("Generation", self.generation)
                groups[spec.group].addRow(self.fill_fleet)
        groups["Cluster"].addRow(self.fleet_options)
        self.models_box = QWidget(self)
        self.models_layout = QFormLayout(self.models_box)
        self.models_layout.setContentsMargins(0, 0, 0, 0)
        groups["Model mix"].addRow(self.models_box)
        layout.addStretch(1)
        self.gpu_count.setAccessibleName("Target GPU count")
        document.scenarioChanged.connect(self._sync)
        document.yearChanged.connect(self._sync_year)
        self._sync(document.scenario)
        self._sync_year(document.shown)

    def _groups(self, layout: QVBoxLayout) -> dict[str, QFormLayout]:
        """One titled box per group of inputs, in the panel's order."""
        groups: dict[str, QFormLayout] = {}
        for group in GROUPS:
            box = QGroupBox(group.upper(), self)
            box.setObjectName(object_name("group", group))
            groups[group] = QFormLayout(box)
            groups[group].setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            groups[group].setVerticalSpacing(2)
            layout.addWidget(box)
        return groups

    def tab_stops(self) -> list[QWidget]:
        """The panel's Tab stops top to bottom, as it reads (the model rows were added last).

        A labeled slider is one stop that holds two: its slider, then its value box.
        """
        stops: list[QWidget] = [self.year]
        for group in GROUPS:
            for spec in (s for s in SLIDERS if s.group == group):
                stops.append(self.slider(spec.name))
                if spec.name == "scaleSlider":
                    stops += [self.generation, self.fill_fleet.button, self.fill_fleet.target]
            if group == "Cluster":
                stops += self.fleet_options.boxes
            if group == "Model mix":
                rows = self.models_box.findChildren(QWidget)
                stops += [w for w in rows if isinstance(w, QCheckBox | QSpinBox)]
        return stops

    def slider(self, name: str) -> QLabeledDoubleSlider:
        """The slider with objectName `name`."""
        return self._sliders[name][1]

    def _caption(self, spec: SliderSpec) -> QLabel:
        label = QLabel(f"{spec.label} ({spec.unit})" if spec.unit else spec.label, self)
        label.setToolTip(explanation(spec, self._doc.scenario))
        return label

    def _build_slider(self, spec: SliderSpec) -> QLabeledDoubleSlider:
        slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal, self)
        slider.setObjectName(spec.name)
        slider.setAccessibleName(spec.label)
        keyboard_ready(slider, spec.label)
        TypedValue(slider, spec.label, self._doc.editRejected.emit)
        slider.setDecimals(spec.decimals)
        slider.setRange(spec.minimum, spec.maximum)
        # superqt annotates the proxy's step as int; its double slider takes the float
        slider.setSingleStep(10**-spec.decimals if spec.decimals else 1.0)  # type: ignore[arg-type]
        speak_value(slider, spec.unit)
        slider.setToolTip(explanation(spec, self._doc.scenario))
        apply = qthrottled(
            lambda value, spec=spec: self._apply(spec, value),
            timeout=FRAME_MS,
            leading=True,
            parent=self,
        )
        slider.valueChanged.connect(apply)
        # A move ends (mouse or key let go, a typed value): its last value is applied now,
        # not a frame later as a step of its own, then the next move starts a new step.
        slider.sliderReleased.connect(apply.flush)
        slider.sliderReleased.connect(self._doc.end_merge)
        self._sliders[spec.name] = (spec, slider)
        return slider

    def _apply(self, spec: SliderSpec, display_value: float) -> None:
        """Apply the value the slider shows, not the one between its steps.

        A mouse drag lands on 9.5055 while the slider shows 9.5; every number on screen
        must agree with the one the model uses.
        """
        shown = round(display_value, spec.decimals)
        value = round(shown / spec.factor, 9)
        if spec.decimals == 0 and spec.factor == 1.0:
            value = round(value)
        self._source = spec.name
        try:
            self._doc.edit(
                spec.write(self._doc.scenario, value),
                f"{spec.label}: {shown:g}",
                merge_key=spec.name,
            )
        finally:
            self._source = None

    def _on_generation(self, gpu: str) -> None:
        if gpu and gpu != self._doc.scenario.fleet.gpu:
            self._doc.replace(with_generation(self._doc.scenario, gpu), f"Generation: {gpu}")

    def _sync(self, scenario: core.Scenario) -> None:
        if scenario.horizon != self._horizon:
            self._sync_horizon(scenario.horizon)
        for name, (spec, slider) in self._sliders.items():
            if name != self._source:  # never fight the user's drag with a value a frame old
                self._sync_slider(spec, slider, scenario)
        with signals_blocked(self.generation):
            if scenario.gpu_catalog is not self._catalog:  # edits share unchanged tables
                self._catalog = scenario.gpu_catalog
                names = [g.name for g in scenario.gpu_catalog]
                if [self.generation.itemText(i) for i in range(self.generation.count())] != names:
                    self.generation.clear()
                    self.generation.addItems(names)
            self.generation.setCurrentText(scenario.fleet.gpu)
            tip = generation_meaning(scenario)  # a build plan changes what the choice sets
            if self.generation.toolTip() != tip:
                self.generation.setToolTip(tip)
        self._sync_models(scenario)
        self.gpu_count.setText(ramp_words(scenario, self._doc.results))
        planned = scenario.build_plan is not None
        for name in RAMP_SLIDERS:
            spec, slider = self._sliders[name]
            if slider.isEnabled() == planned:  # only when a plan comes or goes
                slider.setEnabled(not planned)
                slider.setToolTip(PLAN_OVERRIDES if planned else explanation(spec, scenario))
                font = self.gpu_count.font()
                font.setBold(planned)  # the override is news: it must be seen
                self.gpu_count.setFont(font)

    def _sync_slider(
        self, spec: SliderSpec, slider: QLabeledDoubleSlider, scenario: core.Scenario
    ) -> None:
        """Show the scenario's value; with nothing to set, stand idle and say why.

        A file of partners only (or in-house models only) is valid: its MFU (or partner
        price change) slider has no model to read or write (`each_model` reads NaN). Its
        value box says "—": its minimum, greyed, read as a value set.
        """
        value = spec.read(scenario) * spec.factor
        idle = math.isnan(value)
        if idle == slider.isEnabledTo(self) and spec.name not in RAMP_SLIDERS:  # on a change
            slider.setEnabled(not idle)
            slider.setToolTip(no_model_words(scenario) if idle else explanation(spec, scenario))
            box = slider._label  # superqt has no public accessor for its value box
            if idle:
                box.setText("—")  # kept: superqt writes the box only on a new value or range
            else:
                box.setValue(slider.value())  # the number again
        if not idle and abs(slider.value() - value) > 1e-9:  # setting one costs a repaint
            with signals_blocked(slider):
                slider.setValue(value)
        if not idle:
            _show_decimals(slider, spec.decimals, value)

    def _sync_horizon(self, horizon: core.scenario.schema.Horizon) -> None:
        """Year ranges follow the horizon; set before values so nothing is clamped."""
        self._horizon = horizon
        target = self.slider("targetYearSlider")
        with signals_blocked(self.year), signals_blocked(target):
            self.year.setRange(horizon.start_year, horizon.end_year)
            target.setRange(horizon.start_year, horizon.end_year + 5)

    def _sync_year(self, shown: Shown) -> None:
        with signals_blocked(self.year):
            self.year.setValue(shown.year)

    def _sync_models(self, scenario: core.Scenario) -> None:
        """One row per in-house model: on/off and first serving year."""
        in_house = [(i, m) for i, m in enumerate(scenario.models) if isinstance(m, InHouseModel)]
        rows = [(i, m.name) for i, m in in_house]
        if rows != self._model_rows:  # the rows' handlers hold each model's index and name
            self._model_rows = rows
            while self.models_layout.rowCount():
                self.models_layout.removeRow(0)
            keys = name_keys([name for _i, name in rows])
            self._model_inputs = [
                self._model_row(i, name, key) for (i, name), key in zip(rows, keys, strict=True)
            ]
            tab_chain(self.tab_stops())
        for (check, spin), (_i, model) in zip(self._model_inputs, in_house, strict=True):
            with signals_blocked(check), signals_blocked(spin):  # setting equal values repaints
                if check.isChecked() != model.enabled:
                    check.setChecked(model.enabled)
                if spin.value() != model.available_from:
                    spin.setValue(model.available_from)
            _mark_late(spin, model)

    def _model_row(self, index: int, name: str, key: str) -> tuple[QCheckBox, QSpinBox]:
        """Add the row of in-house model `name`: its on/off box and first serving year.

        `key` ends its objectNames (`modelEnabled_MAI_2`), unique among the rows (`name_keys`).
        """
        row = QWidget(self.models_box)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        check = QCheckBox(name, row)
        check.setObjectName(f"modelEnabled_{key}")
        # A long name is cut at the column's edge, never widens the column past its
        # width (it scrolled sideways 5 px with "MAI-1-preview"); the tooltip has it whole.
        check.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        check.setAccessibleName(f"{name} on")
        check.setToolTip(
            f"Use {name}: off sends its traffic down each product's fallback chain "
            f"and cancels its training run."
        )
        check.toggled.connect(
            lambda on, i=index, n=name: self._doc.edit(
                {f"models[{i}].enabled": on}, f"{n} {'on' if on else 'off'}"
            )
        )
        spin = QSpinBox(row)
        spin.setObjectName(f"modelFromYear_{key}")
        spin.setAccessibleName(f"{name} first serving year")
        spin.setRange(2000, 2100)
        spin.valueChanged.connect(
            lambda year, i=index, n=name: self._doc.edit(
                {f"models[{i}].available_from": year}, f"{n} from {year}", merge_key=f"from{i}"
            )
        )
        layout.addWidget(check, 1)
        layout.addWidget(spin)
        self.models_layout.addRow(row)
        return check, spin


def _mark_late(spin: QSpinBox, model: InHouseModel) -> None:
    """The first serving year as set; a warning sign and why when the model serves later.

    Before its training year is refused (core.scenario.checks); in it, the model serves from
    the next year (docs/model.md#F-serving-year), as evaluate's flags and validate say.
    """
    late = model.late_words
    prefix = "from " if late is None else "⚠ from "
    if spin.prefix() != prefix:  # a new prefix re-lays out the column: on every edit, it did
        spin.setPrefix(prefix)
    rule = f"First year {model.name} serves traffic, from the year after its training run."
    spin.setToolTip(rule if late is None else f"{late}.\n{rule}")
