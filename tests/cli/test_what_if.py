"""What-if options (--set, --gpu, --scale, --route, --save) on every command that takes a scenario."""

import json

import pytest

import core
from cli.main import build_parser, main
from core.scenario.edits import with_changes, with_generation

EXCEL = "M365 Copilot Excel"


def run_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def expected_json(capsys, scenario: core.Scenario, tmp_path) -> dict:
    """`evaluate --json` of the edited scenario saved as a variant of the default baseline.

    A what-if is judged against the baseline it changes (`status_baseline`), as a variant
    saved beside it is: the two must agree on every key but the variant's name and
    `what_if` (true for the what-if only).
    """
    path = tmp_path / "expected.json"
    variant = with_changes(scenario, {"name": "What-if"})
    core.save_workbook(core.make_workbook(core.default_scenario(), (variant,)), path)
    got = run_json(capsys, "evaluate", str(path), "--scenario", "What-if", "--json")
    assert got["what_if"] is False
    return got | {"scenario": scenario.name, "what_if": True}


def test_acceptance_command_equals_the_edited_scenario(capsys, tmp_path):
    got = run_json(
        capsys,
        "evaluate",
        "--scale",
        "10",
        "--gpu",
        "GB200",
        "--route",
        f"{EXCEL}=MAI-2:1",
        "--json",
    )
    edited = with_changes(with_generation(core.default_scenario(), "GB200"), {"fleet.scale": 10.0})
    edited = with_changes(edited, {"products[1].routing": {"MAI-2": 1.0}})
    assert got == expected_json(capsys, edited, tmp_path)
    assert got["kpis"]["gpus"][-1] == 150_000
    assert got != run_json(capsys, "evaluate", "--json")


def test_set_takes_rows_by_index_or_name_and_values_as_json_or_text(capsys, tmp_path):
    by_index = run_json(capsys, "evaluate", "--set", "products[4].growth=0.4", "--json")
    by_name = run_json(
        capsys, "evaluate", "--set", "products[Copilot consumer].growth=0.4", "--json"
    )
    assert by_index == by_name
    edited = with_changes(core.default_scenario(), {"products[4].growth": 0.4})
    assert by_index == expected_json(capsys, edited, tmp_path)
    renamed = run_json(
        capsys, "evaluate", "--set", "name=My plan", "--set", "fleet.refresh=false", "--json"
    )
    assert renamed["scenario"] == "My plan"


def test_route_sets_the_given_shares_and_rescales_the_others(tmp_path, capsys):
    out = tmp_path / "routed.json"
    argv = ["evaluate", "--route", f"{EXCEL}=MAI-2:0.5;GitHub Copilot=MAI-2:0.2,MAI small:0.3"]
    assert main([*argv, "--save", str(out)]) == 0
    assert f"saved the changed scenario to {out}" in capsys.readouterr().err
    saved = core.load_scenario(out)
    # Excel was Claude 0.6 / GPT-5 0.4: the other half keeps those proportions.
    assert dict(saved.products[1].routing) == pytest.approx(
        {"MAI-2": 0.5, "Claude Sonnet class": 0.3, "GPT-5 class": 0.2}
    )
    assert dict(saved.products[0].routing) == pytest.approx(
        {"MAI-2": 0.2, "MAI small": 0.3, "GPT-5 class": 0.3, "Claude Sonnet class": 0.2}
    )
    assert saved.products[2] == core.default_scenario().products[2]


def test_save_writes_the_changed_variant_and_keeps_json_clean(tmp_path, capsys):
    book = tmp_path / "book.json"
    base = core.default_scenario()
    core.save_workbook(core.make_workbook(base, (with_changes(base, {"name": "Big"}),)), book)
    out = tmp_path / "big6.json"
    got = run_json(
        capsys,
        "evaluate",
        str(book),
        "--scenario",
        "Big",
        "--scale",
        "6",
        "--save",
        str(out),
        "--json",
    )
    saved = core.load_scenario(out)
    assert (saved.name, saved.fleet.scale) == ("Big", 6.0)
    assert got == expected_json(capsys, saved, tmp_path)


def test_compare_adds_the_what_if_beside_the_reference(capsys):
    got = run_json(capsys, "compare", "--scale", "4", "--json")
    assert got["scenarios"] == ["Baseline", "Baseline (what-if)"]
    gpus = got["kpis"]["gpus"]
    assert gpus["Baseline (what-if)"]["value"] == 4 * gpus["Baseline"]["value"]


