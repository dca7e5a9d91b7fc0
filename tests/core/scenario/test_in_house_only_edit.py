"""Making a product in-house only moves its partner traffic in-house (`in_house_only_change`).

The flag alone was refused while partners stayed routed or in the fallback, and nothing
in the window edits the fallback: five of the six default products could never be made
in-house only.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import scenarios

import core
from core.scenario.edits import in_house_only_change, with_changes

NAMES = [p.name for p in core.default_scenario().products]


def product(scenario: core.Scenario, name: str):
    return next(p for p in scenario.products if p.name == name)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "Regulated-industry models"])
def test_every_default_product_can_be_made_in_house_only(name):
    scenario = core.default_scenario()
    change, _text = in_house_only_change(scenario, name, ["MAI-2"])
    edited = product(with_changes(scenario, change), name)
    assert edited.in_house_only
    kinds = {m.name: m.kind for m in scenario.models}
    assert {kinds[m] for m in edited.routing} == {"in_house"}
    assert [m for m in product(scenario, name).fallback if kinds[m] == "in_house"] == list(
        edited.fallback
    )


def test_partner_shares_go_to_the_in_house_models_in_proportion_and_are_said():
    scenario = core.default_scenario()
    shares = {"GPT-5 class": 0.6, "MAI-1-preview": 0.1, "MAI-2": 0.3}
    scenario = with_changes(scenario, {"products[0].routing": shares})
    change, text = in_house_only_change(scenario, "GitHub Copilot", ["MAI small"])
    assert change["products[0].routing"] == pytest.approx({"MAI-1-preview": 0.25, "MAI-2": 0.75})
    assert change["products[0].fallback"] == ["MAI small"]
    assert text == (
        "GitHub Copilot in-house only: 60% moved from GPT-5 class to MAI-1-preview, MAI-2; "
        "partners left out of its fallback"
    )


def test_a_product_routed_to_no_in_house_model_goes_evenly_to_the_takers():
    change, text = in_house_only_change(
        core.default_scenario(), "GitHub Copilot", ["MAI-1-preview", "MAI-2"]
    )
    assert change["products[0].routing"] == pytest.approx({"MAI-1-preview": 0.5, "MAI-2": 0.5})
    assert text.startswith(
        "GitHub Copilot in-house only: 100% moved from GPT-5 class, Claude Sonnet class to "
        "MAI-1-preview, MAI-2;"
    )


def test_each_years_own_routing_of_the_product_moves_too():
    own = [
        {"year": 2028, "product": "GitHub Copilot", "routing": {"GPT-5 class": 0.5, "MAI-2": 0.5}},
        {"year": 2028, "product": "M365 Copilot Excel", "routing": {"GPT-5 class": 1.0}},
    ]
    scenario = with_changes(core.default_scenario(), {"routing_by_year": own})
    change, text = in_house_only_change(scenario, "GitHub Copilot", ["MAI-1-preview"])
    edited = with_changes(scenario, change)
    assert [dict(r.routing) for r in edited.routing_by_year] == [
        {"MAI-2": 1.0},
        {"GPT-5 class": 1.0},  # another product's: untouched
    ]
    assert "its own routing in 2028 likewise" in text


def test_a_product_already_in_house_only_changes_nothing():
    scenario = core.default_scenario()
    change, text = in_house_only_change(scenario, "Regulated-industry models", ["MAI-2"])
    assert with_changes(scenario, change) == scenario
    assert text == "Regulated-industry models: in-house only on"


def test_no_in_house_model_to_take_it_is_refused_in_words_naming_the_product():
    with pytest.raises(core.ScenarioError) as error:
        in_house_only_change(core.default_scenario(), "GitHub Copilot", [])
    assert str(error.value) == (
        "GitHub Copilot cannot be in-house only: no in-house model in this scenario serves "
        "coding in 2026-2031"
    )


def test_a_scenario_without_in_house_models_says_so(tiny):
    partners = [m for m in tiny().model_dump(mode="json")["models"] if m["kind"] == "partner"]
    scenario = tiny(
        {
            "models": partners,
            "products[0].routing": {"Ext": 1.0},
            "products[0].fallback": ["Ext"],
            "products[1].fallback": [],
        }
    )
    with pytest.raises(core.ScenarioError) as error:
        in_house_only_change(scenario, "A", [])
    assert str(error.value) == "A cannot be in-house only: this scenario has no in-house model"


@given(scenario=scenarios(), data=st.data())
def test_property_in_house_only_gives_a_valid_in_house_routing(scenario, data):
    """Shares still sum to 1, no partner is left, the in-house shares keep their ratios."""
    in_house = [m.name for m in scenario.models if m.kind == "in_house"]
    if not in_house:
        return
    row = data.draw(st.sampled_from(scenario.products))
    takers = data.draw(st.lists(st.sampled_from(in_house), min_size=1, unique=True))
    change, _text = in_house_only_change(scenario, row.name, takers)
    edited = product(with_changes(scenario, change), row.name)
    assert edited.in_house_only
    assert set(edited.routing) <= set(in_house)
    assert sum(edited.routing.values()) == pytest.approx(1.0)
    assert list(edited.fallback) == [m for m in row.fallback if m in in_house]
    before = {m: s for m, s in row.routing.items() if m in in_house and s > 0}
    if before:
        total = sum(before.values())
        assert edited.routing == pytest.approx({m: s / total for m, s in before.items()})
    else:
        assert edited.routing == pytest.approx({m: 1 / len(takers) for m in takers})
