"""The calibration of docs/model.md#F-serving-fit: its frontier, its error and its data."""

import math
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from benchmarks import serving_accuracy
from benchmarks.serving_accuracy import (
    FITTED as FITTED_NAMES,
)
from benchmarks.serving_accuracy import (
    POINTS,
    PRIOR,
    Procedure,
    cases,
    errors,
    fit,
    frontier,
    groups,
    main,
    offered_requests,
    predict,
    search,
    tokens_per_gpu_s,
    unidentified,
)
from core.engine.serving import FITTED, curve


def a(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def test_the_frontier_keeps_the_runs_no_faster_run_beats():
    """At 10, 20, 30 and 40 ms: 100, 90, 300, 250 tokens/s per GPU. 90 is beaten by the
    faster 100 and 250 by the faster 300: the frontier is 100 at 10 ms and 300 at 30 ms,
    for each group alone (another GPU's 1,000 at 20 ms beats nothing here)."""
    runs = pd.DataFrame(
        {
            "hardware": ["h200"] * 4 + ["b200"],
            "precision": ["fp8"] * 5,
            "spec_method": ["none"] * 5,
            "isl": [1024] * 5,
            "osl": [1024] * 5,
            "median_tpot": [0.010, 0.020, 0.030, 0.040, 0.020],
            "tput_per_gpu": [100.0, 90.0, 300.0, 250.0, 1000.0],
        }
    )
    kept = frontier(runs)
    h200 = kept[kept.hardware == "h200"].sort_values("median_tpot")
    assert h200.tput_per_gpu.tolist() == [100.0, 300.0]
    assert kept[kept.hardware == "b200"].tput_per_gpu.tolist() == [1000.0]


def test_errors_are_relative_and_an_unreachable_tpot_is_a_miss():
    e = errors(np.array([120.0, 80.0, np.nan]), np.array([100.0, 100.0, 100.0]))
    assert e[:2] == pytest.approx([0.2, 0.2])
    assert math.isinf(e[2])


def test_constants_nothing_exercises_stay_at_their_prior():
    """Without a run across domains, MTP or AMD, those three constants are not fitted."""
    points = pd.DataFrame({"hardware": ["h200"], "decode_tp": [8], "mtp": [False]})
    assert unidentified(points) == {"cross_domain_factor", "draft_acceptance", "amd_software"}
    wide = pd.DataFrame(
        {"hardware": ["h100", "mi300x"], "decode_tp": [16, 8], "mtp": [True, False]}
    )
    assert unidentified(wide) == set()


def test_a_heavy_prior_holds_the_fit_at_it_and_more_starts_repeat(monkeypatch):
    """The fit's procedure (docs/model.md#F-serving-fit): a prior weight pulls each constant
    to its prior; each further start is one more search, drawn from a fixed seed, and the
    lowest cost wins, so a figure repeats."""
    h200 = frontier(pd.read_csv(POINTS)).query("hardware == 'h200' and not mtp")
    few = groups(h200.head(12))
    held = unidentified(h200)
    pinned = fit(few, held, procedure=Procedure(prior_weight=1e4))
    for name in FITTED_NAMES:
        assert getattr(pinned, name) == pytest.approx(getattr(PRIOR, name), rel=0.01), name
    free = fit(few, held)
    assert any(getattr(free, n) != pytest.approx(getattr(PRIOR, n), rel=0.01) for n in FITTED_NAMES)
    searches = []
    search = serving_accuracy.least_squares

    def counted(*args, **kwargs):
        searches.append(search(*args, **kwargs))
        return searches[-1]

    monkeypatch.setattr(serving_accuracy, "least_squares", counted)
    three = Procedure(starts=2)
    best = fit(few, held, procedure=three)
    assert len(searches) == 3
    lowest = min(searches, key=lambda r: r.cost)
    assert [getattr(best, n) for n in FITTED_NAMES if n not in held] == pytest.approx(
        np.exp(lowest.x).tolist(), rel=1e-12
    )
    assert fit(few, held, procedure=three) == best


def test_a_procedure_refuses_negative_starts_or_weights():
    with pytest.raises(ValueError, match="procedure"):
        Procedure(starts=-1)
    with pytest.raises(ValueError, match="procedure"):
        Procedure(prior_weight=math.nan)


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--starts", "-1", "0 or more"),
        ("--prior-weight", "nan", "finite"),
        ("--starts", "x", "not a whole number"),
        ("--starts", "1.5", "not a whole number"),
        ("--prior-weight", "x", "not a number"),
    ],
)
def test_a_bad_procedure_flag_is_named_and_exits_2(capsys, flag, value, says):
    with pytest.raises(SystemExit) as stop:
        main([flag, value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert flag in err
    assert says in err


def test_the_committed_runs_are_the_shared_snapshot():
    """205 InferenceX runs on five GPUs, none of the GPUs left out on purpose."""
    runs = pd.read_csv(POINTS)
    assert len(runs) == 205
    assert set(runs.hardware) == {"h100", "h200", "b200", "mi300x", "mi325x"}
    assert len(frontier(runs)) == 138


def test_a_measured_prefill_pool_caps_decode_and_counts_its_gpus():
    """1,000-token prompts, 100-token outputs; decode serves 100 output tokens/s a GPU and a
    prefill GPU 1,000 prompt tokens/s. A pool of 0.05 prefill GPUs per decode GPU feeds
    0.05 x 1,000 x 100 / 1,000 = 5 output tokens/s: 5 x 1,100 / 100 / 1.05 = 52.38 tokens
    per GPU-second. A pool of 1 feeds 100: 100 x 11 / 2 = 550. On the same GPUs: the curve's."""
    cv = SimpleNamespace(
        decode_tokens_per_gpu_s=np.array([100.0] * 3),
        prefill_tokens_per_gpu_s=np.array([1000.0] * 3),
        tokens_per_gpu_s=np.array([123.0] * 3),
    )
    w = SimpleNamespace(prompt_tokens=np.array(1000.0), output_tokens=np.array(100.0))
    k = SimpleNamespace(
        workload=w, prefill_pool=np.array([0.05, 1.0, 1.0]), disaggregated=np.array([1, 1, 0])
    )
    got = tokens_per_gpu_s(cv, k)  # type: ignore[arg-type]
    assert got == pytest.approx([5 * 11 / 1.05, 550.0, 123.0])


def test_the_offered_load_is_the_concurrency_cap_over_the_decode_replicas() -> None:
    """Disaggregated: 90 requests over 40 decode GPUs in 8-GPU replicas is 18 a replica, and
    4,916 over one 16-GPU replica all 4,916; a single-node run is one replica, whatever its
    GPU columns say (64 listed, 8 used)."""
    points = pd.DataFrame(
        {
            "disagg": [True, True, False],
            "num_decode_gpu": [40, 16, 64],
            "decode_tp": [8, 16, 8],
            "conc": [90, 4916, 64],
        }
    )
    assert offered_requests(points).tolist() == [18.0, 4916.0, 64.0]


def test_a_run_held_to_its_offered_load_is_predicted_at_that_load() -> None:
    """H200, 1,024 in and 8,192 out, 4 requests at 10.3 ms a token: at 4 requests the step is
    quicker than that, so the free prediction serves more requests at 10.3 ms, and the one
    held to the 4 offered is the curve's figure at batch 4 exactly."""
    runs = pd.read_csv(POINTS)
    point = frontier(runs).query("hardware == 'h200' and osl == 8192 and conc == 4")
    k = cases(point.assign(mtp=False).reset_index(drop=True))
    held = predict(FITTED, k, offered=True)
    gpu = replace(k.gpu, software=np.ones_like(k.gpu.software))
    cv = curve(k.model, gpu, k.gpus, k.mode, k.disaggregated, k.drafts, k.workload, FITTED, a(4.0))
    assert cv.tpot_s.item() < point.median_tpot.item()
    assert held.item() == pytest.approx(cv.tokens_per_gpu_s.item(), rel=1e-9)
    assert predict(FITTED, k).item() > 1.05 * held.item()


def test_the_search_held_to_the_offered_load_serves_no_more_than_the_free_search():
    """H200 at 1,024 in and 8,192 out, 4 requests on 8 GPUs (half a request a GPU) at 10.3 ms:
    the free search runs more at that TPOT than the cap lets it; held, it serves less."""
    runs = pd.read_csv(POINTS)
    point = frontier(runs).query("hardware == 'h200' and osl == 8192 and conc == 4")
    free, held = search(FITTED, point), search(FITTED, point, offered=True)
    assert held.item() < free.item()
