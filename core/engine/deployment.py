"""The deployment search: the cheapest deployment of a model that keeps a product's promises.

docs/model.md#F-serving (8). For each (product, model, generation) it tries every replica
size, layout, prefill placement, draft depth and batch at once (numpy over products x
models x generations x layouts x drafts x batches), reads each deployment's curve from the
step-time physics (`core.engine.serving`) and keeps the one with the most tokens per
GPU-second that keeps both promises, or says why none does. It runs when a scenario's
structure changes, not per slider move.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.engine.serving import (
    BATCH,
    DATA_EXPERT,
    FITTED,
    TENSOR,
    BoolArray,
    Constants,
    Curve,
    FloatArray,
    GpuSpecs,
    IntArray,
    ModelSpecs,
    Workloads,
    curve,
    kv_room_bytes,
)
from core.scenario.checks import MAX_REPLICA_GPUS, RACK_GPUS

REPLICA_GPUS = np.array([*(2.0 ** np.arange(np.log2(MAX_REPLICA_GPUS) + 1)), RACK_GPUS])
DRAFTS = np.array([0.0, 1.0, 2.0, 3.0])  # draft tokens per step a model with MTP may try
REACH_DOMAINS = 2.0  # scale-up domains a replica may span unless its weights need more

# What bounds the chosen batch, and why a route misses its promise.
LIMITS = (
    "compute",
    "memory bandwidth",
    "memory capacity",
    "per-step overhead",
    "interconnect",
    "TTFT",
)
COMPUTE, BANDWIDTH, CAPACITY, OVERHEAD, INTERCONNECT, FIRST_TOKEN = range(6)
REASONS = ("", "weights do not fit", "TPOT", "TTFT")
MEETS, NO_FIT, MISSES_TPOT, MISSES_TTFT = range(4)


def within(
    tpot_s: FloatArray, keeps: BoolArray, slo_s: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """The largest batch keeping the promise, between grid points: (lower, upper, weight).

    Batches that keep it are a prefix of the grid (step time grows with the batch);
    the last such point and the next one are blended linearly in TPOT up to the promise,
    so throughput at a promise moves smoothly with every input. The weight is 0 where
    the next point breaks something other than TPOT, and the lower index is -1 where no
    batch keeps it.
    """
    n = keeps.sum(axis=-1)
    last = tpot_s.shape[-1] - 1
    lower = np.clip(n - 1, 0, last)
    upper = np.clip(n, 0, last)

    def at(values: FloatArray, index: IntArray) -> FloatArray:
        full = np.broadcast_to(values, keeps.shape)
        picked: FloatArray = np.take_along_axis(full, index[..., None], axis=-1)[..., 0]
        return picked

    weight = _blend_weight(at(tpot_s, lower), at(tpot_s, upper), slo_s, upper > lower)
    return np.where(n > 0, lower, -1), upper, weight


def _blend_weight(
    lower_tpot_s: FloatArray, upper_tpot_s: FloatArray, slo_s: FloatArray, grows: BoolArray
) -> FloatArray:
    """How far towards the next grid point the promise lies, linearly in TPOT (0 to 1)."""
    t0, t1 = lower_tpot_s, upper_tpot_s
    weight = np.clip((slo_s - t0) / np.maximum(t1 - t0, 1e-15), 0.0, 1.0)
    result: FloatArray = np.where(grows, weight, 0.0)
    return result


@dataclass(frozen=True)
class Deployments:
    """The chosen deployment of every (product, model, generation): each (P, M, G)."""

    replica_gpus: FloatArray  # decode replica
    layout: np.ndarray  # index into LAYOUTS
    disaggregated: np.ndarray  # prefill on its own pool
    drafts: FloatArray  # draft tokens per step (multi-token prediction), 0 without
    batch: FloatArray  # running requests per replica in decode
    tpot_s: FloatArray
    ttft_s: FloatArray  # p95
    tokens_per_gpu_s: FloatArray  # prompt and output tokens over every GPU, both pools
    decode_tokens_per_gpu_s: FloatArray  # output tokens per decode GPU
    prefill_tokens_per_gpu_s: FloatArray  # uncached prompt tokens per GPU-second of prefill
    prefill_gpus: FloatArray  # per replica: its own pool (disaggregated) or the replica's GPUs
    gpu_hours_per_m_tokens: FloatArray  # prompt and output tokens together
    limit: np.ndarray  # index into LIMITS: what stops the batch from growing
    reason: np.ndarray  # index into REASONS: MEETS, or why no deployment keeps the promises

    @property
    def meets_slo(self) -> np.ndarray:
        """True where some deployment keeps both promises."""
        meets: np.ndarray = self.reason == MEETS
        return meets

    @property
    def tensor_parallel(self) -> FloatArray:
        """GPUs that split each attention layer: the replica, or 1 with data-parallel attention."""
        result: FloatArray = np.where(self.layout == DATA_EXPERT, 1.0, self.replica_gpus)
        return result

    @property
    def expert_parallel(self) -> FloatArray:
        """GPUs the experts are spread over (1: every GPU holds a slice of each expert)."""
        result: FloatArray = np.where(self.layout == TENSOR, 1.0, self.replica_gpus)
        return result


def _layout_table() -> tuple[FloatArray, FloatArray, FloatArray]:
    """Every (replica size, layout, disaggregated) the search tries, flattened."""
    r, mode, split = np.meshgrid(REPLICA_GPUS, np.arange(3.0), np.array([0.0, 1.0]), indexing="ij")
    spread = (r > 1) | (mode == TENSOR)  # one GPU has nothing to spread
    # Tensor-parallel attention splits the heads evenly: 72 divides no preset's head count
    # (64, 128), so only data-parallel attention spans a 72-GPU rack.
    whole_heads = (r != RACK_GPUS) | (mode == DATA_EXPERT)
    keep = spread & whole_heads
    return r[keep], mode[keep], split[keep]


LAYOUT_GPUS, LAYOUT_MODE, LAYOUT_SPLIT = _layout_table()


def largest_replica(mixture: bool) -> float:
    """The most GPUs one replica may span: a dense model runs tensor parallel only (64)."""
    usable = LAYOUT_GPUS if mixture else LAYOUT_GPUS[LAYOUT_MODE == TENSOR]
    return float(usable.max())


def deploy(
    w: Workloads,
    m: ModelSpecs,
    g: GpuSpecs,
    c: Constants = FITTED,
    requests_per_gpu: FloatArray | float = np.inf,
    span_domains: bool = False,
) -> Deployments:
    """The deployment with the most tokens per GPU-second that keeps both promises.

    Per (product, model, generation), over every layout, draft depth and batch at once.
    Where none keeps them, the quickest deployment that fits, and `reason` says why.
    `requests_per_gpu` (per product) caps the requests in flight per decode GPU, as a
    load offered or a serving framework's batch limit would; a replica runs at least one.
    A replica spans at most two scale-up domains, or as many as its weights need, unless
    `span_domains` (`_within_reach`).
    """
    grid = _grid(w, m, g, c, requests_per_gpu, span_domains)
    score = np.where(grid.lower >= 0, grid.blend(grid.cv.tokens_per_gpu_s), -np.inf)
    flat = (*score.shape[:3], -1)  # (P, M, G, layouts x drafts)
    pick, reason = _choice(grid, score, w.tpot_slo_s[:, None, None, None, None], flat)
    n_drafts = score.shape[4]

    def choose(per_layout: np.ndarray) -> np.ndarray:
        """The chosen (layout, drafts) entry of a (P, M, G, L, D) array."""
        full = np.broadcast_to(per_layout, score.shape).reshape(flat)
        picked: np.ndarray = np.take_along_axis(full, pick[..., None], axis=-1)[..., 0]
        return picked

    none_held = ~choose(grid.weights_fit)

    def chosen(values: FloatArray) -> FloatArray:
        """The chosen (layout, drafts) figure: blended at the promise, else at batch 1."""
        picked = choose(np.where(np.isfinite(score), grid.blend(values), grid.first(values)))
        result: FloatArray = np.where(none_held, np.inf, picked)
        return result

    cv = grid.cv
    tokens = np.where(none_held, 0.0, chosen(cv.tokens_per_gpu_s))  # nothing held: none served
    layout_index = pick // n_drafts
    replica = LAYOUT_GPUS[layout_index]
    split = LAYOUT_SPLIT[layout_index] > 0
    return Deployments(
        replica_gpus=replica,
        layout=LAYOUT_MODE[layout_index].astype(int),
        disaggregated=split,
        drafts=grid.drafts[pick % n_drafts],
        batch=chosen(grid.batch),
        tpot_s=chosen(cv.tpot_s),
        ttft_s=chosen(cv.ttft_s),
        tokens_per_gpu_s=tokens,
        decode_tokens_per_gpu_s=np.where(none_held, 0.0, chosen(cv.decode_tokens_per_gpu_s)),
        prefill_tokens_per_gpu_s=chosen(cv.prefill_tokens_per_gpu_s),
        prefill_gpus=np.where(split, chosen(cv.prefill_gpus_per_decode_gpu) * replica, replica),
        gpu_hours_per_m_tokens=np.divide(
            1e6 / 3600.0, tokens, out=np.full(tokens.shape, np.inf), where=tokens > 0
        ),
        limit=_limit(grid, w.ttft_slo_s[:, None, None], choose),
        reason=reason,
    )


# The three batches `_Grid` keeps per (layout, drafts): the first of the grid, the last
# keeping both promises (or the first, where none does) and the next one.
FIRST, LOWER, UPPER = range(3)


@dataclass(frozen=True)
class _Grid:
    """The batches an answer reads, per (product, model, generation, layout, drafts).

    Every curve's last axis holds the FIRST, LOWER and UPPER batches.
    """

    cv: Curve
    batch: FloatArray  # (P, M, G, L, D, 3): requests per replica at each
    fits: BoolArray  # weights and KV fit, and the layout suits the model
    lower: IntArray  # (P, M, G, L, D): grid index of the last batch keeping both, -1 if none
    upper: IntArray  # grid index of the next batch (the last of the grid at most)
    weight: FloatArray  # the blend towards UPPER up to the TPOT promise
    weights_fit: BoolArray  # (P, M, G, L, D): the weights alone fit
    drafts: FloatArray  # the draft depths tried

    @staticmethod
    def at(values: np.ndarray, slot: int) -> np.ndarray:
        """`values` at one of the three batches."""
        picked: np.ndarray = values[..., slot]
        return picked

    def first(self, values: np.ndarray) -> np.ndarray:
        """`values` at batch 1."""
        return self.at(np.broadcast_to(values, self.fits.shape), FIRST)

    def blend(self, values: FloatArray) -> FloatArray:
        """`values` at the largest batch keeping the promise, between grid points."""
        full = np.broadcast_to(values, self.fits.shape)
        low = self.at(full, LOWER)
        result: FloatArray = low + self.weight * (self.at(full, UPPER) - low)
        return result


def _ax(values: FloatArray | float, axis: int) -> FloatArray:
    """`values` along `axis` of the search's six (P, M, G, L, D, B)."""
    shape = [1] * 6
    shape[axis] = -1
    return np.asarray(values, dtype=float).reshape(shape)


