"""A deck that argues (issue 27, 2): titles computed from the figures, a comparison slide
per variant, a recommendation slide after a plan, the dashboard's meaning colours, cost
bars with cost per million tokens as a line, the inputs in one appendix at 12 pt."""

import io
import json

import numpy as np
import pytest
from pptx import Presentation
from pptx.util import Pt
from scopes import SHARED

import core
from cli.main import main
from core.analysis.fill import fill_fleet
from core.formats.argument import recommendation
from core.formats.deck import build_deck
from core.formats.storyline import (
    _most,
    capacity_message,
    comparison_title,
    cost_message,
    providers_message,
    share_words,
)
from core.plan.solve import recommend_plan
from core.scenario.edits import routing_change, with_changes, with_generation
from core.scenario.files import save_workbook
from core.summary.input_labels import words_that_fit
from core.units import cost_change, usd_short
from gui.style.theme import LIGHT, deck_colors

YEAR = 2029
OFFICE = ("M365 Copilot Excel", "M365 Copilot PowerPoint")


def texts(slide) -> list[str]:
    """Every text on a slide: text boxes, table cells, and chart series and categories."""
    found = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    for shape in slide.shapes:
        if shape.has_table:
            found += [cell.text for cell in shape.table.iter_cells()]
        if shape.has_chart:
            for plot in shape.chart.plots:
                found += [s.name for s in plot.series] + [str(c) for c in plot.categories]
    return found


def title(slide) -> str:
    return texts(slide)[0]


def deck_of(book, name="Baseline"):
    return Presentation(io.BytesIO(build_deck(book, name, YEAR, deck_colors(LIGHT))))


def meeting_variant(base):
    """The issue's meeting: 10x GB200 by 2029, Excel and PowerPoint moved to MAI-2."""
    variant = with_changes(
        with_generation(base, "GB200"), {"name": "10x GB200", "fleet.scale": 10.0}
    )
    for product in OFFICE:
        variant = with_changes(variant, routing_change(variant, product, {"MAI-2": 1.0}))
    return variant


@pytest.fixture(scope=SHARED)
def meeting():
    """A file with a variant and a plan, and its deck."""
    base = core.default_scenario()
    plan = recommend_plan(base).scenario
    book = core.make_workbook(base, (meeting_variant(base), plan))
    return book, deck_of(book)


def test_share_words_say_the_move():
    assert share_words(0.84, 0.42) == "halves the external share (84% to 42%)"
    assert share_words(0.84, 0.65) == "cuts the external share from 84% to 65%"
    assert share_words(0.40, 0.65) == "raises the external share from 40% to 65%"
    assert share_words(0.401, 0.399) == "keeps the external share at 40%"


def test_a_variant_slide_title_is_computed_from_its_figures(meeting):
    book, deck = meeting
    base, variant = (core.evaluate(s) for s in book.scenarios[:2])
    said = title(deck.slides[1])
    assert said == comparison_title(variant, base, YEAR)
    assert said.startswith(
        f"10x GB200 {cost_change(variant.pv_cost_usd, base.pv_cost_usd)} in present cost and "
    )
    assert "costs $" in said
    assert " more in present cost" in said
    assert said.endswith(
        "but M365 Copilot PowerPoint's tokens under its quality floor rise from 40% to 100%"
    )
    # Change a figure, the title follows: twice the fleet costs less than ten times.
    smaller = with_changes(book.variants[0], {"fleet.scale": 2.0})
    again = deck_of(core.make_workbook(book.baseline, (smaller,)))
    other = core.evaluate(smaller)
    assert title(again.slides[1]) != said
    assert cost_change(other.pv_cost_usd, base.pv_cost_usd) in title(again.slides[1])


def test_chart_titles_are_messages_that_follow_the_figures():
    base = core.default_scenario()
    deck = deck_of(core.make_workbook(base))
    results = core.evaluate(base)
    cost = next(s for s in deck.slides if "Cost by component" in " ".join(texts(s)))
    assert title(cost) == cost_message(results)
    total = results.series("total_cost_usd")
    assert f"rises from {usd_short(total[0])} to {usd_short(total[-1])}" in title(cost)
    cheaper = with_changes(base, {"products[0].growth": 0.0})
    again = deck_of(core.make_workbook(cheaper))
    moved = next(s for s in again.slides if "Cost by component" in " ".join(texts(s)))
    assert title(moved) != title(cost)
    titles = [title(s) for s in deck.slides]
    under = results.product_arrays.under_floor_share[results.years.index(YEAR)]
    most = f"{under.max():.0%} of the tokens of M365 Copilot Excel and M365 Copilot PowerPoint"
    assert most in " ".join(titles)  # a tie names both, not the first alone
    assert "GitHub Copilot, M365 Copilot Excel and M365 Copilot PowerPoint the most (100%)" in (
        " ".join(titles)
    )
    assert "Every product keeps its latency promise in 2029" in titles
    assert not any(t.startswith(("Cost by component", "Tokens served by provider")) for t in titles)


