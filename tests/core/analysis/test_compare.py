"""Comparing scenarios: the table's numbers against evaluate, and the CLI."""

import json

import pytest

import core
from cli.main import main
from core.analysis.compare import COMPARED_KPIS, compare
from core.scenario.edits import with_changes


@pytest.fixture
def book_path(tmp_path):
    base = core.default_scenario()
    scaled = with_changes(
        base, {"name": "Scaled", "fleet.scale": 8.0, "levers.in_house_shift": 0.7}
    )
    shocked = with_changes(base, {"name": "Shocked", "levers.price_shock": 2.0})
    path = tmp_path / "book.scaledeck.json"
    core.save_workbook(core.make_workbook(base, (scaled, shocked)), path)
    return path


def test_table_matches_evaluate_with_deltas_against_the_first(book_path):
    book = core.load_workbook(book_path)
    comparison = compare(book.scenarios, year=2028)
    assert comparison.names == ["Baseline", "Scaled", "Shocked"]
    base = core.evaluate(book.baseline).by_year.loc[2028]
    shocked = core.evaluate(book.named("Shocked")).by_year.loc[2028]
    table = comparison.table
    for kpi, _label in COMPARED_KPIS:
        assert table.loc[kpi, ("Shocked", "value")] == pytest.approx(shocked[kpi])
        assert table.loc[kpi, ("Shocked", "delta")] == pytest.approx(shocked[kpi] - base[kpi])
        assert table.loc[kpi, ("Baseline", "delta")] == 0
    assert table.loc["partner_spend_usd", ("Shocked", "delta_pct")] == pytest.approx(1.0)


def test_default_year_is_the_ramp_target_year(book_path):
    assert compare(core.load_workbook(book_path).scenarios).year == 2029


@pytest.mark.parametrize(
    ("scenarios", "year", "message"),
    [(1, None, "at least two"), (2, 2040, "year: 2040 is outside the horizon 20")],
)
def test_bad_comparisons_say_why(book_path, scenarios, year, message):
    book = core.load_workbook(book_path)
    with pytest.raises(core.ScenarioError, match=message):
        compare(book.scenarios[:scenarios], year)


def test_compare_command_json(book_path, capsys):
    assert main(["compare", str(book_path), "--json", "--year", "2028"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scenarios"] == ["Baseline", "Scaled", "Shocked"]
    assert out["reference"] == "Baseline"
    cell = out["kpis"]["partner_spend_usd"]["Shocked"]
    assert cell["delta_pct"] == pytest.approx(1.0)
    assert set(out["kpis"]) == {k for k, _ in COMPARED_KPIS}


def test_compare_command_table_and_picking(book_path, capsys):
    assert main(["compare", str(book_path), "--scenarios", "Shocked,Baseline"]) == 0
    text = capsys.readouterr().out
    assert "deltas against 'Shocked'" in text
    assert "Partner spend (USD/yr)" in text
    assert main(["compare", str(book_path), "--scenarios", "Baseline,Nope"]) == 2
    assert "no scenario named 'Nope'" in capsys.readouterr().err


def test_evaluate_a_variant_and_validate_counts_them(book_path, capsys):
    assert main(["evaluate", str(book_path), "--scenario", "Scaled", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["scenario"] == "Scaled"
    assert main(["validate", str(book_path)]) == 0
    assert capsys.readouterr().out == "ok: Baseline (+2 variants)\n"
    assert main(["evaluate", "--scenario", "Scaled"]) == 2
    assert "--scenario needs a FILE" in capsys.readouterr().err
