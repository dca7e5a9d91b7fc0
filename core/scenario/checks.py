"""Cross-field rules of a scenario, each broken rule reported with its field path.

Types and ranges are checked by the schema; these rules need more than one field:
names that must be unique, references between tables, shares that must sum to one.
All problems are collected so that a user fixes a file in one pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.numbers import apart
from core.scenario.architecture import shared_params

if TYPE_CHECKING:
    from core.scenario.schema import GpuSpec, InHouseModel, Scenario

SHARE_TOLERANCE = 1e-3
# Every request holds a token, so the mean request does: a positive 1e-300 prompt and output
# passed and made requests per year, and the plan's rows, inf.
MIN_REQUEST_TOKENS = 1.0
IN_HOUSE_PROVIDER = "In-house"  # the provider of every in-house model
CLOUD_BURST_PROVIDER = "Cloud burst"  # who sells the GPU-hours the fleet lacks
# The weights-fit rule (docs/model.md#F-serving): one replica of a model spans at most
# this many GPUs and leaves this share of their memory for weights and KV cache: 0.95, the
# share a measured deployment used where the weights barely fit (docs/model.md#F-serving).
MAX_REPLICA_GPUS = 64.0
RACK_GPUS = 72.0  # an NVL72 rack: the one replica size that is not a power of two
USABLE_MEMORY = 0.95
# Unicode's control characters (category Cc): a fixed set since Unicode 1.1. A pattern finds
# them in a scenario's names ten times faster than asking unicodedata about each character.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")
# Characters a name must not hold besides: they draw nothing, yet make two names that read
# alike differ, or reorder the text around them (U+200B, bidi overrides, line separators).
UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner: they spell Persian and emoji
# Letters and marks that draw nothing though their category is a visible one: the Hangul
# fillers, the blank Braille pattern, the combining grapheme joiner and Khmer's two
# inherent vowels ("\u3164" alone reads as an empty name). Variation selectors stay: emoji
# need them.
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: the field path and the reason in words."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ScenarioError(ValueError):
    """A scenario or scenario file that cannot be used, with every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


def cross_field_problems(scenario: Scenario) -> list[Problem]:
    """Every rule between fields that `scenario` breaks (empty when it is consistent)."""
    problems: list[Problem] = []
    problems += _unseen_in_names(scenario)
    problems += _duplicates("gpu_catalog", [g.name for g in scenario.gpu_catalog])
    problems += _duplicates("models", [m.name for m in scenario.models])
    problems += _duplicates("products", [p.name for p in scenario.products])
    problems += _fleet_references(scenario)
    problems += _model_rules(scenario)
    problems += _weights_fit(scenario)
    problems += _product_rules(scenario)
    problems += _missing_quality(scenario)
    problems += _unknown_providers(scenario)
    if scenario.risk_weights.total() <= 0:
        problems.append(Problem("risk_weights", "at least one weight must be above 0"))
    return problems


def _unknown_providers(scenario: Scenario) -> list[Problem]:
    """An availability for a provider no model uses is a typo until shown otherwise."""
    known = {m.provider for m in scenario.models} | {IN_HOUSE_PROVIDER, CLOUD_BURST_PROVIDER}
    return [
        Problem(
            f"provider_availability.{name}",
            f"no model is served by {name!r} (providers: {', '.join(sorted(known))})",
        )
        for name in scenario.provider_availability
        if name not in known
    ]


def _unseen_in_names(scenario: Scenario) -> list[Problem]:
    """Every name holding a character a reader cannot see, and which (`_unseen_words`)."""
    named: list[tuple[str, str]] = [("name", scenario.name)]
    named += [(f"gpu_catalog[{i}].name", g.name) for i, g in enumerate(scenario.gpu_catalog)]
    named += [(f"models[{i}].name", m.name) for i, m in enumerate(scenario.models)]
    named += [(f"models[{i}].provider", m.provider) for i, m in enumerate(scenario.models)]
    named += [(f"products[{i}].name", p.name) for i, p in enumerate(scenario.products)]
    named += [(f"products[{i}].task", p.task) for i, p in enumerate(scenario.products)]
    return [Problem(path, _unseen_words(text)) for path, text in named if unseen_characters(text)]


def unseen_characters(text: str) -> list[str]:
    """The characters of `text` a reader cannot see (controls, format, blank letters).

    Controls, format characters, separators and `BLANK_CHARACTERS`. A joiner between two
    visible characters outside ASCII spells (a Persian word, an
    emoji such as the technologist's) and passes; between ASCII letters it only hides.
    """
    if text.isascii():  # nearly every name: the pattern is faster than asking unicodedata
        return CONTROL_CHARACTER.findall(text)
    return [
        c
        for i, c in enumerate(text)
        if (unicodedata.category(c) in UNSEEN_CATEGORIES and not _joins(text, i))
        or c in BLANK_CHARACTERS
    ]


