"""Serving, latency promises and the busy hour, checked by hand (docs/model.md#F-serving).

Each expected figure is worked out here from the formulas of docs/model.md with plain
arithmetic, never by calling the helper under test. The deployments use either round
made-up numbers or the default catalog and models, so the figures can be followed in
the docstrings and in the worked example of docs/model.md#F-serving.
"""

import copy
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from parts import BIG, EXT2, FAST

import core
from core.engine.serving import (
    LIMITS,
    MEETS,
    MISSES_TPOT,
    MISSES_TTFT,
    NO_FIT,
    REASONS,
    Deployments,
    GpuSpecs,
    ModelSpecs,
    Workloads,
    deploy,
)

REL = 1e-9
H100 = {"flops": 989e12, "bandwidth": 3.35e12, "memory": 80e9, "domain": 8}
MAI_1 = {"active": 50e9, "total": 500e9, "kv": 100_000.0}
MAI_2 = {"active": 200e9, "total": 2e12, "kv": 150_000.0}
COPILOT = {
    "prompt": 4000.0,
    "output": 1000.0,
    "p95": 16000.0,
    "hit": 0.5,
    "ttft": 2.5,
    "tpot": 0.025,
}
CONSUMER = {"prompt": 1200.0, "output": 514.0, "p95": 4000.0, "hit": 0.3, "ttft": 2.5, "tpot": 0.05}
EXCEL = {"prompt": 3000.0, "output": 1000.0, "p95": 12000.0, "hit": 0.5, "ttft": 3.0, "tpot": 0.04}


def one(
    *,
    active: float,
    total: float,
    kv: float,
    flops: float,
    bandwidth: float,
    memory: float,
    domain: float,
    prompt: float,
    output: float,
    p95: float,
    hit: float,
    ttft: float,
    tpot: float,
    bytes_per_param: float = 1.0,
    prefill_eff: float = 0.30,
    decode_eff: float = 0.165,
) -> dict[str, Any]:
    """The deployment of one model for one workload on one GPU, as plain floats."""

    def a(value: float) -> np.ndarray:
        return np.array([value], dtype=float)

    d = deploy(
        Workloads(a(prompt), a(output), a(p95), a(hit), a(ttft), a(tpot)),
        ModelSpecs(a(active), a(total), a(bytes_per_param), a(kv), a(prefill_eff), a(decode_eff)),
        GpuSpecs(a(flops), a(bandwidth), a(memory), a(domain)),
    )
    return unpack(d)


def unpack(d: Deployments, index: tuple[int, int, int] = (0, 0, 0)) -> dict[str, Any]:
    return {
        "replica": float(d.replica_gpus[index]),
        "batch": float(d.batch[index]),
        "tpot": float(d.tpot_s[index]),
        "ttft": float(d.ttft_s[index]),
        "decode": float(d.decode_tokens_per_gpu_s[index]),
        "prefill": float(d.prefill_tokens_per_gpu_s[index]),
        "hours_per_m": float(d.gpu_hours_per_m_tokens[index]),
        "limit": LIMITS[int(d.limit[index])],
        "reason": int(d.reason[index]),
    }


# --- the deployment's pieces -------------------------------------------------------------


def test_weights_fit_only_where_the_replicas_usable_memory_holds_them():
    """docs/model.md#F-serving: weights fit when r x 0.9 x memory > total x bytes.

    64 x 0.9 x 80 GB = 4,608 GB: 4,600 GB of weights fit on the largest replica, 4,608 GB
    (not strictly less) do not, and the answer is a reason with infinite figures.
    """
    common = {
        **H100,
        **EXCEL,
        "active": 100e9,
        "kv": 0.0,
        "ttft": 1e9,
        "tpot": 10.0,
        "bytes_per_param": 2.0,
    }
    fits = one(**common, total=4600e9 / 2.0)
    assert fits["reason"] != NO_FIT
    assert fits["replica"] == 64
    no_fit = one(**common, total=4608e9 / 2.0)
    assert REASONS[no_fit["reason"]] == "weights do not fit"
    assert math.isinf(no_fit["hours_per_m"])
    assert math.isinf(no_fit["tpot"])
    assert math.isinf(no_fit["ttft"])
    assert no_fit["decode"] == 0.0


