"""The finance workbook: ScaleDeck's money as live Excel formulas, in the FAST standard's spirit.

Sheets: About; Inputs (prices and rates, one column per scenario, units and sources, named
`s<k>_<input>`); From the model (quantities the model computes: GPUs per cohort, cloud
burst hours, partner tokens, as values); Calculations (formulas only, one column per year:
capital charge as an annuity, facility, power, opex, partner spend, burst, cash, present
cost); Outputs (scenarios side by side, named `s<k>_<output>`); Checks (each output against
ScaleDeck's own figure). Written with openpyxl: no cached results, so a spreadsheet
computes every formula on opening rather than showing a number the writer guessed.
"""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from core.formats.export import keep_as_text
from core.formats.finance_parts import (
    DEPRECATED_OUTPUTS,
    FLEET_INPUTS,
    SCALAR_OUTPUTS,
    YEARLY_OUTPUTS,
    MoneyParts,
    money_parts,
)
from core.scenario.files import write_bytes_atomic
from core.scenario.schema import Scenario

USD, COUNT, FACTOR, PLAIN = "#,##0;-#,##0", "#,##0", "0.000000", "0"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # FAST: inputs stand out
MODEL_FILL = PatternFill("solid", fgColor="E7E6E6")  # taken from the model, not typed
BOLD = Font(bold=True)
FIRST_YEAR_COLUMN = 5  # A label, B unit, C detail, D one value per row, then the years
CHECK_TOLERANCE = 1e-9  # relative: the formulas redo ScaleDeck's sums in another order
DIFFERENCE = "0.0E+00;-0.0E+00;0"  # a zero (even -0 from a spreadsheet) reads 0
INSTALLED_STOCK = "Installed GPU capex (stock, base for opex; not a yearly flow)"
# The least decimals an input shows, by unit (prices in cents, rates in basis points);
# a value that needs more shows more (up to MOST_DECIMALS), so no input reads rounded.
INPUT_DECIMALS = {"USD/GPU": 0, "USD/MW IT": 0, "years": 0, "1 = yes": 0, "USD/kWh": 3}
PERCENT_UNITS = ("per year", "share")  # shown as percentages
LEAST_DECIMALS, MOST_DECIMALS = 2, 6


@dataclass
class Grid:
    """A worksheet written cell by cell, with each cell's number format and fill."""

    sheet: Worksheet

    @property
    def name(self) -> str:
        """The sheet's name, quoted for a formula."""
        return str(quote_sheetname(self.sheet.title))

    def put(
        self,
        row: int,
        col: int,
        value: object,
        fmt: str | None = None,
        fill: PatternFill | None = None,
    ) -> str:
        """Write one cell; its absolute reference from another sheet."""
        cell = self.sheet.cell(row=row, column=col, value=value)
        if fmt:
            cell.number_format = fmt
        if fill is not None:
            cell.fill = fill
        return f"{self.name}!{absolute(col, row)}"

    def head(self, row: int, col: int, value: object) -> None:
        """A bold header cell (text stays text: `text`)."""
        self.text(row, col, value).font = BOLD

    def label(self, row: int, *texts: str, bold: bool = False) -> None:
        """Texts in the first columns of `row`."""
        for col, text in enumerate(texts, start=1):
            self.text(row, col, text).font = Font(bold=bold)

    def text(self, row: int, col: int, value: object) -> Cell:
        """Write a word cell; a name from a file (`=HYPERLINK(...)`) stays text, never a formula.

        The export's own guard (export.keep_as_text); ScaleDeck's formulas go through `put`.
        """
        cell = self.sheet.cell(row=row, column=col, value=value)
        keep_as_text(cell)
        return cell


def absolute(col: int, row: int) -> str:
    """`$E$7` for column 5, row 7."""
    return f"${get_column_letter(col)}${row}"


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


@dataclass
class Names:
    """The workbook's defined names of scenario `k`: `s<k>_<key>`."""

    book: Workbook
    k: int
    refs: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, ref: str) -> str:
        """Define `s<k>_<key>` as `ref`; the name, for formulas."""
        name = f"s{self.k}_{key}"
        self.book.defined_names[name] = DefinedName(name, attr_text=ref)
        self.refs[key] = name
        return name

    def add_deprecated(self) -> None:
        """Keep each renamed output's old name beside its new one for a release (docs/cli.md)."""
        for old, new in DEPRECATED_OUTPUTS.items():
            name = f"s{self.k}_{old}"
            target = self.book.defined_names[f"s{self.k}_{new}"].attr_text
            comment = f"Deprecated: use s{self.k}_{new}; this name goes in the next release."
            self.book.defined_names[name] = DefinedName(name, attr_text=target, comment=comment)

    def add_inputs(self, refs: dict[str, str]) -> None:
        """Name every fleet input of this scenario; other inputs keep their cell references."""
        fleet = {key for key, *_ in FLEET_INPUTS}
        for key, ref in refs.items():
            if key in fleet:
                self.add(key, ref)
            else:
                self.refs[key] = ref


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


