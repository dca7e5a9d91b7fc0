"""A site that needs more than its power cap says so, and why (docs/model.md#F-power-cap)."""

import pytest

import core
from core.scenario.edits import with_changes, with_generation
from core.summary.risks import top_risks


def over_cap(scenario: core.Scenario) -> dict[int, str]:
    return {f.year: f.message for f in core.evaluate(scenario).flags if f.kind == "over_power_cap"}


def test_a_cap_under_the_baseline_is_flagged_every_year() -> None:
    """15,000 H100 need 21.98 MW; a 20 MW cap cannot give it, and the ramp adds nothing."""
    flags = over_cap(with_changes(core.default_scenario(), {"fleet.power_cap_mw": 20.0}))
    assert sorted(flags) == list(range(2026, 2032))
    assert flags[2026] == (
        "2026: the site needs 22.0 MW, 2.0 MW over its power cap of 20.0 MW with the "
        "baseline's H100 alone; the cap holds back only GPUs the ramp adds (raise the cap)"
    )


def test_a_refresh_to_a_hotter_generation_is_flagged_from_its_year() -> None:
    """Re-bought as GB200 in 2031 (six-year life), the baseline needs 15,000 x 1,200 W x
    1.82 x 1.15 = 37.7 MW; under a 25 MW cap the ramp adds nothing, so 2031 alone is over."""
    scenario = with_changes(
        with_generation(core.default_scenario(), "GB200"), {"fleet.power_cap_mw": 25.0}
    )
    flags = over_cap(scenario)
    assert list(flags) == [2031]
    assert (
        "37.7 MW, 12.7 MW over its power cap of 25.0 MW once the baseline is re-bought as "
        "GB200 at the end of its life" in flags[2031]
    )
    assert over_cap(with_changes(scenario, {"fleet.refresh": False})) == {}  # H100s kept
    risk = next(r for r in top_risks(core.evaluate(scenario)) if r.title.startswith("Site"))
    assert risk.detail == "the site needs 37.7 MW in 2031, over its 25.0 MW power cap"


@pytest.mark.parametrize("cap_mw", [None, 22.0, 400.0])
def test_a_site_within_its_cap_raises_no_flag(cap_mw: float | None) -> None:
    """No cap, a cap the baseline just fits (21.98 MW) and a loose one: nothing to say."""
    scenario = with_changes(core.default_scenario(), {"fleet.power_cap_mw": cap_mw})
    assert over_cap(with_changes(scenario, {"fleet.scale": 8.0})) == {}
