"""`scaledeck deck`: the PowerPoint deck of a scenario, headless (core.formats.deck, no Qt)."""

import argparse
from typing import Any

import core
from cli.errors import EXIT_OK, check_writable, writing
from cli.scenario_args import open_scenario, what_if_variant
from cli.share_commands import document_arguments, file_and_out
from core.formats.deck import write_deck
from core.scenario.messages import year_outside
from gui.style.theme import THEMES, deck_colors


def register(commands: Any) -> None:
    """Add `deck` to the `scaledeck` parser."""
    deck = commands.add_parser("deck", help="the PowerPoint deck, with native editable charts")
    document_arguments(deck, "OUT.pptx", "year of the headline and product charts")
    deck.set_defaults(run=run_deck)


def run_deck(args: argparse.Namespace) -> int:
    """`scaledeck deck [FILE] OUT.pptx [--scenario NAME] [--year Y] [--theme T]`.

    The deck of the scenario (what-ifs applied, as `NAME (what-if)` beside the file's),
    with every variant of the file compared with its baseline.
    """
    file, out = file_and_out(args, (".pptx",))
    original = open_scenario(file, args.scenario)  # names the missing variant, if any
    book = core.load_workbook(file) if file else core.make_workbook(original)
    changed = what_if_variant(book, original.name, args)
    if changed is not None:
        book = core.make_workbook(book.baseline, (*book.variants, changed))
    scenario = changed or original
    years = scenario.horizon.years
    if args.year is not None and args.year not in years:
        raise core.ScenarioError([year_outside(args.year, years)])
    check_writable(out)
    with writing(out):
        write_deck(
            out,
            book=book,
            name=scenario.name,
            year=args.year if args.year is not None else scenario.headline_year,
            colors=deck_colors(THEMES[args.theme]),
        )
    print(f"wrote {out}")
    return EXIT_OK
