"""Comparing scenarios: the table's numbers against evaluate, and the CLI."""

import json
import re

import pytest

import core
from cli.main import main
from core.analysis.compare import (
    COMPARED_KPIS,
    COUNT_ROWS,
    HORIZON,
    HORIZON_ROWS,
    YEAR_ROWS,
    YEAR_ROWS_AFTER,
    compare,
    format_kpi,
)
from core.scenario.edits import with_changes
from core.units import gpus_in_an_hour


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


@pytest.fixture
def generations_path(tmp_path):
    """A baseline of H100s against a variant that adds B200s and one whose name is long."""
    base = core.default_scenario()
    b200 = with_changes(base, {"name": "B200 build", "fleet.scale": 2.0, "fleet.gpu": "B200"})
    long = with_changes(
        base, {"name": "A partner price shock twice as bad as feared", "levers.price_shock": 2.0}
    )
    path = tmp_path / "generations.scaledeck.json"
    core.save_workbook(core.make_workbook(base, (b200, long)), path)
    return path


def rows_of(comparison, name):
    return {(d.measure, d.year): d for d in comparison.decisions if d.scenario == name}


def test_every_decision_row_for_every_scenario_and_year_matches_evaluate(generations_path):
    book = core.load_workbook(generations_path)
    comparison = compare(book.scenarios)
    names = comparison.names
    years = list(range(2026, 2032))
    keys = {(d.measure, d.year) for d in comparison.decisions}
    for name in names:  # the same rows for every scenario
        assert set(rows_of(comparison, name)) == keys
    assert {m for m, y in keys if y == HORIZON} == {k for k, _ in HORIZON_ROWS}
    per_year = {m for m, y in keys if y != HORIZON}
    assert per_year == {k for k, _ in YEAR_ROWS + YEAR_ROWS_AFTER + COUNT_ROWS} | {
        "gpus_H100",
        "gpus_B200",
    }
    assert {y for _m, y in keys if y != HORIZON} == set(years)
    b200, base = core.evaluate(book.named("B200 build")), core.evaluate(book.baseline)
    mine, reference = rows_of(comparison, "B200 build"), rows_of(comparison, "Baseline")
    assert mine[("pv_cost_usd", HORIZON)].value == pytest.approx(b200.pv_cost_usd)
    assert mine[("horizon_cost_usd", HORIZON)].value == pytest.approx(
        b200.yearly.total_cost_usd.sum()
    )
    assert mine[("peak_facility_mw", HORIZON)].value == pytest.approx(b200.yearly.facility_mw.max())
    delta = mine[("pv_cost_usd", HORIZON)].delta
    assert delta == pytest.approx(b200.pv_cost_usd - base.pv_cost_usd)
    for t, year in enumerate(years):
        for kpi in ("capex_cash_usd", "facility_mw", "external_token_share", "risk_index"):
            assert mine[(kpi, year)].value == pytest.approx(b200.series(kpi)[t])
        by_generation = mine[("gpus_H100", year)].value + mine[("gpus_B200", year)].value
        assert by_generation == pytest.approx(b200.yearly.gpus[t])  # every GPU, once
        assert reference[("gpus_B200", year)].value == 0  # the baseline buys none
    assert mine[("gpus_B200", 2031)].value > 0
    under = {  # a product with tokens on a model under its floor, once (one flag per route)
        year: len({f.product for f in b200.flags if f.kind == "under_floor" and f.year == year})
        for year in years
    }
    assert {y: mine[("products_under_floor", y)].value for y in years} == under


