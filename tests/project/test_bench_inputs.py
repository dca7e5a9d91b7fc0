"""The benchmarks' own inputs stay valid scenarios (a schema change once broke the run)."""

import core
from benchmarks.bench_core import large_scenario


def test_the_large_portfolio_is_a_valid_scenario_of_its_size():
    scenario = large_scenario(products=12, models=6, years=3)
    assert (len(scenario.products), len(scenario.models)) == (12, 6)
    assert scenario.horizon.years == [2026, 2027, 2028]
    assert core.evaluate(scenario).by_year.total_cost_usd.gt(0).all()