def _grid(
    w: Workloads,
    m: ModelSpecs,
    g: GpuSpecs,
    c: Constants,
    requests_per_gpu: FloatArray | float,
    span_domains: bool,
) -> _Grid:
    """The largest batch keeping both promises per layout and draft depth, and the curve there.

    Axes (P, M, G, L, D, B): products, models, generations, layouts, drafts, batches.
    The batches keeping both promises are a prefix of the grid (a step only lengthens
    with its batch, and memory, TTFT and the offered load only bind more), so its end is
    found by bisection: six evaluations of one batch each instead of the grid's 61,
    then the curve at the three batches the answer reads.
    """
    wl = Workloads(*(_ax(getattr(w, f), 0) for f in Workloads.__dataclass_fields__))
    ms = ModelSpecs(*(_ax(getattr(m, f), 1) for f in ModelSpecs.__dataclass_fields__))
    gs = GpuSpecs(*(_ax(getattr(g, f), 2) for f in GpuSpecs.__dataclass_fields__))
    mode = _ax(LAYOUT_MODE, 3)
    tried = DRAFTS if bool(np.any(m.mtp > 0)) else DRAFTS[:1]
    drafts = _ax(tried, 4)
    valid = ((ms.experts > 0) | (mode == TENSOR)) & ((drafts == 0) | (ms.mtp > 0))
    valid = valid & (span_domains | _within_reach(ms, gs, _ax(LAYOUT_GPUS, 3), mode))
    offered = _ax(np.broadcast_to(requests_per_gpu, w.tpot_slo_s.shape), 0) * _ax(LAYOUT_GPUS, 3)
    room = np.maximum(offered * (1 + 1e-12), 1.0)

    def at_batches(index: IntArray) -> tuple[Curve, BoolArray, BoolArray, BoolArray]:
        """The curve at grid indices `index` (last axis), what fits, what is early, what keeps."""
        batch = BATCH[index]
        cv = curve(ms, gs, _ax(LAYOUT_GPUS, 3), mode, _ax(LAYOUT_SPLIT, 3), drafts, wl, c, batch)
        fits = cv.feasible & valid & (batch <= room)
        early = cv.ttft_s <= wl.ttft_slo_s * (1 + 1e-12)
        return cv, fits, early, fits & early & (cv.tpot_s <= wl.tpot_slo_s * (1 + 1e-12))

    shape = np.broadcast_shapes(
        wl.tpot_slo_s.shape, ms.active_params.shape, gs.bf16_flops.shape, mode.shape, drafts.shape
    )
    kept = _last_keeping(lambda index: at_batches(index)[3], shape)
    lower, upper = np.maximum(kept, 0), np.minimum(kept + 1, BATCH.size - 1)
    slots = np.concatenate([np.zeros(shape, dtype=np.int64), lower, upper], axis=-1)
    cv, fits, early, _ = at_batches(slots)
    tpot = np.broadcast_to(cv.tpot_s, fits.shape)
    grows = (upper > lower)[..., 0] & fits[..., UPPER] & early[..., UPPER]
    weight = _blend_weight(tpot[..., LOWER], tpot[..., UPPER], wl.tpot_slo_s[..., 0], grows)
    return _Grid(
        cv,
        BATCH[slots],
        fits,
        np.where(kept >= 0, lower, -1)[..., 0],
        upper[..., 0],
        weight,
        np.broadcast_to(cv.step.weights_fit & valid, fits.shape)[..., FIRST],
        tried,
    )


