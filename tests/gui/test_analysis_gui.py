"""The Analysis window: frontier in a worker, preview and apply, tornado, Monte Carlo with cancel."""

import subprocess
import sys

import pytest
from contrast import contrast
from paths import ROOT
from processes import offscreen_env
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QToolTip

import core
from core.plan.frontier import efficient, plan_frontier
from core.plan.routing import recommend_routing
from core.scenario.edits import with_changes
from gui.app import application
from gui.dialogs.analysis.frontier_tab import NONE_FOUND
from gui.main_window import MainWindow
from gui.style.appearance import appearance
from gui.style.theme import DARK, LIGHT


@pytest.fixture
def window(qtbot):
    application()
    win = MainWindow(with_changes(core.default_scenario(), {"fleet.scale": 8.0}))
    win.resize(1600, 1000)
    win.show()
    yield win
    win.document.undo_stack.setClean()
    win.close()
    win.deleteLater()


@pytest.fixture
def analysis(window, qtbot):
    window.findChild(QAction, "analysisAction").trigger()
    dialog = window.dialogs.current("analysisWindow")
    assert dialog is not None
    yield dialog
    dialog.close()


def test_recommended_routing_is_the_plan_with_the_fleet_kept_and_applies_as_one_step(
    qtbot, window, analysis
):
    """One optimizer: the points are the plan's frontier with the build locked to the fleet,
    those no other beats; the year box picks the routing previewed; Apply sets the routing
    per year only."""
    tab = analysis.frontier
    tab.run()
    assert tab.worker is not None  # running off the GUI thread
    qtbot.waitUntil(lambda: tab.worker is None, timeout=120_000)
    assert tab.progress.value() == 100
    scenario = window.document.scenario
    frontier = plan_frontier(scenario, 20, keep_fleet=True)
    shown = [frontier.plans[i] for i in efficient(frontier)]
    assert [p.pv_cost_usd for p in tab.found] == pytest.approx([p.pv_cost_usd for p in shown])
    cheapest = tab.found[-1]
    assert cheapest.build == recommend_routing(scenario).build  # the fleet as it is
    assert cheapest.pv_cost_usd == min(frontier.pv_cost_usd)
    shares = [p.external_share for p in tab.found]
    costs = [p.pv_cost_usd for p in tab.found]
    assert shares == sorted(shares)
    assert costs == sorted(costs, reverse=True)
    # 20 solved, 2 kept: the other 18 are said (the core drops them, so this never fired).
    assert f"; {frontier.dropped} of 20 points are not shown" in tab.message.text()
    assert not tab.chart.note.isVisible()  # the points drawn: no "Press Find", the legend back
    assert tab.chart.legend.isVisible()
    tab.years.setCurrentText("2029")
    model, vertical, horizontal = tab.model, Qt.Orientation.Vertical, Qt.Orientation.Horizontal
    cells = {
        (model.headerData(r, vertical), model.headerData(c, horizontal)): model.index(r, c).data()
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    shown = {
        (p, m): f"{v:.0%}" for p, row in cheapest.routing[2029].items() for m, v in row.items()
    }
    assert {key: cells[key] for key in shown} == shown
    assert cheapest.routing[2029] != cheapest.routing[2026]  # the year box matters
    steps = window.document.undo_stack.count()
    tab.apply_button.click()
    applied = window.document.scenario
    assert applied.routing_by_year == cheapest.scenario.routing_by_year
    assert applied.fleet == scenario.fleet
    assert applied.build_plan is None  # the ramp kept
    assert core.evaluate(applied).pv_cost_usd == pytest.approx(cheapest.pv_cost_usd, rel=1e-6)
    assert window.document.undo_stack.count() == steps + 1
    window.document.undo_stack.undo()
    assert window.document.scenario.routing_by_year == ()


def test_frontier_error_is_said_not_raised(qtbot, window, analysis):
    window.document.edit({"products[1].quality_floor": 95.0}, "floor")
    tab = analysis.frontier
    tab.run()
    qtbot.waitUntil(lambda: tab.worker is None, timeout=30_000)
    assert "no allowed model reaches the quality floor 95 in 2026" in tab.message.text()
    assert tab.message.text().startswith("No routing found: ")
    assert tab.chart.note.isVisible()
    assert tab.chart.note.textItem.toPlainText() == NONE_FOUND


def test_tornado_follows_the_year_and_the_move(window, analysis):
    tab = analysis.tornado
    analysis.tabs.setCurrentWidget(tab)
    window.document.set_year(2028)
    assert "2028" in tab.caption.text()
    tab.move_spin.setValue(40)
    assert "40%" in tab.caption.text()
    assert len(tab.table) >= 8
    # Each chart in its own unit: present cost over the horizon in $B, risk in points.
    assert tab.cost.title == "CHANGE IN PRESENT COST, 2026-2031"
    assert tab.cost.axis_titles["bottom"] == "$B over the horizon"
    assert tab.risk.title == "CHANGE IN RISK INDEX, 2028"
    assert tab.risk.axis_titles["bottom"] == "index points"
    top = tab.table.iloc[0]
    said = tab.cost.describe(0.0, 0.0)
    assert said.startswith(f"{top.label}: {top.pv_cost_low_usd / 1e9:+,.2f} $B of present cost")
    assert "index points in 2028" in tab.risk.describe(0.0, 0.0)
    pue = list(tab.table["label"]).index("PUE")
    assert "when lower (at 1)" in tab.cost.describe(0.0, float(pue))  # 1.15 x 0.6 stops at 1
    # The default's risk swings are under 0.1 point: the axis still spans a whole point
    # each way, so they read as small; the cost's billions set their own axis.
    swing = tab.table[["risk_low", "risk_high"]].abs().to_numpy().max()
    assert swing < 0.1
    assert tab.risk.plot_item.viewRange()[0] == pytest.approx([-1.0, 1.0])
    cost = tab.table[["pv_cost_low_usd", "pv_cost_high_usd"]].abs().to_numpy().max() / 1e9
    assert tab.cost.plot_item.viewRange()[0][1] == pytest.approx(1.1 * cost)


def test_the_tornado_tooltip_gives_each_input_in_its_unit(qtbot, analysis):
    """As `scaledeck tornado` writes them (core.analysis.sensitivity.input_value): the mouse on
    the capex row reads "$40k per GPU", not "40,000"; PUE stays a bare ratio."""
    tab = analysis.tornado
    analysis.tabs.setCurrentWidget(tab)
    labels = list(tab.table["label"])
    chart = tab.cost
    row = labels.index("Capex per GPU")
    at = chart.plot_item.vb.mapViewToScene(QPointF(0.0, float(row)))
    chart.scene().sigMouseMoved.emit(at)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2_000)
    assert "when lower (at $40k per GPU)" in QToolTip.text()
    assert "when higher (at $60k per GPU)" in QToolTip.text()
    QToolTip.hideText()
    burst = chart.describe(0.0, float(labels.index("Cloud burst price")))
    assert "(at $5.58 per H100-hour)" in burst
    assert "(at $8.38 per H100-hour)" in burst
    assert "when lower (at 1)" in chart.describe(0.0, float(labels.index("PUE")))


