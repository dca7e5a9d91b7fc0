"""`scaledeck plan`'s issue-25 options: locks, limits, beta, frontier, and the reasons' keys."""

import json
import re

import pytest

import core
from cli.main import main
from core.plan.frontier import ONE_POINT
from core.plan.locks import current_routing

NEW_KEYS = {"explain", "locks", "generation_costs"}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["plan", *argv, "--json"]) == 0
    out: dict = json.loads(capsys.readouterr().out)
    return out


def test_max_provider_share_0_4_is_a_plan_with_its_reasons(capsys):
    out = run_json(capsys, "--max-provider-share", "0.4")
    assert set(out) >= NEW_KEYS
    assert out["explain"]["chosen"] == "the plan at cost only (λ = 0)"
    assert all(isinstance(line, str) for line in out["explain"]["limits"])
    costs = out["generation_costs"]["2028"]
    assert set(costs) == {g.name for g in core.default_scenario().gpu_catalog} | {"cloud burst"}
    assert all(v > 0 for v in costs.values())


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--min-in-house-share", "0.99"], r"min_in_house_share: no plan serves 99.0% of tokens "
                                           r"in house every year: at most \d+\.\d% in 20\d\d"),
        (["--power-cap-mw", "0.001"], "above the cap of 0.001 MW"),
        (["--min-gpus", "2027=10", "--max-gpus", "2027=5"], "at least 10 is more than at most 5"),
        (["--lock-routing", "Nope"], "'Nope' is no product"),
        (["--lock-routing", "GitHub Copilot@abc"],  # a traceback before
         "^error: lock_routing: GitHub Copilot@abc: 'abc' is not a year "
         r"\(PRODUCT@YEAR, e\.g\. @2031\)$"),
        (["--lock-routing", "GitHub Copilot@"], "^error: lock_routing: GitHub Copilot@: '' is "),
        (["--lock-routing", "GitHub Copilot@2099"],  # locked nothing before, silently
         "^error: lock_routing: GitHub Copilot@2099: 2099 is outside the horizon 2026-2031$"),
        (["--migration-usd", "inf"],  # the solver's traceback before
         "^scaledeck plan: error: argument --migration-usd: 'inf' must be a number from 0 to "
         r"1e\+13 \(USD\)"),
        (["--migration-usd", "-1"], "argument --migration-usd: '-1' must be a number from 0"),
        (["--migration-usd", "nan"], "argument --migration-usd: 'nan' must be a number from 0"),
        (["--migration-usd", "1e300"], "argument --migration-usd: '1e300' must be a number from"),
        (["--generations", "Z9"], "'Z9' is not in the GPU catalog"),
        (["--power-cap-mw", "-5"],
         "^error: power_cap_mw: -5 must be a number above 0 and at most 100,000 MW$"),
        (["--capex-budget-usd", "inf"],
         r"^error: capex_budget_usd: inf must be a number above 0 and at most 1e\+13 USD$"),
        # Huge options: a linprog traceback (inf in its rows or costs), or "no plan meets
        # the constraints" where HiGHS failed on costs spread over 1e23 (lambda 1e18).
        (["--power-cap-mw", "1e308"],
         r"^error: power_cap_mw: 1e\+308 must be a number above 0 and at most 100,000 MW$"),
        (["--capex-budget-usd", "1e308"], r"^error: capex_budget_usd: 1e\+308 must be a number "),
        (["--lambda", "1e18"], r"^error: lambda: 1e\+18 must be a number from 0 to 1,000,000$"),
        (["--lambda", "1e308"], r"^error: lambda: 1e\+308 must be a number from 0 to 1,000,000$"),
        (["--robust", "3", "--beta", "1e308"],
         r"^error: beta: 1e\+308 must be a number from 0 to 1,000,000$"),
        (["--block-gpus", "10000001"],
         r"^error: block_gpus: 10000001 must be from 1 to 10,000,000 \(the largest fleet\)$"),
        (["--min-gpus", "2027=100000000000"],
         "^error: min_gpus: 2027=100000000000: the year must be in the horizon and N from 0"),
        (["--max-provider-share", "0.01", "--power-cap-mw", "25"],
         r"^error: max_provider_share: no plan keeps each outside provider's share of spend at "
         r"1\.0%: the nearest feasible cap is \d+\.\d% in 20\d\d$"),
        (  # lifting the cap or the budget alone still fails: the lock is at fault, and
            # its year and the most the cap and budget allow are said (bisection on GPUs)
            ["--min-gpus", "2027=500000", "--power-cap-mw", "100", "--capex-budget-usd", "1e9"],
            r"^error: min_gpus: no plan adds at least 500,000 GPUs in 2027: the most it can "
            r"with the other limits is 15,0\d\d$",
        ),
    ],
)  # fmt: skip
def test_an_impossible_ask_says_why_in_one_line(capsys, argv, words):
    try:
        code = main(["plan", *argv])
    except SystemExit as stop:  # argparse's own: a bad option value
        code = stop.code
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert re.search(words, err), err


