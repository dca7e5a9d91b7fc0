"""Queueing at the busy hour (docs/model.md#F-queueing): a full fleet shows latency trouble."""

import numpy as np
import pytest

import core
from core.analysis.fill import fill_fleet
from core.engine.compiled import compile_scenario
from core.engine.kernel import queue_waits_s
from core.engine.queueing import BUSIEST, p95_wait_s, route_waits_s, wait_probability
from core.scenario.edits import with_changes


def erlang_c(slots: int, rho: float) -> float:
    """Exact Erlang C by the Erlang B recursion: the chance to wait in M/M/c."""
    offered, blocked = slots * rho, 1.0
    for k in range(1, slots + 1):
        blocked = offered * blocked / (k + offered * blocked)
    return slots * blocked / (slots - offered * (1.0 - blocked))


@pytest.mark.parametrize("slots", [1, 2, 10, 100, 1_000, 10_000])
@pytest.mark.parametrize("rho", [0.5, 0.8, 0.9, 0.95, 0.99])
def test_the_chance_to_wait_is_erlang_c_within_the_approximations_error(slots, rho):
    """Halfin-Whitt is within 0.09 of Erlang C (0.01 from 100 slots on, where pools live)."""
    tolerance = 0.01 if slots >= 100 else 0.09
    assert float(wait_probability(np.array(float(slots)), np.array(rho))) == pytest.approx(
        erlang_c(slots, rho), abs=tolerance
    )


def test_hand_case_one_slot_half_busy():
    """M/M/1 at 50%: P(wait) ~ 0.5; P(wait > t) = P exp(-(1 - rho) t / S), so p95 = 2 S ln(10 P)."""
    chance = float(wait_probability(np.array(1.0), np.array(0.5)))
    expected = 2.0 * 10.0 * np.log(chance / 0.05)  # S = 10 s, (1 - rho) = 0.5, Allen-Cunneen 1
    assert float(p95_wait_s(np.array(1.0), np.array(10.0), np.array(0.5))) == pytest.approx(
        expected
    )


def test_a_bigger_pool_runs_hotter_and_no_slots_never_wait():
    loads = np.array([0.5, 0.9, 0.95, 0.99])
    small, big = (p95_wait_s(np.full(4, n), np.full(4, 30.0), loads) for n in (50.0, 5_000.0))
    assert np.all(np.diff(small) >= 0)
    assert np.all(np.diff(big) >= 0)
    assert np.all(big <= small)
    assert big[1] == 0.0 < small[-1]
    assert p95_wait_s(np.array(0.0), np.array(30.0), np.array(0.99)) == 0.0  # partners
    over = p95_wait_s(np.array(50.0), np.array(30.0), np.array(1.5))  # short: runs full
    assert over == p95_wait_s(np.array(50.0), np.array(30.0), np.array(BUSIEST))


def _filled(target: float) -> core.Results:
    # 30,000 H100 by 2029: 2029 has room to fill, MAI-2 serves. (The default's 15,000 are
    # already 113% busy in 2029, now that a replica reaches two NVLink domains at most, so
    # filling moves nothing there: docs/model.md#F-queueing.)
    scaled = with_changes(core.default_scenario(), {"fleet.scale": 2.0})
    return core.evaluate(with_changes(scaled, fill_fleet(scaled, target).changes))


def test_a_fleet_nearly_full_breaks_promises_an_idle_one_keeps():
    """Filled to 99% busy the small MAI-2 pools queue past their TTFT; at 85% nothing waits."""
    calm, full = _filled(0.85), _filled(0.99)
    assert calm.series("slo_breach_token_share").max() == 0.0
    assert full.series("slo_breach_token_share")[3] > 0.0  # 2029: MAI-2 serves
    waits = [f for f in full.flags_for(2029) if "waits for a slot" in f.message]
    assert waits
    assert "99% busy" in waits[0].message


def test_a_fleet_filled_past_its_capacity_says_it_is_full():
    """Filled to 120% busy, a waiting route's flag says the fleet is full, not 120% busy."""
    results = _filled(1.2)
    waits = [f.message for f in results.flags_for(2029) if "waits for a slot" in f.message]
    assert waits
    assert all("waits for a slot at the busy hour (the fleet is full): p95" in w for w in waits)


