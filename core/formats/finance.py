"""The finance workbook: ScaleDeck's money as live Excel formulas, in the FAST standard's spirit.

Sheets: About; Inputs (prices and rates, one column per scenario, units and sources, named
`s<k>_<input>`); From the model (quantities the model computes: GPUs per cohort, cloud
burst hours, partner tokens, as values); Calculations (formulas only, one column per year:
capital charge as an annuity, facility, power, opex, partner spend, burst, cash, present
cost); Outputs (scenarios side by side, named `s<k>_<output>`); Checks (each output against
ScaleDeck's own figure). Written with openpyxl: no cached results, so a spreadsheet
computes every formula on opening rather than showing a number the writer guessed.
This module lays out the sheets and assembles the book; the Calculations sheet's formulas
are `calculations` and `cohort_lines`, the cell writing `workbook_cells`.
"""

import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from core.formats.calculations import write_calculations
from core.formats.finance_parts import SCALAR_OUTPUTS, YEARLY_OUTPUTS, MoneyParts, money_parts
from core.formats.workbook_cells import (
    COUNT,
    FACTOR,
    FIRST_YEAR_COLUMN,
    INPUT_FILL,
    MODEL_FILL,
    PLAIN,
    USD,
    Grid,
    Names,
    Quantities,
    absolute,
)
from core.scenario.files import write_bytes_atomic
from core.scenario.schema import Scenario

CHECK_TOLERANCE = 1e-9  # relative: the formulas redo ScaleDeck's sums in another order
DIFFERENCE = "0.0E+00;-0.0E+00;0"  # a zero (even -0 from a spreadsheet) reads 0
# The least decimals an input shows, by unit (prices in cents, rates in basis points);
# a value that needs more shows more (up to MOST_DECIMALS), so no input reads rounded.
INPUT_DECIMALS = {"USD/GPU": 0, "USD/MW IT": 0, "years": 0, "1 = yes": 0, "USD/kWh": 3}
PERCENT_UNITS = ("per year", "share")  # shown as percentages
LEAST_DECIMALS, MOST_DECIMALS = 2, 6


def finance_workbook_bytes(scenarios: Sequence[Scenario]) -> bytes:
    """The workbook for `scenarios` side by side (the first is the reference), as XLSX bytes."""
    parts = [money_parts(s) for s in scenarios]
    book = Workbook()
    about = Grid(book.active)
    about.sheet.title = "About"
    sheets = [Grid(book.create_sheet(n)) for n in ("Inputs", "From the model", "Calculations")]
    inputs, model, calc = sheets
    outputs, checks = Grid(book.create_sheet("Outputs")), Grid(book.create_sheet("Checks"))
    input_refs = write_inputs(inputs, parts)
    results: list[dict[str, list[str]]] = []
    calc_row = 1
    model_row = 1
    for k, part in enumerate(parts, start=1):
        names = Names(book, k)
        names.add_inputs(input_refs[k - 1])
        quantities, model_row = write_quantities(model, part, k, model_row)
        formulas, calc_row = write_calculations(calc, part, k, calc_row, quantities, names)
        results.append(formulas)
    write_outputs(outputs, checks, parts, results, book)
    write_about(about, parts)
    _layout(inputs, model, calc, outputs, checks)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_finance_workbook(scenarios: Sequence[Scenario], path: Path) -> None:
    """Write the workbook of `scenarios` to `path` atomically."""
    write_bytes_atomic(path, finance_workbook_bytes(scenarios))


def write_inputs(grid: Grid, parts: list[MoneyParts]) -> list[dict[str, str]]:
    """Inputs: one row per input, one column per scenario; each scenario's cell references."""
    grid.label(1, "Inputs: prices and rates the formulas read (change a yellow cell)", bold=True)
    grid.label(2, "Input", "Unit", "Source", bold=True)
    for k, part in enumerate(parts):
        grid.head(2, 4 + k, f"s{k + 1}: {part.name}")
    keys = list(dict.fromkeys(key for part in parts for key in part.inputs))
    refs: list[dict[str, str]] = [{} for _ in parts]
    for row, key in enumerate(keys, start=3):
        first = next(part.inputs[key] for part in parts if key in part.inputs)
        grid.label(row, first.label, first.unit, first.source)
        values = [part.inputs[key].value for part in parts if key in part.inputs]
        fmt = input_format(first.unit, values)
        for k, part in enumerate(parts):
            if key in part.inputs:
                refs[k][key] = grid.put(row, 4 + k, part.inputs[key].value, fmt, INPUT_FILL)
    return refs


def input_format(unit: str, values: list[float]) -> str:
    """The number format of an input row: its unit's decimals, or more if a value needs them.

    `#,##0` showed a price of 6.98 USD per million tokens as 7; a reader copies what he sees.
    """
    percent = unit in PERCENT_UNITS
    least = INPUT_DECIMALS.get(unit, LEAST_DECIMALS)
    places = max(_decimals(v * 100 if percent else v, least) for v in values)
    decimals = "." + "0" * places if places else ""
    return f"0{decimals}%" if percent else f"#,##0{decimals}"


