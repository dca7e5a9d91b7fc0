"""The deck on extreme inputs (review of extremes, findings 1 and 4): a stamp longer than
a core property holds, and years or scenarios that serve no token."""

import io
import math
import re
from datetime import datetime

import numpy as np
import pytest
from pptx import Presentation
from scopes import SHARED

import core
from core.formats.deck import PROPERTY_CHARACTERS, build_deck, property_text
from core.formats.deck_charts import chart_specs
from core.formats.export import stamp
from core.formats.storyline import comparison_title, cost_message, quality_message, unit_cost_moves
from core.scenario.edits import routing_change, with_changes
from gui.style.theme import LIGHT, deck_colors

WHEN = datetime(2026, 3, 1, 9, 30)
YEARS = (2026, 2027, 2028, 2029, 2030, 2031)
NAN = math.nan
MIXED_PLAN = [
    {"year": 2027, "gpu": "GB300", "gpus": 20000},
    {"year": 2028, "gpu": "B200", "gpus": 20000},
    {"year": 2029, "gpu": "MI355X", "gpus": 20000},
    {"year": 2030, "gpu": "H200", "gpus": 10000},
]


def deck_of(scenario, year=2029):
    blob = build_deck(core.make_workbook(scenario), scenario.name, year, deck_colors(LIGHT), WHEN)
    return Presentation(io.BytesIO(blob))


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


@pytest.fixture(scope=SHARED)
def unserved():
    """The default serving no token: every product at zero tokens a year."""
    return with_changes(
        core.default_scenario(), {f"products[{i}].tokens_per_year": 0.0 for i in range(6)}
    )


@pytest.fixture(scope=SHARED)
def late_start():
    """Every product on MAI-2 alone, the only model on: none served before it is out."""
    scenario = core.default_scenario()
    for product in scenario.products:
        scenario = with_changes(scenario, routing_change(scenario, product.name, {"MAI-2": 1.0}))
    off = {f"models[{i}].enabled": False for i in (0, 2, 3, 4, 5)}
    return with_changes(scenario, off)


def test_a_stamp_over_255_characters_writes_the_deck_and_cuts_the_property():
    scenario = with_changes(
        core.default_scenario(),
        {"name": "Build plan B: mixed vendors and a longer name", "build_plan": MIXED_PLAN},
    )
    whole = stamp(scenario, WHEN)
    assert len(whole) > PROPERTY_CHARACTERS
    deck = deck_of(scenario)  # raised ValueError: exceeded 255 char limit for property
    said = deck.core_properties.comments
    assert len(said) <= PROPERTY_CHARACTERS
    assert said.endswith("…")
    assert whole.startswith(said.removesuffix("…"))
    assert deck.core_properties.title == f"ScaleDeck: {scenario.name}"
    assert whole in slide_texts(deck.slides[0])  # the slides keep it whole


def test_a_property_is_whole_up_to_255_characters_and_cut_after():
    assert property_text("a" * 255) == "a" * 255
    assert property_text("word " * 60) == " ".join(["word"] * 51) + "…"  # 255: cut at a word
    long_word = "x" * 300  # no space to cut at: cut inside it
    assert property_text(long_word) == "x" * 254 + "…"
    assert property_text("") == ""


@pytest.mark.parametrize(
    ("per_m", "said"),
    [
        ([3.53, 2.0, 1.5, 1.0, 0.8, 0.63], "falls from $3.53 to $0.63"),
        ([NAN] * 6, "is n/a: no token is served"),
        (
            [NAN, NAN, NAN, 16.27, 13.98, 12.0],
            "falls from $16.27 in 2029 to $12.00 in 2031 (no token served in 2026-2028)",
        ),
        ([2.0, NAN, 2.5, 3.0, 3.0, 4.0], "rises from $2.00 to $4.00 (no token served in 2027)"),
        ([NAN] * 5 + [12.0], "is $12.00 in 2031 (no token served in 2026-2030)"),
        (
            [5.0, 5.0, 5.0, 5.0, NAN, NAN],
            "holds at $5.00 over 2026-2029 (no token served in 2030-2031)",
        ),
        (
            [np.inf, 2.0, 2.0, 2.0, 2.0, 2.0],
            "holds at $2.00 over 2027-2031 (no token served in 2026)",
        ),
    ],
)
def test_the_cost_per_million_tokens_is_said_over_the_years_that_serve_a_token(per_m, said):
    assert unit_cost_moves(YEARS, np.array(per_m)) == said


def test_no_token_served_reads_n_a_in_the_title_and_a_note_on_the_chart(unserved):
    results = core.evaluate(unserved)
    assert cost_message(results).endswith("cost per million tokens is n/a: no token is served")
    cost = chart_specs(results, results, 2029, deck_colors(LIGHT))[0]
    assert cost.line is not None
    assert set(cost.line.values) == {None}  # no point to draw
    assert cost.note.endswith("No cost per million tokens: no token is served.")
    titles = [slide_texts(s)[0] for s in deck_of(unserved).slides]
    assert not [t for t in titles if re.search(r"\bnan\b", t, re.IGNORECASE)], titles


def test_a_late_first_token_names_the_years_without_one(late_start):
    results = core.evaluate(late_start)
    per_m = results.series("cost_per_m_tokens_usd")
    none = [year for year, v in zip(results.years, per_m, strict=True) if not np.isfinite(v)]
    first = next(year for year in results.years if year not in none)
    assert none
    assert none[0] == results.years[0]  # the case: the first year serves nothing
    title = cost_message(results)
    assert "nan" not in title
    assert f" in {first} to $" in title
    assert "(no token served in 2026" in title
    specs = chart_specs(results, results, 2026, deck_colors(LIGHT))
    assert "No cost per million tokens in 2026" in specs[0].note
    latency = next(s for s in specs if s.label.startswith("Latency"))
    assert latency.note == "No token is served in 2026: no latency to draw."


def test_the_quality_title_never_says_unserved_traffic_meets_its_floor():
    """With every model off the slide said "Every product meets its quality floor"."""
    scenario = core.default_scenario()
    off = {f"models[{i}].enabled": False for i in range(len(scenario.models))}
    assert quality_message(core.evaluate(with_changes(scenario, off)), 2029) == (
        "No token is served in 2029: no model serves any product's traffic"
    )
    in_house_off = {
        f"models[{i}].enabled": False for i, m in enumerate(scenario.models) if m.kind == "in_house"
    }
    no_floors = {f"products[{i}].quality_floor": 0.0 for i in range(len(scenario.products))}
    partly = core.evaluate(with_changes(scenario, in_house_off | no_floors))
    assert quality_message(partly, 2029) == (
        "Every token served meets its quality floor in 2029, but Regulated-industry models "
        "has traffic no model serves"
    )
    assert quality_message(core.evaluate(scenario), 2029).endswith(
        "in 2029: the most, 40% of the tokens of M365 Copilot Excel and M365 Copilot PowerPoint"
    )


def test_a_variant_that_serves_nothing_says_so_in_its_title():
    """ "Off saves $17.14B ... cuts the external share to 0%" hid that it serves nothing."""
    scenario = core.default_scenario()
    off = {f"models[{i}].enabled": False for i in range(len(scenario.models))}
    title = comparison_title(
        core.evaluate(with_changes(scenario, off | {"name": "Off"})), core.evaluate(scenario), 2029
    )
    assert title.endswith(", but it leaves 100% of tokens unserved")
    assert "unserved" not in comparison_title(
        core.evaluate(with_changes(scenario, {"fleet.scale": 2.0, "name": "Big"})),
        core.evaluate(scenario),
        2029,
    )