@dataclass(frozen=True)
class Quantities:
    """Cell references of one scenario's values on the From the model sheet."""

    cohorts: list[dict[str, str]]  # install_year, gpus, tdp_w, priced, rebought per cohort
    refresh_tdp_w: str
    burst_hours: list[str]  # per year
    routes: list[tuple[str, str, list[str]]]  # label, output fraction, tokens per year


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


@dataclass
class Block:
    """One scenario's rows on the Calculations sheet, written from `row` down."""

    grid: Grid
    row: int
    years: list[int]

    @property
    def columns(self) -> list[str]:
        """The letter of each year's column."""
        return [get_column_letter(FIRST_YEAR_COLUMN + t) for t in range(len(self.years))]

    def line(
        self, label: str, unit: str, formula: Callable[[str], str], fmt: str, detail: str = ""
    ) -> int:
        """A row of formulas, one per year (`formula` of the column letter); its row number."""
        self.grid.label(self.row, label, unit, detail)
        for t, col in enumerate(self.columns):
            self.grid.put(self.row, FIRST_YEAR_COLUMN + t, "=" + formula(col), fmt)
        self.row += 1
        return self.row - 1

    def lines(
        self, title: str, unit: str, labels: list[str], formula: Callable[[int, str], str], fmt: str
    ) -> list[int]:
        """A titled row per cohort (or route): `formula` of its index and the column letter."""
        self.grid.label(self.row, title, bold=True)
        self.row += 1
        return [self.line(label, unit, partial(formula, i), fmt) for i, label in enumerate(labels)]

    def singles(
        self, title: str, unit: str, labels: list[str], formula: Callable[[int, str], str], fmt: str
    ) -> list[int]:
        """A titled row per cohort with one formula in column D: `formula` of its index and D."""
        self.grid.label(self.row, title, bold=True)
        self.row += 1
        found = []
        for i, label in enumerate(labels):
            self.single(label, unit, formula(i, "D"), fmt)
            found.append(self.row - 1)
        return found

    def single(self, label: str, unit: str, formula: str, fmt: str, detail: str = "") -> str:
        """One formula in column D; its reference (`$D$9`)."""
        self.grid.label(self.row, label, unit, detail)
        self.grid.put(self.row, 4, "=" + formula, fmt)
        self.row += 1
        return absolute(4, self.row - 1)

    def total(self, label: str, rows: list[int], fmt: str = USD) -> int:
        """A row summing `rows` year by year (0 when there are none)."""
        if not rows:
            return self.line(label, "USD", lambda col: "0", fmt)
        return self.line(label, "USD", lambda col: f"SUM({col}{rows[0]}:{col}{rows[-1]})", fmt)


def annuity_due(rate: str, years: str) -> str:
    """The capital recovery factor of an annuity due (docs/model.md#F-capital-charge)."""
    return f"IF({rate}>0,{rate}/((1+{rate})*(1-(1+{rate})^-{years})),1/{years})"


def discounted_charges(rate: str, elapsed: str, charges: str) -> str:
    """The sum of (1 + r)^-(elapsed + k), k = 1..charges: charges after the horizon, at t0."""
    return f"IF({rate}>0,(1+{rate})^-({elapsed})*(1-(1+{rate})^-{charges})/{rate},{charges})"


