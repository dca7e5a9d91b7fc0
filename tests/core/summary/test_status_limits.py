"""Commitments against what the executive set (docs/model.md#F-status): total cost,
capex cash and site MW against the budgets and the power limit, and a variant against
its baseline's same year. Issue 26 (2) and (8)."""

import json
import math

import pytest
from scopes import SHARED

import core
from cli.main import main
from core.scenario.edits import with_changes, with_generation
from core.scenario.schema import Budget, StatusThresholds, YearUsd
from core.summary.risks import top_risks
from core.summary.status import NO_LIMITS, Judgement, Limits, judge, limits_of, thresholds_text

TH = StatusThresholds()


@pytest.fixture(scope=SHARED)
def default():
    return core.evaluate(core.default_scenario())


@pytest.fixture(scope=SHARED)
def scaled():
    """The default at scale 10: more GPUs, capex cash and site MW from 2027."""
    return core.evaluate(with_changes(core.default_scenario(), {"fleet.scale": 10.0}))


def budget(**fields) -> Limits:
    return Limits(Budget(**fields))


def test_over_the_budget_is_act_and_near_it_watch(default):
    cost = default.kpi("total_cost_usd", 2029)
    over = judge(default, "total_cost_usd", 2029, TH, budget(cost_usd_per_year=cost * 0.99))
    assert over.status == "act"
    assert over.reason == f"over ${cost * 0.99 / 1e9:,.2f}B, the cost budget"
    near = judge(default, "total_cost_usd", 2029, TH, budget(cost_usd_per_year=cost / 0.95))
    assert near.status == "watch"
    assert near.reason.startswith("95% of $")
    roomy = judge(default, "total_cost_usd", 2029, TH, budget(cost_usd_per_year=cost / 0.5))
    assert roomy.status == "good"
    assert roomy.reason.startswith("50% of $")  # a set budget speaks first
    at = judge(default, "total_cost_usd", 2029, TH, budget(cost_usd_per_year=cost))
    assert at.status == "watch"  # at the budget is not over it


def test_a_year_of_its_own_overrides_the_budget_of_every_year(default):
    cost = default.kpi("capex_cash_usd", 2031)
    limits = budget(
        capex_cash_usd_per_year=cost * 10,
        capex_cash_by_year=(YearUsd(year=2031, usd=cost / 2),),
    )
    assert judge(default, "capex_cash_usd", 2031, TH, limits).status == "act"
    assert judge(default, "capex_cash_usd", 2030, TH, limits).status == "good"
    assert limits.budget.of_year("capex_cash", 2030) == cost * 10
    assert limits.budget.of_year("capex_cash", 2031) == cost / 2
    assert limits.budget.of_year("cost", 2031) is None


def test_far_over_the_baseline_is_act_and_inside_a_budget_only_watch(default, scaled):
    cost, base = scaled.kpi("total_cost_usd", 2029), default.kpi("total_cost_usd", 2029)
    growth = cost / base - 1
    assert growth > TH.baseline_growth_act  # +54%
    alone = judge(scaled, "total_cost_usd", 2029, TH, NO_LIMITS, default)
    assert alone == Judgement("act", f"{growth:+.0%} vs base, over 50%")
    roomy = budget(cost_usd_per_year=cost * 2)
    inside = judge(scaled, "total_cost_usd", 2029, TH, roomy, default)
    assert inside == Judgement("watch", f"{growth:+.0%} vs base, over 50%; inside the cost budget")
    tight = budget(cost_usd_per_year=cost * 0.9)
    assert judge(scaled, "total_cost_usd", 2029, TH, tight, default).status == "act"
    alone_in_time = judge(scaled, "total_cost_usd", 2029, TH)  # no baseline: growth on 2028
    assert alone_in_time == Judgement("watch", "+23% YoY, over 20%")


def test_the_baseline_lines_move_with_the_thresholds(default, scaled):
    loose = TH.model_copy(update={"baseline_growth_watch": 0.6, "baseline_growth_act": 0.9})
    assert judge(scaled, "total_cost_usd", 2029, loose, NO_LIMITS, default) == Judgement(
        "watch", "+23% YoY, over 20%"
    )  # +54% vs base is under the 60% line: the growth on 2028 speaks
    with pytest.raises(ValueError, match=r"baseline_growth: act \(0.1\) is below watch \(0.2\)"):
        StatusThresholds(baseline_growth_act=0.1)


def test_capex_and_site_power_without_limits_read_the_baseline(default, scaled):
    assert judge(default, "capex_cash_usd", 2029, TH) == Judgement("good", "no budget set")
    assert judge(default, "facility_mw", 2029, TH) == Judgement("good", "no limit set")
    assert judge(scaled, "capex_cash_usd", 2029, TH, NO_LIMITS, default).status == "act"
    power = judge(scaled, "facility_mw", 2029, TH, NO_LIMITS, default)
    assert power == Judgement("act", "+900% vs base, over 50%")  # 15,000 -> 150,000 H100
    same = judge(scaled, "facility_mw", 2026, TH, NO_LIMITS, default)
    assert same == Judgement("good", "no limit set")  # 2026 equals its baseline


