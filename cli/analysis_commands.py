"""`scaledeck montecarlo` and `scaledeck tornado`, and the options `optimize` and `plan` share."""

import argparse
import math
from typing import Any

import pandas as pd

import core
from cli.errors import EXIT_OK, json_text, report_problems
from cli.scenario_args import add_what_if, scenario_with_what_if
from core.analysis.compare import format_kpi
from core.analysis.montecarlo import monte_carlo
from core.analysis.sensitivity import input_values, tornado
from core.units import counted, signed, usd, years_text


def register(commands: Any) -> None:
    """Add the analysis commands to the `scaledeck` parser."""
    mc = commands.add_parser("montecarlo", help="P10/P50/P90 of cost and risk over random draws")
    mc.add_argument("file", nargs="?", help="scenario file (default: the built-in baseline)")
    mc.add_argument("--scenario", help="a variant of FILE, by name")
    add_what_if(mc)
    mc.add_argument("--draws", type=int, default=10_000, help="random draws (default 10,000)")
    mc.add_argument(
        "--seed",
        type=int,
        default=0,
        help="random seed, 0 or more (default 0: every run gives the same numbers)",
    )
    mc.add_argument("--json", action="store_true")
    mc.set_defaults(run=run_montecarlo)

    tor = commands.add_parser(
        "tornado", help="each input moved +/-20%%: change in present cost and in risk"
    )
    tor.add_argument("file", nargs="?", help="scenario file (default: the built-in baseline)")
    tor.add_argument("--scenario", help="a variant of FILE, by name")
    add_what_if(tor)
    tor.add_argument(
        "--year", type=int, help="the year of the risk index (default: the ramp target year)"
    )
    tor.add_argument("--move", type=float, default=0.2, help="the move as a fraction (default 0.2)")
    tor.add_argument("--json", action="store_true")
    tor.set_defaults(run=run_tornado)


def add_scenario_and_lambda(parser: argparse.ArgumentParser) -> None:
    """FILE, --scenario, the what-ifs and --lambda: the options `optimize` and `plan` share."""
    parser.add_argument("file", nargs="?", help="scenario file (default: the built-in baseline)")
    parser.add_argument("--scenario", help="a variant of FILE, by name")
    add_what_if(parser)
    parser.add_argument(
        "--lambda",
        dest="risk_weight",
        type=float,
        default=0.0,
        help="USD billions worth one point of external token share (default 0: cost only)",
    )


def run_montecarlo(args: argparse.Namespace) -> int:
    """Print P10/P50/P90 per year of total cost and risk index, and of the present cost."""
    try:
        result = monte_carlo(scenario_with_what_if(args, args.file), args.draws, args.seed)
    except core.ScenarioError as error:
        return report_problems(error)
    tables = {kpi: result.percentiles(kpi) for kpi in ("total_cost_usd", "risk_index")}
    present = result.pv_cost_percentiles()
    if args.json:
        out: dict[str, Any] = {"draws": result.draws, "seed": result.seed, "years": result.years}
        out |= {
            kpi: {p: [_number(v) for v in table[p]] for p in table} for kpi, table in tables.items()
        }
        out |= {f"pv_cost_usd_{p}": _number(v) for p, v in present.items()}
        print(json_text(out))
        return EXIT_OK
    print(f"{counted(result.draws, 'draw')}, seed {result.seed}")
    print(
        f"present cost {years_text(result.years)}: "
        + ", ".join(f"{p.upper()} {usd(v)}" for p, v in present.items())
    )
    print(
        f"{'year':>6}"
        + "".join(f"{h:>12}" for h in ("cost P10", "P50", "P90", "risk P10", "P50", "P90"))
    )
    cost = tables["total_cost_usd"].to_numpy()
    risk = tables["risk_index"].to_numpy()
    for year, cost_row, risk_row in zip(result.years, cost, risk, strict=True):
        cells = [f"{usd(v):>12}" for v in cost_row] + [f"{v:>12.1f}" for v in risk_row]
        print(f"{year:>6}" + "".join(cells))
    return EXIT_OK


def run_tornado(args: argparse.Namespace) -> int:
    """Print each input's swing in present cost (horizon, $B) and risk index (year, points)."""
    try:
        scenario = scenario_with_what_if(args, args.file)
        year = scenario.headline_year if args.year is None else args.year
        table = tornado(scenario, year, args.move)
    except core.ScenarioError as error:
        return report_problems(error)
    if args.json:
        print(
            json_text({"year": year, "move": args.move, "inputs": table.to_dict(orient="records")})
        )
        return EXIT_OK
    print(tornado_text(table, scenario.horizon.years, year, args.move))
    return EXIT_OK


def tornado_text(table: pd.DataFrame, years: list[int], year: int, move: float) -> str:
    """The tornado as lines: each input's values used in its unit, then its two swings."""
    head = (
        f"Each input moved -/+{move:.0%}: change in present cost over {years_text(years)} "
        f"and in the risk index in {year} (points); the values used, lower / higher, stop at "
        "an input's range (cluster scale is at least 1)"
    )
    rows = table.to_dict(orient="records")
    used = [input_values(str(r["label"]), r["low_value"], r["high_value"]) for r in rows]
    width = max(len(u) for u in used) if used else 0
    # Each change in its own unit, as compare writes one: "+$7M", not "+$0.01B" beside "$3.26B".
    lows, highs = ([format_kpi("pv_cost_usd", float(r[k]), signed=True) for r in rows]
                   for k in ("pv_cost_low_usd", "pv_cost_high_usd"))  # fmt: skip
    lines = [head]
    for row, values, low, high in zip(rows, used, lows, highs, strict=True):
        lines.append(
            f"  {row['label']:<22} {values:<{width}}  present cost {low:>8} / {high:>8}"
            f"   risk {signed(float(row['risk_low']), '+6.2f')} / "
            f"{signed(float(row['risk_high']), '+6.2f')} points"
        )
    return "\n".join(lines)


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
