"""Power, the site and money over time against hand calculations (docs/model.md).

Every expected figure is worked out here from the scenario's inputs, not by calling the
helpers of core/engine/money.py or core/engine/kernel.py that compute it.
"""

import json

import numpy as np
import pytest

import core
from cli.main import main
from core.engine.money import recovery_factor
from core.scenario.edits import with_changes, with_generation
from core.scenario.files import scenario_to_json

REL = 1e-12
H100_W, B200_W = 700.0, 1_000.0
SITE_W_PER_GPU_W = 1.82 * 1.15  # server power factor x PUE of the default: 2.093
V4_FLEET_KEYS = (
    "burst_price_change",
    "cost_of_capital",
    "facility_capex_usd_per_mw",
    "facility_life_years",
    "power_cap_mw",
)

# CRF(0.08, 6) by hand: 1.08^6 = 1.259712^2 = 1.586874322944, 1 / that = 0.630169626883,
# 0.08 / (1.08 x 0.369830373117) = 0.08 / 0.399416802966 = 0.200292024286.
CRF_8_6 = 0.200292024286
# CRF(0.08, 15) = 0.08 / (1.08 x (1 - 1 / 3.172169114198)) = 0.08 / 0.739539 = 0.108175505.
CRF_8_15 = 0.08 / (1.08 * (1 - 1 / 3.172169114198272))
# CRF(0.1, 3) = 0.1 / (1.1 x (1 - 1 / 1.331)) = 0.1331 / 0.3641, exactly 1331 / 3641.
CRF_10_3 = 1331 / 3641


def default(changes: dict | None = None) -> core.Scenario:
    return with_changes(core.default_scenario(), changes or {})


def flags_of(results: core.Results, kind: str) -> list[str]:
    return [flag.message for flag in results.flags if flag.kind == kind]


# --- the capital recovery factor ---------------------------------------------------------


def test_recovery_factor_by_hand():
    """docs/model.md#F-capital-charge: CRF(r, n) = r / ((1 + r)(1 - (1 + r)^-n))."""
    crf = recovery_factor(np.array([0.08, 0.1, 0.0]), 6)
    assert crf[0] == pytest.approx(CRF_8_6, rel=1e-11)
    # The ordinary annuity's factor is 0.216315386; paid at the start of the year, / 1.08.
    assert crf[0] == pytest.approx(0.216315386229 / 1.08, rel=1e-11)
    assert crf[2] == pytest.approx(1 / 6, rel=REL)
    assert recovery_factor(np.array([0.1]), 3)[0] == pytest.approx(1331 / 3641, rel=REL)
    assert recovery_factor(np.array([0.08]), 15)[0] == pytest.approx(0.1081755046, rel=1e-9)
    # Six charges, the first at purchase, are worth exactly the price.
    assert sum(CRF_8_6 / 1.08**k for k in range(6)) == pytest.approx(1.0, rel=1e-11)


@pytest.mark.parametrize("rate", [1e-15, 1e-12, 1e-9])
def test_a_tiny_cost_of_capital_is_nearly_the_straight_line(rate):
    """docs/model.md#F-capital-charge: CRF(r, n) = (1 + r (n - 1) / 2 + O(r^2)) / n.

    (1 + r)(1 - (1 + r)^-n) = n r (1 - r (n - 1) / 2 + O(r^2)), so for r <= 1e-9 and
    n = 6 the factor is (1 + 2.5 r) / 6 to 1e-17; the present cost identity must hold as well.
    """
    assert recovery_factor(np.array([rate]), 6)[0] == pytest.approx((1 + 2.5 * rate) / 6, rel=1e-12)
    results = core.evaluate(default({"fleet.cost_of_capital": rate}))
    assert results.pv_cost_usd == pytest.approx(npv_of_total_cost(results, rate), rel=1e-12)


@pytest.mark.parametrize("years", [1, 2, 3, 6, 15, 40])
def test_recovery_factor_without_cost_of_capital_is_one_over_the_life(years):
    """docs/model.md#F-capital-charge: r = 0 gives the straight line, 1 / n."""
    assert recovery_factor(np.array([0.0]), years)[0] == pytest.approx(1 / years, rel=REL)