def _decimals(value: float, least: int) -> int:
    """The fewest decimals from `least` that show `value` as itself (MOST_DECIMALS at most)."""
    for places in range(least, MOST_DECIMALS):
        if abs(round(value, places) - value) <= 1e-12 * max(1.0, abs(value)):
            return places
    return MOST_DECIMALS


def write_quantities(grid: Grid, part: MoneyParts, k: int, row: int) -> tuple[Quantities, int]:
    """One scenario's block of model quantities from `row`; its references and the next row."""
    grid.label(row, f"s{k}: {part.name}", bold=True)
    heads = ("Cohort", "Generation", "Installed in", "GPUs", "TDP installed (W)", "At fleet capex")
    rebuy = "Re-bought as the generation bought now (else as its own)"
    grid.label(row + 1, *heads, rebuy, bold=True)
    cohorts = []
    for at, c in enumerate(part.cohorts, start=row + 2):
        grid.label(at, c.label, c.generation)
        cohorts.append(
            {
                "install_year": grid.put(at, 3, c.install_year, PLAIN, MODEL_FILL),
                "gpus": grid.put(at, 4, c.gpus, COUNT, MODEL_FILL),
                "tdp_w": grid.put(at, 5, c.install_tdp_w, COUNT, MODEL_FILL),
                "priced": grid.put(at, 6, int(c.priced_at_fleet_capex), PLAIN, MODEL_FILL),
                "rebought": grid.put(at, 7, int(c.rebought_as_selected), PLAIN, MODEL_FILL),
            }
        )
    below = row + 2 + len(part.cohorts)
    grid.label(below, "TDP of the generation bought from now on", "W")
    refresh = grid.put(below, 4, part.refresh_tdp_w, COUNT, MODEL_FILL)
    years = below + 1
    grid.label(years, "Year", bold=True)
    for t, year in enumerate(part.years):
        grid.head(years, FIRST_YEAR_COLUMN + t, year)
    grid.label(years + 1, "Cloud burst bought (shortfall x serving factor)", "H100-hours")
    burst = _values(grid, years + 1, part.burst_hours)
    grid.label(years + 2, "Partner routes: tokens a year", "tokens", "", "output share")
    routes = []
    for at, route in enumerate(part.routes, start=years + 3):
        label = f"{route.product} -> {route.model}"
        grid.label(at, label, "tokens")
        share = grid.put(at, 4, route.output_fraction, FACTOR, MODEL_FILL)
        routes.append((label, share, _values(grid, at, route.tokens)))
    return Quantities(cohorts, refresh, burst, routes), years + 4 + len(part.routes)


def _values(grid: Grid, row: int, values: list[float]) -> list[str]:
    return [
        grid.put(row, FIRST_YEAR_COLUMN + t, v, COUNT, MODEL_FILL) for t, v in enumerate(values)
    ]


def group_columns(parts: list[MoneyParts]) -> list[int]:
    """The first column of each scenario's group of year columns (a blank column between)."""
    starts, col = [], FIRST_YEAR_COLUMN
    for part in parts:
        starts.append(col)
        col += len(part.years) + 1
    return starts


def write_outputs(
    outputs: Grid,
    checks: Grid,
    parts: list[MoneyParts],
    refs: list[dict[str, list[str]]],
    book: Workbook,
) -> None:
    """Outputs (formulas reading Calculations, scenarios side by side) and their Checks."""
    starts = group_columns(parts)
    rows = list(YEARLY_OUTPUTS) + list(SCALAR_OUTPUTS)
    outputs.label(
        1, "Outputs: the money, scenarios side by side (formulas over Calculations)", bold=True
    )
    _group_heads(outputs, parts, starts, 2)
    figures_row, diff_row = 7, 9 + len(rows)
    checks.label(1, "Checks: each output against ScaleDeck's own figure", bold=True)
    checks.label(2, "Largest relative difference", "x")
    checks.label(3, "Verdict", "", f"OK when the largest is {CHECK_TOLERANCE:g} or less")
    _group_heads(checks, parts, starts, 5)
    checks.label(figures_row - 1, "ScaleDeck's figures (values from evaluate)", bold=True)
    checks.label(
        diff_row - 1, "Relative difference: (output - figure) / max(1, |figure|)", bold=True
    )
    for i, (key, label, reported) in enumerate(rows):
        outputs.label(4 + i, label, key, "USD", reported)
        checks.label(figures_row + i, label, key, "USD", reported)
        checks.label(diff_row + i, label, key, "x")
        for k, (part, start) in enumerate(zip(parts, starts, strict=True), start=1):
            values = part.yearly.get(key) or [part.scalars[key]]
            cells = []
            for t, (ref, value) in enumerate(zip(refs[k - 1][key], values, strict=True)):
                out = outputs.put(4 + i, start + t, f"={ref}", USD)
                figure = checks.put(figures_row + i, start + t, value, USD, MODEL_FILL)
                checks.put(
                    diff_row + i, start + t, f"=({out}-{figure})/MAX(1,ABS({figure}))", DIFFERENCE
                )
                cells.append(out)
            Names(book, k).add(
                key, cells[0] if len(cells) == 1 else f"{cells[0]}:{cells[-1].split('!')[1]}"
            )
    for k in range(1, len(parts) + 1):
        Names(book, k).add_deprecated()
    last_col = starts[-1] + len(parts[-1].years) - 1
    first_cell, last_cell = (
        absolute(starts[0], diff_row),
        absolute(last_col, diff_row + len(rows) - 1),
    )
    _verdict(checks, f"{checks.name}!{first_cell}:{last_cell}", book)


