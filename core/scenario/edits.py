"""Edits that make a new scenario from an old one, validated like a file.

A scenario is immutable; the GUI, the optimizer and tests change it only through
these helpers, so an edit either gives a fully valid scenario or a ScenarioError
naming the field, and the scenario being edited is never half-changed.
"""

import difflib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from core.scenario.checks import Problem, ScenarioError
from core.scenario.messages import capped, scenario_error
from core.scenario.schema import Frozen, GpuSpec, Scenario, Source
from core.units import percent, years_text

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
# A step of a path as people write it: `.field`, `[3]` or `[a row's name]`.
SHOWN_NAMES = 10  # the rows a message lists when a name is not found
_WRITTEN_STEP = re.compile(r"(?:^|\.)([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]+)\]")


def with_changes(scenario: Scenario, changes: Mapping[str, Any]) -> Scenario:
    """A copy of `scenario` with each field path set, e.g. {"fleet.scale": 6.0}.

    Paths use dots for fields and [i] for table rows: "products[2].routing". One number
    of a part (a slider's field) is checked by the part alone and the rules between
    fields (`_one_number`); anything else validates the whole scenario again.
    """
    if len(changes) == 1:
        ((path, value),) = changes.items()
        edited = _one_number(scenario, path, value)
        if edited is not None:
            return edited
    data = scenario.model_dump(mode="json")
    for path, value in changes.items():
        _assign(data, path, value)
    try:
        edited = Scenario.model_validate(data)
    except ValidationError as error:
        raise scenario_error(error) from None
    return sharing(scenario, edited)


def _one_number(scenario: Scenario, path: str, value: Any) -> Scenario | None:
    """`scenario` with the number at `path` set, or None when `path` is not a number's.

    A number of a part of the scenario (`fleet.scale`) or of a table's row
    (`products[2].growth`): the part is validated alone, which checks the number's type
    and bounds and the part's own rules, then every rule between fields runs on the
    result (`Scenario.rule_problems`), so an edit gives the scenario and the errors that
    validating the whole would give, without dumping and validating ~45 KB of it again.
    """
    found = _number_at(scenario, path) if _is_number(value) else None
    if found is None:
        return None
    top, index, field = found
    whole = getattr(scenario, top)
    part = whole if index is None else whole[index]
    data = part.model_dump(mode="json")
    data[field] = value
    try:
        edited = type(part).model_validate(data)
    except ValidationError as error:
        raise scenario_error(error, top if index is None else f"{top}[{index}]") from None
    if edited == part:  # the same number again: keep the part, as `sharing` would
        edited = whole
    elif index is not None:
        edited = (*whole[:index], edited, *whole[index + 1 :])
    result = scenario.model_copy(update={top: edited})
    problems = result.rule_problems()
    if problems:
        raise capped(problems)
    return result


def _number_at(scenario: Scenario, path: str) -> tuple[str, int | None, str] | None:
    """(the scenario's field, the table's row or None, the part's field) of a number's path."""
    try:
        steps = _steps(path)
    except KeyError:
        return None  # not a path: the whole validation says so
    if len(steps) not in (2, 3):
        return None
    (top, _), *row, (field, _) = steps
    if top not in Scenario.model_fields or not field:
        return None
    part, index = getattr(scenario, top), None
    if row:
        name, index = row[0]
        if name or not isinstance(part, tuple) or index >= len(part):
            return None
        part = part[index]
    if not isinstance(part, Frozen) or field not in type(part).model_fields:
        return None
    return (top, index, field) if _is_number(getattr(part, field)) else None


def _is_number(value: object) -> bool:
    """An int or a float, not a bool (a number field rejects booleans)."""
    return type(value) in (int, float)


def sharing(old: Scenario, new: Scenario) -> Scenario:
    """`new`, reusing `old`'s objects wherever they are equal.

    An undo history holds every state the user passed through. Sharing the parts an
    edit did not touch cuts a slider step from ~45 KB (a whole scenario) to ~1 KB, so
    a long session's memory stays flat. Equal values are valid values: nothing here
    can make an invalid scenario.
    """
    same: dict[str, Any] = {}
    for name in Scenario.model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            same[name] = before
        elif isinstance(before, tuple) and isinstance(after, tuple) and len(before) == len(after):
            same[name] = tuple(b if b == a else a for b, a in zip(before, after, strict=True))
    return new.model_copy(update=same)


