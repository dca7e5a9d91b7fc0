"""`export`'s usage and stamp, and `serve`'s figures, as a reader takes them."""

import re

import pandas as pd
import pytest

from cli.main import build_parser, main

R1 = [
    "serve", "--model", "deepseek-r1", "--gpu", "H200", "--prompt-tokens", "1024",
    "--output-tokens", "1024",
]  # fmt: skip


def _parser(command: str):
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    return commands.choices[command]


WRITERS = [("export", "OUT.xlsx|OUT.csv"), ("report", "OUT.pdf"), ("deck", "OUT.pptx"),
           ("workbook", "OUT.xlsx")]  # fmt: skip


@pytest.mark.parametrize(("command", "out"), WRITERS)
def test_a_writer_s_usage_shows_what_it_takes(command, out):
    """It showed `[FILE] OUT.pdf [[FILE] OUT.pdf ...]`, and refused more."""
    usage = " ".join(_parser(command).format_usage().split())
    assert usage.endswith(f"[FILE] {out}")


@pytest.mark.parametrize(("command", "out"), WRITERS)
def test_a_writer_refuses_a_third_path_by_name(command, out, capsys, tmp_path):
    suffix = out.split("|")[0].removeprefix("OUT")
    with pytest.raises(SystemExit) as done:
        main([command, "a.json", str(tmp_path / f"a{suffix}"), str(tmp_path / f"b{suffix}")])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"scaledeck {command}: error: unrecognized arguments: ")
    assert err.rstrip().endswith(f"b{suffix} (see scaledeck {command} --help)")


def test_a_route_what_if_s_stamp_names_the_routing(capsys, tmp_path):
    """The stamp said only "Baseline (what-if)": which route changed was nowhere."""
    out = tmp_path / "gh.csv"
    assert main(["export", str(out), "--route", "GitHub Copilot=MAI-2:0.5"]) == 0
    about = pd.read_csv(tmp_path / "gh-about.csv").set_index("field")["value"]
    assert about["ScaleDeck export"].startswith(
        "ScaleDeck | scenario Baseline (what-if: GitHub Copilot routed MAI-2 50%, GPT-5 class "
        "30%, Claude Sonnet class 20%) | "
    )
    assert about["scenario"] == "Baseline (what-if)"  # the field keeps its documented name


def test_serve_prints_decode_whole_beside_the_other_rates(capsys):
    """ "Decode 1,549.7" stood beside "Throughput 2,280" and "Prefill 4,315"."""
    assert main(R1) == 0
    rows = dict(
        re.split(r"\s{2,}", line.strip(), maxsplit=1)
        for line in capsys.readouterr().out.splitlines()[1:]
    )
    for row in ("Throughput", "Decode", "Prefill", "Decode batch"):
        assert re.fullmatch(r"[\d,]+", rows[row].split()[0]), rows[row]
