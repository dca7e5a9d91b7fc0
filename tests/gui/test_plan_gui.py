"""Analysis > Recommend a plan… and the dashboard's Plan tab (docs/user-guide.md, "The plan window")."""

import re
import threading
import time
from dataclasses import replace
from types import SimpleNamespace

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
)

import core
from core.plan.robust import MAX_ROBUST_DRAWS
from core.plan.solve import recommend_plan
from core.scenario.edits import with_changes
from gui.controls.sliders import PLAN_OVERRIDES
from gui.controls.specs import generation_meaning
from gui.dialogs.plan import solve
from gui.dialogs.plan.words import no_plan_words

COST_ONLY = "Plan: cost only"  # the variant's name: the plan at λ = 0, no frontier asked for
PLANNED = [
    {"year": 2028, "gpu": "B200", "gpus": 5_000},
    {"year": 2029, "gpu": "B200", "gpus": 50_000},
]


@pytest.fixture
def window(scaledeck_window):
    return scaledeck_window  # the default scenario, 1600x1000, closed without prompts


@pytest.fixture
def plan_window(window):
    window.findChild(QAction, "planAction").trigger()
    dialog = window.dialogs.current("planWindow")
    assert dialog is not None
    assert dialog.objectName() == "planWindow"
    dialog.inputs.frontier_points.setValue(0)  # the deterministic plan alone: ~0.04 s
    yield dialog
    dialog.close()


def run_and_wait(qtbot, dialog) -> None:
    dialog.findChild(QPushButton, "planRunButton").click()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)


def test_apply_adds_the_plan_as_a_variant_in_one_undo_step(qtbot, window, plan_window):
    run_and_wait(qtbot, plan_window)
    plan = plan_window.run_result.plan
    assert plan_window.progress.value() == 100
    assert plan_window.summary.table.item(0, 0).text() == "Present cost"
    listed = [plan_window.summary.binding.item(i).text() for i in range(len(plan.binding))]
    assert listed == list(plan.binding)  # each binding limit in words (or "none: ..." alone)
    assert plan_window.summary.binding.count() == max(1, len(plan.binding)) + len(
        plan.current_breaks
    )
    assert plan_window.routing.model.rowCount() == len(plan.build)  # one row per year
    doc, steps = window.document, window.document.undo_stack.count()
    plan_window.findChild(QPushButton, "planApplyButton").click()
    assert doc.current == COST_ONLY
    assert doc.book.names == ["Baseline", COST_ONLY]
    assert doc.scenario.build_plan == plan.scenario.build_plan
    assert doc.scenario.routing_by_year == plan.scenario.routing_by_year
    assert doc.undo_stack.count() == steps + 1
    assert window.scenario_bar.combo.currentText() == COST_ONLY  # the document shows it
    assert doc.results.pv_cost_usd == pytest.approx(plan.pv_cost_usd, rel=1e-9)
    plan_window.apply_button.click()  # applied already: no copy
    assert doc.book.names == ["Baseline", COST_ONLY]
    doc.undo_stack.undo()
    plan_window.findChild(QLineEdit, "planNameEdit").setText("Build B200")
    plan_window.apply_button.click()
    assert doc.current == "Build B200"
    doc.undo_stack.undo()
    assert doc.book.names == ["Baseline"]
    assert doc.current == "Baseline"


def test_the_plan_table_s_change_is_the_difference_of_the_figures_beside_it(qtbot, plan_window):
    """The default plan read "84% → 38%: -45 pts" and "65.5 → 27.7: -37.9"."""
    run_and_wait(qtbot, plan_window)
    table = plan_window.summary.table
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2, 3)]
        for r in range(table.rowCount())
    }
    assert rows["External share (mean)"] == ["84%", "38%", "-46 pts"]
    assert rows["Risk index (mean)"] == ["65.5", "27.7", "-37.8"]
    for now, planned, change in rows.values():
        figures = [float(re.sub(r"[^\d.+-]", "", t)) for t in (now, planned, change)]
        assert figures[1] - figures[0] == pytest.approx(figures[2]), (now, planned, change)


