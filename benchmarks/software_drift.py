"""Software drift: how fast the same GPU's measured serving frontier rose in InferenceX's data.

`python -m benchmarks.software_drift` reads InferenceX's DeepSeek-R1 runs
(tests/data/inferencex-dsr1-2026/points.csv, a copy of ../shared/data/inferencex-dsr1-2026)
and measures, for one GPU, precision, multi-token prediction choice and input/output
length at a time, how much more each later date's frontier served than an earlier date's
at the same time per output token. It prints each pair of dates and the yearly trend
behind the default of docs/model.md#F-software-drift.

How: a date's frontier is its Pareto points (no run of that date is both faster per token
and higher in tokens per GPU-second). Each point of one date is read against the other
date's frontier at its own TPOT (log-log interpolation, or a lone point within 10%), both
ways; a pair of dates' ratio is the geometric mean of those readings. The yearly trend is
the least-squares slope of log ratio over years apart, through the origin, on pairs at
least 60 days apart (nearer pairs differ by which deployments ran, not by software); its
spread is a bootstrap over the groups.
"""

from pathlib import Path

import numpy as np
import pandas as pd

POINTS = (
    Path(__file__).resolve().parents[1] / "tests" / "data" / "inferencex-dsr1-2026" / "points.csv"
)
GROUP = ["hardware", "precision", "spec_method", "isl", "osl"]
SAME_STACK = [*GROUP, "framework", "disagg"]  # the check: one serving stack and layout kind
NEAR = np.log(1.10)  # a lone point is read within 10% of its TPOT
MIN_DAYS = 60
BOOTSTRAP = 2_000
DAYS_PER_YEAR = 365.25


def frontier(runs: pd.DataFrame) -> pd.DataFrame:
    """The Pareto points of one date: throughput rising with TPOT."""
    ordered = runs.sort_values("median_tpot")
    tput = ordered["tput_per_gpu"]
    return ordered[tput > tput.cummax().shift(fill_value=0.0)]


def read_at(front: pd.DataFrame, tpot_s: float) -> float:
    """`front`'s tokens per GPU-second at `tpot_s`, NaN outside its TPOT range."""
    log_tpot = np.log(front["median_tpot"].to_numpy())
    log_tput = np.log(front["tput_per_gpu"].to_numpy())
    at = np.log(tpot_s)
    if at < log_tpot.min() - NEAR or at > log_tpot.max() + NEAR:
        return float("nan")
    return float(np.exp(np.interp(at, log_tpot, log_tput)))


def pair_logs(early: pd.DataFrame, late: pd.DataFrame) -> list[float]:
    """Log ratios late / early at matched TPOT, each date's points on the other's frontier."""
    logs = [np.log(p.tput_per_gpu / read_at(early, p.median_tpot)) for p in late.itertuples()]
    logs += [np.log(read_at(late, p.median_tpot) / p.tput_per_gpu) for p in early.itertuples()]
    return [float(v) for v in logs if np.isfinite(v)]


def date_pairs(points: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """Every pair of dates of every group that overlaps at some TPOT: years apart, ratio."""
    rows = []
    for key, runs in points.groupby(group):
        fronts = {date: frontier(day) for date, day in runs.groupby("date")}
        dates = sorted(fronts)
        for i, early in enumerate(dates):
            for late in dates[i + 1 :]:
                logs = pair_logs(fronts[early], fronts[late])
                if logs:
                    rows.append(
                        {
                            "group": "/".join(map(str, key)),
                            "early": early.date(),
                            "late": late.date(),
                            "years": (late - early).days / DAYS_PER_YEAR,
                            "readings": len(logs),
                            "ratio": float(np.exp(np.mean(logs))),
                        }
                    )
    return pd.DataFrame(rows)


def yearly_trend(pairs: pd.DataFrame) -> float:
    """exp of the least-squares slope of log ratio on years apart, through the origin."""
    log_ratio, years = np.log(pairs["ratio"]), pairs["years"]
    return float(np.exp((years * log_ratio).sum() / (years**2).sum()))


def bootstrap(pairs: pd.DataFrame, seed: int = 0) -> np.ndarray:
    """The yearly trend over groups drawn with replacement (P10, P50, P90)."""
    rng = np.random.default_rng(seed)
    groups = pairs["group"].unique()
    by_group = {g: pairs[pairs["group"] == g] for g in groups}
    trends = [
        yearly_trend(pd.concat([by_group[g] for g in rng.choice(groups, len(groups))]))
        for _ in range(BOOTSTRAP)
    ]
    return np.percentile(trends, [10, 50, 90])


def main() -> None:
    """Print the pairs of dates and the yearly trend with its spread, then the check."""
    points = pd.read_csv(POINTS, parse_dates=["date"])
    for group in (GROUP, SAME_STACK):
        pairs = date_pairs(points, group)
        apart = pairs[pairs["years"] >= MIN_DAYS / DAYS_PER_YEAR]
        if group == GROUP:
            with pd.option_context("display.width", 160):
                print(apart.to_string(index=False, float_format="{:.3f}".format))
        print(f"grouped by {', '.join(group)}:")
        _summary(points, pairs, apart)


def _summary(points: pd.DataFrame, pairs: pd.DataFrame, apart: pd.DataFrame) -> None:
    p10, p50, p90 = bootstrap(apart)
    rising = float((apart["ratio"] > 1.0).mean())
    print(
        f"  {len(apart)} pairs of dates >= {MIN_DAYS} days apart in {apart['group'].nunique()} "
        f"groups ({points['date'].min():%Y-%m-%d} to {points['date'].max():%Y-%m-%d}); "
        f"{rising:.0%} rose"
    )
    print(
        f"  yearly trend x{yearly_trend(apart):.2f} (bootstrap over groups P10-P50-P90 "
        f"x{p10:.2f} x{p50:.2f} x{p90:.2f}); all {len(pairs)} pairs: x{yearly_trend(pairs):.2f}"
    )


if __name__ == "__main__":
    main()