def test_the_compare_json_has_every_row_for_every_variant_and_year(generations_path, capsys):
    """The acceptance: `scaledeck compare FILE --json` gives every decision row."""
    assert main(["compare", str(generations_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    names = ["Baseline", "B200 build", "A partner price shock twice as bad as feared"]
    assert out["scenarios"] == names
    assert set(out["kpis"]) == {k for k, _ in COMPARED_KPIS}  # the one-year keys are kept
    assert out["years"] == list(range(2026, 2032))
    assert set(out["horizon"]) == {"pv_cost_usd", "horizon_cost_usd", "peak_facility_mw"}
    expected = {"total_cost_usd", "capex_cash_usd", "facility_mw", "gpus", "gpus_H100"}
    expected |= {"gpus_B200", "external_token_share", "risk_index", "slo_breach_token_share"}
    expected |= {"products_late", "products_under_floor"}
    assert set(out["by_year"]) == expected
    for measure in out["by_year"].values():
        assert set(measure) == set(names)
        for cells in measure.values():
            assert list(cells) == [str(y) for y in out["years"]]
    for measure in out["horizon"].values():
        assert set(measure) == set(names)
    shocked = out["horizon"]["pv_cost_usd"][names[2]]
    assert set(shocked) == {"value", "delta", "delta_pct", "direction"}
    assert shocked["direction"] == "worse"  # a higher present cost
    assert shocked["delta"] > 0
    assert out["by_year"]["gpus"][names[1]]["2031"]["direction"] == "neutral"
    assert out["labels"]["pv_cost_usd"] == "Present cost (USD, horizon)"
    # Capacity as the window counts it, beside the GPU-hours `kpis` keep (added, 2026-12-07)
    busy = out["busy_hour"]
    assert busy["unit"] == "H100-eq"
    assert set(busy) == {"unit", "capacity_ref_gpu_eq", "demand_ref_gpu_eq"}
    assert out["year"] == 2029  # the ramp target year: the dashboard's 13,800 available
    assert busy["capacity_ref_gpu_eq"]["Baseline"]["value"] == pytest.approx(13_800)
    assert set(busy["demand_ref_gpu_eq"]) == set(names)


def test_the_compare_table_never_cuts_a_name(generations_path, capsys):
    assert main(["compare", str(generations_path)]) == 0
    text = capsys.readouterr().out
    header = text.splitlines()[2]
    assert header.rstrip().endswith("A partner price shock twice as bad as feared")
    assert "Present cost (USD, horizon)" in text
    assert "GPUs: B200, 2029" in text
    # Capacity as the window and the dashboard count it, not the fleet's GPU-hours
    assert "Capacity (H100-eq, busy hour), 2029" in text
    assert "Demand (H100-eq, busy hour), 2029" in text
    assert "Capacity (GPU-hours)" not in text


# --- horizons that differ, and the year on every row of one year -----------------------------


@pytest.fixture
def longer_path(tmp_path):
    """A baseline of 2026-2031 beside a variant that runs to 2035."""
    base = core.default_scenario()
    longer = with_changes(base, {"name": "To 2035", "horizon.end_year": 2035})
    path = tmp_path / "longer.scaledeck.json"
    core.save_workbook(core.make_workbook(base, (longer,)), path)
    return path


def test_horizon_rows_are_labelled_by_the_years_they_cover(longer_path):
    book = core.load_workbook(longer_path)
    labels = {d.measure: d.label for d in compare(book.scenarios).decisions}
    assert labels["horizon_cost_usd"] == "Horizon cost (USD, its own years)"  # not "6-year"
    assert labels["pv_cost_usd"] == "Present cost (USD, its own horizon)"
    comparison = compare(book.scenarios)
    assert comparison.horizons_differ
    assert comparison.spans == {"Baseline": (2026, 2031), "To 2035": (2026, 2035)}
    same = compare([book.named("To 2035"), with_changes(book.named("To 2035"), {"name": "B"})])
    assert not same.horizons_differ
    assert {d.measure: d.label for d in same.decisions}["horizon_cost_usd"] == (
        "10-year cost (USD)"  # the shared horizon's length, never a fixed "6-year"
    )


def test_compare_text_names_each_horizon_and_gives_no_percent_across_them(longer_path, capsys):
    assert main(["compare", str(longer_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split("  ")[0]: line for line in lines}
    assert re.search(r"2026-2031 \(6 years\) +2026-2035 \(10 years\)$", rows["Horizon"])
    for label in (
        "Present cost (USD, its own horizon)",
        "Horizon cost (USD, its own years)",
        "Peak power (MW, facility, its own horizon)",
    ):
        assert rows[label].endswith(", unequal horizons)"), rows[label]
        assert "%" not in rows[label]
    assert not any(line.startswith("6-year cost") for line in lines)
    assert lines[-1].startswith("The horizons differ: each horizon row is a scenario's figure")


def test_compare_json_says_each_scenarios_horizon(longer_path, capsys):
    assert main(["compare", str(longer_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["horizons"] == {
        "Baseline": {"start_year": 2026, "end_year": 2031},
        "To 2035": {"start_year": 2026, "end_year": 2035},
    }
    assert out["labels"]["horizon_cost_usd"] == "Horizon cost (USD, its own years)"
    assert set(out["horizon"]["pv_cost_usd"]["To 2035"]) == {
        "value",
        "delta",
        "delta_pct",
        "direction",
    }  # the keys kept


def test_every_row_of_one_year_names_it(book_path, capsys):
    assert main(["compare", str(book_path), "--year", "2028"]) == 0
    lines = capsys.readouterr().out.splitlines()[3:]  # the title, a blank and the header
    horizon = {label for _key, label in HORIZON_ROWS}
    labels = [line.split("  ")[0] for line in lines if line]
    yearly = [label for label in labels if label not in horizon]
    assert "Partner spend (USD/yr), 2028" in yearly
    assert "Partner HHI (outside providers' shares of all tokens, 0-10,000), 2028" in yearly
    assert all(label.endswith(", 2028") for label in yearly), yearly


def test_capacity_and_demand_are_counted_as_the_dashboard_counts_them():
    """A 6x GB200 fork read as demand falling ~3x in the fleet's own GPU-hours (80 against
    232 M GPU-h in 2031), and 725M GPU-hours against the dashboard's 13,800 H100-eq for
    the baseline. In reference GPUs at the busy hour, faster GPUs are more capacity and
    the same work is the same demand."""
    base = core.default_scenario()
    faster = with_changes(base, {"name": "GB200 x6", "fleet.scale": 6.0, "fleet.gpu": "GB200"})
    comparison = compare([base, faster], year=2031)
    results = {r.scenario_name: r for r in comparison.results}
    for name, r in results.items():
        y = r.yearly
        busy = gpus_in_an_hour(y.capacity_gpu_hours[-1]) * y.serving_speed_factor[-1]
        assert comparison.cell("capacity_ref_gpu_eq", name, "value") == pytest.approx(busy)
    assert comparison.cell("capacity_ref_gpu_eq", "Baseline", "value") == pytest.approx(13_800)
    fleet_hours = [r.kpi("demand_gpu_hours", 2031) for r in results.values()]
    assert fleet_hours[1] < fleet_hours[0] / 2  # the fleet's own hours: demand "fell"
    assert comparison.cell("demand_ref_gpu_eq", "GB200 x6", "delta_pct") == pytest.approx(
        0, abs=0.05
    )
    assert comparison.cell("capacity_ref_gpu_eq", "GB200 x6", "delta_pct") > 6  # faster, 6x
    rows = dict(comparison.one_year_rows())
    assert "capacity_gpu_hours" not in rows  # the window's table, as the dashboard's chart
    assert rows["capacity_ref_gpu_eq"] == "Capacity (H100-eq, busy hour)"
    assert rows["demand_ref_gpu_eq"] == "Demand (H100-eq, busy hour)"
    assert format_kpi("capacity_ref_gpu_eq", 13_800.0) == "13,800"
