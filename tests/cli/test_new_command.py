"""`scaledeck new OUT.json`: the default, with what-ifs, in a new file that never replaces one."""

import json

import pytest

import core
from cli.main import main


def test_new_writes_the_default_that_evaluate_reads_back(tmp_path, capsys):
    out = tmp_path / "plan.json"
    assert main(["new", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    assert core.load_scenario(out) == core.default_scenario()


def test_new_applies_the_what_ifs(tmp_path, capsys):
    out = tmp_path / "plan.json"
    assert main(["new", str(out), "--scale", "6", "--gpu", "B200"]) == 0
    written = core.load_scenario(out)
    assert written.fleet.scale == 6.0
    assert written.fleet.gpu == "B200"
    capsys.readouterr()
    assert main(["evaluate", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["gpus"][-1] == pytest.approx(90_000)


@pytest.mark.parametrize(
    ("name", "exists", "extra", "reason"),
    [
        ("plan.json", True, [], "already exists (--force replaces it)"),
        ("plan.txt", False, [], "a scenario file must end in .json"),
        ("missing/plan.json", False, [], "could not be written: its folder does not exist"),
    ],
)
def test_a_file_new_cannot_write_is_one_line_and_leaves_it(
    tmp_path, capsys, name, exists, extra, reason
):
    out = tmp_path / name
    if exists:
        out.write_text("mine")
    assert main(["new", str(out), *extra]) == 2
    assert capsys.readouterr().err == f"error: {out}: {reason}\n"
    assert out.read_text() == "mine" if exists else not out.exists()


def test_new_and_save_refuse_an_existing_file_in_one_voice(tmp_path, capsys):
    """One rule (cli.errors.refuse_existing): exit 2, one line naming the file and --force."""
    out, saved = tmp_path / "plan.json", tmp_path / "saved.json"
    saved.write_text("mine")
    assert main(["new", str(out), "--save", str(saved)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"error: {saved}: already exists (--force saves into it, keeping its other scenarios)\n"
    )
    assert saved.read_text() == "mine"
    assert not out.exists()


def test_force_replaces_an_existing_file(tmp_path):
    out = tmp_path / "plan.json"
    out.write_text("old")
    assert main(["new", str(out), "--force"]) == 0
    assert core.load_scenario(out).name == core.default_scenario().name
