"""Usage history: known growth recovered from generated months, matching names, bad tables.

The fit: docs/model.md#F-usage-fit.
"""

import math

import numpy as np
import pandas as pd
import pytest

import core
from core.formats.imports import product_edit, usage_changes
from core.formats.usage import UsageColumns, UsageError, fit_usage, match_products, read_usage

HEADER = "month,product,input_tokens,output_tokens\n"


def generated(months: int = 24, growth: float = 0.5, start: str = "2024-01", noise: float = 0.0):
    """Monthly rows of two products: A grows by `growth` a year from 1e9 a month, B is flat."""
    rng = np.random.default_rng(7)
    first = pd.Period(start, "M")
    rows = []
    for m in range(months):
        volume = 1e9 * (1 + growth) ** (m / 12) * math.exp(rng.normal(0, noise))
        rows.append((str(first + m), "A", round(volume * 0.8), round(volume * 0.2)))
        rows.append((str(first + m), "B", 3e8, 1e8))
    return pd.DataFrame(rows, columns=["month", "product", "input_tokens", "output_tokens"])


def fits_by_name(path, base_year=2026):
    return {f.product: f for f in fit_usage(read_usage(path), base_year)}


def test_a_known_growth_is_recovered_exactly(tmp_path):
    path = tmp_path / "usage.csv"
    generated().to_csv(path, index=False)
    fits = fits_by_name(path)
    a = fits["A"]
    assert a.growth == pytest.approx(0.5, rel=1e-6)
    assert a.r_squared == pytest.approx(1.0)
    assert (a.months, a.rows, a.zero_months, a.problem) == (24, 24, 0, "")
    # 2026 is months 24-35 from January 2024: 1e9 x 1.5^(k/12) summed.
    expected = sum(1e9 * 1.5 ** (k / 12) for k in range(24, 36))
    assert a.tokens_per_year == pytest.approx(expected, rel=1e-6)
    b = fits["B"]
    assert (b.growth, b.r_squared) == (pytest.approx(0.0, abs=1e-12), 1.0)
    assert b.tokens_per_year == pytest.approx(12 * 4e8)


def test_noise_lowers_r_squared_and_the_growth_stays_close(tmp_path):
    path = tmp_path / "noisy.xlsx"
    generated(months=36, noise=0.1).to_excel(path, index=False)
    a = fits_by_name(path)["A"]
    assert a.growth == pytest.approx(0.5, abs=0.06)
    assert 0.8 < a.r_squared < 0.999


def test_a_hand_worked_fit_with_a_split_month_and_a_zero_month(tmp_path):
    """Months 0, 1, 2 with 100, 200, 400 tokens (one split over two rows), month 3 empty."""
    text = HEADER + (
        "2025-01,P,60,40\n2025-02,P,200,0\n2025-03,P,150,50\n2025-03,P,100,100\n2025-04,P,0,0\n"
    )
    path = tmp_path / "usage.csv"
    path.write_text(text)
    fit = fits_by_name(path, base_year=2025)["P"]
    assert (fit.rows, fit.months, fit.zero_months) == (5, 3, 1)
    assert fit.growth == pytest.approx(2**12 - 1)  # doubling monthly
    assert fit.problem == "growth +409500% a year is outside -90% to +1000%"
    fit_2024 = fits_by_name(path, base_year=2024)["P"]
    assert fit_2024.tokens_per_year == pytest.approx(sum(100 * 2.0 ** (k - 12) for k in range(12)))


def test_too_few_months_cannot_be_applied(tmp_path):
    path = tmp_path / "usage.csv"
    path.write_text(HEADER + "2025-01,P,1,1\n2025-02,P,1,1\n")
    fit = fits_by_name(path)["P"]
    assert fit.problem == "has 2 months with tokens; a fit needs at least 3"
    assert math.isnan(fit.growth)


def test_names_match_exactly_then_ignoring_case_and_spaces():
    products = ["GitHub Copilot", "Excel"]
    assert match_products([" github copilot ", "Excel", "Teams"], products) == {
        " github copilot ": "GitHub Copilot",
        "Excel": "Excel",
        "Teams": None,
    }


def test_applying_a_fit_sets_volume_growth_and_sources(tmp_path):
    scenario = core.default_scenario()
    path = tmp_path / "usage.csv"
    generated().to_csv(path, index=False)
    fit = fits_by_name(path)["A"]
    product = scenario.products[0]
    edit = product_edit(scenario, {product.name: (usage_changes(product, fit), "from a file")})
    after = core.scenario.edits.with_changes(scenario, edit)
    assert after.products[0].growth == pytest.approx(0.5)
    assert after.products[0].tokens_per_year == pytest.approx(fit.tokens_per_year)
    assert after.sources[f"products.{product.name}.growth"].text == "from a file"
    assert after.products[1:] == scenario.products[1:]


