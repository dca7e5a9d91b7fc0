"""Every formula of the finance workbook recalculated in-process (the `formulas` package).

The LibreOffice test (test_finance_workbook.py) recalculates the workbook as a user's
spreadsheet would, but takes seconds and needs soffice, so the mutation run leaves it
out: a formula written wrong (a `None` in the discount factor) then went unseen. This
recalculates one workbook of two scenarios that exercise refresh and none, a new
generation, short lives, free capital and a price shock, and checks their outputs against
`core.evaluate` and the workbook's own Checks sheet; and one of build plans, whose cohorts
stay their own generation when re-bought (a review found them re-bought as the fleet's GPU).
"""

import io
from pathlib import Path

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


def planned() -> list[core.Scenario]:
    """Build plans of two or more generations, re-bought in the horizon or not.

    B200 and GB200 added to H100s, four-year life (the CFO review's case: its 2031 capex
    cash was $200M short); H100 and B200 with B200 the fleet's GPU, three-year life to
    2033, so the first cohorts are re-bought twice; B200 and MI300X, six-year life to 2032;
    and B200 and GB200 not re-bought, five-year life. Longer horizons (to 2035) agree as
    well, but `formulas` takes minutes on their workbooks, so they stay out of the suite.
    """
    b200 = with_generation(core.default_scenario(), "B200")
    return [
        plan(core.default_scenario(), "B200 and GB200, 4 years",
             [(2027, "B200", 10000), (2028, "GB200", 4000)], {"fleet.amortization_years": 4}),
        plan(b200, "H100 and B200 to 2033, 3 years", [(2026, "H100", 3000), (2027, "B200", 6000)],
             {"fleet.amortization_years": 3, "horizon.end_year": 2033}),
        plan(core.default_scenario(), "B200 and MI300X to 2032, 6 years",
             [(2026, "B200", 4000), (2029, "MI300X", 5000)],
             {"fleet.amortization_years": 6, "horizon.end_year": 2032}),
        plan(core.default_scenario(), "B200 and GB200, kept",
             [(2026, "B200", 5000), (2028, "GB200", 3000)],
             {"fleet.amortization_years": 5, "fleet.refresh": False}),
    ]  # fmt: skip


def plan(
    base: core.Scenario, name: str, rows: list[tuple[int, str, int]], changes: dict[str, object]
) -> core.Scenario:
    """`base` named `name`, building `rows` (year, generation, GPUs), with `changes`."""
    build = [{"year": year, "gpu": gpu, "gpus": gpus} for year, gpu, gpus in rows]
    return with_changes(base, {"name": name, "build_plan": build, **changes})


def recalculate(path: Path, written: list[core.Scenario]) -> tuple[openpyxl.Workbook, dict]:
    """The workbook of `written` at `path` (formulas) and every computed cell by sheet!cell."""
    path.write_bytes(finance_workbook_bytes(written))
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {  # "'[finance.xlsx]CHECKS'!D2" -> "CHECKS!D2", single cells only
        key.split("]", 1)[1].replace("'", "").upper(): [v for row in cell.value for v in row]
        for key, cell in solution.items()
        if "]" in key and ":" not in key and hasattr(cell, "value")
    }
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes())), values


@pytest.fixture(scope=SHARED)
def recalculated(tmp_path_factory) -> tuple[openpyxl.Workbook, dict[str, list[float]]]:
    """The workbook of `scenarios()`, written and recalculated."""
    return recalculate(tmp_path_factory.mktemp("formulas") / "finance.xlsx", scenarios())


@pytest.fixture(scope=SHARED)
def recalculated_plans(tmp_path_factory) -> tuple[openpyxl.Workbook, dict[str, list[float]]]:
    """The workbook of `planned()`, written and recalculated."""
    return recalculate(tmp_path_factory.mktemp("formulas") / "plans.xlsx", planned())


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
    (pv,) = named(recalculated, f"s{k}_pv_cost_usd")
    (horizon,) = named(recalculated, f"s{k}_horizon_cost_usd")
    assert pv == pytest.approx(float(results.outputs.pv_cost_usd[0]), rel=1e-6)
    assert horizon == pytest.approx(float(results.series("total_cost_usd").sum()), rel=1e-6)


@pytest.mark.parametrize("k", range(1, len(planned()) + 1))
def test_a_planned_cohort_is_re_bought_as_its_own_generation(recalculated_plans, k):
    results = core.evaluate(planned()[k - 1])
    for name in (*YEARLY, "capital_charge_usd", "power_usd", "opex_usd"):
        got = named(recalculated_plans, f"s{k}_{name}")
        assert got == pytest.approx(list(results.series(name)), rel=1e-9, abs=1e-3), name
    (pv,) = named(recalculated_plans, f"s{k}_pv_cost_usd")
    assert pv == pytest.approx(results.pv_cost_usd, rel=1e-9)


@pytest.mark.parametrize("fixture", ["recalculated", "recalculated_plans"])
def test_the_checks_sheet_finds_its_own_figures(request, fixture):
    _, values = request.getfixturevalue(fixture)
    assert 0 <= values["CHECKS!D2"][0] <= CHECK_TOLERANCE
    assert values["CHECKS!D3"][0] == "OK"