def test_a_comparison_slide_per_variant_and_a_recommendation_after_the_plan(meeting):
    book, deck = meeting
    titles = [title(s) for s in deck.slides]
    results = [core.evaluate(s) for s in book.scenarios]
    for variant in results[1:]:
        assert comparison_title(variant, results[0], YEAR) in titles
    plan_at = titles.index(comparison_title(results[2], results[0], YEAR))
    recommendation = deck.slides[plan_at + 1]
    said = texts(recommendation)
    assert title(recommendation).startswith(
        f"Recommended plan {cost_change(results[2].pv_cost_usd, results[0].pv_cost_usd)} "
        "in present cost"
    )
    build = {}
    for row in book.variants[1].build_plan:
        build[(row.gpu, row.year)] = build.get((row.gpu, row.year), 0) + row.gpus
    for (gpu, _year), gpus in build.items():
        assert gpu in said
        assert f"{gpus:,}" in said
    reasons = next(t for t in said if t.startswith("Why"))
    assert "is the cheapest GPU per million tokens" in reasons
    routing = next(t for t in said if t.startswith("Main model by product"))
    assert all(p.name in routing for p in book.baseline.products)
    # The meeting variant holds no plan: its comparison is followed by the next comparison.
    assert titles[2] == titles[plan_at]


def test_a_ramp_holding_a_routing_plan_says_the_gpus_its_ramp_adds():
    """`deck --scale 4 --fill 0.85`: 15,000 -> 60,000 H100 on the comparison slide, and the
    recommendation said "It adds no GPU", with an empty table and "GB200 is the cheapest GPU"
    and "The build stops after 2029" (reasons of a build nobody applied)."""
    base = core.default_scenario()
    ramp = with_changes(base, {"name": "4x filled", "fleet.scale": 4.0})
    ramp = with_changes(ramp, fill_fleet(ramp, 0.85).changes)
    shown = recommendation(ramp, core.evaluate(ramp), core.evaluate(base), YEAR)
    assert shown.label == (
        "It adds 45,000 GPUs (H100) over 2027-2029: the ramp, the routing, and why"
    )
    assert shown.build[1:] == (("H100", "0", "15,000", "15,000", "15,000", "0", "0"),)
    assert shown.routing
    assert shown.reasons
    assert not [r for r in shown.reasons if "cheapest GPU" in r or "build stops" in r]


def test_the_comparison_rows_are_the_compare_decisions_coloured_by_meaning(meeting):
    book, deck = meeting
    table = next(s for s in deck.slides[1].shapes if s.has_table).table
    rows = {table.cell(r, 0).text: r for r in range(len(table.rows))}
    present = rows["Present cost (USD, horizon)"]
    assert table.cell(present, 3).text.startswith("costs $")
    red, green = LIGHT.warning.lstrip("#"), LIGHT.good.lstrip("#")
    assert str(table.cell(present, 3).text_frame.paragraphs[0].runs[0].font.color.rgb) == red
    share = rows[f"External token share, {YEAR}"]
    assert str(table.cell(share, 3).text_frame.paragraphs[0].runs[0].font.color.rgb) == green
    under = rows[f"Products under their quality floor, {YEAR}"]
    counts = [
        str(int((r.product_arrays.under_floor_share[r.years.index(YEAR)] > 0).sum()))
        for r in (core.evaluate(s) for s in book.scenarios[:2])
    ]
    assert [table.cell(under, 1).text, table.cell(under, 2).text] == counts


def test_a_broken_quality_floor_is_red_and_shares_stop_at_100(meeting):
    book, _deck = meeting
    deck = deck_of(book, "10x GB200")
    charts = {texts(s)[1].split(",")[0]: c for s in deck.slides for c in
              [sh.chart for sh in s.shapes if sh.has_chart]}  # fmt: skip
    quality = charts["Quality against each product's floor"]
    products = list(quality.plots[0].categories)
    bars = quality.plots[0].series[0]
    colours = [str(bars.points[i].format.fill.fore_color.rgb) for i in range(len(products))]
    red, green = LIGHT.warning.lstrip("#"), LIGHT.good.lstrip("#")
    assert colours[products.index("M365 Copilot PowerPoint")] == red
    assert colours[products.index("GitHub Copilot")] == green
    results = core.evaluate(book.variants[0])
    under = results.product_arrays.under_floor_share[results.years.index(YEAR)]
    assert colours == [red if share > 0 else green for share in under]
    external = charts["External share by product"]
    assert external.value_axis.maximum_scale == 100
    assert external.value_axis.minimum_scale == 0


