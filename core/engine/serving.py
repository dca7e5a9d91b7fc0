"""Serving from first principles: a roofline deployment per product, model and GPU.

docs/model.md#F-serving says it in words, with one deployment worked by hand.

For every (product, model, generation) and every replica size the deployment finds the
largest decode batch that keeps the product's time per output token (TPOT) promise, the
time to first token (TTFT) it gives, and the GPU-hours per million tokens; then picks the
replica size with the fewest GPU-hours that keeps both promises. All of it is numpy over
(products, models, generations, replica sizes): no loop over those axes.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.scenario.checks import MAX_REPLICA_GPUS, USABLE_MEMORY

FloatArray = npt.NDArray[np.float64]

REPLICA_GPUS = 2.0 ** np.arange(np.log2(MAX_REPLICA_GPUS) + 1)  # 1, 2, 4, ... 64
ACHIEVED_BANDWIDTH = 0.8  # share of peak memory bandwidth reached in decode
BEYOND_DOMAIN = 0.85  # decode efficiency kept per doubling past the NVLink domain (illustrative)

# Why a deployment's batch stops where it does, and why a route misses its promise.
LIMITS = ("compute", "memory bandwidth", "memory capacity")
REASONS = ("", "weights do not fit", "TPOT", "TTFT")
MEETS, NO_FIT, MISSES_TPOT, MISSES_TTFT = range(4)


@dataclass(frozen=True)
class Workloads:
    """Each product's profile and promises, each (P,)."""

    prompt_tokens: FloatArray  # mean
    output_tokens: FloatArray  # mean
    p95_prompt_tokens: FloatArray
    cache_hit: FloatArray  # share of prompt tokens served from the prefix cache
    ttft_slo_s: FloatArray  # p95 time to first token promised
    tpot_slo_s: FloatArray  # time per output token promised


@dataclass(frozen=True)
class ModelSpecs:
    """Each in-house model's size and achieved efficiencies, each (M,)."""

    active_params: FloatArray
    total_params: FloatArray
    bytes_per_param: FloatArray
    kv_bytes_per_token: FloatArray  # all layers
    prefill_efficiency: FloatArray  # achieved share of peak FLOP/s
    decode_efficiency: FloatArray  # within one NVLink domain


@dataclass(frozen=True)
class GpuSpecs:
    """Each generation's roofline, each (G,)."""

    peak_flops: FloatArray  # FLOP/s
    bandwidth_bytes_s: FloatArray
    memory_bytes: FloatArray
    nvlink_domain: FloatArray  # GPUs joined by NVLink


@dataclass(frozen=True)
class Deployments:
    """The chosen deployment of every (product, model, generation): each (P, M, G)."""

    replica_gpus: FloatArray
    batch: FloatArray  # running requests per replica in decode
    tpot_s: FloatArray
    ttft_s: FloatArray  # p95
    decode_tokens_per_gpu_s: FloatArray
    prefill_tokens_per_gpu_s: FloatArray  # uncached prompt tokens
    gpu_hours_per_m_tokens: FloatArray  # prompt and output tokens together
    limit: np.ndarray  # index into LIMITS: what bounds the batch
    reason: np.ndarray  # index into REASONS: MEETS, or why no replica keeps the promises

    @property
    def meets_slo(self) -> np.ndarray:
        """True where some replica size keeps both promises."""
        meets: np.ndarray = self.reason == MEETS
        return meets


def deploy(w: Workloads, m: ModelSpecs, g: GpuSpecs) -> Deployments:
    """The cheapest deployment that keeps both promises, per (product, model, generation).

    Where no replica keeps them, the deployment is the fastest one that fits (batch 1
    if even that misses TPOT) and `reason` says which limit rules it out.
    """
    c = _candidates(w, m, g)
    pick, reason = _choose(c)

    def at(values: FloatArray) -> FloatArray:
        """The value of the chosen replica size, (P, M, G)."""
        full = np.broadcast_to(values, c.hours_per_m.shape)
        chosen: FloatArray = np.take_along_axis(full, pick[..., None], axis=3)[..., 0]
        return chosen

    return Deployments(
        replica_gpus=at(REPLICA_GPUS),
        batch=at(c.batch),
        tpot_s=at(c.tpot),
        ttft_s=at(c.ttft),
        decode_tokens_per_gpu_s=at(c.decode_rate),
        prefill_tokens_per_gpu_s=at(1.0 / c.prefill_seconds_per_token),
        gpu_hours_per_m_tokens=at(c.hours_per_m),
        limit=at(c.limit.astype(float)).astype(int),
        reason=reason,
    )