def test_zero_cost_of_capital_is_the_straight_line(tiny):
    """docs/model.md#F-amortization and docs/model.md#F-capital-charge.

    The tiny scenario: 1,000 GPUs at $60,000 over 3 years, $20 M a year at r = 0;
    the default: 15,000 x $50,000 / 6 = $125 M.
    """
    flat = core.evaluate(tiny({"fleet.cost_of_capital": 0.0})).by_year
    assert flat.loc[2026, "capital_charge_usd"] == pytest.approx(1000 * 60000 / 3, rel=REL)
    assert flat.loc[2027, "capital_charge_usd"] == pytest.approx(1000 * 60000 / 3, rel=REL)
    costly = core.evaluate(tiny({"fleet.cost_of_capital": 0.1})).by_year
    assert costly.loc[2026, "capital_charge_usd"] == pytest.approx(60e6 * 1331 / 3641, rel=REL)
    straight = core.evaluate(default({"fleet.cost_of_capital": 0.0}))
    assert straight.by_year.loc[2026, "capital_charge_usd"] == pytest.approx(125e6, rel=REL)
    # At r = 0 the present cost is the undiscounted horizon cost.
    assert straight.pv_cost_usd == pytest.approx(straight.horizon_cost_usd, rel=REL)


# --- the default's fleet cost, by hand ---------------------------------------------------


def test_default_fleet_cost_in_2026_by_hand():
    """docs/model.md#F-capital-charge, docs/model.md#F-opex and docs/model.md#F-total-cost.

    Capital 750 M x 0.2002920 = 150,219,018; site 19.11 MW x $11 M = 210,210,000 x
    0.1081755 = 22,739,573; power 11,550,848.4; opex 45 M: fleet 229,509,439.
    """
    row = core.evaluate(core.default_scenario()).by_year.loc[2026]
    capital = 15_000 * 50_000 * CRF_8_6
    site = 15_000 * H100_W * 1.82 / 1e6 * 11e6 * CRF_8_15
    power = 15_000 * H100_W * 1.82 * 0.75 / 1000 * 1.15 * 8760 * 0.08
    assert row.capital_charge_usd == pytest.approx(capital, rel=1e-11)
    assert row.capital_charge_usd == pytest.approx(150_219_018.21, rel=1e-9)
    assert row.facility_charge_usd == pytest.approx(site, rel=1e-11)
    assert row.facility_charge_usd == pytest.approx(22_739_572.82, rel=1e-9)
    fleet = capital + site + power + 45e6
    assert row.fleet_cost_usd == pytest.approx(fleet, rel=1e-11)
    assert row.fleet_cost_usd == pytest.approx(229_509_439.43, rel=1e-9)
    assert row.total_cost_usd == pytest.approx(fleet + 2_489_096_324.39, rel=1e-9)
    # The baseline was bought before the horizon: its charges are its cash.
    assert row.capex_cash_usd == pytest.approx(capital + site, rel=1e-11)
    assert row.cash_outlay_usd == pytest.approx(row.total_cost_usd, rel=REL)


def test_default_in_house_cost_per_h100_hour_is_just_under_two_dollars():
    """docs/model.md#worked-example: fleet cost over capacity, $1.90 per H100-hour.

    229,509,439 / (15,000 x 8,760 x 0.92) = 1.8985: just under the public all-in
    range of ~$2-3.5 per H100-hour.
    """
    row = core.evaluate(core.default_scenario()).by_year.loc[2026]
    per_hour = row.fleet_cost_usd / row.capacity_gpu_hours
    assert per_hour == pytest.approx(229_509_439.43 / 120_888_000, rel=1e-10)
    assert per_hour == pytest.approx(1.8985, abs=5e-5)
    assert 1.8 < per_hour < 2.0


# --- cash, residual and present cost --------------------------------------------------------------