def _within_reach(m: ModelSpecs, g: GpuSpecs, gpus: FloatArray, mode: FloatArray) -> BoolArray:
    """Replicas of at most `REACH_DOMAINS` scale-up domains, or the fewest GPUs holding the weights.

    Spreading a replica over many domains (expert parallel over the scale-out network, as
    DeepSeek runs 144 H800s) takes kernels and a network few deployments have: InferenceX's
    measured replicas span two domains only where the weights need them (H100), and the
    search, let loose, predicted them 2.6x over (docs/model.md#F-serving). The reach is in
    domains, not memory, so more memory takes no replica away while the weights fit in two.
    """
    holds = kv_room_bytes(m, g, gpus, mode) > 0
    smallest: FloatArray = np.where(holds, gpus, np.inf).min(axis=3, keepdims=True)
    result: BoolArray = gpus <= np.maximum(REACH_DOMAINS * g.domain, smallest)
    return result


def _last_keeping(keeps_at: Callable[[IntArray], BoolArray], shape: tuple[int, ...]) -> IntArray:
    """The last grid index whose batch keeps both promises (-1: none), by bisection.

    `keeps_at(index)` says whether the batch at each grid index keeps them; the batches
    that do must be a prefix of the grid.
    """
    kept = np.full(shape, -1)  # the last index known to keep both promises
    broken = np.full(shape, BATCH.size)  # the first index known not to
    while np.any(broken - kept > 1):
        middle = (kept + broken) // 2
        keeps = keeps_at(np.maximum(middle, 0))
        open_ = broken - kept > 1
        kept = np.where(open_ & keeps, middle, kept)
        broken = np.where(open_ & ~keeps, middle, broken)
    return kept


