"""`scaledeck evaluate`'s text table: columns that never run together, figures that never
read 0 when they are not, and an n/a that says why (review findings 9, 10 and 13)."""

import re

import pytest

from cli.main import main
from cli.tables import aligned

ZERO_TOKENS = [f"--set=products[{i}].tokens_per_year=0" for i in range(6)]
ONE_GPU = [*ZERO_TOKENS, "--set=fleet.baseline_gpus=1", "--set=models[MAI-2].train_tokens=0",
           "--set=models[MAI-2].train_year=null"]  # fmt: skip


def rows(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, list[str]]:
    """Each table row's cells by label (the label ends where two spaces begin)."""
    assert main(["evaluate", *argv]) == 0
    out = capsys.readouterr().out.splitlines()
    table = out[3 : out.index("", 3)]
    return {label: cells for label, *cells in (re.split(r"\s{2,}", line) for line in table)}


def test_a_column_widens_to_its_widest_cell():
    """A fixed width of 12 printed "8108,414,444,258253,966,603,630": two years as one."""
    lines = aligned(["2054", "2055"], [("Demand", ["108,414,444,258", "253,966,603,630"])])
    assert lines[1] == "Demand  108,414,444,258  253,966,603,630"
    assert lines[0] == "                   2054             2055"


def test_years_of_huge_figures_stay_apart(capsys):
    table = rows(capsys, "--set=horizon.end_year=2055", "--set=levers.demand_growth_multiplier=2")
    assert all(len(cells) == 30 for cells in table.values()), table  # 2026-2055, none merged
    assert all(re.fullmatch(r"-?[\d,.]+|n/a", cell) for cells in table.values() for cell in cells)


def test_a_figure_in_a_fixed_unit_that_is_not_zero_never_reads_zero(capsys):
    """One GPU: "Fleet cost ($M) 0" for $15k, "Site power (MW) 0.0" for 0.0017 MW."""
    table = rows(capsys, *ONE_GPU)
    assert table["Fleet cost ($M)"] == ["0.02"] * 6
    assert table["Site power (MW)"] == ["0.001"] * 6
    assert table["Partner spend ($M)"] == ["0"] * 6  # none at all stays 0


def test_a_cost_per_token_under_a_cent_keeps_its_digits(capsys):
    """From 2048 on the cost per million tokens read 0.00; it is $0.004 down to $0.001."""
    table = rows(capsys, "--set=horizon.end_year=2055")
    assert table["Cost per M tokens ($)"][-1] != "0.00"
    assert float(table["Cost per M tokens ($)"][-1]) > 0


def test_an_n_a_says_why_under_the_table(capsys):
    assert main(["evaluate", *ZERO_TOKENS]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "n/a: Cost per M tokens ($) in 2026-2031: no token is served" in out