def test_compute_bound_batch_with_round_numbers():
    """docs/model.md#F-serving: a compute-bound deployment, every figure by hand.

    A dense 10B model (10 GB in FP8, KV 100 kB per token) on a made-up GPU: 1e15 FLOP/s,
    10 TB/s, 200 GB, NVLink domain 1 (so every replica past one GPU loses 15% per doubling);
    decode efficiency 0.25, prefill 0.5. Workload: 1,000 prompt and 1,000 output tokens,
    p95 prompt 4,000, half of it cached; TPOT 50.02 ms, TTFT 10 s.

    On one GPU: C = 1,000 + 500 = 1,500 tokens, 0.15 GB of KV per request.
    - memory: (180 - 10) GB / 0.15 GB = 1,133.3 requests;
    - compute: each request costs 2 x 10e9 / (1e15 x 0.25) = 80 us per step,
      so 50.02 ms / 80 us = 625.25;
    - bandwidth: 8e12 B/s x 50.02 ms = 400.16 GB a step, (400.16 - 10) / 0.15 = 2,601.
    Compute binds: B* = 625, t = 625 x 80 us = 50 ms, decode = 625 / 50 ms = 12,500 tokens/s.
    Prefill: 1e15 x 0.5 / 2e10 = 25,000 uncached tokens/s. TTFT = 4,000 x 0.5 / 25,000
    + 0.05 = 0.13 s. A request: 500 / 25,000 + 1,000 / 12,500 = 0.1 GPU-seconds for 2,000
    tokens, so 0.1 / 2,000 x 1e6 / 3,600 = 1/72 GPU-hours per million tokens. Larger
    replicas decode at most 1e15 x 0.25 x 0.85 / 2e10 = 10,625 tokens/s: one GPU wins.
    """
    d = one(
        active=10e9,
        total=10e9,
        kv=100_000.0,
        flops=1e15,
        bandwidth=10e12,
        memory=200e9,
        domain=1,
        prompt=1000.0,
        output=1000.0,
        p95=4000.0,
        hit=0.5,
        ttft=10.0,
        tpot=0.05002,
        prefill_eff=0.5,
        decode_eff=0.25,
    )
    assert d["replica"] == 1
    assert d["batch"] == 625
    assert d["limit"] == "compute"
    assert d["tpot"] == pytest.approx(0.05, rel=REL)
    assert d["decode"] == pytest.approx(12_500.0, rel=REL)
    assert d["prefill"] == pytest.approx(25_000.0, rel=REL)
    assert d["ttft"] == pytest.approx(0.13, rel=REL)
    assert d["hours_per_m"] == pytest.approx(1 / 72, rel=REL)
    assert d["reason"] == MEETS


def test_bandwidth_bound_batch_mai_2_for_github_copilot_on_h100():
    """docs/model.md#F-serving: MAI-2 (200B active, 2T total, KV 150 kB) on H100, TPOT 25 ms.

    Up to 16 GPUs the 2 TB of weights do not fit (16 x 72 = 1,152 GB). On 32 GPUs:
    KV per request 4,500 x 150 kB = 0.675 GB;
    - bandwidth: 32 x 3.35e12 x 0.8 = 85.76 TB/s, 2.144 TB a step; past 10 requests every
      expert is read, so (2.144 - 2.0) TB / 0.675 GB = 213.3;
    - compute: 32 GPUs are two doublings past the domain of 8, e = 0.165 x 0.85^2 =
      0.1192125; 2 x 200e9 / (32 x 989e12 x 0.1192125) = 106.0 us a request -> 235.8;
    - memory: (2,304 - 2,000) GB / 0.675 GB = 450.4.
    Bandwidth binds: B* = 213; t = (2e12 + 213 x 0.675e9) / 85.76e12 = 24.997 ms;
    decode = 213 / (24.997 ms x 32) = 266.3 tokens/s per GPU. On 64 GPUs decode could not
    beat 989e12 x 0.165 x 0.85^3 / 4e11 = 250.5, so 32 GPUs are chosen.
    """
    d = one(**H100, **MAI_2, **COPILOT)
    t = (2e12 + 213 * 150_000.0 * 4500.0) / (32 * 3.35e12 * 0.8)
    assert d["replica"] == 32
    assert d["batch"] == 213
    assert d["limit"] == "memory bandwidth"
    assert d["tpot"] == pytest.approx(t, rel=REL)
    assert t == pytest.approx(0.024997, abs=1e-6)
    assert d["decode"] == pytest.approx(213 / (t * 32), rel=REL)
    assert d["decode"] == pytest.approx(266.3, abs=0.05)
    assert d["decode"] > 989e12 * 0.165 * 0.85**3 / 4e11  # what 64 GPUs could reach