def _choice(
    grid: _Grid, score: FloatArray, tpot_slo_s: FloatArray, flat: tuple[int, ...]
) -> tuple[IntArray, IntArray]:
    """The (layout, drafts) index per (P, M, G) and its reason code.

    The most tokens per GPU-second among those keeping both promises; else the quickest
    to a first token among those keeping TPOT at batch 1 (TTFT), else the quickest step
    that fits (TPOT), else the quickest whose weights alone fit (does not fit).
    """
    tpot_one, ttft_one = grid.first(grid.cv.tpot_s), grid.first(grid.cv.ttft_s)
    fits_one = grid.first(grid.fits)
    quickest = np.where(fits_one & (tpot_one <= tpot_slo_s), ttft_one, np.inf).reshape(flat)
    fastest = np.where(fits_one, tpot_one, np.inf).reshape(flat)
    fastest_held = np.where(grid.weights_fit, tpot_one, np.inf).reshape(flat)
    meets = np.isfinite(score).reshape(flat).any(axis=-1)
    any_tpot = np.isfinite(quickest).any(axis=-1)
    any_fit = np.isfinite(fastest).any(axis=-1)
    otherwise = np.where(any_fit, fastest.argmin(axis=-1), fastest_held.argmin(axis=-1))
    otherwise = np.where(any_tpot, quickest.argmin(axis=-1), otherwise)
    pick: IntArray = np.where(meets, score.reshape(flat).argmax(axis=-1), otherwise)
    reason: IntArray = np.where(
        meets, MEETS, np.where(any_tpot, MISSES_TTFT, np.where(any_fit, MISSES_TPOT, NO_FIT))
    )
    return pick, reason


