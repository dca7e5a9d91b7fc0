"""Serving: the step time's pieces, the deployment search, promises and the busy hour.

docs/model.md#F-serving. The step time's pieces are worked by hand here with round
made-up constants (`ROUND`), never by calling the helper under test for the expected
figure; the search is checked on what it must pick and on properties that hold for any
model, GPU and workload with the fitted constants.
"""

import copy
import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from parts import BIG, EXT2, FAST

import core
from core.engine.deployment import (
    LAYOUT_GPUS,
    LAYOUT_MODE,
    LIMITS,
    MEETS,
    MISSES_TPOT,
    MISSES_TTFT,
    REACH_DOMAINS,
    REASONS,
    deploy,
    largest_replica,
    within,
)
from core.engine.routes import route_arrays
from core.engine.serving import (
    BF16,
    DATA_EXPERT,
    FITTED,
    FP4,
    FP8,
    TENSOR,
    TENSOR_EXPERT,
    Constants,
    GpuSpecs,
    ModelSpecs,
    Workloads,
    accepted_tokens,
    arithmetic_format,
    curve,
    efficiency,
    kv_room_bytes,
    layer_share,
    peak_flops,
    prefill_seconds_per_token,
    step,
    weights_format,
)

REL = 1e-9
ROUND = Constants(
    layer_s=1e-4, cross_domain_factor=2.0, bandwidth_share=0.5, peak_share=0.5, half_rows=10.0,
    prefill_share=0.5, draft_acceptance=0.5, amd_software=0.5, link_share=1.0, request_s=0.0,
)  # fmt: skip