def test_memory_bound_batch_mai_1_for_copilot_consumer_on_h100():
    """docs/model.md#F-serving: MAI-1-preview (50B active, 500B total) on H100, TPOT 50 ms.

    Eight GPUs are the first to hold the 500 GB of weights (8 x 72 = 576 GB). Context
    1,200 + 514 / 2 = 1,457 tokens, 0.1457 GB of KV per request.
    - memory: 76 GB / 0.1457 GB = 521.6;
    - compute: 2 x 50e9 / (8 x 989e12 x 0.165) = 76.61 us a request, 50 ms / 76.61 us = 652.7;
    - bandwidth: 21.44 TB/s x 50 ms = 1.072 TB, (1.072 - 0.5) TB / 0.1457 GB = 3,926.
    Memory binds: B* = 521. The step is still compute-heavy: t = max(521 x 76.61 us,
    (500 GB + 521 x 0.1457 GB) / 21.44 TB/s) = max(39.91, 26.86) ms = 39.91 ms, and decode
    is 521 / (39.91 ms x 8) = 1,631.8 = 989e12 x 0.165 / 1e11 tokens/s per GPU. Sixteen GPUs
    would decode 1,387 (one doubling past the domain), so eight are chosen.
    """
    d = one(**H100, **MAI_1, **CONSUMER)
    per_request = 2 * 50e9 / (8 * 989e12 * 0.165)
    assert d["replica"] == 8
    assert d["batch"] == 521
    assert math.floor(76e9 / (1457 * 100_000.0)) == 521
    assert d["limit"] == "memory capacity"
    assert d["tpot"] == pytest.approx(521 * per_request, rel=REL)
    assert d["decode"] == pytest.approx(989e12 * 0.165 / 1e11, rel=REL)
    assert d["decode"] == pytest.approx(1631.8, abs=0.1)


def test_worked_deployment_mai_1_for_github_copilot_on_h100():
    """docs/model.md#F-serving: the deployment worked by hand on that page, figure by figure.

    Sixteen GPUs, one doubling past the NVLink domain: e = 0.165 x 0.85 = 0.14025.
    Compute 2 x 50e9 / (16 x 989e12 x 0.14025) = 45.06 us a request -> 554.8; bandwidth
    (1.072 - 0.5) TB / 0.45 GB = 1,271.1; memory 652 GB / 0.45 GB = 1,448.9. B* = 554,
    t = 24.96 ms, decode 1,387.1 tokens/s per GPU, prefill 989e12 x 0.3 / 1e11 = 2,967
    tokens/s per GPU, TTFT = 16,000 x 0.5 / 2,967 / 16 + 24.96 ms = 0.1935 s.
    A request: 2,000 / 2,967 + 1,000 / 1,387.1 = 1.3950 GPU-seconds for 5,000 tokens:
    0.0775 GPU-hours per million tokens (3,584 tokens per GPU-second).
    """
    d = one(**H100, **MAI_1, **COPILOT)
    per_request = 2 * 50e9 / (16 * 989e12 * 0.165 * 0.85)
    decode = 989e12 * 0.165 * 0.85 / 1e11
    prefill = 989e12 * 0.3 / 1e11
    seconds = 2000 / prefill + 1000 / decode
    assert d["replica"] == 16
    assert d["batch"] == 554 == math.floor(0.025 / per_request)
    assert d["limit"] == "compute"
    assert d["tpot"] == pytest.approx(554 * per_request, rel=REL)
    assert d["decode"] == pytest.approx(decode, rel=REL)
    assert d["prefill"] == pytest.approx(prefill, rel=REL)
    assert d["ttft"] == pytest.approx(8000 / prefill / 16 + 554 * per_request, rel=REL)
    assert d["hours_per_m"] == pytest.approx(seconds / 5000 * 1e6 / 3600, rel=REL)
    # The figures quoted in docs/model.md
    assert (round(d["tpot"] * 1000, 2), round(d["decode"], 1)) == (24.96, 1387.1)
    assert (round(d["ttft"], 4), round(d["hours_per_m"], 4)) == (0.1935, 0.0775)
    assert round(prefill) == 2967


