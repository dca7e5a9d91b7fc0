"""The PowerPoint deck: a deck that argues, each slide's title a message from the figures.

The title slide (the message, the headline, each KPI's status), then each variant of the
file against the baseline (the compare window's decision rows, changes coloured by what
they mean) and, after a variant that holds a plan, its recommendation (build, routing,
the plan's reasons); then one native chart per dashboard chart (cost as columns with
cost per million tokens as a line), the top risks, and the inputs with their sources
in one appendix table at 12 pt. Stamped like every export (docs/user-guide.md,
"Sharing and presenting"); drawn by core.formats.slides.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from pptx.util import Inches

from core.analysis.compare import compare
from core.engine.evaluate import evaluate
from core.engine.results import Results
from core.formats.argument import (
    ComparisonSlide,
    Recommendation,
    comparison_slides,
    holds_plan,
    recommendation,
)
from core.formats.deck_charts import DeckColors, chart_specs
from core.formats.export import stamp
from core.formats.slides import BODY_TOP, HEIGHT, MARGIN, WIDTH, Cell, Deck, rgb
from core.formats.storyline import subject_title
from core.scenario.files import write_bytes_atomic
from core.scenario.schema import Scenario
from core.scenario.workbook import Workbook
from core.summary.direction import shown_direction
from core.summary.headline import headline_for
from core.summary.input_labels import ELLIPSIS, labelled_inputs, words_that_fit
from core.summary.risks import top_risks
from core.summary.status import STATUS_KPIS, STATUS_MARK, judge, limits_of
from core.units import usd_short

STATUS_WORDS = {
    "total_cost_usd": "Total cost",
    "cost_per_m_tokens_usd": "Cost per M tokens",
    "gpus": "GPUs",
    "utilization": "Utilization (busy hour)",
    "external_token_share": "External share",
    "partner_hhi": "Partner HHI",
    "risk_index": "Risk index",
    "slo_breach_token_share": "Late tokens",
    "under_floor_token_share": "Tokens under a quality floor",
    "capex_cash_usd": "Capex cash",
    "facility_mw": "Site power",
}
TABLE_POINTS = 14  # comparison and build tables
APPENDIX_POINTS = 12  # the inputs: the smallest text a room reads off a screen
APPENDIX_ROWS = 22  # input rows per appendix slide at 12 pt, one line each
APPENDIX_ROW = Inches(0.235)  # 12 pt on one line with thin cell margins
SOURCE_CHARACTERS = 54  # a source longer than this is cut at a word; the notes hold it whole
PROPERTY_CHARACTERS = 255  # the most a core property (title, comments) holds (OPC, python-pptx)


def build_deck(
    book: Workbook, name: str, year: int, colors: DeckColors, when: datetime | None = None
) -> bytes:
    """The deck of scenario `name` of `book` (its charts for `year`) as .pptx bytes.

    Every variant of `book` is compared with its baseline in `year` and over the horizon.
    """
    scenario, now = book.named(name), when or datetime.now()
    stamp_text = stamp(scenario, now)
    deck = Deck(colors, stamp_text)
    comparison = compare(book.scenarios, year) if book.variants else None
    every = comparison.results if comparison else (evaluate(book.baseline),)
    results = next(r for r in every if r.scenario_name == name)
    reference = every[0]
    _title_slide(deck, results, reference, scenario, year)
    slides = comparison_slides(comparison) if comparison else []
    for variant, slide in zip(book.variants, slides, strict=True):
        with deck.stamped(stamp(variant, now)):  # the slide's variant, its inputs
            _comparison_slide(deck, slide)
            if holds_plan(variant):
                mine = next(r for r in every if r.scenario_name == variant.name)
                _recommendation_slide(deck, recommendation(variant, mine, reference, year))
    for spec in chart_specs(results, reference, year, colors):
        deck.chart(spec)
    _risks_slide(deck, results)
    _appendix(deck, scenario)
    _properties(deck, title=f"ScaleDeck: {scenario.name}", comments=stamp_text)
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue()


def _properties(deck: Deck, **texts: str) -> None:
    """The file's core properties, each cut at a word to PowerPoint's 255 characters.

    A long stamp (a build plan of four generations) raised instead of writing the deck;
    the slides show it whole.
    """
    for name, text in texts.items():
        setattr(deck.prs.core_properties, name, property_text(text))


def property_text(text: str) -> str:
    """`text` as a core property holds it: whole up to 255 characters, else cut with "…"."""
    shown = words_that_fit(text, partial(_fits, PROPERTY_CHARACTERS))
    if shown == ELLIPSIS and text:  # one word longer than the property: cut inside it
        shown = text[: PROPERTY_CHARACTERS - len(ELLIPSIS)] + ELLIPSIS
    return shown


def write_deck(path: Path, **build: Any) -> None:
    """`build_deck(**build)` written atomically to `path`."""
    write_bytes_atomic(path, build_deck(**build))


def _title_slide(
    deck: Deck, results: Results, reference: Results, scenario: Scenario, year: int
) -> None:
    slide = deck.slide(
        subject_title(results, reference, year), f"ScaleDeck: {results.scenario_name}"
    )
    body = (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(2.0))
    th, limits = scenario.status_thresholds, limits_of(scenario)
    deck.text(slide, headline_for(results, year, th), body, 18)
    baseline = None if reference is results else reference  # a variant: against its baseline
    said = {kpi: judge(results, kpi, year, th, limits, baseline) for kpi in STATUS_KPIS}
    lines = []
    for kpi, judged in said.items():
        mark = f"{STATUS_MARK[judged.status]} {judged.status.upper()}"
        lines.append(f"{mark}: {STATUS_WORDS[kpi]}, {judged.reason}")
    box = (MARGIN, Inches(3.9), WIDTH - 2 * MARGIN, Inches(3.0))
    frame = deck.text(slide, f"Status in {year}\n" + "\n".join(lines), box, 14, heading=True)
    meaning = {"good": deck.colors.good, "watch": deck.colors.watch, "act": deck.colors.warning}
    for paragraph, kpi in zip(frame.paragraphs[1:], STATUS_KPIS, strict=True):
        paragraph.runs[0].font.color.rgb = rgb(meaning[said[kpi].status])


def _comparison_slide(deck: Deck, shown: ComparisonSlide) -> None:
    """The variant's decision rows; a change that reads zero ("+0 pts") is muted, not green."""
    slide = deck.slide(shown.title, shown.subtitle)
    meaning = {"better": deck.colors.good, "worse": deck.colors.warning}
    head: list[Cell] = [("Decision row", None), ("Baseline", None), ("Variant", None),
                        ("Change", None)]  # fmt: skip
    rows = [head] + [
        [
            (r.label, None),
            (r.baseline, None),
            (r.variant, None),
            (r.change, meaning.get(shown_direction(r.direction, r.change), deck.colors.muted)),
        ]
        for r in shown.rows
    ]
    width = WIDTH - 2 * MARGIN
    widths = (Inches(5.8), Inches(2.0), Inches(2.0), width - Inches(9.8))
    height = min(HEIGHT - BODY_TOP - Inches(0.6), Inches(0.36) * len(rows))
    deck.table(slide, rows, (MARGIN, BODY_TOP, width, height), widths, TABLE_POINTS)


