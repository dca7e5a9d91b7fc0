"""The finance workbook as a reader sees it: each figure shown as it is, each name true.

A CFO review found inputs shown rounded (a price of 6.98 USD per million tokens as 7), the
Checks sheet's zero difference shown as -0.0E+00, a key column headed `evaluate --json`
that named keys `evaluate --json` has not, and a stock (installed GPU capex) among the
yearly flows; each test here failed on that workbook.
"""

import csv
import io
import json
import subprocess

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scopes import SHARED

import core
from cli.main import main
from core.formats.calculations import INSTALLED_STOCK
from core.formats.finance import INPUT_DECIMALS, PERCENT_UNITS, finance_workbook_bytes, input_format
from core.scenario.edits import with_changes
from tests.core.formats.test_finance_formulas import scenarios
from tests.core.formats.test_finance_workbook import needs_soffice
from tests.paths import ROOT

PRICES = ("USD/M tokens", "USD/H100-hour", "USD/kWh")
# LibreOffice's CSV filter: every sheet, each cell as shown (its number format applied).
AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


@pytest.fixture(scope=SHARED)
def book() -> openpyxl.Workbook:
    """The workbook of test_finance_formulas' two scenarios, as written (formulas)."""
    return openpyxl.load_workbook(io.BytesIO(finance_workbook_bytes(scenarios())))


def places(number_format: str) -> tuple[int, float]:
    """The decimals a (positive) number format shows, and the scale it shows a value at."""
    first = number_format.split(";")[0]
    decimals = first.split(".")[1].rstrip("%") if "." in first else ""
    return len(decimals), 100.0 if first.endswith("%") else 1.0


def reads_as_itself(value: float, number_format: str) -> bool:
    """True when `value` shown in `number_format` is `value`, not a rounding of it."""
    decimals, scale = places(number_format)
    return round(value * scale, decimals) == pytest.approx(value * scale, rel=1e-12, abs=1e-12)


def test_every_input_shows_its_value_and_prices_show_cents(book):
    inputs = book["Inputs"]
    prices = 0
    for row in inputs.iter_rows(min_row=3, min_col=4):
        for cell in row:
            if isinstance(cell.value, int | float):
                unit = inputs.cell(row=cell.row, column=2).value
                assert reads_as_itself(cell.value, cell.number_format), (unit, cell.value)
                if unit in PRICES:
                    prices += 1
                    assert places(cell.number_format)[0] >= 2, (unit, cell.number_format)
    assert prices >= 6  # partner prices in and out, cloud burst, electricity


@given(
    unit=st.sampled_from([*INPUT_DECIMALS, *PERCENT_UNITS, *PRICES, "x"]),
    units=st.integers(-(10**9), 10**9),
    decimals=st.integers(0, 6),
)
def test_any_input_value_reads_as_itself(unit, units, decimals):
    value = units / 10**decimals / (100 if unit in PERCENT_UNITS else 1)
    assert reads_as_itself(value, input_format(unit, [value, 1.0]))


def test_the_checks_difference_has_no_sign_to_show_at_zero(book):
    worst = book["Checks"]["D2"]
    assert "ABS(MAX(" in worst.value
    assert "ABS(MIN(" in worst.value
    assert worst.number_format.split(";")[2] == "0"  # a zero section: 0, not 0.0E+00


@needs_soffice
def test_libreoffice_shows_inputs_as_they_are_and_a_zero_difference_as_0(tmp_path):
    path = tmp_path / "default.xlsx"
    path.write_bytes(finance_workbook_bytes([core.default_scenario()]))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", AS_SHOWN, "--outdir", str(tmp_path / "shown"), str(path)],
        capture_output=True, timeout=240, check=True,
    )  # fmt: skip

    def sheet(name: str) -> list[list[str]]:
        text = (tmp_path / "shown" / f"default-{name}.csv").read_text()
        return list(csv.reader(text.splitlines()))

    assert sheet("Checks")[1][3] == "0"
    written = openpyxl.load_workbook(path)["Inputs"]
    for number, row in enumerate(sheet("Inputs")[2:], start=3):
        value, text = written.cell(row=number, column=4).value, row[3]
        shown = float(text.replace(",", "").rstrip("%")) / (100 if text.endswith("%") else 1)
        assert shown == pytest.approx(value, rel=1e-12, abs=1e-15), (row[0], text)


def test_each_output_key_is_reported_where_the_sheet_says(book, capsys):
    assert main(["evaluate", "--json"]) == 0
    reported = json.loads(capsys.readouterr().out)
    table = set(core.evaluate(core.default_scenario()).by_year.columns)
    outputs = book["Outputs"]
    assert [c.value for c in outputs[3][:4]] == [
        "Output",
        "ScaleDeck's key",
        "Unit",
        "Reported by ScaleDeck in",
    ]
    where = {row[1].value: row[3].value for row in outputs.iter_rows(min_row=4) if row[1].value}
    assert len(where) == 13
    for key, place in where.items():
        assert key != "npv_usd"  # a deprecated alias of pv_cost_usd
        if place.startswith("evaluate --json"):
            assert key in (reported["kpis"] if "kpis" in place else reported), key
        elif place.startswith("export"):
            assert (key in table, key in reported["kpis"]) == (True, False), key
        else:
            assert place.startswith("only here"), key
            assert (key in reported, key in table) == (False, False), key


def test_the_present_cost_keeps_its_old_name_for_a_release(book):
    for k in (1, 2):
        old, new = book.defined_names[f"s{k}_npv_usd"], book.defined_names[f"s{k}_pv_cost_usd"]
        assert old.attr_text == new.attr_text
        assert f"use s{k}_pv_cost_usd" in old.comment
    assert "`s<k>_npv_usd`" in (ROOT / "docs" / "cli.md").read_text()


def test_installed_capex_reads_as_a_stock_not_a_flow(book):
    labels = [c.value for c in book["Calculations"]["A"] if isinstance(c.value, str)]
    installed = [label for label in labels if label.startswith("Installed GPU capex")]
    assert len(installed) == 4  # per scenario: the cohorts' title, and their total
    assert all("stock" in label for label in installed)
    assert installed.count(INSTALLED_STOCK) == 2


def test_a_cohort_is_marked_re_bought_as_its_own_generation_or_the_new_one():
    build = [{"year": 2027, "gpu": "B200", "gpus": 10000}]
    planned = with_changes(core.default_scenario(), {"build_plan": build})
    model = openpyxl.load_workbook(io.BytesIO(finance_workbook_bytes([planned])))["From the model"]
    rows = {r[0].value: r[6].value for r in model.iter_rows(min_row=3) if r[0].value}
    assert rows["H100 baseline"] == 1  # re-bought as the generation bought now (H100)
    assert rows["B200 added 2027"] == 0  # stays B200: its own capex and power
