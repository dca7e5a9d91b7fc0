"""`export`'s usage and stamp, and `serve`'s figures, as a reader takes them."""

import re

import pandas as pd
import pytest

from cli.main import build_parser, main

R1 = [
    "serve", "--model", "deepseek-r1", "--gpu", "H200", "--prompt-tokens", "1024",
    "--output-tokens", "1024",
]  # fmt: skip


def _export_parser():
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    return commands.choices["export"]


def test_export_usage_shows_what_it_takes():
    """It showed `[FILE] OUT.xlsx|OUT.csv [[FILE] OUT.xlsx|OUT.csv ...]`, and refused more."""
    usage = " ".join(_export_parser().format_usage().split())
    assert usage.endswith("[--force] [FILE] OUT.xlsx|OUT.csv")


def test_export_refuses_a_third_path_by_name(capsys, tmp_path):
    with pytest.raises(SystemExit) as done:
        main(["export", "a.json", str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx")])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("scaledeck export: error: unrecognized arguments: ")
    assert err.rstrip().endswith("b.xlsx (see scaledeck export --help)")


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
