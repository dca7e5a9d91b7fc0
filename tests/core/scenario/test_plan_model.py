"""The plan a scenario can carry: build plan and routing per year (schema 6).

Hand figures on the tiny scenario of conftest.py (docs/model.md#F-build-plan,
docs/model.md#F-routing-by-year): 1,000 REF GPUs at 90% availability, REF the reference
(4 TB/s, 1,000 W), NEW twice its bandwidth at 1,500 W and $100,000; Own serves 1,000
tokens a second per REF GPU; no cost of capital, no facility charge, a flat $5 burst.
"""

import numpy as np
import pytest

import core
from core.scenario.edits import with_changes
from core.scenario.migrations import MIGRATIONS

REL = 1e-12


def _plan(scenario: core.Scenario, **fields: object) -> core.Scenario:
    """`scenario` with plan fields set (validated like a file)."""
    data = {"schema_version": core.SCHEMA_VERSION, **scenario.model_dump(mode="json")}
    return core.parse_scenario(data | fields)


def test_a_version_5_file_reads_as_version_6_unchanged():
    data = {"schema_version": 5, "name": "x", "fleet": {"scale": 2.0}}
    assert MIGRATIONS[5](data) == {"schema_version": 6, "name": "x", "fleet": {"scale": 2.0}}
    assert core.SCHEMA_VERSION >= 6


def test_a_plan_of_the_ramps_own_additions_gives_the_ramps_figures():
    """docs/model.md#F-build-plan: the default at scale 2 and its plan agree to the dollar."""
    ramp = with_changes(core.default_scenario(), {"fleet.scale": 2.0})
    rows = [{"year": y, "gpu": "H100", "gpus": 5_000} for y in (2027, 2028, 2029)]
    planned = _plan(ramp, build_plan=rows)
    a, b = core.evaluate(ramp).outputs, core.evaluate(planned).outputs
    assert b.pv_cost_usd[0] == pytest.approx(a.pv_cost_usd[0], rel=REL)
    assert b.pv_cost_usd[0] == pytest.approx(18_807_741_628.4, abs=1.0)
    np.testing.assert_allclose(b.fleet.gpus, a.fleet.gpus, rtol=REL)
    np.testing.assert_allclose(b.risk_index, a.risk_index, rtol=1e-9)
    # The plan replaces scale: scale 5 with the same plan changes nothing.
    louder = with_changes(planned, {"fleet.scale": 5.0})
    assert core.evaluate(louder).outputs.pv_cost_usd[0] == pytest.approx(b.pv_cost_usd[0], rel=REL)


def test_a_plan_of_another_generation_counts_it_by_bandwidth(tiny):
    """100 NEW GPUs in 2027 count as 200 reference GPUs; A's 4e13 tokens overflow them."""
    base = tiny({"products[0].tokens_per_year": 2e13, "products[0].routing": {"Own": 1.0}})
    o = core.evaluate(_plan(base, build_plan=[{"year": 2027, "gpu": "NEW", "gpus": 100}])).outputs
    assert o.fleet.gpus[0].tolist() == [1000.0, 1100.0]
    assert o.fleet.serving_factor[0, 1] == pytest.approx(1200 / 1100, rel=REL)
    short_reference_hours = 4e13 / 3.6e6 - 8760 * 0.9 * 1200
    assert o.cloud_burst_usd[0, 1] == pytest.approx(short_reference_hours * 5.0, rel=1e-9)
    assert o.cloud_burst_usd[0, 0] == 0.0  # 2e13 tokens fit on 1,000 REF GPUs
    assert o.fleet.facility_mw[0, 1] == pytest.approx((1000 * 1000 + 100 * 1500) * 2 / 1e6)
    # NEW at its catalog price, beside the baseline's yearly charge (1,000 x $60,000 / 3).
    assert o.fleet.capex_cash_usd[0].tolist() == pytest.approx([2e7, 2e7 + 100 * 100_000])
    assert o.fleet.held_back_gpus[0].tolist() == [0.0, 0.0]


def test_a_years_own_routing_replaces_the_base_and_ignores_the_shift(tiny):
    base = tiny({"levers.in_house_shift": 0.5})
    row = {"year": 2027, "product": "A", "routing": {"Own": 0.2, "Ext": 0.8}}
    shares = core.evaluate(_plan(base, routing_by_year=[row])).outputs.shares[0]
    own, ext = 0, 1
    assert shares[0, 0, own] == pytest.approx(0.75)  # 2026: base 0.5 / 0.5, shifted by half
    assert shares[1, 0, own] == pytest.approx(0.2)  # 2027: the year's own routing, as it is
    assert shares[1, 0, ext] == pytest.approx(0.8)
    assert shares[1, 1, ext] == pytest.approx(0.5)  # B has no row: its base, shifted


