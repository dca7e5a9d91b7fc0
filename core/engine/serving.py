"""Serving physics: how long a decode step takes, and what a replica serves at each batch.

docs/model.md#F-serving derives every term. A decode step costs a fixed time per layer
(launches and collectives, larger when a replica spans scale-up domains), then each kernel
waits for the slower of its arithmetic and its memory reads, then the interconnect moves
tokens between GPUs. `curve` turns the step into TPOT, TTFT and tokens per GPU-second over
the batch grid for one deployment. Which deployment keeps a product's promises is the
search's question (`core.engine.deployment`): here no promise is read.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from core.scenario.architecture import shared_params
from core.scenario.checks import USABLE_MEMORY

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Constants:
    """The step time's global constants, fitted on measurements (docs/model.md#F-serving-fit)."""

    layer_s: float  # fixed time per step of a layer of the fitted kind, in a scale-up domain
    cross_domain_factor: float  # that fixed time's multiple when a replica spans domains
    bandwidth_share: float  # achieved share of HBM bandwidth
    peak_share: float  # achieved share of peak FLOP/s by decode matrices at saturation
    half_rows: float  # rows (tokens) per weight matrix at which decode reaches half of that
    prefill_share: float  # achieved share of peak FLOP/s in prefill
    draft_acceptance: float  # chance each further draft token is kept (multi-token prediction)
    amd_software: float  # AMD's software stack, as a share of NVIDIA's on the same datasheet
    request_s: float  # host time per running request per step, per scheduler (one per TP group)
    link_share: float  # achieved share of interconnect bandwidth (not fitted)


# Fitted by `python -m benchmarks.serving_accuracy` (docs/model.md#F-serving-fit).
FITTED = Constants(
    layer_s=88.97e-6,
    cross_domain_factor=2.528,
    bandwidth_share=0.6794,
    peak_share=0.3032,
    half_rows=64.0,
    prefill_share=0.1803,
    draft_acceptance=0.5497,
    amd_software=0.5990,
    request_s=63.95e-6,
    link_share=0.7,
)

# Layouts: how attention and the experts spread over a replica's GPUs.
TENSOR, TENSOR_EXPERT, DATA_EXPERT = range(3)
LAYOUTS = (
    "tensor parallel",
    "tensor parallel attention, expert parallel experts",
    "data parallel attention, expert parallel experts",
)
BATCH = 2.0 ** np.arange(0.0, 15.0 + 1e-9, 0.25)  # requests per replica, 1 .. 32,768


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
    """Each in-house model's architecture as served; every field broadcasts."""

    active_params: FloatArray
    total_params: FloatArray
    bytes_per_param: FloatArray  # 1 = FP8, 0.5625 = FP4 with its block scales
    layers: FloatArray
    hidden_size: FloatArray
    experts: FloatArray  # routed experts per layer; 0 = dense
    experts_per_token: FloatArray
    kv_bytes_per_token_per_layer: FloatArray
    attention_flops_per_context_token: FloatArray  # per layer, per new token, per context token
    latent_kv: FloatArray  # 1 where one latent KV serves every head (MLA): whole on each TP rank
    mtp: FloatArray  # 1 where the model has a draft head (multi-token prediction)

    @property
    def shared_params(self) -> FloatArray:
        """Parameters every token uses (`core.scenario.architecture.shared_params`)."""
        return shared_params(
            self.active_params, self.total_params, self.experts, self.experts_per_token
        )


# Kernels one layer runs per decode step, as SGLang's and vLLM's decode paths run them
# (docs/model.md#F-serving): attention 6 (norm, QKV, RoPE with the KV write, attention,
# output, all-reduce) and 4 more under MLA (its low-rank projections and their norms); a
# dense FFN 5 (norm, gate-up, activation, down, all-reduce); a mixture of experts 12 (norm,
# router, top-k, permute, two grouped matrices and their activation, combine, a shared
# expert's three, the collective). The fitted layer is DeepSeek-R1's: MLA and experts, 22.
ATTENTION_KERNELS, MLA_KERNELS, DENSE_FFN_KERNELS, MOE_FFN_KERNELS = 6.0, 4.0, 5.0, 12.0
FITTED_LAYER_KERNELS = ATTENTION_KERNELS + MLA_KERNELS + MOE_FFN_KERNELS


def layer_share(m: ModelSpecs) -> FloatArray:
    """A layer's fixed time per step as a share of the fitted layer's: its kernels' share.

    A dense layer of grouped-query attention runs half of DeepSeek-R1's kernels, so
    `layer_s`, fitted on R1 alone, no longer makes a dense model's tight promises cost
    twice what they do (Llama-3.3-70B on MI355X missed 13 ms by the fixed time alone).
    """
    ffn = np.where(m.experts > 0, MOE_FFN_KERNELS, DENSE_FFN_KERNELS)
    kernels = ATTENTION_KERNELS + MLA_KERNELS * (m.latent_kv > 0.5) + ffn
    result: FloatArray = np.asarray(kernels / FITTED_LAYER_KERNELS, dtype=float)
    return result


