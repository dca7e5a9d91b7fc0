"""`scaledeck evaluate --json` judges a variant against its baseline and its budget.

Issue 26 (2): cost well over the baseline is `act` unless inside the budget the executive
set; over the budget is `act` (docs/model.md#F-status).
"""

import json

import pytest

import core
from cli.main import main
from core.scenario.edits import with_changes
from core.scenario.files import save_workbook

PRICIER = {"levers.price_shock": 1.75}  # partner prices x1.75: the cost ~60-70% higher


def evaluate_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["evaluate", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def book_file(tmp_path):
    """A file with the default baseline and three pricier variants: no budget, a budget
    above their cost, and a budget of $4B a year (under their cost every year)."""
    base = core.default_scenario()
    variants = [
        with_changes(base, {**PRICIER, "name": name, **budget})
        for name, budget in (
            ("Pricier", {}),
            ("Pricier, roomy budget", {"budget.cost_usd_per_year": 30e9}),
            ("Pricier, over budget", {"budget.cost_usd_per_year": 4e9}),
        )
    ]
    path = tmp_path / "budgets.scaledeck.json"
    save_workbook(core.make_workbook(base, tuple(variants)), path)
    return str(path)


def test_a_variant_60_percent_over_its_baseline_and_over_budget_is_act(capsys, book_file):
    baseline = evaluate_json(capsys, book_file)
    over = evaluate_json(capsys, book_file, "--scenario", "Pricier, over budget")
    base_cost, cost = baseline["kpis"]["total_cost_usd"], over["kpis"]["total_cost_usd"]
    assert all(c >= 1.6 * b for c, b in zip(cost, base_cost, strict=True))  # 60% over, or more
    assert all(c > 4e9 for c in cost)  # and over the $4B budget
    assert over["status"]["total_cost_usd"] == ["act"] * 6
    assert over["status_baseline"] == "Baseline"
    assert baseline["status_baseline"] is None
    assert baseline["status"]["total_cost_usd"] == ["good"] * 6  # growth under 20%/yr


def test_far_over_the_baseline_is_act_unless_inside_the_budget(capsys, book_file):
    no_budget = evaluate_json(capsys, book_file, "--scenario", "Pricier")
    assert no_budget["status"]["total_cost_usd"] == ["act"] * 6  # over +50% vs base
    roomy = evaluate_json(capsys, book_file, "--scenario", "Pricier, roomy budget")
    assert roomy["status"]["total_cost_usd"] == ["watch"] * 6  # inside it: at most watch


def test_a_what_if_on_the_baseline_is_judged_against_the_baseline(capsys, book_file):
    out = evaluate_json(capsys, book_file, "--set", "levers.price_shock=1.75")
    assert out["status_baseline"] == "Baseline"
    assert out["status"]["total_cost_usd"] == ["act"] * 6
    budgeted = evaluate_json(
        capsys,
        book_file,
        "--set",
        "levers.price_shock=1.75",
        "--set",
        "budget.cost_usd_per_year=3e10",
    )
    assert budgeted["status"]["total_cost_usd"] == ["watch"] * 6


def test_the_commitments_have_a_status_too(capsys, book_file):
    out = evaluate_json(capsys, book_file, "--scale", "10", "--set", "fleet.power_cap_mw=100")
    mw, capex = out["kpis"]["facility_mw"], out["kpis"]["capex_cash_usd"]
    assert mw[0] < 90
    assert 87 < mw[1] < 90
    assert mw[2:] == [100.0] * 4  # the cap holds it
    # Site MW: under the 100 MW limit, yet +300% and more over the baseline's 22 MW: inside
    # the limit that is at most watch; at the limit, watch (over 90% of it).
    assert out["status"]["facility_mw"] == ["good"] + ["watch"] * 5
    # Capex: no budget, so against the baseline: 2027-28 buy the ramp (act), other years
    # pay what the baseline pays (no growth to judge).
    assert capex[1] > 1.5 * capex[0]
    assert out["status"]["capex_cash_usd"] == ["good", "act", "act", "good", "good", "good"]