def test_plan_rows_are_checked_with_their_paths(tiny):
    with pytest.raises(core.ScenarioError) as error:
        _plan(
            tiny(),
            build_plan=[
                {"year": 2030, "gpu": "REF", "gpus": 1},
                {"year": 2026, "gpu": "XYZ", "gpus": 1},
            ],
            routing_by_year=[
                {"year": 2026, "product": "B", "routing": {"Own": 0.5}},
                {"year": 2026, "product": "B", "routing": {"Own": 1.0}},
                {"year": 2027, "product": "Q", "routing": {"Nope": 1.0}},
            ],
        )
    assert [str(p) for p in error.value.problems] == [
        "build_plan[0].year: 2030 is outside the horizon 2026-2027",
        "build_plan[1].gpu: unknown GPU 'XYZ'",
        "routing_by_year[0].routing: shares sum to 0.50, must be 1.00",
        "routing_by_year[1]: B in 2026 is listed twice",
        "routing_by_year[2].product: unknown product 'Q'",
        "routing_by_year[2].routing: unknown model 'Nope'",
    ]


def test_an_in_house_only_products_year_routing_takes_no_partner(tiny):
    with pytest.raises(core.ScenarioError, match="in-house-only product routed to partner"):
        _plan(
            tiny(
                {
                    "products[0].in_house_only": True,
                    "products[0].routing": {"Own": 1.0},
                    "products[0].fallback": ["Own"],
                }
            ),
            routing_by_year=[{"year": 2026, "product": "A", "routing": {"Ext": 1.0}}],
        )


def test_a_plan_survives_a_file_round_trip(tiny, tmp_path):
    planned = _plan(
        tiny(),
        build_plan=[{"year": 2027, "gpu": "NEW", "gpus": 10}],
        routing_by_year=[{"year": 2027, "product": "A", "routing": {"Own": 1.0}}],
    )
    path = tmp_path / "plan.scaledeck.json"
    core.save_scenario(planned, path)
    assert core.load_scenario(path) == planned


def test_an_all_zero_row_keeps_its_right_hand_side_when_scaled():
    """A floor of 6.6e-120 on a product no model scores: found by hypothesis (overflow)."""
    import numpy as np
    import scipy.sparse as sp

    from core.plan.lp import equilibrated

    a = sp.csr_array(np.array([[0.0, 0.0, 0.0], [2.0, 0.0, 4.0]]))
    b = np.array([-6.6e-120, 8.0])
    [(scaled, rhs)], factor = equilibrated([(a, b)])
    assert np.isfinite(rhs).all()
    assert rhs[0] == -6.6e-120
    assert scaled.toarray()[1].tolist() == [1.0, 0.0, 1.0]
    assert factor.tolist() == [2.0, 1.0, 1.0]  # rows first: [0.5, 0, 1], then columns


def test_a_denormal_row_is_left_as_it_is_not_scaled_to_infinity():
    """A cloud price of 5e-324 $/GPU-hour gave a row whose largest entry is denormal:
    1 / it overflowed (found by hypothesis). Such a row is a zero to HiGHS anyway."""
    import numpy as np
    import scipy.sparse as sp

    from core.plan.lp import equilibrated

    a = sp.csr_array(np.array([[5e-324, 0.0], [2.0, 4.0]]))
    b = np.array([-43.95, 8.0])
    with np.errstate(over="raise"):
        [(scaled, rhs)], factor = equilibrated([(a, b)])
    assert np.isfinite(rhs).all()
    assert np.isfinite(factor).all()
    assert rhs[0] == -43.95
    assert scaled.toarray()[1].tolist() == [1.0, 1.0]


def test_limits_broken_names_each_limit_with_its_worst_year_and_figure():
    """Each limit the default breaks, in the plan's words; each one kept exactly: none."""
    from core.plan.lp import Limits
    from core.plan.words import limits_broken

    results = core.evaluate(core.default_scenario())
    broken = limits_broken(
        results,
        Limits(power_cap_mw=20.0, capex_budget_usd=1e8, max_provider_share=0.5,
               min_in_house_share=0.3),
    )  # fmt: skip
    assert broken == (
        "the site draws 22.0 MW in 2026 (cap 20.0 MW)",
        "capex cash is $0.77B in 2031 (budget $0.10B a year)",
        "OpenAI takes 63% of spend in 2026 (cap 50%)",
        "in-house models serve 17% of tokens in 2031 (minimum 30%)",
    )
    y = results.yearly
    at_the_figures = Limits(
        power_cap_mw=float(y.facility_mw.max()),
        capex_budget_usd=float(y.capex_cash_usd.max()),
        max_provider_share=float(results.provider_arrays.spend_share[:, 1:].max()),
        min_in_house_share=float((1 - y.external_token_share).min()),
    )
    assert limits_broken(results, at_the_figures) == ()
    assert limits_broken(results, Limits()) == ()
