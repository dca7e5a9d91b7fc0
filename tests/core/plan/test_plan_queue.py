"""A plan keeps the promises the busy hour's queue would break (docs/model.md#F-plan).

The program sees each route's hours, not the wait for a slot (docs/model.md#F-queueing).
MAI-2 on H100 holds 0.42 requests a GPU on 16-GPU replicas, so the default's plan once put
M365 Copilot Excel on it in 2029 and the evaluator found 9.2% of that year's tokens late.
Routes the evaluator finds so are closed and the plan solved again.
"""

from dataclasses import replace

import numpy as np
import pytest
from scopes import SHARED

import core
from core.plan.explain import explain_plan
from core.plan.locks import Locks
from core.plan.lp import Limits
from core.plan.solve import prepare, queued_routes, recommend_plan


@pytest.fixture(scope=SHARED)
def plan():
    return recommend_plan(core.default_scenario())


def test_the_default_plan_keeps_every_promise_when_evaluated(plan):
    """No token late in any year, and the route it closed is the one that waited."""
    late = core.evaluate(plan.scenario).yearly.slo_breach_token_share
    assert np.all(late == 0.0)
    data = plan.solution.data
    s = data.structure
    closed = {
        (int(s.years[t]), s.product_names[p], s.model_names[m])
        for t, p, m in np.argwhere(data.queued)
    }
    assert closed == {(2029, "M365 Copilot Excel", "MAI-2")}
    assert not data.allowed[np.nonzero(data.queued)].any()


def test_the_plan_says_why_a_route_is_closed_and_not_as_a_floor(plan):
    """Its note names the product, the model, the year and the promise; the floor notes
    still name only models under the floor (Excel's floor 85 does not keep it off MAI-2)."""
    notes = explain_plan(plan, changes=False).notes
    assert (
        "M365 Copilot Excel stays off MAI-2 (2029): its replicas hold too few requests, and "
        "at the busy hour the wait for one would break the 3 s first-token promise"
    ) in notes
    excel_floor = next(n for n in notes if n.startswith("M365 Copilot Excel's quality floor"))
    assert "MAI-2" not in excel_floor


def test_a_route_the_user_locks_is_never_closed_for_its_queue():
    """Excel on MAI-2 in 2029 with every token late is closed, unless the user locked it
    there (the user's call), and a product's last route is never closed."""
    scenario = core.default_scenario()
    data = prepare(scenario, Limits())
    s = data.structure
    t, p, m = (list(s.years).index(2029), list(s.product_names).index("M365 Copilot Excel"),
               list(s.model_names).index("MAI-2"))  # fmt: skip
    outputs = core.evaluate(scenario).outputs
    shares = outputs.shares.copy()
    shares[0, t, p] = 0.0
    shares[0, t, p, m] = 1.0
    waiting = replace(outputs, shares=shares, on_time_share=np.zeros_like(outputs.on_time_share))
    assert queued_routes(data, waiting, Limits())[t, p, m]
    locks = Locks(routing={("M365 Copilot Excel", 2029): {"MAI-2": 1.0}})
    assert not queued_routes(data, waiting, Limits(locks=locks))[t, p, m]
    only = data.allowed.copy()
    only[t, p] = False
    only[t, p, m] = True
    assert not queued_routes(replace(data, allowed=only), waiting, Limits())[t, p, m]