def test_decode_efficiency_falls_by_0_85_per_doubling_past_the_nvlink_domain():
    """docs/model.md#F-serving: e_r = decode_efficiency x 0.85^max(0, log2(r / domain)).

    Compute-bound decode per GPU is peak x e_r / (2 x active): MAI-1-preview for GitHub
    Copilot runs on 16 H100 (one doubling past 8: 0.85); MAI-2 for Excel on 32 (two:
    0.7225). With a 16-GPU domain the same MAI-1 replica keeps the whole 0.165.
    """
    one_doubling = one(**H100, **MAI_1, **COPILOT)
    two_doublings = one(**H100, **MAI_2, **EXCEL)
    in_domain = one(**{**H100, "domain": 16}, **MAI_1, **COPILOT)
    assert one_doubling["replica"] == 16
    assert one_doubling["decode"] == pytest.approx(989e12 * 0.165 * 0.85 / 1e11, rel=REL)
    assert two_doublings["replica"] == 32
    assert two_doublings["decode"] == pytest.approx(989e12 * 0.165 * 0.85**2 / 4e11, rel=REL)
    assert in_domain["replica"] == 16
    assert in_domain["decode"] == pytest.approx(989e12 * 0.165 / 1e11, rel=REL)


def test_the_chosen_replica_is_the_cheapest_that_keeps_both_promises():
    """docs/model.md#F-serving: a TTFT promise of 0.15 s rules out the cheaper 16 GPUs.

    MAI-1-preview for GitHub Copilot on H100: 16 GPUs give 0.0775 GPU-hours per million
    tokens but a p95 TTFT of 0.1935 s. On 32 GPUs (e = 0.165 x 0.85^2 = 0.1192125) the
    compute bound is 25 ms x 32 x 989e12 x 0.1192125 / 1e11 = 943.2, so B* = 943,
    t = 943 x 1e11 / (32 x 989e12 x 0.1192125) = 24.99 ms, TTFT = 8,000 / 2,967 / 32 +
    24.99 ms = 0.1093 s, decode 1,179.0 tokens/s per GPU: (2,000 / 2,967 + 1,000 / 1,179.0)
    / 5,000 x 1e6 / 3,600 = 0.0846 GPU-hours per million tokens. Eight GPUs are slower
    still to a first token (8,000 / 2,967 / 8 + 25 ms = 0.362 s).
    """
    d = one(**H100, **MAI_1, **{**COPILOT, "ttft": 0.15})
    e = 0.165 * 0.85**2
    per_request = 1e11 / (32 * 989e12 * e)
    prefill = 989e12 * 0.3 / 1e11
    decode = 989e12 * e / 1e11
    assert d["replica"] == 32
    assert d["batch"] == 943
    assert d["ttft"] == pytest.approx(8000 / prefill / 32 + 943 * per_request, rel=REL)
    assert d["ttft"] == pytest.approx(0.1093, abs=1e-4)
    assert d["hours_per_m"] == pytest.approx(
        (2000 / prefill + 1000 / decode) / 5000 * 1e6 / 3600, rel=REL
    )
    assert d["hours_per_m"] > one(**H100, **MAI_1, **COPILOT)["hours_per_m"]  # 0.0846 > 0.0775
    assert d["reason"] == MEETS


def test_a_promise_no_replica_keeps_is_an_answer_with_its_reason():
    """docs/model.md#F-serving: "weights do not fit", "TPOT" and "TTFT", returned, not raised.

    MAI-1-preview on H100 for GitHub Copilot. TPOT 0.1 ms: even one request at a time on
    64 GPUs takes (50 + 0.45) GB / (64 x 3.35e12 x 0.8) = 0.294 ms, so the answer is the
    quickest replica (64 GPUs) at batch 1 and the reason "TPOT". TTFT 10 ms: the prefill
    alone takes 8,000 / 2,967 / 64 = 42 ms on 64 GPUs; reason "TTFT". A 5 TB model does not
    fit on 64 x 72 GB.
    """
    tpot = one(**H100, **MAI_1, **{**COPILOT, "tpot": 0.0001})
    assert REASONS[tpot["reason"]] == "TPOT"
    assert (tpot["replica"], tpot["batch"]) == (64, 1)
    assert tpot["tpot"] == pytest.approx(50.45e9 / (64 * 3.35e12 * 0.8), rel=REL)
    assert math.isfinite(tpot["hours_per_m"])
    ttft = one(**H100, **MAI_1, **{**COPILOT, "ttft": 0.01})
    assert REASONS[ttft["reason"]] == "TTFT"
    assert ttft["ttft"] > 8000 / (989e12 * 0.3 / 1e11) / 64
    assert ttft["tpot"] <= 0.025
    no_fit = one(**H100, **{**MAI_1, "total": 5e12}, **COPILOT)
    assert REASONS[no_fit["reason"]] == "weights do not fit"
    assert (no_fit["reason"], tpot["reason"], ttft["reason"]) == (NO_FIT, MISSES_TPOT, MISSES_TTFT)


