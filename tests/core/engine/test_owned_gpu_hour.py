"""What one owned GPU costs an hour (docs/model.md#F-owned-gpu-hour): the kernel's fleet money."""

import pytest

import core
from core.scenario.edits import with_changes
from core.units import HOURS_PER_YEAR


def _fleet_of(scenario: core.Scenario, gpu: str, gpus: int) -> core.Scenario:
    """The scenario with a baseline of `gpus` GPUs of `gpu` and no ramp."""
    changes = {"fleet.baseline_gpu": gpu, "fleet.gpu": gpu, "fleet.baseline_gpus": gpus}
    return with_changes(scenario, changes)


def test_ours_is_the_fleet_cost_of_one_gpu_over_a_year():
    """Each catalog GPU: an evaluated fleet of 1,000 of them costs 1,000 x ours x 8,760."""
    base = core.default_scenario()
    ours = core.owned_usd_per_gpu_hour(base)
    assert list(ours) == [g.name for g in base.gpu_catalog]
    for gpu in ("H100", "B200", "MI355X"):
        results = core.evaluate(_fleet_of(base, gpu, 1_000))
        year_usd = results.kpi("fleet_cost_usd", base.horizon.start_year)
        assert ours[gpu] == pytest.approx(year_usd / (1_000 * HOURS_PER_YEAR), rel=1e-9)


def test_h100_by_hand():
    """Capital 50,000 x CRF(8%, 6); site 1,274 W x $11M/MW x CRF(8%, 15); power; opex 6%."""
    capital = 50_000 * 0.2002920
    site = 700 * 1.82 / 1e6 * 11e6 * 0.1081755
    power = 700 * 1.82 * 0.75 / 1000 * 1.15 * HOURS_PER_YEAR * 0.08
    opex = 0.06 * 50_000
    by_hand = (capital + site + power + opex) / HOURS_PER_YEAR
    ours = core.owned_usd_per_gpu_hour(core.default_scenario())["H100"]
    assert ours == pytest.approx(by_hand, rel=1e-6)
    assert ours == pytest.approx(1.7466, abs=1e-4)


def test_ours_moves_with_the_money_inputs_not_with_the_fleet_size():
    base = core.default_scenario()
    ours = core.owned_usd_per_gpu_hour(base)["H100"]
    dearer = with_changes(base, {"fleet.electricity_usd_per_kwh": 0.16})
    power_usd_per_hour = 700 * 1.82 * 0.75 / 1000 * 1.15 * 0.08
    assert core.owned_usd_per_gpu_hour(dearer)["H100"] == pytest.approx(ours + power_usd_per_hour)
    bigger = with_changes(base, {"fleet.scale": 6.0})
    assert core.owned_usd_per_gpu_hour(bigger)["H100"] == ours
    no_capital_cost = with_changes(base, {"fleet.cost_of_capital": 0.0})
    assert core.owned_usd_per_gpu_hour(no_capital_cost)["H100"] < ours


def test_every_catalog_gpu_has_its_published_figure_and_source():
    base = core.default_scenario()
    published = {g.name: g.published_tco_usd_per_gpu_hour for g in base.gpu_catalog}
    assert published == {
        "H100": 1.17, "H200": 1.22, "B200": 1.73, "B300": 2.26, "GB200": 1.86,
        "GB300": 2.31, "MI300X": 0.95, "MI325X": 1.1, "MI355X": 1.5,
    }  # fmt: skip
    source = base.sources["gpu_catalog.published_tco_usd_per_gpu_hour"]
    assert "semianalysis.com/ai-cloud-tco-model" in source.text
    assert "July 2026" in source.text
    assert not source.illustrative
