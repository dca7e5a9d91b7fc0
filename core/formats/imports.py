"""Applying imported figures to products: the field changes and the provenance they record.

An import never edits a scenario itself: it gives field-path changes for
`core.scenario.edits.with_changes` (the GUI's one undo step), including the `sources` entries
`products.<name>.<field>` that say which file, how many rows and when
(docs/model.md#imports).
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.formats.trace import TraceImport
from core.formats.usage import UsageFit
from core.scenario.edits import with_sources
from core.scenario.schema import Product, Scenario, Source

FIELD_LABELS = {
    "prompt_tokens": "prompt tokens (mean per request)",
    "output_tokens": "output tokens (mean per request)",
    "p95_prompt_tokens": "p95 prompt tokens",
    "peak_to_average": "peak to average (busy hour)",
    "tokens_per_year": "tokens per year (base year)",
    "growth": "growth per year",
}
LARGE_RATIO = 2.0  # beyond x2 or under x0.5 a change is more often a slip than news: warned
LARGE_GROWTH_POINTS = 50.0  # growth is a rate: its change is in points, warned beyond 50


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

    @property
    def size(self) -> str:
        """How big the change is: "+12%" within x0.5..x2, "x0.00084" beyond, points for growth."""
        if self.field == "growth":
            return f"{(self.new - self.old) * 100:+.1f} points"
        if self.old == 0:
            return "no change" if self.new == 0 else "from 0"
        ratio = self.new / self.old
        if 1 / LARGE_RATIO <= ratio <= LARGE_RATIO:
            return f"{ratio - 1:+.0%}"
        return _times(ratio)

    @property
    def large(self) -> bool:
        """Whether the change is big enough to warn about (beyond x2 either way)."""
        if self.field == "growth":
            return abs(self.new - self.old) * 100 > LARGE_GROWTH_POINTS
        if self.old == 0:
            return self.new != 0
        ratio = self.new / self.old
        return not 1 / LARGE_RATIO <= ratio <= LARGE_RATIO

    def warning(self) -> str:
        """The warning a large change gets, in words (empty when it is not large)."""
        if not self.large:
            return ""
        if self.field == "growth":
            return f"{self.label} changes by {self.size}, more than {LARGE_GROWTH_POINTS:g}"
        way = "more than twice" if self.new > self.old else "less than half"
        return f"{self.label} {self.size}: {way} what it is now"


def _times(ratio: float) -> str:
    """A ratio as "x1,190", "x2.5" or "x0.00084": two significant figures, no exponent."""
    if ratio <= 0:
        return f"x{ratio:g}"
    if ratio >= 10:
        return f"x{ratio:,.0f}"
    decimals = max(1, 1 - math.floor(math.log10(ratio)))
    return f"x{ratio:.{decimals}f}"


def trace_changes(product: Product, trace: TraceImport) -> list[FieldChange]:
    """A trace's figures as changes to `product`; peak to average only from a busy hour.

    Every change is offered, none is taken by default: the caller applies those the user ticks.
    """
    profile = trace.profile
    new = {
        "prompt_tokens": profile.mean_prompt_tokens,
        "output_tokens": profile.mean_output_tokens,
        "p95_prompt_tokens": profile.p95_prompt_tokens,
        "tokens_per_year": profile.tokens_per_year,
    }
    if trace.busy_hour is not None:
        new["peak_to_average"] = trace.busy_hour
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
