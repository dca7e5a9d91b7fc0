"""Serving accuracy: fit the step time's constants on measured serving, and predict GPUs left out.

`python -m benchmarks.serving_accuracy` refits the constants of core.engine.serving on
InferenceX's DeepSeek-R1 runs (tests/data/inferencex-dsr1-2026/points.csv, a copy of
../shared/data/inferencex-dsr1-2026) and prints, against the measured frontier:
the fit's median error, the leave-one-GPU-out median error (fit without a GPU, predict
it from its datasheet), where the model is worst, and DeepSeek's published production
decode as a cross-check (docs/model.md#F-serving-fit).
"""

import argparse
import math
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from benchmarks.report import Row
from core.engine import deployment as dp
from core.engine import serving as sv
from core.engine.routes import _gpu_specs, _model_specs
from core.scenario.files import default_scenario, model_presets

POINTS = (
    Path(__file__).resolve().parents[1] / "tests" / "data" / "inferencex-dsr1-2026" / "points.csv"
)
LENGTH = 0.9  # InferenceX draws each request's lengths from 0.8-1.0 x nominal
BYTES = {"fp8": 1.0, "fp4": 0.5625}
GPUS = {"h100": "H100", "h200": "H200", "b200": "B200", "mi300x": "MI300X", "mi325x": "MI325X"}
FIT_GOAL, HELD_OUT_GOAL = 0.20, 0.30
# The constants fitted, where each starts (a physical prior) and the range it may take.
FITTED = ("layer_s", "cross_domain_factor", "bandwidth_share", "peak_share", "half_rows",
          "prefill_share", "draft_acceptance", "amd_software", "request_s")  # fmt: skip
PRIOR = sv.Constants(
    layer_s=80e-6, cross_domain_factor=2.0, bandwidth_share=0.7, peak_share=0.4, half_rows=32.0,
    prefill_share=0.4, draft_acceptance=0.8, amd_software=0.8, link_share=sv.FITTED.link_share,
    request_s=20e-6,
)  # fmt: skip
LOW = np.array([5e-6, 1.0, 0.2, 0.05, 1.0, 0.05, 0.3, 0.3, 1e-8])
HIGH = np.array([500e-6, 10.0, 1.0, 1.0, 64.0, 1.0, 0.95, 1.5, 1e-3])
# DeepSeek's production decode, Feb 2025 ("DeepSeek-V3/R1 Inference System Overview"):
# ~14.8k output tokens/s per H800 node (1,850 per GPU) at 20-22 tokens/s per user, decode
# over 144 GPUs (EP144, data-parallel attention), one MTP draft, 56.3% cache hits, 608B
# input and 168B output tokens a day (prompt ~3.6 x output). H800: H100 with NVLink 400 GB/s.
DEEPSEEK_DECODE_PER_GPU = 1_850.0


@dataclass(frozen=True)
class Cases:
    """Every frontier point with its own measured deployment (axes: points, 1, drafts, batches)."""

    points: pd.DataFrame
    model: sv.ModelSpecs  # (N, 1, 1, 1)
    gpu: sv.GpuSpecs  # (N, 1, 1, 1), software 1 (the constant applies per vendor)
    amd: np.ndarray  # (N, 1, 1, 1)
    workload: sv.Workloads  # (N, 1, 1, 1)
    gpus: np.ndarray  # (N, 1, 1, 1): the decode replica (its tensor-parallel width)
    mode: np.ndarray
    disaggregated: np.ndarray
    prefill_pool: np.ndarray  # (N, 1, 1, 1): prefill GPUs per decode GPU, as measured
    drafts: np.ndarray  # (1, 1, D, 1)
    requests: np.ndarray  # (N, 1, 1, 1): requests in flight per decode replica, as offered


def frontier(runs: pd.DataFrame) -> pd.DataFrame:
    """Per (GPU, precision, MTP, lengths): the runs no faster run beats on tokens per GPU-second."""
    runs = runs.assign(mtp=runs.spec_method == "mtp").sort_values("median_tpot")
    best = runs.groupby(["hardware", "precision", "mtp", "isl", "osl"]).tput_per_gpu.cummax()
    on = runs.tput_per_gpu >= best  # nothing faster served more
    return runs[on].reset_index(drop=True)


