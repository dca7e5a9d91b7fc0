"""Applying imported figures to products: the field changes and the provenance they record.

An import never edits a scenario itself: it gives field-path changes for
`core.scenario.edits.with_changes` (the GUI's one undo step), including the `sources` entries
`products.<name>.<field>` that say which file, how many rows and when
(docs/model.md#imports).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.formats.trace import TraceProfile
from core.formats.usage import UsageFit
from core.scenario.edits import with_sources
from core.scenario.schema import Product, Scenario, Source

FIELD_LABELS = {
    "prompt_tokens": "prompt tokens (mean per request)",
    "output_tokens": "output tokens (mean per request)",
    "p95_prompt_tokens": "p95 prompt tokens",
    "peak_to_average": "peak to average",
    "tokens_per_year": "tokens per year (base year)",
    "growth": "growth per year",
}


@dataclass(frozen=True)
class FieldChange:
    """One product field: its value now and the value the import would give it."""

    field: str
    old: float
    new: float

    @property
    def label(self) -> str:
        """The field in words, as the preview shows it."""
        return FIELD_LABELS[self.field]


def trace_changes(product: Product, profile: TraceProfile, volume: bool) -> list[FieldChange]:
    """A trace's profile as changes to `product` (its yearly volume only if `volume`)."""
    new = {
        "prompt_tokens": profile.mean_prompt_tokens,
        "output_tokens": profile.mean_output_tokens,
        "p95_prompt_tokens": profile.p95_prompt_tokens,
        "peak_to_average": profile.peak_to_average,
    }
    if volume:
        new["tokens_per_year"] = profile.tokens_per_year
    return [FieldChange(name, float(getattr(product, name)), value) for name, value in new.items()]


def source_text(kind: str, file_name: str, rows: int, today: date) -> str:
    """The provenance an import records: the kind of data, the file, its rows and the day."""
    return f"{kind} {file_name}: {rows:,} rows, imported {today.isoformat()}"


def usage_changes(product: Product, fit: UsageFit) -> list[FieldChange]:
    """A usage fit as changes to `product`'s base-year volume and growth."""
    return [
        FieldChange("tokens_per_year", product.tokens_per_year, fit.tokens_per_year),
        FieldChange("growth", product.growth, fit.growth),
    ]


def product_edit(
    scenario: Scenario, updates: Mapping[str, tuple[Sequence[FieldChange], str]]
) -> dict[str, Any]:
    """Field-path changes setting each named product's fields and recording its source."""
    index = {p.name: i for i, p in enumerate(scenario.products)}
    edit: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for product, (changes, source) in updates.items():
        for change in changes:
            edit[f"products[{index[product]}].{change.field}"] = change.new
            sources[f"products.{product}.{change.field}"] = Source(text=source)
    return edit | with_sources(scenario, sources)
