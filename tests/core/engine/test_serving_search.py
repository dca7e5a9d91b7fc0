"""The deployment search finds the largest batch by bisection: it must answer as a full scan.

docs/model.md#F-serving (8): the batches keeping TPOT, TTFT, memory and an offered load
are a prefix of the grid, so bisection finds its end. Here every layout and draft depth
is scanned over all 61 batches with `curve` and `within`, and the best blended figure
must be the search's, for any model, GPU, workload, TTFT promise and load.
"""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_serving import cases, dense, gpu, workload

from core.engine.deployment import (
    DRAFTS,
    LAYOUT_GPUS,
    LAYOUT_MODE,
    LAYOUT_SPLIT,
    MEETS,
    Deployments,
    deploy,
    within,
)
from core.engine.serving import (
    BATCH,
    FITTED,
    TENSOR,
    GpuSpecs,
    ModelSpecs,
    Workloads,
    curve,
    kv_room_bytes,
)


def smallest_holding(m: ModelSpecs, g: GpuSpecs) -> float:
    """The fewest GPUs of any layout on which the weights alone fit (inf: none)."""
    layouts = zip(LAYOUT_GPUS, LAYOUT_MODE, strict=True)
    held = [gpus for gpus, mode in layouts if kv_room_bytes(m, g, gpus, np.array(mode)) > 0]
    return float(min(held, default=np.inf))


def scanned(
    m: ModelSpecs, g: GpuSpecs, w: Workloads, per_gpu: float, span_domains: bool = True
) -> list[tuple[float, float]]:
    """Each layout and draft depth's most tokens per GPU-second and its batch, all batches.

    Without `span_domains`, only replicas of at most two scale-up domains, or no larger than
    the smallest that holds the weights.
    """
    found = []
    drafts = DRAFTS if m.mtp[0] > 0 else DRAFTS[:1]
    reach = np.inf if span_domains else max(2.0 * float(g.domain[0]), smallest_holding(m, g))
    for gpus, mode, split in zip(LAYOUT_GPUS, LAYOUT_MODE, LAYOUT_SPLIT, strict=True):
        if m.experts[0] == 0 and mode != TENSOR:
            continue  # expert layouts need experts
        if gpus > reach:
            continue  # spans more domains than the weights need
        for d in drafts:
            cv = curve(m, g, np.array(gpus), np.array(mode), np.array(split), np.array(d), w,
                       FITTED, BATCH)  # fmt: skip
            room = max(per_gpu * gpus * (1 + 1e-12), 1.0)  # the offered load, at least one
            fits = cv.feasible & (room >= BATCH)
            early = cv.ttft_s <= w.ttft_slo_s[0] * (1 + 1e-12)
            keeps = fits & early & (cv.tpot_s <= w.tpot_slo_s[0] * (1 + 1e-12))
            lower, upper, weight = within(cv.tpot_s, keeps, w.tpot_slo_s[0])
            if lower < 0:
                continue
            weight = weight if fits[upper] and early[upper] else 0.0
            rate = cv.tokens_per_gpu_s
            blended = float(rate[lower] + weight * (rate[upper] - rate[lower]))
            batch = float(BATCH[lower] + weight * (BATCH[upper] - BATCH[lower]))
            found.append((blended, batch))
    return found


def assert_a_best(d: Deployments, found: list[tuple[float, float]]) -> None:
    """The search's rate is the scan's best, and its batch that of a layout reaching it.

    Of layouts serving alike (say one GPU or two), either may be picked.
    """
    rate, batch = float(d.tokens_per_gpu_s[0, 0, 0]), float(d.batch[0, 0, 0])
    assert rate == pytest.approx(max(r for r, _ in found), rel=1e-12)
    assert any(r == pytest.approx(rate, rel=1e-12) and b == batch for r, b in found)


@settings(max_examples=60, deadline=None)
@given(
    cases(),
    st.booleans(),
    st.floats(0.05, 30.0),
    st.sampled_from([np.inf, 0.5, 3.0, 40.0]),
    st.booleans(),
)
def test_the_bisection_answers_as_a_scan_of_every_batch(case, mtp, ttft_slo_s, per_gpu, span):
    """Same best rate and batch as the exhaustive scan, TTFT, an offered load and the
    replicas within reach binding too."""
    m, g, w = case
    m = replace(m, mtp=np.array([float(mtp and m.experts[0] > 0)]))
    w = replace(w, ttft_slo_s=np.array([ttft_slo_s]))
    d = deploy(w, m, g, requests_per_gpu=per_gpu, span_domains=span)
    found = scanned(m, g, w, per_gpu, span)
    if d.reason[0, 0, 0] != MEETS:
        assert not found  # no layout keeps both promises
        return
    assert_a_best(d, found)


def test_a_first_token_promise_stops_the_blend_at_the_last_batch_keeping_it():
    """TTFT binds first: the next batch keeps TPOT but not TTFT, so nothing is blended past it."""
    m = dense(active_params=8.67e9, total_params=8.67e9, layers=77.0)
    g = gpu()
    w = workload(prompt_tokens=14_135.0, p95_prompt_tokens=28_270.0, output_tokens=365.0,
                 tpot_slo_s=0.0853, ttft_slo_s=0.0788)  # fmt: skip
    d = deploy(w, m, g, span_domains=True)  # the prompt's prefill needs a wide replica
    assert d.reason[0, 0, 0] == MEETS
    assert float(d.ttft_s[0, 0, 0]) <= 0.0788
    assert_a_best(d, scanned(m, g, w, np.inf))
    assert float(d.batch[0, 0, 0]) in BATCH  # a grid point: the blend's weight is 0