def write_calculations(
    grid: Grid, part: MoneyParts, k: int, row: int, q: Quantities, names: Names
) -> tuple[dict[str, list[str]], int]:
    """Scenario `k`'s formulas from `row`: each output's references and the next free row."""
    n = names.refs
    b = Block(grid, row + 2, part.years)
    grid.label(row, f"s{k}: {part.name}", bold=True)
    grid.label(row + 1, "Year", bold=True)
    for t, year in enumerate(part.years):
        grid.head(row + 1, FIRST_YEAR_COLUMN + t, year)
    start = absolute(FIRST_YEAR_COLUMN, row + 1)
    elapsed = b.line("Years from the start year", "years", lambda c: f"{c}{row + 1}-{start}", PLAIN)
    rate = n["cost_of_capital"]
    discount = b.line("Discount factor", "x", lambda c: f"(1+{rate})^-{c}{elapsed}", FACTOR)
    crf = b.single(
        "Capital recovery factor, GPUs",
        "per year",
        annuity_due(rate, n["amortization_years"]),
        FACTOR,
    )
    crf_site = b.single(
        "Capital recovery factor, facility",
        "per year",
        annuity_due(rate, n["facility_life_years"]),
        FACTOR,
    )
    fleet = cohort_lines(b, part, q, n, (row + 1, crf, crf_site))
    return money_lines(b, part, q, n, fleet, (elapsed, discount)), b.row + 1


@dataclass(frozen=True)
class At:
    """One cohort in one year's column: what a formula of COHORT_LINES reads."""

    i: int
    col: str
    last: str  # the last year's column
    rows: dict[str, list[int]]  # the rows written so far, per cohort
    cohort: dict[str, str]  # its cells on From the model
    n: dict[str, str]  # the scenario's inputs: names or cells
    year_row: int
    crf: str
    crf_site: str
    refresh_tdp_w: str
    catalog_capex: str

    def this(self, key: str) -> str:
        """The cohort's cell of row `key` in this year."""
        return f"{self.col}{self.rows[key][self.i]}"

    def final(self, key: str) -> str:
        """The cohort's cell of row `key` in the last year."""
        return f"{self.last}{self.rows[key][self.i]}"

    def single(self, key: str) -> str:
        """The cohort's one value of row `key` (column D)."""
        return f"$D${self.rows[key][self.i]}"

    @property
    def before(self) -> str:
        """True for a cohort bought before the horizon (paid by its charges, as a lease)."""
        return f"{self.cohort['install_year']}<{absolute(FIRST_YEAR_COLUMN, self.year_row)}"

    @property
    def end(self) -> str:
        """Years from the start year to the last."""
        return f"{self.last}${self.year_row}-{absolute(FIRST_YEAR_COLUMN, self.year_row)}"


def _paid(x: At, site: bool) -> str:
    """Capex paid: the price when bought; a cohort from before the horizon pays its charges."""
    life = x.n["facility_life_years" if site else "amortization_years"]
    price, charge = ("site", "site_charge") if site else ("installed", "charge")
    age = x.this("age")
    renewed = "TRUE" if site else f"OR({x.n['refresh']}=1,{age}=0)"
    return (
        f"IF(AND({age}>=0,MOD({age},{life})=0,{renewed}),{x.this(price)},0)"
        f"+IF(AND({x.before},{age}>=0,{age}<{life}),{x.this(charge)},0)"
    )


def _due(x: At, site: bool) -> str:
    """Charges a purchase still owes after the horizon (none for the baseline's first life)."""
    life = x.n["facility_life_years" if site else "amortization_years"]
    age = x.final("age")
    into = f"MOD({age},{life})" if site else f"IF({x.n['refresh']}=1,MOD({age},{life}),{age})"
    return f"IF(AND({age}>=0,{into}<{life},NOT(AND({x.before},{age}<{life}))),{life}-1-{into},0)"


def _residual(x: At) -> str:
    """Present value at the start year of the charges due after the horizon."""
    rate = x.n["cost_of_capital"]
    gpus = f"{x.final('gpus')}*{x.final('price')}*{x.crf}"
    site = f"{x.final('site')}*{x.crf_site}"
    return (
        f"{gpus}*{discounted_charges(rate, x.end, x.single('due'))}"
        f"+{site}*{discounted_charges(rate, x.end, x.single('site_due'))}"
    )


def _power(x: At) -> str:
    n = x.n
    tdp = f"IF({x.this('refreshed')}=1,{x.refresh_tdp_w},{x.cohort['tdp_w']})"
    return (
        f"{x.this('gpus')}*{tdp}*{n['server_power_factor']}*{n['avg_power_fraction']}/1000"
        f"*{n['pue']}*8760*{n['electricity_usd_per_kwh']}"
    )


