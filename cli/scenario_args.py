"""How a command gets its scenario: FILE, `--scenario NAME`, then the what-if options.

`--set PATH=VALUE` (any field path core knows, rows by index or name), `--gpu G` (the
generation bought from now on, with its catalog capex, as the dashboard's combo sets it),
`--scale X`, `--route "PRODUCT=MODEL:SHARE,...;PRODUCT2=..."` (the routing table's rule)
`--fill TARGET` (partner traffic moved in-house year by year until the fleet is TARGET busy
at the busy hour, promises kept: docs/model.md#F-fill) and `--save OUT.json` (the changed
scenario, written atomically once the command has succeeded; an existing OUT.json only with
`--force`, which keeps its other scenarios). Each bad path or value is one line naming the
option and the field; a what-if that the scenario does not read is a `note:` line on stderr.

A changed scenario goes by one name in every command's words: `NAME (what-if)`
(`what_if_name`); a file it is saved to keeps it under NAME.
"""

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import core
from cli.errors import check_writable, refuse_existing, writing
from core.analysis.fill import fill_fleet
from core.analysis.in_house import in_house_only, in_house_only_breaks
from core.scenario.edits import (
    product_index,
    resolved_path,
    routing_change,
    with_changes,
    with_generation,
)
from core.scenario.files import unique_keys
from core.scenario.schema import Fleet
from core.units import counted, percent, years_text

WHAT_IF_OPTIONS = ("set_values", "gpu", "scale", "routes", "in_house_only", "fill")
RAMP_FIELDS = ("fleet.scale", "fleet.target_year")  # what a build plan replaces
FLEET_CAPEX = "fleet.capex_per_gpu_usd"  # what prices the GPUs the fleet adds


@dataclass(frozen=True)
class PendingSave:
    """What `--save` writes once the command has succeeded (`write_pending_save`)."""

    path: Path
    book: core.Workbook
    words: str  # what the save does to an existing file, for the line on stderr


def open_scenario(path: str | None, name: str | None = None) -> core.Scenario:
    """The scenario `name` (default: the baseline) of the file at `path`, or the default.

    Raises ScenarioError with every problem of the file, or naming the missing scenario.
    """
    if path is None:
        if name is not None:
            raise core.ScenarioError([core.Problem("scenario", "--scenario needs a FILE")])
        return core.default_scenario()
    book = core.load_workbook(path)
    if name is None:
        return book.baseline
    if name not in book.names:
        known = ", ".join(book.names)
        raise core.ScenarioError(
            [core.Problem("scenario", f"no {name!r} in the file (it has: {known})")]
        )
    return book.named(name)


def add_what_if(parser: argparse.ArgumentParser) -> None:
    """Add --set, --gpu, --scale, --route, --in-house-only, --fill and --save to a parser."""
    group = parser.add_argument_group("what-if (the scenario changed before the command runs)")
    group.add_argument(
        "--set",
        dest="set_values",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="set a field, e.g. fleet.scale=6 or 'products[GitHub Copilot].growth=0.4' "
        "(VALUE read as JSON, else as text); repeatable",
    )
    group.add_argument("--gpu", metavar="G", help="the GPU generation bought from now on")
    group.add_argument("--scale", metavar="X", help="fleet scale by the target year (1-10)")
    group.add_argument(
        "--route",
        dest="routes",
        action="append",
        default=[],
        metavar="PRODUCT=MODEL:SHARE,...",
        help="set routing shares; the product's other models share the rest; "
        "several products separated by ';'; repeatable",
    )
    group.add_argument(
        "--in-house-only",
        dest="in_house_only",
        action="append",
        default=[],
        metavar="PRODUCT",
        help="make a product in-house only (data residency), as the routing table's tick: "
        "its partner shares move to in-house models and partners leave its fallback; "
        "repeatable",
    )
    group.add_argument(
        "--fill",
        metavar="TARGET",
        help="after the other what-ifs, move partner traffic in-house each year until the "
        "fleet is TARGET busy at the busy hour (e.g. 0.85), floors and promises kept",
    )
    group.add_argument("--save", metavar="OUT.json", help="also write the changed scenario")
    group.add_argument(
        "--force",
        action="store_true",
        help="write over an existing file: --save replaces only the scenario of the same name "
        "and keeps the file's others (new: OUT.json is replaced)",
    )


def what_if_given(args: argparse.Namespace) -> bool:
    """True if any option changes the scenario: given at all, even empty.

    `--scale ''` was falsy, so compare, report, deck and workbook ran without it and said
    nothing, where evaluate said "'' is not a number".
    """
    return any(getattr(args, name) not in (None, False, []) for name in WHAT_IF_OPTIONS)