def test_the_products_ttft_includes_the_wait():
    r = _filled(0.99)
    o, s = r.outputs, r.structure
    utilization = o.demand_gpu_hours / o.fleet.capacity_gpu_hours
    waits = queue_waits_s(o.route_latency, o.inference_gpu_hours, utilization, o.software_factor)[0]
    routed = o.shares[0] > 1e-12
    expected = np.max(np.where(routed, s.route_ttft_s + waits, -np.inf), axis=2)
    assert r.product_arrays.ttft_p95_s == pytest.approx(
        np.where(np.isinf(expected), np.nan, expected), nan_ok=True
    )
    assert np.nanmax(r.product_arrays.ttft_p95_s[3]) > np.nanmax(s.route_ttft_s[routed[3]])


def test_the_normal_cdf_without_scipy_is_scipys():
    from scipy.special import ndtr

    from core.engine.queueing import normal_cdf

    x = np.linspace(0.0, 12.0, 241)
    assert normal_cdf(x) == pytest.approx(ndtr(x), abs=2e-7)


def test_a_route_waiting_at_the_busy_hour_is_late_on_a_fleet_of_two_generations():
    """The held routes' path (a promise kept on B200, not on H100) counts the queue too:
    filled to 99% busy, 2029's MAI-2 pools wait past their TTFT promise, so every product's
    tokens on MAI-2 are late (Copilot's also for its 15 ms TPOT on H100). At scale 1.1 the
    ramp's 1,500 B200 leave 2029 room to fill (at scale 1 its H100s are 113% busy in 2029
    and nothing moves; from scale 1.2 the MAI-2 pools no longer wait past their promises)."""
    base = with_changes(
        core.default_scenario(),
        {"fleet.gpu": "B200", "products[0].tpot_slo_ms": 15.0, "fleet.scale": 1.1},
    )
    scenario = with_changes(base, fill_fleet(base, 0.99).changes)
    assert not compile_scenario(scenario)[0].keeps_alike
    results = core.evaluate(scenario)
    on_mai2 = results.outputs.shares[0, 3, :, results.structure.model_names.index("MAI-2")]
    assert on_mai2[1] > 0.0  # M365 Copilot Excel
    assert results.product_arrays.slo_breach_share[3] == pytest.approx(on_mai2, abs=1e-12)


def test_a_ttft_just_over_its_promise_misses_it(tiny):
    """The tiny scenario's p95 TTFT is 2.0 s: a 2.0 s promise is kept, 1.5 s is not."""
    for promise, kept in ((2.0, 1.0), (1.5, 0.0)):
        results = core.evaluate(tiny({"products[0].ttft_slo_s": promise}))
        assert results.product_arrays.ttft_p95_s[0, 0] == pytest.approx(2.0)
        assert results.product_arrays.meets_slo[0, 0] == kept


def test_a_route_holds_at_least_one_replica_at_its_own_load():
    """A tenth of a slot's traffic at the fleet's load waited; on a replica of 8 it does not."""
    tiny = np.full((1, 1, 1), 0.1)
    alone = p95_wait_s(tiny, np.full((1, 1, 1), 30.0), np.array(0.5))
    waits = route_waits_s(tiny, np.full((1, 1, 1), 8.0), np.full((1, 1, 1), 30.0), np.array([0.5]))
    assert float(alone[0, 0, 0]) > 0.0 == float(waits[0, 0, 0])
    big = np.full((1, 1, 1), 5_000.0)  # a pool past one replica is as it was
    as_before = p95_wait_s(big, np.full((1, 1, 1), 30.0), np.array(BUSIEST))
    assert route_waits_s(
        big, np.full((1, 1, 1), 8.0), np.full((1, 1, 1), 30.0), np.array([1.2])
    ) == (pytest.approx(as_before))


def test_little_traffic_on_a_calm_fleet_keeps_its_promise():
    """Regulated-industry models at 1e9 tokens a year waited 121 s on a 22%-busy fleet."""
    scenario = core.default_scenario()
    index = next(i for i, p in enumerate(scenario.products) if p.name.startswith("Regulated"))
    small = core.evaluate(with_changes(scenario, {f"products[{index}].tokens_per_year": 1e9}))
    assert small.series("slo_breach_token_share").max() == 0.0
    assert not [f for f in small.flags if "waits for a slot" in f.message]