@dataclass(frozen=True)
class _Candidates:
    """Every replica size of every (product, model, generation): each (P, M, G, R)."""

    weights_fit: np.ndarray
    fits: np.ndarray  # weights and one request's KV cache
    batch: FloatArray
    limit: np.ndarray
    keeps_tpot: np.ndarray
    tpot: FloatArray
    ttft: FloatArray
    keeps_both: np.ndarray
    decode_rate: FloatArray  # output tokens per GPU-second
    prefill_seconds_per_token: FloatArray  # GPU-seconds per uncached prompt token
    hours_per_m: FloatArray


def _candidates(w: Workloads, m: ModelSpecs, g: GpuSpecs) -> _Candidates:
    """The roofline of docs/model.md#F-serving for every replica size at once."""
    # Axes: P products, M models, G generations, R replica sizes -> (P, M, G, R).
    P = w.prompt_tokens[:, None, None, None]
    O = w.output_tokens[:, None, None, None]  # noqa: E741 (the roofline's letter)
    uncached = 1.0 - w.cache_hit[:, None, None, None]
    n_active = m.active_params[None, :, None, None]
    flops = g.peak_flops[None, None, :, None]
    r = REPLICA_GPUS[None, None, None, :]
    free = (
        r * USABLE_MEMORY * g.memory_bytes[None, None, :, None]
        - (m.total_params * m.bytes_per_param)[None, :, None, None]
    )
    weights_fit = free > 0  # every figure below exists
    prefill_seconds_per_token = 2.0 * n_active / (flops * m.prefill_efficiency[None, :, None, None])
    p95_uncached = w.p95_prompt_tokens[:, None, None, None] * uncached
    prefill_s = p95_uncached * prefill_seconds_per_token / r  # the p95 prompt's prefill
    # A decode step may take the TPOT promise, and no more than TTFT leaves after prefill:
    # a smaller batch keeps both promises where the largest under TPOT alone would not.
    tpot_slo, ttft_slo = w.tpot_slo_s[:, None, None, None], w.ttft_slo_s[:, None, None, None]
    left = ttft_slo - prefill_s
    step_budget = np.where(left > 0, np.minimum(tpot_slo, left), tpot_slo)
    batch, limit, tpot, holds_one = _decode(w, m, g, free, step_budget)
    fits = weights_fit & holds_one  # and one request's KV cache beside them
    keeps_tpot = fits & (tpot <= tpot_slo * (1 + 1e-12))
    tpot = np.where(weights_fit, tpot, np.inf)
    ttft = prefill_s + tpot
    decode_rate = batch / (tpot * r)
    decode_seconds = np.divide(
        O, decode_rate, out=np.full(decode_rate.shape, np.inf), where=decode_rate > 0
    )
    gpu_seconds = P * uncached * prefill_seconds_per_token + decode_seconds
    return _Candidates(
        weights_fit=weights_fit,
        fits=fits,
        batch=batch,
        limit=limit,
        keeps_tpot=keeps_tpot,
        tpot=tpot,
        ttft=ttft,
        keeps_both=keeps_tpot & (ttft <= ttft_slo * (1 + 1e-12)),
        decode_rate=decode_rate,
        prefill_seconds_per_token=prefill_seconds_per_token,
        hours_per_m=gpu_seconds / (P + O) * 1e6 / 3600.0,
    )