def with_sources(scenario: Scenario, added: Mapping[str, Source]) -> dict[str, Any]:
    """The change `{"sources": ...}` that sets `added` beside the scenario's other sources."""
    merged = {**scenario.sources, **added}
    return {"sources": {key: source.model_dump(mode="json") for key, source in merged.items()}}


def by_hand(scenario: Scenario, key: str, today: date) -> dict[str, Any]:
    """Mark the number at source `key` (`models.<name>.<field>`) as the user's own.

    Only where that number has a source of its own (a catalog placeholder, an import):
    once typed over, that source no longer says where the number comes from.
    """
    if key not in scenario.sources:
        return {}
    return with_sources(scenario, {key: Source(text=f"Set by hand on {today.isoformat()}.")})


def with_generation(scenario: Scenario, gpu: str) -> Scenario:
    """Switch the GPU bought from now on (named in any case: `gpu_named`), with its catalog capex.

    Cloud burst is priced per H100-equivalent hour, whatever generation the fleet buys. A
    name the catalog lacks is left for validation to refuse, listing the catalog.
    """
    spec = gpu_named(gpu, scenario.gpu_catalog)
    changes: dict[str, Any] = {"fleet.gpu": gpu}
    if spec is not None:
        changes |= {"fleet.gpu": spec.name, "fleet.capex_per_gpu_usd": spec.capex_usd}
    return with_changes(scenario, changes)


def gpu_named(name: str, catalog: Sequence[GpuSpec]) -> GpuSpec | None:
    """The catalog GPU a typed name means: any case, with or without a rack suffix ('GB200 NVL72').

    One lookup for every command that takes a GPU (`--gpu` of evaluate's what-ifs and of
    serve), so `h200` is read alike everywhere; None if the catalog has no such GPU.
    """
    wanted = name.strip().upper().removesuffix(" NVL72").removesuffix("-NVL72")
    return next((g for g in catalog if g.name.upper() == wanted), None)


def rebalanced(
    shares: Mapping[str, float], model: str, value: float, allowed: list[str]
) -> dict[str, float]:
    """Row shares with `model` at `value` (clamped to 0-1), the others scaled to sum to 1.

    The rule of the routing table: the other allowed models keep their proportions; if
    they had nothing, they share the rest equally; with no other allowed model, `model`
    takes the whole row. Models outside `allowed` (a partner of an in-house-only
    product) are dropped.
    """
    value = min(max(value, 0.0), 1.0)
    if not [m for m in allowed if m != model]:
        value = 1.0
    return _spread(shares, {model: value}, allowed)


def _spread(
    shares: Mapping[str, float], given: Mapping[str, float], allowed: list[str]
) -> dict[str, float]:
    """`given` as they are, the rest of the row over the other allowed models (`rebalanced`)."""
    left = 1.0 - sum(given.values())
    others = {m: s for m, s in shares.items() if m not in given and m in allowed}
    rest = sum(others.values())
    if rest > 1e-12:
        row = {m: s * left / rest for m, s in others.items()}
    else:
        candidates = [m for m in allowed if m not in given]
        row = {m: left / len(candidates) for m in candidates}
    row |= given
    return {m: s for m, s in row.items() if s > 1e-12}


def routing_change(scenario: Scenario, product: str, given: Mapping[str, float]) -> dict[str, Any]:
    """The change giving `product` the shares in `given`, by the routing table's rule.

    Each named model gets its share exactly; the rest of the row goes to the product's
    other allowed models as `rebalanced` spreads it. ScenarioError names an unknown
    product or model, a share outside 0-1, shares over 1, or a rest nobody may take.
    """
    index = _row_index(scenario.model_dump(mode="json")["products"], product, "products")
    path = f"products[{index}].routing"
    row = scenario.products[index]
    allowed = [m.name for m in scenario.models if not (row.in_house_only and m.kind == "partner")]
    known = [m.name for m in scenario.models]
    listed = f"it has: {_listed(known)}"  # the names to pick from, as a row's are listed
    problems = [
        Problem(path, f"no model named {m!r}{_did_you_mean(m, known, listed)}")
        for m in given
        if m not in known
    ]
    outside = [
        Problem(path, f"{m}: share {s:g} is outside 0-1")
        for m, s in given.items()
        if not 0 <= s <= 1
    ]
    # A share over 1 is the whole fault (one line): the sum it breaks would say it again.
    problems += outside or _sum_problems(path, sum(given.values()), given, allowed)
    if problems:
        raise ScenarioError(problems)
    return {path: _spread(row.routing, given, allowed)}


