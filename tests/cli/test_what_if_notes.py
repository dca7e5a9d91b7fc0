"""What-ifs that do less, or more, than they seem: each said in one `note:` line, JSON unchanged.

`--set fleet.gpu=G` keeps the old generation's price; `--in-house-only` may break a quality
floor or a latency promise, or send most tokens to cloud burst; a ramp may end after the
horizon. And `--gpu` reads a GPU's name in any case, as `serve` does.
"""

import json

import pytest

import core
from cli.main import main
from core.scenario.edits import gpu_named, with_changes, with_generation

COPILOT = "GitHub Copilot"


def run(capsys, *argv: str) -> tuple[dict, str]:
    """`evaluate --json` with the what-ifs: its JSON and its stderr."""
    assert main(["evaluate", *argv, "--json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def test_setting_the_generation_bought_notes_that_the_fleet_s_price_stays(capsys):
    """`--set fleet.gpu=GB200` priced GB200 at the H100's $50k with nothing said."""
    got, err = run(capsys, "--scale", "6", "--set", "fleet.gpu=GB200")
    assert err == (
        "note: --set fleet.gpu: the GB200 GPUs the fleet adds are priced by "
        "fleet.capex_per_gpu_usd (50,000 USD), not the catalog (85,000 USD; --gpu GB200 sets "
        "both); set that field to change their price\n"
    )
    edited = with_changes(core.default_scenario(), {"fleet.scale": 6.0, "fleet.gpu": "GB200"})
    assert got["pv_cost_usd"] == core.evaluate(edited).pv_cost_usd  # the figures as before


@pytest.mark.parametrize(
    "argv",
    [
        ["--gpu", "GB200", "--set", "fleet.gpu=GB200"],  # the catalog's price already
        ["--set", "fleet.gpu=GB200", "--set", "fleet.capex_per_gpu_usd=60000"],  # priced
        ["--set", "fleet.gpu=H100"],  # the same generation
    ],
)
def test_a_generation_set_at_its_price_gets_no_note(capsys, argv):
    assert run(capsys, *argv)[1] == ""


def test_in_house_only_says_what_moved_and_what_it_breaks(capsys):
    """GitHub Copilot's MAI-2 serves from 2029: until then its traffic falls back to MAI
    small, under its floor; from then the fleet is far too small and most of its tokens
    are bought as cloud burst ($18.29B -> $58.21B) with nothing said. (96-98% and $18.11B ->
    $50.62B until replicas were held to two NVLink domains: MAI-2 serves fewer tokens per
    H100, so the fleet carries less of Copilot's work.)"""
    got, err = run(capsys, "--in-house-only", COPILOT)
    assert err == (
        "note: GitHub Copilot in-house only: 100% moved from GPT-5 class, Claude Sonnet "
        "class to MAI-2; partners left out of its fallback; but its quality floor is broken "
        "in 2026-2028 (MAI small, quality 55 under its floor 85), and most of its tokens are "
        "bought as cloud burst in 2029-2031 (97-99%)\n"
    )
    assert got["products"][COPILOT]["under_floor_share"][:3] == [1.0, 1.0, 1.0]


def test_in_house_only_names_a_floor_no_in_house_model_keeps_in_any_year(capsys):
    """No in-house model reaches PowerPoint's 85: the best scoring takes it (the routing
    table's rule), and the note names each model under the floor with its years."""
    err = run(capsys, "--in-house-only", "M365 Copilot PowerPoint")[1]
    assert err.startswith("note: M365 Copilot PowerPoint in-house only: 100% moved from ")
    assert (
        "; but its quality floor is broken in 2026-2028 (MAI small, quality 45 under its floor "
        "85) and 2029-2031 (MAI-2, quality 84 under its floor 85)"
    ) in err
    assert len(err.splitlines()) == 1


def test_in_house_only_names_a_latency_promise_it_breaks(capsys):
    argv = ["--scale", "4", "--set", "products[Copilot consumer].tpot_slo_ms=5"]
    err = run(capsys, *argv, "--in-house-only", "Copilot consumer")[1]
    assert (
        "its latency promise is broken in 2026-2031 (MAI-1-preview, which misses the TPOT "
        "promise (7 ms per token against 5 ms))"
    ) in err


def test_in_house_only_that_breaks_nothing_says_nothing(capsys):
    assert run(capsys, "--scale", "4", "--in-house-only", "Copilot consumer")[1] == ""


def test_a_ramp_ending_after_the_horizon_is_a_note_as_the_schema_allows_it(capsys):
    """`--set fleet.target_year=2099` was taken silently: the schema allows a later end
    (docs/model.md#F-fleet-ramp), so a note says how far the ramp gets."""
    got, err = run(capsys, "--scale", "6", "--set", "fleet.target_year=2099")
    assert err == (
        "note: fleet.target_year 2099 is after the horizon 2026-2031, as the schema allows "
        "(a ramp that ends later, docs/model.md#F-fleet-ramp): by 2031 the fleet has gone 7% "
        "of the way to baseline x fleet.scale (6)\n"
    )
    assert got["kpis"]["gpus"][-1] == pytest.approx(15_000 * (1 + 5 * 5 / 73))
    assert run(capsys, "--set", "fleet.target_year=2031")[1] == ""  # inside: no note


@pytest.mark.parametrize(
    ("typed", "name"), [("h200", "H200"), (" h200 ", "H200"), ("gb200 nvl72", "GB200")]
)
def test_evaluate_reads_a_gpu_name_in_any_case_as_serve_does(capsys, typed, name):
    """`evaluate --gpu h200` was "unknown GPU 'h200'" while `serve --gpu h200` served."""
    assert gpu_named(typed, core.default_scenario().gpu_catalog).name == name  # serve's lookup
    got, err = run(capsys, "--gpu", typed, "--scale", "2")
    expected = with_changes(with_generation(core.default_scenario(), name), {"fleet.scale": 2.0})
    assert (got["pv_cost_usd"], err) == (core.evaluate(expected).pv_cost_usd, "")


def test_train_names_the_gpu_as_the_catalog_does(capsys):
    """`train --gpu h200` read "(h200, MFU 0.4)": the typed name, not the catalog's."""
    argv = ["train", "--active-params", "1e10", "--tokens", "1e12", "--gpu", "h200"]
    assert main([*argv, "--gpus", "100"]) == 0
    assert "(H200, MFU 0.4)" in capsys.readouterr().out


def test_a_set_value_nested_too_deeply_is_one_line(capsys):
    """`--set fleet.scale=[[[...]]]` 1,200 deep ended in a RecursionError traceback."""
    assert main(["evaluate", "--set", "fleet.scale=" + "[" * 1200 + "]" * 1200]) == 2
    assert capsys.readouterr().err == "error: --set fleet.scale: the value is nested too deeply\n"


SERVE = ["serve", "--active-params", "1e10", "--prompt-tokens", "1000", "--output-tokens", "200"]


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (
            ["--total-params", "1e10", "--kv-bytes-per-token", "1e300"],
            "error: --kv-bytes-per-token: 1e+300 over 37 layers: 2.7027e+298 is above the "
            "maximum 10,000,000 a layer\n",
        ),  # it named --kv-bytes-per-token-per-layer, never typed
        (
            ["--total-params", "2e10", "--experts", "4", "--experts-per-token", "8"],
            "error: --experts-per-token must be 1 to --experts (4) for a mixture\n",
        ),  # a rule between two flags read "experts_per_token must be 1 to experts (4)"
    ],
)
def test_serve_names_the_flags_the_user_typed(flags, said, capsys):
    assert main([*SERVE, *flags]) == 2
    assert capsys.readouterr().err == said