def test_site_power_against_the_power_limit():
    """The site's power cap is the power limit: held at it, watch; past it, act."""
    capped = with_changes(core.default_scenario(), {"fleet.scale": 6.0, "fleet.power_cap_mw": 40.0})
    results = core.evaluate(capped)
    limits = limits_of(capped)
    assert limits == Limits(Budget(), 40.0)
    assert judge(results, "facility_mw", 2031, TH, limits) == Judgement(
        "watch", "100% of 40 MW, the power limit"
    )
    assert judge(results, "facility_mw", 2026, TH, limits) == Judgement(
        "good", "55% of 40 MW, the power limit"
    )  # 21.98 MW
    tighter = Limits(Budget(), 20.0)  # under the baseline cohort's own 21.98 MW
    assert judge(results, "facility_mw", 2026, TH, tighter) == Judgement(
        "act", "over 20 MW, the power limit"
    )


def test_the_tooltip_says_the_rule_with_the_figures():
    limits = Limits(
        Budget(cost_usd_per_year=5e9, cost_by_year=(YearUsd(year=2029, usd=6e9),)), 300.0
    )
    assert thresholds_text("total_cost_usd", TH, limits) == (
        "cost budget $5.00B a year, 2029 $6.00B: act over it, watch over 90% of it, growth "
        "inside it at most watch; over the baseline's same year: watch over +20%, act over "
        "+50%; watch growth over 20%/yr or over $5/M tokens; act growth over 40%/yr or over "
        "$10/M tokens"
    )
    assert thresholds_text("facility_mw", TH, limits) == (
        "power limit 300 MW: act over it, watch over 90% of it, growth inside it at most "
        "watch; over the baseline's same year: watch over +20%, act over +50%"
    )
    assert thresholds_text("capex_cash_usd", TH, limits).startswith("no capex budget set; ")


def test_the_worked_example_of_the_doc(default, scaled):
    """docs/model.md#F-status: the default at scale 10 under a $5.00B cost budget."""
    limits = budget(cost_usd_per_year=5e9)
    assert judge(scaled, "total_cost_usd", 2029, TH, limits, default) == Judgement(
        "act", "over $5.00B, the cost budget"
    )
    assert judge(scaled, "total_cost_usd", 2027, TH, limits, default) == Judgement(
        "watch", "+23% vs base, over 20%"
    )
    assert judge(scaled, "total_cost_usd", 2026, TH, limits, default) == Judgement(
        "good", "54% of $5.00B, the cost budget"
    )


def test_a_site_past_its_cap_after_a_hotter_refresh_says_why():
    """6x B200 under a 60 MW cap: the ramp stops at 60 MW, then the 2031 refresh re-buys
    the baseline's H100 as B200 and the site needs 69 MW (docs/model.md#F-power-cap)."""
    capped = with_changes(core.default_scenario(), {"fleet.scale": 6.0, "fleet.power_cap_mw": 60.0})
    capped = with_generation(capped, "B200")
    results, limits = core.evaluate(capped), limits_of(capped)
    past = judge(results, "facility_mw", 2031, TH, limits)
    assert past == Judgement(
        "act",
        "over 60 MW, the power limit: the 2031 refresh re-bought H100 as B200, which draw "
        "more (the cap holds back only the ramp)",
    )
    assert judge(results, "facility_mw", 2030, TH, limits) == Judgement(
        "watch", "100% of 60 MW, the power limit"
    )  # held at the cap until the refresh


def test_a_status_says_whether_it_reads_the_change_or_something_beside_it(default, scaled):
    """A tile shows its figure and its change: a status that reads neither is said."""
    assert judge(scaled, "total_cost_usd", 2029, TH, NO_LIMITS, default).judged == "change"
    assert judge(scaled, "total_cost_usd", 2029, TH).judged == "beside"  # +23%/yr
    assert judge(default, "total_cost_usd", 2026, TH).judged == "beside"  # $/M tokens
    limits = budget(cost_usd_per_year=5e9)
    assert judge(scaled, "total_cost_usd", 2029, TH, limits, default).judged == "beside"
    assert judge(default, "external_token_share", 2029, TH).judged == "figure"


