"""Headless commands over the core model: evaluate, validate, train."""

import argparse
import math
import sys
from typing import Any

import core
from cli.errors import EXIT_OK, fail, json_text, report_problems
from cli.scenario_args import (
    add_what_if,
    open_scenario,
    scenario_with_what_if,
    shown,
    what_if_given,
)
from cli.tables import kpi_table
from core.engine.result_tables import KpiName, ProductColumn
from core.summary.headline import headline
from core.summary.status import limits_of, statuses
from core.units import counted

JSON_KPIS: tuple[KpiName, ...] = (
    "gpus",
    "capacity_gpu_hours",
    "demand_gpu_hours",
    "utilization",
    "total_cost_usd",
    "fleet_cost_usd",
    "partner_spend_usd",
    "cloud_burst_usd",
    "shortfall_gpu_hours",
    "external_token_share",
    "provider_hhi",
    "partner_hhi",
    "outage_exposure_tokens",
    "price_shock_exposure_usd",
    "cost_per_m_tokens_usd",
    "risk_index",
    "busy_share",
    "slo_breach_token_share",
    "under_floor_token_share",
    "facility_mw",
    "capex_cash_usd",
    "cash_outlay_usd",
    "compute_dependency",
    "degraded_hours",
)
JSON_PRODUCT_COLUMNS: tuple[ProductColumn, ...] = (
    "cost_usd",
    "external_token_share",
    "quality",
    "quality_floor",
    "ttft_p95_s",
    "tpot_p95_ms",
    "ttft_slo_s",
    "tpot_slo_ms",
    "degraded_hours",
    "outage_hours",
    "under_floor_share",
)


def register(commands: Any) -> None:
    """Add the model commands to the `scaledeck` parser."""
    evaluate = commands.add_parser("evaluate", help="KPIs per year of a scenario")
    evaluate.add_argument("file", nargs="?", help="scenario file (default: the built-in baseline)")
    evaluate.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    evaluate.add_argument("--scenario", help="a variant of FILE, by name (default: its baseline)")
    add_what_if(evaluate)
    evaluate.set_defaults(run=run_evaluate)

    validate = commands.add_parser("validate", help="check a scenario file, one line per problem")
    validate.add_argument("file")
    validate.set_defaults(run=run_validate)

    train = commands.add_parser("train", help="FLOPs, GPU-hours and days of one training run")
    limits = {name: f"{b.low:g} to {b.high:g}" for name, b in core.TRAINING_BOUNDS.items()}
    train.add_argument(
        "--active-params",
        type=float,
        required=True,
        help=f"active parameters, {limits['active_params']}",
    )
    train.add_argument(
        "--tokens", type=float, required=True, help=f"training tokens, {limits['tokens']}"
    )
    train.add_argument("--gpu", default="H100", help="GPU in the catalog (default H100)")
    train.add_argument(
        "--gpus", type=float, required=True, help=f"number of GPUs, whole, {limits['gpus']}"
    )
    train.add_argument(
        "--mfu", type=float, default=0.4, help=f"model FLOP utilization, {limits['mfu']}"
    )
    train.add_argument(
        "--availability",
        type=float,
        default=1.0,
        help=f"usable share of hours, {limits['availability']}",
    )
    train.add_argument("--json", action="store_true")
    train.set_defaults(run=run_train)


def run_evaluate(args: argparse.Namespace) -> int:
    """`scaledeck evaluate [FILE] [--json] [what-if options]`."""
    try:
        scenario = scenario_with_what_if(args, args.file)
        base = open_scenario(args.file)
    except core.ScenarioError as error:
        return report_problems(error)
    results = core.evaluate(shown(scenario, args))  # a what-if says so: `NAME (what-if)`
    if args.json:
        baseline = None if base == scenario else core.evaluate(base)
        out = results_json(results, scenario, baseline) | {"what_if": what_if_given(args)}
        print(json_text(out))
    else:
        print(kpi_table(results))
    return EXIT_OK


def results_json(
    results: core.Results, scenario: core.Scenario, baseline: core.Results | None
) -> dict[str, Any]:
    """The machine-readable form of `evaluate --json` (NaN written as null).

    `scenario` is the scenario's own name (a what-if's too: `what_if` says it is one).

    `headline` and `status` read the scenario's status thresholds; `status` also its
    budgets and power limit, and a variant or what-if is judged against `baseline`, the
    file's baseline (docs/model.md#F-status).
    """
    thresholds = scenario.status_thresholds
    products = results.product_arrays
    return {
        "scenario": scenario.name,
        "years": results.years,
        "kpis": {name: _numbers(results.series(name)) for name in JSON_KPIS},
        "products": {
            name: {c: _numbers(products.named(c)[:, p]) for c in JSON_PRODUCT_COLUMNS}
            | {"meets_slo": [bool(v) for v in products.meets_slo[:, p]]}
            for p, name in enumerate(results.structure.product_names)
        },
        "pv_cost_usd": results.pv_cost_usd,
        "npv_usd": results.pv_cost_usd,  # deprecated alias of pv_cost_usd for one release
        "horizon_cost_usd": results.horizon_cost_usd,
        "flags": [flag.message for flag in results.flags],
        "headline": headline(results, thresholds),
        "status": statuses(results, thresholds, limits_of(scenario), baseline),
        "status_baseline": None if baseline is None else baseline.scenario_name,
    }


def _numbers(series: Any) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in series]


def run_validate(args: argparse.Namespace) -> int:
    """`scaledeck validate FILE`: exit 0 and `ok: NAME`, or 2 and one line per problem.

    A valid file may still say what it does not mean (a model set to serve in its training
    year): one `warning: <field path>: <reason>` line each on stderr, exit 0.
    """
    try:
        book = core.load_workbook(args.file)
    except core.ScenarioError as error:
        return report_problems(error)
    scenarios = [("", book.baseline)] + [
        (f"variants[{i}].", v) for i, v in enumerate(book.variants)
    ]
    for prefix, scenario in scenarios:
        for problem in scenario.serving_warnings():
            print(f"warning: {prefix}{problem}", file=sys.stderr)
    count = len(book.variants)
    print(f"ok: {book.baseline.name}" + (f" (+{counted(count, 'variant')})" if count else ""))
    return EXIT_OK


def run_train(args: argparse.Namespace) -> int:
    """`scaledeck train ...`: the 6ND compute of one run.

    An option out of its range (`core.engine.training.BOUNDS`) is one line naming it,
    `error: --mfu: 1e-320 is below the minimum 0.01 (...)`, exit 2; no figure printed is
    inf or NaN.
    """
    try:
        run = core.training_run(
            args.active_params, args.tokens, args.gpu, args.gpus, args.mfu, args.availability
        )
    except core.TrainingInputError as error:
        option = "" if error.argument is None else f"--{error.argument.replace('_', '-')}: "
        return fail(option + error.reason)
    if args.json:
        figures = {"flops": run.flops, "gpu_hours": run.gpu_hours}
        print(json_text(figures | {"wall_clock_days": run.wall_clock_days}))
    else:
        gpus = int(args.gpus)  # a whole number: training_run refuses a fraction
        print(f"FLOPs            {run.flops:.4g}")
        print(f"GPU-hours        {run.gpu_hours:,.0f} ({run.gpu}, MFU {args.mfu:g})")
        print(f"wall-clock days  {run.wall_clock_days:,.1f} on {counted(gpus, 'GPU')}")
    return EXIT_OK