def test_deepseek_v3_calibration_within_five_percent():
    """docs/model.md#F-serving: DeepSeek-V3 on H800 (H100 compute and bandwidth).

    37B active, 671B total, FP8, 100 kB of KV per token, TPOT 50 ms (20 tokens/s a user).
    The 671 GB of weights need 16 GPUs (8 x 72 = 576 GB is too little): one doubling past
    the node. Decode: 989e12 x 0.165 x 0.85 / 74e9 = 1,874 tokens/s per GPU against the
    published 14.8k per 8-GPU node = 1,850 (+1.3%). Prefill: 989e12 x 0.30 / 74e9 = 4,009
    uncached tokens/s per GPU against 73.7k per node x (1 - 0.563) / 8 = 4,026 (-0.4%).
    """
    d = one(
        active=37e9,
        total=671e9,
        kv=100_000.0,
        **H100,
        prompt=3000.0,
        output=1000.0,
        p95=12000.0,
        hit=0.563,
        ttft=10.0,
        tpot=0.05,
    )
    assert d["replica"] == 16
    assert d["decode"] == pytest.approx(14_800 / 8, rel=0.05)
    assert d["prefill"] == pytest.approx(73_700 * (1 - 0.563) / 8, rel=0.05)
    assert d["decode"] == pytest.approx(989e12 * 0.165 * 0.85 / 74e9, rel=REL)
    assert d["prefill"] == pytest.approx(989e12 * 0.30 / 74e9, rel=REL)


# --- the fleet: generations, measured throughput, busy hour ------------------------------