def npv_of_total_cost(results: core.Results, rate: float) -> float:
    """Sum of total cost x (1 + r)^-(t - t0): the accounting view's present value."""
    costs = results.by_year.total_cost_usd.to_numpy()
    return float(sum(cost / (1.0 + rate) ** k for k, cost in enumerate(costs)))


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {
            "fleet.scale": 6.0,
            "fleet.target_year": 2028,
            "fleet.amortization_years": 2,
            "fleet.facility_life_years": 3,
            "fleet.refresh": True,
            "fleet.gpu": "B200",
            "fleet.capex_per_gpu_usd": 70000.0,
        },
        {
            "fleet.scale": 10.0,
            "fleet.amortization_years": 3,
            "fleet.facility_life_years": 4,
            "fleet.refresh": False,
            "fleet.cost_of_capital": 0.25,
        },
    ],
    ids=["default", "6x-B200-short-lives", "10x-no-refresh-25pct"],
)
def test_npv_of_cash_equals_npv_of_accounting(changes):
    """docs/model.md#F-capital-charge: cash less residual = discounted total cost, exactly."""
    scenario = default(changes)
    results = core.evaluate(scenario)
    rate = scenario.fleet.cost_of_capital
    assert results.pv_cost_usd == pytest.approx(npv_of_total_cost(results, rate), rel=REL)
    cash = results.by_year.cash_outlay_usd.to_numpy()
    present_cash = sum(c / (1.0 + rate) ** k for k, c in enumerate(cash))
    residual = float(results.outputs.fleet.residual_usd[0])
    assert results.pv_cost_usd == pytest.approx(present_cash - residual, rel=REL)
    assert results.horizon_cost_usd == pytest.approx(
        float(results.by_year.total_cost_usd.sum()), rel=REL
    )


def test_default_npv_and_horizon_cost_by_hand():
    """docs/model.md#F-capital-charge and docs/model.md#worked-example.

    2031 re-buys the baseline's GPUs for $750 M; five charges of 150,219,018 remain after
    the horizon: residual (750 M - 150,219,018) x 1.08^-5 = 408,200,858.
    """
    results = core.evaluate(core.default_scenario())
    capital = 750e6 * CRF_8_6
    residual = (750e6 - capital) / 1.08**5
    assert residual == pytest.approx(capital * sum(1.08**-k for k in range(6, 11)), rel=1e-11)
    assert float(results.outputs.fleet.residual_usd[0]) == pytest.approx(residual, rel=1e-11)
    assert residual == pytest.approx(408_200_858.10, rel=1e-10)
    cash = results.by_year.cash_outlay_usd
    assert cash.loc[2031] - results.by_year.total_cost_usd.loc[2031] == pytest.approx(
        750e6 - capital, rel=1e-11
    )
    assert results.pv_cost_usd == pytest.approx(18_288_446_639.9, rel=1e-10)
    assert results.horizon_cost_usd == pytest.approx(22_623_136_959.0, rel=1e-10)


def test_purchase_in_the_last_year_is_worth_its_capex_less_its_first_charge(tiny):
    """docs/model.md#F-capital-charge: residual = (P - P x CRF) x (1 + r)^-(T - t0).

    Tiny, 2026-2027, scale 2 reached in 2027: 1,000 GPUs at $60,000 and 2 MW of site
    (1,000 x 1,000 W x 2.0) at $10 M/MW are bought in 2027, both over 3 years at r = 0.1:
    P = $80 M, CRF = 1331 / 3641. The baseline is paid by its charges (a lease).
    """
    scenario = tiny(
        {
            "fleet.scale": 2.0,
            "fleet.cost_of_capital": 0.1,
            "fleet.facility_capex_usd_per_mw": 10e6,
            "fleet.facility_life_years": 3,
        }
    )
    results = core.evaluate(scenario)
    price = 1000 * 60000 + 2.0 * 10e6
    residual = (price - price * CRF_10_3) / 1.1
    assert float(results.outputs.fleet.residual_usd[0]) == pytest.approx(residual, rel=REL)
    # The same, as the two charges owed after the horizon (2028, 2029) discounted to 2026.
    assert residual == pytest.approx(price * CRF_10_3 * (1.1**-2 + 1.1**-3), rel=REL)
    by_year = results.by_year
    lease = price * CRF_10_3  # the baseline's 60 M of GPUs and 20 M of site, as charges
    assert by_year.capex_cash_usd.tolist() == pytest.approx([lease, price + lease], rel=REL)
    assert by_year.loc[2027, "capital_charge_usd"] == pytest.approx(2 * 60e6 * CRF_10_3, rel=REL)
    assert by_year.loc[2027, "facility_charge_usd"] == pytest.approx(2 * 20e6 * CRF_10_3, rel=REL)
    assert results.pv_cost_usd == pytest.approx(npv_of_total_cost(results, 0.1), rel=REL)


# --- facility power and the power cap ----------------------------------------------------


