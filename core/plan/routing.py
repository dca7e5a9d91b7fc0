"""Recommended routing as a plan: the build locked to the scenario's own fleet (issue 25).

One optimizer, one objective: the routing the dashboard recommends is the plan's program
(present cost + λ x external token share, routing per year) with the GPUs added each
year fixed to what the scenario adds now: its build plan, or its ramp written as one
(`core.scenario.plan_edits.ramp_build_plan`, whole GPUs of the generation bought).
"""

import numpy as np

from core.engine.compiled import FloatArray
from core.engine.evaluate import evaluate
from core.plan.data import PlanData
from core.plan.lp import Limits
from core.plan.optimum import solve
from core.plan.solve import NO_LIMITS, Plan, applied_plan, check_limits, prepare, scenario_limits
from core.scenario.plan_edits import ramp_build_plan
from core.scenario.schema import Scenario


def fleet_build(scenario: Scenario, data: PlanData) -> FloatArray:
    """(C',) the scenario's own additions as the plan's candidate cohorts (year x generation)."""
    rows = scenario.build_plan
    if rows is None:
        ramp = ramp_build_plan(scenario, evaluate(scenario).yearly.gpus)["build_plan"]
        pairs = [(r["year"], r["gpu"], r["gpus"]) for r in ramp]
    else:
        pairs = [(r.year, r.gpu, r.gpus) for r in rows]
    years = [int(y) for y in data.structure.years]
    build = np.zeros(len(years) * len(data.generations))
    for year, gpu, gpus in pairs:
        build[years.index(year) * len(data.generations) + data.generations.index(gpu)] += gpus
    return build


def recommend_routing(
    scenario: Scenario, risk_weight: float = 0.0, limits: Limits = NO_LIMITS
) -> Plan:
    """The plan's best routing per year for the fleet the scenario has (no GPU added or removed)."""
    check_limits(risk_weight, limits)
    limits = scenario_limits(scenario, limits)
    data = prepare(scenario, limits)
    build = fleet_build(scenario, data)
    relaxed = solve(data, limits, risk_weight, fixed_gpus=build)
    return applied_plan(scenario, data, limits, risk_weight, relaxed, build=build)