def _joins(text: str, i: int) -> bool:
    """Whether `text[i]` is a joiner between two visible characters outside ASCII."""
    if text[i] not in JOINERS or not 0 < i < len(text) - 1:
        return False
    return all(
        not c.isascii() and not c.isspace() and unicodedata.category(c) not in UNSEEN_CATEGORIES
        for c in (text[i - 1], text[i + 1])
    )


def _unseen_words(text: str) -> str:
    r"""Which characters of `text` cannot be seen, by code point and Unicode name.

    "'Base\u200bline' contains invisible characters (U+200B ZERO WIDTH SPACE)": the name
    as Python writes it shows where; the code point says what to delete.
    """
    found = list(dict.fromkeys(unseen_characters(text)))
    kind = "control" if all(unicodedata.category(c) == "Cc" for c in found) else "invisible"
    codes = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in found[:3])
    shown = repr(text)  # Python escapes controls and format characters, not blank letters
    for blank in BLANK_CHARACTERS.intersection(found):
        shown = shown.replace(blank, f"\\u{ord(blank):04x}")
    return f"{shown} contains {kind} characters ({codes}{', ...' if len(found) > 3 else ''})"


def name_key(name: str) -> str:
    """What two names of one table must differ in: more than case and Unicode's spelling.

    'MAI-1-preview' and 'mai-1-preview' read as one model: `--scenario BASELINE` found
    neither of 'Baseline' and 'baseline', and a usage import matched both to one product.
    'Café' composed and decomposed, or 'ＧｉｔＨｕｂ' in full width beside 'GitHub', draw
    alike: NFKC folds them to one before the case does.
    """
    return unicodedata.normalize("NFKC", name).casefold()


def name_clash(name: str, other: str, where: str) -> str:
    """Why `name` is refused beside `other` (the same by `name_key`), found at `where`."""
    if name == other:
        return f"{name!r} is used twice (also {where})"
    if name.casefold() == other.casefold():
        return f"{name!r} differs only in case from {other!r} ({where})"
    return f"{name!r} reads the same as {other!r}, spelt with other Unicode characters ({where})"


def _duplicates(table: str, names: Sequence[str]) -> list[Problem]:
    first_index: dict[str, int] = {}
    problems = []
    for i, name in enumerate(names):
        first = first_index.setdefault(name_key(name), i)
        if first != i:
            clash = name_clash(name, names[first], f"{table}[{first}]")
            problems.append(Problem(f"{table}[{i}].name", clash))
    return problems


def _fleet_references(scenario: Scenario) -> list[Problem]:
    gpus = {g.name for g in scenario.gpu_catalog}
    problems = [
        Problem(path, f"unknown GPU {name!r} (catalog: {', '.join(sorted(gpus))})")
        for path, name in (
            ("fleet.gpu", scenario.fleet.gpu),
            ("fleet.baseline_gpu", scenario.fleet.baseline_gpu),
            ("reference_gpu", scenario.reference_gpu),
        )
        if name not in gpus
    ]
    if scenario.fleet.target_year < scenario.horizon.start_year:
        problems.append(
            Problem(
                "fleet.target_year",
                f"{scenario.fleet.target_year} is before the horizon's start "
                f"{scenario.horizon.start_year}",
            )
        )
    return problems


def _model_rules(scenario: Scenario) -> list[Problem]:
    problems = []
    for i, model in enumerate(scenario.models):
        path = f"models[{i}]"
        if model.kind != "in_house":
            if model.provider in (IN_HOUSE_PROVIDER, CLOUD_BURST_PROVIDER):
                problems.append(
                    Problem(
                        f"{path}.provider",
                        f"'{model.provider}' names the owned fleet or its cloud burst; a "
                        "partner needs its own provider",
                    )
                )
            continue
        if model.total_params < model.active_params:
            problems.append(
                Problem(
                    f"{path}.total_params",
                    f"{model.total_params:.3g} is below active_params {model.active_params:.3g}",
                )
            )
        if (model.train_year is None) != (model.train_tokens == 0):
            problems.append(
                Problem(
                    f"{path}.train_year", "give train_year and train_tokens together, or neither"
                )
            )
        if model.train_year is not None and model.available_from < model.train_year:
            problems.append(
                Problem(
                    f"{path}.available_from",
                    f"{model.available_from} is before its training year {model.train_year}",
                )
            )
    return problems


