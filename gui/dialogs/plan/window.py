"""Analysis > Recommend a plan…: GPUs to add per year, routing per year, Apply as a new variant.

The solve runs in a worker thread (`PlanJob`) with a progress bar and Cancel: the window
never waits on HiGHS, not even to cancel. Cancel lets the run go at once (the window is
usable again, the solve under way ends in the background, nothing it finds is shown), and
Run may start the next one meanwhile.

A run that finds no plan (refused, infeasible, cancelled) keeps the last complete run's
plan on screen, said to be that and not re-solved (`_ended`). Apply adds the plan the
message describes, once: it is off while the workbook holds that plan's variant.

The inputs scroll; the plan's numbers, then Run, Cancel, the progress, the message and
Apply sit under them and never do: on a 1280x720 projector the whole column scrolled,
and Apply and the message were out of sight below the window's bottom; then the numbers
scrolled with the inputs, and the compare table showed its first row alone.
"""

from PySide6.QtCore import QCoreApplication, Qt
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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import FunctionWorker, signals_blocked

import core
from core.plan.explain import explain_plan
from core.plan.solve import Plan
from core.units import percent_points
from gui.dialogs.plan.charts import BuildChart, PlanFrontier
from gui.dialogs.plan.heat_map import RoutingHeatMap
from gui.dialogs.plan.inputs import PlanInputs
from gui.dialogs.plan.job import PlanJob
from gui.dialogs.plan.solve import PlanRun, solving_words
from gui.dialogs.plan.summary import PlanSummary, reason_lines, robust_words
from gui.dialogs.plan.variant import variant_name
from gui.dialogs.plan.words import (
    ADDED_TIP,
    CANCELLED,
    GREETING,
    KEPT,
    KEPT_BEFORE,
    NO_PLAN_TIP,
    STALE_TEXT,
    STALE_TIP,
    frontier_words,
    headline,
    no_plan_words,
    plan_choices,
)
from gui.dialogs.stale import same_scenario, still_in
from gui.dialogs.widgets import fit_to_screen
from gui.document import ScenarioDocument

INPUTS_WIDTH = 440
WIDTH, HEIGHT = 1500, 900  # the window's size where the screen has room