@dataclass(frozen=True)
class GpuSpecs:
    """Datasheet figures of each generation; every field broadcasts."""

    bf16_flops: FloatArray  # dense peak FLOP/s
    fp8_flops: FloatArray  # 0 where the GPU has no FP8
    fp4_flops: FloatArray  # 0 where the GPU has no FP4
    bandwidth_bytes_s: FloatArray  # HBM
    memory_bytes: FloatArray
    domain: FloatArray  # GPUs in the scale-up domain (NVLink, Infinity Fabric)
    scale_up_bytes_s: FloatArray  # per GPU, one direction
    scale_out_bytes_s: FloatArray  # per GPU, one direction
    software: FloatArray  # the vendor's software stack (1 = NVIDIA's)


# Number formats, by index: what weights are stored in and what matrices compute in.
FORMATS = ("bf16", "fp8", "fp4")
BF16, FP8, FP4 = range(3)


def weights_format(bytes_per_param: FloatArray) -> IntArray:
    """The weights' format by their size: FP4 below 1 byte, FP8 below 2, else BF16."""
    size = bytes_per_param
    result: IntArray = np.where(size < 1.0, FP4, np.where(size < 2.0, FP8, BF16))
    return result


def arithmetic_format(bytes_per_param: FloatArray, g: GpuSpecs) -> IntArray:
    """The format the matrices compute in: the weights' own where the GPU has it, else BF16.

    Weights in a format the GPU cannot compute in are weight-only: each kernel widens them
    to BF16 and multiplies BF16 activations (W4A16, W8A16), as vLLM's MXFP4 kernels do on
    Hopper and CDNA3 (docs/model.md#F-serving).
    """
    wanted = weights_format(bytes_per_param)
    fp4 = (wanted == FP4) & (g.fp4_flops > 0)
    fp8 = (wanted == FP8) & (g.fp8_flops > 0)
    result: IntArray = np.where(fp4, FP4, np.where(fp8, FP8, BF16))
    return result


def peak_flops(bytes_per_param: FloatArray, g: GpuSpecs) -> FloatArray:
    """Peak FLOP/s in the format the matrices compute in (`arithmetic_format`)."""
    computed = arithmetic_format(bytes_per_param, g)
    result: FloatArray = np.where(
        computed == FP4, g.fp4_flops, np.where(computed == FP8, g.fp8_flops, g.bf16_flops)
    )
    return result


def attention_peak(g: GpuSpecs) -> FloatArray:
    """Attention's peak: over a KV cache kept in FP8, FP8 arithmetic whatever the weights'."""
    result: FloatArray = np.where(g.fp8_flops > 0, g.fp8_flops, g.bf16_flops)
    return result


def efficiency(rows: FloatArray, c: Constants) -> FloatArray:
    """Share of peak a decode matrix product reaches with `rows` tokens: rises, then saturates."""
    result: FloatArray = c.peak_share * rows / (rows + c.half_rows)
    return result


def accepted_tokens(drafts: FloatArray, c: Constants) -> FloatArray:
    """Tokens kept per step with `drafts` draft tokens: 1 + p + p^2 + ... + p^drafts."""
    p = c.draft_acceptance
    result: FloatArray = (1.0 - p ** (drafts + 1.0)) / (1.0 - p)
    return result


@dataclass(frozen=True)
class Step:
    """One decode step of a replica, by term (seconds), and what fits in memory.

    Terms are what the step waits for: with two micro-batches, the links and the
    collectives' latency that hide behind the other micro-batch's kernels are not in them.
    """

    overhead_s: FloatArray
    compute_s: FloatArray  # kernels bound by arithmetic
    memory_s: FloatArray  # kernels bound by memory reads
    link_s: FloatArray  # interconnect time not hidden behind kernels
    batch_memory: FloatArray  # requests whose KV cache fits beside the weights
    weights_fit: BoolArray
    micro_batches: FloatArray  # 2 where two micro-batches overlap links with kernels

    @property
    def seconds(self) -> FloatArray:
        """The whole step: its terms run one after the other."""
        result: FloatArray = self.overhead_s + self.compute_s + self.memory_s + self.link_s
        return result


