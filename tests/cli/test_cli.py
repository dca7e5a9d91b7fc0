"""The headless CLI: JSON shape, consistency with the core, exit codes."""

import json
import re
import subprocess
import sys

import pytest
from paths import ROOT

import core
from cli.main import main
from cli.model_commands import JSON_KPIS, JSON_PRODUCT_COLUMNS
from core.analysis.compare import format_kpi
from core.analysis.sensitivity import LEVERS, UNITS
from core.scenario.edits import with_changes

REQUIRED_KPIS = {
    "gpus",
    "capacity_gpu_hours",
    "demand_gpu_hours",
    "utilization",
    "total_cost_usd",
    "fleet_cost_usd",
    "partner_spend_usd",
    "cloud_burst_usd",
    "external_token_share",
    "provider_hhi",
    "outage_exposure_tokens",
    "risk_index",
}


def run_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_evaluate_json_has_every_key(capsys):
    out = run_json(capsys, "evaluate", "--json")
    assert out["scenario"] == "Baseline"
    assert out["years"] == list(range(2026, 2032))
    assert REQUIRED_KPIS <= set(out["kpis"]) == set(JSON_KPIS)
    for name in REQUIRED_KPIS:
        assert len(out["kpis"][name]) == 6
    assert set(out["products"]) == {p.name for p in core.default_scenario().products}
    for series in out["products"].values():
        assert set(series) == {*JSON_PRODUCT_COLUMNS, "meets_slo"}


def test_evaluate_json_utilization_is_demand_over_capacity(capsys):
    kpis = run_json(capsys, "evaluate", "--json")["kpis"]
    for used, demand, capacity in zip(
        kpis["utilization"], kpis["demand_gpu_hours"], kpis["capacity_gpu_hours"], strict=True
    ):
        assert used == pytest.approx(demand / capacity, rel=1e-12)
    assert kpis["capacity_gpu_hours"][0] == pytest.approx(15_000 * 8760 * 0.92, rel=1e-12)
    assert kpis["gpus"][0] == 15_000


def test_evaluate_table_shows_units_and_warnings(capsys):
    assert main(["evaluate"]) == 0
    text = capsys.readouterr().out
    assert "Total cost ($M)" in text
    assert "Partner HHI (0-10,000)" in text  # the tile's name (docs/model.md#F-cost-words)
    rows = {line[:31].strip(): line[31:].split() for line in text.splitlines()}
    lease = 15_000 * 50_000 * 0.2002920 + 19.11 * 11e6 * 0.1081755  # F-capital-charge: $173M
    assert rows["Capex cash, as paid ($M)"][:5] == [f"{lease / 1e6:,.0f}"] * 5
    assert rows["Site power (MW)"] == ["22.0"] * 6  # 15,000 x 700 W x 1.82 x 1.15
    # $18.11B / $22.36B until replicas were held to two NVLink domains (docs/model.md#F-serving,
    # 8): in-house serving on H100 takes more GPU-hours, bought as cloud burst from 2029.
    assert "Present cost $18.29B (the figure to quote); 6-year cost $22.62B" in text
    assert "Utilization, busy hour (%)" in text
    assert rows["Outage exposure (B tokens)"][0] == "30.6"  # 30,631 M tokens: billions read
    assert "Warnings:" in text


def test_a_warning_of_several_years_is_one_line_with_its_years(capsys):
    """The default misses Excel's floor on the same 40% in every year: one line, where the
    JSON keeps one flag a year; a warning whose figures move each year stays per year.
    (2031 read 175% and 20.7 M GPU-hours until replicas were held to two NVLink domains: the
    in-house models on H100 serve fewer tokens per GPU, so more is bought as burst.)"""
    assert main(["evaluate"]) == 0
    warnings = capsys.readouterr().out.split("Warnings:\n")[1].splitlines()
    excel = [w for w in warnings if w.startswith("  - M365 Copilot Excel:")]
    assert excel == [
        "  - M365 Copilot Excel: 40% of traffic on GPT-5 class, quality 84 under its floor 85, "
        "in 2026-2031"
    ]
    assert len([w for w in warnings if "are highly concentrated" in w]) == 6  # its HHI moves
    assert (
        "  - 2031: demand is 288% of fleet capacity; cloud burst buys 77.4 M H100-hours" in warnings
    )
    flags = run_json(capsys, "evaluate", "--json")["flags"]
    assert sum(f.startswith("M365 Copilot Excel:") for f in flags) == 6


