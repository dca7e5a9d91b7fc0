"""What a product made in-house only breaks (`in_house_only_breaks`): its quality floor or
latency promise by year, or most of its tokens bought as cloud burst; nothing if none."""

import pytest

import core
from core.analysis.in_house import in_house_only, in_house_only_breaks
from core.scenario.edits import with_changes


def moved(product: str, changes: dict | None = None) -> core.Results:
    base = with_changes(core.default_scenario(), changes or {"fleet.scale": 1.0})
    return core.evaluate(with_changes(base, in_house_only(base, product)[0]))


def test_the_floor_of_the_years_it_falls_back_and_the_burst_after():
    """MAI-2 serves GitHub Copilot from 2029; until then MAI small, under its floor."""
    assert in_house_only_breaks(moved("GitHub Copilot"), "GitHub Copilot") == [
        "its quality floor is broken in 2026-2028 (MAI small, quality 55 under its floor 85)",
        "most of its tokens are bought as cloud burst in 2029-2031 (97-99%)",
    ]


def test_each_model_under_the_floor_is_named_with_its_years():
    breaks = in_house_only_breaks(moved("M365 Copilot PowerPoint"), "M365 Copilot PowerPoint")
    assert breaks[0] == (
        "its quality floor is broken in 2026-2028 (MAI small, quality 45 under its floor 85) "
        "and 2029-2031 (MAI-2, quality 84 under its floor 85)"
    )


def test_a_move_that_keeps_every_promise_breaks_nothing():
    assert (
        in_house_only_breaks(moved("Copilot consumer", {"fleet.scale": 4.0}), "Copilot consumer")
        == []
    )


@pytest.mark.parametrize(("growth", "share"), [(1.3, "64%"), (1.0, None)])
def test_most_means_more_than_half(growth, share):
    """The fleet keeps an in-house-only product's work and bursts the others' first
    (docs/model.md#F-external-share): on a fleet of scale 1.3, at 1x Copilot consumer's
    2031 burst is 42%, none "most"; with demand growing 1.3x as fast, 64% (2030: 40%).

    (Scale 1.3, not 1: with replicas reaching two NVLink domains at most, in-house serving
    on H100 costs more GPU-hours, and at scale 1 even 1x growth bursts 55% in 2031.)"""
    changes = {"fleet.scale": 1.3, "levers.demand_growth_multiplier": growth}
    breaks = in_house_only_breaks(moved("Copilot consumer", changes), "Copilot consumer")
    burst = [b for b in breaks if "cloud burst" in b]
    assert burst == (
        [f"most of its tokens are bought as cloud burst in 2031 ({share})"] if share else []
    )
