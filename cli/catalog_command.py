"""`scaledeck catalog [QUERY]`: partner prices from the bundled genai-prices snapshot."""

import argparse
from typing import Any

from cli.errors import EXIT_OK, json_text
from core.formats.catalog import Catalog, CatalogEntry, catalog
from core.units import counted


def register(commands: Any) -> None:
    """Add `catalog` to the `scaledeck` parser."""
    parser = commands.add_parser(
        "catalog", help="partner models and prices per million tokens (genai-prices, offline)"
    )
    parser.add_argument(
        "query", nargs="*", default=[], help="words every match contains (default: list all)"
    )
    parser.add_argument("--json", action="store_true", help="a JSON list of rows")
    parser.set_defaults(run=run_catalog)


def run_catalog(args: argparse.Namespace) -> int:
    """Print the matches; none is an answer too (exit 0, an empty list with --json)."""
    book, query = catalog(), " ".join(args.query)
    rows = book.search(query)
    if args.json:
        print(json_text([row.as_json() for row in rows]))
    elif rows:
        print(catalog_table(book, rows))
    else:
        print(f"No catalog model matches {query!r} ({book.source_name}).")
    return EXIT_OK


def catalog_table(book: Catalog, rows: list[CatalogEntry]) -> str:
    """Provider | model | input and output USD per million tokens, then the source line."""
    provider_width = max(len("Provider"), *(len(r.provider) for r in rows))
    model_width = max(len("Model"), *(len(r.model) for r in rows))
    head = (
        f"{'Provider':<{provider_width}}  {'Model':<{model_width}}  {'In $/M':>9}  {'Out $/M':>9}"
    )
    lines = [head]
    lines += [
        f"{r.provider:<{provider_width}}  {r.model:<{model_width}}  "
        f"{r.input_usd_per_m:>9,.3f}  {r.output_usd_per_m:>9,.3f}"
        for r in rows
    ]
    lines.append(f"{counted(len(rows), 'model')}; prices from {book.source_name}, base tier.")
    return "\n".join(lines)
