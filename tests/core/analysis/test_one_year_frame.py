"""The one-year table as numbers: what Compare's XLSX export writes beside every decision row."""

import math

import pytest
from scopes import SHARED

import core
from core.analysis.compare import compare
from core.scenario.edits import with_changes


@pytest.fixture(scope=SHARED)
def comparison():
    base = core.default_scenario()
    scaled = with_changes(base, {"name": "Scaled", "fleet.scale": 8.0})
    shocked = with_changes(base, {"name": "Shocked", "levers.price_shock": 2.0})
    return compare([base, scaled, shocked], year=2028)


def test_a_row_per_kpi_shown_with_each_scenario_s_numbers(comparison):
    frame = comparison.one_year_frame()
    assert list(frame.columns) == [
        "year",
        "kpi",
        "label",
        "Baseline value",
        "Scaled value",
        "Scaled delta",
        "Scaled delta_pct",
        "Shocked value",
        "Shocked delta",
        "Shocked delta_pct",
    ]
    assert list(zip(frame.kpi, frame.label, strict=True)) == comparison.one_year_rows()
    assert set(frame.year) == {2028}
    for row in frame.itertuples(index=False):
        cells = dict(zip(frame.columns, row, strict=True))
        assert cells["Baseline value"] == comparison.cell(row.kpi, "Baseline", "value")
        for name in ("Scaled", "Shocked"):
            for measure in ("value", "delta", "delta_pct"):
                expected = comparison.cell(row.kpi, name, measure)
                found = cells[f"{name} {measure}"]
                assert found == expected or (math.isnan(found) and math.isnan(expected))


def test_its_figures_are_numbers_not_text(comparison):
    frame = comparison.one_year_frame()
    figures = frame.drop(columns=["kpi", "label"])
    assert all(kind.kind in "if" for kind in figures.dtypes)