def test_plan_runs_on_the_what_if(capsys):
    plain = run_json(capsys, "plan", "--json")
    changed = run_json(capsys, "plan", "--set", "fleet.cost_of_capital=0.02", "--json")
    assert changed["current_npv_usd"] != pytest.approx(plain["current_npv_usd"], rel=1e-3)


@pytest.mark.parametrize(
    "command",
    [
        ["evaluate"],
        ["plan"],
        ["optimize"],
        ["montecarlo"],
        ["tornado"],
        ["compare"],
        ["export", "out.xlsx"],
        ["deck", "out.pptx"],
        ["report", "out.pdf"],
        ["workbook", "out.xlsx"],
    ],
)
def test_every_command_that_takes_a_scenario_has_the_what_ifs(command):
    options = ["--set", "fleet.pue=1.2", "--gpu", "B200", "--scale", "3", "--route", "A=B:1"]
    args = build_parser().parse_args([*command, *options, "--save", "x.json"])
    assert (args.set_values, args.gpu, args.scale, args.routes, args.save) == (
        ["fleet.pue=1.2"],
        "B200",
        "3",
        ["A=B:1"],
        "x.json",
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--scale", "11"], "error: --scale: fleet.scale: 11 is above the maximum 10"),
        (["--scale", "abc"], "error: --scale: 'abc' is not a number"),
        (["--gpu", "XYZ"], "error: --gpu: fleet.gpu: unknown GPU 'XYZ'"),
        (
            ["--set", "fleet.scal=2"],
            "error: --set fleet.scal: fleet has no field 'scal' (did you mean 'scale'?)",
        ),
        (
            ["--set", "fleet.scale=abc"],
            "error: --set fleet.scale: must be a valid number, got a string 'abc'",
        ),
        (["--set", "fleet.scale"], "error: --set: 'fleet.scale' is not PATH=VALUE"),
        # A key twice (or twice once trimmed) is refused, as in a file; the last one won.
        (
            ["--set", 'fleet={"scale": 9, "scale": 3}'],
            "error: --set fleet: key 'scale' appears twice in one object",
        ),
        (
            ["--set", "products[Nope].growth=0.4"],
            "products: no row named 'Nope' (it has: 'GitHub Copilot'",
        ),
        (
            ["--set", "products[9].growth=1"],
            "error: --set products[9].growth: products: has 6 rows; there is no row 9",
        ),
        (
            ["--set", "fleet[0]=1"],
            "error: --set fleet[0]: fleet is not a table (set it whole, as JSON)",
        ),
        (["--set", "fleet..pue=1"], "error: --set fleet..pue: is not a field path"),
        (["--route", "Nope=MAI-2:1"], "error: --route: products: no row named 'Nope'"),
        # Digits of other scripts are names, never row numbers (int('²') raised a traceback).
        (["--in-house-only", "²"], "error: --in-house-only: products: no row named '²'"),
        (["--set", "models[①].enabled=false"], "error: --set models[①].enabled: models: no row"),
        (["--set", "products[٣].growth=1"], "error: --set products[٣].growth: products: no row"),
        (
            ["--route", f"{EXCEL}=MAI-9:1"],
            "error: --route: products[1].routing: no model named 'MAI-9' (did you mean 'MAI-2'? "
            "it has: 'MAI-1-preview', 'MAI-2', 'MAI small', 'GPT-5 class', "
            "'Claude Sonnet class', 'Claude Opus class')",
        ),
        (  # nothing close to suggest: a traceback (IndexError) before
            ["--route", f"{EXCEL}=Foo:0.5"],
            "error: --route: products[1].routing: no model named 'Foo' (it has: 'MAI-1-preview'",
        ),
        (
            ["--set", "fleet.budget=1"],
            "error: --set fleet.budget: fleet has no field 'budget'",
        ),
        (
            ["--route", f"{EXCEL}=MAI-2:0.7,GPT-5 class:0.6"],
            "the shares given sum to 1.3, more than 1",
        ),
        (["--route", f"{EXCEL}=MAI-2"], "error: --route: 'MAI-2' is not MODEL:SHARE"),
        (  # the last share silently won before
            ["--route", f"{EXCEL}=MAI-2:0.5,MAI-2:0.3"],
            f"error: --route: {EXCEL}: 'MAI-2' is named twice; give each model once",
        ),
        (["--route", f"{EXCEL}=MAI-2:x"], "error: --route MAI-2: 'x' is not a number"),
        (["--route", "Excel"], "error: --route: 'Excel' is not PRODUCT=MODEL:SHARE,..."),
        (["--route", ";"], "error: --route: is empty; give PRODUCT=MODEL:SHARE"),
        (
            ["--route", "Regulated-industry models=MAI-2:0.5,GPT-5 class:0.5"],
            "error: --route: products[5].routing: in-house-only product routed to partner model",
        ),
        (
            ["--route", "Regulated-industry models=MAI-2:0.3,MAI-1-preview:0.3,MAI small:0.3"],
            "the shares given sum to 0.9 and no other model may take the rest",
        ),
        (["--save", "out.txt"], "error: --save: out.txt must end in .json"),
        (
            ["--save", "/no/such/folder/x.json"],
            "error: /no/such/folder/x.json: could not be written: its folder does not exist",
        ),
    ],
)
def test_bad_paths_and_values_are_one_line_each(capsys, options, message):
    assert main(["evaluate", "--json", *options]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert message in err


def test_a_share_outside_0_to_1_is_one_line_not_again_as_the_sum_it_breaks(capsys):
    """A share over 1 was said twice: "outside 0-1", then "the shares given sum to 1.5"."""
    assert main(["evaluate", "--route", "GitHub Copilot=GPT-5 class:1.5"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: --route: products[0].routing: GPT-5 class: share 1.5 is outside 0-1",
    ]


def test_fill_is_the_core_fill_applied_after_the_other_what_ifs(capsys, tmp_path):
    from core.analysis.fill import fill_fleet

    got = run_json(capsys, "evaluate", "--scale", "4", "--fill", "0.85", "--json")
    scaled = with_changes(core.default_scenario(), {"fleet.scale": 4.0})
    filled = with_changes(scaled, fill_fleet(scaled, 0.85).changes)
    assert got == expected_json(capsys, filled, tmp_path)
    assert got != expected_json(capsys, scaled, tmp_path)


@pytest.mark.parametrize(("value", "words"), [("x", "not a number"), ("0", "above 0")])
def test_a_bad_fill_target_is_one_line_naming_the_option(capsys, value, words):
    assert main(["evaluate", "--fill", value]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "--fill" in err[0]
    assert words in err[0]


# --- --save never loses work -----------------------------------------------------------------


@pytest.fixture
def three(tmp_path):
    """A file of a baseline and two variants, as a meeting leaves one."""
    base = core.default_scenario()
    variants = (with_changes(base, {"name": "Big"}), with_changes(base, {"name": "Huge"}))
    path = tmp_path / "multi.json"
    core.save_workbook(core.make_workbook(base, variants), path)
    return path


def test_save_over_an_existing_file_needs_force_and_leaves_it(three, capsys):
    before = three.read_bytes()
    assert main(["evaluate", str(three), "--scale", "2", "--save", str(three)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"error: {three}: already exists (--force saves into it, keeping its other scenarios)\n"
    )
    assert three.read_bytes() == before


@pytest.mark.parametrize("name", ["Baseline", "Big"])
def test_save_with_force_replaces_only_the_evaluated_scenario(three, capsys, name):
    argv = ["evaluate", str(three), "--scenario", name, "--scale", "2", "--save", str(three)]
    assert main([*argv, "--force"]) == 0
    assert f"({name!r} in place of its own; its 2 other scenarios kept)" in capsys.readouterr().err
    book = core.load_workbook(three)
    assert book.names == ["Baseline", "Big", "Huge"]
    assert {s.name: s.fleet.scale for s in book.scenarios} == {
        "Baseline": 1.0,
        "Big": 1.0,
        "Huge": 1.0,
    } | {name: 2.0}


def test_save_with_force_adds_a_renamed_scenario_as_a_variant(three, capsys):
    argv = ["evaluate", "--scale", "3", "--set", "name=New", "--save", str(three), "--force"]
    assert main(argv) == 0
    assert "('New' as a new variant; its 3 other scenarios kept)" in capsys.readouterr().err
    assert core.load_workbook(three).names == ["Baseline", "Big", "Huge", "New"]


def test_save_never_writes_over_a_file_it_cannot_read(tmp_path, capsys):
    mine = tmp_path / "notes.json"
    mine.write_text('{"my": "notes"}')
    assert main(["evaluate", "--scale", "2", "--save", str(mine), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {mine}: is not a scenario file ScaleDeck can read (")
    assert err.endswith("so --save would lose it; save to another file\n")
    assert err.count("\n") == 1
    assert mine.read_text() == '{"my": "notes"}'


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "{tmp}/r.pdf", "--year", "2099"],
        ["deck", "{tmp}/d.pptx", "--year", "2099"],
        ["compare", "--year", "2099"],
        ["tornado", "--year", "2099"],
        ["optimize", "--year", "2099"],
        ["plan", "--lambda", "nan"],
        ["montecarlo", "--draws", "0"],
    ],
)
def test_a_command_that_fails_saves_nothing(tmp_path, capsys, argv):
    """--save was written before the command checked its year (or lambda, or draws)."""
    saved = tmp_path / "s.json"
    given = [a.format(tmp=tmp_path) for a in argv]
    assert main([*given, "--scale", "2", "--save", str(saved)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: "), err
    assert err.count("\n") == 1, err
    assert not saved.exists()


def test_a_command_that_succeeds_saves_after_its_answer(tmp_path, capsys):
    saved = tmp_path / "s.json"
    assert main(["compare", "--scale", "2", "--save", str(saved), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["scenarios"] == ["Baseline", "Baseline (what-if)"]
    assert err == f"saved the changed scenario to {saved}\n"
    assert core.load_scenario(saved).fleet.scale == 2.0


# --- a what-if that changes fewer figures than it seems to says so ---------------------------

PLANNED = 'build_plan=[{"year": 2027, "gpu": "B200", "gpus": 5000}]'


@pytest.mark.parametrize(
    ("ramp", "words"),
    [
        (["--scale", "4"], "--scale changes nothing"),
        (["--set", "fleet.target_year=2027"], "--set fleet.target_year changes nothing"),
        (
            ["--scale", "4", "--set", "fleet.scale=3"],
            "--scale and --set fleet.scale change nothing",
        ),
    ],
)
def test_a_ramp_what_if_on_a_build_plan_notes_that_the_plan_sets_the_fleet(capsys, ramp, words):
    planned = run_json(capsys, "evaluate", "--set", PLANNED, "--json")
    assert main(["evaluate", "--set", PLANNED, *ramp, "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["pv_cost_usd"] == planned["pv_cost_usd"]  # keys and figures as before
    assert err == (
        f"note: {words}: the scenario's build_plan sets the fleet (fleet.scale and "
        "fleet.target_year shape the ramp only without one)\n"
    )
    assert main(["evaluate", "--scale", "4", "--json"]) == 0
    assert capsys.readouterr().err == ""  # the ramp reads it: no note


def test_a_catalog_price_of_the_generation_bought_notes_the_field_that_prices_the_ramp(capsys):
    gpu = ["evaluate", "--gpu", "B200", "--scale", "3", "--json"]
    bought = run_json(capsys, *gpu)
    assert main([*gpu, "--set", "gpu_catalog[B200].capex_usd=1000"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["pv_cost_usd"] == bought["pv_cost_usd"]
    assert err == (
        "note: --set gpu_catalog[B200].capex_usd: the B200 GPUs the fleet adds are priced by "
        "fleet.capex_per_gpu_usd (70,000 USD), not the catalog; set that field to change "
        "their price\n"
    )
    assert main([*gpu, "--set", "fleet.capex_per_gpu_usd=1000"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["pv_cost_usd"] < bought["pv_cost_usd"]
    assert err == ""


def test_new_with_force_replaces_the_file_and_saves_into_another(three, tmp_path, capsys):
    out = tmp_path / "plan.json"
    out.write_text("old")
    argv = ["new", str(out), "--scale", "4", "--save", str(three), "--force"]
    assert main(argv) == 0
    assert core.load_scenario(out).fleet.scale == 4.0
    assert core.load_workbook(three).names == ["Baseline", "Big", "Huge"]
    assert core.load_workbook(three).baseline.fleet.scale == 4.0


# --- a what-if is called `NAME (what-if)` ----------------------------------------------------


def test_evaluate_calls_a_what_if_a_what_if(capsys):
    assert main(["evaluate", "--scale", "6", "--gpu", "B200"]) == 0
    assert capsys.readouterr().out.startswith("Scenario: Baseline (what-if)\n")
    assert main(["evaluate"]) == 0
    assert capsys.readouterr().out.startswith("Scenario: Baseline\n")
    got = run_json(capsys, "evaluate", "--scale", "6", "--json")
    assert (got["scenario"], got["what_if"]) == ("Baseline", True)  # the key keeps its meaning
    assert run_json(capsys, "evaluate", "--json")["what_if"] is False


def test_plan_optimize_and_the_export_stamp_call_a_what_if_a_what_if(tmp_path, capsys):
    assert main(["plan", "--scale", "2"]) == 0
    assert capsys.readouterr().out.startswith("Recommended plan for 'Baseline (what-if)'")
    assert main(["optimize", "--scale", "2"]) == 0
    assert capsys.readouterr().out.startswith("Recommended routing for 'Baseline (what-if)'")
    assert run_json(capsys, "optimize", "--scale", "2", "--json")["what_if"] is True
    out = tmp_path / "out.csv"
    assert main(["export", str(out), "--scale", "2"]) == 0
    about = (tmp_path / "out-about.csv").read_text()
    assert "ScaleDeck | scenario Baseline (what-if) |" in about
    assert "\nscenario,Baseline (what-if)\n" in about


@pytest.mark.parametrize("command", [["compare"], ["deck", "d.pptx"], ["report", "r.pdf"]])
def test_an_empty_what_if_is_refused_by_every_command(command, tmp_path, capsys, monkeypatch):
    """`compare --scale ''` ran without it and said nothing; evaluate refused it."""
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--scale", ""]) == 2
    assert capsys.readouterr().err == "error: --scale: '' is not a number\n"
    assert list(tmp_path.iterdir()) == []


def test_compare_calls_a_renamed_what_if_a_what_if_too(capsys):
    got = run_json(capsys, "compare", "--scale", "2", "--set", "name=Bigger", "--json")
    assert got["scenarios"] == ["Baseline", "Bigger (what-if)"]


def test_in_house_only_is_the_routing_table_s_tick(capsys, tmp_path):
    """`--set products[0].in_house_only=true` alone is refused (partners in its routing and
    fallback); `--in-house-only PRODUCT` makes the change the routing table's tick makes."""
    from core.analysis.in_house import in_house_only

    base = core.default_scenario()
    got = run_json(capsys, "evaluate", "--in-house-only", "GitHub Copilot", "--json")
    edited = with_changes(base, in_house_only(base, "GitHub Copilot")[0])
    assert edited.products[0].in_house_only
    assert edited.products[0].routing == {"MAI-2": 1.0}
    assert all(m != "GPT-5 class" for m in edited.products[0].fallback)
    assert got == expected_json(capsys, edited, tmp_path)


def test_a_row_named_by_digits_is_found_by_its_name(capsys):
    """`--in-house-only 5` meant row 5, not the product named "5": a name comes first."""
    from core.analysis.in_house import in_house_only
    from core.scenario.edits import with_changes

    renamed = with_changes(core.default_scenario(), {"products[0].name": "5"})
    edited = with_changes(renamed, in_house_only(renamed, "5")[0])
    assert edited.products[0].in_house_only
    assert with_changes(renamed, {"products[5].growth": 0.5}).products[5].growth == 0.5


def test_in_house_only_names_an_unknown_product_in_one_line(capsys):
    assert main(["evaluate", "--in-house-only", "Nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --in-house-only: products: no row named 'Nope' (it has: ")
    assert len(err.splitlines()) == 1


def test_sets_valid_only_together_are_applied_together(capsys):
    """Each --set was checked alone: a horizon moved past 2031 was refused on the state
    between start and end (end 2031 before start 2032) in either order."""
    sets = ["horizon.start_year=2032", "horizon.end_year=2040", "fleet.target_year=2035"]
    out = run_json(capsys, "evaluate", *[a for s in sets for a in ("--set", s)], "--json")
    assert out["years"] == list(range(2032, 2041))


def test_sets_that_fail_together_say_what_fails_and_one_at_fault_is_named(capsys):
    args = ["evaluate", "--set", "horizon.start_year=2032", "--set", "horizon.end_year=2040"]
    assert main(args) == 2
    assert capsys.readouterr().err == (
        "error: --set: fleet.target_year: 2029 is before the horizon's start 2032\n"
    )
    assert main(["evaluate", "--set", "fleet.scale=2", "--set", "fleet.pue=9"]) == 2
    assert capsys.readouterr().err == "error: --set fleet.pue: 9 is above the maximum 3\n"