def test_facility_mw_by_hand():
    """docs/model.md#F-power-cap: GPUs x TDP x server power factor x PUE / 1e6."""
    row = core.evaluate(core.default_scenario()).by_year.loc[2026]
    assert row.facility_mw == pytest.approx(15_000 * 700 * 1.82 * 1.15 / 1e6, rel=REL)
    assert row.facility_mw == pytest.approx(21.9765, rel=REL)
    assert round(row.facility_mw, 2) == 21.98
    assert row.held_back_gpus == 0.0


def test_facility_mw_at_scale_ten_with_b200():
    """docs/model.md#F-power-cap and docs/model.md#F-capital-charge (the site's charge).

    The ramp adds 45,000, 90,000 and 135,000 B200 by 2027-2029; the baseline is re-bought
    as B200 in 2031. The facility is charged on the TDP a cohort was installed with.
    """
    scenario = with_changes(with_generation(core.default_scenario(), "B200"), {"fleet.scale": 10.0})
    assert scenario.fleet.capex_per_gpu_usd == 70_000
    assert scenario.fleet.cloud_burst_usd_per_gpu_hour == 6.98  # not the catalog's $10
    by_year = core.evaluate(scenario).by_year
    h100 = [15_000, 15_000, 15_000, 15_000, 15_000, 0]
    b200 = [0, 45_000, 90_000, 135_000, 135_000, 150_000]
    expected = [
        (h * H100_W + b * B200_W) * SITE_W_PER_GPU_W / 1e6 for h, b in zip(h100, b200, strict=True)
    ]
    assert by_year.facility_mw.tolist() == pytest.approx(expected, rel=REL)
    assert by_year.loc[2029, "facility_mw"] == pytest.approx(304.5315, rel=REL)
    assert by_year.loc[2031, "facility_mw"] == pytest.approx(313.95, rel=REL)
    site_2029 = (15_000 * H100_W + 135_000 * B200_W) * 1.82 / 1e6 * 11e6 * CRF_8_15
    assert by_year.loc[2029, "facility_charge_usd"] == pytest.approx(site_2029, rel=1e-11)
    assert by_year.loc[2031, "facility_charge_usd"] == pytest.approx(site_2029, rel=1e-11)


def test_power_cap_holds_back_gpus_by_hand():
    """docs/model.md#F-power-cap and docs/model.md#F-flags (power_cap).

    Scale 3 by 2029 under 37 MW: 37e6 / 2.093 = 17,677,974 W of IT power, the baseline
    takes 10,500,000 W, room for 7,177,974 / 700 = 10,254.2 H100 of the 30,000 wanted.
    The capped fleet's 2031 busy hour is 104% of it: burst. (Under 40 MW, room for 12,301.9,
    it now holds that hour at 96%, so 37 MW keeps a year whose held-back work is bought.)
    """
    room = (37e6 / SITE_W_PER_GPU_W - 15_000 * H100_W) / H100_W
    assert room == pytest.approx(10_254.248857, rel=1e-9)
    wanted = [0.0, 10_000.0, 20_000.0, 30_000.0, 30_000.0, 30_000.0]
    added = [min(w, room) for w in wanted]
    capped = core.evaluate(default({"fleet.scale": 3.0, "fleet.power_cap_mw": 37.0}))
    by_year = capped.by_year
    gpus = [15_000 + a for a in added]
    assert by_year.gpus.tolist() == pytest.approx(gpus, rel=REL)
    held = [w - a for w, a in zip(wanted, added, strict=True)]
    assert by_year.held_back_gpus.tolist() == pytest.approx(held, rel=1e-9, abs=1e-6)
    assert by_year.facility_mw.tolist() == pytest.approx(
        [21.9765, 36.6275, 37.0, 37.0, 37.0, 37.0], rel=1e-12
    )
    # Capacity and the charges follow the capped fleet.
    assert by_year.capacity_gpu_hours.tolist() == pytest.approx(
        [g * 8760 * 0.92 for g in gpus], rel=REL
    )
    assert by_year.loc[2029, "capital_charge_usd"] == pytest.approx(
        (15_000 + room) * 50_000 * CRF_8_6, rel=1e-11
    )
    short = by_year.shortfall_gpu_hours.tolist()[2:]
    assert flags_of(capped, "power_cap") == [
        f"{year}: the site's power cap holds back {h:,.0f} GPUs of the ramp; "
        + ("their work is bought as cloud burst" if s > 0 else "the fleet copes")
        for year, h, s in zip(range(2028, 2032), held[2:], short, strict=True)
    ]
    assert flags_of(capped, "power_cap")[0].startswith(
        "2028: the site's power cap holds back 9,746"
    )
    # The work of the held-back GPUs is bought as burst: more shortfall than uncapped.
    free = core.evaluate(default({"fleet.scale": 3.0})).by_year
    assert (by_year.shortfall_gpu_hours >= free.shortfall_gpu_hours).all()
    assert by_year.loc[2031, "shortfall_gpu_hours"] > free.loc[2031, "shortfall_gpu_hours"]
    assert flags_of(core.evaluate(default({"fleet.scale": 3.0})), "power_cap") == []


