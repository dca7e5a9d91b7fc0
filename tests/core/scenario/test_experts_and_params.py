"""A model's experts and sizes: refused by name when they describe no model, warned when unused.

`experts_per_token` on a dense model passed validation, then evaluate, plan and export
printed "serving.py: RuntimeWarning: invalid value encountered in power": it is now unused
and said to be (refusing it would trap `--set`, which changes one field at a time, between
dense and mixture); a mixture whose `experts_per_token` was missing was told its value was
out of range; and 1e-320 parameters passed `> 0`, made training runs vanish and `serve`
print absurd rates (docs/file-format.md#lower-bounds).
"""

import json
import math
import warnings
from typing import Any

import pytest

import core
from cli.main import main
from cli.model_commands import results_json
from core.scenario.architecture import MIN_PARAMS
from core.scenario.edits import with_changes
from core.scenario.files import model_presets
from core.scenario.schema import SCHEMA_VERSION

SMALL = 2  # the default's dense in-house model, MAI small (experts 0)


def problems(changes: dict[str, Any]) -> list[str]:
    """The default scenario's problems once `changes` are made: none if it is valid."""
    try:
        with_changes(core.default_scenario(), changes)
    except core.ScenarioError as refused:
        return [str(p) for p in refused.problems]
    return []


def test_the_default_small_model_is_dense_without_experts_per_token():
    small = core.default_scenario().models[SMALL]
    assert (small.name, small.experts, small.experts_per_token) == ("MAI small", 0, None)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {f"models[{SMALL}].experts": 2},
            "models[2].experts_per_token: is missing: a mixture of 2 experts needs 1 to 2 a token",
        ),
        (  # as before: a figure given but above the experts
            {"models[0].experts": 8, "models[0].experts_per_token": 16},
            "models[0]: experts_per_token must be 1 to experts (8) for a mixture",
        ),
    ],
)  # fmt: skip
def test_a_mixture_needs_its_experts_per_token(changes, problem):
    assert problem in problems(changes)


@pytest.mark.parametrize(
    ("changes", "warning"),
    [
        (
            {f"models[{SMALL}].experts_per_token": 4},
            "MAI small's experts_per_token 4 is unused: experts 0 is a dense model",
        ),
        (
            {f"models[{SMALL}].experts": None, f"models[{SMALL}].experts_per_token": 4},
            "MAI small's experts_per_token 4 is unused without experts: the model is dense "
            "from its parameters (give experts too)",
        ),
    ],
)  # fmt: skip
def test_experts_per_token_without_routed_experts_is_unused_and_said(changes, warning):
    """Valid, so `--set` can go from dense to mixture in either order; the figures are the
    dense model's, with no numpy warning, and the file's warnings say why."""
    scenario = with_changes(core.default_scenario(), changes)
    assert [str(p) for p in scenario.serving_warnings()] == [
        f"models[{SMALL}].experts_per_token: {warning}"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        cost = core.evaluate(scenario).pv_cost_usd
    assert cost == core.evaluate(core.default_scenario()).pv_cost_usd


@pytest.mark.parametrize(
    "changes",
    [
        {f"models[{SMALL}].experts": None},  # dense: total equals active
        {f"models[{SMALL}].experts": 2, f"models[{SMALL}].experts_per_token": 2},
        {"models[0].experts": None, "models[0].experts_per_token": None},  # derived mixture
    ],
)
def test_experts_given_together_or_not_at_all_are_accepted(changes):
    assert problems(changes) == []


@pytest.mark.parametrize("field", ["active_params", "total_params"])
@pytest.mark.parametrize("tiny", [1e-320, 1.0, MIN_PARAMS * 0.999])
def test_parameters_below_the_floor_are_refused_by_name(field, tiny):
    changes = {f"models[{SMALL}].{field}": tiny}
    assert f"models[2].{field}: {tiny:g} is below the minimum 1e+06" in problems(changes)


@pytest.mark.parametrize("field", ["active_params", "total_params"])
def test_no_parameters_at_all_reads_as_before(field):
    assert f"models[2].{field}: 0 must be above 0" in problems({f"models[{SMALL}].{field}": 0.0})


def test_a_model_at_the_floor_is_valid_and_every_figure_finite():
    """Every in-house model a dense million weights: training and serving stay finite."""
    scenario = core.default_scenario()
    changes: dict[str, Any] = {}
    for i, model in enumerate(scenario.models):
        if model.kind == "in_house":
            changes |= {f"models[{i}].{f}": MIN_PARAMS for f in ("active_params", "total_params")}
            changes |= {f"models[{i}].experts": 0, f"models[{i}].experts_per_token": None}
    small = with_changes(scenario, changes)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        results = core.evaluate(small)
    text = json.dumps(results_json(results, small, None), allow_nan=False)
    assert math.isfinite(json.loads(text)["pv_cost_usd"])


def test_every_preset_and_shipped_model_is_within_the_rules():
    assert MIN_PARAMS == 1e6
    for model, _source in model_presets().values():
        assert model.active_params >= MIN_PARAMS
        assert (model.experts_per_token is None) == (not model.experts), model.name
    assert core.default_scenario().models[SMALL].active_params >= MIN_PARAMS
    assert SCHEMA_VERSION == 11  # refusals of nonsense, not a new field


@pytest.mark.parametrize(
    ("flags", "refusal"),
    [
        (
            ["--active-params", "1e10", "--total-params", "1e10", "--experts", "4"],
            "error: --experts-per-token: is missing: a mixture of 4 experts needs 1 to 4 a token\n",
        ),
        (
            ["--active-params", "1e-320", "--total-params", "1e10"],
            "error: --active-params: 9.99989e-321 is below the minimum 1e+06\n",
        ),
    ],
)  # fmt: skip
def test_serve_refuses_the_same_models_by_flag(capsys, flags, refusal):
    """serve builds its model with the schema, so the schema's rules name its flags."""
    workload = ["--prompt-tokens", "1000", "--output-tokens", "200"]
    assert main(["serve", *flags, *workload]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", refusal)
