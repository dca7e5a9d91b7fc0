"""`fleet.wide_expert_parallel`: may a serving replica span any number of NVLink domains?

docs/model.md#F-serving (8): by default a replica spans at most two scale-up domains, or
the fewest GPUs that hold its weights; a scenario whose team serves with wide expert
parallel (as DeepSeek does over 144 H800s) lets the search spread replicas further.
"""

import json

import numpy as np
import pytest

import core
from core.engine.deployment import deploy
from core.engine.routes import _gpu_specs, _model_specs, _workloads, route_arrays
from core.scenario.files import parse_scenario, scenario_to_json
from core.scenario.schema import InHouseModel


def wide(s: core.Scenario, on: bool = True) -> core.Scenario:
    return s.model_copy(update={"fleet": s.fleet.model_copy(update={"wide_expert_parallel": on})})


def test_the_default_keeps_replicas_within_two_domains_and_a_file_may_lift_it():
    """Off by default; a file saying true is read as true, and a file without it as false."""
    s = core.default_scenario()
    assert s.fleet.wide_expert_parallel is False
    data = json.loads(scenario_to_json(wide(s)))
    assert parse_scenario(data).fleet.wide_expert_parallel is True
    del data["fleet"]["wide_expert_parallel"]
    assert parse_scenario(data).fleet.wide_expert_parallel is False


def test_the_routes_serve_at_the_rate_of_the_search_the_flag_names():
    """Each in-house route's rate is the search's with `span_domains` as the flag says."""
    s = core.default_scenario()
    models = [m for m in s.models if isinstance(m, InHouseModel)]
    in_house = [i for i, m in enumerate(s.models) if isinstance(m, InHouseModel)]
    for on in (False, True):
        d = deploy(
            _workloads(s.products), _model_specs(models), _gpu_specs((s.gpu_spec("H100"),)),
            span_domains=on,
        )  # fmt: skip
        rate = route_arrays(wide(s, on))["generation_rate"][0][:, in_house]
        np.testing.assert_allclose(rate, 1e6 / 3600.0 / d.gpu_hours_per_m_tokens[:, :, 0])


def test_wide_expert_parallel_never_serves_fewer_tokens_per_gpu_and_moves_the_figures():
    """The wider search can only add deployments: no route serves less per GPU, the
    default's MAI models on H100 serve more, and evaluate (its structure cache keyed on
    the flag) gives a smaller busy-hour demand for the same traffic."""
    s = core.default_scenario()
    narrow_rate, wide_rate = (route_arrays(x)["generation_rate"] for x in (s, wide(s)))
    assert np.all(wide_rate >= narrow_rate * (1 - 1e-12))
    assert np.any(wide_rate > narrow_rate * 1.5)
    year = s.horizon.years[0]
    narrow = core.evaluate(s).kpi("utilization", year)
    assert core.evaluate(wide(s)).kpi("utilization", year) < narrow
    assert core.evaluate(s).kpi("utilization", year) == pytest.approx(narrow, rel=1e-12)


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_a_flag_that_is_no_boolean_is_refused_by_its_field(value):
    """A file's "yes", 1 or null is named with its field, not read as true or false."""
    data = json.loads(scenario_to_json(core.default_scenario()))
    data["fleet"]["wide_expert_parallel"] = value
    with pytest.raises(core.ScenarioError) as raised:
        parse_scenario(data)
    assert any(p.path == "fleet.wide_expert_parallel" for p in raised.value.problems)