def test_a_plan_s_cost_change_is_the_difference_of_the_costs_as_written():
    """$22.62B against $16.18B read "-$6.45B" (from $22.6248B and $16.1798B)."""
    from gui.dialogs.plan.summary import usd_change

    assert usd_change(16.1798e9, 22.6248e9) == "-$6.44B"
    assert usd_change(1.15e9, 1.0e9) == "+$0.15B"


def test_the_solve_runs_off_the_gui_thread_while_the_loop_ticks(qtbot, monkeypatch, plan_window):
    threads, ticks = [], []

    def slow_solve(*args):
        threads.append(threading.get_ident())
        time.sleep(0.3)  # a long solve: the GUI must keep ticking meanwhile
        return solve.solve_plan(*args)

    monkeypatch.setattr("gui.dialogs.plan.job.solve_plan", slow_solve)
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    try:
        run_and_wait(qtbot, plan_window)
    finally:
        heartbeat.stop()
    assert threads
    assert threads[0] != threading.get_ident()
    assert len(ticks) > 10  # the event loop ran during the solve (gaps: benchmarks/bench_plan)
    assert plan_window.run_result is not None


def test_cancel_stops_the_run_and_keeps_the_last_one(qtbot, monkeypatch, plan_window):
    run_and_wait(qtbot, plan_window)
    first = plan_window.run_result

    def slow_plan(*args, **kwargs):
        time.sleep(0.2)  # Cancel is pressed while this runs
        return recommend_plan(*args, **kwargs)

    monkeypatch.setattr(solve, "recommend_plan", slow_plan)
    plan_window.run()
    assert plan_window.worker is not None
    plan_window.findChild(QPushButton, "planCancelButton").click()
    qtbot.waitUntil(lambda: plan_window.worker is None, timeout=30_000)
    assert "Cancelled" in plan_window.message.text()
    assert plan_window.run_result is first
    assert plan_window.run_button.isEnabled()


HELD_SEED = 7  # a run asked with this seed is held (the seed means nothing without draws)


def _held_run(monkeypatch, release: threading.Event, late: object) -> None:
    """A run with HELD_SEED waits for `release`, as one long HiGHS call does, then returns
    `late` (or raises it: no plan), never asking whether it was cancelled; others solve.
    Told apart by their inputs, not their order: the pool may start two runs at once."""

    def held(scenario, request, progress):
        if request.seed != HELD_SEED:
            return solve.solve_plan(scenario, request, progress)
        release.wait(30)
        if isinstance(late, Exception):
            raise late
        return late

    monkeypatch.setattr("gui.dialogs.plan.job.solve_plan", held)


@pytest.mark.parametrize("no_plan", [False, True])
def test_cancel_gives_the_window_back_at_once_and_never_shows_the_late_answer(
    qtbot, monkeypatch, plan_window, no_plan
):
    """Cancel waited for the solve under way (14 s over 2,000 robust draws), saying
    "Cancelling after the current solve…" with Run off. Now the window is usable at once,
    a new Run works while the abandoned solve still runs, and what that solve finds (a
    plan, or no plan) never shows, even when it ends after the new run's answer."""
    run_and_wait(qtbot, plan_window)
    first = plan_window.run_result
    release = threading.Event()
    no = core.ScenarioError([core.Problem("min_in_house_share", "no plan serves it")])
    _held_run(monkeypatch, release, no if no_plan else replace(first, chosen="late"))
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(threads, 2))  # the new run beside the abandoned one
    try:
        plan_window.inputs.seed.setValue(HELD_SEED)
        plan_window.run()
        plan_window.cancel_button.click()
        assert plan_window.worker is None  # not waiting for the solve
        assert plan_window.run_button.isEnabled()
        assert not plan_window.cancel_button.isEnabled()
        assert plan_window.progress.value() == 0
        assert plan_window.message.text().startswith(
            "Cancelled. The plan shown is the last complete run's. Recommended"
        )
        assert plan_window.run_result is first
        plan_window.inputs.seed.setValue(0)
        run_and_wait(qtbot, plan_window)  # the abandoned solve is still held
        second = plan_window.run_result
        assert second is not first
        release.set()
        assert pool.waitForDone(30_000)
        qtbot.wait(50)  # whatever the abandoned run sent is delivered by now
    finally:
        release.set()
        pool.setMaxThreadCount(threads)
    assert plan_window.run_result is second
    assert plan_window.message.text().startswith("Done. ")


