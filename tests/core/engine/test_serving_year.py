"""A model serves from the year after its training run (docs/model.md#F-serving-year).

The run holds the fleet in its training year; an `available_from` in that year is a
warning (the model serves a year later), one before it an error.
"""

import pytest

import core

TRAINED_2026 = {"models[0].train_year": 2026, "models[0].train_tokens": 1e9}


def test_a_model_set_to_serve_in_its_training_year_serves_from_the_next(tiny):
    """Own trained in 2026 and set to serve from 2026: in 2026 A's half on Own falls back
    to Ext (A's first fallback) and the year is flagged; in 2027 Own serves it."""
    scenario = tiny({**TRAINED_2026, "models[0].available_from": 2026})
    results = core.evaluate(scenario)
    assert results.effective_routing(2026).loc["A"].tolist() == pytest.approx([0.0, 1.0])
    assert results.effective_routing(2027).loc["A"].tolist() == pytest.approx([0.5, 0.5])
    said = "Own is trained in 2026 but set to serve from 2026: it serves from 2027"
    late = [(f.year, f.product, f.message) for f in results.flags if f.kind == "late_serving"]
    assert late == [(2026, None, said)]
    assert results.flags[-1].kind == "late_serving"  # after the year flags
    assert [str(p) for p in scenario.serving_warnings()] == [f"models[0].available_from: {said}"]
    assert scenario.models[0].first_serving_year == 2027


def test_the_same_model_set_to_serve_the_next_year_gives_the_same_figures(tiny):
    """The warning changes nothing but the words: 2026 and 2027 as first years agree."""
    early = core.evaluate(tiny({**TRAINED_2026, "models[0].available_from": 2026}))
    on_time = core.evaluate(tiny({**TRAINED_2026, "models[0].available_from": 2027}))
    assert early.pv_cost_usd == pytest.approx(on_time.pv_cost_usd, rel=1e-12)
    assert [f.kind for f in on_time.flags if f.kind == "late_serving"] == []
    assert tiny({**TRAINED_2026, "models[0].available_from": 2027}).serving_warnings() == []


def test_a_disabled_or_untrained_model_raises_no_flag(tiny):
    """A disabled model serves nothing, and one trained before the horizon is on time in it."""
    off = tiny({**TRAINED_2026, "models[0].available_from": 2026, "models[0].enabled": False})
    assert [f for f in core.evaluate(off).flags if f.kind == "late_serving"] == []
    before = tiny({"models[0].train_year": 2020, "models[0].train_tokens": 1e9})
    assert [f for f in core.evaluate(before).flags if f.kind == "late_serving"] == []
    assert before.models[0].first_serving_year == 2021  # available_from 2020: a year late


def test_serving_before_the_training_year_stays_an_error(tiny):
    with pytest.raises(core.ScenarioError, match="2025 is before its training year 2026"):
        tiny({**TRAINED_2026, "models[0].available_from": 2025})
