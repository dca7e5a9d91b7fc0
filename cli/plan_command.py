"""`scaledeck plan`: GPUs to add per year and generation, routing per year (docs/model.md#F-plan).

Deterministic by default; `--robust N` decides the build over N seeded draws of demand
and prices (docs/model.md#F-robust-plan) and adds the present-cost percentiles of the plan and
of the current scenario over the same draws. `--save OUT.json` writes the plan printed, as
the plan window's Apply does, in place of the changed scenario (`save_plan`).
"""

import argparse
import sys
from typing import Any

import core
from cli.analysis_commands import add_scenario_and_lambda
from cli.errors import EXIT_OK, fail, json_text, writing
from cli.explain_text import reasons_json, reasons_text
from cli.plan_options import add_plan_options, as_typed, plan_limits
from cli.scenario_args import PendingSave, saved_into, scenario_with_what_if, shown
from core.plan.explain import explain_plan
from core.plan.frontier import plan_frontier, recommendation
from core.plan.robust import RobustPlan, robust_plan
from core.plan.routing import recommend_routing
from core.plan.solve import Plan, recommend_plan
from core.scenario.plan_edits import planned_by_generation
from core.units import cost_change, counted, usd, years_text

# Old JSON keys kept one release beside their new names: a present cost is no "NPV".
DEPRECATED_ALIASES = {
    "npv_usd": "pv_cost_usd",
    "current_npv_usd": "current_pv_cost_usd",
    **{
        f"{who}npv_p{p}_usd": f"{who}pv_cost_p{p}_usd"
        for who in ("", "current_")
        for p in (10, 50, 90)
    },
}


KEPT = "(none: the fleet is kept, --keep-fleet)"  # the build `--keep-fleet` allows
ROUTING_SAVED = "the recommended routing with the fleet kept"  # `--keep-fleet` and `optimize`


