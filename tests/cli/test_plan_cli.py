"""`scaledeck plan`: its JSON keys, its table, and its options reaching the optimizer."""

import json
import re

import pytest

import core
from cli.explain_text import frontier_lines
from cli.main import main
from core.plan.frontier import Frontier
from core.plan.solve import Limits, recommend_plan

KEYS = {"build", "routing", "pv_cost_usd", "current_pv_cost_usd", "risk_index", "current_risk_index",
        "facility_mw", "binding"}  # fmt: skip
ROBUST_KEYS = {f"{who}pv_cost_p{p}_usd" for who in ("", "current_") for p in (10, 50, 90)}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["plan", *argv, "--json"]) == 0
    out: dict = json.loads(capsys.readouterr().out)
    return out


def test_plan_json_is_the_optimizers_plan(capsys):
    out = run_json(capsys, "--power-cap-mw", "60", "--max-provider-share", "0.6")
    assert set(out) >= KEYS
    assert not ROBUST_KEYS & set(out)
    plan = recommend_plan(core.default_scenario(), 0.0, Limits(60.0, None, 0.6))
    assert out["pv_cost_usd"] == pytest.approx(plan.pv_cost_usd, rel=1e-12)
    assert (out["npv_usd"], out["current_npv_usd"]) == (  # old keys, one release (docs/cli.md)
        out["pv_cost_usd"],
        out["current_pv_cost_usd"],
    )
    assert out["build"] == {str(y): row for y, row in plan.build.items()}
    assert out["facility_mw"]["2031"] == pytest.approx(plan.facility_mw[-1])
    assert max(out["facility_mw"].values()) <= 60.0 + 1e-9
    # At the cap 2030-2031 with nothing built after 2030 (2029-2031 until the plan closed
    # GitHub Copilot and Excel on MAI-2 in 2029 for their queue): those years' rows hold the
    # same GPUs and the solver may put the price on any of them (2030-2031, or 2031 alone).
    power = [b for b in out["binding"] if b.startswith("the site's power cap of 60.0 MW")]
    assert power
    assert power[0].endswith("2031)")
    shares = out["routing"]["2029"]["GitHub Copilot"]
    assert sum(shares.values()) == pytest.approx(1.0)


def test_robust_plan_json_adds_the_percentiles(capsys):
    out = run_json(capsys, "--robust", "10", "--seed", "2")
    assert set(out) >= KEYS | ROBUST_KEYS
    assert (out["draws"], out["seed"]) == (10, 2)
    assert out["pv_cost_p10_usd"] <= out["pv_cost_p50_usd"] <= out["pv_cost_p90_usd"]
    assert out["current_npv_p90_usd"] == out["current_pv_cost_p90_usd"]  # the old key, kept


