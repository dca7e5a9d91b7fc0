"""Every formula of the finance workbook recalculated in-process (the `formulas` package).

The LibreOffice test (test_finance_workbook.py) recalculates the workbook as a user's
spreadsheet would, but takes seconds and needs soffice, so the mutation run leaves it
out: a formula written wrong (a `None` in the discount factor) then went unseen. This
recalculates one workbook that exercises refresh, a new generation, short lives and a
price shock, and checks its outputs against `core.evaluate` and its own Checks sheet.
"""

import io

import formulas
import openpyxl
import pytest

import core
from core.formats.finance import CHECK_TOLERANCE, finance_workbook_bytes
from core.scenario.edits import with_changes, with_generation

YEARLY = {  # the workbook's name (s1_...) -> the kernel's series of the same money
    "total_cost_usd": "total_cost_usd",
    "fleet_cost_usd": "fleet_cost_usd",
    "partner_spend_usd": "partner_spend_usd",
    "cloud_burst_usd": "cloud_burst_usd",
    "capex_cash_usd": "capex_cash_usd",
    "cash_outlay_usd": "cash_outlay_usd",
}


def scenario() -> core.Scenario:
    """GB200 bought from the default, three-year GPU and four-year site lives re-bought in
    the horizon, scale 3 and partner prices +50%: every branch of the workbook's money."""
    return with_changes(
        with_generation(core.default_scenario(), "GB200"),
        {
            "fleet.scale": 3.0,
            "fleet.amortization_years": 3,
            "fleet.facility_life_years": 4,
            "fleet.refresh": True,
            "levers.price_shock": 1.5,
        },
    )


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> tuple[openpyxl.Workbook, dict[str, list[float]]]:
    """The written workbook (formulas) and every computed cell by sheet!cell."""
    path = tmp_path_factory.mktemp("formulas") / "finance.xlsx"
    path.write_bytes(finance_workbook_bytes([scenario()]))
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {  # "'[finance.xlsx]CHECKS'!D2" -> "CHECKS!D2", single cells only
        key.split("]", 1)[1].replace("'", "").upper(): [v for row in cell.value for v in row]
        for key, cell in solution.items()
        if "]" in key and ":" not in key and hasattr(cell, "value")
    }
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes())), values


def named(recalculated, name: str) -> list[float]:
    """The recalculated values of the cells a defined name points at, in order."""
    book, values = recalculated
    (sheet, cells), *_ = book.defined_names[name].destinations
    first, _, last = cells.replace("$", "").partition(":")
    if not last:
        return [float(values[f"{sheet.upper()}!{first}"][0])]
    columns = openpyxl.utils.cell.range_boundaries(f"{first}:{last}")
    low_col, low_row, high_col, high_row = columns
    return [
        float(values[f"{sheet.upper()}!{openpyxl.utils.get_column_letter(c)}{r}"][0])
        for r in range(low_row, high_row + 1)
        for c in range(low_col, high_col + 1)
    ]


@pytest.mark.parametrize("name", sorted(YEARLY))
def test_each_yearly_output_is_the_kernels(recalculated, name):
    results = core.evaluate(scenario())
    want = results.series(YEARLY[name])
    got = named(recalculated, f"s1_{name}")
    assert got == pytest.approx(list(want), rel=1e-6, abs=1.0)


def test_present_cost_and_horizon_cost_are_the_kernels(recalculated):
    results = core.evaluate(scenario())
    (pv,) = named(recalculated, "s1_npv_usd")
    (horizon,) = named(recalculated, "s1_horizon_cost_usd")
    assert pv == pytest.approx(float(results.outputs.pv_cost_usd[0]), rel=1e-6)
    assert horizon == pytest.approx(float(results.series("total_cost_usd").sum()), rel=1e-6)


def test_the_checks_sheet_finds_its_own_figures(recalculated):
    _, values = recalculated
    assert abs(values["CHECKS!D2"][0]) <= CHECK_TOLERANCE
    assert values["CHECKS!D3"][0] == "OK"