def test_cost_is_a_combo_chart_with_cost_per_million_tokens_on_the_right(tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(out)]) == 0
    capsys.readouterr()
    assert main(["evaluate", "--json"]) == 0
    kpis = json.loads(capsys.readouterr().out)["kpis"]
    deck = Presentation(str(out))
    chart = next(sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart)
    columns, line = chart.plots
    assert [s.name for s in columns.series][-1] == "Cloud burst"
    assert len(columns.series) == 6
    assert [s.name for s in line.series] == ["Cost per million tokens ($, right axis)"]
    assert list(line.series[0].values) == pytest.approx(kpis["cost_per_m_tokens_usd"])
    xml = chart._chartSpace.xml
    assert xml.count("<c:valAx>") == 2
    assert '<c:axPos val="r"/>' in xml
    assert '<c:crosses val="max"/>' in xml


def test_the_inputs_are_one_appendix_at_12_pt_or_more(meeting):
    _book, deck = meeting
    appendix = [s for s in deck.slides if title(s).startswith("Appendix: the inputs")]
    assert 1 <= len(appendix) <= 2
    assert appendix == list(deck.slides)[-len(appendix) :]
    sizes, labels = [], []
    for slide in appendix:
        table = next(s for s in slide.shapes if s.has_table).table
        labels += [table.cell(r, 0).text for r in range(1, len(table.rows))]
        for cell in table.iter_cells():
            sizes += [run.font.size for p in cell.text_frame.paragraphs for run in p.runs]
    assert min(sizes) >= Pt(12)
    assert labels[:2] == ["Horizon", "GPUs today"]
    assert "Capex per GPU" in labels
    notes = appendix[0].notes_slide.notes_text_frame.text
    assert "Capex per GPU: H100 all-in ~$47-52k per GPU" in notes


def test_a_source_is_cut_at_a_word_never_inside_one():
    source = "H100 all-in ~$47-52k per GPU"
    assert words_that_fit(source, lambda text: len(text) <= 15) == "H100 all-in…"
    assert words_that_fit(source, lambda text: len(text) <= 40) == source
    assert words_that_fit("Staff, maintenance", lambda text: len(text) <= 10) == "Staff…"


def test_no_slide_says_npv(meeting, tmp_path):
    _book, deck = meeting
    for slide in deck.slides:
        for text in texts(slide):
            assert "npv" not in text.lower(), text
    path = tmp_path / "meeting.scaledeck.json"
    save_workbook(meeting[0], path)
    out = tmp_path / "meeting.pptx"
    assert main(["deck", str(path), str(out), "--scale", "4"]) == 0
    cli_deck = Presentation(str(out))
    titles = [title(s) for s in cli_deck.slides]
    assert any(t.startswith("Baseline (what-if) costs $") for t in titles)  # the what-if compared


def test_the_capacity_message_names_the_short_years_or_says_there_are_none():
    default = core.default_scenario()
    assert capacity_message(core.evaluate(default)) == (
        "Busy-hour demand outgrows the fleet in 2029-2031: the excess is cloud burst"
    )
    tripled = core.evaluate(with_changes(default, {"fleet.scale": 3.0}))
    assert capacity_message(tripled) == (
        "The fleet covers busy-hour demand in every year: no cloud burst"
    )


def test_the_most_names_every_product_that_shows_the_largest_share():
    """A tie as shown (99.6% reads 100%) is no one product's: each is named, all is "every"."""
    names = ("A", "B", "C")
    assert _most(names, np.array([0.5, 0.996, 1.0])) == ("100%", "B and C")
    assert _most(names, np.array([1.0, 1.0, 1.0])) == ("100%", "every product")
    assert _most(("A",), np.array([1.0])) == ("100%", "A")


def test_but_sets_a_cost_against_good_news_only():
    """ "Shift costs $15.4B more ... raises the external share ..., but ... tokens under its
    quality floor rise" set one bad outcome against another: "but" follows good news only."""
    base = core.evaluate(core.default_scenario())

    def title(scale: float) -> str:
        shifted = {"name": "Shift", "levers.in_house_shift": 0.6, "fleet.scale": scale}
        return comparison_title(
            core.evaluate(with_changes(core.default_scenario(), shifted)), base, 2029
        )

    worse = title(3.0)  # costs more, raises the external share: nothing to set against
    assert "raises the external share" in worse
    assert "; and M365 Copilot PowerPoint's tokens under its quality floor rise" in worse
    better = title(10.0)  # cuts the external share: the floor is its price
    assert "cuts the external share" in better
    assert ", but M365 Copilot PowerPoint's tokens under its quality floor rise" in better


def test_the_providers_title_of_free_partners_names_no_share_of_spend(tiny):
    """Partners at $0: "(n/a of outside spend)" was read; the title names the tokens only."""
    free = tiny({"models[1].price_in_per_m": 0.0, "models[1].price_out_per_m": 0.0})
    title = providers_message(core.evaluate(free), 2026)
    assert title == (
        "P1 serves 100% of outside tokens in 2026: Partner HHI 6,944, highly concentrated"
    )
