"""`scaledeck optimize`: the recommended routing, which is the plan with the fleet kept.

One optimizer (issue 25): `core.plan.routing.recommend_routing`, the plan's program with
the build locked to the scenario's own fleet, routing per year under present cost + λ x
dependency, so `optimize` and `plan --keep-fleet` give one answer. The keys of the old
routing optimizer stay, each with the figure of the years asked for (docs/cli.md).
`--save OUT.json` writes that routing as `plan --keep-fleet --save` does (`save_plan`).
"""

import argparse
from typing import Any

import numpy as np

import core
from cli.analysis_commands import add_scenario_and_lambda
from cli.errors import EXIT_OK, json_text, report_problems
from cli.plan_command import DEPRECATED_ALIASES, ROUTING_SAVED, plan_json, save_plan
from cli.scenario_args import scenario_with_what_if, what_if_given, what_if_name
from core.plan.lp import Limits
from core.plan.routing import recommend_routing
from core.plan.solve import Plan
from core.scenario.messages import year_outside
from core.units import cost_change, horizon_cost_name, usd, years_text


def register(commands: Any) -> None:
    """Add `optimize` to the `scaledeck` parser."""
    opt = commands.add_parser(
        "optimize", help="the recommended routing per year for the fleet as it is"
    )
    add_scenario_and_lambda(opt)
    opt.add_argument(
        "--year", type=int, help="the year whose routing and figures to give (default: all)"
    )
    opt.add_argument(
        "--max-provider-share",
        "--provider-cap",
        dest="provider_cap",
        type=float,
        help="max share of any outside provider in a year's spend (0-1)",
    )
    opt.add_argument("--json", action="store_true")
    opt.set_defaults(run=run_optimize)


def run_optimize(args: argparse.Namespace) -> int:
    """Print the recommended routing, its cost and risk against the scenario's, and why."""
    try:
        scenario = scenario_with_what_if(args, args.file)
        years = scenario.horizon.years
        if args.year is not None and args.year not in years:
            raise core.ScenarioError([year_outside(args.year, years)])
        limits = Limits(max_provider_share=args.provider_cap)
        plan = recommend_routing(scenario, args.risk_weight, limits)
    except core.ScenarioError as error:
        return report_problems(error)
    out = optimize_json(scenario, plan, args.risk_weight, args.year)
    out["what_if"] = what_if_given(args)
    print(json_text(out) if args.json else optimize_text(out))
    save_plan(args, scenario.name, plan, ROUTING_SAVED)  # the routing printed, as plan's --save
    return EXIT_OK


def optimize_json(
    scenario: core.Scenario, plan: Plan, risk_weight: float, year: int | None
) -> dict[str, Any]:
    """The old routing optimizer's keys for the years asked for, then the plan's other keys.

    `routing` is the year's routing, or over the horizon each product's share of its
    tokens on each model; costs are summed and shares and risk averaged over those years.
    """
    mine, now = core.evaluate(plan.scenario), core.evaluate(scenario)
    years = mine.years if year is None else [year]
    t = [mine.years.index(y) for y in years]
    k, was = mine.yearly, now.yearly
    plan_keys = plan_json(plan, None)
    plan_keys["routing_by_year"] = plan_keys.pop("routing")
    out = {
        "scenario": scenario.name,
        "years": years,
        "lambda": risk_weight,
        "routing": _routing(mine, t),
        "total_cost_usd": float(k.total_cost_usd[t].sum()),
        "current_total_cost_usd": float(was.total_cost_usd[t].sum()),
        "partner_spend_usd": float(k.partner_spend_usd[t].sum()),
        "external_token_share": float(k.external_token_share[t].mean()),
        "current_external_token_share": float(was.external_token_share[t].mean()),
        "risk_index": float(k.risk_index[t].mean()),
        "current_risk_index": float(was.risk_index[t].mean()),
        "binding": list(plan.binding),
    }
    added = {k: v for k, v in plan_keys.items() if k not in out and k not in DEPRECATED_ALIASES}
    return out | added


def _routing(results: core.Results, t: list[int]) -> dict[str, dict[str, float]]:
    """Each product's tokens in years `t` by model, as shares (above 1e-12)."""
    tokens = results.product_arrays.tokens[t]  # (Y, P)
    served = (results.outputs.shares[0, t] * tokens[..., None]).sum(axis=0)  # (P, M)
    shares = served / np.maximum(served.sum(axis=1, keepdims=True), 1e-300)
    s = results.structure
    return {
        product: {s.model_names[m]: float(v) for m, v in enumerate(shares[p]) if v > 1e-12}
        for p, product in enumerate(s.product_names)
    }


def _routing_words(by_year: dict[int, dict[str, float]]) -> str:
    """One product's routing as shown, once if every year has it, else by its years.

    "Claude Sonnet class 100% (2026-2028); MAI-2 100% (2029-2031)", never the horizon's mix
    ("MAI-2 85%") read as a routing MAI-2 could take before it serves.
    """
    runs: dict[str, list[int]] = {}
    for year, shares in sorted(by_year.items()):
        said = ", ".join(f"{m} {s:.0%}" for m, s in shares.items() if f"{s:.0%}" != "0%")
        runs.setdefault(said, []).append(year)
    if len(runs) == 1:
        return next(iter(runs))
    return "; ".join(f"{said} ({years_text(when)})" for said, when in runs.items())


def optimize_text(out: dict[str, Any]) -> str:
    """A readable answer: the routing, its figures each named with its years, and the limits.

    The present cost is over the horizon whatever `--year` asks; the other figures are the
    year's, or over the horizon the N-year cost and yearly averages, each said so.
    """
    years, horizon = out["years"], years_text(sorted(int(y) for y in out["routing_by_year"]))
    name = what_if_name(out["scenario"]) if out.get("what_if") else out["scenario"]
    lines = [
        f"Recommended routing for {name!r}, {years_text(years)} "
        f"(lambda {out['lambda']:g}), the fleet as it is:"
    ]
    by_year = {int(y): rows for y, rows in out["routing_by_year"].items() if int(y) in years}
    for product in out["routing"]:
        lines.append(f"  {product}: {_routing_words({y: r[product] for y, r in by_year.items()})}")
    pv, pv_now = out["pv_cost_usd"], out["current_pv_cost_usd"]
    lines += [
        f"Present cost over {horizon} {usd(pv)} (now {usd(pv_now)}: the routing "
        f"{cost_change(pv, pv_now, usd)}); {_span_figures(out)}",
        f"Binding constraints over {horizon}:" if out["binding"] else "No constraint is binding.",
    ]
    return "\n".join(lines + [f"  - {line}" for line in out["binding"]])


def _span_figures(out: dict[str, Any]) -> str:
    """Cost, risk and external share of the years asked for, named with them."""
    years = out["years"]
    cost = f"{usd(out['total_cost_usd'])} (now {usd(out['current_total_cost_usd'])})"
    risk = f"{out['risk_index']:.1f}"
    share = f"{out['external_token_share']:.0%}"
    risk_now = f"(now {out['current_risk_index']:.1f})"
    share_now = f"(now {out['current_external_token_share']:.0%})"
    if len(years) == 1:
        return (f"in {years[0]}: total cost {cost}, risk index {risk} {risk_now}, "
                f"external token share {share} {share_now}")  # fmt: skip
    return (f"{horizon_cost_name(len(years))} {cost}; risk index {risk} a year on average "
            f"{risk_now}; external token share {share} on average {share_now}")  # fmt: skip