def test_a_cap_below_the_baseline_holds_back_the_whole_ramp():
    """docs/model.md#F-power-cap: the baseline stays; the ramp adds nothing."""
    by_year = core.evaluate(default({"fleet.scale": 2.0, "fleet.power_cap_mw": 10.0})).by_year
    assert by_year.gpus.tolist() == pytest.approx([15_000.0] * 6, rel=REL)
    assert by_year.held_back_gpus.tolist() == pytest.approx(
        [0.0, 5_000.0, 10_000.0, 15_000.0, 15_000.0, 15_000.0], rel=REL
    )
    assert by_year.facility_mw.tolist() == pytest.approx([21.9765] * 6, rel=REL)


# --- cloud burst per H100-equivalent hour --------------------------------------------------


def test_burst_is_priced_per_h100_equivalent_hour_with_its_trend():
    """docs/model.md#F-shortfall: shortfall x serving factor x $6.98 x 0.85^(t - t0).

    A fleet of 1,000 B200: each GPU-hour short is as many H100-hours as H100s take for
    the same work (docs/model.md#F-generations): the year's in-house tokens at H100's
    own rates and training at H100's peak, over the fleet's own hours; not the bandwidth
    ratio 8.0 / 3.35 = 2.388.
    """
    scenario = default(
        {
            "fleet.baseline_gpu": "B200",
            "fleet.gpu": "B200",
            "fleet.baseline_gpus": 1000,
            "fleet.capex_per_gpu_usd": 70000.0,
        }
    )
    results = core.evaluate(scenario)
    o, s, by_year = results.outputs, results.structure, results.by_year
    h100 = s.generation_rate[s.generation_names.index("H100")]
    per_token = np.divide(1 / 3600, h100, out=np.zeros_like(h100), where=h100 > 0)
    routed = o.tokens[0][..., None] * o.shares[0]
    training = o.training_gpu_hours[0].sum(axis=1)
    reference = (routed * per_token).sum(axis=(1, 2)) + training * 2250.0 / 989.0
    factor = reference / (o.inference_gpu_hours[0].sum(axis=(1, 2)) + training)
    assert by_year.serving_speed_factor.tolist() == pytest.approx(factor.tolist(), rel=REL)
    assert (abs(factor / (8.0 / 3.35) - 1) > 0.004).all()  # 0.4-3.3% off it
    short = by_year.shortfall_gpu_hours.to_numpy()
    assert (short > 0).all()
    price = [6.98 * 0.85**k for k in range(6)]
    assert price[5] == pytest.approx(3.0970, abs=1e-4)
    expected = [s * f * p for s, f, p in zip(short, factor, price, strict=True)]
    assert by_year.cloud_burst_usd.tolist() == pytest.approx(expected, rel=REL)
    flat = core.evaluate(with_changes(scenario, {"fleet.burst_price_change": 0.0})).by_year
    assert flat.cloud_burst_usd.tolist() == pytest.approx(
        [s * f * 6.98 for s, f in zip(short, factor, strict=True)], rel=REL
    )


def test_default_burst_in_2031_by_hand():
    """docs/model.md#F-shortfall: 77,444,099 GPU-hours x $6.98 x 0.85^5 on an H100 fleet.

    (The shortfall follows the fitted serving of docs/model.md#F-serving, whose replicas
    reach two NVLink domains at most: 2027 and 2028 are in band and buy none; 2029, the
    first year short, buys some.)
    """
    by_year = core.evaluate(core.default_scenario()).by_year
    assert by_year.loc[2027:2028, "shortfall_gpu_hours"].tolist() == [0.0, 0.0]
    assert by_year.loc[2029, "shortfall_gpu_hours"] > 0.0
    row = by_year.loc[2031]
    assert row.shortfall_gpu_hours == pytest.approx(77_444_099.0, rel=1e-8)
    assert row.cloud_burst_usd == pytest.approx(
        row.shortfall_gpu_hours * 6.98 * 0.4437053125, rel=REL
    )
    assert row.cloud_burst_usd == pytest.approx(239_849_260.0, rel=1e-8)