def test_monte_carlo_runs_and_cancels(qtbot, analysis):
    tab = analysis.monte_carlo
    tab.draws.setValue(4_000)
    tab.run()
    qtbot.waitUntil(lambda: tab.worker is None, timeout=30_000)
    assert tab.result is not None
    assert tab.result.draws == 4_000
    assert tab.progress.value() == 100
    tab.draws.setValue(400_000)
    tab.run()
    tab.cancel()
    qtbot.waitUntil(lambda: tab.worker is None, timeout=30_000)
    assert "Cancelled" in tab.message.text()
    assert tab.result.draws == 4_000  # the last complete run stays on screen


def test_bad_range_is_said_before_any_thread_starts(analysis):
    tab = analysis.monte_carlo
    tab.ranges_table.item(0, 2).setText("abc")
    tab.run()
    assert tab.worker is None
    assert "Demand growth (x): low 'abc' is not a number" in tab.message.text()
    tab.ranges_table.item(0, 2).setText("2")  # low above the mode
    tab.run()
    assert "needs low <= mode <= high" in tab.message.text()


def test_the_ranges_are_labelled_by_distribution_and_the_present_cost_is_shown(qtbot, analysis):
    tab = analysis.monte_carlo
    table = tab.ranges_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Input", "Distribution", "Low", "Mode", "High", "Median", "Sigma"]
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    capex, growth = rows["Capex per GPU ($k)"], rows["Demand growth (x)"]
    assert table.item(capex, 1).text() == "lognormal"
    cells = [table.item(capex, c).text() for c in range(2, 7)]
    assert cells[:3] == ["", "", ""]  # no low, mode or high
    assert cells[4] == "0.15"  # the sigma, under Sigma
    assert not table.item(capex, 2).flags() & Qt.ItemFlag.ItemIsEditable
    assert [table.item(growth, c).text() for c in (5, 6)] == ["", ""]
    assert cells[3] == "50"  # the median in $k, as the capex slider reads it (was 50000)
    mfu, gain = rows["Training MFU (%)"], rows["Serving software gain / yr (%)"]
    assert [table.item(mfu, c).text() for c in (2, 3, 4)] == ["30", "40", "50"]  # not 0.3-0.5
    assert table.item(gain, 3).text() == "0"  # x1 a year: no gain, as its slider says
    table.item(capex, 6).setText("0.3")
    table.item(capex, 5).setText("60")
    table.item(gain, 4).setText("50")
    edited = {r.label: r for r in tab.ranges()}
    assert (edited["Capex per GPU"].kind, edited["Capex per GPU"].high) == ("lognormal", 0.3)
    assert edited["Capex per GPU"].mode == pytest.approx(60_000)  # typed $k, drawn in USD
    assert edited["Serving software gain / yr"].high == pytest.approx(1.5)  # +50% a year
    tab.draws.setValue(1_000)
    tab.run()
    qtbot.waitUntil(lambda: tab.worker is None, timeout=30_000)
    present = tab.result.pv_cost_percentiles()
    text = tab.findChild(QLabel, "presentCostLabel").text()
    assert text.startswith("Present cost 2026-2031: P10 $")
    assert f"P50 ${present['p50'] / 1e9:,.2f}B" in text
    assert "(the scenario as set: $" in text