def _sum_problems(
    path: str, total: float, given: Mapping[str, float], allowed: Sequence[str]
) -> list[Problem]:
    """Shares in 0-1 whose sum is over 1, or under 1 with no other model to take the rest."""
    if total > 1.0 + 1e-9:
        return [Problem(path, f"the shares given sum to {total:g}, more than 1")]
    if total < 1.0 - 1e-9 and not [m for m in allowed if m not in given]:
        why = f"the shares given sum to {total:g} and no other model may take the rest"
        return [Problem(path, why)]
    return []


def in_house_only_change(
    scenario: Scenario, product: str, takers: Sequence[str]
) -> tuple[dict[str, Any], str]:
    """The change making `product` in-house only, and what it does in words (an undo text).

    Data residency is a decision, not a puzzle to solve by hand: refusing the flag while
    partners stay routed or in the fallback left most products unable to be in-house only.
    So each routing of the product (its base routing and each year's own) gives its partner
    shares to its in-house models in proportion (the routing table's rule, `_spread`), or
    evenly to `takers` where it routes to none: the in-house models the caller lets take
    the product, each serving in some year of the horizon. Partners leave its fallback
    list, the in-house ones keep their order. ScenarioError, in words naming the product,
    when no in-house model can take it (`takers` empty).
    """
    index = product_index(scenario, product)
    row = scenario.products[index]
    product = row.name  # "0" names the first product as "GitHub Copilot" does
    in_house = [m.name for m in scenario.models if m.kind == "in_house"]
    partners = [m.name for m in scenario.models if m.kind == "partner"]
    routings: dict[int | None, Mapping[str, float]] = {None: row.routing}  # None: the base
    routings |= {r.year: r.routing for r in scenario.routing_by_year if r.product == product}
    if not takers:
        reason = (
            f"no in-house model in this scenario serves {row.task} in "
            f"{years_text(scenario.horizon.years)}"
            if in_house
            else "this scenario has no in-house model"
        )
        raise ScenarioError([Problem("", f"{product} cannot be in-house only: {reason}")])
    moved = {
        key: _spread(shares, {}, _routed(shares, in_house) or list(takers))
        for key, shares in routings.items()
        if _routed(shares, partners)
    }
    path = f"products[{index}]"
    fallback = [m for m in row.fallback if m in in_house]
    change: dict[str, Any] = {f"{path}.in_house_only": True, f"{path}.fallback": fallback}
    words = []
    if None in moved:
        change[f"{path}.routing"] = routing = moved[None]
        given = _routed(row.routing, partners)
        gained = [m for m in in_house if routing.get(m, 0.0) > row.routing.get(m, 0.0)]
        share = sum(row.routing[m] for m in given)
        words.append(f"{percent(share)} moved from {', '.join(given)} to {', '.join(gained)}")
    years = [year for year in moved if year is not None]
    if years:
        rows = [r.model_dump(mode="json") for r in scenario.routing_by_year]
        for r in rows:
            if r["product"] == product and r["year"] in moved:
                r["routing"] = moved[r["year"]]
        change["routing_by_year"] = rows
        words.append(f"its own routing in {years_text(years)} likewise")
    if len(fallback) < len(row.fallback):
        words.append("partners left out of its fallback")
    return change, (
        f"{product} in-house only: " + "; ".join(words) if words else f"{product}: in-house only on"
    )


def _routed(shares: Mapping[str, float], models: Sequence[str]) -> list[str]:
    """The `models` given a share, in the order of `models`."""
    return [m for m in models if shares.get(m, 0.0) > 0]