def scenario_with_what_if(args: argparse.Namespace, file: str | None) -> core.Scenario:
    """The scenario a command runs on: FILE's (`--scenario`) with the what-ifs, saved if asked."""
    return changed_and_saved(open_scenario(file, args.scenario), args)


def what_if_name(name: str, changes: Sequence[str] = ()) -> str:
    """The one name a scenario changed by what-ifs goes by in the CLI's words and stamps.

    A stamp adds `changes`, what its key inputs miss: `Baseline (what-if: GitHub Copilot ...)`.
    """
    return f"{name} (what-if{': ' * bool(changes)}{'; '.join(changes)})"


def shown(scenario: core.Scenario, args: argparse.Namespace) -> core.Scenario:
    """`scenario` under the name a command prints and stamps: `NAME (what-if)` once changed.

    Only the name: the figures are the what-if's own (a name over 80 characters is kept
    as a label, not refused as a file's name would be).
    """
    if not what_if_given(args):
        return scenario
    return scenario.model_copy(update={"name": what_if_name(scenario.name)})


def changed_and_saved(scenario: core.Scenario, args: argparse.Namespace) -> core.Scenario:
    """`scenario` with every what-if option applied in order; saved if --save is given.

    The save never loses work: an existing file is written over only with --force, and
    then keeps its other scenarios (`saved_into`). Its problems show before slow work,
    but the file is written only once the command has succeeded (`write_pending_save`,
    called by main): a bad `--year` or an impossible plan saves nothing.
    """
    save = Path(args.save) if args.save else None
    kept: core.Workbook | None = None
    if save is not None:
        if save.suffix.lower() != ".json":
            raise core.ScenarioError([core.Problem("--save", f"{save} must end in .json")])
        check_writable(save)
        refuse_existing(save, args.force, "saves into it, keeping its other scenarios")
        kept = _book_to_keep(save) if save.exists() else None
    scenario = what_if(scenario, args)
    if save is not None:
        book = saved_into(kept, scenario)
        args.pending_save = PendingSave(save, book, _kept_words(kept, scenario))
    return scenario


def write_pending_save(args: argparse.Namespace) -> None:
    """Write the file `--save` asked for, if any: main calls this once the command succeeded."""
    pending: PendingSave | None = getattr(args, "pending_save", None)
    if pending is None:
        return
    with writing(pending.path):
        core.save_workbook(pending.book, pending.path)
    print(f"saved the changed scenario to {pending.path}{pending.words}", file=sys.stderr)


def _kept_words(kept: core.Workbook | None, scenario: core.Scenario) -> str:
    """What a save into an existing file did to it, in words ("" for a new file)."""
    if kept is None:
        return ""
    others = len([n for n in kept.names if n != scenario.name])
    done = "in place of its own" if scenario.name in kept.names else "as a new variant"
    return f" ({scenario.name!r} {done}; its {counted(others, 'other scenario')} kept)"


def _book_to_keep(path: Path) -> core.Workbook:
    """The scenarios of the file --save --force writes over; refused if it does not load."""
    try:
        return core.load_workbook(path)
    except core.ScenarioError as error:
        first = error.problems[0]
        why = first.message if first.path == str(path) else str(first)
        raise core.ScenarioError(
            [
                core.Problem(
                    str(path),
                    f"is not a scenario file ScaleDeck can read ({why}), so --save would "
                    "lose it; save to another file",
                )
            ]
        ) from None


def saved_into(kept: core.Workbook | None, scenario: core.Scenario) -> core.Workbook:
    """The file --save writes: `scenario` alone, or `kept` with it in place of its namesake.

    A scenario `kept` has no namesake of is added as its last variant: no scenario is lost.
    """
    if kept is None:
        return core.make_workbook(scenario)
    with _blamed("--save"):
        if scenario.name in kept.names:
            return kept.replaced(scenario.name, scenario)
        return core.make_workbook(kept.baseline, (*kept.variants, scenario))


def what_if_variant(
    book: core.Workbook, name: str, args: argparse.Namespace
) -> core.Scenario | None:
    """The scenario `name` of `book` with the what-ifs, named apart from the book's; None if none.

    For commands that show several scenarios side by side (compare, workbook): the change
    is shown beside the scenario it changes, as `NAME (what-if)` (`NAME (what-if) 2` if
    the book has that name already).
    """
    if not (what_if_given(args) or args.save):
        return None
    changed = changed_and_saved(book.named(name), args)
    return changed.model_copy(update={"name": book.free_name(what_if_name(changed.name))})


