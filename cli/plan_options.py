"""`scaledeck plan`'s limits, locks, robust beta and frontier options.

Each is named in docs/cli.md's `scaledeck plan` row; docs/user-guide.md#recommend-a-plan
explains them.

Locks keep the meeting's decisions (core/plan/locks.py): `--generations H100,B200`,
`--lock-routing PRODUCT` (every year, as the scenario routes it now) or
`--lock-routing PRODUCT@YEAR` (one year), `--min-gpus YEAR=N`, `--max-gpus YEAR=N`,
`--first-year MODEL=YEAR`. Each repeatable option may be given many times.
"""

import argparse
import math
from collections.abc import Iterator
from contextlib import contextmanager

import core
from core.plan.locks import Locks, current_routing
from core.plan.lp import MIGRATION_USD, Limits
from core.scenario.messages import year_outside
from core.scenario.schema import MAX_USD

# The plan's own argument names -> the option that sets them: `plan --frontier 0` said
# "error: points: ..." and `--robust 100000` "error: draws: ...", names never typed.
OPTION_OF = {"points": "--frontier", "draws": "--robust"}


def _year_count(text: str) -> tuple[int, int]:
    """YEAR=N, both whole numbers."""
    year, _, count = text.partition("=")
    try:
        return int(year), int(count)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected YEAR=N, e.g. 2027=5000") from None


def _name_year(text: str) -> tuple[str, int]:
    """MODEL=YEAR."""
    name, _, year = text.rpartition("=")
    try:
        return name, int(year)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected MODEL=YEAR") from None


