"""Analysis > Recommend a plan…: GPUs to add per year, routing per year, Apply as a new variant.

The solve runs in a superqt worker (as the Analysis window's frontier and Monte Carlo)
with a progress bar and Cancel: the window never waits on HiGHS. Progress comes from
the worker thread through `Relay`'s signal (queued onto the GUI thread); Cancel sets an
event the progress callback reads, and the core stops with `Cancelled`. One HiGHS call
cannot be interrupted (scipy's linprog and milp take no callback): Cancel says it waits
for the current solve, and whatever the run returns after it is never shown.

A run that finds no plan (refused, infeasible, cancelled) keeps the last complete run's
plan on screen, said to be that and not re-solved (`_ended`). Apply adds the plan the
message describes, once: it is off while the workbook holds that plan's variant.
"""

import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import FunctionWorker, create_worker, signals_blocked

import core
from core.analysis.montecarlo import Cancelled
from core.plan.explain import explain_plan
from core.plan.frontier import ONE_POINT
from core.plan.solve import Plan
from core.units import cost_change, percent_points, usd
from gui.dialogs.plan.charts import BuildChart, PlanFrontier
from gui.dialogs.plan.heat_map import RoutingHeatModel
from gui.dialogs.plan.inputs import LIMITS, PlanInputs
from gui.dialogs.plan.locks import lock_mark
from gui.dialogs.plan.solve import PlanRun, solve_plan, solving_words
from gui.dialogs.plan.summary import PlanSummary, reason_lines, robust_words
from gui.dialogs.plan.variant import plan_variant, variant_name
from gui.dialogs.stale import same_scenario, still_in
from gui.dialogs.widgets import fit_to_screen
from gui.dialogs.workers import outlive_window
from gui.document import ScenarioDocument
from gui.views.tables.fitted import fit_columns

INPUTS_WIDTH = 440
WIDTH, HEIGHT = 1500, 900  # the window's size where the screen has room
ROUTING_TITLE = "Routing by year (% of the product's tokens):"
LOCKED_TITLE = "Routing by year (% of the product's tokens), locked:"
NO_PLAN_TIP = "No plan on screen: Run to get one."
STALE_TIP = "The scenario this plan was found for has changed since: Run again."
ADDED_TIP = (
    "This plan is in the workbook already, as {name!r} (Edit > Undo removes it): "
    "another Apply would add a copy."
)
CANCELLING = (
    "Cancelling after the current solve… (one solve cannot be interrupted; nothing it "
    "finds will be shown)"
)
CANCELLED = "Cancelled."
KEPT = "The plan shown is the last complete run's. "  # a run cancelled or stopped
KEPT_BEFORE = "The plan shown is the last complete run's, solved before this change. "
STALE_TEXT = (
    "The scenario changed after this run: the plans on screen answer the inputs as they "
    "were. Run again for the scenario now, or Undo the change."
)


class Relay(QObject):
    """Carries the worker thread's progress to the GUI thread (a queued signal)."""

    moved = Signal(float)