def test_closing_stops_a_running_worker(qtbot, window):
    dialog = window.show_analysis()
    tab = dialog.monte_carlo
    tab.draws.setValue(400_000)
    tab.run()
    worker = tab.worker
    dialog.close()
    assert worker is not None
    assert worker.abort_requested


QUIT_DURING_MONTE_CARLO = """
import core
from PySide6.QtCore import QTimer
from gui.app import application
from gui.dialogs.analysis.frontier_tab import NONE_FOUND
from gui.main_window import MainWindow

app = application()
window = MainWindow(core.default_scenario())
window.show()
tab = window.show_analysis().monte_carlo
tab.draws.setValue(tab.draws.maximum())
tab.run()
QTimer.singleShot(400, lambda: (print("running at quit:", tab.worker is not None), app.quit()))
app.exec()
"""


def test_quitting_during_monte_carlo_ends_cleanly(tmp_path):
    """Quit while draws ran: PySide deleted the worker's signals before Qt waited for the
    thread, whose next emit said "RuntimeError in aborted thread: Signal source has been
    deleted" (and from the routing frontier, the same aborted the process)."""
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", QUIT_DURING_MONTE_CARLO],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=offscreen_env(tmp_path, PYTHONPATH=str(ROOT)),
    )
    assert done.returncode == 0, done.stderr
    assert "running at quit: True" in done.stdout  # quit mid-run, as the user did
    assert "RuntimeError" not in done.stderr
    assert "deleted" not in done.stderr


def test_monte_carlo_draws_stop_where_a_run_takes_seconds_not_minutes(analysis):
    """The spin took the core's 1,000,000 draws: ~1 min and +820 MB on screen, the bar at
    0 for 4 s. 100,000 draws: ~5 s and +130 MB (measured on the default scenario)."""
    assert analysis.monte_carlo.draws.maximum() == 100_000


def test_edits_after_the_analysis_window_closed_touch_nothing_deleted(qtbot, window):
    """Found by the soak test: lambdas connected to the document outlived the tornado tab."""
    import shiboken6

    dialog = window.show_analysis()
    dialog.tabs.setCurrentWidget(dialog.tornado)
    dialog.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    window.document.edit({"fleet.scale": 3.0}, "scale")  # pytest-qt fails on a slot exception
    window.document.set_year(2027)
    assert window.document.scenario.fleet.scale == 3.0


def test_the_fan_reads_on_both_themes(analysis):
    """The fan's #0072B2 sat at about 3.2:1 on the dark background: it takes the theme's
    fan colour now, its band too, and follows a change of theme."""
    chart = analysis.monte_carlo.cost
    try:
        for theme in (DARK, LIGHT):
            appearance().set_preference(theme.name, remember=False)
            median = chart.p50.opts["pen"].color().name()
            assert median == chart.band.brush().color().name() == theme.fan.lower()
            assert contrast(median, theme.background) >= (4.5 if theme is DARK else 4.0)
    finally:
        appearance().set_preference("light", remember=False)
