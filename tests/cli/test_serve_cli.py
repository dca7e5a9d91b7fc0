"""`scaledeck serve` and the version-3 keys of `scaledeck evaluate --json`."""

import json

import pytest

from cli.main import main

DEEPSEEK = [
    "serve", "--active-params", "37e9", "--total-params", "671e9", "--gpu", "H100",
    "--prompt-tokens", "2000", "--output-tokens", "500", "--cache-hit", "0.563",
    "--tpot-ms", "50", "--ttft-s", "10",
]  # fmt: skip
KEYS = {
    "replica_gpus", "batch", "tpot_ms", "ttft_s", "decode_tokens_per_gpu_s",
    "prefill_tokens_per_gpu_s", "gpu_hours_per_m_tokens", "limit", "meets_slo", "reason",
}  # fmt: skip


def serve_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_serve_gives_every_key_and_the_deepseek_figures(capsys):
    out = serve_json(capsys, *DEEPSEEK)
    assert set(out) == KEYS
    assert out["replica_gpus"] == 16  # 671 GB of weights need more than one 8-GPU node
    assert out["limit"] == "compute"
    assert out["meets_slo"] is True
    assert out["reason"] == ""
    assert out["decode_tokens_per_gpu_s"] == pytest.approx(14_800 / 8, rel=0.05)
    assert out["prefill_tokens_per_gpu_s"] == pytest.approx(73_700 * (1 - 0.563) / 8, rel=0.05)


def test_a_promise_no_replica_keeps_is_an_answer_with_its_reason(capsys):
    out = serve_json(capsys, *DEEPSEEK[:-4], "--tpot-ms", "0.1")
    assert out["meets_slo"] is False
    assert out["reason"].startswith("TPOT: even one request at a time takes")
    out = serve_json(capsys, *DEEPSEEK[:-2], "--ttft-s", "0.001")
    assert out["meets_slo"] is False
    assert out["reason"].startswith("TTFT: ")


def test_weights_that_fit_nowhere_give_no_figures_and_say_why(capsys):
    argv = [a if a != "671e9" else "6e14" for a in DEEPSEEK]
    out = serve_json(capsys, *argv)
    assert out["meets_slo"] is False
    assert out["replica_gpus"] is None
    assert out["gpu_hours_per_m_tokens"] is None
    assert out["reason"] == ("weights do not fit: 600,000 GB against 4,608 GB usable on 64 x H100")


def test_serve_prints_lines_with_units(capsys):
    assert main(DEEPSEEK) == 0
    text = capsys.readouterr().out
    assert text.startswith("H100: meets the latency promise\n")
    assert "Replica            16 GPUs" in text
    assert "Batch bounded by   compute" in text


def test_bad_flags_exit_2_naming_each_flag(capsys):
    argv = [*DEEPSEEK, "--gpu", "TPU9", "--cache-hit", "2"]
    argv[argv.index("37e9")] = "-1"
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: --gpu: unknown GPU 'TPU9' (B200, GB200, H100, H200)",
        "error: --active-params: -1 must be above 0",
        "error: --cache-hit: 2 is above the maximum 1",
    ]


def test_total_below_active_is_refused(capsys):
    argv = [a if a != "671e9" else "1e9" for a in DEEPSEEK]
    assert main(argv) == 2
    assert "error: --total-params: is below --active-params" in capsys.readouterr().err


def test_evaluate_json_has_the_latency_and_busy_hour_keys(capsys):
    assert main(["evaluate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"busy_share", "slo_breach_token_share"} <= set(out["kpis"])
    copilot = out["products"]["GitHub Copilot"]
    assert {"ttft_p95_s", "tpot_p95_ms", "ttft_slo_s", "tpot_slo_ms", "meets_slo"} <= set(copilot)
    assert copilot["tpot_slo_ms"] == [25.0] * 6
    assert copilot["meets_slo"] == [True] * 6
    assert all(
        b <= u for b, u in zip(out["kpis"]["busy_share"], out["kpis"]["utilization"], strict=True)
    )
