"""The partner price catalog: pydantic's `genai-prices` snapshot, searchable offline.

Partner prices change every few months; typing them in by hand loses where they came
from. `genai-prices` ships a maintained price database inside the package. This module
reads that bundled snapshot (`genai_prices.data.providers`) and nothing else: never
`genai_prices.calc_price` or `UpdatePrices`, which may fetch fresh data over the
network. The rules (base tier, snapshot date, matching) are in
docs/model.md#partner-prices.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.metadata import version

from genai_prices import types as gp

PACKAGE = "genai-prices"


@dataclass(frozen=True)
class CatalogEntry:
    """One model of one provider, priced in USD per million tokens (base tier)."""

    provider: str  # the provider's display name, e.g. "Google"
    provider_id: str  # the catalog's id, e.g. "google"
    model: str  # the model's display name (with its id when two share a name)
    model_id: str
    input_usd_per_m: float
    output_usd_per_m: float
    snapshot_date: date

    def as_json(self) -> dict[str, str | float]:
        """The row as `scaledeck catalog --json` prints it."""
        return {
            "provider": self.provider,
            "model": self.model,
            "input_usd_per_m": self.input_usd_per_m,
            "output_usd_per_m": self.output_usd_per_m,
            "snapshot_date": self.snapshot_date.isoformat(),
        }


@dataclass(frozen=True)
class Catalog:
    """Every priced model of the snapshot, with a lower-cased search key per row."""

    entries: tuple[CatalogEntry, ...]
    keys: tuple[str, ...]  # provider id and name, model id and name, lower-cased
    snapshot_date: date
    version: str  # of the genai-prices package

    def search(self, query: str) -> list[CatalogEntry]:
        """Rows whose provider or model (name or id) contain every word of `query`.

        Case-insensitive; an empty query lists every row.
        """
        words = query.casefold().split()
        return [
            entry
            for entry, key in zip(self.entries, self.keys, strict=True)
            if all(word in key for word in words)
        ]

    def find(self, provider: str, model: str) -> CatalogEntry | None:
        """The entry a scenario's partner model maps to, or None.

        The provider must equal the entry's provider name or id, and the model its
        name, id, or `name (provider)` (the name given when the plain name was taken);
        case and surrounding spaces are ignored.
        """
        wanted = (provider.strip().casefold(), model.strip().casefold())
        return _lookup(self).get(wanted)

    @property
    def source_name(self) -> str:
        """How a source names this catalog: `genai-prices 0.2.3, prices as of 2027-01-01`."""
        return f"{PACKAGE} {self.version}, prices as of {self.snapshot_date.isoformat()}"


@functools.cache
def catalog() -> Catalog:
    """The catalog, built once on first use (about 0.2 s: the package's data module)."""
    from genai_prices.data import providers  # the bundled snapshot, not get_snapshot()

    priced = list(_priced(providers))
    when = max(_dates(providers))
    shared = Counter((p.id, m.name or m.id) for p, m, _price in priced)
    entries = sorted(
        (_entry(provider, model, price, when, shared) for provider, model, price in priced),
        key=lambda e: (e.provider.casefold(), e.model.casefold()),
    )
    keys = tuple(
        f"{e.provider_id}\n{e.provider}\n{e.model_id}\n{e.model}".casefold() for e in entries
    )
    return Catalog(tuple(entries), keys, when, version(PACKAGE))


@functools.cache
def _lookup(book: Catalog) -> dict[tuple[str, str], CatalogEntry]:
    found: dict[tuple[str, str], CatalogEntry] = {}
    for entry in book.entries:
        for provider in (entry.provider, entry.provider_id):
            for model in (entry.model, entry.model_id, f"{entry.model} ({entry.provider})"):
                found.setdefault((provider.casefold(), model.casefold()), entry)
    return found


def _priced(
    providers: list[gp.Provider],
) -> Iterator[tuple[gp.Provider, gp.ModelInfo, tuple[float, float]]]:
    """Every model with both an input and an output price per million tokens."""
    for provider in providers:
        for model in provider.models:
            prices = _base_prices(model)
            cost_in = _per_m(getattr(prices, "input_mtok", None))
            cost_out = _per_m(getattr(prices, "output_mtok", None))
            if cost_in is not None and cost_out is not None:
                yield provider, model, (cost_in, cost_out)


def _base_prices(model: gp.ModelInfo) -> gp.ModelPrice:
    """The newest dated price, or its peak time-of-day window's if that costs more.

    Some providers (DeepSeek) price by time of day; a plan cannot count on off-peak
    hours, so the dearer input price among the windows is the list price.
    """
    if isinstance(model.prices, gp.ModelPrice):
        return model.prices
    by_time = [c for c in model.prices if isinstance(c.constraint, gp.TimeOfDateConstraint)]
    dated = [c for c in model.prices if c not in by_time] or model.prices
    candidates = [dated[-1], *by_time]
    return max(candidates, key=lambda c: _per_m(getattr(c.prices, "input_mtok", None)) or 0).prices


def _per_m(price: Decimal | gp.TieredPrices | None) -> float | None:
    """USD per million tokens; tiered prices give their base (the lowest-volume) tier."""
    if isinstance(price, gp.TieredPrices):
        return float(price.base)
    return None if price is None else float(price)


def _dates(providers: list[gp.Provider]) -> Iterator[date]:
    """Every date a price of the snapshot starts on: the newest dates the snapshot."""
    for provider in providers:
        for model in provider.models:
            if not isinstance(model.prices, gp.ModelPrice):
                for conditional in model.prices:
                    if isinstance(conditional.constraint, gp.StartDateConstraint):
                        yield conditional.constraint.start_date


def _entry(
    provider: gp.Provider,
    model: gp.ModelInfo,
    price: tuple[float, float],
    when: date,
    shared: Counter[tuple[str, str]],
) -> CatalogEntry:
    name = model.name or model.id
    if shared[(provider.id, name)] > 1:
        name = f"{name} ({model.id})"
    return CatalogEntry(provider.name, provider.id, name, model.id, *price, when)