def test_robust_draws_stop_at_the_cores_limit_checked_before_any_solve(monkeypatch, plan_window):
    """The spin took 10,000 draws, the core 2,000, checked after the frontier (17 s)."""
    assert plan_window.inputs.draws.maximum() == MAX_ROBUST_DRAWS
    solved = []
    monkeypatch.setattr(solve, "recommend_plan", lambda *a, **k: solved.append(a))
    request = replace(plan_window.inputs.request(plan_window._doc.scenario), draws=2_001)
    with pytest.raises(core.ScenarioError, match="draws: 2001 must be between 1 and 2,000"):
        solve.solve_plan(plan_window._doc.scenario, request, lambda _f: True)
    assert solved == []


def test_a_bad_limit_is_said_in_one_line_before_any_thread_starts(qtbot, plan_window):
    power = plan_window.findChild(QLineEdit, "planPowerCapMwEdit")
    power.setText("abc")
    plan_window.run()
    assert plan_window.worker is None
    assert plan_window.message.text() == "Not run: Power cap: 'abc' is not a number"
    power.setText("")
    plan_window.findChild(QLineEdit, "planMaxProviderShareEdit").setText("150")
    plan_window.run()
    assert plan_window.message.text() == (
        "Not run: Max provider share: 150 % must be between 0 and 100"
    )
    plan_window.findChild(QLineEdit, "planMaxProviderShareEdit").setText("")
    power.setText("1e308")  # bounded as a scenario's cap is: it overflowed the LP's rows
    plan_window.run()
    assert plan_window.message.text() == (
        "Not run: Power cap: 1e308 MW must be above 0 and at most 100,000"
    )
    power.setText("1")  # below the baseline fleet's own draw: no plan can meet it
    run_and_wait(qtbot, plan_window)
    assert plan_window.message.text().startswith("No plan meets the power cap: the baseline fleet")


def test_no_plan_is_said_in_the_limits_words_not_their_field_names():
    """'No plan: min_in_house_share: no plan serves…': a field name, the point buried."""
    problems = (
        core.Problem("min_in_house_share", "no plan serves 100.0% of tokens in house every year"),
        core.Problem("capex_budget_usd", "the baseline fleet alone needs $9 of capex cash"),
        core.Problem("routing", "the locked routing cannot be kept"),
    )
    assert no_plan_words(problems) == (
        "No plan serves 100.0% of tokens in house every year. "
        "No plan meets the capex budget: the baseline fleet alone needs $9 of capex cash. "
        "No plan: the locked routing cannot be kept."
    )


def test_frontier_and_robust_are_wired_to_their_signatures(qtbot, monkeypatch, plan_window):
    """Stand-ins with the core's signatures: the window plots, rings the knee, shows a point."""
    scenario = plan_window._doc.scenario
    plans = [recommend_plan(scenario, risk_weight=w) for w in (0.5, 0.05, 0.0)]
    calls = []

    def plan_frontier(scenario, points=20, limits=None, progress=None):
        calls.append(points)
        assert progress(0.5)
        assert progress(1.0)
        return SimpleNamespace(
            external_share=[p.external_share for p in plans],
            pv_cost_usd=[p.pv_cost_usd for p in plans],
            plans=plans,
            knee=1,
            flat=False,
            has_knee=True,
        )

    def robust_plan(scenario, draws, seed, beta=1.0, risk_weight=0.0, limits=None, progress=None):
        npv = (1e10, 2e10, 3e10)
        return SimpleNamespace(plan=plans[2], draws=draws, seed=seed, pv_cost_p10_usd=npv[0],
                               pv_cost_p50_usd=npv[1], pv_cost_p90_usd=npv[2], current_pv_cost_p10_usd=npv[0],
                               current_pv_cost_p50_usd=npv[1], current_pv_cost_p90_usd=npv[2])  # fmt: skip

    monkeypatch.setattr(solve, "plan_frontier", plan_frontier)
    monkeypatch.setattr(solve, "robust_plan", robust_plan)
    plan_window.inputs.frontier_points.setValue(3)
    plan_window.inputs.draws.setValue(50)
    run_and_wait(qtbot, plan_window)
    assert calls == [3]
    assert "50 draws (seed 0)" in plan_window.summary.robust.text()
    assert plan_window.shown_combo.count() == 3  # plan at lambda, robust, knee
    assert plan_window.frontier.knee.data["x"][0] == pytest.approx(plans[1].external_share * 100)
    plan_window.select(0)
    assert plan_window.shown is plans[0]


