"""The plan's speeds settling (docs/model.md#F-plan): each solve at the last one's speeds.

The loop ends when the speeds settle, or, unsettled, when they return to speeds already
solved at (a routing going round a cycle, as a robust plan's draws can): solving on
would only go round it again. Stubbed solves make the sequence of speeds exact.
"""

from types import SimpleNamespace

import numpy as np
import pytest

import core.plan.solve as plan_solve
from core.plan.solve import NO_LIMITS, SETTLE_STEPS, _Ask, _settle

ASK = _Ask(NO_LIMITS, 0.0, 0.0, None, False, False)


def _run(monkeypatch, speeds: list[float]) -> tuple[int, bool]:
    """Solves made and whether settled, when the k-th point moves the speed to speeds[k]."""
    solves, points = [], iter(speeds)

    def solve_at(data, ask, exact):
        solves.append(data.speed)
        return SimpleNamespace(gpus=None, shares=None)

    def at_point(data, gpus, shares):
        return SimpleNamespace(speed=np.full((1, 1, 1), next(points)))

    monkeypatch.setattr(plan_solve, "_solve_at", solve_at)
    monkeypatch.setattr(plan_solve, "at_point", at_point)
    _solution, settled = _settle(SimpleNamespace(speed=np.ones((1, 1, 1))), ASK, True, True)
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


def test_the_loop_ends_when_each_draw_has_settled_or_come_back(monkeypatch):
    """Draw 0 settles at 2.0 while draw 1 goes round 3.0 -> 4.0 -> 3.0: nothing new to find."""
    steps = iter([[2.0, 3.0], [2.0, 4.0], [2.0, 3.0]])
    solves = []

    def solve_at(data, ask, exact):
        solves.append(data.speed)
        return SimpleNamespace(gpus=None, shares=None)

    monkeypatch.setattr(plan_solve, "_solve_at", solve_at)

    def at_point(data, gpus, shares):
        return SimpleNamespace(speed=np.reshape(next(steps), (2, 1, 1)))

    monkeypatch.setattr(plan_solve, "at_point", at_point)
    _solution, settled = _settle(SimpleNamespace(speed=np.ones((2, 1, 1))), ASK, True, True)
    assert (len(solves), settled) == (3, False)
