"""The finance workbook: live formulas that LibreOffice recalculates to `evaluate --json`."""

import io
import json
import shutil
import subprocess

import openpyxl
import pytest
from scopes import SHARED

import core
from cli.main import main
from core.formats.finance import CHECK_TOLERANCE, finance_workbook_bytes
from core.formats.finance_parts import FLEET_INPUTS, SCALAR_OUTPUTS, YEARLY_OUTPUTS
from core.scenario.edits import with_changes, with_generation

JSON_YEARLY = ("total_cost_usd", "fleet_cost_usd", "partner_spend_usd", "cloud_burst_usd")
JSON_YEARLY += ("capex_cash_usd", "cash_outlay_usd")
JSON_SCALARS = ("pv_cost_usd", "horizon_cost_usd")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


def variants() -> list[core.Scenario]:
    """The default and two variants that exercise refresh, generations, lives and rates."""
    base = core.default_scenario()
    big = with_changes(with_generation(base, "GB200"), {"fleet.scale": 10.0, "name": "GB200 x10"})
    short = with_changes(
        base,
        {
            "name": "Short lives, no refresh",
            "fleet.scale": 3.0,
            "fleet.amortization_years": 3,
            "fleet.facility_life_years": 4,
            "fleet.refresh": False,
            "fleet.cost_of_capital": 0.0,
            "levers.price_shock": 1.5,
        },
    )
    return [base, big, short]


@pytest.fixture(scope=SHARED)
def three_file(tmp_path_factory):
    """A scenario file with the default as baseline and the two variants."""
    path = tmp_path_factory.mktemp("finance") / "three.json"
    base, *rest = variants()
    core.save_workbook(core.make_workbook(base, tuple(rest)), path)
    return path


def recalculated(path, tmp_path):
    """The workbook at `path` after LibreOffice opened, recalculated and saved it (values)."""
    out = tmp_path / "recalculated"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    return openpyxl.load_workbook(out / path.name, data_only=True)


def named_values(formulas, values, name) -> list[float]:
    """The values of the cells a defined name of the written workbook points at."""
    (sheet, cells), *_ = formulas.defined_names[name].destinations
    found = values[sheet][cells.replace("$", "")]
    rows = found if isinstance(found, tuple) else ((found,),)
    return [cell.value for row in rows for cell in (row if isinstance(row, tuple) else (row,))]


def evaluate_json(capsys, *argv) -> dict:
    assert main(["evaluate", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def worst_difference(formulas, values, k, expected: dict) -> float:
    """Largest relative difference of scenario k's outputs from `evaluate --json`."""
    worst = 0.0
    for key in JSON_YEARLY:
        got = named_values(formulas, values, f"s{k}_{key}")
        want = expected["kpis"][key]
        assert len(got) == len(want)
        worst = max(worst, *(abs(g - w) / max(1.0, abs(w)) for g, w in zip(got, want, strict=True)))
    for key in JSON_SCALARS:
        (got,) = named_values(formulas, values, f"s{k}_{key}")
        worst = max(worst, abs(got - expected[key]) / max(1.0, abs(expected[key])))
    return worst


def test_calculations_hold_formulas_over_named_inputs():
    book = openpyxl.load_workbook(io.BytesIO(finance_workbook_bytes(variants())))
    assert book.sheetnames == [
        "About",
        "Inputs",
        "From the model",
        "Calculations",
        "Outputs",
        "Checks",
    ]
    calc = [
        c for row in book["Calculations"].iter_rows(min_col=4) for c in row if c.value is not None
    ]
    numbers = [c for c in calc if isinstance(c.value, int | float)]
    formulas = [c.value for c in calc if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) > 500
    assert {c.row for c in numbers} <= {c.row for c in calc if c.font.bold}  # only year headings
    assert any("s1_cost_of_capital" in f for f in formulas)
    assert any("'From the model'!" in f for f in formulas)
    for k in (1, 2, 3):
        for key, *_ in FLEET_INPUTS:
            assert f"s{k}_{key}" in book.defined_names
        for key, *_ in (*YEARLY_OUTPUTS, *SCALAR_OUTPUTS):
            (sheet, _cells), *_ = book.defined_names[f"s{k}_{key}"].destinations
            assert sheet == "Outputs"
    assert book["Inputs"].freeze_panes == "D3"
    assert book["Calculations"].freeze_panes == "E1"
    cost_of_capital = book["Inputs"]["D4"]
    assert cost_of_capital.value == 0.08
    assert cost_of_capital.number_format == "0.00%"


def test_workbook_command_writes_every_scenario_and_the_what_if(tmp_path, capsys, three_file):
    out = tmp_path / "book.xlsx"
    assert (
        main(["workbook", str(three_file), str(out), "--scenario", "GB200 x10", "--scale", "4"])
        == 0
    )
    assert "4 scenarios side by side" in capsys.readouterr().out
    inputs = openpyxl.load_workbook(out)["Inputs"]
    heads = [c.value for c in inputs[2][3:]]
    assert heads == [
        "s1: Baseline",
        "s2: GB200 x10",
        "s3: Short lives, no refresh",
        "s4: GB200 x10 (what-if)",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["workbook", "out.csv"], "must end in .xlsx"),
        (["workbook", "/no/such/folder/out.xlsx"], "its folder does not exist"),
        (["workbook", "out.xlsx", "--scenario", "Nope"], "no 'Nope' in the file"),
        (
            ["workbook", "out.xlsx", "--scale", "0.5"],
            "--scale: fleet.scale: 0.5 is below the minimum 1",
        ),
    ],
)
def test_workbook_errors_are_one_line(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.xlsx").exists()


@needs_soffice
def test_libreoffice_recalculation_equals_evaluate_json(tmp_path, capsys, three_file):
    out = tmp_path / "three.xlsx"
    assert main(["workbook", str(three_file), str(out)]) == 0
    capsys.readouterr()
    formulas, values = openpyxl.load_workbook(out), recalculated(out, tmp_path)
    for k, scenario in enumerate(variants(), start=1):
        expected = evaluate_json(capsys, str(three_file), "--scenario", scenario.name)
        assert worst_difference(formulas, values, k, expected) <= 1e-6, scenario.name
    checks = values["Checks"]
    assert abs(checks["D2"].value) <= CHECK_TOLERANCE
    assert checks["D3"].value == "OK"


@needs_soffice
def test_libreoffice_outputs_follow_a_changed_input(tmp_path, capsys):
    out = tmp_path / "default.xlsx"
    assert main(["workbook", str(out)]) == 0
    capsys.readouterr()
    formulas = openpyxl.load_workbook(out)
    changes = {"cost_of_capital": 0.05, "electricity_usd_per_kwh": 0.12, "burst_usd_per_hour": 4.5}
    for key, value in changes.items():
        (sheet, cell), *_ = formulas.defined_names[f"s1_{key}"].destinations
        formulas[sheet][cell.replace("$", "")].value = value
    formulas.save(out)
    values = recalculated(out, tmp_path)
    expected = evaluate_json(
        capsys,
        "--set",
        "fleet.cost_of_capital=0.05",
        "--set",
        "fleet.electricity_usd_per_kwh=0.12",
        "--set",
        "fleet.cloud_burst_usd_per_gpu_hour=4.5",
    )
    before = evaluate_json(capsys)
    assert expected["pv_cost_usd"] != pytest.approx(before["pv_cost_usd"], rel=1e-3)
    assert worst_difference(openpyxl.load_workbook(out), values, 1, expected) <= 1e-6
    assert values["Checks"]["D3"].value == "DIFFERS"  # the figures are the exported scenario's