def test_inference_hours_mix_the_two_generations_harmonically(tiny):
    """docs/model.md#F-inference-hours: tokens per GPU-second mix by share of GPUs.

    Tiny's Own (dense 10B, FP8, KV 100 kB) for product A (1,000 + 1,000 tokens, half the
    prompt cached, TPOT 40 ms), without its measured figure. On REF (1e15 FLOP/s) decode is
    compute-bound at 1e15 x 0.165 / 2e10 = 8,250 tokens/s per GPU and prefill costs
    2e10 / (1e15 x 0.3) GPU-seconds a token: 2,000 tokens / (500 / 15,000 + 1,000 / 8,250)
    = 12,941.2 tokens per GPU-second; on NEW (twice the FLOP/s) twice that. In 2027 the
    fleet is 1,000 REF + 2,000 NEW: 12,941.2 x (1/3 + 2/3 x 2) = 21,568.6 tokens per
    GPU-second, for A's 2e12 x 0.5 tokens on Own.
    """
    scenario = tiny(
        {
            "models[0].measured_tokens_per_gpu_s": None,
            "fleet.scale": 3.0,
            "fleet.gpu": "NEW",
        }
    )
    ref_rate = 2000 / (500 * 2e10 / (1e15 * 0.3) + 1000 / (1e15 * 0.165 / 2e10))
    assert ref_rate == pytest.approx(12_941.18, abs=0.01)
    hours = core.evaluate(scenario).series("inference_gpu_hours")
    assert hours[0] == pytest.approx(0.5e12 / (ref_rate * 3600), rel=REL)
    mixed = ref_rate * (1 / 3) + 2 * ref_rate * (2 / 3)
    assert hours[1] == pytest.approx(1e12 / (mixed * 3600), rel=REL)
    arithmetic_mean_of_hours = 1e12 / 3600 * (1 / 3 / ref_rate + 2 / 3 / (2 * ref_rate))
    assert hours[1] < arithmetic_mean_of_hours  # 0.6 against 0.667 of the REF-only hours


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
    demand = 3,333.3 + 3 x 277,777.8 = 836,666.7; busy = 281,111.1;
    utilization 836,666.7 / 788,400; busy share 281,111.1 / 788,400;
    shortfall 48,266.7 GPU-hours, at $5 each.
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
    assert row.demand_gpu_hours == pytest.approx(training + 3 * inference, rel=REL)
    assert row.busy_gpu_hours == pytest.approx(training + inference, rel=REL)
    assert row.utilization == pytest.approx((training + 3 * inference) / capacity, rel=REL)
    assert row.busy_share == pytest.approx((training + inference) / capacity, rel=REL)
    shortfall = training + 3 * inference - capacity
    assert shortfall == pytest.approx(48_266.67, abs=0.01)
    assert row.shortfall_gpu_hours == pytest.approx(shortfall, rel=REL)
    assert row.cloud_burst_usd == pytest.approx(5.0 * shortfall, rel=REL)


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
    half of A's partner share (0.5 x 0.5) goes to Fast. With a prefill efficiency of 1e-5
    Fast needs 12,000 x 0.5 x 2e9 / (1e15 x 1e-5) / 64 = 18.75 s to a first token even on
    64 GPUs, over A's 3 s: the shift goes to Own instead.
    """
    changes: dict[str, Any] = {"models[2]": FAST, "levers.in_house_shift": 0.5}
    quick = core.evaluate(tiny(changes)).effective_routing(2026).loc["A"]
    assert (quick["Fast"], quick["Own"], quick["Ext"]) == pytest.approx((0.25, 0.5, 0.25))
    slow_fast = {**FAST, "prefill_efficiency": 1e-5}
    results = core.evaluate(tiny({**changes, "models[2]": slow_fast}))
    assert results.structure.route_slo_reason[0, 2] == MISSES_TTFT
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


# --- physics, for any model, GPU and workload ----------------------------------------------

positive = st.floats(min_value=0.0, max_value=1.0)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A model, a GPU and a workload within the schema's ranges (weights may not fit)."""
    active = draw(st.floats(1e8, 1e12))
    prompt = draw(st.floats(0.0, 50_000.0))
    return {
        "active": active,
        "total": active * draw(st.floats(1.0, 30.0)),
        "bytes_per_param": draw(st.sampled_from([0.5, 1.0, 2.0])),
        "kv": draw(st.floats(0.0, 400_000.0)),
        "prefill_eff": draw(st.floats(0.02, 1.0)),
        "decode_eff": draw(st.floats(0.02, 1.0)),
        "flops": draw(st.floats(1e14, 5e15)),
        "bandwidth": draw(st.floats(1e12, 2e13)),
        "memory": draw(st.floats(16e9, 300e9)),
        "domain": float(draw(st.sampled_from([1, 2, 4, 8, 72]))),
        "prompt": prompt,
        "output": draw(st.floats(1.0, 5_000.0)),
        "p95": prompt * draw(st.floats(1.0, 5.0)),
        "hit": draw(positive),
        "ttft": draw(st.floats(0.1, 20.0)),
        "tpot": draw(st.floats(0.002, 0.5)),
    }


@given(cases())
def test_a_step_never_beats_reading_the_active_weights(case):
    """docs/model.md#F-serving: TPOT >= bytes x min(total, active) / (r x bandwidth x 0.8)."""
    d = one(**case)
    if d["reason"] == NO_FIT:
        return
    weights_read = case["bytes_per_param"] * min(case["total"], case["active"])
    floor = weights_read / (d["replica"] * case["bandwidth"] * 0.8)
    assert d["tpot"] >= floor * (1 - 1e-12)


@given(cases())
def test_decode_never_beats_peak_compute(case):
    """docs/model.md#F-serving: decode tokens/s per GPU <= peak / (2 x active)."""
    d = one(**case)
    assert d["decode"] <= case["flops"] / (2 * case["active"]) * (1 + 1e-12)


@given(cases(), st.floats(1.0, 20.0))
def test_a_looser_tpot_promise_never_lowers_decode_throughput(case, looser):
    """docs/model.md#F-serving: with TTFT out of the way, more time per token never hurts.

    (When TTFT binds, the batch shrinks to keep it: see the test below.)
    """
    case = {**case, "ttft": 1e9}
    tight = one(**case)
    loose = one(**{**case, "tpot": case["tpot"] * looser})
    assert loose["decode"] >= tight["decode"] * (1 - 1e-9)


