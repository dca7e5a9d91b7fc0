"""Each lock the scenario cannot take is named with its field and why (docs/model.md#F-plan-locks).

The CLI and the plan window print these lines; a lock that names nothing real, or
contradicts another, is refused before any solve.
"""

import pytest

import core
from core.plan.locks import Locks, lock_problems
from core.plan.lp import Limits
from core.plan.solve import recommend_plan, scenario_limits
from core.scenario.checks import Problem
from core.scenario.edits import with_changes

SCENARIO = core.default_scenario()
COPILOT = SCENARIO.products[0].name
MODELS = "MAI-1-preview, MAI-2, MAI small, GPT-5 class, Claude Sonnet class, Claude Opus class"
CATALOG = "B200, B300, GB200, GB300, H100, H200, MI300X, MI325X, MI355X"


def test_every_broken_lock_is_named_with_its_field():
    locks = Locks(
        generations=("H100", "Z9"),
        min_gpus={2027: 10, 2040: 5},
        max_gpus={2027: 5, 2028: -1, 2029: 10**400},  # 10**400: OverflowError, before
        routing={
            (COPILOT, 2027): {"MAI-2": 1.0},
            ("Nope", 2027): {"MAI-2": 1.0},
            (COPILOT, 2028): {"Nope": 1.0},
            (COPILOT, 2029): {"MAI-2": 0.5},
        },
        first_year={"MAI-2": 2030, "Nope": 2027, "MAI small": 2050},
    )
    assert lock_problems(SCENARIO, locks) == [
        Problem("generations", f"'Z9' is not in the GPU catalog ({CATALOG})"),
        Problem("min_gpus", "2040=5: the year must be in the horizon and N from 0 to 10,000,000"),
        Problem("max_gpus", "2028=-1: the year must be in the horizon and N from 0 to 10,000,000"),
        Problem("max_gpus", f"2029={10**400}: the year must be in the horizon and N from 0 to "
                "10,000,000"),
        Problem("min_gpus", "2027: at least 10 is more than at most 5"),
        Problem("lock_routing", "Nope in 2027: no such product or year"),
        Problem("lock_routing", f"{COPILOT} in 2028: shares must name models and sum to 1"),
        Problem("lock_routing", f"{COPILOT} in 2029: shares must name models and sum to 1"),
        Problem("lock_routing", f"{COPILOT} in 2027 is locked to MAI-2, which is locked out until 2030"),
        Problem("lock_routing", "Nope in 2027 is locked to MAI-2, which is locked out until 2030"),
        Problem("lock_routing", f"{COPILOT} in 2029 is locked to MAI-2, which is locked out until 2030"),
        Problem("first_year", f"Nope=2027: no model named 'Nope' (the scenario has: {MODELS})"),
        Problem("first_year", "MAI small=2050: 2050 is outside the horizon 2026-2031"),
    ]  # fmt: skip


def test_a_first_year_lock_says_whether_the_model_or_the_year_is_wrong():
    """The Plan window's path (recommend_plan) says which part to fix, as the CLI does."""
    with pytest.raises(core.ScenarioError) as raised:
        recommend_plan(SCENARIO, limits=Limits(locks=Locks(first_year={"MAI-2": 2099})))
    assert raised.value.problems == (
        Problem("first_year", "MAI-2=2099: 2099 is outside the horizon 2026-2031"),
    )


def test_no_generation_allowed_is_refused_and_no_lock_is_no_problem():
    assert lock_problems(SCENARIO, Locks(generations=())) == [
        Problem("generations", "at least one generation must be allowed")
    ]
    assert lock_problems(SCENARIO, Locks()) == []
    edges = Locks(min_gpus={2026: 0, 2031: 5}, max_gpus={2031: 5}, first_year={"MAI-2": 2026})
    assert lock_problems(SCENARIO, edges) == []  # the horizon's ends, N = 0, min = max


def test_the_scenarios_own_power_cap_binds_a_plan_that_sets_none():
    capped = with_changes(SCENARIO, {"fleet.power_cap_mw": 40.0})
    assert scenario_limits(capped, Limits()).power_cap_mw == 40.0
    assert scenario_limits(capped, Limits(power_cap_mw=60.0)).power_cap_mw == 60.0  # asked
    assert scenario_limits(SCENARIO, Limits()).power_cap_mw is None