class PlanWindow(QDialog):
    """Inputs and Run on the left with the numbers; build, frontier and routing on the right."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planWindow")
        self.setWindowTitle(f"Recommend a plan - {document.current}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: no threads left
        self._doc = document
        self.worker: FunctionWorker[PlanRun] | None = None
        self.run_result: PlanRun | None = None
        self.shown: Plan | None = None
        self._choices: list[tuple[str, Plan]] = []  # the plans the combo names
        self._auto_name = ""  # the name the edit was given after the plan on screen
        self._solving: core.Scenario | None = None  # the scenario of the run under way
        self._solved_for: core.Scenario | None = None  # the scenario of the plans on screen
        self._said = ""  # the message about the plan on screen, said again once not stale
        self._plan_words = ""  # the plan on screen and its cost, in words
        self._kept = ""  # why the plan on screen is the last complete run's, if a run failed
        self._apply_tip = NO_PLAN_TIP
        self._variant: core.Scenario | None = None  # what Apply adds for the plan on screen
        self._cancel = threading.Event()
        self._relay = Relay(self)
        self._relay.moved.connect(lambda f: self.progress.setValue(round(percent_points(f))))
        scenario = document.scenario
        self._models = [m.name for m in scenario.models]
        layout = QHBoxLayout(self)
        layout.addWidget(self._left(), 0)
        layout.addLayout(self._right(scenario), 1)
        fit_to_screen(self, WIDTH, HEIGHT)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.apply_button.clicked.connect(self.apply)
        self.frontier.points.sigClicked.connect(
            lambda _item, spots, _event=None: self.select(spots[0].data())
        )
        self.product.currentTextChanged.connect(lambda _t: self._show_routing())
        self.shown_combo.currentIndexChanged.connect(self._on_shown_combo)
        document.bookChanged.connect(self._follow)  # a method: Qt drops it with the window
        app = QCoreApplication.instance()
        if app is not None:  # quitting with a run going stops it at its next step
            app.aboutToQuit.connect(self.cancel)

    def _left(self) -> QScrollArea:
        """Inputs, Run / Cancel, progress and message, the numbers, the name and Apply.

        In a scroll area: on a 1280x720 screen the column is taller than the window, and
        squeezed it drew the compare table under the list below it.
        """
        scroll = QScrollArea(self)
        scroll.setObjectName("planInputsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(INPUTS_WIDTH + scroll.verticalScrollBar().sizeHint().width())
        left = QWidget(scroll)
        left.setFixedWidth(INPUTS_WIDTH)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.inputs = PlanInputs(self._doc.scenario, left)
        self.run_button = _button("planRunButton", "Run", left)
        self.cancel_button = _button("planCancelButton", "Cancel", left)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(left)
        self.progress.setObjectName("planProgress")
        self.message = QLabel(
            "GPUs to add each year and where each product runs each year, the lowest present cost "
            "(+ λ × external share). Set the limits and press Run.",
            left,
        )
        self.message.setObjectName("planMessage")
        self.message.setWordWrap(True)
        self.summary = PlanSummary(left)
        self.name = QLineEdit(left)
        self.name.setObjectName("planNameEdit")
        self.name.setAccessibleName("Name of the new variant")
        self.name.setPlaceholderText("named after the plan on screen")
        self.name.setToolTip(
            'The new variant\'s name: after the plan on screen ("Plan: cost only", '
            '"Plan: frontier knee", ...) unless you type one; a taken name gets a number.'
        )
        self.apply_button = _button("planApplyButton", "Apply as new variant", left)
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(NO_PLAN_TIP)
        buttons, apply_row = QHBoxLayout(), QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        apply_row.addWidget(self.name, 1)
        apply_row.addWidget(self.apply_button)
        for part in (self.inputs, buttons, self.progress, self.message, self.summary, apply_row):
            if isinstance(part, QWidget):
                column.addWidget(part, 1 if part is self.summary else 0)
            else:
                column.addLayout(part)
        scroll.setWidget(left)
        return scroll

    def _right(self, scenario: core.Scenario) -> QGridLayout:
        """Build chart and frontier on top, the routing heat map of one product below."""
        self.shown_combo = QComboBox(self)
        self.shown_combo.setObjectName("planShownCombo")
        self.shown_combo.setAccessibleName("Plan on screen")
        # Its column widens to the longest plan's name rather than clipping it.
        self.shown_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.build = BuildChart(
            [g.name for g in scenario.gpu_catalog], list(scenario.horizon.years), self
        )
        self.frontier = PlanFrontier(self)
        self.frontier_message = QLabel("", self)
        self.frontier_message.setObjectName("planFrontierMessage")
        self.frontier_message.setWordWrap(True)
        self.product = QComboBox(self)
        self.product.setObjectName("planRoutingProduct")
        self.product.setAccessibleName("Product whose routing is shown")
        self.product.addItems([p.name for p in scenario.products])
        self.routing_model = RoutingHeatModel()
        self.routing = QTableView(self)
        self.routing.setObjectName("planRoutingTable")
        self.routing.setModel(self.routing_model)
        fit_columns(self.routing)
        grid = QGridLayout()
        shown_row = QHBoxLayout()
        shown_row.addWidget(QLabel("Plan on screen:", self))
        shown_row.addWidget(self.shown_combo, 1)
        grid.addLayout(shown_row, 0, 0)
        grid.addWidget(self.frontier_message, 0, 1)
        grid.addWidget(self.build, 1, 0)
        grid.addWidget(self.frontier, 1, 1)
        routing_row = QHBoxLayout()
        self.routing_lock = lock_mark(self)
        self.routing_lock.setObjectName("planRoutingLockIcon")
        self.routing_lock.hide()
        self.routing_label = QLabel(ROUTING_TITLE, self)
        self.routing_label.setObjectName("planRoutingProductLabel")
        routing_row.addWidget(self.routing_lock)
        routing_row.addWidget(self.routing_label)
        routing_row.addWidget(self.product, 1)
        grid.addLayout(routing_row, 2, 0, 1, 2)
        grid.addWidget(self.routing, 3, 0, 1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(3, 2)
        return grid

    def run(self) -> None:
        """Read the inputs (a bad one is said here) and solve in a worker thread."""
        if self.worker is not None:
            return
        try:
            request = self.inputs.request(self._doc.scenario)
        except core.ScenarioError as error:
            self.message.setText("Not run: " + "; ".join(str(p) for p in error.problems))
            return
        self._cancel = threading.Event()
        cancel, relay = self._cancel, self._relay

        def progress(fraction: float) -> bool:
            if cancel.is_set():  # the window may be closed (deleted): tell it nothing
                return False
            relay.moved.emit(fraction)
            return True

        self.progress.setValue(0)
        self.message.setText(solving_words(request))
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._solving = self._doc.scenario
        self.worker = create_worker(
            solve_plan,
            self._solving,
            request,
            progress,
            _connect={
                "returned": self._on_done,
                "errored": self._on_error,
                "finished": self._on_finished,
            },
        )
        outlive_window(self.worker)

    def cancel(self) -> None:
        """Stop the run at its next progress report (the last complete run stays).

        That is between frontier points, and between the solves of a robust plan (over
        2,000 draws, one HiGHS call took 5.5 s here): the message says so at once.
        """
        self._cancel.set()
        if self.worker is not None:
            self.cancel_button.setEnabled(False)
            self.message.setText(CANCELLING)

    def select(self, index: int) -> None:
        """Show the frontier's plan at point `index`."""
        if self.run_result is None or self.run_result.frontier is None:
            return
        self.show_plan(self.run_result.frontier.plans[index], f"Frontier point {index + 1}")

    def show_plan(self, plan: Plan, label: str) -> None:
        """Put `plan` on screen: build, routing, numbers, reasons, the message; Apply takes it.

        Every word on screen is about this plan: the message names it and its cost, and
        the reasons are its own (what would change it: the recommended plan's only).
        """
        self.shown = plan
        self._name_after(plan)
        self.build.show_plan(plan)
        self.summary.show_plan(plan)
        run = self.run_result
        if run is not None and run.frontier is not None:
            self.frontier.pick(plan)
        recommended = run is not None and plan is run.recommended
        reasons = run.reasons if run is not None and recommended else explain_plan(plan, False)
        chosen = run.chosen if run is not None and recommended else f"{label}, chosen by you"
        self.summary.show_reasons(reason_lines(reasons, chosen))
        self._show_routing()
        self._plan_words = f"{label}. {_headline(plan)}"
        self._said = self._kept + self._plan_words
        self._apply_tip = (
            f"Add {label} as a new variant with the limits it was solved under (one undo step)."
        )
        try:
            self._variant = plan_variant(plan, self._auto_name)
        except core.ScenarioError:  # Apply says why
            self._variant = None
        self._mark()

    @property
    def stale(self) -> bool:
        """The plans on screen were found for a scenario the workbook no longer holds."""
        found_for = self._solved_for
        return found_for is not None and not still_in(self._doc.book, found_for)

    def _follow(self, _book: core.Workbook) -> None:
        """A workbook change: the plans on screen may have gone stale (or fresh, after Undo)."""
        self._mark()

    def _mark(self) -> None:
        """Apply only a plan whose scenario is still as it was solved, and only once.

        Once applied, the workbook holds the plan's variant: Apply is off while it does
        (the stale rule's comparison, names aside), so a second press adds no copy, and
        Undo of the Apply, or an edit of that variant, makes it the plan's to add again.
        """
        if self.shown is None:
            return
        stale, added = self.stale, self._added()
        self.apply_button.setEnabled(not stale and added is None)
        tip = ADDED_TIP.format(name=added.name) if added is not None else self._apply_tip
        self.apply_button.setToolTip(STALE_TIP if stale else tip)
        if self._solving is None:  # while solving, the message says so
            self.message.setText(STALE_TEXT if stale else self._said)

    def _added(self) -> core.Scenario | None:
        """The workbook's scenario that is the plan on screen's variant (any name), if any."""
        variant = self._variant
        if variant is None:
            return None
        return next((s for s in self._doc.book.scenarios if same_scenario(variant, s)), None)

    def apply(self) -> None:
        """Add the plan on screen as a new variant and show it: one undo step.

        The variant keeps the power cap and capex budget the plan was solved under
        (`plan_variant`), and is named after the plan unless a name was typed.
        """
        if self.shown is None or self.stale or self._added() is not None:
            return
        stem = self.name.text().strip() or self._auto_name
        try:
            variant = plan_variant(self.shown, stem)
        except core.ScenarioError as error:
            self.message.setText("Not applied: " + "; ".join(str(p) for p in error.problems))
            return
        if self._doc.add_variant(variant, f"Apply plan as {stem}"):
            self._mark()
            added = self._doc.current
            self.message.setText(f"Added the variant {added!r}; Edit > Undo removes it.")

    def _name_after(self, plan: Plan) -> None:
        """The name edit follows the plan on screen, unless the user typed a name of their own."""
        name = variant_name(plan, self.run_result)
        if self.name.text().strip() in ("", self._auto_name):
            self.name.setText(name)
        self._auto_name = name

    def _on_done(self, run: PlanRun) -> None:
        if self._cancel.is_set():  # found after Cancel: never shown
            self._ended(CANCELLED, KEPT)
            return
        self.run_result, self._solved_for, self._solving = run, self._solving, None
        self._kept = ""
        choices = [(_recommended_label(run), run.recommended)]
        if run.plan is not run.recommended:
            choices.append((f"Plan at λ = {run.plan.risk_weight:g}", run.plan))
        if run.robust is not None:
            choices.append((f"Robust plan ({run.robust.draws:,} draws)", run.robust.plan))
        if run.frontier is not None:
            knee = run.frontier.knee
            if run.frontier.plans[knee] is not run.recommended:
                choices.append((f"Frontier knee (point {knee + 1})", run.frontier.plans[knee]))
            self.frontier.show_plans(
                run.frontier.external_share, run.frontier.pv_cost_usd, knee, run.plan
            )
            self.frontier_message.setText(
                f"{ONE_POINT[0].upper()}{ONE_POINT[1:]}."
                if run.frontier.flat
                else "Click a point to show its plan; the ring is the knee."
            )
        else:  # no points of a run before to click
            self.frontier.show_no_plan()
            self.frontier_message.setText(f"Frontier: {run.frontier_note}.")
        self.summary.robust.setText(robust_words(run))
        self._choices = choices
        with signals_blocked(self.shown_combo):
            self.shown_combo.clear()
            self.shown_combo.addItems([label for label, _plan in choices])
        self.show_plan(run.recommended, choices[0][0])
        self._said = "Done. " + self._said
        self._mark()

    def _on_shown_combo(self, index: int) -> None:
        if 0 <= index < len(self._choices):
            label, plan = self._choices[index]
            self.show_plan(plan, label)

    def _on_error(self, error: Exception) -> None:
        if self._cancel.is_set() or isinstance(error, Cancelled):  # a late error: cancelled
            self._ended(CANCELLED, KEPT)
        elif isinstance(error, core.ScenarioError):
            self._ended(no_plan_words(error.problems), KEPT_BEFORE)
        else:
            self._ended(f"Stopped: {error}.", KEPT)

    def _ended(self, reason: str, kept: str) -> None:
        """A run that found no plan: say why, and keep the last complete run's plan.

        A demanding user who mistypes a limit, asks the impossible or cancels must not lose
        the plan they had (clearing it left nothing but Run, and a long solve to repeat):
        it stays on screen, said to be the last complete run's, not re-solved for the
        inputs now, as it stands after inputs are edited without a Run. It is still sound
        for the scenario (the stale rule holds) and for the limits it carries into Apply.
        """
        self._solving = None
        if self.shown is None:
            self.message.setText(f"{reason} No plan on screen: change the inputs and Run again.")
            return
        self._kept = f"{reason} {kept}"
        self._said = self._kept + self._plan_words
        self._mark()
        if self.stale:  # why this run ended, beside why the plan on screen is stale
            self.message.setText(f"{reason} {STALE_TEXT}")

    def _on_finished(self) -> None:
        self.worker, self._solving = None, None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _show_routing(self) -> None:
        """The routing heat map of the product picked, a lock beside a locked product."""
        product = self.product.currentText()
        cells = self.shown.limits.locks.routing if self.shown is not None else {}
        locked = frozenset(year for name, year in cells if name == product)
        self.routing_lock.setVisible(bool(locked))
        self.routing_label.setText(LOCKED_TITLE if locked else ROUTING_TITLE)
        routing = self.shown.routing if self.shown is not None else {}
        self.routing_model.show(routing, product, self._models, locked)

    def done(self, result: int) -> None:
        """Closing cancels a running solve, without waiting for it.

        One HiGHS call can take seconds: the solve stops at its next step, and nothing it
        returns reaches this window.
        """
        if self.worker is not None:
            self._cancel.set()
            self.worker.quit()
        super().done(result)