def test_evaluate_a_file(capsys, tmp_path, tiny):
    path = tmp_path / "tiny.scaledeck.json"
    core.save_scenario(tiny(), path)
    assert run_json(capsys, "evaluate", str(path), "--json")["scenario"] == "Tiny"


def test_train_json_matches_the_formula(capsys):
    out = run_json(
        capsys,
        "train",
        "--active-params",
        "175e9",
        "--tokens",
        "300e9",
        "--gpu",
        "H100",
        "--gpus",
        "10000",
        "--mfu",
        "0.4",
        "--json",
    )
    assert out["flops"] == pytest.approx(3.15e23, rel=1e-12)
    assert out["gpu_hours"] == pytest.approx(out["flops"] / (989e12 * 0.4 * 3600), rel=1e-12)
    assert out["wall_clock_days"] > 0


def test_train_out_of_range_is_a_clear_error(capsys):
    code = main(
        ["train", "--active-params", "1e9", "--tokens", "1e9", "--gpus", "10", "--mfu", "2"]
    )
    assert code == 2
    assert "mfu: 2 is outside" in capsys.readouterr().err


def test_validate_ok(capsys, tmp_path):
    path = tmp_path / "ok.json"
    core.save_scenario(core.default_scenario(), path)
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == "ok: Baseline\n"


def test_validate_warns_of_a_model_set_to_serve_in_its_training_year(capsys, tmp_path):
    """Still valid (exit 0, ok), with one warning line on stderr; evaluate flags it too."""
    path = tmp_path / "early.json"
    early = with_changes(core.default_scenario(), {"models[1].available_from": 2028})
    core.save_workbook(core.make_workbook(early, (early.model_copy(update={"name": "V"}),)), path)
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: Baseline (+1 variant)\n"
    said = "MAI-2 is trained in 2028 but set to serve from 2028: it serves from 2029"
    assert err.splitlines() == [
        f"warning: models[1].available_from: {said}",
        f"warning: variants[0].models[1].available_from: {said}",
    ]
    assert said in run_json(capsys, "evaluate", str(path), "--json")["flags"]