def test_a_real_frontier_is_drawn_and_a_point_shows_its_plan(qtbot, window, plan_window):
    window.document.edit({"levers.price_shock": 0.3}, "partners at 0.3x")  # a real trade-off
    plan_window.inputs.frontier_points.setValue(3)
    run_and_wait(qtbot, plan_window)
    frontier = plan_window.run_result.frontier
    assert len(frontier.plans) == 3
    assert len(plan_window.frontier.points.data) == 3
    knee = frontier.knee
    assert plan_window.frontier.knee.data["x"][0] == pytest.approx(
        frontier.external_share[knee] * 100
    )
    plan_window.select(0)
    assert plan_window.shown is frontier.plans[0]
    assert plan_window.frontier_message.text().startswith("Click a point")


def test_plan_tab_edits_a_cell_as_one_undo_step(qtbot, window):
    doc, page = window.document, window.tables.plan_page
    window.tables.setCurrentWidget(page)
    model = page.model
    assert page.summary.full_text.startswith("No build plan")
    assert not model.flags(model.index(0, 0)) & model.flags(model.index(0, 0)).ItemIsEditable
    doc.edit({"build_plan": PLANNED}, "plan")
    assert "55,000 GPUs added" in page.summary.full_text
    steps = doc.undo_stack.count()
    row, column = (
        doc.scenario.horizon.years.index(2030),
        [g.name for g in doc.scenario.gpu_catalog].index("GB200"),
    )
    assert model.setData(model.index(row, column), "12,000")
    assert {(r.year, r.gpu, r.gpus) for r in doc.scenario.build_plan} == {
        (2028, "B200", 5_000), (2029, "B200", 50_000), (2030, "GB200", 12_000)
    }  # fmt: skip
    assert model.index(row, column).data() == "12,000"
    assert doc.undo_stack.count() == steps + 1
    assert not model.setData(model.index(row, column), "lots")  # the schema refuses it
    assert "build_plan" in window.statusBar().currentMessage()
    doc.undo_stack.undo()
    assert len(doc.scenario.build_plan) == 2
    assert page.routing.full_text.startswith("Routing: the base routing")


def test_the_ramp_controls_say_a_plan_overrides_them(qtbot, window):
    label = window.findChild(QLabel, "gpuCountLabel")
    scale = window.controls.slider("scaleSlider")
    window.document.edit({"build_plan": PLANNED}, "plan")
    qtbot.waitUntil(lambda: label.text().startswith("A build plan sets the fleet (55,000 GPUs"))
    assert label.isVisible()
    assert label.font().bold()
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))  # all lines
    assert not scale.isEnabled()
    assert scale.toolTip() == PLAN_OVERRIDES
    assert not window.controls.slider("targetYearSlider").isEnabled()
    window.document.undo_stack.undo()
    assert scale.isEnabled()
    assert scale.toolTip() != PLAN_OVERRIDES
    assert not label.font().bold()


def test_the_generation_says_it_sets_capex_and_what_it_sets_under_a_plan(window):
    """It said "sets capex and cloud price": `with_generation` sets capex only (burst is
    priced per H100-equivalent hour); under a plan it sets the baseline's refresh."""
    scenario = window.document.scenario
    said = generation_meaning(scenario)
    assert "sets Capex per GPU to its catalog price" in said
    assert "cloud burst stays priced per H100-equivalent hour" in said
    planned = generation_meaning(with_changes(scenario, {"build_plan": PLANNED}))
    assert planned.startswith(said)
    assert "only what the baseline is re-bought as at its refresh" in planned