def no_plan_words(problems: tuple[core.Problem, ...]) -> str:
    """Why no plan, a sentence a problem, leading with the limit in the inputs' own words.

    "No plan: min_in_house_share: no plan serves…" named a field and buried the point.
    """
    captions = {limit.field: limit.label.lower() for limit in LIMITS}
    said = []
    for problem in problems:
        why = problem.message
        if not why.startswith("no plan"):  # "the baseline fleet alone draws…"
            caption = captions.get(problem.path)
            why = f"no plan meets the {caption}: {why}" if caption else f"no plan: {why}"
        said.append(f"{why[0].upper()}{why[1:]}.")
    return " ".join(said)


def _button(name: str, text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    return button


def _recommended_label(run: PlanRun) -> str:
    """The combo's name of the recommended plan: how it was chosen, in short."""
    if run.frontier is not None and run.frontier.flat and run.recommended is run.frontier.plans[0]:
        return "Recommended: the frontier's one plan"
    if run.frontier is not None and run.recommended is run.frontier.plans[run.frontier.knee]:
        what = "frontier knee" if run.frontier.has_knee else "frontier's cheapest"
        return f"Recommended: {what} (point {run.frontier.knee + 1})"
    return f"Recommended: plan at λ = {run.plan.risk_weight:g}"


def _headline(plan: Plan) -> str:
    """The plan's present cost against the current scenario's, in one sentence.

    Dollars as the compare table below writes them ($5.35B): "$5.4B" beside "$5.35B" read
    as two figures.
    """
    now = plan.current_pv_cost_usd
    return (
        f"Present cost {usd(plan.pv_cost_usd)} against {usd(now)} now: "
        f"the plan {cost_change(plan.pv_cost_usd, now)}."
    )