def _usd(text: str) -> float:
    """An amount in USD from 0 to a scenario's largest (inf made the solver's costs unusable)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= MAX_USD):
        raise argparse.ArgumentTypeError(f"{text!r} must be a number from 0 to {MAX_USD:g} (USD)")
    return value


def add_plan_options(plan: argparse.ArgumentParser) -> None:
    """The limits beyond power and capex, the locks, --beta, --frontier and --block-gpus."""
    plan.add_argument(
        "--min-in-house-share", type=float, help="least in-house token share every year (0-1)"
    )
    plan.add_argument("--beta", type=float, help="weight of CVaR90 in --robust (default 1)")
    plan.add_argument(
        "--frontier", type=int, metavar="N", help="also N plans from least to most dependency"
    )
    plan.add_argument("--block-gpus", type=int, default=1, help="GPUs are bought in blocks of N")
    plan.add_argument(
        "--migration-usd", type=_usd, default=MIGRATION_USD, metavar="USD",
        help=f"cost of moving a whole product to other models (default {MIGRATION_USD:,.0f}, "
        "illustrative; 0: routing may move freely)",
    )  # fmt: skip
    plan.add_argument(
        "--keep-fleet", action="store_true",
        help="lock the build to the scenario's own fleet: the recommended routing per year",
    )  # fmt: skip
    plan.add_argument(
        "--generations", metavar="LIST", help="generations the plan may buy, comma-separated"
    )
    plan.add_argument(
        "--lock-routing", action="append", default=[], metavar="PRODUCT[@YEAR]",
        help="keep a product's routing as the scenario has it (every year, or one)",
    )  # fmt: skip
    for flag, words in (("--min-gpus", "at least"), ("--max-gpus", "at most")):
        plan.add_argument(
            flag, action="append", default=[], type=_year_count, metavar="YEAR=N",
            help=f"add {words} N GPUs in YEAR (all generations)",
        )  # fmt: skip
    plan.add_argument(
        "--first-year", action="append", default=[], type=_name_year, metavar="MODEL=YEAR",
        help="a model serves no traffic before YEAR",
    )  # fmt: skip


def plan_locks(args: argparse.Namespace, scenario: core.Scenario) -> Locks:
    """The locks the options ask for; ScenarioError names an unknown product.

    The other locks are checked by the plan itself (`core.plan.locks.lock_problems`, before
    any solve), one rule for the CLI and the Plan window: `--first-year` says which part is
    wrong, the model or the year.
    """
    routing: dict[tuple[str, int], dict[str, float]] = {}
    products = [p.name for p in scenario.products]
    for text in args.lock_routing:
        whole = text in products or "@" not in text  # a name holding `@`: every year
        product, at, year = (text, "", "") if whole else text.rpartition("@")
        if product not in products:
            known = f"{product!r} is no product (the scenario has: {', '.join(products)})"
            raise core.ScenarioError([core.Problem("lock_routing", known)])
        when = _lock_year(text, year, scenario.horizon.years) if at else None
        routing |= current_routing(scenario, product, when)
    for flag, by_year in (("min_gpus", args.min_gpus), ("max_gpus", args.max_gpus)):
        _gpu_years(flag, by_year, scenario.horizon.years)
    return Locks(
        generations=_generations(args.generations, scenario),
        min_gpus=dict(args.min_gpus),
        max_gpus=dict(args.max_gpus),
        routing=routing,
        first_year=dict(args.first_year),
    )


def _generations(text: str | None, scenario: core.Scenario) -> tuple[str, ...] | None:
    """`--generations LIST`'s names; None (no lock) only when the option is not given.

    `--generations ''` (or `,`) locked nothing, silently: a plan free to buy every
    generation. Now it is refused with the catalog's names to choose from.
    """
    if text is None:
        return None
    names = tuple(g.strip() for g in text.split(",") if g.strip())
    if not names:
        catalog = ", ".join(g.name for g in scenario.gpu_catalog)
        words = f"give at least one generation (the catalog has: {catalog})"
        raise core.ScenarioError([core.Problem("--generations", words)])
    return names


@contextmanager
def as_typed() -> Iterator[None]:
    """A ScenarioError of the plan's arguments said under the option the user typed.

    The plan names its own arguments (`points`, `draws`: `OPTION_OF`); other problems,
    such as the limit or lock at fault in an impossible plan, pass unchanged.
    """
    try:
        yield
    except core.ScenarioError as error:
        raise core.ScenarioError(
            [core.Problem(OPTION_OF.get(p.path, p.path), p.message) for p in error.problems]
        ) from None


def _gpu_years(flag: str, by_year: list[tuple[int, int]], years: list[int]) -> None:
    """`--min-gpus`/`--max-gpus YEAR=N`: a YEAR outside the horizon is refused with its span.

    The plan's own check (`lock_problems`) said only "the year must be in the horizon".
    """
    for year, count in by_year:
        if year not in years:
            outside = year_outside(year, years).message
            raise core.ScenarioError([core.Problem(flag, f"{year}={count}: {outside}")])


def _lock_year(text: str, year: str, years: list[int]) -> int:
    """The YEAR of `--lock-routing PRODUCT@YEAR`: a whole year of the horizon.

    A year outside it locked nothing before; now it is refused, as `--first-year` is.
    """
    try:
        found = int(year)
    except ValueError:
        words = f"{year!r} is not a year (PRODUCT@YEAR, e.g. @{years[-1]})"
        raise core.ScenarioError([core.Problem("lock_routing", f"{text}: {words}")]) from None
    if found not in years:
        outside = year_outside(found, years).message
        raise core.ScenarioError([core.Problem("lock_routing", f"{text}: {outside}")])
    return found


def plan_limits(args: argparse.Namespace, scenario: core.Scenario) -> Limits:
    """Every limit and lock of the command line."""
    return Limits(
        power_cap_mw=args.power_cap_mw,
        capex_budget_usd=args.capex_budget_usd,
        max_provider_share=args.max_provider_share,
        min_in_house_share=args.min_in_house_share,
        locks=plan_locks(args, scenario),
        block_gpus=args.block_gpus,
        migration_usd=args.migration_usd,
    )
