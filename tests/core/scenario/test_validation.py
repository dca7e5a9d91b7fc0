"""Every cross-field rule and bound of a scenario, triggered on its own, with its exact message.

Each case starts from the tiny scenario (conftest.py), breaks one rule, and expects the
field path and the sentence a user reads; the edge cases (a value exactly at its bound,
a sum off by a hair in either direction) are on both sides of the rule.
"""

import sys
import unicodedata
from typing import Any

import pytest

import core
from core.scenario.checks import CONTROL_CHARACTER, SHARE_TOLERANCE

OWN_BIG = {
    "kind": "in_house",
    "name": "Big",
    "active_params": 2e10,
    "total_params": 1e10,
    "available_from": 2026,
    "measured_tokens_per_gpu_s": 100,
    "quality": {"a": 50, "b": 50},
}

BROKEN: dict[str, tuple[dict[str, Any], str]] = {
    "shares under one": (
        {"products[0].routing": {"Own": 0.3, "Ext": 0.2}},
        "products[0].routing: shares sum to 0.50, must be 1.00",
    ),
    "shares over one": (
        {"products[0].routing": {"Own": 0.9, "Ext": 0.6}},
        "products[0].routing: shares sum to 1.50, must be 1.00",
    ),
    "unknown routed model": (
        {"products[1].routing": {"Nope": 1.0}},
        "products[1].routing: unknown model 'Nope'",
    ),
    "unknown fallback model": (
        {"products[1].fallback": ["Own", "Gone"]},
        "products[1].fallback: unknown model 'Gone'",
    ),
    "in-house-only routed to a partner": (
        {"products[0].in_house_only": True},
        "products[0].routing: in-house-only product routed to partner model 'Ext'",
    ),
    "in-house-only with a partner in its fallback": (
        {"products[0].in_house_only": True, "products[0].routing": {"Own": 1.0}},
        "products[0].routing: in-house-only product routed to partner model 'Ext'",
    ),
    "all risk weights zero": (
        {
            "risk_weights": {
                "external_share": 0.0,
                "concentration": 0.0,
                "outage": 0.0,
                "price_shock": 0.0,
                "compute_dependency": 0.0,
            }
        },
        "risk_weights: at least one weight must be above 0",
    ),
    "zero GPUs": ({"fleet.baseline_gpus": 0}, "fleet.baseline_gpus: 0 is below the minimum 1"),
    "scale under one": ({"fleet.scale": 0.5}, "fleet.scale: 0.5 is below the minimum 1"),
    "total below active parameters": (
        {"models[2]": OWN_BIG},
        "models[2].total_params: 1e+10 is below active_params 2e+10",
    ),
    "train year without tokens": (
        {"models[0].train_year": 2026},
        "models[0].train_year: give train_year and train_tokens together, or neither",
    ),
    "train tokens without a year": (
        {"models[0].train_tokens": 1e12},
        "models[0].train_year: give train_year and train_tokens together, or neither",
    ),
    "serving before training": (
        {"models[0].train_tokens": 1e12, "models[0].train_year": 2027},
        "models[0].available_from: 2020 is before its training year 2027",
    ),
    "target year before the horizon": (
        {"fleet.target_year": 2025},
        "fleet.target_year: 2025 is before the horizon's start 2026",
    ),
    "unknown fleet GPU": ({"fleet.gpu": "X9"}, "fleet.gpu: unknown GPU 'X9' (catalog: NEW, REF)"),
    "unknown baseline GPU": (
        {"fleet.baseline_gpu": "X9"},
        "fleet.baseline_gpu: unknown GPU 'X9' (catalog: NEW, REF)",
    ),
    "unknown reference GPU": (
        {"reference_gpu": "X9"},
        "reference_gpu: unknown GPU 'X9' (catalog: NEW, REF)",
    ),
    "duplicate product": (
        {"products[1].name": "A"},
        "products[1].name: 'A' is used twice (also products[0])",
    ),
    "duplicate model": ({"models[1].name": "Own"}, "models[1].name: 'Own' is used twice"),
    "duplicate GPU": (
        {"gpu_catalog[1].name": "REF"},
        "gpu_catalog[1].name: 'REF' is used twice (also gpu_catalog[0])",
    ),
    "control character in a provider": (
        {"models[1].provider": "P\x07"},
        "models[1].provider: 'P\\x07' contains control characters",
    ),
    "control character in a task": (
        {"products[1].task": "b\x01c"},
        "products[1].task: 'b\\x01c' contains control characters",
    ),
    "missing quality for a task": (
        {"products[1].task": "c"},
        "models[0].quality: no score for task 'c' (needed by products[1] 'B')",
    ),
    "partner named as the owned fleet": (
        {"models[1].provider": "In-house"},
        "models[1].provider: 'In-house' names the owned fleet or its cloud burst; a partner "
        "needs its own provider",
    ),
    "horizon reversed": (
        {"horizon.end_year": 2025},
        "horizon: end_year 2025 is before start_year 2026",
    ),
    "horizon too long": (
        {"horizon.end_year": 2056, "fleet.target_year": 2027},
        "horizon: the horizon is longer than 30 years",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_rule_names_its_field_and_reason(tiny, case):
    changes, expected = BROKEN[case]
    with pytest.raises(core.ScenarioError) as caught:
        tiny(changes)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(expected) for m in messages), messages


@pytest.mark.parametrize("total", [1 - 0.9 * SHARE_TOLERANCE, 1 + 0.9 * SHARE_TOLERANCE])
def test_shares_within_the_tolerance_are_accepted(tiny, total):
    scenario = tiny({"products[0].routing": {"Own": total - 0.5, "Ext": 0.5}})
    assert sum(scenario.products[0].routing.values()) == pytest.approx(total)


@pytest.mark.parametrize("total", [1 - 2 * SHARE_TOLERANCE, 1 + 2 * SHARE_TOLERANCE])
def test_shares_just_outside_the_tolerance_are_refused(tiny, total):
    with pytest.raises(core.ScenarioError) as caught:
        tiny({"products[0].routing": {"Own": total - 0.5, "Ext": 0.5}})
    # Never "sums to 1.00, must be 1.00": enough digits to see what is off.
    shown = {1 - 2 * SHARE_TOLERANCE: "0.998", 1 + 2 * SHARE_TOLERANCE: "1.002"}[total]
    assert str(caught.value) == f"products[0].routing: shares sum to {shown}, must be 1.000"


def test_rules_that_hold_at_their_edge_are_accepted(tiny):
    """Equal total and active parameters, serving in the training year, a one-year horizon."""
    scenario = tiny(
        {
            "models[0].total_params": 1e10,
            "models[0].train_tokens": 1e12,
            "models[0].train_year": 2026,
            "models[0].available_from": 2026,
            "fleet.target_year": 2026,
            "horizon.end_year": 2026,
            "risk_weights.external_share": 0.0,
            "risk_weights.concentration": 0.0,
            "risk_weights.outage": 0.0,
            "products[0].in_house_only": True,
            "products[0].routing": {"Own": 1.0, "Ext": 0.0},
            "products[0].fallback": ["Own"],
        }
    )
    assert scenario.horizon.years == [2026]


def test_every_problem_is_reported_at_once(tiny):
    with pytest.raises(core.ScenarioError) as caught:
        tiny({"fleet.gpu": "X9", "products[1].name": "A", "fleet.target_year": 2025})
    paths = sorted(p.path for p in caught.value.problems)
    assert paths == ["fleet.gpu", "fleet.target_year", "products[1].name"]


def test_the_control_character_pattern_finds_unicodes_control_characters() -> None:
    """The pattern the names are searched with (faster) is category Cc, every code point."""
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        is_control = unicodedata.category(character) == "Cc"
        assert bool(CONTROL_CHARACTER.search(character)) == is_control, hex(code)