def test_a_small_change_over_the_baseline_never_reads_plus_zero(default):
    """Scale 1.1x: the cost tile showed "▲ +0.02B vs base" over a tooltip "+0% vs base"."""
    slightly = core.evaluate(with_changes(core.default_scenario(), {"fleet.scale": 1.1}))
    for year in slightly.years:
        growth = slightly.kpi("total_cost_usd", year) / default.kpi("total_cost_usd", year) - 1
        said = judge(slightly, "total_cost_usd", year, TH, NO_LIMITS, default).reason
        if 0 < abs(growth) < 0.005:
            assert said.startswith(f"{growth:+.1%} vs base") or said.startswith("under ")
        assert not said.startswith("+0% vs base"), (year, said)


def shown_percent(reason: str) -> float:
    """The percentage a reason starts with: "90.02% of $4.27B, ..." -> 90.02."""
    return float(reason.split("%")[0].lstrip("+").replace(",", ""))


@pytest.mark.parametrize("share", [0.8996, 0.9, 0.90004, 0.9002, 0.9049, 0.905, 0.95])
@pytest.mark.parametrize("kpi", ["total_cost_usd", "capex_cash_usd", "facility_mw"])
def test_the_share_of_a_budget_or_limit_never_reads_against_its_status(default, kpi, share):
    """A cost budget of $4.2727B read "✓ GOOD: 90% of $4.27B" and one of $4.27B
    "⚠ WATCH: 90% of $4.27B": past the 90% line, the share reads past it ("90.02%")."""
    figure = default.kpi(kpi, 2029)
    limit = figure / share
    fields = {"total_cost_usd": "cost_usd_per_year", "capex_cash_usd": "capex_cash_usd_per_year"}
    limits = Limits(power_mw=limit) if kpi == "facility_mw" else budget(**{fields[kpi]: limit})
    judged = judge(default, kpi, 2029, TH, limits)
    past = figure > TH.limit_watch * limit
    assert judged.status == ("watch" if past else "good")
    assert (shown_percent(judged.reason) > 90) == past, judged.reason
    assert abs(shown_percent(judged.reason) - share * 100) <= 0.5  # the share, rounded


def test_a_growth_just_past_its_line_reads_past_it(default):
    """Year-on-year growth on the same rule: 12.15% over a 12% line read "+12% YoY, over
    12%"; it reads "+12.2% YoY, over 12%"."""
    checked = 0
    for t, year in enumerate(default.years[1:], start=1):
        growth = float(default.yearly.total_cost_usd[t] / default.yearly.total_cost_usd[t - 1]) - 1
        line = math.floor(growth * 100) / 100
        if not 0 < growth - line < 0.005:
            continue
        judged = judge(default, "total_cost_usd", year, StatusThresholds(cost_growth_watch=line))
        assert judged.status == "watch"
        assert judged.reason.endswith(f" YoY, over {line:.0%}")
        assert judged.reason.startswith("+")
        assert shown_percent(judged.reason) > line * 100
        checked += 1
    assert checked  # the default has such a year (2028: +12.15%)


def test_a_year_over_its_budget_is_a_warning_and_a_top_risk(capsys):
    """6x GB200 pays $2.90B of capex cash in 2027-2029 against $1.00B: the tile said act,
    but no warning, no --json flag and no top risk did, while a power cap was all three."""
    changes = {
        "fleet.scale": 6.0,
        "budget.capex_cash_usd_per_year": 1e9,
        "budget.cost_usd_per_year": 4e9,
    }
    results = core.evaluate(
        with_changes(with_generation(core.default_scenario(), "GB200"), changes)
    )
    capex = results.series("capex_cash_usd")
    over = [f for f in results.flags if f.kind == "over_capex_budget"]
    assert [f.year for f in over] == [
        y for y, c in zip(results.years, capex, strict=True) if c > 1e9
    ]
    assert over[0].message == "2027: capex cash $2.90B, $1.90B over the capex budget of $1.00B"
    assert {f.year for f in results.flags if f.kind == "over_cost_budget"} == {
        2028,
        2029,
        2030,
        2031,
    }
    risks = {r.title: r for r in top_risks(results)}
    capex_risk = risks["Over the capex budget"]
    assert capex_risk.usd_at_stake == pytest.approx(sum(c - 1e9 for c in capex if c > 1e9))
    assert capex_risk.detail == (
        "capex cash $1.30B-$2.90B in 2027-2029 and 2031, against a capex budget of $1.00B"
    )
    assert capex_risk.stake == "$5.99B over 2027-2029 and 2031, undiscounted: above the budget"
    assert "Over the cost budget" in risks
    args = ["evaluate", "--scale", "6", "--gpu", "GB200"]
    args += [f"--set={path}={value:g}" for path, value in changes.items() if "budget" in path]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "  - 2027-2029: capex cash $2.90B, $1.90B over the capex budget of $1.00B\n" in said
    assert main([*args, "--json"]) == 0
    flags = json.loads(capsys.readouterr().out)["flags"]
    assert [f.message for f in results.flags] == flags
