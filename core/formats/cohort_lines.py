"""The finance workbook's rows per cohort: its GPUs' capital, facility and power as formulas.

One row per cohort and year (`COHORT_LINES`): age, re-bought or not, price, GPUs in
service, the GPU and facility capital charges (an annuity due, docs/model.md#F-capital-charge),
power, installed capex, capex paid, the charges due after the horizon and the residual
value. The yearly money sums these rows (`core.formats.calculations`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.formats.finance_parts import MoneyParts
from core.formats.workbook_cells import (
    COUNT,
    FIRST_YEAR_COLUMN,
    PLAIN,
    USD,
    Block,
    Quantities,
    absolute,
)


def discounted_charges(rate: str, elapsed: str, charges: str) -> str:
    """The sum of (1 + r)^-(elapsed + k), k = 1..charges: charges after the horizon, at t0."""
    return f"IF({rate}>0,(1+{rate})^-({elapsed})*(1-(1+{rate})^-{charges})/{rate},{charges})"


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