def test_the_generation_combo_shows_what_it_sets(window):
    combo = window.findChild(QComboBox, "generationCombo")
    assert combo.toolTip() == generation_meaning(window.document.scenario)


def test_the_build_chart_lists_only_the_generations_the_plan_buys(qtbot, plan_window):
    run_and_wait(qtbot, plan_window)
    plan = plan_window.run_result.plan
    bought = [
        g for g in plan_window.build.generations if any(plan.build[y].get(g) for y in plan.build)
    ]
    listed = [label.text for _sample, label in plan_window.build.legend.items]
    assert listed == bought
    assert len(bought) < len(plan_window.build.generations)  # the catalog has more


def test_every_catalog_generation_has_its_own_colour(plan_window):
    """Six colours for nine generations drew MI300X as H100, MI325X as H200."""
    colours = [layer.brush.color().name() for layer in plan_window.build.layers]
    assert len(colours) == len(plan_window.build.generations) == 9
    assert len(set(colours)) == len(colours)


def test_closing_during_a_long_solve_does_not_wait_for_it(qtbot, monkeypatch, window):
    """Found by the soak under load: closing waited 10 s for HiGHS, then raised RuntimeError."""
    release = threading.Event()

    def long_plan(*args, **kwargs):
        release.wait(30)  # one long HiGHS call: no progress report until it returns
        return recommend_plan(*args, **kwargs)

    monkeypatch.setattr(solve, "recommend_plan", long_plan)
    dialog = window.show_plan()
    dialog.inputs.frontier_points.setValue(0)
    dialog.run()
    dialog.close()  # returns at once: the solve is still running
    assert QThreadPool.globalInstance().activeThreadCount() == 1
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    release.set()
    assert QThreadPool.globalInstance().waitForDone(30_000)
    qtbot.wait(50)  # its signals are delivered to nothing: pytest-qt fails on a slot error
    assert window.dialogs.current("planWindow") is None


def test_the_window_fits_a_1280_by_720_screen_and_nothing_overlaps(qtbot, plan_window):
    """It was 1500x932 at least: taller than a 720-pixel projector, its compare table
    drawn under the list below it once the message and robust line took two lines each."""
    assert plan_window.minimumSizeHint().width() <= 1240
    assert plan_window.minimumSizeHint().height() <= 680
    plan_window.resize(1240, 680)
    run_and_wait(qtbot, plan_window)
    qtbot.wait(20)
    summary = plan_window.summary
    parts = [summary.table, summary.binding, summary.reasons, summary.robust]
    bottoms = [w.geometry().bottom() for w in parts]
    tops = [w.geometry().top() for w in parts]
    assert all(bottom < top for bottom, top in zip(bottoms, tops[1:], strict=False))
    rows = summary.table.rowCount()
    assert summary.table.rowViewportPosition(rows - 1) + summary.table.rowHeight(rows - 1) <= (
        summary.table.viewport().height()
    )  # the last row (peak power) shows whole
    build = plan_window.build
    assert build.plot_item.geometry().width() <= build.viewport().width()  # a long title
    # had widened the plot past its view: "IN ALL" and the last year were cut off
    combo, option = plan_window.shown_combo, QStyleOptionComboBox()
    combo.addItem("Recommended: frontier's cheapest (point 20)")  # the longest name a run gives
    combo.setCurrentIndex(combo.count() - 1)
    qtbot.wait(20)
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def test_a_flat_frontier_is_said_to_be_one_plan(qtbot, plan_window):
    """On the default the cheapest plan is the least dependent: no knee to recommend."""
    plan_window.inputs.frontier_points.setValue(3)
    run_and_wait(qtbot, plan_window)
    assert plan_window.run_result.frontier.flat
    assert plan_window.frontier_message.text().startswith("The cheapest plan is also the least")
    assert plan_window.shown_combo.currentText() == "Recommended: the frontier's one plan"