def step(
    m: ModelSpecs,
    g: GpuSpecs,
    gpus: FloatArray,
    layout: FloatArray,
    batch: FloatArray,
    context: FloatArray,
    tokens_per_request: FloatArray,
    c: Constants,
) -> Step:
    """Decode step of `batch` requests on a replica of `gpus` GPUs (docs/model.md#F-serving).

    Each kernel group (shared weights, experts, attention) waits for the slower of its
    arithmetic and its reads, and the groups run one after the other. Under data-parallel
    attention, with two requests or more a rank, the batch may instead run as two
    micro-batches, each one's dispatch and combine (and their latency past the domain) in
    flight while the other computes; the quicker of the two ways is the step.
    """
    r = gpus
    data_parallel = layout == DATA_EXPERT
    kv_split = np.where(data_parallel | (m.latent_kv < 0.5), r, 1.0)
    kv_per_request = context * m.kv_bytes_per_token_per_layer * m.layers
    launch_s = m.layers * c.layer_s * layer_share(m) / g.software
    # The collectives' latency past the scale-up domain: a multiple of the launches.
    latency_s = np.where(r > g.domain, launch_s * (c.cross_domain_factor - 1.0), 0.0)
    per_scheduler = np.where(data_parallel, batch / r, batch)  # each DP rank schedules its own

    def phases(requests: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        tokens = requests * tokens_per_request
        arithmetic, reads = _kernels(m, g, r, data_parallel, requests, tokens, context, kv_split, c)
        bound_by_reads = reads >= arithmetic
        return (
            np.where(bound_by_reads, 0.0, arithmetic).sum(axis=0),
            np.where(bound_by_reads, reads, 0.0).sum(axis=0),
            _link_seconds(m, g, r, data_parallel, tokens, c),
        )

    compute_s, memory_s, link_s = phases(batch)
    half_compute_s, half_memory_s, half_link_s = phases(batch / 2.0)
    half_link_s = half_link_s + latency_s  # each micro-batch's collectives wait their latency
    hidden = 2.0 * np.maximum(half_compute_s + half_memory_s, half_link_s)
    two = (
        data_parallel
        & (per_scheduler >= 2.0)  # each rank splits its own requests: it needs two
        & (hidden < compute_s + memory_s + link_s + latency_s)
    )
    kv_room = kv_room_bytes(m, g, r, layout)
    return Step(
        overhead_s=launch_s + np.where(two, 0.0, latency_s) + per_scheduler * c.request_s,
        compute_s=np.where(two, 2.0 * half_compute_s, compute_s),
        memory_s=np.where(two, 2.0 * half_memory_s, memory_s),
        link_s=np.where(two, hidden - 2.0 * (half_compute_s + half_memory_s), link_s),
        batch_memory=kv_room * kv_split / np.maximum(kv_per_request, 1e-9),
        weights_fit=kv_room > 0,
        micro_batches=np.where(two, 2.0, 1.0),
    )


def kv_room_bytes(m: ModelSpecs, g: GpuSpecs, gpus: FloatArray, layout: FloatArray) -> FloatArray:
    """Memory per GPU left for the KV cache beside the weights (negative: they do not fit).

    Shared weights are whole on every GPU under data-parallel attention, split otherwise;
    the experts are split over the replica either way.
    """
    shared = m.shared_params
    b = m.bytes_per_param
    shared_bytes = shared * b / np.where(layout == DATA_EXPERT, 1.0, gpus)
    result: FloatArray = (
        USABLE_MEMORY * g.memory_bytes - shared_bytes - (m.total_params - shared) * b / gpus
    )
    return result


def _kernels(
    m: ModelSpecs,
    g: GpuSpecs,
    r: FloatArray,
    data_parallel: BoolArray,
    batch: FloatArray,
    tokens: FloatArray,
    context: FloatArray,
    kv_split: FloatArray,
    c: Constants,
) -> tuple[FloatArray, FloatArray]:
    """Seconds of arithmetic and of reads of each kernel group (shared, routed, attention)."""
    moe = m.experts > 0
    experts = np.where(moe, m.experts, 1.0)
    # The share of each layer's experts that at least one token of the step picks.
    touched = np.where(moe, 1.0 - (1.0 - m.experts_per_token / experts) ** tokens, 1.0)
    shared = m.shared_params
    b = m.bytes_per_param
    read_s = g.bandwidth_bytes_s * c.bandwidth_share * g.software
    flops_s = peak_flops(b, g) * g.software
    rows_shared = np.where(data_parallel, tokens / r, tokens)
    rows_expert = np.where(
        moe, tokens * m.experts_per_token / (experts * np.maximum(touched, 1e-12)), rows_shared
    )
    attention_flops = m.attention_flops_per_context_token * context * m.layers * tokens
    arithmetic = np.stack(
        np.broadcast_arrays(
            2.0 * shared * tokens / (r * flops_s * efficiency(rows_shared, c)),
            2.0 * (m.active_params - shared) * tokens / (r * flops_s * efficiency(rows_expert, c)),
            attention_flops / (r * attention_peak(g) * g.software * c.peak_share),
        )
    )
    kv_bytes = batch * context * m.kv_bytes_per_token_per_layer * m.layers / kv_split
    reads = np.stack(
        np.broadcast_arrays(
            shared * b / np.where(data_parallel, 1.0, r) / read_s,
            (m.total_params - shared) * b * touched / r / read_s,
            kv_bytes / read_s,
        )
    )
    return arithmetic, reads


def _link_seconds(
    m: ModelSpecs,
    g: GpuSpecs,
    r: FloatArray,
    data_parallel: BoolArray,
    tokens: FloatArray,
    c: Constants,
) -> FloatArray:
    """Interconnect time: inside the scale-up domain at its bandwidth, the rest scale-out.

    Tensor parallel: two all-reduces per layer (BF16 activations); expert parallel with
    data-parallel attention: each token's dispatch (FP8) and combine (BF16) to its experts.
    """
    all_reduce = 2.0 * 2.0 * (r - 1.0) / r * tokens * m.hidden_size * 2.0
    dispatch = tokens / r * m.experts_per_token * m.hidden_size * 3.0 * (r - 1.0) / r
    link_bytes = np.where(data_parallel, dispatch, all_reduce) * m.layers
    inside = np.minimum(r, g.domain) / r
    result: FloatArray = (
        link_bytes
        * (inside / g.scale_up_bytes_s + (1.0 - inside) / g.scale_out_bytes_s)
        / c.link_share
    )
    return result


def prefill_seconds_per_token(
    m: ModelSpecs, g: GpuSpecs, prompt: FloatArray, c: Constants
) -> FloatArray:
    """GPU-seconds per uncached prompt token: the matrices, and attention over half the prompt."""
    flops = 2.0 * m.active_params + m.attention_flops_per_context_token * prompt / 2.0 * m.layers
    result: FloatArray = flops / (peak_flops(m.bytes_per_param, g) * g.software * c.prefill_share)
    return result


@dataclass(frozen=True)
class Curve:
    """Every batch of a layout (last axis): TPOT, rates and the terms of its step."""

    tpot_s: FloatArray
    ttft_s: FloatArray  # p95: the p95 prompt's prefill on one replica, then one step
    tokens_per_gpu_s: FloatArray  # prompt and output tokens over every GPU, both pools
    decode_tokens_per_gpu_s: FloatArray  # output tokens per decode GPU
    prefill_tokens_per_gpu_s: FloatArray  # uncached prompt tokens per GPU busy with prefill
    prefill_gpus_per_decode_gpu: FloatArray  # disaggregated: the prefill pool's size
    feasible: BoolArray  # weights and every request's KV cache fit
    step: Step


def curve(
    m: ModelSpecs,
    g: GpuSpecs,
    gpus: FloatArray,
    layout: FloatArray,
    disaggregated: FloatArray,
    drafts: FloatArray,
    w: Workloads,
    c: Constants,
    batch: FloatArray = BATCH,
) -> Curve:
    """TPOT and throughput over the batch grid, prefill on the same GPUs or its own pool.

    On the same GPUs each step also prefills the prompts of the requests that replace
    those finishing (B x accepted / O per step), so prefill lengthens TPOT; disaggregated,
    a separate pool prefills at the rate decode consumes prompts.
    """
    accepted = accepted_tokens(drafts, c)
    # A request yields at least its first token (an API's least max_tokens is 1): a
    # prompt-only workload is served as one token each, not as a decode pool of none.
    output = np.maximum(w.output_tokens, 1.0)
    s = step(m, g, gpus, layout, batch, w.prompt_tokens + output / 2.0, 1.0 + drafts, c)
    draft_s = drafts * c.layer_s * layer_share(m) / g.software  # one more layer per draft token
    per_prompt_token = prefill_seconds_per_token(m, g, w.prompt_tokens, c)
    uncached = w.prompt_tokens * (1.0 - w.cache_hit)
    split = disaggregated > 0
    prefill_in_step = np.where(
        split, 0.0, batch * accepted / output * uncached * per_prompt_token / gpus
    )
    step_s = s.seconds + draft_s + prefill_in_step
    decode_rate = batch * accepted / (step_s * gpus)
    prefill_gpus = np.where(split, decode_rate * uncached / output * per_prompt_token, 0.0)
    first_token = w.p95_prompt_tokens * (1.0 - w.cache_hit) * per_prompt_token / gpus
    return Curve(
        tpot_s=step_s / accepted,
        ttft_s=first_token + step_s,
        tokens_per_gpu_s=decode_rate
        * (w.prompt_tokens + w.output_tokens)
        / output
        / (1.0 + prefill_gpus),
        decode_tokens_per_gpu_s=decode_rate,
        prefill_tokens_per_gpu_s=1.0 / per_prompt_token,
        prefill_gpus_per_decode_gpu=prefill_gpus,
        feasible=s.weights_fit & (batch <= s.batch_memory),
        step=s,
    )
