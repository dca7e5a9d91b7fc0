"""A refreshed cohort keeps its generation (issue 25, item 8; docs/model.md#F-capital-charge).

Tiny with a one-year life and refresh on, and a plan of 100 NEW in 2026: in 2027 the
cohort is past its life and re-bought. It is re-bought as NEW (1.5 kW, twice REF's
bandwidth), never as the selected REF: the site draws (1,000 x 1 kW + 100 x 1.5 kW) x
server factor 2 = 2.3 MW both years, and the cohort counts twice a REF GPU's capacity.
"""

import numpy as np
import pytest

import core
from core.engine.compiled import compile_scenario
from core.scenario.sources import source_for


def test_a_planned_cohort_is_rebought_as_its_own_generation(tiny):
    plan = [{"year": 2026, "gpu": "NEW", "gpus": 100}]
    scenario = tiny({"fleet.refresh": True, "fleet.amortization_years": 1, "build_plan": plan})
    s, _ = compile_scenario(scenario)
    new = s.cohort_gpu.index("NEW")
    assert s.cohort_refreshed[new].tolist() == [False, True]
    assert s.cohort_bandwidth_ratio[new].tolist() == [2.0, 2.0]
    assert s.cohort_tdp_w[new].tolist() == [1500.0, 1500.0]
    fleet = core.evaluate(scenario).outputs.fleet
    np.testing.assert_allclose(fleet.facility_mw[0], [(1000 * 1000 + 100 * 1500) * 2 / 1e6] * 2)
    # Re-bought in 2027 at NEW's $100,000 (not the fleet input's $60,000), with the baseline's
    # 1,000 REF re-bought at $60,000 every year of a one-year life.
    np.testing.assert_allclose(fleet.capex_cash_usd[0], [1000 * 60_000 + 100 * 100_000] * 2)


def test_the_baseline_is_still_rebought_as_the_selected_generation(tiny):
    scenario = tiny({"fleet.refresh": True, "fleet.amortization_years": 1,
                     "fleet.baseline_gpu": "NEW"})  # fmt: skip
    s, _ = compile_scenario(scenario)
    assert s.cohort_gpu[0] == "NEW"
    assert s.cohort_bandwidth_ratio[0].tolist() == pytest.approx([1.0, 1.0])  # as REF


def test_the_refresh_source_note_says_what_the_engine_re_buys():
    """The Sources tab and the workbook's Inputs sheet read this note: since issue 25 only the
    baseline is re-bought as the selected generation, a planned cohort as its own."""
    note = source_for(core.default_scenario(), "fleet.refresh").text
    assert "the baseline as GPUs of the selected generation" in note
    assert "any later cohort as its own generation" in note