def resolved_path(scenario: Scenario, path: str) -> str:
    """`path` checked against the scenario, each `[name]` of a table row turned into its index.

    `products[Copilot consumer].growth` becomes `products[4].growth`; a row one past the
    end may be given last (it adds a row). ScenarioError names the first step not there.
    """
    node: Any = scenario.model_dump(mode="json")
    steps: list[str] = []
    end = 0
    for match in _WRITTEN_STEP.finditer(path):
        if match.start() != end:
            break
        end, (field, key) = match.end(), match.groups()
        where = "".join(steps).lstrip(".") or "the scenario"
        if field is not None:
            if not isinstance(node, dict) or field not in node:
                fields = list(node) if isinstance(node, dict) else []
                raise _bad_path(
                    path, f"{where} has no field {field!r}{_did_you_mean(field, fields)}"
                )
            node, step = node[field], f".{field}"
        elif isinstance(node, list):
            last = end == len(path)
            index = _row_index(node, key, where, appending=last)
            node, step = (node[index] if index < len(node) else None), f"[{index}]"
        else:
            raise _bad_path(path, f"{where} is not a table (set it whole, as JSON)")
        steps.append(step)
    if end != len(path) or not steps:
        raise _bad_path(path, "is not a field path (fields by dots, rows by [index] or [name])")
    return "".join(steps).lstrip(".")


def product_index(scenario: Scenario, product: str) -> int:
    """The index of the product `product` names (its name or index); ScenarioError if none."""
    return _row_index([{"name": p.name} for p in scenario.products], product, "products")


def _row_index(rows: list[Any], key: str, where: str, appending: bool = False) -> int:
    """The index of the row `key` names: a row's `name`, else a number (ASCII digits).

    A name first: a product named "5" is the one `--in-house-only 5` means, not row 5.
    Digits of other scripts ("²", "٣") are names, never row numbers: `int` refuses some
    and reads others, so a row named "²" could not be reached.
    """
    names = [row.get("name") if isinstance(row, dict) else None for row in rows]
    if key in names:
        return names.index(key)
    if key.isascii() and key.isdigit():
        index = int(key)
        if index < len(rows) + appending:
            return index
        raise ScenarioError([Problem(where, f"has {len(rows)} rows; there is no row {index}")])
    shown = _listed([n for n in names if n is not None]) or "no named rows"
    raise ScenarioError([Problem(where, f"no row named {key!r} (it has: {shown})")])


def _listed(names: Sequence[str]) -> str:
    """The names to pick from, quoted: the first SHOWN_NAMES, then how many more."""
    more = f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else ""
    return ", ".join(repr(n) for n in names[:SHOWN_NAMES]) + more


def _bad_path(path: str, reason: str) -> ScenarioError:
    return ScenarioError([Problem(path, reason)])


def _did_you_mean(word: str, known: list[str], choices: str = "") -> str:
    """' (did you mean 'MAI-2'?)' for a name close to a known one, then `choices` if given."""
    close = [f"did you mean {name!r}?" for name in difflib.get_close_matches(word, known, n=1)]
    words = " ".join(close + [choices] * bool(choices))
    return f" ({words})" if words else ""


def field_value(scenario: Scenario, path: str) -> Any:
    """The value at a field path, read from the model itself (cheap: no dump of the scenario)."""
    node: Any = scenario
    for name, index in _steps(path):
        node = getattr(node, name) if name else node[index]
    return node


def _assign(data: dict[str, Any], path: str, value: Any) -> None:
    steps = _steps(path)
    node: Any = data
    for name, index in steps[:-1]:
        node = node[name] if name else node[index]
    name, index = steps[-1]
    if name:
        node[name] = value
    elif index == len(node):
        node.append(value)  # one past the end adds a row
    else:
        node[index] = value


def _steps(path: str) -> list[tuple[str, int]]:
    steps = [(m.group(1) or "", int(m.group(2) or 0)) for m in _STEP.finditer(path)]
    if not steps or "".join(m.group(0) for m in _STEP.finditer(path)) != path.replace(".", ""):
        raise KeyError(f"not a field path: {path!r}")
    return steps
