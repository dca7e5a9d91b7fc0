"""Which in-house models take a product made in-house only (`core.analysis.in_house`),
and the change the CLI's `--in-house-only` and the routing table's tick share."""

import dataclasses

import pytest
from scopes import SHARED

import core
from core.analysis.in_house import in_house_only, in_house_takers
from core.engine.compiled import compile_scenario
from core.scenario.edits import with_changes

PRODUCTS = [p.name for p in core.default_scenario().products]


@pytest.fixture(scope=SHARED)
def structure():
    return compile_scenario(core.default_scenario())[0]


@pytest.mark.parametrize(
    ("product", "takers"),
    [
        ("GitHub Copilot", ["MAI-2"]),  # the only one at its floor of 85
        ("M365 Copilot PowerPoint", ["MAI-2"]),  # none reaches 85: the best, 84
        ("Copilot consumer", ["MAI-1-preview", "MAI-2"]),  # both reach 75
    ],
)
def test_takers_are_those_at_the_floor_else_the_best(structure, product, takers):
    s = structure
    assert in_house_takers(s, PRODUCTS.index(product)) == takers


def test_takers_keep_the_latency_promise_where_any_does(structure):
    s = structure
    late = s.meets_slo.copy()
    late[0, list(s.model_names).index("MAI-2")] = 0.0
    # MAI-1-preview and MAI small keep it; neither reaches 85: the better of them.
    assert in_house_takers(dataclasses.replace(s, meets_slo=late), 0) == ["MAI-1-preview"]


def test_takers_are_only_models_serving_in_the_horizon(structure):
    s = structure
    serving = s.serving.copy()
    serving[:, list(s.model_names).index("MAI-2")] = False
    # Copilot consumer: MAI-1-preview still reaches its floor of 75.
    assert in_house_takers(dataclasses.replace(s, serving=serving), 4) == ["MAI-1-preview"]


def test_the_change_is_the_tick_s_and_says_what_moved():
    scenario = core.default_scenario()
    change, text = in_house_only(scenario, "GitHub Copilot")
    assert text == (
        "GitHub Copilot in-house only: 100% moved from GPT-5 class, Claude Sonnet class to "
        "MAI-2; partners left out of its fallback"
    )
    after = with_changes(scenario, change)
    assert after.products[0].in_house_only
    assert after.products[0].routing == {"MAI-2": 1.0}