# (key, title, unit, number format, formula, one value per cohort rather than per year)
COHORT_LINES: tuple[tuple[str, str, str, str, Callable[[At], str], bool], ...] = (
    (
        "age",
        "Age (years since installed)",
        "years",
        PLAIN,
        lambda x: f"{x.col}${x.year_row}-{x.cohort['install_year']}",
        False,
    ),
    (
        "refreshed",
        "Re-bought as the generation bought now (the baseline; a later cohort stays its own)",
        "1 = yes",
        PLAIN,
        lambda x: (
            f"IF(AND({x.n['refresh']}=1,{x.this('age')}>={x.n['amortization_years']},"
            f"{x.cohort['rebought']}=1),1,0)"
        ),
        False,
    ),
    (
        "price",
        "Price per GPU",
        "USD/GPU",
        USD,
        lambda x: (
            f"IF(OR({x.this('refreshed')}=1,{x.cohort['priced']}=1),"
            f"{x.n['capex_per_gpu_usd']},{x.catalog_capex})"
        ),
        False,
    ),
    (
        "gpus",
        "GPUs in service",
        "GPUs",
        COUNT,
        lambda x: f"IF({x.this('age')}>=0,{x.cohort['gpus']},0)",
        False,
    ),
    (
        "charge",
        "GPU capital charge: GPUs x price x recovery factor, while charged",
        "USD",
        USD,
        lambda x: (
            f"IF(OR({x.n['refresh']}=1,{x.this('age')}<{x.n['amortization_years']}),"
            f"{x.this('gpus')}*{x.this('price')}*{x.crf},0)"
        ),
        False,
    ),
    (
        "site",
        "Facility bought: IT MW at the installed TDP x capex per MW",
        "USD",
        USD,
        lambda x: (
            f"{x.this('gpus')}*{x.cohort['tdp_w']}*{x.n['server_power_factor']}/1000000"
            f"*{x.n['facility_capex_usd_per_mw']}"
        ),
        False,
    ),
    (
        "site_charge",
        "Facility charge: facility x recovery factor",
        "USD",
        USD,
        lambda x: f"{x.this('site')}*{x.crf_site}",
        False,
    ),
    (
        "power",
        "Power: GPUs x TDP x server factor x average draw x PUE x 8,760 h x price",
        "USD",
        USD,
        _power,
        False,
    ),
    (
        "installed",
        "Installed GPU capex (stock: GPUs in service x price, base for opex)",
        "USD",
        USD,
        lambda x: f"{x.this('gpus')}*{x.this('price')}",
        False,
    ),
    (
        "paid",
        "GPU capex paid: the price when bought, the baseline's charges until re-bought",
        "USD",
        USD,
        lambda x: _paid(x, site=False),
        False,
    ),
    (
        "site_paid",
        "Facility capex paid, likewise (always re-bought at the end of its life)",
        "USD",
        USD,
        lambda x: _paid(x, site=True),
        False,
    ),
    (
        "due",
        "GPU charges due after the horizon",
        "charges",
        PLAIN,
        lambda x: _due(x, site=False),
        True,
    ),
    (
        "site_due",
        "Facility charges due after the horizon",
        "charges",
        PLAIN,
        lambda x: _due(x, site=True),
        True,
    ),
    (
        "residual",
        "Residual value: the charges due after the horizon, at the start year",
        "USD",
        USD,
        _residual,
        True,
    ),
)


def cohort_lines(
    b: Block, part: MoneyParts, q: Quantities, n: dict[str, str], anchors: tuple[int, str, str]
) -> dict[str, list[int]]:
    """Every line of COHORT_LINES, a row per cohort; the rows by key.

    `anchors` are the year row and the two capital recovery factors' cells.
    """
    year_row, crf, crf_site = anchors
    labels = [cohort.label for cohort in part.cohorts]
    rows: dict[str, list[int]] = {}

    def at(i: int, col: str) -> At:
        capex = n[f"capex[{part.cohorts[i].generation}]"]
        return At(
            i,
            col,
            b.columns[-1],
            rows,
            q.cohorts[i],
            n,
            year_row,
            crf,
            crf_site,
            q.refresh_tdp_w,
            capex,
        )

    def bind(formula: Callable[[At], str]) -> Callable[[int, str], str]:
        return lambda i, col: formula(at(i, col))

    for key, title, unit, fmt, formula, single in COHORT_LINES:
        write = b.singles if single else b.lines
        rows[key] = write(title, unit, labels, bind(formula), fmt)
    return rows