# --- files: a version-3 file keeps its numbers ------------------------------------------


def v3_data(fleet: dict | None = None) -> dict:
    """The default scenario written as a version-3 file would hold it."""
    data = json.loads(scenario_to_json(core.default_scenario()))
    data["schema_version"] = 3
    for key in V4_FLEET_KEYS:
        data["fleet"].pop(key, None)
    for key in [k for k in data["sources"] if k.removeprefix("fleet.") in V4_FLEET_KEYS]:
        del data["sources"][key]
    data["fleet"] |= fleet or {}
    return data


def test_a_v3_file_keeps_its_numbers():
    """docs/model.md#files: v3 -> v4 sets cost of capital, site capex, burst trend to 0.

    The version-3 figures of 2026: amortization 750 M / 6 = 125 M, power 11,550,848.4,
    opex 45 M: fleet 181,550,848.4; 2031's burst 77,444,099 x $6.98, flat.
    """
    variant = v3_data() | {"name": "Scaled"}
    variant.pop("schema_version")
    variant["fleet"]["scale"] = 3.0
    book = core.parse_workbook(v3_data() | {"variants": [variant]})
    for scenario in (book.baseline, book.variants[0]):
        fleet = scenario.fleet
        assert fleet.cost_of_capital == 0.0
        assert fleet.facility_capex_usd_per_mw == 0.0
        assert fleet.burst_price_change == 0.0
        assert fleet.power_cap_mw is None
        assert fleet.facility_life_years == 15
    results = core.evaluate(book.baseline)
    row = results.by_year.loc[2026]
    assert row.capital_charge_usd == pytest.approx(125e6, rel=REL)
    assert row.facility_charge_usd == 0.0
    assert row.fleet_cost_usd == pytest.approx(125e6 + 11_550_848.4 + 45e6, rel=REL)
    assert row.total_cost_usd == pytest.approx(181_550_848.4 + 2_489_096_324.39, rel=1e-10)
    burst = results.by_year.loc[2031, "cloud_burst_usd"]
    assert burst == pytest.approx(results.by_year.loc[2031, "shortfall_gpu_hours"] * 6.98, rel=REL)
    assert burst == pytest.approx(540_559_811.3, rel=1e-8)
    assert results.pv_cost_usd == pytest.approx(results.horizon_cost_usd, rel=REL)


def test_a_v3_file_of_another_generation_pays_its_burst_per_h100_equivalent_hour():
    """docs/model.md#files and docs/model.md#F-shortfall: the one number that moves.

    A version-3 B200 fleet with the catalog's $10 burst price paid $10 per GPU-hour
    short; version 4 reads the price per H100-hour: as many times as much as H100s are
    slower on the fleet's work (its serving factor, docs/model.md#F-generations).
    """
    fleet = {
        "gpu": "B200",
        "baseline_gpu": "B200",
        "baseline_gpus": 1000,
        "capex_per_gpu_usd": 70000.0,
        "cloud_burst_usd_per_gpu_hour": 10.0,
    }
    by_year = core.evaluate(core.parse_scenario(v3_data(fleet))).by_year
    short = by_year.shortfall_gpu_hours.to_numpy()
    assert (short > 0).all()
    factor = by_year.serving_speed_factor.to_numpy()
    assert (factor > 1).all()
    assert by_year.cloud_burst_usd.tolist() == pytest.approx(
        [s * f * 10.0 for s, f in zip(short, factor, strict=True)], rel=REL
    )


# --- the concentration flag ----------------------------------------------------------------


def test_an_all_in_house_plan_raises_no_concentration_flag(tiny):
    """docs/model.md#F-flags: provider HHI 10,000, but no partner spend: no flag."""
    own = core.evaluate(
        tiny({"products[0].routing": {"Own": 1.0}, "products[1].routing": {"Own": 1.0}})
    )
    assert own.by_year.provider_hhi.tolist() == pytest.approx([10_000.0, 10_000.0], rel=REL)
    assert flags_of(own, "concentrated") == []
    assert own.by_year.cloud_burst_usd.max() == 0.0  # the fleet holds it all: nothing outside


