"""JSON output never carries inf or NaN, and never dies on one with a traceback.

Inputs are bounded so that no figure is inf or NaN (docs/file-format.md#lower-bounds);
one that still is, is a bug said in one line (exit 2): `evaluate --json` on a software
factor of 1e-300 died on "ValueError: Out of range float values are not JSON compliant".
"""

import json

import pytest

import core
from cli.errors import json_text
from cli.main import main
from core.formats.trace import TraceProfile

WORDS = "output: a figure came out infinite or not a number (a bug: please report the input)"


def test_finite_data_is_indented_json():
    assert json.loads(json_text({"a": [1.5, None]})) == {"a": [1.5, None]}


@pytest.mark.parametrize("figure", [float("inf"), float("nan")])
def test_a_figure_that_is_not_finite_is_one_problem(figure):
    with pytest.raises(core.ScenarioError) as refused:
        json_text({"a": [figure]})
    assert str(refused.value) == WORDS


def test_a_command_says_it_in_one_line_and_prints_nothing(tmp_path, capsys, monkeypatch):
    path = tmp_path / "trace.csv"
    path.write_text(
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        "2024-01-01 00:00:00,100,10\n2024-01-01 00:02:00,100,10\n"
    )
    monkeypatch.setattr(TraceProfile, "as_json", lambda self: {"peak_to_average": float("inf")})
    assert main(["trace", str(path), "--json"]) == 2
    assert capsys.readouterr() == ("", f"error: {WORDS}\n")