def offered_requests(points: pd.DataFrame) -> np.ndarray:
    """Requests in flight per decode replica that InferenceX offered: its `conc` cap over the
    deployment's decode replicas (disaggregated: decode GPUs / tensor-parallel width; a
    single-node run is one replica, whatever its GPU columns say)."""
    replicas = np.where(points.disagg, points.num_decode_gpu / points.decode_tp, 1.0)
    result: np.ndarray = np.asarray(points.conc / replicas, dtype=float)
    return result


def cases(points: pd.DataFrame) -> Cases:
    """The arrays of points that all use MTP or all do not, each on its measured deployment."""
    preset = model_presets()["deepseek-r1"][0]
    models = [preset.model_copy(update={"bytes_per_param": BYTES[p]}) for p in points.precision]
    catalog = {g.name: g for g in default_scenario().gpu_catalog}
    gpus = tuple(catalog[GPUS[h]] for h in points.hardware)
    column = lambda a: np.asarray(a, dtype=float).reshape(-1, 1, 1, 1)  # noqa: E731
    nominal = lambda name: column(points[name] * LENGTH)  # noqa: E731
    mode = np.where(
        points.decode_dp_attention,
        sv.DATA_EXPERT,
        np.where(points.decode_ep > 1, sv.TENSOR_EXPERT, sv.TENSOR),
    )
    spec = _gpu_specs(gpus)
    return Cases(
        points=points,
        model=sv.ModelSpecs(*(column(v) for v in asdict(_model_specs(models)).values())),
        gpu=sv.GpuSpecs(
            **{k: column(v) for k, v in asdict(spec).items()} | {"software": column(1.0)}
        ),
        amd=column([g.vendor == "amd" for g in gpus]),
        workload=sv.Workloads(
            prompt_tokens=nominal("isl"),
            output_tokens=nominal("osl"),
            p95_prompt_tokens=nominal("isl"),
            cache_hit=column(np.zeros(len(points))),
            ttft_slo_s=column(np.full(len(points), 1e9)),
            tpot_slo_s=column(points.median_tpot),
        ),
        gpus=column(points.decode_tp),
        mode=column(mode),
        disaggregated=column(points.disagg),
        prefill_pool=column(points.num_prefill_gpu / points.num_decode_gpu),
        drafts=(dp.DRAFTS[1:] if points.mtp.all() else dp.DRAFTS[:1]).reshape(1, 1, -1, 1),
        requests=column(offered_requests(points)),
    )


def tokens_per_gpu_s(cv: sv.Curve, k: Cases) -> np.ndarray:
    """Tokens per GPU-second of each point's deployment: disaggregated, on its measured pools.

    A fixed prefill pool serves at most `pool x prefill rate x O / P` output tokens per
    decode GPU; decode runs no faster than that, and every GPU of both pools counts.
    """
    w = k.workload
    cap = k.prefill_pool * cv.prefill_tokens_per_gpu_s * w.output_tokens / w.prompt_tokens
    rate = np.minimum(cv.decode_tokens_per_gpu_s, cap)
    pooled = rate * (w.prompt_tokens + w.output_tokens) / w.output_tokens / (1.0 + k.prefill_pool)
    result: np.ndarray = np.where(k.disaggregated > 0, pooled, cv.tokens_per_gpu_s)
    return result


def predict(c: sv.Constants, k: Cases, reach: bool = False, offered: bool = False) -> np.ndarray:
    """Tokens per GPU-second at each point's TPOT on its deployment; NaN if it cannot reach it.

    The best draft depth; with `reach`, a point below the model's fastest TPOT gets a steep
    stand-in instead of NaN (batch 1's figure x (TPOT / its TPOT)^4), so a fit has a slope
    to follow there. With `offered`, no more requests than the run offered its replica:
    a run whose step was quicker than its TPOT promise at that load is predicted at it.
    """
    gpu = replace(k.gpu, software=np.where(k.amd > 0, c.amd_software, 1.0))
    batch = np.minimum(sv.BATCH, k.requests) if offered else sv.BATCH
    cv = sv.curve(k.model, gpu, k.gpus, k.mode, k.disaggregated, k.drafts, k.workload, c, batch)
    keeps = cv.feasible & (cv.tpot_s <= k.workload.tpot_slo_s)
    lower, upper, weight = dp.within(cv.tpot_s, keeps, k.workload.tpot_slo_s[..., 0])
    full = np.broadcast_to(tokens_per_gpu_s(cv, k), keeps.shape)

    def pick(values: np.ndarray, index: np.ndarray) -> np.ndarray:
        every = np.broadcast_to(values, keeps.shape)
        picked: np.ndarray = np.take_along_axis(every, index[..., None], axis=-1)[..., 0]
        return picked

    weight = np.where(pick(cv.feasible, upper), weight, 0.0)
    value = pick(full, np.maximum(lower, 0))
    value = value + weight * (pick(full, upper) - value)
    best = np.where(lower >= 0, value, -np.inf).max(axis=(1, 2))
    if reach:
        tpot_one = np.broadcast_to(cv.tpot_s, keeps.shape)[..., 0]
        stand_in = full[..., 0] * (k.workload.tpot_slo_s[..., 0] / tpot_one) ** 4
        best = np.where(np.isfinite(best), best, stand_in.max(axis=(1, 2)))
    return np.where(np.isfinite(best), best, np.nan)