def a(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def dense(**changes: float) -> ModelSpecs:
    """1B dense, FP8, 10 layers of width 1,000, 1,000 KV bytes and 4,000 FLOPs per context token."""
    fields = {
        "active_params": 1e9, "total_params": 1e9, "bytes_per_param": 1.0, "layers": 10.0,
        "hidden_size": 1000.0, "experts": 0.0, "experts_per_token": 0.0,
        "kv_bytes_per_token_per_layer": 1000.0, "attention_flops_per_context_token": 4000.0,
        "latent_kv": 0.0, "mtp": 0.0,
    } | changes  # fmt: skip
    return ModelSpecs(**{k: a(v) for k, v in fields.items()})


def gpu(**changes: float) -> GpuSpecs:
    """1 PFLOP/s BF16 (2 FP8, no FP4), 1 TB/s, 100 GB, 8-GPU domain, links 100 and 10 GB/s."""
    fields = {
        "bf16_flops": 1e15, "fp8_flops": 2e15, "fp4_flops": 0.0, "bandwidth_bytes_s": 1e12,
        "memory_bytes": 100e9, "domain": 8.0, "scale_up_bytes_s": 1e11,
        "scale_out_bytes_s": 1e10, "software": 1.0,
    } | changes  # fmt: skip
    return GpuSpecs(**{k: a(v) for k, v in fields.items()})


def workload(**changes: float) -> Workloads:
    fields = {"prompt_tokens": 1000.0, "output_tokens": 1000.0, "p95_prompt_tokens": 1000.0,
              "cache_hit": 0.0, "ttft_slo_s": 1e9, "tpot_slo_s": 0.05} | changes  # fmt: skip
    return Workloads(**{k: a(v) for k, v in fields.items()})


# --- the step time's pieces, by hand ---------------------------------------------------------


def test_a_dense_step_on_one_gpu_worked_by_hand():
    """docs/model.md#F-serving: 10 requests of 100 tokens of context, one GPU, FP8.

    Overhead: 10 layers x 100 us x 11/22 = 0.5 ms (a dense GQA layer runs 11 kernels,
    DeepSeek-R1's 22). Weights: 1 GB read at 1 TB/s x 0.5 = 2 ms, while
    their arithmetic, 2 x 1e9 x 10 rows at 2e15 x 0.5 x 10/(10 + 10) = 5e14 FLOP/s, takes
    40 us: reads bind. KV: 10 x 100 x 1,000 x 10 layers = 10 MB, 20 us; its arithmetic
    4,000 x 100 x 10 x 10 / (2e15 x 0.5) = 40 ns. No link on one GPU. Step 2.52 ms.
    """
    s = step(dense(), gpu(), a(1.0), a(TENSOR), a(10.0), a(100.0), a(1.0), ROUND)
    assert float(s.overhead_s[0]) == pytest.approx(0.5e-3, rel=REL)
    assert float(s.memory_s[0]) == pytest.approx(2e-3 + 2e-5, rel=REL)
    assert float(s.compute_s[0]) == 0.0
    assert float(s.link_s[0]) == 0.0
    assert float(s.seconds[0]) == pytest.approx(2.52e-3, rel=REL)


def test_a_replica_past_its_domain_pays_the_cross_domain_overhead_and_slow_links():
    """docs/model.md#F-serving: the same step on 16 GPUs of 8-GPU domains.

    Overhead 10 x 100 us x 11/22 x 2 = 1 ms. Two all-reduces per layer of 10 tokens x 1,000 x
    2 bytes, each moving 2 x 15/16 of it: 3.75 x 2e4 x 10 layers = 750 kB per GPU, half
    inside the domain at 100 GB/s and half out at 10 GB/s: 750e3 x (0.5/1e11 + 0.5/1e10)
    = 41.25 us. Weights 1 GB / 16 per GPU: 125 us.
    """
    s = step(dense(), gpu(), a(16.0), a(TENSOR), a(10.0), a(100.0), a(1.0), ROUND)
    assert float(s.overhead_s[0]) == pytest.approx(1e-3, rel=REL)
    assert float(s.link_s[0]) == pytest.approx(41.25e-6, rel=REL)
    kv = 10 * 100 * 1000 * 10 / 16 / 5e11  # GQA: each GPU holds its heads' share
    assert float(s.memory_s[0]) == pytest.approx(1e9 / 16 / 5e11 + kv, rel=REL)


def test_two_micro_batches_hide_dispatch_and_cross_domain_latency_behind_kernels():
    """docs/model.md#F-serving: data-parallel attention over 16 GPUs of 8-GPU domains.

    4 experts, 2 a token, 0.4B shared and 1.2B routed; 16,000 requests of one token, no KV.
    Launches 10 x 100 us x 18/22 (GQA attention and experts: 18 kernels a layer, R1's
    22) = L = 0.818 ms; latency past the domain L x (2 - 1). A
    micro-batch of 8,000: shared weights read whole, 0.4 GB at 5e11 B/s = 0.8 ms (their
    arithmetic, 500 rows a GPU, 0.41 ms, hides); routed arithmetic 2 x 0.6e9 x 8,000 over
    16 x 2e15 x 0.5 x 4,000/4,010 = 0.6015 ms beats its 0.15 ms of reads. Its dispatch
    and combine: 500 tokens x 2 experts x 1,000 x 3 bytes x 15/16 x 10 layers = 28.125 MB,
    half in the domain at 1e11 and half out at 1e10: 1.546875 ms, plus the latency L.
    Two micro-batches: L + 2 x max(1.4015, 1.546875 + L) ms = 5.548 ms, where one batch
    would wait 2 L + 2.0095 + 3.09375 = 6.74 ms. One request: one batch (2 L fixed).
    """
    moe = dense(total_params=1.6e9, experts=4.0, experts_per_token=2.0,
                kv_bytes_per_token_per_layer=0.0, attention_flops_per_context_token=0.0)  # fmt: skip
    s = step(moe, gpu(), a(16.0), a(DATA_EXPERT), a(16000.0, 1.0), a(0.0), a(1.0), ROUND)
    assert s.micro_batches.tolist() == [2.0, 1.0]
    launches = 1e-3 * 18 / 22
    assert float(s.seconds[0]) == pytest.approx(launches + 2 * (launches + 1.546875e-3), rel=REL)
    assert float(s.overhead_s[0]) == pytest.approx(launches, rel=REL)
    routed = 2 * 0.6e9 * 8000 / (16 * 2e15 * 0.5 * 4000 / 4010)
    assert float(s.compute_s[0]) == pytest.approx(2 * routed, rel=REL)
    assert float(s.memory_s[0]) == pytest.approx(2 * 0.8e-3, rel=REL)
    assert float(s.overhead_s[1]) == pytest.approx(2 * launches, rel=REL)


def test_a_rank_with_fewer_than_two_requests_cannot_split_them():
    """Two micro-batches need two requests on each data-parallel rank: below that the
    batch runs whole, where splitting it would have hidden the latency past the domain
    (a 100B mixture of 4 experts on 16 GPUs, 1-3 requests: two micro-batches before)."""
    moe = dense(active_params=1e10, total_params=1e11, experts=4.0, experts_per_token=2.0,
                layers=60.0, hidden_size=7000.0, kv_bytes_per_token_per_layer=0.0,
                attention_flops_per_context_token=0.0)  # fmt: skip
    batches = a(1.0, 3.0, 31.0, 1000.0)
    s = step(moe, gpu(memory_bytes=1e12), a(16.0), a(DATA_EXPERT), batches, a(0.0), a(1.0), ROUND)
    assert s.micro_batches.tolist() == [1.0, 1.0, 1.0, 2.0]


def test_a_layers_fixed_time_is_its_kernels_share_of_deepseek_r1s():
    """docs/model.md#F-serving: 22 kernels a layer under MLA with experts (the fitted kind),
    18 with GQA and experts, 15 under MLA with a dense FFN, 11 dense with GQA."""
    kinds = replace(
        dense(total_params=1.6e9),
        experts=a(4.0, 4.0, 0.0, 0.0),
        experts_per_token=a(2.0, 2.0, 0.0, 0.0),
        latent_kv=a(1.0, 0.0, 1.0, 0.0),
    )
    assert layer_share(kinds).tolist() == pytest.approx([1.0, 18 / 22, 15 / 22, 11 / 22])
    batch = a(1.0, 1.0, 1.0, 1.0)
    s = step(kinds, gpu(), a(1.0), a(TENSOR), batch, a(100.0), a(1.0), ROUND)
    assert s.overhead_s.tolist() == pytest.approx([1e-3, 1e-3 * 18 / 22, 1e-3 * 15 / 22, 0.5e-3])


def test_a_mixture_reads_the_experts_its_batch_touches():
    """docs/model.md#F-serving: 1 - (1 - k/E)^tokens of the routed experts are read.

    4 experts, 2 per token, 1.6B total and 1B active: shared (1 x 4 - 1.6 x 2)/(4 - 2)
    = 0.4B, routed 1.2B. One token touches 1/2 of the routed weights, two 3/4. One GPU:
    (0.4 + 1.2 x 1/2) GB and (0.4 + 1.2 x 3/4) GB at 5e11 B/s (no KV, no attention).
    """
    moe = dense(total_params=1.6e9, experts=4.0, experts_per_token=2.0,
                kv_bytes_per_token_per_layer=0.0, attention_flops_per_context_token=0.0)  # fmt: skip
    assert float(moe.shared_params[0]) == pytest.approx(0.4e9, rel=REL)
    one_token = step(moe, gpu(), a(1.0), a(TENSOR), a(1.0), a(0.0), a(1.0), ROUND)
    two = step(moe, gpu(), a(1.0), a(TENSOR), a(2.0), a(0.0), a(1.0), ROUND)
    assert float(one_token.memory_s[0]) == pytest.approx(1.0e9 / 5e11, rel=REL)
    assert float(two.memory_s[0]) == pytest.approx(1.3e9 / 5e11, rel=REL)


def test_deepseek_shared_parameters_from_active_total_and_routing():
    """(37e9 x 256 - 671e9 x 8) / (256 - 8) = 16.548e9 parameters every token uses."""
    r1 = dense(active_params=37e9, total_params=671e9, experts=256.0, experts_per_token=8.0)
    assert float(r1.shared_params[0]) == pytest.approx((37e9 * 256 - 671e9 * 8) / 248, rel=REL)


def test_data_parallel_attention_keeps_the_shared_weights_whole_and_splits_a_latent_kv():
    """docs/model.md#F-serving: under DP attention each GPU reads every shared weight but
    only its requests' KV; under tensor parallelism a latent (MLA) KV is whole on each GPU.

    Mixture as above on 4 GPUs, 4 requests of 100 tokens, latent KV 1,000 bytes a layer.
    DP: shared 0.4 GB whole + routed 1.2 GB x touched / 4 + KV 4 x 100 x 1e4 / 4.
    TP: shared 0.4 / 4 GB + the same routed share + KV 4 x 100 x 1e4 (whole).
    """
    moe = dense(total_params=1.6e9, experts=4.0, experts_per_token=2.0, latent_kv=1.0,
                attention_flops_per_context_token=0.0)  # fmt: skip
    touched = 1 - 0.5**4
    kv = 4 * 100 * 1000 * 10
    dp = step(moe, gpu(), a(4.0), a(DATA_EXPERT), a(4.0), a(100.0), a(1.0), ROUND)
    tp = step(moe, gpu(), a(4.0), a(TENSOR), a(4.0), a(100.0), a(1.0), ROUND)
    routed = 1.2e9 * touched / 4
    assert float(dp.memory_s[0]) == pytest.approx((0.4e9 + routed + kv / 4) / 5e11, rel=1e-6)
    assert float(tp.memory_s[0]) == pytest.approx((0.1e9 + routed + kv) / 5e11, rel=1e-6)


def test_efficiency_rises_with_rows_and_saturates():
    """half_rows rows reach half the peak share; many reach nearly all of it."""
    assert float(efficiency(a(10.0), ROUND)[0]) == pytest.approx(0.25, rel=REL)
    assert float(efficiency(a(1e6), ROUND)[0]) == pytest.approx(0.5, rel=1e-4)


def test_accepted_tokens_per_draft_depth():
    """1 + p + ... + p^d with p = 0.5: 1, 1.5, 1.75, 1.875."""
    assert accepted_tokens(a(0, 1, 2, 3), ROUND) == pytest.approx([1, 1.5, 1.75, 1.875], rel=REL)


def test_peak_by_precision_falls_back_where_the_gpu_lacks_it():
    """Each format's own peak where the GPU has it, else BF16's (weight-only: W4A16, W8A16)."""
    g = gpu(fp4_flops=4e15)
    assert peak_flops(a(0.5625, 1.0, 2.0), g) == pytest.approx([4e15, 2e15, 1e15])
    assert peak_flops(a(0.5625, 1.0), gpu()) == pytest.approx([1e15, 2e15])
    no_fp8 = gpu(fp8_flops=0.0)
    assert peak_flops(a(0.5625, 1.0), no_fp8) == pytest.approx([1e15, 1e15])


def test_a_72_gpu_replica_runs_data_parallel_attention_only():
    """Tensor-parallel attention splits the heads evenly; 72 divides no model's head count."""
    modes_at_72 = set(LAYOUT_MODE[LAYOUT_GPUS == 72.0].tolist())
    assert modes_at_72 == {DATA_EXPERT}
    assert set(LAYOUT_MODE[LAYOUT_GPUS == 64.0].tolist()) == {TENSOR, TENSOR_EXPERT, DATA_EXPERT}
    assert (largest_replica(mixture=False), largest_replica(mixture=True)) == (64.0, 72.0)


def test_the_format_computed_in_is_named_as_the_peak_is_taken():
    """The answer's `arithmetic_precision` reads the same rule as the peak FLOP/s."""
    sizes = a(0.5, 0.5625, 0.99, 1.0, 1.5, 2.0, 4.0)
    assert weights_format(sizes).tolist() == [FP4, FP4, FP4, FP8, FP8, BF16, BF16]
    with_fp4 = arithmetic_format(sizes, gpu(fp4_flops=4e15)).tolist()
    assert with_fp4 == [FP4, FP4, FP4, FP8, FP8, BF16, BF16]
    assert arithmetic_format(sizes, gpu()).tolist() == [BF16, BF16, BF16, FP8, FP8, BF16, BF16]
    assert arithmetic_format(sizes, gpu(fp8_flops=0.0)).tolist() == [BF16] * 7


def test_prefill_on_the_decode_gpus_lengthens_each_step():
    """docs/model.md#F-serving: B x accepted / O x uncached prompt x s_p / r more per step.

    s_p = (2 x 1e9 + 4,000 x 1,000/2 x 10) / (2e15 x 0.5) = 2.02e-6 GPU-seconds a prompt
    token. 16 requests finishing every 1,000 steps bring 16 x 1,000 prompt tokens: 16 x
    1,000 / 1,000 x 2.02e-6 = 32.32 us more a step than disaggregated, where instead a pool
    of decode rate x 1,000/1,000 x 2.02e-6 prefill GPUs per decode GPU is added.
    """
    sp = float(prefill_seconds_per_token(dense(), gpu(), a(1000.0), ROUND)[0])
    assert sp == pytest.approx(2.02e-6, rel=REL)
    args = (dense(), gpu(), a(1.0), a(TENSOR))
    same = curve(*args, a(0.0), a(0.0), workload(), ROUND, batch=a(16.0))
    split = curve(*args, a(1.0), a(0.0), workload(), ROUND, batch=a(16.0))
    assert float(same.tpot_s[0] - split.tpot_s[0]) == pytest.approx(16 * 2.02e-6, rel=1e-6)
    pool = float(split.decode_tokens_per_gpu_s[0]) * 2.02e-6
    assert float(split.prefill_gpus_per_decode_gpu[0]) == pytest.approx(pool, rel=REL)
    both = float(split.decode_tokens_per_gpu_s[0]) * 2 / (1 + pool)
    assert float(split.tokens_per_gpu_s[0]) == pytest.approx(both, rel=REL)


def test_within_blends_the_last_batch_that_keeps_the_promise_with_the_next():
    """TPOT 10, 20, 30 ms; promise 25 ms: between the 2nd and 3rd point, halfway."""
    lower, upper, weight = within(
        a(0.01, 0.02, 0.03), np.array([True, True, False]), np.array(0.025)
    )
    assert (int(lower), int(upper), float(weight)) == (1, 2, pytest.approx(0.5))
    none = within(a(0.01, 0.02), np.array([False, False]), np.array(0.005))
    assert int(none[0]) == -1


# --- the deployment search --------------------------------------------------------------


def one(m: ModelSpecs, g: GpuSpecs, w: Workloads) -> dict[str, Any]:
    d = deploy(w, m, g)
    fields = ("replica_gpus", "batch", "tpot_s", "ttft_s", "tokens_per_gpu_s",
              "decode_tokens_per_gpu_s", "gpu_hours_per_m_tokens")  # fmt: skip
    out: dict[str, Any] = {f: float(getattr(d, f)[0, 0, 0]) for f in fields}
    out |= {"reason": int(d.reason[0, 0, 0]), "limit": LIMITS[int(d.limit[0, 0, 0])]}
    out["layout"], out["split"] = int(d.layout[0, 0, 0]), bool(d.disaggregated[0, 0, 0])
    return out


H100 = gpu(bf16_flops=989e12, fp8_flops=1979e12, bandwidth_bytes_s=3.35e12,
           memory_bytes=80e9, scale_up_bytes_s=450e9, scale_out_bytes_s=50e9)  # fmt: skip
R1 = dense(active_params=37e9, total_params=671e9, layers=61.0, hidden_size=7168.0,
           experts=256.0, experts_per_token=8.0, kv_bytes_per_token_per_layer=1152.0,
           attention_flops_per_context_token=278528.0, latent_kv=1.0, mtp=1.0)  # fmt: skip


def test_the_search_keeps_the_promise_and_reports_its_figures_consistently():
    """GPU-hours per million tokens = 1e6 / 3,600 / tokens per GPU-second; TPOT = promise."""
    d = one(R1, H100, workload(tpot_slo_s=0.05, ttft_slo_s=10.0))
    assert d["reason"] == MEETS
    assert d["tpot_s"] == pytest.approx(0.05, rel=1e-6)
    assert d["gpu_hours_per_m_tokens"] == pytest.approx(1e6 / 3600 / d["tokens_per_gpu_s"])
    assert d["replica_gpus"] * 0.9 * 80e9 > 671e9  # the weights fit on the replica


def test_a_tighter_promise_costs_throughput():
    """The frontier falls: 20 ms per token serves fewer tokens per GPU than 50 ms."""
    loose = one(R1, H100, workload(tpot_slo_s=0.05))
    tight = one(R1, H100, workload(tpot_slo_s=0.02))
    assert tight["tokens_per_gpu_s"] < loose["tokens_per_gpu_s"]


def test_weights_that_fit_nowhere_are_an_answer_with_infinite_figures():
    """6 TB of FP8 weights against at most 72 x 72 GB = 5.18 TB usable: no replica holds them."""
    d = one(dense(active_params=6e12, total_params=6e12), H100, workload())
    assert REASONS[d["reason"]] == "weights do not fit"
    assert math.isinf(d["gpu_hours_per_m_tokens"])


def test_a_promise_below_the_fixed_step_time_misses_tpot():
    """61 layers x 93.87 us already exceed a 1 ms promise: reason TPOT, at batch 1."""
    d = one(R1, H100, workload(tpot_slo_s=0.001))
    assert d["reason"] == MISSES_TPOT
    assert d["batch"] == 1.0


def test_a_first_token_promise_shorter_than_the_prefill_misses_ttft():
    """A 1M-token p95 prompt cannot be prefilled in 10 ms on 72 GPUs: reason TTFT."""
    d = one(dense(), H100, workload(p95_prompt_tokens=1e6, ttft_slo_s=0.01, tpot_slo_s=1.0))
    assert d["reason"] == MISSES_TTFT


def test_amd_software_factor_slows_the_same_datasheet():
    """The vendor constant scales achieved shares and overhead: the same GPU as AMD serves less."""
    w = workload(tpot_slo_s=0.05)
    nvidia = one(R1, H100, w)
    amd = one(R1, replace(H100, software=a(FITTED.amd_software)), w)
    assert amd["tokens_per_gpu_s"] < nvidia["tokens_per_gpu_s"]


def test_a_cap_on_requests_per_gpu_holds_every_replica_below_it():
    """At 50 ms R1 on H100 runs hundreds of requests a replica; held to 4 a GPU the chosen
    batch is at most 4 x its replica's GPUs and it serves fewer tokens per GPU. A cap
    below one request a replica still lets each replica run one."""
    w = workload(tpot_slo_s=0.05)
    free = deploy(w, R1, H100)
    held = deploy(w, R1, H100, requests_per_gpu=a(4.0))
    assert free.batch[0, 0, 0] > 4.0 * free.replica_gpus[0, 0, 0]
    assert held.batch[0, 0, 0] <= 4.0 * held.replica_gpus[0, 0, 0]
    assert held.tokens_per_gpu_s[0, 0, 0] < free.tokens_per_gpu_s[0, 0, 0]
    starved = deploy(w, R1, H100, requests_per_gpu=a(1e-3))
    assert starved.meets_slo[0, 0, 0]
    assert starved.batch[0, 0, 0] == 1.0


def test_a_replica_spans_two_domains_unless_its_weights_need_more():
    """R1 at 100 ms on 8-GPU H100 domains: at most 16 GPUs, as InferenceX deploys it, where
    spanning domains freely picks a wider replica serving more. A model that needs 32 of
    these GPUs gets them; one that fits on one GPU still may use two domains."""
    w = workload(tpot_slo_s=0.1)
    bound, free = deploy(w, R1, H100), deploy(w, R1, H100, span_domains=True)
    assert bound.replica_gpus[0, 0, 0] <= 16.0 < free.replica_gpus[0, 0, 0]
    assert bound.tokens_per_gpu_s[0, 0, 0] < free.tokens_per_gpu_s[0, 0, 0]
    small = replace(H100, memory_bytes=a(24e9))  # R1's 671 GB need 32 x 21.6 GB usable
    assert deploy(w, R1, small).replica_gpus[0, 0, 0] >= 32.0
    reach = REACH_DOMAINS * H100.domain[0]
    assert deploy(workload(tpot_slo_s=0.2), dense(), H100).replica_gpus[0, 0, 0] <= reach
    # R1 in FP4 fits on one 8-GPU node, yet at 100 ms two nodes serve more: it takes both.
    fp4 = replace(R1, bytes_per_param=a(0.5625))
    assert deploy(w, fp4, H100).replica_gpus[0, 0, 0] == reach == 16.0


# --- properties, for any model, GPU and workload ------------------------------------------


@st.composite
def cases(draw: st.DrawFn) -> tuple[ModelSpecs, GpuSpecs, Workloads]:
    active = draw(st.floats(1e8, 5e11))
    experts = draw(st.sampled_from([0.0, 8.0, 64.0, 256.0]))
    m = dense(
        active_params=active,
        total_params=active * (1.0 if experts == 0 else draw(st.floats(2.0, 20.0))),
        experts=experts,
        experts_per_token=0.0 if experts == 0 else 2.0,
        bytes_per_param=draw(st.sampled_from([0.5625, 1.0, 2.0])),
        layers=float(draw(st.integers(8, 128))),
        hidden_size=float(draw(st.integers(1024, 16384))),
        kv_bytes_per_token_per_layer=draw(st.floats(0.0, 8192.0)),
        latent_kv=float(draw(st.booleans())),
    )
    g = gpu(
        bf16_flops=draw(st.floats(3e14, 3e15)), bandwidth_bytes_s=draw(st.floats(1e12, 1e13)),
        memory_bytes=draw(st.floats(40e9, 300e9)), domain=draw(st.sampled_from([8.0, 72.0])),
    )  # fmt: skip
    prompt = draw(st.floats(0.0, 20_000.0))
    w = workload(
        prompt_tokens=prompt, output_tokens=draw(st.floats(10.0, 4000.0)),
        p95_prompt_tokens=prompt * 2, cache_hit=draw(st.floats(0.0, 0.9)),
        tpot_slo_s=draw(st.floats(0.003, 0.2)), ttft_slo_s=1e9,
    )  # fmt: skip
    return m, g, w


@settings(max_examples=40, deadline=None)
@given(cases(), st.floats(1.0, 5.0))
def test_a_looser_tpot_promise_never_serves_fewer_tokens(case, looser):
    """More time per token never lowers the best deployment's throughput."""
    m, g, w = case
    tight = one(m, g, w)
    loose = one(m, g, replace(w, tpot_slo_s=w.tpot_slo_s * looser))
    if tight["reason"] == MEETS:
        assert loose["tokens_per_gpu_s"] >= tight["tokens_per_gpu_s"] * (1 - 1e-9)


@settings(max_examples=40, deadline=None)
@given(cases(), st.floats(1.0, 3.0), st.floats(1.0, 3.0), st.floats(1.0, 3.0))
def test_a_bigger_gpu_never_serves_fewer_tokens(case, flops, bandwidth, memory):
    """More FLOP/s, bandwidth and memory (same links and domain): never fewer tokens.

    Where the weights fit in two scale-up domains: past that, a replica spans as many as
    they need, so more memory may take away a wider replica (docs/model.md#F-serving).
    """
    m, g, w = case
    assume(bool(kv_room_bytes(m, g, REACH_DOMAINS * g.domain, np.array(TENSOR)) > 0))
    old = one(m, g, w)
    new = one(m, replace(g, bf16_flops=g.bf16_flops * flops, fp8_flops=g.fp8_flops * flops,
                         bandwidth_bytes_s=g.bandwidth_bytes_s * bandwidth,
                         memory_bytes=g.memory_bytes * memory), w)  # fmt: skip
    if old["reason"] == MEETS:
        assert new["tokens_per_gpu_s"] >= old["tokens_per_gpu_s"] * (1 - 1e-9)


@settings(max_examples=40, deadline=None)
@given(cases())
def test_decode_never_beats_reading_the_shared_weights_once_a_step(case):
    """A step reads at least the shared weights a GPU holds: decode rate is bounded by it."""
    m, g, w = case
    d = one(m, g, w)
    if d["reason"] != MEETS:
        return
    shared_bytes_per_gpu = float(m.shared_params[0] * m.bytes_per_param[0]) / d["replica_gpus"]
    step_floor = shared_bytes_per_gpu / float(g.bandwidth_bytes_s[0])
    assert d["tpot_s"] * 4.0 >= step_floor * (1 - 1e-9)  # up to 3 drafts kept per step


# --- the fleet: generations, measured throughput, busy hour ------------------------------


def test_inference_hours_mix_the_two_generations_harmonically(tiny):
    """docs/model.md#F-inference-hours: tokens per GPU-second mix by share of GPUs.

    Own without its measured figure serves product A at some rate on REF and another on
    NEW (each generation's deployment, tested above). In 2027 the fleet is 1,000 REF +
    2,000 NEW: the mix is 1/3 x REF's rate + 2/3 x NEW's, for A's 2e12 x 0.5 tokens on
    Own; the arithmetic mean of the two generations' hours would be larger.
    """
    scenario = tiny(
        {"models[0].measured_tokens_per_gpu_s": None, "fleet.scale": 3.0, "fleet.gpu": "NEW"}
    )
    rate = route_arrays(scenario)["serving_rate"][:, 0, 0]  # (REF, NEW) for A on Own
    ref_rate, new_rate = float(rate[0]), float(rate[1])
    assert new_rate > ref_rate > 0
    hours = core.evaluate(scenario).series("inference_gpu_hours")
    assert hours[0] == pytest.approx(0.5e12 / (ref_rate * 3600), rel=REL)
    mixed = ref_rate / 3 + new_rate * 2 / 3
    assert hours[1] == pytest.approx(1e12 / (mixed * 3600), rel=REL)
    arithmetic_mean_of_hours = 1e12 / 3600 * (1 / 3 / ref_rate + 2 / 3 / new_rate)
    assert hours[1] < arithmetic_mean_of_hours


def test_measured_throughput_replaces_the_formulas_scaled_by_bandwidth(tiny):
    """docs/model.md#F-inference-hours: a measured figure on the reference GPU.

    Own measures 1,000 tokens per GPU-second on REF (4 TB/s). NEW has 8 TB/s: 2,000 there.
    2027 with 1,000 REF + 2,000 NEW: 1/3 x 1,000 + 2/3 x 2,000 = 5,000/3 tokens per
    GPU-second. Measured on NEW instead, REF serves 1,000 x 4 / 8 = 500.
    """
    mixed = core.evaluate(tiny({"fleet.scale": 3.0, "fleet.gpu": "NEW"}))
    hours = mixed.series("inference_gpu_hours")
    assert hours[0] == pytest.approx(0.5e12 / (1000 * 3600), rel=REL)
    assert hours[1] == pytest.approx(1e12 / (5000 / 3 * 3600), rel=REL)
    on_new = core.evaluate(tiny({"reference_gpu": "NEW"}))
    assert on_new.series("inference_gpu_hours")[0] == pytest.approx(0.5e12 / (500 * 3600), rel=REL)


def test_busy_hour_demand_busy_share_and_shortfall(tiny):
    """docs/model.md#F-busy-hour and docs/model.md#F-demand.

    100 GPUs: capacity 100 x 8,760 x 0.9 = 788,400 GPU-hours. In 2027 product A sends
    1e12 tokens to Own (1,000 tokens per GPU-second): 277,777.8 GPU-hours on average; its
    busy hour is 3x. Big trains in 2027: 6 x 1e9 x 1e12 / (1e15 x 0.5 x 3,600) = 3,333.3.
    Product B (peak 50x) is all on a partner: no fleet hours.
    Training waits out the busy hour (in the valleys, the default): demand = the larger of
    the busy hour's inference 3 x 277,777.8 = 833,333.3 and the year's work 281,111.1;
    with training run evenly, 3,333.3 + 833,333.3 = 836,666.7. busy share 281,111.1 /
    788,400. The busy hour's excess all year would be 48,266.7 GPU-hours; burst buys only
    the hours above the fleet (docs/model.md#F-load-curve, worked by hand in
    test_load_curve.py), and is bought exactly when utilization is over 1.
    """
    scenario = tiny(
        {
            "fleet.baseline_gpus": 100,
            "models[2]": BIG,
            "products[0].peak_to_average": 3.0,
            "products[1].peak_to_average": 50.0,
        }
    )
    row = core.evaluate(scenario).by_year.loc[2027]
    capacity = 100 * 8760 * 0.9
    inference = 1e12 / (1000 * 3600)
    training = 6 * 1e9 * 1e12 / (1e15 * 0.5 * 3600)
    assert row.capacity_gpu_hours == pytest.approx(capacity, rel=REL)
    assert row.inference_gpu_hours == pytest.approx(inference, rel=REL)
    assert row.demand_gpu_hours == pytest.approx(3 * inference, rel=REL)
    assert row.busy_gpu_hours == pytest.approx(training + inference, rel=REL)
    assert row.utilization == pytest.approx(3 * inference / capacity, rel=REL)
    assert row.busy_share == pytest.approx((training + inference) / capacity, rel=REL)
    excess = training + 3 * inference - capacity
    assert excess == pytest.approx(48_266.67, abs=0.01)
    assert 0.0 < row.shortfall_gpu_hours < excess
    even = core.evaluate(
        core.scenario.edits.with_changes(scenario, {"fleet.training_in_valleys": False})
    )
    assert even.by_year.loc[2027].demand_gpu_hours == pytest.approx(
        training + 3 * inference, rel=REL
    )


def test_busy_hour_over_the_fleet_exactly_when_burst_is_bought(tiny):
    """Training fits the valleys: over 100% only when cloud burst is bought
    (docs/model.md#F-demand). Once the training run is most of the year's work, the year's
    work is the demand; 1% more of it than the fleet holds buys burst, 1% less buys none."""
    capacity = 100 * 8760 * 0.9
    inference = 1e12 / (1000 * 3600)  # product A's year on Own; its busy hour 1.5x: it fits
    hours_per_token_trained = 6 * 1e9 / (1e15 * 0.5 * 3600)  # Big's run
    for fleet_share, bought in ((0.99, False), (1.01, True)):
        train_tokens = (fleet_share * capacity - inference) / hours_per_token_trained
        scenario = tiny(
            {
                "fleet.baseline_gpus": 100,
                "models[2]": {**BIG, "train_tokens": train_tokens},
                "products[0].peak_to_average": 1.5,
            }
        )
        row = core.evaluate(scenario).by_year.loc[2027]
        assert (row.utilization > 1.0) == bought
        assert (row.shortfall_gpu_hours > 0.0) == bought
    assert row.cloud_burst_usd == pytest.approx(5.0 * row.shortfall_gpu_hours, rel=REL)


# --- latency promises ----------------------------------------------------------------------


def test_slo_breach_token_share_and_flag(tiny):
    """docs/model.md#F-slo and docs/model.md#F-flags: B promises 10 ms per token.

    Ext answers at 15 ms per token: every B token (2e12 a year) misses. A (1e12) is on Own
    (TTFT 12,000 x 0.5 x 2e10 / (1e15 x 0.3) + 40 ms = 0.44 s, within 3 s) and Ext (2 s,
    15 ms), both within A's 3 s and 40 ms. Breach share 2e12 / 3e12 in 2026; in 2027 A
    doubles: 2e12 / 4e12.
    """
    results = core.evaluate(tiny({"products[1].tpot_slo_ms": 10.0}))
    share = results.series("slo_breach_token_share")
    assert share == pytest.approx([2 / 3, 2 / 4], rel=REL)
    b = results.products.loc["B"]
    assert b.loc[2026, "slo_breach_share"] == pytest.approx(1.0)
    assert b.loc[2026, "meets_slo"] == 0.0
    assert (b.loc[2026, "tpot_p95_ms"], b.loc[2026, "tpot_slo_ms"]) == pytest.approx((15, 10))
    a = results.products.loc["A"]
    assert a.loc[2026, "meets_slo"] == 1.0
    assert a.loc[2026, "slo_breach_share"] == 0.0
    flags = [f for f in results.flags if f.kind == "slo_breach"]
    assert [(f.year, f.product) for f in flags] == [(2026, "B"), (2027, "B")]
    assert "Ext" in flags[0].message
    assert "TPOT" in flags[0].message
    assert "15" in flags[0].message
    assert "10" in flags[0].message


def test_a_products_latency_is_its_slowest_routed_model(tiny):
    """docs/model.md#F-slo: p95 TTFT and TPOT of the routed mix, and a TTFT miss.

    A splits evenly between Ext (2.0 s, 15 ms) and a second partner answering in 2.5 s and
    30 ms: A shows 2.5 s and 30 ms, within 3 s and 40 ms. With a 2.2 s promise the second
    partner misses TTFT: half of A (0.5e12 of 3e12 tokens in 2026) breaches.
    """
    slower = {**EXT2, "ttft_p95_s": 2.5, "tpot_p95_ms": 30.0}
    changes: dict[str, Any] = {
        "models[2]": slower,
        "products[0].routing": {"Ext": 0.5, "Ext2": 0.5},
    }
    results = core.evaluate(tiny(changes))
    a = results.products.loc[("A", 2026)]
    assert (a.ttft_p95_s, a.tpot_p95_ms, a.meets_slo) == pytest.approx((2.5, 30.0, 1.0))
    tight = core.evaluate(tiny({**changes, "products[0].ttft_slo_s": 2.2}))
    a = tight.products.loc[("A", 2026)]
    assert (a.meets_slo, a.slo_breach_share) == pytest.approx((0.0, 0.5))
    assert tight.kpi("slo_breach_token_share", 2026) == pytest.approx(0.5e12 / 3e12, rel=REL)
    assert tight.structure.route_slo_reason[0, 2] == MISSES_TTFT


def test_in_house_shift_skips_a_model_that_misses_the_slo(tiny):
    """docs/model.md#F-slo and docs/model.md#F-routing: floor AND latency promise.

    Fast (1B, 5,000 tokens per GPU-second) and Own (1,000) both meet A's floor of 70, so
    half of A's partner share (0.5 x 0.5) goes to Fast. With 1e9 attention FLOPs per token
    of context per layer, Fast's prefill of A's 6,000 uncached p95 tokens takes
    1e9 x 3,000 x 60 FLOPs a token, 1.08e18 in all: minutes on any replica, over A's 3 s,
    and even one token a step misses its 40 ms: the shift goes to Own instead.
    """
    changes: dict[str, Any] = {"models[2]": FAST, "levers.in_house_shift": 0.5}
    quick = core.evaluate(tiny(changes)).effective_routing(2026).loc["A"]
    assert (quick["Fast"], quick["Own"], quick["Ext"]) == pytest.approx((0.25, 0.5, 0.25))
    slow_fast = {**FAST, "attention_flops_per_context_token": 1e9}
    results = core.evaluate(tiny({**changes, "models[2]": slow_fast}))
    assert results.structure.route_slo_reason[0, 2] in (MISSES_TTFT, MISSES_TPOT)
    shifted = results.effective_routing(2026).loc["A"]
    assert (shifted["Fast"], shifted["Own"], shifted["Ext"]) == pytest.approx((0.0, 0.75, 0.25))


# --- files -----------------------------------------------------------------------------------


V3_MODEL_FIELDS = (
    "bytes_per_param",
    "kv_bytes_per_token",
    "prefill_efficiency",
    "decode_efficiency",
    "measured_tokens_per_gpu_s",
)
V3_PRODUCT_FIELDS = (
    "prompt_tokens",
    "output_tokens",
    "p95_prompt_tokens",
    "cache_hit",
    "ttft_slo_s",
    "tpot_slo_ms",
    "peak_to_average",
)


def test_a_version_2_file_keeps_its_numbers(tiny):
    """docs/model.md#files: v2 -> v3 keeps throughput, output fractions and the average hour.

    Own's `serve_tokens_per_gpu_s` 1,000 becomes its measured figure; product "GitHub
    Copilot" (output fraction 0.5) takes the default's 4,000-token prompt and so 4,000
    output tokens; B (0.25, no default of that name) 3,000 + 1,000. A variant's output
    fraction of 1 becomes no prompt and 1,000 output tokens. The busy hour is 1x: demand
    equals the v2 average. 2026: A's 0.5e12 tokens on Own take 0.5e12 / (1,000 x 3,600)
    GPU-hours; partner spend is 0.5e12 x (2 x 0.5 + 10 x 0.5) + 2e12 x (2 x 0.75 + 10 x 0.25)
    per million = $3M + $8M.
    """
    v2: dict[str, Any] = {"schema_version": 2, **tiny().model_dump(mode="json")}
    for gpu in v2["gpu_catalog"]:
        del gpu["nvlink_domain"]
    for model in v2["models"]:
        for key in (*V3_MODEL_FIELDS, "ttft_p95_s", "tpot_p95_ms"):
            model.pop(key, None)
    v2["models"][0]["serve_tokens_per_gpu_s"] = 1000.0
    for product, fraction in zip(v2["products"], (0.5, 0.25), strict=True):
        for key in V3_PRODUCT_FIELDS:
            del product[key]
        product["output_fraction"] = fraction
    v2["products"][0]["name"] = "GitHub Copilot"
    variant = copy.deepcopy(v2)
    del variant["schema_version"]
    variant["name"] = "All output"
    variant["products"][1]["output_fraction"] = 1.0
    v2["variants"] = [variant]

    book = core.parse_workbook(v2)
    s = book.baseline
    assert s.models[0].measured_tokens_per_gpu_s == 1000
    copilot, b = s.products
    assert (copilot.prompt_tokens, copilot.output_tokens) == (4000, 4000)
    assert (copilot.p95_prompt_tokens, copilot.ttft_slo_s, copilot.tpot_slo_ms) == (16000, 2.5, 25)
    assert (b.prompt_tokens, b.output_tokens) == (3000, 1000)
    assert [p.output_fraction for p in s.products] == pytest.approx([0.5, 0.25], rel=REL)
    assert [p.peak_to_average for p in s.products] == [1.0, 1.0]
    all_output = book.variants[0].products[1]
    assert (all_output.prompt_tokens, all_output.output_tokens) == (0, 1000)

    row = core.evaluate(s).by_year.loc[2026]
    assert row.inference_gpu_hours == pytest.approx(0.5e12 / (1000 * 3600), rel=REL)
    assert row.demand_gpu_hours == pytest.approx(row.busy_gpu_hours, rel=REL)
    assert row.partner_spend_usd == pytest.approx(3e6 + 8e6, rel=REL)