def money_lines(
    b: Block,
    part: MoneyParts,
    q: Quantities,
    n: dict[str, str],
    fleet: dict[str, list[int]],
    timing: tuple[int, int],
) -> dict[str, list[str]]:
    """The yearly money and the present cost; each output's cell references."""
    elapsed, discount = timing
    b.grid.label(b.row, "Money by year", bold=True)
    b.row += 1
    line = fleet_money(b, n, fleet) | outside_money(b, part, q, n, elapsed)
    spend = [line[k] for k in ("fleet_cost_usd", "partner_spend_usd", "cloud_burst_usd")]
    line["total_cost_usd"] = b.line("Total cost", "USD", lambda c: _plus(c, spend), USD)
    line["capex_cash_usd"] = b.total("Capex cash", fleet["paid"] + fleet["site_paid"])
    cash = ("capex_cash_usd", "power_usd", "opex_usd", "partner_spend_usd", "cloud_burst_usd")
    line["cash_outlay_usd"] = b.line(
        "Cash outlay", "USD", lambda c: _plus(c, [line[k] for k in cash]), USD
    )
    first, last = b.columns[0], b.columns[-1]

    def across(row: int) -> str:
        return f"{first}{row}:{last}{row}"

    pv = b.single(
        "Present value of the cash",
        "USD",
        f"SUMPRODUCT({across(line['cash_outlay_usd'])},{across(discount)})",
        USD,
    )
    residual = fleet["residual"]
    singles = {
        "residual_usd": b.single(
            "Residual value", "USD", f"SUM(D{residual[0]}:D{residual[-1]})", USD
        ),
        "horizon_cost_usd": b.single(
            "Horizon cost", "USD", f"SUM({across(line['total_cost_usd'])})", USD
        ),
    }
    singles["pv_cost_usd"] = b.single(
        "Present cost", "USD", f"{pv}-{singles['residual_usd']}", USD, "less the residual"
    )
    refs = {key: [f"{b.grid.name}!${c}${row}" for c in b.columns] for key, row in line.items()}
    return refs | {key: [f"{b.grid.name}!{ref}"] for key, ref in singles.items()}


def fleet_money(b: Block, n: dict[str, str], fleet: dict[str, list[int]]) -> dict[str, int]:
    """The fleet's yearly cost: the cohorts' charges, power and opex, summed; rows by key."""
    line = {
        "capital_charge_usd": b.total("GPU capital charge", fleet["charge"]),
        "facility_charge_usd": b.total("Facility charge", fleet["site_charge"]),
        "power_usd": b.total("Power", fleet["power"]),
    }
    installed = b.total(INSTALLED_STOCK, fleet["installed"])
    line["opex_usd"] = b.line("Opex", "USD", lambda c: f"{c}{installed}*{n['opex_fraction']}", USD)
    own = list(line.values())
    line["fleet_cost_usd"] = b.line("Fleet cost", "USD", lambda c: _plus(c, own), USD)
    return line


def outside_money(
    b: Block, part: MoneyParts, q: Quantities, n: dict[str, str], elapsed: int
) -> dict[str, int]:
    """Partner spend route by route, and the cloud burst; rows by key."""
    routes = b.lines(
        "Partner spend: tokens x blended list price x price change x shock",
        "USD",
        [label for label, _share, _tokens in q.routes],
        lambda i, col: _route_spend(part, q, n, i, col, elapsed),
        USD,
    )
    hours = dict(zip(b.columns, q.burst_hours, strict=True))
    return {
        "partner_spend_usd": b.total("Partner spend", routes),
        "cloud_burst_usd": b.line(
            "Cloud burst: H100-hours x price x (1 + change) ^ years",
            "USD",
            lambda c: (
                f"{hours[c]}*{n['burst_usd_per_hour']}*(1+{n['burst_price_change']})^{c}{elapsed}"
            ),
            USD,
        ),
    }


def _plus(col: str, rows: list[int]) -> str:
    return "+".join(f"{col}{row}" for row in rows)


def _route_spend(
    part: MoneyParts, q: Quantities, n: dict[str, str], i: int, col: str, elapsed: int
) -> str:
    """Partner spend of route `i` in the year of column `col`."""
    model = part.routes[i].model
    _label, share, tokens = q.routes[i]
    t = [get_column_letter(FIRST_YEAR_COLUMN + t) for t in range(len(part.years))].index(col)
    price_in, price_out = n[f"price_in[{model}]"], n[f"price_out[{model}]"]
    return (
        f"{tokens[t]}*({price_in}*(1-{share})+{price_out}*{share})/1000000"
        f"*(1+{n[f'price_change[{model}]']})^{col}{elapsed}*{n['price_shock']}"
    )


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
