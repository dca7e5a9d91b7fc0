"""Scenario edits from the price catalog: add a partner, update partner prices.

Each function returns field-path changes for `core.scenario.edits.with_changes` (the GUI's
`ScenarioDocument.edit`), so adding a partner or updating prices is one validated undo
step. Every catalog number carries its source: the provider, the model id and the
snapshot (docs/model.md#partner-prices).
"""

from dataclasses import dataclass
from typing import Any

from core.formats.catalog import Catalog, CatalogEntry
from core.scenario.checks import Problem, ScenarioError
from core.scenario.edits import with_sources
from core.scenario.schema import PartnerModel, Scenario, Source

NOT_SCORED = 0.0  # an added model's quality per task until the user scores it
UNSCORED_TEXT = "Not scored yet: 0 for every task until you set it (added from the price catalog)."
LATENCY_TEXT = "ScaleDeck's default partner latency until you set it (added from the catalog)."


@dataclass(frozen=True)
class PriceUpdate:
    """A partner model of the scenario, its prices and the catalog's (USD per M tokens)."""

    index: int  # in scenario.models
    name: str
    provider: str
    old_in: float
    old_out: float
    entry: CatalogEntry

    @property
    def changed(self) -> bool:
        """Whether the catalog's prices differ from the scenario's."""
        return (self.old_in, self.old_out) != (
            self.entry.input_usd_per_m,
            self.entry.output_usd_per_m,
        )


def partner_name(scenario: Scenario, entry: CatalogEntry) -> str:
    """The catalog's model name, or `name (provider)` when a model already has that name."""
    taken = {m.name for m in scenario.models}
    return entry.model if entry.model not in taken else f"{entry.model} ({entry.provider})"


def add_partner_changes(scenario: Scenario, entry: CatalogEntry, book: Catalog) -> dict[str, Any]:
    """Changes that add `entry` as a partner model, with its prices' sources.

    Quality (0 for every task the products use, so no floor is met by accident) and
    latency (the schema's defaults) are marked illustrative until the user sets them.
    """
    name = partner_name(scenario, entry)
    if any(m.name == name for m in scenario.models):
        raise ScenarioError([Problem("models", f"a model named {name!r} is already there")])
    tasks = sorted({p.task for p in scenario.products})
    model = {  # validated with the scenario: a bad name is a ScenarioError naming the field
        "kind": "partner",
        "name": name,
        "provider": entry.provider,
        "price_in_per_m": entry.input_usd_per_m,
        "price_out_per_m": entry.output_usd_per_m,
        "quality": dict.fromkeys(tasks, NOT_SCORED),
    }
    sources = {
        **_price_sources(name, entry, book),
        f"models.{name}.quality": Source(text=UNSCORED_TEXT, illustrative=True),
        f"models.{name}.ttft_p95_s": Source(text=LATENCY_TEXT, illustrative=True),
        f"models.{name}.tpot_p95_ms": Source(text=LATENCY_TEXT, illustrative=True),
    }
    return {
        f"models[{len(scenario.models)}]": model,
        **with_sources(scenario, sources),
    }


def price_updates(scenario: Scenario, book: Catalog) -> list[PriceUpdate]:
    """Every partner model that maps to a catalog entry (`Catalog.find`), in scenario order."""
    updates = []
    for i, model in enumerate(scenario.models):
        entry = book.find(model.provider, model.name) if isinstance(model, PartnerModel) else None
        if isinstance(model, PartnerModel) and entry is not None:
            updates.append(
                PriceUpdate(
                    i,
                    model.name,
                    model.provider,
                    model.price_in_per_m,
                    model.price_out_per_m,
                    entry,
                )
            )
    return updates


def price_changes(scenario: Scenario, updates: list[PriceUpdate], book: Catalog) -> dict[str, Any]:
    """Changes that give each of `updates` the catalog's prices, and say so in its sources."""
    changes: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for update in updates:
        changes[f"models[{update.index}].price_in_per_m"] = update.entry.input_usd_per_m
        changes[f"models[{update.index}].price_out_per_m"] = update.entry.output_usd_per_m
        sources.update(_price_sources(update.name, update.entry, book))
    if sources:
        changes |= with_sources(scenario, sources)
    return changes


def _price_sources(name: str, entry: CatalogEntry, book: Catalog) -> dict[str, Source]:
    where = f"{entry.provider} {entry.model_id}, base tier, from {book.source_name}"
    return {
        f"models.{name}.price_in_per_m": Source(
            text=f"${entry.input_usd_per_m:g} per M input tokens: {where}."
        ),
        f"models.{name}.price_out_per_m": Source(
            text=f"${entry.output_usd_per_m:g} per M output tokens: {where}."
        ),
    }
