"""Every formula of the finance workbook recalculated in-process (the `formulas` package).

The LibreOffice test (test_finance_workbook.py) recalculates the workbook as a user's
spreadsheet would, but takes seconds and needs soffice, so the mutation run leaves it
out: a formula written wrong (a `None` in the discount factor) then went unseen. This
recalculates one workbook of two scenarios that exercise refresh and none, a new
generation, short lives, free capital and a price shock, and checks their outputs against
`core.evaluate` and the workbook's own Checks sheet.
"""

import io

import formulas
import openpyxl
import pytest
from scopes import SHARED

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


def scenarios() -> list[core.Scenario]:
    """Every branch of the workbook's money, in two scenarios side by side.

    GB200 bought from the default at scale 3, three-year GPU and four-year site lives
    re-bought in the horizon, partner prices +50%; and H100 at scale 2 with the same lives
    not re-bought, and capital free of charge.
    """
    lives = {"fleet.amortization_years": 3, "fleet.facility_life_years": 4}
    refreshed = with_changes(
        with_generation(core.default_scenario(), "GB200"),
        {"name": "GB200 x3, refreshed", "fleet.scale": 3.0, **lives, "fleet.refresh": True,
         "levers.price_shock": 1.5},
    )  # fmt: skip
    kept = with_changes(
        core.default_scenario(),
        {"name": "H100 x2, kept", "fleet.scale": 2.0, **lives, "fleet.refresh": False,
         "fleet.cost_of_capital": 0.0},
    )  # fmt: skip
    return [refreshed, kept]


SCENARIOS = range(1, 3)  # s1, s2 of the workbook


@pytest.fixture(scope=SHARED)
def recalculated(tmp_path_factory) -> tuple[openpyxl.Workbook, dict[str, list[float]]]:
    """The written workbook (formulas) and every computed cell by sheet!cell."""
    path = tmp_path_factory.mktemp("formulas") / "finance.xlsx"
    path.write_bytes(finance_workbook_bytes(scenarios()))
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


@pytest.mark.parametrize("k", SCENARIOS)
@pytest.mark.parametrize("name", sorted(YEARLY))
def test_each_yearly_output_is_the_kernels(recalculated, name, k):
    results = core.evaluate(scenarios()[k - 1])
    want = results.series(YEARLY[name])
    got = named(recalculated, f"s{k}_{name}")
    assert got == pytest.approx(list(want), rel=1e-6, abs=1.0)


@pytest.mark.parametrize("k", SCENARIOS)
def test_present_cost_and_horizon_cost_are_the_kernels(recalculated, k):
    results = core.evaluate(scenarios()[k - 1])
    (pv,) = named(recalculated, f"s{k}_npv_usd")
    (horizon,) = named(recalculated, f"s{k}_horizon_cost_usd")
    assert pv == pytest.approx(float(results.outputs.pv_cost_usd[0]), rel=1e-6)
    assert horizon == pytest.approx(float(results.series("total_cost_usd").sum()), rel=1e-6)


def test_the_checks_sheet_finds_its_own_figures(recalculated):
    _, values = recalculated
    assert abs(values["CHECKS!D2"][0]) <= CHECK_TOLERANCE
    assert values["CHECKS!D3"][0] == "OK"