def test_robust_plan_text_gives_money_its_dollar_sign(capsys):
    """The percentiles read as every other figure of money (core.units.usd): $13.57B, not 13.57B."""
    assert main(["plan", "--robust", "3"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Over 3 draws"))
    money = r"\$\d+\.\d\dB / \$\d+\.\d\dB / \$\d+\.\d\dB"
    assert re.fullmatch(
        rf"Over 3 draws \(seed 0, beta 1\): present cost P10 / P50 / P90 {money} \(now {money}\)",
        line,
    ), line


def test_plan_table_reads_by_year_and_generation(capsys):
    assert main(["plan", "--capex-budget-usd", "1e9"]) == 0
    text = capsys.readouterr().out
    assert "GPUs added      2026      2027" in text
    # Each generation at its own speed (docs/model.md#F-generations): MI300X, 1.58 H100s by
    # bandwidth, serves the default's routes at 0.2-0.9 of one; GB200 is the cheapest.
    assert "GB200  " in text
    # Off every route under its floor (issue 26, 4): it saved $7.5B with floors on the mix,
    # $3.4B with the 2T MAI-2 of earlier defaults (docs/model.md#defaults).
    # $12.08B before the speeds' loop kept its cheapest plan rather than its last.
    # $11.85B (now $18.11B: saves $6.26B) until replicas were held to two NVLink domains: the
    # H100s serve MAI-2 at fewer tokens per GPU, so both the plan and the scenario cost more.
    # $12.16B (saves $6.13B) until the plan closed routes that wait at the busy hour past
    # their promise (docs/model.md#F-queueing): Excel off MAI-2 in 2029, GitHub Copilot off it
    # in 2030, both onto partners, so the plan costs more and keeps every promise.
    assert "Present cost $12.78B (now $18.29B: the plan saves $5.51B)" in text
    # horizon means, said so: "risk index 26.5 (now 64.1)" read as 2029's 63 beside it
    assert re.search(r"risk index [\d.]+ a year on average \(now [\d.]+\); external token "
                     r"share \d+% on average \(now \d+%\)", text)  # fmt: skip
    # (2027-2031) until then; now the plan routes less to MAI-2 in 2030-2031, and 2027 buys
    # 4,164 GB200, short of the 7,585 its budget pays for (7,422 before the queue's closures).
    assert "the capex budget of $1,000,000,000 a year is spent (2028-2031)" in text
    assert "M365 Copilot Excel's quality floor 85 keeps it off MAI-1-preview (62), " in text


def test_seed_without_robust_is_one_line(capsys):
    assert main(["plan", "--seed", "1"]) == 2
    assert capsys.readouterr().err == "error: --seed needs --robust N\n"


def test_a_current_scenario_outside_the_limits_is_said_so(capsys):
    """Issue 16: the current scenario is the plan's reference only if it keeps the limits."""
    assert main(["plan", "--max-provider-share", "0.5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["current_breaks"] == ["OpenAI takes 63% of spend in 2026 (cap 50%)"]
    assert main(["plan", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["current_breaks"] == []


def test_a_robust_plan_with_a_frontier_stays_the_robust_plan(capsys):
    """It printed the frontier's knee beside the robust plan's P10/P50/P90 (another plan's)."""
    robust = run_json(capsys, "--robust", "3", "--capex-budget-usd", "1e9")
    both = run_json(capsys, "--robust", "3", "--capex-budget-usd", "1e9", "--frontier", "3")
    assert both["build"] == robust["build"]
    assert both["pv_cost_p50_usd"] == robust["pv_cost_p50_usd"]
    assert both["explain"]["chosen"].startswith("the robust plan over 3 draws (seed 0)")


def test_a_frontier_with_the_fleet_kept_keeps_it_at_every_point(capsys):
    """--keep-fleet --frontier N solved each point with the build free (GB200 bought)."""
    out = run_json(capsys, "--keep-fleet", "--frontier", "3", "--capex-budget-usd", "1e9")
    kept = run_json(capsys, "--keep-fleet", "--capex-budget-usd", "1e9")
    assert out["build"] == kept["build"]
    assert min(p["pv_cost_usd"] for p in out["frontier"]["points"]) >= kept["pv_cost_usd"] * (
        1 - 1e-9
    )


def test_the_frontier_table_marks_a_knee_only_when_there_is_one():
    """Its last point, chosen for want of a knee, was starred under "* the knee"."""
    plans = [object(), object(), object()]
    none = Frontier([0.0] * 3, [0.61, 0.612, 0.613], [14.0e9, 13.5e9, 13.0e9], plans, 2)
    assert not any("*" in line for line in frontier_lines(none))
    bent = Frontier([0.0] * 3, [0.3, 0.35, 0.6], [14.0e9, 9.0e9, 8.0e9], plans, 1)
    lines = frontier_lines(bent)
    assert lines[0].endswith("; * the knee):")
    assert lines[2].startswith(" *   2")


def test_no_token_served_prices_no_token(capsys):
    """`plan` with every product at 0 tokens printed "2026: GB200 $0.419 (cheapest), cloud
    burst $28.704" per million served tokens. The JSON keeps its numbers (a public type)."""
    zero = [f"--set=products[{i}].tokens_per_year=0" for i in range(6)]
    assert main(["plan", *zero]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index("USD per million served tokens (GPU over its life; burst):")
    assert out[start + 1] == "  2026-2031: n/a (no token is served)"
    assert not any("(cheapest)" in line for line in out)
    data = run_json(capsys, *zero)
    assert all(
        isinstance(v, float) for row in data["generation_costs"].values() for v in row.values()
    )
    assert data["explain"]["notes"][0].startswith("No token is served in 2026-2031: ")
