"""The headline's sentences, each pinned whole on the tiny scenario (docs/model.md#F-headline).

test_glance.py reads the default and its extremes; these pin the cases they never reach:
no promise broken, the late product that is not the first, one route under a floor,
everything in-house, the power cap, a one-year horizon.
"""

import core
from core.scenario.edits import with_changes, with_generation
from core.scenario.schema import StatusThresholds
from core.summary.headline import _and_more, headline_for

TH = StatusThresholds()
COST_2026 = (
    "2026: $38M this year. Present cost $72M, the figure to quote (2026-2027 discounted); "
    "2-year cost $72M undiscounted."
)
SERVED_OUTSIDE_2026 = "P1 serves 83% of tokens: all that are served outside."


def line(scenario: core.Scenario, year: int = 2026) -> str:
    return headline_for(core.evaluate(scenario), year, TH)


def test_the_tiny_scenario_breaks_no_promise(tiny):
    assert line(tiny()) == (
        f"{COST_2026} No promise is broken. Busy hour: 2% busy, of 900 available GPUs, most of the fleet "
        f"idle. {SERVED_OUTSIDE_2026}"
    )


def test_the_late_product_is_named_whichever_row_it_is(tiny):
    late_b = line(tiny({"products[1].tpot_slo_ms": 10.0}))
    assert "Worst breach: B misses its latency promise on 100% of its tokens. Busy" in late_b
    both = line(tiny({"products[0].tpot_slo_ms": 10.0, "products[1].tpot_slo_ms": 10.0}))
    assert (  # B's 100% before A's 50%: the larger share of its tokens late
        "Worst breach: B misses its latency promise on 100% of its tokens (and 1 more "
        "product). Busy"
    ) in both


def test_one_route_under_its_floor_has_no_more_routes(tiny):
    assert "Worst breach: B has 50% of its tokens on Own, quality 60 under its floor 85. Busy" in (
        line(tiny({"products[1].routing": {"Own": 0.5, "Ext": 0.5}}))
    )


def test_everything_in_house_says_so(tiny):
    scenario = tiny(
        {
            "products[0].routing": {"Own": 1.0},
            "products[1].routing": {"Own": 1.0},
            "products[1].quality_floor": 50,
        }
    )
    assert line(scenario).endswith(
        "No promise is broken. Busy hour: 11% busy, of 900 available GPUs, most of the fleet idle. Every "
        "served token is served in-house."
    )


def test_an_in_house_only_product_on_rented_gpus_is_the_breach_named(tiny):
    """Data residency is a promise: its tokens on cloud burst read "No promise is broken."
    while the CLI warned of them. Named before a quality floor (B's, here)."""
    scenario = tiny(
        {
            "products[0].routing": {"Own": 1.0},
            "products[0].fallback": ["Own"],
            "products[0].in_house_only": True,
            "products[0].tokens_per_year": 1e14,
            "products[1].routing": {"Own": 0.5, "Ext": 0.5},
        }
    )
    said = line(scenario)
    assert (
        "Worst breach: A is in-house only, but 72% of its tokens run on rented GPUs (cloud "
        "burst). Busy" in said
    )


def test_the_power_cap_adds_the_gpus_it_holds_back(tiny):
    capped = line(tiny({"fleet.power_cap_mw": 1.0, "fleet.scale": 3.0}), 2027)
    assert (
        "Busy hour: 4% busy, of 900 available GPUs, most of the fleet idle. The site's power cap holds back "
        "2,000 GPUs. P1 serves"
    ) in capped


def test_a_capped_site_past_its_cap_after_a_hotter_refresh_says_why():
    """6x B200 under 60 MW: the cap holds the ramp at 60 MW, then the 2031 refresh re-buys
    the baseline's H100 as B200 and the site needs 69 MW (docs/model.md#F-power-cap)."""
    capped = core.default_scenario()
    capped = with_changes(capped, {"fleet.scale": 6.0, "fleet.power_cap_mw": 60.0})
    said = line(with_generation(capped, "B200"), 2031)
    assert (
        "The site's power cap holds back 56,833 GPUs; the 2031 refresh re-bought H100 as "
        "B200, which draw more: the site needs 69 MW."
    ) in said


def test_a_one_year_horizon_names_its_one_year(tiny):
    assert line(tiny({"horizon.end_year": 2026})).startswith(
        "2026: $38M this year. Present cost $38M, the figure to quote (2026 discounted); "
        "1-year cost $38M undiscounted."
    )


def test_more_products_are_counted_in_words():
    assert _and_more(0) == ""
    assert _and_more(1) == " (and 1 more product)"
    assert _and_more(2) == " (and 2 more products)"