def predict_all(
    c: sv.Constants, groups: list[Cases], reach: bool = False, offered: bool = False
) -> np.ndarray:
    """`predict` over every group of cases, in the order of the points."""
    return np.concatenate([predict(c, k, reach, offered) for k in groups])


def errors(predicted: np.ndarray, measured: np.ndarray) -> np.ndarray:
    """|predicted / measured - 1|; a TPOT the model cannot reach counts as infinitely wrong."""
    return np.where(np.isnan(predicted), np.inf, np.abs(predicted / measured - 1.0))


@dataclass(frozen=True)
class Procedure:
    """How `fit` settles among constants the data fit almost equally well.

    The shipped one searches locally from the prior. More starts keep the lowest cost; a
    prior weight adds each constant's log distance from its prior, so leaving a GPU out
    can be asked of a fit that does not rest on where the search began
    (docs/model.md#F-serving-fit).
    """

    starts: int = 0  # further starts, drawn log-uniformly in the middle of each range
    prior_weight: float = 0.0  # beside each point's log error, through the same soft-L1 loss

    def __post_init__(self) -> None:
        if self.starts < 0 or not (math.isfinite(self.prior_weight) and self.prior_weight >= 0):
            raise ValueError(f"a fit procedure needs starts and a prior weight >= 0: {self}")


SHIPPED = Procedure()


def fit(
    groups: list[Cases],
    held: frozenset[str] = frozenset(),
    offered: bool = False,
    procedure: Procedure = SHIPPED,
) -> sv.Constants:
    """Least squares on log error; constants in `held` stay at their prior.

    From the prior, and from `procedure.starts` further points (the lowest cost kept),
    with each free constant's log distance from its prior weighed in if asked. With
    `offered`, each run is predicted at no more requests than it offered (`predict`).
    """
    free = [i for i, name in enumerate(FITTED) if name not in held]
    start = np.array([getattr(PRIOR, n) for n in FITTED])
    prior, low, high = np.log(start[free]), np.log(LOW[free]), np.log(HIGH[free])
    measured = np.concatenate([k.points.tput_per_gpu.to_numpy() for k in groups])

    def constants(z: np.ndarray) -> sv.Constants:
        values = start.copy()
        values[free] = np.exp(z)
        return replace(PRIOR, **dict(zip(FITTED, values, strict=True)))

    def residuals(z: np.ndarray) -> np.ndarray:
        p = predict_all(constants(z), groups, reach=True, offered=offered)
        misses = np.clip(np.log(np.where(np.isnan(p), 1e-3, p) / measured), -5.0, 5.0)
        if procedure.prior_weight == 0:
            return misses
        return np.concatenate([misses, procedure.prior_weight * (z - prior)])

    draws = np.random.default_rng(0).uniform(0.2, 0.8, (procedure.starts, len(free)))
    results = [
        least_squares(
            residuals, z0, bounds=(low, high), diff_step=1e-3, loss="soft_l1", f_scale=0.1
        )
        for z0 in [prior, *(low + (high - low) * draws)]
    ]
    return constants(min(results, key=lambda r: r.cost).x)


def unidentified(points: pd.DataFrame) -> frozenset[str]:
    """Constants nothing in `points` exercises: they stay at their prior."""
    domain = points.hardware.map(lambda h: 72 if h.startswith("gb") else 8)
    held = set()
    if not (points.decode_tp > domain).any():
        held.add("cross_domain_factor")
    if not points.mtp.any():
        held.add("draft_acceptance")
    if not points.hardware.str.startswith("mi").any():
        held.add("amd_software")
    return frozenset(held)


def groups(points: pd.DataFrame) -> list[Cases]:
    """The cases without MTP, then with (their draft depths differ), in the points' order."""
    return [cases(points[points.mtp == mtp].reset_index(drop=True)) for mtp in (False, True)]


