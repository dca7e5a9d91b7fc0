"""`scaledeck plan --save OUT.json` writes the plan printed, as the plan window's Apply does.

It wrote the changed scenario (build_plan null, no routing_by_year), so `scaledeck
evaluate OUT.json` gave $18.13B for a plan of $11.15B, under "saved the changed scenario".
"""

import json
import re

import pytest

import core
from cli.main import main
from cli.plan_command import KEPT, plan_text
from core.plan.lp import Limits
from core.plan.routing import recommend_routing
from core.scenario.edits import with_changes
from tests.scopes import SHARED


def planned(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[dict, str]:
    """`plan ... --json`'s answer and its stderr."""
    assert main(["plan", *argv, "--json"]) == 0
    done = capsys.readouterr()
    out: dict = json.loads(done.out)
    return out, done.err


def present_cost(path: object, name: str) -> float:
    """`scaledeck evaluate`'s present cost of the scenario `name` saved at `path`."""
    return core.evaluate(core.load_workbook(path).named(name)).outputs.pv_cost_usd[0].item()


def test_save_writes_the_plan_and_evaluate_gives_its_present_cost(tmp_path, capsys):
    """Into its own file with --force: the variant planned takes its place, to the cent."""
    path = tmp_path / "book.json"
    base = core.default_scenario()
    core.save_workbook(core.make_workbook(base, (with_changes(base, {"name": "Big"}),)), path)
    argv = [str(path), "--scenario", "Big", "--max-provider-share", "0.5", "--power-cap-mw", "90"]
    out, err = planned(capsys, *argv, "--save", str(path), "--force")
    assert re.fullmatch(
        r"saved the recommended plan \(build_plan: [\d,]+ GB200 added in 2029-20\d\d; "
        r"routing_by_year: 6 products in each of 6 years; present cost \$1\d\.\d\dB\) to "
        rf"{re.escape(str(path))} \('Big' in place of its own; its 1 other scenario kept\)\n",
        err,
    ), err
    book = core.load_workbook(path)
    assert book.baseline == base
    saved = book.named("Big")
    assert saved.fleet.power_cap_mw == 90.0  # the limit it was solved under, as Apply keeps it
    built: dict[str, dict[str, int]] = {str(year): {} for year in saved.horizon.years}
    for row in saved.build_plan or ():
        built[str(row.year)][row.gpu] = row.gpus
    assert built == out["build"]
    routed = {str(r.year): {} for r in saved.routing_by_year}
    for r in saved.routing_by_year:
        routed[str(r.year)][r.product] = dict(r.routing)
    assert routed == out["routing"]
    assert present_cost(path, "Big") == pytest.approx(out["pv_cost_usd"], abs=0.005)


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["--keep-fleet", "--capex-budget-usd", "1e9"],
         "the recommended routing with the fleet kept"),
        (["--robust", "3"], "the robust plan of 3 draws with seed 0"),
        (["--frontier", "8", "--set", "levers.price_shock=0.3"], "the recommended plan"),
    ],
    ids=["keep fleet", "robust", "frontier knee"],
)  # fmt: skip
def test_each_mode_saves_the_one_plan_it_prints(tmp_path, capsys, argv, what):
    """The fleet kept, the robust build with the central routing, the frontier's knee:
    each prints one plan, and the file holds it (the present cost printed, to the cent).

    The frontier has 8 points: since the plan closes routes that wait at the busy hour past
    their promise (docs/model.md#F-queueing), 3 points have no knee and print the cost-only
    plan, which would not tell the knee's file from the cost-only plan's.
    """
    path = tmp_path / "p.json"
    out, err = planned(capsys, *argv, "--save", str(path))
    assert err.startswith(f"saved {what} (build_plan: ")
    assert err.endswith(f"present cost {core.units.usd(out['pv_cost_usd'])}) to {path}\n")
    assert present_cost(path, "Baseline") == pytest.approx(out["pv_cost_usd"], abs=0.005)


def test_save_keeps_the_limits_as_the_plan_windows_apply_does(tmp_path, capsys):
    """One rule for both (`Plan.saved_as`, which the plan window's Apply adds): the
    scenario saved is the plan's, its limits kept, named as the scenario planned."""
    path = tmp_path / "p.json"
    planned(capsys, "--keep-fleet", "--power-cap-mw", "60", "--capex-budget-usd", "1e9",
            "--save", str(path))  # fmt: skip
    limits = Limits(power_cap_mw=60.0, capex_budget_usd=1e9)
    plan = recommend_routing(core.default_scenario(), 0.0, limits)
    assert core.load_scenario(path) == plan.saved_as("Baseline")


@pytest.fixture(scope=SHARED)
def kept():
    return recommend_routing(core.default_scenario())


def test_keep_fleet_says_the_fleet_is_kept_not_found_cheapest(kept):
    """The default's fleet adds no GPU: with --keep-fleet none may be added, which is no
    finding that the baseline fleet and burst are cheapest (the plan adds 57,651 GB200)."""
    scenario = core.default_scenario()
    assert KEPT in plan_text(scenario, kept, None, True).splitlines()
    assert KEPT == "(none: the fleet is kept, --keep-fleet)"
    assert "are cheapest" in plan_text(scenario, kept, None, False)
