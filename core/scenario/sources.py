"""Where each input comes from: a scenario's `sources`, looked up by field path.

A source may cover one field (`products[0].growth`), a named row
(`products.GitHub Copilot.growth`), every row (`products.growth`) or a prefix; the most
specific entry wins. The Sources tab, the exports, the brief and the deck all ask here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from core.scenario.schema import GpuSpec, Scenario

NO_PUBLISHED_FIGURE = "no published figure"


def source_for(scenario: Scenario, path: str) -> Any:
    """The provenance of the input at `path`, from the most specific source entry that covers it.

    `models[2].mfu_train` is looked up as itself, as `models.<name>.mfu_train` (a model's
    own source), as `models.mfu_train` (all models), then by ever shorter prefixes.
    """
    for candidate in _source_keys(scenario, path):
        found = scenario.sources.get(candidate)
        if found is not None:
            return found
    return None


def published_tco_source(scenario: Scenario, gpu: GpuSpec) -> str:
    """Where a GPU's published TCO per GPU-hour comes from, or "no published figure"."""
    if gpu.published_tco_usd_per_gpu_hour is None:
        return NO_PUBLISHED_FIGURE
    row = scenario.gpu_catalog.index(gpu)
    source = source_for(scenario, f"gpu_catalog[{row}].published_tco_usd_per_gpu_hour")
    return "no source given" if source is None else str(source.text)


def named_path(scenario: Scenario, path: str) -> str:
    """`products[0].growth` as `products.GitHub Copilot.growth`: rows named, not numbered."""
    return re.sub(
        r"^(models|products|gpu_catalog)\[(\d+)\]",
        lambda m: f"{m.group(1)}.{getattr(scenario, m.group(1))[int(m.group(2))].name}",
        path,
    )


def _source_keys(scenario: Scenario, path: str) -> Iterator[str]:
    named = named_path(scenario, path)
    generic = re.sub(r"\[\d+\]", "", path)
    candidates = [c.split(".") for c in (path, named, generic, re.sub(r"_(in|out)_", "_", generic))]
    for trimmed in range(max(map(len, candidates))):  # the most specific key first
        for parts in candidates:
            if trimmed < len(parts):
                yield ".".join(parts[: len(parts) - trimmed])