def search(
    c: sv.Constants, points: pd.DataFrame, offered: bool = False, span_domains: bool = False
) -> np.ndarray:
    """What `scaledeck serve` answers at each point's TPOT: its own deployment search.

    The deepseek-r1 preset at the point's precision, with a draft head only where the runs
    used MTP; the nominal lengths a user would type; a TTFT promise that never binds
    (600 s). NaN where no deployment keeps the TPOT. The search picks the replica, layout,
    prefill pool and batch itself, so this is the figure held-out checks of the CLI see.
    With `offered`, no more requests per decode GPU than the run offered (a diagnostic:
    the CLI has no such cap); with `span_domains`, replicas as wide as the search likes
    (`scaledeck serve --span-domains`).
    """
    preset = model_presets()["deepseek-r1"][0]
    catalog = {g.name: g for g in default_scenario().gpu_catalog}
    one = lambda a: np.asarray(a, dtype=float).ravel()  # noqa: E731
    points = points.reset_index(drop=True)
    out = np.full(len(points), np.nan)
    for (hardware, precision, mtp), group in points.groupby(["hardware", "precision", "mtp"]):
        gpu = catalog[GPUS[str(hardware)]]
        model = preset.model_copy(update={"bytes_per_param": BYTES[str(precision)], "mtp": mtp})
        w = sv.Workloads(one(group.isl), one(group.osl), one(group.isl),
                         one(np.zeros(len(group))), one(np.full(len(group), 600.0)),
                         one(group.median_tpot))  # fmt: skip
        software = one(c.amd_software if gpu.vendor == "amd" else 1.0)
        cap = offered_requests(group) / group.decode_tp.to_numpy() if offered else np.inf
        gpus = replace(_gpu_specs((gpu,)), software=software)
        d = dp.deploy(w, _model_specs([model]), gpus, c, requests_per_gpu=cap,
                      span_domains=span_domains)  # fmt: skip
        rate = d.tokens_per_gpu_s[:, 0, 0]
        out[group.index.to_numpy()] = np.where(d.meets_slo[:, 0, 0], rate, np.nan)
    return out


def deepseek_decode_per_gpu(c: sv.Constants) -> float:
    """Output tokens/s per H800 decode GPU at 21 tokens/s per user, EP144, one MTP draft."""
    h100 = next(g for g in default_scenario().gpu_catalog if g.name == "H100")
    h800 = h100.model_copy(update={"name": "H800", "scale_up_gb_s": 200.0})
    preset = model_presets()["deepseek-r1"][0]
    one = lambda a: np.asarray(a, dtype=float)  # noqa: E731
    w = sv.Workloads(one(3_600.0), one(1_000.0), one(3_600.0), one(0.563), one(1e9), one(1 / 21.0))
    cv = sv.curve(_model_specs([preset]), replace(_gpu_specs((h800,)), software=one(1.0)),
                  one(144.0), one(sv.DATA_EXPERT), one(1.0), one([1.0]), w, c)  # fmt: skip
    keeps = cv.feasible & (cv.tpot_s <= w.tpot_slo_s)
    lower, upper, weight = dp.within(cv.tpot_s, keeps, w.tpot_slo_s)
    rate = cv.decode_tokens_per_gpu_s
    return float(rate[lower] + weight * (rate[upper] - rate[lower]))


@dataclass(frozen=True)
class Accuracy:
    """The figures the benchmark prints."""

    constants: sv.Constants
    fit_median: float
    held_out_median: float
    held_out_by_gpu: dict[str, float]
    worst: pd.DataFrame
    deepseek_decode_per_gpu: float
    search_median: float  # `scaledeck serve`'s own deployment search, fitted constants
    search_held_out_median: float  # the same, each GPU by constants fitted without it
    search_by_gpu: dict[str, float]
    offered_fit_median: float  # the physics held to the requests each run offered, refitted so
    offered_held_out_median: float  # the same, each GPU by constants fitted without it
    offered_by_gpu: dict[str, float]
    search_offered_median: float  # the search held to the requests per GPU each run offered
    search_offered_held_out_median: float
    search_spanning_median: float  # the search with replicas spanning any number of domains