@pytest.mark.parametrize("module", ["cli.main", "cli"])  # `python -m cli`: no console script
def test_console_script_runs_from_another_folder(tmp_path, module):
    done = subprocess.run(
        [sys.executable, "-m", module, "evaluate", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout)["scenario"] == "Baseline"


def test_tornado_text_gives_the_values_each_input_moved_to(capsys):
    """A move past an input's range stops at it: PUE 1.15 x 0.8 reads 1 (not 0.92), and the
    cluster scale stays at 1, which is why its lower swing is $0.00. Each value in its unit,
    money with its $ (core.units), as the rest of the CLI writes them. (x1.2 cost +$0.12B
    until replicas were held to two NVLink domains: the default now bursts from 2029, and the
    larger fleet saves part of that burst.)"""
    assert main(["tornado"]) == 0
    lines = {line[2:24].strip(): line[24:] for line in capsys.readouterr().out.splitlines()[1:]}
    assert lines["PUE"].startswith(" 1 / 1.38 ")
    assert lines["Cluster scale"].startswith(" x1 / x1.2 of the baseline fleet ")
    assert re.search(r"present cost +\+\$0\.00 / +\+\$79M ", lines["Cluster scale"])  # $79M
    assert lines["Capex per GPU"].startswith(" $40k / $60k per GPU ")
    assert lines["Cloud burst price"].startswith(" $5.58 / $8.38 per H100-hour ")
    assert lines["Electricity price"].startswith(" $0.064 / $0.096 per kWh ")
    assert lines["Opex share of capex"].startswith(" 4.8% / 7.2% of capex a year ")
    assert lines["Partner prices"].startswith(" x0.8 / x1.2 of list prices ")
    assert re.search(r"present cost +-\$3\.\d\dB / +\+\$3\.\d\dB", lines["Partner prices"])


@pytest.mark.parametrize(
    ("changes_usd", "shown"),
    [
        ([-3.16e9, 0.0, 112e6, -8e6], ["-$3.16B", "+$0.00", "+$0.11B", "-$8M"]),
        ([46e6, 0.0, -7.5e6], ["+$46M", "+$0.00", "-$8M"]),
        ([5.0, -0.5], ["+$5.00", "-$0.50"]),
    ],
)
def test_a_tornado_change_is_in_its_own_unit(changes_usd, shown):
    """Each change as compare writes one: PUE's -$7.5M / +$11.5M read "-$0.01B / +$0.01B"
    beside the column's billions, and Training MFU's $0 "+$0.00B"."""
    assert [format_kpi("pv_cost_usd", v, signed=True) for v in changes_usd] == shown


def test_the_default_tornado_writes_small_changes_in_millions(capsys):
    assert main(["tornado"]) == 0
    lines = {line[2:24].strip(): line for line in capsys.readouterr().out.splitlines()[1:]}
    assert re.search(r"present cost +-\$8M / +\+\$12M ", lines["PUE"]), lines["PUE"]
    text = "".join(lines.values())
    assert "$0.00B" not in text
    assert "$0.01B" not in text


def test_every_tornado_input_has_its_unit():
    assert set(UNITS) == {lever.field for lever in LEVERS}


def test_montecarlo_text_gives_money_its_dollar_sign(capsys):
    assert main(["montecarlo", "--draws", "50"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"present cost 2026-2031: P10 \$\d+\.\d\dB, P50 \$.+B, P90 \$.+B", lines[1])
    assert re.match(r" +2026 +\$2\.\d\dB +\$2\.\d\dB +\$2\.\d\dB +\d", lines[3]), lines[3]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("nan_value.json", "error: fleet.pue: NaN is not allowed (numbers must be finite)"),
        ("infinity.json", "error: fleet.pue: Infinity is not allowed (numbers must be finite)"),
        ("overflow_number.json", "error: fleet.pue: number 1e400 is out of range"),
    ],
)
def test_validate_names_the_field_of_a_number_no_scenario_may_hold(capsys, name, line):
    """The decoder refuses NaN before field paths are known; the loader finds the path."""
    assert main(["validate", str(ROOT / "tests" / "data" / "bad" / name)]) == 2
    assert capsys.readouterr().err.splitlines() == [line]


def test_a_nan_in_a_variant_is_named_with_its_variant(tmp_path, capsys):
    path = tmp_path / "two.json"
    base = core.default_scenario()
    core.save_workbook(core.make_workbook(base, (with_changes(base, {"name": "V"}),)), path)
    text = path.read_text()
    last = text.rindex('"pue": 1.15')
    path.write_text(text[:last] + '"pue": NaN' + text[last + len('"pue": 1.15') :])
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == (
        "error: variants[0].fleet.pue: NaN is not allowed (numbers must be finite)\n"
    )


def test_the_table_reads_a_busy_hour_just_past_the_fleet_past_100():
    """100.004% busy read "100" in the table beside a warning that burst was bought."""
    from cli.tables import _past_100

    assert _past_100(100.004) == "100.004"
    assert _past_100(100.0) == "100"
    assert _past_100(175.2) == "175"
    assert _past_100(12_345.6) == "12,346"


def test_one_draw_and_a_one_year_horizon_read_as_one(capsys):
    """ "1 draws, seed 0" and "present cost 2026-2026"; the tornado's "over 2026-2026"."""
    one_year = "--set=horizon.end_year=2026"
    assert main(["montecarlo", "--draws", "1", one_year]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 draw, seed 0"
    assert lines[1].startswith("present cost 2026: P10 $")
    assert main(["tornado", one_year]) == 0
    assert (
        "change in present cost over 2026 and in the risk index in 2026" in capsys.readouterr().out
    )
