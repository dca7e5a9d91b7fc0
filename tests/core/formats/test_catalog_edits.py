"""Scenario edits from the price catalog: an added partner and price updates, with sources."""

import pytest

import core
from core.formats.catalog import CatalogEntry, catalog
from core.formats.catalog_edits import add_partner_changes, price_changes, price_updates
from core.scenario.edits import with_changes
from core.scenario.sources import source_for

pytestmark = pytest.mark.usefixtures("fresh_catalog")


def _gemini() -> CatalogEntry:
    entry = catalog().find("Google", "Gemini 2.5 Pro")
    assert entry is not None
    return entry


def test_an_added_partner_has_the_catalog_prices_and_sources():
    scenario = core.default_scenario()
    added = with_changes(scenario, add_partner_changes(scenario, _gemini(), catalog()))
    model = added.models[-1]
    assert (model.name, model.provider) == ("Gemini 2.5 Pro", "Google")
    assert (model.price_in_per_m, model.price_out_per_m) == (1.25, 10.0)
    assert set(model.quality.values()) == {0.0}
    assert set(model.quality) == {p.task for p in scenario.products}
    i = len(added.models) - 1
    price = source_for(added, f"models[{i}].price_in_per_m")
    assert price.text == (
        "$1.25 per M input tokens: Google gemini-2.5-pro, base tier, "
        "from genai-prices 0.2.3, prices as of 2027-01-01."
    )
    assert not price.illustrative
    for path in (
        f"models[{i}].quality.coding",
        f"models[{i}].ttft_p95_s",
        f"models[{i}].tpot_p95_ms",
    ):
        assert source_for(added, path).illustrative, path


def test_a_taken_name_gets_the_provider_then_is_refused():
    scenario = core.default_scenario()
    once = with_changes(scenario, add_partner_changes(scenario, _gemini(), catalog()))
    twice = with_changes(once, add_partner_changes(once, _gemini(), catalog()))
    assert twice.models[-1].name == "Gemini 2.5 Pro (Google)"
    with pytest.raises(core.ScenarioError, match=r"a model named 'Gemini 2\.5 Pro \(Google\)'"):
        add_partner_changes(twice, _gemini(), catalog())


def test_price_updates_map_partners_by_provider_and_name_and_apply_with_sources():
    scenario = core.default_scenario()
    added = with_changes(scenario, add_partner_changes(scenario, _gemini(), catalog()))
    cheaper = with_changes(added, {f"models[{len(added.models) - 1}].price_in_per_m": 9.0})
    updates = price_updates(cheaper, catalog())
    assert [(u.name, u.old_in, u.changed) for u in updates] == [("Gemini 2.5 Pro", 9.0, True)]
    updated = with_changes(cheaper, price_changes(cheaper, updates, catalog()))
    assert updated.models[-1].price_in_per_m == 1.25
    assert price_changes(cheaper, [], catalog()) == {}