def at_offered_load(
    points: pd.DataFrame, procedure: Procedure = SHIPPED
) -> tuple[float, float, dict[str, float]]:
    """Fit and leave-one-GPU-out median errors with each run held to the requests it offered.

    The question a sweep's frontier can answer: how long a step takes at the load that was
    measured, not how much a larger load would have served (docs/model.md#F-serving-fit).
    """
    measured = points.tput_per_gpu.to_numpy()
    constants = fit(groups(points), unidentified(points), offered=True, procedure=procedure)
    fitted = errors(predict_all(constants, groups(points), offered=True), measured)
    held_out, by_gpu = np.full(len(points), np.inf), {}
    for gpu in sorted(points.hardware.unique()):
        out = (points.hardware == gpu).to_numpy()
        trained = fit(
            groups(points[~out]), unidentified(points[~out]), offered=True, procedure=procedure
        )
        held_out[out] = errors(
            predict_all(trained, groups(points[out]), offered=True), measured[out]
        )
        by_gpu[gpu] = float(np.median(held_out[out]))
    return float(np.median(fitted)), float(np.median(held_out)), by_gpu


def measure(procedure: Procedure = SHIPPED) -> Accuracy:
    """Fit on every GPU, then once per GPU left out; the cross-check with the full fit."""
    runs = pd.read_csv(POINTS)
    points = frontier(runs).sort_values("mtp", kind="stable").reset_index(drop=True)
    measured = points.tput_per_gpu.to_numpy()
    constants = fit(groups(points), unidentified(points), procedure=procedure)
    predicted = predict_all(constants, groups(points))
    held_out, by_gpu = np.full(len(points), np.inf), {}
    searched, search_by_gpu = np.full(len(points), np.inf), {}
    searched_offered = np.full(len(points), np.inf)
    for gpu in sorted(points.hardware.unique()):
        out = (points.hardware == gpu).to_numpy()
        trained = fit(groups(points[~out]), unidentified(points[~out]), procedure=procedure)
        left_out = predict_all(trained, groups(points[out]))
        held_out[out] = errors(left_out, measured[out])
        by_gpu[gpu] = float(np.median(held_out[out]))
        searched[out] = errors(search(trained, points[out]), measured[out])
        search_by_gpu[gpu] = float(np.median(searched[out]))
        searched_offered[out] = errors(search(trained, points[out], True), measured[out])
    offered_fit, offered_held_out, offered_by_gpu = at_offered_load(points, procedure)
    ratio = predicted / measured
    order = np.argsort(-np.abs(np.log(np.where(np.isnan(ratio), 1e-3, ratio))))
    return Accuracy(
        constants=constants,
        fit_median=float(np.median(errors(predicted, measured))),
        held_out_median=float(np.median(held_out)),
        held_out_by_gpu=by_gpu,
        worst=points.assign(predicted=predicted, ratio=ratio).iloc[order[:8]],
        deepseek_decode_per_gpu=deepseek_decode_per_gpu(constants),
        search_median=float(np.median(errors(search(constants, points), measured))),
        search_held_out_median=float(np.median(searched)),
        search_by_gpu=search_by_gpu,
        offered_fit_median=offered_fit,
        offered_held_out_median=offered_held_out,
        offered_by_gpu=offered_by_gpu,
        search_offered_median=float(np.median(errors(search(constants, points, True), measured))),
        search_offered_held_out_median=float(np.median(searched_offered)),
        search_spanning_median=float(
            np.median(errors(search(constants, points, span_domains=True), measured))
        ),
    )


def rows(a: Accuracy) -> list[Row]:
    """The benchmark table's rows, median |error| in %: the physics on each point's measured
    deployment, and `scaledeck serve`'s own deployment search (what held-out checks use)."""
    how = "median |predicted/measured - 1| of tokens/s per GPU at the measured TPOT on the measured deployment, InferenceX DeepSeek-R1 frontier"
    cli = "scaledeck serve's deployment search (not the measured deployment) at each frontier point's TPOT"
    offered = "the physics on the measured deployment held to the requests the run offered, refitted so (diagnostic; not the shipped constants)"
    return [
        Row("serving accuracy, fit", 100 * a.fit_median, "%", 100 * FIT_GOAL, how),
        Row("serving accuracy, leave-one-GPU-out", 100 * a.held_out_median, "%", 100 * HELD_OUT_GOAL,
            "each GPU predicted from its datasheet by constants fitted without it"),
        Row("serving accuracy, scaledeck serve", 100 * a.search_median, "%", 100 * FIT_GOAL, cli),
        Row("serving accuracy, scaledeck serve, leave-one-GPU-out", 100 * a.search_held_out_median,
            "%", 100 * HELD_OUT_GOAL, cli + ", each GPU by constants fitted without it"),
        Row("serving accuracy, at offered load", 100 * a.offered_fit_median, "%", 100 * FIT_GOAL,
            offered),
        Row("serving accuracy, at offered load, leave-one-GPU-out", 100 * a.offered_held_out_median,
            "%", 100 * HELD_OUT_GOAL, offered + ", each GPU by constants fitted without it"),
        Row("serving accuracy, scaledeck serve at offered load", 100 * a.search_offered_median, "%",
            100 * FIT_GOAL, cli + ", no more requests per GPU than the run offered (diagnostic)"),
        Row("serving accuracy, scaledeck serve at offered load, leave-one-GPU-out",
            100 * a.search_offered_held_out_median, "%", 100 * HELD_OUT_GOAL,
            cli + ", no more requests per GPU than the run offered, each GPU by constants fitted without it"),
        Row("serving accuracy, scaledeck serve --span-domains", 100 * a.search_spanning_median, "%",
            100 * FIT_GOAL, cli + ", replicas spanning any number of scale-up domains (diagnostic)"),
    ]  # fmt: skip


