"""The typed results: each name a spec may use is a field, and every field reaches the tables."""

from dataclasses import fields
from typing import get_args

import numpy as np
import pytest
from scopes import SHARED

import core
from core.engine.result_tables import (
    RISK_TERMS,
    KpiName,
    ModelArrays,
    ProductArrays,
    ProductColumn,
    ProviderArrays,
    YearSeries,
)


@pytest.fixture(scope=SHARED)
def default_results() -> core.Results:
    return core.evaluate(core.default_scenario())


def test_each_literal_lists_exactly_its_dataclass_fields_in_order():
    assert get_args(KpiName) == tuple(f.name for f in fields(YearSeries))
    assert get_args(ProductColumn) == tuple(f.name for f in fields(ProductArrays))


def test_the_tables_have_one_column_per_field_with_the_arrays_values(default_results):
    r = default_results
    assert list(r.by_year.columns) == list(get_args(KpiName))
    assert list(r.products.columns) == list(get_args(ProductColumn))
    assert list(r.models.columns) == ["provider"] + [f.name for f in fields(ModelArrays)]
    assert list(r.providers.columns) == [f.name for f in fields(ProviderArrays)]
    for name in get_args(KpiName):
        assert np.array_equal(r.by_year[name].to_numpy(), r.series(name), equal_nan=True), name
    first = r.structure.product_names[0]
    year = r.years[2]
    for column in get_args(ProductColumn):
        expected = r.products.loc[(first, year), column]
        assert np.isclose(r.per_product(column, year)[0], expected, equal_nan=True), column


def test_risk_terms_are_the_kernels_axis_in_order(default_results):
    y = default_results.yearly
    terms = default_results.outputs.risk_terms[0]
    for i, name in enumerate(RISK_TERMS):
        assert np.array_equal(y.named(name), terms[:, i]), name


def test_kpi_reads_one_year_of_a_series(default_results):
    r = default_results
    for t, year in enumerate(r.years):
        assert r.kpi("total_cost_usd", year) == float(r.yearly.total_cost_usd[t])


def test_each_models_partner_spend_is_its_own_summed_over_products(default_results):
    """In-house models spend nothing with partners; a partner model's spend is what every
    product routed to it spent there (the models table, the export's `models` sheet)."""
    r = default_results
    spend = r.model_arrays.partner_spend_usd  # (T, M)
    in_house = r.structure.in_house
    assert np.all(spend[:, in_house] == 0.0)
    by_route = r.outputs.partner_spend_usd[0]  # (T, P, M)
    np.testing.assert_allclose(spend, by_route.sum(axis=1))
    assert np.all(spend[:, ~in_house].sum(axis=1) > 0.0)
