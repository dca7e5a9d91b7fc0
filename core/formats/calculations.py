"""The finance workbook's Calculations sheet: ScaleDeck's money by year, as formulas only.

Each scenario's block: the years, the discount factor, the capital recovery factors, the
rows per cohort (`core.formats.cohort_lines`), then the money by year (the fleet's charges,
power and opex, partner spend route by route, cloud burst, cash) and the present cost.
Every cell is a formula over the Inputs and From the model sheets, so a changed input
changes every output.
"""

from openpyxl.utils import get_column_letter

from core.formats.cohort_lines import cohort_lines
from core.formats.finance_parts import MoneyParts
from core.formats.workbook_cells import (
    FACTOR,
    FIRST_YEAR_COLUMN,
    PLAIN,
    USD,
    Block,
    Grid,
    Names,
    Quantities,
    absolute,
)

INSTALLED_STOCK = "Installed GPU capex (stock, base for opex; not a yearly flow)"


def annuity_due(rate: str, years: str) -> str:
    """The capital recovery factor of an annuity due (docs/model.md#F-capital-charge)."""
    return f"IF({rate}>0,{rate}/((1+{rate})*(1-(1+{rate})^-{years})),1/{years})"


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