def _verdict(checks: Grid, block: str, book: Workbook) -> None:
    """The largest relative difference of `block` (never -0) and OK or DIFFERS, named."""
    worst = checks.put(2, 4, f"=MAX(ABS(MAX({block})),ABS(MIN({block})))", DIFFERENCE)
    checks.put(3, 4, f'=IF({worst}<={CHECK_TOLERANCE},"OK","DIFFERS")')
    book.defined_names["checks_max_relative_difference"] = DefinedName(
        "checks_max_relative_difference", attr_text=worst
    )


def _group_heads(grid: Grid, parts: list[MoneyParts], starts: list[int], row: int) -> None:
    """Each scenario's name over its group, and its years below."""
    grid.label(row + 1, "Output", "ScaleDeck's key", "Unit", "Reported by ScaleDeck in", bold=True)
    for k, (part, start) in enumerate(zip(parts, starts, strict=True), start=1):
        grid.head(row, start, f"s{k}: {part.name}")
        for t, year in enumerate(part.years):
            grid.head(row + 1, start + t, year)


ABOUT = (
    "ScaleDeck finance workbook: the money of each scenario as live formulas.",
    "",
    "Inputs: prices and rates (yellow), one column per scenario s1, s2, ...; named s<k>_<input>.",
    "From the model (grey): quantities ScaleDeck computes that are too complex for a",
    "spreadsheet: GPUs per cohort (the ramp, the power cap), cloud burst H100-hours (serving,",
    "routing, the busy hour) and tokens per partner route (shift, fallback). They are values;",
    "change what drives them (scale, GPU, demand, routing) in ScaleDeck and export again",
    "(`scaledeck workbook ... --scale 6` and the other what-if options).",
    "Calculations: formulas only, one column per year: capital charge as an annuity due,",
    "facility, power, opex, partner spend, cloud burst, cash, present value and the residual",
    "value (docs/model.md#F-capital-charge). Change an input and every output follows.",
    "Outputs: scenarios side by side; named s<k>_<key> by ScaleDeck's keys, each beside where",
    "ScaleDeck reports it (evaluate --json, or the kpis table of `scaledeck export`).",
    "s<k>_npv_usd, the present cost's old name, stays beside s<k>_pv_cost_usd for one release.",
    "Checks: each output against ScaleDeck's own figure (zero until an input is changed).",
)


def write_about(grid: Grid, parts: list[MoneyParts]) -> None:
    """What each sheet holds, and the scenarios by number."""
    for row, text in enumerate(ABOUT, start=1):
        grid.label(row, text, bold=row == 1)
    row = len(ABOUT) + 2
    grid.label(row, "Scenarios", bold=True)
    for k, part in enumerate(parts, start=1):
        grid.label(row + k, f"s{k}", part.name)


def _layout(inputs: Grid, model: Grid, calc: Grid, outputs: Grid, checks: Grid) -> None:
    """Readable widths and frozen labels."""
    widths = {"A": 62, "B": 16, "C": 34, "D": 18}
    for grid in (inputs, model, calc, outputs, checks):
        for col, width in widths.items():
            grid.sheet.column_dimensions[col].width = width
        for number in range(FIRST_YEAR_COLUMN, grid.sheet.max_column + 1):
            grid.sheet.column_dimensions[get_column_letter(number)].width = 17
        grid.sheet.sheet_view.zoomScale = 90
    inputs.sheet.column_dimensions["C"].width = 80
    inputs.sheet.freeze_panes = "D3"
    model.sheet.freeze_panes = "B1"
    calc.sheet.freeze_panes = "E1"
    for grid in (outputs, checks):
        grid.sheet.column_dimensions["D"].width = 30  # where ScaleDeck reports each output
    outputs.sheet.freeze_panes = "E4"
    checks.sheet.freeze_panes = "E7"