@pytest.mark.parametrize(
    ("lock", "message"),
    [
        ("MAI-2=2099", "error: first_year: MAI-2=2099: 2099 is outside the horizon 2026-2031"),
        ("MAI-9=2028", "error: first_year: MAI-9=2028: no model named 'MAI-9' (the scenario "
                       "has: MAI-1-preview, MAI-2, MAI small, GPT-5 class, Claude Sonnet class, "
                       "Claude Opus class)"),
    ],
)  # fmt: skip
def test_a_bad_first_year_lock_says_whether_the_model_or_the_year_is_wrong(capsys, lock, message):
    assert main(["plan", "--first-year", lock]) == 2
    assert capsys.readouterr().err.splitlines() == [message]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--lock-routing", "Copilot"], "error: lock_routing: 'Copilot' is no product (the "
         "scenario has: GitHub Copilot, M365 Copilot Excel, M365 Copilot PowerPoint, M365 "
         "Copilot Word/Outlook/Teams, Copilot consumer, Regulated-industry models)"),
        (["--min-gpus", "2035=100"],
         "error: min_gpus: 2035=100: 2035 is outside the horizon 2026-2031"),
        (["--max-gpus", "2027=5", "--max-gpus", "2020=5"],
         "error: max_gpus: 2020=5: 2020 is outside the horizon 2026-2031"),
    ],
)  # fmt: skip
def test_a_bad_lock_names_the_valid_choices_in_one_line(capsys, argv, message):
    """An unknown product listed none, a year outside the horizon did not say which years."""
    assert main(["plan", *argv]) == 2
    assert capsys.readouterr().err.splitlines() == [message]


CATALOG = ", ".join(g.name for g in core.default_scenario().gpu_catalog)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # The plan's own names: "error: points: 0 ..." and "error: draws: 100000 ...".
        (["--frontier", "0"], "error: --frontier: 0 must be between 2 and 100"),
        (["--frontier", "101"], "error: --frontier: 101 must be between 2 and 100"),
        (["--robust", "100000"], "error: --robust: 100000 must be between 1 and 2,000"),
        (["--robust", "0", "--frontier", "3"], "error: --robust: 0 must be between 1 and 2,000"),
        # An empty list locked nothing (exit 0, every generation bought), or said only
        # "generations: at least one generation must be allowed" without the choices.
        (["--generations", ""], "error: --generations: give at least one generation (the "
         f"catalog has: {CATALOG})"),
        (["--generations", " , "], "error: --generations: give at least one generation (the "
         f"catalog has: {CATALOG})"),
    ],
)  # fmt: skip
def test_a_bad_option_is_named_as_typed(capsys, argv, message):
    assert main(["plan", *argv]) == 2
    assert capsys.readouterr().err.splitlines() == [message]


def test_an_impossible_gpu_lock_says_its_year_and_the_nearest_count(capsys):
    """docs/cli.md: an impossible plan names the constraint, its year and the nearest value.

    10,000,000 GPUs added in 2027 beside the 15,000 of the baseline pass the 10,000,000
    a fleet may hold (`lp._fleet_size`): 9,985,000 is the most a plan adds.
    """
    assert main(["plan", "--min-gpus", "2027=10000000"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert re.search(r"^error: min_gpus: .*2027.*9,98\d,\d{3}", err), err


def test_locks_are_kept_and_echoed(capsys):
    scenario = core.default_scenario()
    product = scenario.products[0].name
    out = run_json(capsys, "--generations", "H100,B200", "--max-gpus", "2028=1000",
                   "--min-gpus", "2026=10", "--lock-routing", product)  # fmt: skip
    assert {g for row in out["build"].values() for g in row} <= {"H100", "B200"}
    assert sum(out["build"]["2028"].values()) <= 1000
    assert sum(out["build"]["2026"].values()) >= 10
    for (name, year), shares in current_routing(scenario, product).items():
        assert out["routing"][str(year)][name] == pytest.approx(shares, abs=1e-9)
    assert out["locks"]["generations"] == ["H100", "B200"]
    assert out["locks"]["max_gpus"] == {"2028": 1000}


def test_the_frontier_and_its_knee_are_the_answer_without_a_lambda(capsys):
    """Without a lambda the answer is the frontier's plan: one point on the default, the knee
    with cheap partners.

    The cheap frontier had 3 points until the plan closed routes that wait at the busy hour
    past their promise (docs/model.md#F-queueing): the middle cap's plan now closes Excel
    on MAI-2 in 2029, costs more and lies above the chord, so 3 points have no knee. 8
    points, as tests/core/plan/test_plan_robust.py's frontier, have one.
    """
    out = run_json(capsys, "--frontier", "3")
    assert len(out["frontier"]["points"]) == 3
    knee = out["frontier"]["points"][out["frontier"]["knee"]]
    assert out["pv_cost_usd"] == pytest.approx(knee["pv_cost_usd"], rel=1e-12)
    # On the default the cheapest plan is the least dependent: no knee to speak of.
    assert out["explain"]["chosen"] == ONE_POINT
    assert len({p["pv_cost_usd"] for p in out["frontier"]["points"]}) == 1
    cheap = run_json(capsys, "--frontier", "8", "--set", "levers.price_shock=0.3")
    assert cheap["explain"]["chosen"].startswith("the frontier's knee")
    typed = run_json(capsys, "--frontier", "3", "--lambda", "0.01")
    assert typed["explain"]["chosen"] == "the plan at the λ typed (0.01)"


def test_beta_reaches_the_robust_plan_and_needs_it(capsys):
    assert run_json(capsys, "--robust", "3", "--beta", "0.5")["beta"] == 0.5
    assert main(["plan", "--beta", "0.5"]) == 2
    assert "--beta needs --robust N" in capsys.readouterr().err


def test_keep_fleet_is_the_recommended_routing_of_the_fleet_as_it_is(capsys):
    out = run_json(capsys, "--keep-fleet")
    fleet = core.default_scenario().fleet.gpu
    assert {g for row in out["build"].values() for g in row} <= {fleet}
    assert out["pv_cost_usd"] <= out["current_pv_cost_usd"] * (1 + 1e-9)


def test_help_lists_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    text = capsys.readouterr().out
    for flag in ("--generations", "--lock-routing", "--min-gpus", "--max-gpus", "--first-year",
                 "--min-in-house-share", "--beta", "--frontier", "--block-gpus",
                 "--migration-usd", "--keep-fleet"):  # fmt: skip
        assert flag in text
