"""A cancelled plan run stops before its next HiGHS call (core/plan/cancel.py)."""

import threading

import numpy as np
import pytest

import core
import core.plan.highs as highs
from core.analysis.montecarlo import Cancelled
from core.plan.cancel import stoppable
from core.plan.robust import robust_plan
from core.plan.solve import recommend_plan


def test_a_robust_plan_stopped_after_one_solve_makes_no_other(monkeypatch):
    """Its first progress step came after five solves (4-5 s each over 2,000 draws), so
    Cancel waited for them all; now the run ends with the solve under way."""
    solves = []
    real = highs.linprog

    def counted(*args, **kwargs):
        solves.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(highs, "linprog", counted)
    with stoppable(lambda: len(solves) >= 1), pytest.raises(Cancelled):
        robust_plan(core.default_scenario(), 5, 0)
    assert len(solves) == 1


@pytest.mark.parametrize("call", [highs.lp_result, highs.milp_result])
def test_both_highs_calls_ask_first(call):
    with stoppable(lambda: True), pytest.raises(Cancelled):
        call(np.zeros(1), [], np.zeros((1, 2)), 0)


def test_a_stop_holds_only_in_its_own_thread_and_block():
    """The plan window's runs each have a thread: cancelling one must not stop another."""
    scenario = core.default_scenario()
    found = []
    with stoppable(lambda: True):
        other = threading.Thread(target=lambda: found.append(recommend_plan(scenario)))
        other.start()
        other.join()
    assert found
    assert recommend_plan(scenario).build == found[0].build