def test_other_column_names_by_mapping(tmp_path):
    path = tmp_path / "usage.csv"
    path.write_text("Period,SKU,In,Out\n2025-01,P,1,1\n2025-02,P,2,2\n2025-03,P,4,4\n")
    columns = UsageColumns(month="period", product="sku", input="in", output="OUT")
    assert fit_usage(read_usage(path, columns), 2025)[0].months == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "usage.csv: is empty"),
        (HEADER, "usage.csv: has a header but no months"),
        (
            "month,product,tokens\n2025-01,P,1\n",
            "usage.csv: header: has no input tokens column (looked for 'input_tokens', any case);"
            " its columns are: 'month', 'product', 'tokens'",
        ),
        (HEADER + "2025-01,P,1,1\nJanuary,P,1,1\n", "row 2 (line 3), column 'month': 'January' "),
        (HEADER + "2025-01,,1,1\n", "row 1 (line 2), column 'product': an empty cell is not a"),
        (HEADER + "2025-01,P,-4,1\n", "column 'input_tokens': '-4' is negative"),
        (HEADER + "2025-01,P,1,lots\n", "column 'output_tokens': 'lots' is not a number of tokens"),
        (HEADER + "2025-01,P,1,1,9\n", "row 1 (line 2): has more fields than the header"),
        (  # pandas' "Mixed timezones detected. Pass utc=True", naming no row, before
            HEADER + "2025-01-01T00:00:00+14:00,P,1,0\n2025-02-01T00:00:00-12:00,P,2,0\n",
            "row 2 (line 3), column 'month': '2025-02-01T00:00:00-12:00' is in another time "
            "zone than row 1 (+14:00); give every month one zone",
        ),
        (
            HEADER + "2025-01,P,1,0\n2025-02-01T00:00:00Z,P,2,0\n",
            "row 2 (line 3), column 'month': '2025-02-01T00:00:00Z' is in another time zone "
            "than row 1 (no zone)",
        ),
        (  # 1e308 + 1e308 summed to inf: "growth +nan% a year is outside -90% to +1000%"
            HEADER + "2025-01,P,1e308,1e308\n",
            "row 1 (line 2), column 'input_tokens': '1e+308' is over 1e+19 tokens, more than a "
            "product may have in a year",
        ),
        (  # year 1 grown to the base year at x11 a year overflowed to inf
            HEADER + "0001-01,P,1,0\n",
            "row 1 (line 2), column 'month': '0001-01' is not a month from 2000 to 2100",
        ),
        (  # both matched one scenario product: the later fit replaced the earlier silently
            HEADER + "2025-01,github copilot,1,0\n2025-01,Excel,1,0\n2025-02,GITHUB COPILOT,1,0\n",
            "row 3 (line 4), column 'product': 'GITHUB COPILOT' differs only in case from "
            "'github copilot' (row 1): one product, two spellings",
        ),
    ],
)
def test_bad_tables_name_file_row_and_column(tmp_path, text, message):
    path = tmp_path / "usage.csv"
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        read_usage(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


NINES = "9" * 310  # an integer no float holds: pandas' OverflowError, naming nothing, before
OVER = "is over 1e+19 tokens, more than a product may have in a year"


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        (NINES, f"'{NINES[:40]}' {OVER}"),
        ("9" * 5000, f"'{NINES[:40]}' {OVER}"),  # "is not a number", before
        (f"-{NINES}", f"'-{NINES[:39]}' is negative; token counts are 0 or more"),
        ("1e400", f"'1e400' {OVER}"),  # shown as 'inf' and "not a number", before
        # pandas reads these as missing: "an empty cell", before
        ("NaN", "'NaN' is not a number of tokens"),
        ("nan", "'nan' is not a number of tokens"),
        ("NA", "'NA' is not a number of tokens"),
        ("", "an empty cell is not a number of tokens"),
        # pandas reads these as infinity: shown as 'inf', before
        ("inf", "'inf' is not a number of tokens"),
        ("-inf", "'-inf' is not a number of tokens"),
        ("Infinity", "'Infinity' is not a number of tokens"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_token_cell_that_is_no_number_is_shown_as_typed(tmp_path, cell, problem, suffix):
    path = tmp_path / f"usage{suffix}"
    rows = [["2025-01", "P", "1", "1"], ["2025-02", "P", "2", cell], ["2025-03", "P", "3", "3"]]
    if suffix == ".csv":
        path.write_text(HEADER + "".join(",".join(row) + "\n" for row in rows))
    else:  # every cell text, as a sheet exported from another tool may hold it
        pd.DataFrame(rows, columns=HEADER.strip().split(",")).to_excel(path, index=False)
    with pytest.raises(UsageError) as caught:
        read_usage(path)
    assert str(caught.value) == f"{path}: row 2 (line 3), column 'output_tokens': {problem}"


def test_one_column_for_two_roles_is_refused_naming_it(tmp_path):
    path = tmp_path / "usage.csv"
    path.write_text("month,product,tokens\n2025-01,P,1\n")
    with pytest.raises(UsageError) as caught:  # a table of two equal columns, before
        read_usage(path, UsageColumns(input="tokens", output="TOKENS"))
    assert str(caught.value) == (
        f"{path}: header, column 'tokens': is given as both the input tokens and the output "
        "tokens column"
    )


def test_bad_files_folder_non_utf8_not_a_workbook_and_too_large(tmp_path, monkeypatch):
    with pytest.raises(UsageError, match="is a folder, not a file"):
        read_usage(tmp_path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "2025-01,Caf\u00e9,1,1\n").encode("latin-1"))
    with pytest.raises(UsageError, match=r"row 1 \(line 2\), column 'product': is not UTF-8 text"):
        read_usage(latin)
    fake = tmp_path / "fake.xlsx"
    fake.write_text(HEADER)
    with pytest.raises(UsageError, match=r"fake.xlsx: is not a readable XLSX workbook: "):
        read_usage(fake)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as stream:
        stream.truncate(60 * 2**20)  # sparse
    with pytest.raises(UsageError, match=r"is 0.1 GB; usage tables are read up to 0.0 GB"):
        read_usage(huge)


def test_a_fit_by_hand_names_what_it_cannot_apply():
    """fit_product on twelve months of 2025 (docs/model.md#F-usage-fit), every field."""
    from core.formats.usage import UsageFit, fit_product

    months = 2025 * 12 + np.arange(12)
    two = fit_product("P", 12, months, np.array([0.0] * 10 + [1.0, 2.0]), 2026)
    assert (two.rows, two.months, two.zero_months, two.problem) == (
        12,
        2,
        10,
        "has 2 months with tokens; a fit needs at least 3",
    )
    assert all(math.isnan(v) for v in (two.tokens_per_year, two.growth, two.r_squared))
    flat = fit_product("P", 12, months, np.array([1.0] * 3 + [0.0] * 9), 2026)
    assert flat == UsageFit("P", 12, 3, 9, 12.0, 0.0, 1.0, "")  # 1 token a month is used
    wobble = fit_product("P", 12, months, np.array([100.0, 101.0] * 6), 2026)
    assert wobble.r_squared == pytest.approx(0.020979, abs=1e-6)  # a poor fit says so
    assert wobble.growth == pytest.approx(0.002508, abs=1e-6)
    big = fit_product("P", 12, months, 1e18 * 2 ** (np.arange(12) / 12), 2026)
    assert big.problem == "3.36e+19 tokens in 2026 is over the most a product may have (1e19)"
    fast = fit_product("P", 12, months, 100 * 12.0 ** (np.arange(12) / 12), 2026)
    assert fast.problem == "growth +1100% a year is outside -90% to +1000%"
    slow = fit_product("P", 12, months, 100 * 0.05 ** (np.arange(12) / 12), 2026)
    assert slow.problem == "growth -95% a year is outside -90% to +1000%"


def test_a_table_over_the_row_limit_names_the_file_and_the_first_row_over(tmp_path, monkeypatch):
    import core.formats.usage as usage

    monkeypatch.setattr(usage, "MAX_USAGE_ROWS", 3)
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "".join(f"2025-0{m},P,1,1\n" for m in range(1, 5)))
    with pytest.raises(UsageError) as caught:
        read_usage(path)
    assert str(caught.value) == f"{path}: row 4 (line 5): has more than 3 rows"


@pytest.mark.parametrize("name", ["NA", "None", "null", "N/A"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_product_named_as_pandas_missing_value_is_read_as_its_name(tmp_path, name, suffix):
    """pandas reads NA, None, null and N/A as missing: such a product was refused as an
    empty cell; it is a name like any other (the import matches it, or says it is unknown)."""
    table = generated()
    table["product"] = table["product"].replace("B", name)
    path = tmp_path / f"usage{suffix}"
    if suffix == ".csv":
        table.to_csv(path, index=False)
    else:
        table.to_excel(path, index=False)
    assert set(fits_by_name(path)) == {"A", name}