@dataclass(frozen=True)
class WeightsRoom:
    """Where a model's weights may sit on one GPU type: the weights-fit rule, once.

    The serving search (docs/model.md#F-serving) splits every weight over at most 64 GPUs,
    or spans a 72-GPU rack with data-parallel attention, a mixture's shared weights whole
    on each GPU and its experts split; the file check and a route's reason both read this.
    """

    gpu_name: str
    weights_gb: float
    shared_gb: float  # a mixture's weights every token uses; the whole model when dense
    usable_gb: float  # per GPU
    mixture: bool

    @property
    def split_gb(self) -> float:
        """Usable memory of the largest replica that splits every weight."""
        return MAX_REPLICA_GPUS * self.usable_gb

    @property
    def rack_experts_gb(self) -> float:
        """A mixture's experts on each GPU of a rack."""
        return (self.weights_gb - self.shared_gb) / RACK_GPUS

    @property
    def fits(self) -> bool:
        """Whether some replica holds the weights."""
        on_rack = self.shared_gb + self.rack_experts_gb < self.usable_gb
        return self.weights_gb < self.split_gb or (self.mixture and on_rack)

    def refusal(self) -> str:
        """Why the weights fit nowhere, with both rooms' figures (after "weights do not fit: ")."""
        rack = (
            f", nor on {RACK_GPUS:.0f} ({self.shared_gb:,.0f} GB of shared weights and "
            f"{self.rack_experts_gb:,.0f} GB of experts on each GPU, "
            f"{self.usable_gb:,.0f} GB usable)"
            if self.mixture
            else ""
        )
        return (
            f"{self.weights_gb:,.0f} GB on {MAX_REPLICA_GPUS:.0f} x {self.gpu_name} "
            f"({self.split_gb:,.0f} GB usable){rack}"
        )


def weights_room(model: InHouseModel, gpu: GpuSpec) -> WeightsRoom:
    """The weights-fit rule's figures for `model` on `gpu`."""
    experts, chosen = model.routed_experts
    shared = float(shared_params(model.active_params, model.total_params, experts, chosen))
    return WeightsRoom(
        gpu_name=gpu.name,
        weights_gb=model.total_params * model.bytes_per_param / 1e9,
        shared_gb=shared * model.bytes_per_param / 1e9,
        usable_gb=USABLE_MEMORY * gpu.memory_gb,
        mixture=experts > 0,
    )


def _weights_fit(scenario: Scenario) -> list[Problem]:
    """Every in-house model's weights fit on each fleet generation (`WeightsRoom`)."""
    catalog = {g.name: g for g in scenario.gpu_catalog}
    fleet_gpus = [
        catalog[n] for n in {scenario.fleet.gpu, scenario.fleet.baseline_gpu} if n in catalog
    ]
    problems = []
    for i, model in enumerate(scenario.models):
        if model.kind != "in_house":
            continue
        for gpu in sorted(fleet_gpus, key=lambda g: g.name):
            room = weights_room(model, gpu)
            if not room.fits:
                problems.append(
                    Problem(
                        f"models[{i}].total_params",
                        f"{model.name}'s weights do not fit: {room.refusal()}",
                    )
                )
                break
    return problems


def _product_rules(scenario: Scenario) -> list[Problem]:
    kinds = {m.name: m.kind for m in scenario.models}
    problems = []
    for i, product in enumerate(scenario.products):
        path = f"products[{i}]"
        problems += _unknown_models(f"{path}.routing", product.routing, kinds)
        problems += _unknown_models(f"{path}.fallback", product.fallback, kinds)
        tokens = product.prompt_tokens + product.output_tokens
        if tokens < MIN_REQUEST_TOKENS:
            problems.append(
                Problem(
                    f"{path}.output_tokens",
                    f"a request needs at least {MIN_REQUEST_TOKENS:g} token: prompt_tokens + "
                    f"output_tokens is {tokens:g}",
                )
            )
        total = sum(product.routing.values())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            shown, one = apart(total, 1.0, decimals=2)
            problems.append(Problem(f"{path}.routing", f"shares sum to {shown}, must be {one}"))
        if product.in_house_only:
            partners = [
                m for m, s in product.routing.items() if s > 0 and kinds.get(m) == "partner"
            ]
            partners += [m for m in product.fallback if kinds.get(m) == "partner"]
            if partners:
                problems.append(
                    Problem(
                        f"{path}.routing",
                        f"in-house-only product routed to partner model "
                        f"{', '.join(map(repr, dict.fromkeys(partners)))}: give each 0% and "
                        "leave it out of the fallback, or make the product not in-house only",
                    )
                )
    return problems


def _missing_quality(scenario: Scenario) -> list[Problem]:
    first_user: dict[str, int] = {}
    for i, product in enumerate(scenario.products):
        first_user.setdefault(product.task, i)
    return [
        Problem(
            f"models[{j}].quality",
            f"no score for task {task!r} (needed by products[{i}] {scenario.products[i].name!r})",
        )
        for j, model in enumerate(scenario.models)
        for task, i in first_user.items()
        if task not in model.quality
    ]


def _unknown_models(path: str, names: Iterable[str], kinds: Mapping[str, str]) -> list[Problem]:
    return [Problem(path, f"unknown model {name!r}") for name in names if name not in kinds]