@given(cases(), st.floats(1.0, 4.0), st.floats(1.0, 4.0), st.floats(1.0, 4.0))
def test_a_newer_generation_never_serves_slower(case, more_flops, more_bandwidth, more_memory):
    """docs/model.md#F-serving: more FLOP/s, bandwidth and memory (same domain): never more GPU-hours."""
    case = {**case, "ttft": 1e9}
    old = one(**case)
    new = one(
        **{
            **case,
            "flops": case["flops"] * more_flops,
            "bandwidth": case["bandwidth"] * more_bandwidth,
            "memory": case["memory"] * more_memory,
        }
    )
    assert new["hours_per_m"] <= old["hours_per_m"] * (1 + 1e-9)


@given(cases())
def test_a_replica_that_serves_holds_its_weights(case):
    """docs/model.md#F-serving: replica GPUs x 0.9 x memory > weights whenever it fits."""
    d = one(**case)
    weights = case["total"] * case["bytes_per_param"]
    if d["reason"] == NO_FIT:
        assert 64 * 0.9 * case["memory"] <= weights
    else:
        assert d["replica"] * 0.9 * case["memory"] > weights


@given(cases(), st.floats(1e-12, 1e-9), st.floats(1e-12, 1e-9))
def test_an_unmeetable_promise_is_an_answer(case, tpot, ttft):
    """docs/model.md#F-serving: a reason code and finite or infinite figures, never an error.

    A nanosecond is less than any step can take: reading even 1e8 half-byte weights over
    64 x 2e13 x 0.8 B/s takes 49 ns.
    """
    for promise in ({"tpot": tpot}, {"ttft": ttft}):
        d = one(**{**case, **promise})
        assert d["reason"] in (NO_FIT, MISSES_TPOT, MISSES_TTFT)
        figures = [d[k] for k in ("tpot", "ttft", "decode", "prefill", "hours_per_m")]
        assert not any(math.isnan(v) for v in figures)
        assert d["replica"] in (1, 2, 4, 8, 16, 32, 64)
        assert d["batch"] >= 1


# --- limits that once were bugs: memory for one request, and TTFT capping the batch --------


def test_a_replica_that_cannot_hold_one_requests_kv_cache_does_not_serve():
    """docs/model.md#F-serving: B* is the largest B <= B_mem; with B_mem < 1 there is none.

    A dense 10B model (10 GB) with 100 MB of KV per token and a 100,000-token prompt: one
    request needs 1e5 x 1e8 = 10 TB of KV, more than 64 x 90 GB = 5.76 TB. No replica can
    hold it: the answer is "does not fit", not batch 1 keeping TPOT 100 ms.
    """
    d = one(
        active=10e9,
        total=10e9,
        kv=1e8,
        flops=1e15,
        bandwidth=10e12,
        memory=100e9,
        domain=64,
        prompt=1e5,
        output=2.0,
        p95=1e5,
        hit=0.0,
        ttft=1e6,
        tpot=0.1,
        decode_eff=0.5,
    )
    kv_per_request = (1e5 + 1.0) * 1e8
    assert kv_per_request > d["replica"] * 0.9 * 100e9 - 10e9  # what the deployment ignores
    assert d["reason"] != MEETS


def test_a_looser_tpot_promise_never_breaks_a_kept_ttft_promise():
    """docs/model.md#F-serving: MAI-1-preview for GitHub Copilot on H100, TTFT 0.18 s.

    At TPOT 25 ms, 32 GPUs keep both promises (TTFT 8,000 / 2,967 / 32 + 25 ms = 0.109 s).
    At TPOT 1 s each replica's largest batch takes ~0.1-0.14 s a step: 32 GPUs give
    0.084 + 0.106 s and 64 GPUs 0.042 + 0.142 s, both over 0.18 s, so the route "misses"
    a promise the 25 ms deployment kept (a smaller batch would keep both).
    """
    tight = one(**H100, **MAI_1, **{**COPILOT, "ttft": 0.18})
    assert tight["reason"] == MEETS
    loose = one(**H100, **MAI_1, **{**COPILOT, "ttft": 0.18, "tpot": 1.0})
    assert loose["reason"] == MEETS