def _limit(
    grid: _Grid, ttft_slo_s: FloatArray, choose: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """What stops the chosen batch: memory or TTFT at the next batch, else the largest term."""

    def at(values: np.ndarray, slot: int) -> np.ndarray:
        return choose(grid.at(np.broadcast_to(values, grid.fits.shape), slot))

    s = grid.cv.step
    compute, memory, overhead, link = (
        at(t, LOWER) for t in (s.compute_s, s.memory_s, s.overhead_s, s.link_s)
    )
    # Two micro-batches with link time left exposed wait on the links alone: the kernels
    # run behind them, so the whole overlapped time is the link's (H100 and H200 then
    # step alike, which a "memory bandwidth" limit on one of them would contradict).
    hidden = at((s.micro_batches > 1.0) & (s.link_s > 0.0), LOWER)
    terms = np.stack([
        np.where(hidden, 0.0, compute),
        np.where(hidden, 0.0, memory),
        overhead,
        np.where(hidden, compute + memory + link, link),
    ])  # fmt: skip
    largest = np.array([COMPUTE, BANDWIDTH, OVERHEAD, INTERCONNECT])[terms.argmax(axis=0)]
    grows = choose(grid.upper) > choose(grid.lower)  # a larger batch exists on the grid
    memory_full = grows & ~at(grid.fits, UPPER)
    late = grows & (at(grid.cv.ttft_s, UPPER) > ttft_slo_s)
    result: np.ndarray = np.where(memory_full, CAPACITY, np.where(late, FIRST_TOKEN, largest))
    return result
