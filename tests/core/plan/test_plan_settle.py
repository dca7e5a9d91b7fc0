"""The plan's speeds settling (docs/model.md#F-plan): each solve at the last one's speeds.

The loop ends when the speeds settle, or, unsettled, when they return to speeds already
solved at (a routing going round a cycle, as a robust plan's draws can): solving on
would only go round it again. Stubbed solves make the sequence of speeds exact.
"""

from types import SimpleNamespace

import numpy as np
import pytest

import core
import core.plan.optimum as optimum
from core.engine.evaluate import evaluate
from core.plan.lp import USD_B, Limits
from core.plan.optimum import SETTLE_STEPS, _Ask, _settle, solve
from core.plan.solve import NO_LIMITS, apply_solution, prepare
from core.scenario.edits import with_changes

ASK = _Ask(NO_LIMITS, 0.0, 0.0, None, False, False)


def _iterates(monkeypatch, speeds: list[float], values: list[float] | None = None):
    """The solution `_settle` keeps, whether settled, and the solutions made, in order.

    The k-th solve's plan is worth values[k] at its own speeds (`Solution.applied`) and
    its point moves the speed to speeds[k].
    """
    solves, points = [], iter(speeds)
    worth = iter(values or [0.0] * (len(speeds) + 1))

    def solve_at(data, ask, exact):
        solves.append(SimpleNamespace(gpus=None, shares=None, applied=next(worth)))
        return solves[-1]

    def at_point(data, gpus, shares):
        return SimpleNamespace(speed=np.full((1, 1, 1), next(points)))

    monkeypatch.setattr(optimum, "_solve_at", solve_at)
    monkeypatch.setattr(optimum, "at_point", at_point)
    solution, settled = _settle(SimpleNamespace(speed=np.ones((1, 1, 1)), draws=1), ASK, True, True)
    return solution, settled, solves


def _run(monkeypatch, speeds: list[float]) -> tuple[int, bool]:
    """Solves made and whether settled, when the k-th point moves the speed to speeds[k]."""
    _solution, settled, solves = _iterates(monkeypatch, speeds)
    return len(solves), settled


def test_settled_speeds_end_the_loop(monkeypatch):
    assert _run(monkeypatch, [1.2, 1.1, 1.1]) == (3, True)


def test_a_cycle_ends_the_loop_unsettled(monkeypatch):
    # Solved at 1.0, 2.0, 3.0, 4.0; the next point is 2.0 again: a cycle of three.
    assert _run(monkeypatch, [2.0, 3.0, 4.0, 2.0]) == (4, False)
    assert _run(monkeypatch, [2.0, 1.0]) == (2, False)  # back to where it began


@pytest.mark.parametrize("drift", [1e-3, 5e-3])
def test_speeds_that_never_repeat_run_every_step(monkeypatch, drift):
    speeds = list(1.0 + drift * np.arange(1, SETTLE_STEPS + 1))
    assert _run(monkeypatch, speeds) == (SETTLE_STEPS, False)


def test_an_unsettled_loop_keeps_the_plan_best_at_its_own_speeds(monkeypatch):
    """A cycle between a dear and a cheap routing ends on the cheap one, not on the last."""
    kept, settled, solves = _iterates(monkeypatch, [2.0, 1.0], [16.35, 13.31])
    assert not settled
    assert kept is solves[1]
    kept, settled, solves = _iterates(monkeypatch, [2.0, 1.0], [13.31, 16.35])
    assert not settled
    assert kept is solves[0]


def test_a_settled_loop_keeps_its_last_plan_even_if_an_iterate_looked_cheaper(monkeypatch):
    kept, settled, solves = _iterates(monkeypatch, [1.2, 1.1, 1.1], [9.0, 12.0, 12.5])
    assert settled
    assert kept is solves[-1]


def test_the_loop_ends_when_each_draw_has_settled_or_come_back(monkeypatch):
    """Draw 0 settles at 2.0 while draw 1 goes round 3.0 -> 4.0 -> 3.0: nothing new to find."""
    steps = iter([[2.0, 3.0], [2.0, 4.0], [2.0, 3.0]])
    solves = []

    def solve_at(data, ask, exact):
        solves.append(data.speed)
        return SimpleNamespace(gpus=None, shares=None, applied=0.0)

    monkeypatch.setattr(optimum, "_solve_at", solve_at)

    def at_point(data, gpus, shares):
        return SimpleNamespace(speed=np.reshape(next(steps), (2, 1, 1)))

    monkeypatch.setattr(optimum, "at_point", at_point)
    _solution, settled = _settle(
        SimpleNamespace(speed=np.ones((2, 1, 1)), draws=2), ASK, True, True
    )
    assert (len(solves), settled) == (3, False)


@pytest.mark.parametrize(
    ("changes", "limits"),
    [
        ({}, {"power_cap_mw": 40.0}),
        ({"levers.demand_growth_multiplier": 3.0}, {"capex_budget_usd": 1e9}),
    ],
    ids=["power cap", "capex budget, demand x3"],
)
def test_applied_is_the_evaluators_cost_where_the_programs_objective_is_not(changes, limits):
    """Under these limits the speeds do not settle: the ranking key must be the real cost.

    The program's objective prices burst at the speeds it was solved at (1.1% and 1.7% off
    here); `applied` prices it as the evaluator buys it, at the plan's own speeds. (A $1B
    capex budget on the default itself settles now that replicas reach two NVLink domains
    at most: its plan buys nearly all the work onto GB200 and little burst is left to
    swing the speeds. With demand growing 3x as fast the budget leaves burst, and the
    speeds do not settle.)
    """
    scenario = with_changes(core.default_scenario(), changes)
    asked = Limits(**limits, migration_usd=0.0)
    solution = solve(prepare(scenario, asked), asked)
    evaluated = evaluate(apply_solution(scenario, solution)).outputs.pv_cost_usd[0]
    assert solution.applied * USD_B == pytest.approx(evaluated, rel=1e-5)
    assert solution.objective * USD_B != pytest.approx(evaluated, rel=1e-3)