def what_if(scenario: core.Scenario, args: argparse.Namespace) -> core.Scenario:
    """Apply --gpu, then --scale, then each --set, each --route, each --in-house-only, --fill.

    A change the scenario does not read is said in a `note:` line on stderr (`_notes`).
    """
    set_paths: list[str] = []
    if args.gpu is not None:
        with _blamed("--gpu"):
            scenario = with_generation(scenario, args.gpu)
    if args.scale is not None:
        with _blamed("--scale"):
            scenario = with_changes(scenario, {"fleet.scale": _number("--scale", args.scale)})
    scenario = _with_sets(scenario, args.set_values, set_paths)
    for text in args.routes:
        for product, given in _routes(text):
            with _blamed("--route"):
                scenario = with_changes(scenario, routing_change(scenario, product, given))
    moved: list[tuple[str, str]] = []  # (product, what moved) of each --in-house-only
    for product in args.in_house_only:
        with _blamed("--in-house-only"):
            change, words = in_house_only(scenario, product)
            scenario = with_changes(scenario, change)
        moved.append((scenario.products[product_index(scenario, product)].name, words))
    if args.fill is not None:
        with _blamed("--fill"):
            filled = fill_fleet(scenario, _number("--fill", args.fill))
            scenario = with_changes(scenario, filled.changes)
    notes = _notes(scenario, args.scale is not None, set_paths) + _in_house_notes(scenario, moved)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return scenario


def _with_sets(
    scenario: core.Scenario, texts: Sequence[str], set_paths: list[str]
) -> core.Scenario:
    """Every --set at once, else one at a time (a later one may name what an earlier made).

    At once first: `--set horizon.start_year=2027 --set horizon.end_year=2035` was refused
    on the state between the two, though both together are valid. One at a time names the
    --set at fault; where several fail together too, what fails together is said.
    """
    assignments = [_assignment(text) for text in texts]
    refused: core.ScenarioError | None = None
    try:
        paths = [resolved_path(scenario, path) for path, _ in assignments]
        values = (value for _, value in assignments)
        together = with_changes(scenario, dict(zip(paths, values, strict=True)))
    except core.ScenarioError as error:
        refused = error
    else:
        set_paths += paths
        return together
    try:
        for path, value in assignments:
            with _blamed(f"--set {path}"):
                set_paths.append(resolved_path(scenario, path))
                scenario = with_changes(scenario, {set_paths[-1]: value})
    except core.ScenarioError:
        # Together they fail on a field none of them set (a target year before the new
        # start): that is the news. Else the one at fault, named by its flag.
        if len(assignments) < 2 or all(p.path in set_paths for p in refused.problems):
            raise
        with _blamed("--set"):
            raise refused from None
    return scenario


def _notes(scenario: core.Scenario, scaled: bool, set_paths: list[str]) -> list[str]:
    """What-ifs that change no figure, or fewer than a reader expects, in words.

    A build plan sets the fleet, so --scale and the ramp's fields are not read; a ramp
    may end after the horizon, short of its scale; and the GPUs the fleet adds of the
    generation it buys are priced by the fleet's capex, which --gpu copies from the catalog
    once: a later catalog price, or a generation set by `--set fleet.gpu`, is not read.
    """
    notes = []
    ramp = [*(["--scale"] * scaled), *(f"--set {p}" for p in set_paths if p in RAMP_FIELDS)]
    if ramp and scenario.build_plan is not None:
        verb = "changes" if len(ramp) == 1 else "change"
        notes.append(
            f"{' and '.join(ramp)} {verb} nothing: the scenario's build_plan sets the fleet "
            "(fleet.scale and fleet.target_year shape the ramp only without one)"
        )
    if scenario.build_plan is None and {*set_paths} & {*RAMP_FIELDS, "horizon.end_year"}:
        notes += _ramp_past_horizon(scenario)
    fleet, bought = scenario.fleet, scenario.gpu_spec(scenario.fleet.gpu)
    if bought.capex_usd == fleet.capex_per_gpu_usd or FLEET_CAPEX in set_paths:
        return notes  # priced by the catalog, or by a capex the user set on purpose
    if f"gpu_catalog[{scenario.gpu_catalog.index(bought)}].capex_usd" in set_paths:
        notes.append(_fleet_capex_note(f"gpu_catalog[{bought.name}].capex_usd", fleet))
    elif "fleet.gpu" in set_paths:  # --gpu copies the catalog's price with it; --set does not
        catalog = f" ({bought.capex_usd:,.0f} USD; --gpu {bought.name} sets both)"
        notes.append(_fleet_capex_note("fleet.gpu", fleet, catalog))
    return notes