def test_a_sixth_of_tokens_outside_raises_no_concentration_flag(tiny):
    """docs/model.md#F-flags: B in-house, A half on P1: 0.5e12 of 3e12 tokens outside,
    partner HHI (100 / 6)^2 = 278, whatever P1 charges: no flag."""
    for shock in (1.0, 10.0):
        scenario = tiny({"products[1].routing": {"Own": 1.0}, "levers.price_shock": shock})
        results = core.evaluate(scenario)
        assert results.by_year.loc[2026, "partner_hhi"] == pytest.approx((100 / 6) ** 2, rel=REL)
        assert [f for f in results.flags_for(2026) if f.kind == "concentrated"] == []


def test_each_years_concentration_flag_reads_that_years_tokens():
    """The default's OpenAI share of the tokens served outside falls from 79% to 67% (cloud
    burst, from 2029, takes more of them each year): each year's flag gives its own year's
    share and HHI (docs/model.md#F-flags)."""
    results = core.evaluate(core.default_scenario())
    flags = flags_of(results, "concentrated")
    assert [f.split(" serves ")[1].split(" of them")[0] for f in flags] == [
        "79%", "77%", "76%", "75%", "71%", "67%",
    ]  # fmt: skip
    for flag, hhi in zip(flags, results.by_year["partner_hhi"], strict=True):
        assert f"(partner HHI {hhi:,.0f}, above 1,800;" in flag


def test_cloud_burst_is_one_outside_provider_in_the_concentration_flag():
    """docs/model.md#F-flags and docs/model.md#F-hhi: burst bought from one provider.

    The default with every partner token moved in-house: no partner serves a token, and
    cloud burst serves 95% of them in 2031 (the in-house-only product stays on the fleet):
    partner HHI (100 x the external token share)^2, 8,938.
    """
    results = core.evaluate(default({"levers.in_house_shift": 1.0}))
    row = results.by_year.loc[2031]
    assert row.partner_spend_usd == pytest.approx(0.0, abs=1e-3)
    assert row.partner_hhi == pytest.approx((100 * row.external_token_share) ** 2, rel=REL)
    assert round(row.partner_hhi) == 8_938
    flags = [f.message for f in results.flags_for(2031) if f.kind == "concentrated"]
    assert flags == [
        "2031: the tokens served outside (95% of all) are highly concentrated: Cloud burst "
        "serves 100% of them (partner HHI 8,938, above 1,800; 2023 Merger Guidelines)"
    ]
    # Most of the compute is bought: the risk index cannot read as safe.
    assert row.compute_dependency > 0.5
    assert row.risk_index >= 100 * row.compute_dependency / 5


# --- the command line ----------------------------------------------------------------------


def test_evaluate_json_gives_the_site_cash_and_present_cost(capsys):
    """docs/model.md#F-capital-charge and docs/model.md#F-power-cap in `evaluate --json`."""
    assert main(["evaluate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    kpis = out["kpis"]
    for name in (
        "facility_mw",
        "capex_cash_usd",
        "cash_outlay_usd",
        "compute_dependency",
        "degraded_hours",
    ):
        assert len(kpis[name]) == 6
    assert kpis["facility_mw"] == pytest.approx([21.9765] * 6, rel=REL)
    lease = 15_000 * 50_000 * CRF_8_6 + 15_000 * H100_W * 1.82 / 1e6 * 11e6 * CRF_8_15
    assert kpis["capex_cash_usd"][:5] == pytest.approx([lease] * 5, rel=1e-11)
    assert kpis["capex_cash_usd"][5] == pytest.approx(750e6 + lease - 15_000 * 50_000 * CRF_8_6)
    assert kpis["cash_outlay_usd"][0] == pytest.approx(kpis["total_cost_usd"][0], rel=REL)
    assert "pv_cost_usd" not in kpis
    assert "horizon_cost_usd" not in kpis
    assert isinstance(out["pv_cost_usd"], float)
    assert out["pv_cost_usd"] == pytest.approx(18_288_446_639.9, rel=1e-10)
    assert out["npv_usd"] == out["pv_cost_usd"]  # the old key, kept one release (docs/cli.md)
    assert out["horizon_cost_usd"] == pytest.approx(sum(kpis["total_cost_usd"]), rel=REL)