class PlanWindow(QDialog):
    """Inputs and Run on the left with the numbers; build, frontier and routing on the right."""

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planWindow")
        self.setWindowTitle(f"Recommend a plan - {document.current}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: no threads left
        self._doc = document
        self.job: PlanJob | None = None  # the run under way
        self.run_result: PlanRun | None = None
        self.shown: Plan | None = None
        self._choices: list[tuple[str, Plan]] = []  # the plans the combo names
        self._auto_name = ""  # the name the edit was given after the plan on screen
        self._solved_for: core.Scenario | None = None  # the scenario of the plans on screen
        self._said = ""  # the message about the plan on screen, said again once not stale
        self._plan_words = ""  # the plan on screen and its cost, in words
        self._kept = ""  # why the plan on screen is the last complete run's, if a run failed
        self._apply_tip = NO_PLAN_TIP
        self._variant: core.Scenario | None = None  # what Apply adds for the plan on screen
        layout = QHBoxLayout(self)
        layout.addWidget(self._left(), 0)
        layout.addLayout(self._right(document.scenario), 1)
        fit_to_screen(self, WIDTH, HEIGHT)
        self.run_button.setFocus()  # it opened on the inputs' scroll area, which does nothing
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.apply_button.clicked.connect(self.apply)
        self.frontier.points.sigClicked.connect(
            lambda _item, spots, _event=None: self.select(spots[0].data())
        )
        self.shown_combo.currentIndexChanged.connect(self._on_shown_combo)
        document.bookChanged.connect(self._follow)  # a method: Qt drops it with the window
        app = QCoreApplication.instance()
        if app is not None:  # quitting with a run going lets it go: it stops before its next solve
            app.aboutToQuit.connect(self.cancel)

    def _left(self) -> QWidget:
        """The inputs, which scroll, over the plan's numbers and the run's controls, which don't."""
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        scroll = self._scrolled(left)
        left.setFixedWidth(scroll.width())
        self.summary = PlanSummary(left)
        self.summary.hide()  # nothing to compare before a plan: the inputs get the room
        # Room goes to the inputs first, then to the plan's lists; left over (before a run,
        # the summary hidden), to the gap above the controls, which keep their height.
        column.addWidget(scroll, 3)
        column.addWidget(self.summary, 1)
        column.addStretch(0)
        controls = self._controls(left)
        controls.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column.addWidget(controls)
        return left

    def _scrolled(self, parent: QWidget) -> QScrollArea:
        """The inputs alone: scrolled on a small screen, never taller than they are.

        The plan's numbers scrolled with them, and on a 1280x720 screen the compare table
        under the inputs showed its first row alone (squeezed, the column before that drew
        the table under the list below it).
        """
        scroll = QScrollArea(parent)
        scroll.setObjectName("planInputsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame, not a control: Tab skips it
        scroll.setFixedWidth(INPUTS_WIDTH + scroll.verticalScrollBar().sizeHint().width())
        self.inputs = PlanInputs(self._doc.scenario, scroll)
        self.inputs.setFixedWidth(INPUTS_WIDTH)
        scroll.setWidget(self.inputs)
        scroll.setMaximumHeight(self.inputs.sizeHint().height())  # room to spare: the lists'
        return scroll

    def _controls(self, parent: QWidget) -> QWidget:
        """Run and Cancel, the progress, the message, the name and Apply: always in sight."""
        controls = QWidget(parent)
        controls.setObjectName("planControls")
        self.run_button = _button("planRunButton", "Run", controls)
        self.cancel_button = _button("planCancelButton", "Cancel", controls)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(controls)
        self.progress.setObjectName("planProgress")
        self.message = QLabel(GREETING, controls)
        self.message.setObjectName("planMessage")
        self.message.setWordWrap(True)
        self.name = QLineEdit(controls)
        self.name.setObjectName("planNameEdit")
        self.name.setAccessibleName("Name of the new variant")
        self.name.setPlaceholderText("named after the plan on screen")
        self.name.setToolTip(
            'The new variant\'s name: after the plan on screen ("Plan: cost only", '
            '"Plan: frontier knee", ...) unless you type one; a taken name gets a number.'
        )
        self.apply_button = _button("planApplyButton", "Apply as new variant", controls)
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(NO_PLAN_TIP)
        column = QVBoxLayout(controls)
        column.setContentsMargins(0, 0, 0, 0)
        buttons, apply_row = QHBoxLayout(), QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        apply_row.addWidget(self.name, 1)
        apply_row.addWidget(self.apply_button)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.message)
        column.addLayout(apply_row)
        return controls

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
        self.routing = RoutingHeatMap(scenario, self)
        grid = QGridLayout()
        shown_row = QHBoxLayout()
        shown_row.addWidget(QLabel("Plan on screen:", self))
        shown_row.addWidget(self.shown_combo, 1)
        grid.addLayout(shown_row, 0, 0)
        grid.addWidget(self.frontier_message, 0, 1)
        grid.addWidget(self.build, 1, 0)
        grid.addWidget(self.frontier, 1, 1)
        grid.addWidget(self.routing, 2, 0, 1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        return grid

    @property
    def worker(self) -> FunctionWorker[PlanRun] | None:
        """The worker of the run under way; None when idle (testers wait on it)."""
        return None if self.job is None else self.job.worker

    def run(self) -> None:
        """Read the inputs (a bad one is said here) and solve in a worker thread."""
        if self.job is not None:
            return
        try:
            request = self.inputs.request(self._doc.scenario)
        except core.ScenarioError as error:
            self.message.setText("Not run: " + "; ".join(str(p) for p in error.problems))
            return
        self.progress.setValue(0)
        self.message.setText(solving_words(request))
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.job = PlanJob(self._doc.scenario, request)
        self.job.progressed.connect(self._on_progress)
        self.job.solved.connect(self._on_done)
        self.job.failed.connect(self._on_error)

    def cancel(self) -> None:
        """Let the run go: the window is usable at once, and the last complete run stays.

        The solve under way is not waited for (one HiGHS call over 2,000 robust draws took
        4-5 s, and Cancel used to wait up to 25 s for the run's next step): it ends in the
        background, the run stops before its next solve, and nothing it finds is shown.
        """
        if self.job is None:
            return
        self.job.let_go()
        self._idle()
        self.progress.setValue(0)
        self._ended(CANCELLED, KEPT)

    def _idle(self) -> None:
        """No run under way: Run on, Cancel off."""
        self.job = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(round(percent_points(fraction)))

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
        self.summary.show()
        run = self.run_result
        if run is not None and run.frontier is not None:
            self.frontier.pick(plan)
        recommended = run is not None and plan is run.recommended
        reasons = run.reasons if run is not None and recommended else explain_plan(plan, False)
        chosen = run.chosen if run is not None and recommended else f"{label}, chosen by you"
        self.summary.show_reasons(reason_lines(reasons, chosen, plan.build))
        self.routing.show_plan(plan)
        self._plan_words = f"{label}. {headline(plan)}"
        self._said = self._kept + self._plan_words
        self._apply_tip = (
            f"Add {label} as a new variant with the limits it was solved under (one undo step)."
        )
        try:
            self._variant = plan.saved_as(self._auto_name)
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
        if self.job is None:  # while solving, the message says so
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
        (`Plan.saved_as`), and is named after the plan unless a name was typed.
        """
        if self.shown is None or self.stale or self._added() is not None:
            return
        stem = self.name.text().strip() or self._auto_name
        try:
            variant = self.shown.saved_as(stem)
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

    def _on_done(self, scenario: core.Scenario, run: PlanRun) -> None:
        self._idle()
        self.run_result, self._solved_for, self._kept = run, scenario, ""
        frontier = run.frontier
        if frontier is not None:
            self.frontier.show_plans(
                frontier.external_share, frontier.pv_cost_usd, frontier.knee, run.plan
            )
        else:  # no points of a run before to click
            self.frontier.show_no_plan()
        self.frontier_message.setText(frontier_words(run))
        self.summary.robust.setText(robust_words(run))
        self._choices = choices = plan_choices(run)
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
        self._idle()
        if isinstance(error, core.ScenarioError):
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
        if self.shown is None:
            self.message.setText(f"{reason} No plan on screen: change the inputs and Run again.")
            return
        self._kept = f"{reason} {kept}"
        self._said = self._kept + self._plan_words
        self._mark()
        if self.stale:  # why this run ended, beside why the plan on screen is stale
            self.message.setText(f"{reason} {STALE_TEXT}")

    def done(self, result: int) -> None:
        """Closing lets a running solve go, without waiting for it (as Cancel does)."""
        if self.job is not None:
            self.job.let_go()
        super().done(result)


def _button(name: str, text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    return button