def run() -> list[Row]:
    """Measure and return the rows (for benchmarks.run)."""
    return rows(measure())


def _at_least_zero(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    """An argparse type: a finite number of `kind`, 0 or more, else a message naming it."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not math.isfinite(value) or value < 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be a finite number, 0 or more")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    """Print the constants, both errors, the worst points and the DeepSeek cross-check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=_at_least_zero(int), default=0, help="further starts")
    parser.add_argument(
        "--prior-weight", type=_at_least_zero(float), default=0.0, help="log-prior penalty"
    )
    args = parser.parse_args(argv)
    procedure = Procedure(args.starts, args.prior_weight)
    a = measure(procedure)
    if procedure != SHIPPED:
        print(
            f"Fit procedure: {procedure.starts} further starts, "
            f"prior weight {procedure.prior_weight:g}"
        )
    print("Fitted constants:")
    for name in FITTED:
        print(f"  {name:<20} {getattr(a.constants, name):.4g}")
    print("Physics on each point's measured deployment and prefill pool:")
    print(f"  fit: median |error| {a.fit_median:.1%} (goal {FIT_GOAL:.0%})")
    print(f"  leave-one-GPU-out: median |error| {a.held_out_median:.1%} (goal {HELD_OUT_GOAL:.0%})")
    for gpu, e in a.held_out_by_gpu.items():
        print(f"    without {gpu}: {e:.1%} (scaledeck serve's search: {a.search_by_gpu[gpu]:.1%})")
    print("scaledeck serve (its own deployment search, what held-out checks run):")
    print(f"  fitted constants: median |error| {a.search_median:.1%} (goal {FIT_GOAL:.0%})")
    print(
        f"  leave-one-GPU-out: median |error| {a.search_held_out_median:.1%} "
        f"(goal {HELD_OUT_GOAL:.0%})"
    )
    print(
        f"  with --span-domains (replicas across any number of domains): {a.search_spanning_median:.1%}"
    )
    print("Physics held to the requests each run offered (refitted so; not the shipped constants):")
    print(f"  fit: median |error| {a.offered_fit_median:.1%} (goal {FIT_GOAL:.0%})")
    print(
        f"  leave-one-GPU-out: median |error| {a.offered_held_out_median:.1%} "
        f"(goal {HELD_OUT_GOAL:.0%})"
    )
    for gpu, e in a.offered_by_gpu.items():
        print(f"    without {gpu}: {e:.1%}")
    print("scaledeck serve held to the requests per GPU each run offered (diagnostic):")
    print(f"  fitted constants: median |error| {a.search_offered_median:.1%}")
    print(f"  leave-one-GPU-out: median |error| {a.search_offered_held_out_median:.1%}")
    print("Worst points (predicted / measured):")
    cols = [
        "hardware",
        "precision",
        "mtp",
        "isl",
        "osl",
        "disagg",
        "conc",
        "median_tpot",
        "tput_per_gpu",
        "ratio",
    ]
    ratios = [f"{r:.2f}" if np.isfinite(r) else "out of reach" for r in a.worst.ratio]
    print(a.worst[cols].assign(ratio=ratios).to_string(index=False))
    print(
        f"DeepSeek production cross-check: {a.deepseek_decode_per_gpu:,.0f} output tokens/s per H800 "
        f"decode GPU predicted, {DEEPSEEK_DECODE_PER_GPU:,.0f} published"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
