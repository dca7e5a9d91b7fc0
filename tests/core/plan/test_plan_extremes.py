"""The plan at the edges of its inputs: each weight bounded, the solver's failure said as such.

docs/model.md#F-plan: λ weighs external share against present cost; past MAX_WEIGHT the
share comes first whatever λ is, and λ 1e18 made HiGHS fail on the spread of its costs,
which was reported as "no plan meets the constraints together".
"""

import re

import pytest

import core
from core.plan.lp import MAX_WEIGHT
from core.plan.robust import check_options
from core.plan.solve import recommend_plan
from core.scenario.edits import with_changes


@pytest.mark.parametrize("weight", [-1.0, MAX_WEIGHT * 1.01, 1e18, float("inf"), float("nan")])
def test_lambda_and_beta_outside_0_to_the_largest_weight_are_refused(tiny, weight):
    with pytest.raises(core.ScenarioError) as refused:
        recommend_plan(tiny(), weight)
    assert str(refused.value) == f"lambda: {weight:g} must be a number from 0 to 1,000,000"
    with pytest.raises(core.ScenarioError) as refused:
        check_options(3, 0, weight)
    assert str(refused.value) == f"beta: {weight:g} must be a number from 0 to 1,000,000"


def test_the_largest_lambda_still_plans(tiny):
    assert recommend_plan(tiny(), MAX_WEIGHT).risk_weight == MAX_WEIGHT


def test_a_solver_failure_on_extreme_numbers_is_no_infeasible_plan():
    """1e19 tokens a year growing x11 a year for 30 years: valid, but beyond HiGHS."""
    scenario = core.default_scenario()
    changes = {"horizon.end_year": scenario.horizon.start_year + 29}
    for i in range(len(scenario.products)):
        changes |= {f"products[{i}].tokens_per_year": 1e19, f"products[{i}].growth": 10.0}
    with pytest.raises(core.ScenarioError) as refused:
        recommend_plan(with_changes(scenario, changes))
    assert re.fullmatch(
        r"plan: the solver failed on this scenario's numbers \(costs per unit from \S+ to \S+ "
        r"USD billions, too far apart to weigh together\): no plan is known, which does not "
        r"show that none exists",
        str(refused.value),
    )