def _recommendation_slide(deck: Deck, shown: Recommendation) -> None:
    slide = deck.slide(shown.title, shown.label)
    width = WIDTH - 2 * MARGIN
    build = [[(text, None) for text in row] for row in shown.build]
    first = Inches(2.6)
    rest = (width - first) // max(1, len(shown.build[0]) - 1)
    widths = (first, *[rest] * (len(shown.build[0]) - 1))
    box: tuple[int, int, int, int] = (MARGIN, BODY_TOP, width, Inches(0.36) * len(build))
    deck.table(slide, build, box, widths, TABLE_POINTS)
    top = BODY_TOP + Inches(0.36) * len(build) + Inches(0.2)
    half = (width - Inches(0.3)) // 2
    routing = "Main model by product\n" + "\n".join(shown.routing or ("The routing as set.",))
    box = (MARGIN, top, half, HEIGHT - top - Inches(0.6))
    deck.text(slide, routing, box, 13, heading=True)
    why = "Why\n" + "\n".join(f"• {reason}" for reason in shown.reasons)
    deck.text(slide, why, (MARGIN + half + Inches(0.3), top, half, box[3]), 13, heading=True)


def _risks_slide(deck: Deck, results: Results) -> None:
    risks = top_risks(results)[:8]
    title = (
        f"{risks[0].title}: {usd_short(risks[0].usd_at_stake)} at stake (undiscounted), "
        f"the largest of {len(risks)} risk{'s' * (len(risks) > 1)}"
        if risks
        else "No risk: every promise kept, no shortfall, no concentration"
    )
    slide = deck.slide(title, "Top risks, by dollars at stake")
    lines = [f"{r.title}: {r.detail}. At stake: {r.stake}." for r in risks]
    body = (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, HEIGHT - BODY_TOP - Inches(0.6))
    deck.text(slide, "\n".join(lines), body, 16)


def _appendix(deck: Deck, scenario: Any) -> None:
    """The inputs as one table at 12 pt, continued on as few slides as it needs."""
    rows = labelled_inputs(scenario)
    pages = range(0, len(rows), APPENDIX_ROWS)
    width = WIDTH - 2 * MARGIN
    widths = (Inches(4.3), Inches(3.0), width - Inches(7.3))
    for number, start in enumerate(pages, 1):
        chunk = rows[start : start + APPENDIX_ROWS]
        more = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        slide = deck.slide(f"Appendix: the inputs and their sources{more}")
        cells: list[list[Cell]] = [[("Input", None), ("Value", None), ("Source", None)]]
        notes = []
        for row in chunk:
            kind = " (illustrative)" if row.illustrative else ""
            source = row.source or "no source given"
            short = words_that_fit(source, partial(_fits, SOURCE_CHARACTERS - len(kind))) + kind
            cells.append([(row.label, None), (row.value, None), (short, deck.colors.muted)])
            notes.append(f"{row.label}: {source}{kind}")
        box = (MARGIN, Inches(1.0), width, APPENDIX_ROW * len(cells))
        deck.table(slide, cells, box, widths, APPENDIX_POINTS)
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _fits(most: int, text: str) -> bool:
    return len(text) <= most