def _fleet_capex_note(path: str, fleet: Fleet, catalog: str = "") -> str:
    """The GPUs the fleet adds of the generation it buys: priced by its capex, not the catalog."""
    return (
        f"--set {path}: the {fleet.gpu} GPUs the fleet adds are priced by "
        f"fleet.capex_per_gpu_usd ({fleet.capex_per_gpu_usd:,.0f} USD), not the "
        f"catalog{catalog}; set that field to change their price"
    )


def _ramp_past_horizon(scenario: core.Scenario) -> list[str]:
    """A ramp that ends after the horizon, and how far it gets: the schema allows it, a note."""
    fleet, years = scenario.fleet, scenario.horizon.years
    if fleet.target_year <= years[-1]:
        return []
    reached = (years[-1] - years[0]) / (fleet.target_year - years[0])
    return [
        f"fleet.target_year {fleet.target_year} is after the horizon {years_text(years)}, "
        "as the schema allows (a ramp that ends later, docs/model.md#F-fleet-ramp): by "
        f"{years[-1]} the fleet has gone {percent(reached)} of the way to baseline x "
        f"fleet.scale ({fleet.scale:g})"
    ]


def _in_house_notes(scenario: core.Scenario, moved: list[tuple[str, str]]) -> list[str]:
    """What each --in-house-only move breaks in the scenario the command runs on, if anything.

    The move takes the best in-house model even where none keeps the product's floor or
    promise (the routing table's tick, docs/user-guide.md), and a fleet too small buys
    the rest as cloud burst: the note says so beside what moved, as the tick's undo text.
    """
    if not moved:
        return []
    results = core.evaluate(scenario)
    found = [(words, in_house_only_breaks(results, product)) for product, words in moved]
    return [f"{words}; but {', and '.join(breaks)}" for words, breaks in found if breaks]


@contextmanager
def _blamed(flag: str) -> Iterator[None]:
    """Prefix each problem raised inside with the option that caused it."""
    try:
        yield
    except core.ScenarioError as error:
        problems = [core.Problem(_joined(flag, p.path), p.message) for p in error.problems]
        raise core.ScenarioError(problems) from None


def _joined(flag: str, path: str) -> str:
    return f"{flag}: {path}" if path and not flag.endswith(path) else flag


def _assignment(text: str) -> tuple[str, Any]:
    """`PATH=VALUE` split at the first `=`, VALUE read as JSON, else kept as text."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise core.ScenarioError([core.Problem("--set", f"{text!r} is not PATH=VALUE")])
    try:
        value = json.loads(raw, object_pairs_hook=unique_keys)  # as a file's keys are read
    except json.JSONDecodeError:
        value = raw
    except ValueError as error:  # a key given twice: the last one silently won
        raise core.ScenarioError([core.Problem(f"--set {path.strip()}", str(error))]) from None
    except RecursionError:  # as the file loader says of a file nested so deep
        raise core.ScenarioError(
            [core.Problem(f"--set {path.strip()}", "the value is nested too deeply")]
        ) from None
    return path.strip(), value


def _number(flag: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise core.ScenarioError([core.Problem(flag, f"{text!r} is not a number")]) from None


def _routes(text: str) -> list[tuple[str, dict[str, float]]]:
    """`PRODUCT=MODEL:SHARE,MODEL:SHARE;PRODUCT2=...` as (product, {model: share}) pairs.

    A model named twice for one product is refused: which share was meant is unknown.
    """
    pairs = []
    for part in filter(str.strip, text.split(";")):
        product, sep, shares = part.partition("=")
        if not sep or not product.strip() or not shares.strip():
            raise core.ScenarioError(
                [core.Problem("--route", f"{part.strip()!r} is not PRODUCT=MODEL:SHARE,...")]
            )
        given: dict[str, float] = {}
        for item in shares.split(","):
            model, colon, share = (words.strip() for words in item.rpartition(":"))
            if not colon or not model:
                raise core.ScenarioError(
                    [core.Problem("--route", f"{item.strip()!r} is not MODEL:SHARE")]
                )
            if model in given:
                twice = f"{product.strip()}: {model!r} is named twice; give each model once"
                raise core.ScenarioError([core.Problem("--route", twice)])
            given[model] = _number(f"--route {model}", share)
        pairs.append((product.strip(), given))
    if not pairs:
        raise core.ScenarioError([core.Problem("--route", "is empty; give PRODUCT=MODEL:SHARE")])
    return pairs