def _decode(
    w: Workloads, m: ModelSpecs, g: GpuSpecs, free: FloatArray, step_budget: FloatArray
) -> tuple[FloatArray, np.ndarray, FloatArray, np.ndarray]:
    """The largest batch whose step fits `step_budget`: batch, bound, step time, KV holds one.

    The last tells whether memory beside the weights holds one request's KV cache. A batch
    below 1 misses even alone: the replica then runs one request at a time.
    """
    n_active, n_total = m.active_params[None, :, None, None], m.total_params[None, :, None, None]
    b = m.bytes_per_param[None, :, None, None]
    r = REPLICA_GPUS[None, None, None, :]
    context = w.prompt_tokens + w.output_tokens / 2.0
    kv_per_request = (context[:, None] * m.kv_bytes_per_token[None, :])[:, :, None, None]
    kv_per_request = np.where(kv_per_request < 1e-6, 0.0, kv_per_request)  # vanishing: none
    shape = np.broadcast_shapes(free.shape, kv_per_request.shape)
    batch_memory = np.divide(
        free, kv_per_request, out=np.full(shape, np.inf), where=kv_per_request > 0
    )
    domain = g.nvlink_domain[None, None, :, None]
    e_dec = m.decode_efficiency[None, :, None, None] * BEYOND_DOMAIN ** np.maximum(
        0.0, np.log2(r / domain)
    )
    compute_per_request = 2.0 * n_active / (r * g.peak_flops[None, None, :, None] * e_dec)
    read_rate = r * g.bandwidth_bytes_s[None, None, :, None] * ACHIEVED_BANDWIDTH
    batch_compute = step_budget / compute_per_request
    batch_bandwidth = _bandwidth_batch(
        step_budget * read_rate, b, n_active, n_total, kv_per_request
    )
    bounds = np.stack(np.broadcast_arrays(batch_compute, batch_bandwidth, batch_memory))
    limit = bounds.argmin(axis=0)
    batch = np.maximum(np.floor(np.minimum(bounds.min(axis=0), 1e9)), 1.0)  # whole requests
    tpot = step_seconds(batch, compute_per_request, read_rate, b, n_active, n_total, kv_per_request)
    return batch, limit, tpot, batch_memory >= 1.0


def step_seconds(
    batch: FloatArray,
    compute_per_request: FloatArray,
    read_rate: FloatArray,
    bytes_per_param: FloatArray,
    active_params: FloatArray,
    total_params: FloatArray,
    kv_per_request: FloatArray,
) -> FloatArray:
    """Decode step time t(B): the slower of compute and reading weights plus KV cache.

    A mixture of experts reads more of its experts as the batch grows, up to all of them.
    """
    weights_read = bytes_per_param * np.minimum(total_params, active_params * batch)
    result: FloatArray = np.maximum(
        batch * compute_per_request, (weights_read + batch * kv_per_request) / read_rate
    )
    return result


def _bandwidth_batch(
    budget_bytes: FloatArray,
    bytes_per_param: FloatArray,
    active_params: FloatArray,
    total_params: FloatArray,
    kv_per_request: FloatArray,
) -> FloatArray:
    """The largest batch whose step reads at most `budget_bytes` (solved on both pieces).

    Below B = total/active the weights read grow with the batch; above, all are read.
    """
    few = budget_bytes / (bytes_per_param * active_params + kv_per_request)
    rest = budget_bytes - bytes_per_param * total_params
    many = np.divide(
        rest,
        kv_per_request,
        out=np.where(rest >= 0, np.inf, -np.inf) * np.ones_like(few),
        where=kv_per_request > 0,
    )
    result: FloatArray = np.where(few * active_params <= total_params, few, many)
    return result


def _choose(c: _Candidates) -> tuple[np.ndarray, np.ndarray]:
    """Per (P, M, G): the replica index to use and the reason code.

    The cheapest size that keeps both promises; else the one closest to keeping them
    (keeps TPOT with the shortest TTFT, else the shortest TPOT, counting a replica that
    holds the weights but not one request's KV cache, so its figures are still there).
    """
    cheapest = np.where(c.keeps_both, c.hours_per_m, np.inf).argmin(axis=3)
    quickest_first_token = np.where(c.keeps_tpot, c.ttft, np.inf).argmin(axis=3)
    quickest_token = np.where(c.weights_fit, c.tpot, np.inf).argmin(axis=3)
    any_both, any_tpot, any_fit = (a.any(axis=3) for a in (c.keeps_both, c.keeps_tpot, c.fits))
    pick = np.where(any_both, cheapest, np.where(any_tpot, quickest_first_token, quickest_token))
    reason = np.where(
        any_both, MEETS, np.where(any_tpot, MISSES_TTFT, np.where(any_fit, MISSES_TPOT, NO_FIT))
    )
    return pick, reason