def register(commands: Any) -> None:
    """Add `plan` to the `scaledeck` parser."""
    plan = commands.add_parser("plan", help="recommend a build per year and routing per year")
    add_scenario_and_lambda(plan)
    plan.add_argument("--robust", type=int, metavar="N", help="decide the build over N draws")
    plan.add_argument("--seed", type=int, help="random seed of --robust, 0 or more (default 0)")
    plan.add_argument(
        "--power-cap-mw", type=float, help="site power cap in MW (default: the file's)"
    )
    plan.add_argument("--capex-budget-usd", type=float, help="capex cash allowed per year, USD")
    plan.add_argument(
        "--max-provider-share", type=float, help="max share of any outside provider in spend (0-1)"
    )
    add_plan_options(plan)
    plan.add_argument("--json", action="store_true")
    plan.set_defaults(run=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    """Print the recommended plan against the current scenario (ScenarioError: main says it)."""
    if args.seed is not None and args.robust is None:
        return fail("--seed needs --robust N")
    if args.beta is not None and args.robust is None:
        return fail("--beta needs --robust N")
    if args.keep_fleet and args.robust is not None:
        return fail("--keep-fleet and --robust N ask different questions: give one")
    scenario = scenario_with_what_if(args, args.file)
    limits = plan_limits(args, scenario)
    robust: RobustPlan | None = None
    if args.keep_fleet:
        plan = recommend_routing(scenario, args.risk_weight, limits)
    elif args.robust is None:
        plan = recommend_plan(scenario, args.risk_weight, limits)
    else:
        seed = 0 if args.seed is None else args.seed
        beta = 1.0 if args.beta is None else args.beta
        with as_typed():  # `--robust`, not the plan's `draws`
            robust = robust_plan(scenario, args.robust, seed, beta, args.risk_weight, limits)
        plan = robust.plan
    frontier = None
    if args.frontier is not None:
        with as_typed():  # `--frontier`, not the plan's `points`
            frontier = plan_frontier(scenario, args.frontier, limits, keep_fleet=args.keep_fleet)
    if robust is None:
        plan, chosen = recommendation(plan, args.risk_weight, frontier)
    else:  # the frontier's plans are each one draw's: the robust plan stays the answer
        chosen = (
            f"the robust plan over {counted(robust.draws, 'draw')} (seed {robust.seed}): mean "
            f"present cost + {robust.beta:g} x the mean of its dearest 10% of draws"
        )
    reasons = explain_plan(plan)
    out = plan_json(plan, robust) | reasons_json(plan, reasons, frontier, chosen)
    text = plan_text(shown(scenario, args), plan, robust, args.keep_fleet)  # `NAME (what-if)`
    text += "\n" + reasons_text(reasons, frontier, chosen)
    print(json_text(out) if args.json else text)
    save_plan(args, scenario.name, plan, _what_is_saved(args.keep_fleet, robust))
    return EXIT_OK


def _what_is_saved(keep_fleet: bool, robust: RobustPlan | None) -> str:
    """The plan printed, by how it was found: each mode prints one plan, and saves it."""
    if keep_fleet:
        return ROUTING_SAVED
    if robust is not None:
        return f"the robust plan of {counted(robust.draws, 'draw')} with seed {robust.seed}"
    return "the recommended plan"


def save_plan(args: argparse.Namespace, name: str, plan: Plan, what: str) -> None:
    """Write `plan` where `--save` asked, under the scenario's `name`, and say what was saved.

    The file gets what the plan window's Apply adds (`Plan.saved_as`): the plan's
    build_plan and routing_by_year with the limits it was solved under, so
    `scaledeck evaluate OUT.json` gives the plan's present cost. It takes the changed
    scenario's place in the file `--save` prepared (`PendingSave`).
    """
    pending: PendingSave | None = getattr(args, "pending_save", None)
    if pending is None:
        return
    saved = plan.saved_as(name)
    with writing(pending.path):
        core.save_workbook(saved_into(pending.book, saved), pending.path)
    print(f"saved {what} ({saved_words(plan)}) to {pending.path}{pending.words}", file=sys.stderr)
    args.pending_save = None  # written: main's save of the changed scenario would undo it


def saved_words(plan: Plan) -> str:
    """The saved plan's two fields and its present cost, for the line on stderr."""
    added = planned_by_generation(plan.scenario)
    build = " and ".join(f"{n:,} {gpu}" for gpu, n in added.items()) or "no GPU"
    years = years_text(sorted({row.year for row in plan.scenario.build_plan or () if row.gpus}))
    products = len({row.product for row in plan.scenario.routing_by_year})
    return (
        f"build_plan: {build} added{f' in {years}' if years else ''}; routing_by_year: "
        f"{counted(products, 'product')} in each of {counted(len(plan.build), 'year')}; "
        f"present cost {usd(plan.pv_cost_usd)}"
    )


def plan_json(plan: Plan, robust: RobustPlan | None) -> dict[str, Any]:
    """The JSON answer: build, routing, present cost, risk, MW and binding, percentiles if robust.

    Each `pv_cost...` key is also written under its old `npv...` name for one release
    (`DEPRECATED_ALIASES`, docs/cli.md).
    """
    years = list(plan.build)
    out: dict[str, Any] = {
        "build": plan.build,
        "routing": plan.routing,
        "pv_cost_usd": plan.pv_cost_usd,
        "current_pv_cost_usd": plan.current_pv_cost_usd,
        "risk_index": plan.risk_index,
        "current_risk_index": plan.current_risk_index,
        "facility_mw": dict(zip(years, plan.facility_mw, strict=True)),
        "current_facility_mw": dict(zip(years, plan.current_facility_mw, strict=True)),
        "external_token_share": plan.external_share,
        "current_external_token_share": plan.current_external_share,
        "binding": list(plan.binding),
        "current_breaks": list(plan.current_breaks),
    }
    if robust is not None:
        out |= {"draws": robust.draws, "seed": robust.seed, "beta": robust.beta}
        for who in ("", "current_"):
            for p in (10, 50, 90):
                key = f"{who}pv_cost_p{p}_usd"
                out[key] = getattr(robust, key)
    return out | {old: out[new] for old, new in DEPRECATED_ALIASES.items() if new in out}


def plan_text(
    scenario: core.Scenario, plan: Plan, robust: RobustPlan | None, keep_fleet: bool
) -> str:
    """A readable answer: GPUs added by year and generation, present cost, risk, MW, binding.

    With the fleet kept (`--keep-fleet`) an empty build says so: no GPU is added because
    none may be, not because the fleet as it is was found cheapest.
    """
    years = list(plan.build)
    names = [g.name for g in scenario.gpu_catalog]
    used = [g for g in names if any(g in row for row in plan.build.values())]
    width = max([len("GPUs added"), *(len(g) for g in used)])
    lines = [f"Recommended plan for {scenario.name!r}", ""]
    lines.append(f"{'GPUs added':<{width}}" + "".join(f"{y:>10}" for y in years))
    for g in used:
        cells = "".join(f"{plan.build[y].get(g, 0):>10,}" for y in years)
        lines.append(f"{g:<{width}}" + cells)
    if not used:
        lines.append(KEPT if keep_fleet else "(none: the baseline fleet and burst are cheapest)")
    lines.append(f"{'MW':<{width}}" + "".join(f"{v:>10,.1f}" for v in plan.facility_mw))
    lines.append(f"{'MW now':<{width}}" + "".join(f"{v:>10,.1f}" for v in plan.current_facility_mw))
    lines += [
        "",
        f"Present cost {usd(plan.pv_cost_usd)} (now {usd(plan.current_pv_cost_usd)}: the plan "
        f"{cost_change(plan.pv_cost_usd, plan.current_pv_cost_usd, usd)}); "
        # horizon means, as the plan window's rows say: a year's figure read as one year's
        f"risk index {plan.risk_index:.1f} a year on average (now {plan.current_risk_index:.1f}); "
        f"external token share {plan.external_share:.0%} on average "
        f"(now {plan.current_external_share:.0%})",
    ]
    if robust is not None:
        lines.append(_robust_line(robust))
    lines.append("Binding constraints:" if plan.binding else "No constraint is binding.")
    lines += [f"  - {line}" for line in plan.binding]
    if plan.current_breaks:
        lines.append("The current scenario breaks these limits (so it is no feasible plan):")
        lines += [f"  - {line}" for line in plan.current_breaks]
    return "\n".join(lines)


def _robust_line(robust: RobustPlan) -> str:
    """Present cost P10/P50/P90 of the plan and of the current scenario over the same draws."""
    mine = [robust.pv_cost_p10_usd, robust.pv_cost_p50_usd, robust.pv_cost_p90_usd]
    now = [
        robust.current_pv_cost_p10_usd,
        robust.current_pv_cost_p50_usd,
        robust.current_pv_cost_p90_usd,
    ]
    shown = " / ".join(usd(v) for v in mine)
    then = " / ".join(usd(v) for v in now)
    return (
        f"Over {counted(robust.draws, 'draw')} (seed {robust.seed}, beta {robust.beta:g}): "
        f"present cost P10 / P50 / P90 {shown} (now {then})"
    )
