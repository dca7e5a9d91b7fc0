"""Status by meaning: each headline KPI read as good, watch or act against its thresholds.

The thresholds live in the scenario (`status_thresholds`, docs/model.md#F-status), beside
what the executive set: the budgets and the site's power limit (`Limits`). A variant is
also judged against its baseline's same year. A status says what a figure means (an idle
fleet is "watch" though nothing is short); `change_is_good` says whether a change is for
the better by the KPI's direction, never by the sign alone nor by the status.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

import numpy as np

from core.engine.results import Results
from core.numbers import past
from core.scenario.schema import Budget, Scenario, StatusThresholds
from core.summary.direction import change_direction
from core.units import as_set, signed, some_percent, usd_as_set

Status = Literal["good", "watch", "act"]
STATUS_RANK: dict[Status, int] = {"good": 0, "watch": 1, "act": 2}
StatusKpi = Literal[
    "total_cost_usd",
    "cost_per_m_tokens_usd",
    "gpus",
    "utilization",
    "external_token_share",
    "partner_hhi",
    "risk_index",
    "slo_breach_token_share",
    "under_floor_token_share",
    "capex_cash_usd",
    "facility_mw",
]
STATUS_KPIS: tuple[StatusKpi, ...] = get_args(StatusKpi)


# What a status reads: the tile's own figure on its KPI's lines, the figure's change over
# the baseline (the change a tile shows), or something the tile does not show: the growth on
# the year before, the cost per million tokens, a budget or the power limit.
Judged = Literal["figure", "change", "beside"]


@dataclass(frozen=True)
class Judgement:
    """A KPI's status in one year, and the figure against its threshold in a few words.

    `judged` tells a tile whether its change explains the status: when the status reads
    something beside it ("beside"), the tile says what (docs/model.md#F-status).
    """

    status: Status
    reason: str  # "idle: under 50%", "HHI 5,726: over 2,500"
    judged: Judged = field(default="figure", compare=False)


def _ladder(
    value: float, watch: float, act: float, limits: tuple[str, str], shown: str = ""
) -> Judgement:
    """Good up to `watch`, watch above it, act above `act`; `shown` names a figure not on show."""
    said = f"{shown}, " if shown else ""
    if value > act:
        return Judgement("act", f"{said}over {limits[1]}")
    if value > watch:
        return Judgement("watch", f"{said}over {limits[0]}")
    return Judgement("good", f"{said}under {limits[0]}")


def _pct(fraction: float) -> str:
    return f"{fraction * 100:,.0f}%"


def _pct_past(fraction: float, lines: Sequence[float], usual: Callable[[float], str] = _pct) -> str:
    """`usual(fraction)`, with the decimals it needs where it reads as the line it is past.

    A cost 90.04% of its budget read "90% of $4.27B" beside ⚠ WATCH (over 90%), as 89.6%
    did beside ✓ GOOD: past a line, the figure reads past it ("90.04% of $4.27B").
    """
    said = usual(fraction)
    crossed = max((line for line in lines if fraction > line), default=None)
    if crossed is None or said != usual(crossed):
        return said
    sign = "+" if said.startswith("+") else ""  # a growth keeps its sign
    return f"{sign}{past(fraction * 100, round(crossed * 100, 6))}%"


@dataclass(frozen=True)
class Limits:
    """What the executive set beside the thresholds: the budgets and the site's power."""

    budget: Budget = field(default_factory=Budget)
    power_mw: float | None = None  # fleet.power_cap_mw


NO_LIMITS = Limits()


def limits_of(scenario: Scenario) -> Limits:
    """The budgets and the power limit `scenario` sets (docs/model.md#F-status)."""
    return Limits(scenario.budget, scenario.fleet.power_cap_mw)


Commitment = Literal["total_cost_usd", "capex_cash_usd", "facility_mw"]


def _usd(value: float) -> str:
    """A budget as set: $5.00B, $4M ("$0.00B" read a $4M budget as none)."""
    return usd_as_set(value)


def _mw(value: float) -> str:
    """A power limit as set: 60 MW, 0.4 MW ("0 MW" read a 0.4 MW cap as none)."""
    return f"{as_set(value)} MW"


# What limits each commitment, and how its figures read.
COMMITMENTS: dict[StatusKpi, tuple[str, Callable[[float], str]]] = {
    "total_cost_usd": ("cost budget", _usd),
    "capex_cash_usd": ("capex budget", _usd),
    "facility_mw": ("power limit", _mw),
}


def judge(
    results: Results,
    kpi: StatusKpi,
    year: int,
    th: StatusThresholds,
    limits: Limits = NO_LIMITS,
    baseline: Results | None = None,
) -> Judgement:
    """The status of `kpi` in `year` of `results` (docs/model.md#F-status).

    Cost, capex cash and site MW also read `limits` and, for a variant, `baseline`.
    """
    t = results.years.index(year)
    y = results.yearly
    if kpi == "utilization":
        return _utilization(float(y.utilization[t]), th)
    if kpi in COMMITMENTS:
        return _commitment(results, kpi, year, th, limits, baseline)
    if kpi == "cost_per_m_tokens_usd":
        return _unit_cost(float(y.cost_per_m_tokens_usd[t]), th)
    if kpi == "gpus":
        held = float(y.held_back_gpus[t])
        if held >= 0.5:
            return Judgement("watch", f"power cap holds back {held:,.0f}")
        return Judgement("good", "as planned")
    if kpi == "external_token_share":
        value = float(y.external_token_share[t])
        lines = (_pct(th.external_share_watch), _pct(th.external_share_act))
        return _ladder(value, th.external_share_watch, th.external_share_act, lines)
    if kpi == "partner_hhi":
        return _concentration(float(y.partner_hhi[t]), th)
    if kpi == "risk_index":
        value = float(y.risk_index[t])
        lines = (f"{th.risk_watch:g}", f"{th.risk_act:g}")
        return _ladder(value, th.risk_watch, th.risk_act, lines)
    if kpi == "under_floor_token_share":
        return _broken_promise(float(y.under_floor_token_share[t]), th, "quality floor", "under")
    return _broken_promise(float(y.slo_breach_token_share[t]), th, "latency promise", "late")


def _broken_promise(value: float, th: StatusThresholds, promise: str, said: str) -> Judgement:
    """Tokens on a route that breaks a promise (latency or quality floor), on one ladder."""
    if value <= 0.0:  # not "under the watch line": 17% late under a 20% line is no promise kept
        return Judgement("good", f"every {promise} kept")
    lines = (th.slo_breach_watch, th.slo_breach_act)
    shown = f"{_pct_past(value, lines, some_percent)} {said}"
    return _ladder(value, *lines, (_pct(lines[0]), _pct(lines[1])), shown)


def _utilization(value: float, th: StatusThresholds) -> Judgement:
    if value > th.utilization_full:
        return Judgement("act", f"short: over {_pct(th.utilization_full)}")
    if value < th.utilization_idle:
        return Judgement("watch", f"idle: under {_pct(th.utilization_idle)}")
    return Judgement(
        "good", f"in band: {th.utilization_idle * 100:.0f}-{_pct(th.utilization_full)}"
    )


def _unit_cost(value: float, th: StatusThresholds) -> Judgement:
    if not math.isfinite(value):
        return Judgement("watch", "no token served")
    watch, act = th.cost_per_m_tokens_watch_usd, th.cost_per_m_tokens_act_usd
    return _ladder(value, watch, act, (f"${watch:g}", f"${act:g}"), f"${value:,.2f}/M tokens")


def _commitment(
    results: Results,
    kpi: StatusKpi,
    year: int,
    th: StatusThresholds,
    limits: Limits,
    baseline: Results | None,
) -> Judgement:
    """The worst of its judgements against the budget or limit and the baseline.

    Total cost adds its growth on the year before and its cost per million tokens.
    Inside a budget (or under the limit) growth is at most watch: the executive allowed
    the spending. Ties go to the first named, so a set budget speaks first.
    """
    value = results.kpi(kpi, year)
    noun, said = COMMITMENTS[kpi]
    limit = _limit_of(kpi, year, limits)
    against = None if limit is None else _against_limit(value, limit, th, said, noun)
    growth = [_over_baseline(value, _same_year(baseline, kpi, year), th)]
    if kpi == "total_cost_usd":
        growth.append(_year_on_year(results, results.years.index(year), th))
    past_cap = kpi == "facility_mw" and against is not None and against.status == "act"
    if against is not None and past_cap and (refresh := hotter_refresh(results, year)):
        why = f"{against.reason}: {refresh} (the cap holds back only the ramp)"
        against = replace(against, reason=why)  # why a capped site passed its cap
    found = [against] + [_inside(g, against, noun) for g in growth]
    if kpi == "total_cost_usd":
        unit_cost = _unit_cost(results.kpi("cost_per_m_tokens_usd", year), th)
        found.append(replace(unit_cost, judged="beside"))
    judged = [j for j in found if j is not None]
    if not judged:
        return Judgement("good", f"no {noun.split()[-1]} set")  # the tile names the KPI
    return max(judged, key=lambda j: STATUS_RANK[j.status])  # the first of the worst


def _limit_of(kpi: StatusKpi, year: int, limits: Limits) -> float | None:
    if kpi == "facility_mw":
        return limits.power_mw
    return limits.budget.of_year("cost" if kpi == "total_cost_usd" else "capex_cash", year)


def _against_limit(
    value: float, limit: float, th: StatusThresholds, said: Callable[[float], str], noun: str
) -> Judgement:
    """Over the limit is act, over `limit_watch` of it watch.

    The limit's figure comes first ("over 60 MW, the power limit"): a narrow tile keeps
    that clause, and shows the figure itself above it.
    """
    if value > limit:
        return Judgement("act", f"over {said(limit)}, the {noun}", "beside")
    status: Status = "watch" if value > th.limit_watch * limit else "good"
    share = _pct_past(value / limit, (th.limit_watch,))
    return Judgement(status, f"{share} of {said(limit)}, the {noun}", "beside")


def hotter_refresh(results: Results, year: int) -> str:
    """Why a capped site may pass its cap: a refresh re-bought GPUs as a hotter generation.

    The cap holds back only the ramp (docs/model.md#F-power-cap): the baseline re-bought
    as the generation bought now draws that generation's power. "the 2031 refresh
    re-bought H100 as B200, which draw more", or "" when no refresh did by `year`.
    """
    s, t = results.structure, results.years.index(year)
    refreshed = s.cohort_refreshed[:, : t + 1].any(axis=1)
    hotter = np.flatnonzero(refreshed & (s.cohort_tdp_w[:, t] > s.cohort_install_tdp_w))
    if not hotter.size:
        return ""
    c = int(hotter[0])
    when = results.years[int(np.argmax(s.cohort_refreshed[c]))]
    now = s.generation_names[int(s.cohort_generation[c, t])]
    return f"the {when} refresh re-bought {s.cohort_gpu[c]} as {now}, which draw more"


def _same_year(baseline: Results | None, kpi: StatusKpi, year: int) -> float | None:
    return None if baseline is None or year not in baseline.years else baseline.kpi(kpi, year)


def _over_baseline(value: float, base: float | None, th: StatusThresholds) -> Judgement | None:
    """Growth over the baseline's figure; none without one above 0, or when unchanged."""
    if base is None or base <= 0 or math.isclose(value, base, rel_tol=1e-9):
        return None
    growth = value / base - 1.0
    watch, act = th.baseline_growth_watch, th.baseline_growth_act
    shown = f"{_pct_past(growth, (watch, act), _growth)} vs base"
    judged = _ladder(growth, watch, act, (_pct(watch), _pct(act)), shown)
    return replace(judged, judged="change")


def _growth(fraction: float) -> str:
    """A growth that never reads +0% beside a change the tile shows: '+0.4%', 'under +0.1%'.

    The cost tile read "+0% vs base" in its tooltip beside "▲ +0.02B vs base" on its face.
    """
    for digits in (0, 1):
        if round(abs(fraction) * 100, digits) > 0:
            return f"{fraction:+,.{digits}%}"
    return f"under {'+' if fraction > 0 else '-'}0.1%"


def _year_on_year(results: Results, t: int, th: StatusThresholds) -> Judgement | None:
    cost = results.yearly.total_cost_usd
    if t == 0 or cost[t - 1] <= 0:
        return None
    growth = float(cost[t] / cost[t - 1] - 1.0)
    lines = (th.cost_growth_watch, th.cost_growth_act)
    shown = f"{_pct_past(growth, lines, lambda g: signed(g, '+.0%'))} YoY"
    judged = _ladder(growth, *lines, (_pct(lines[0]), _pct(lines[1])), shown)
    return replace(judged, judged="beside")


def _inside(growth: Judgement | None, against: Judgement | None, noun: str) -> Judgement | None:
    """Growth inside a budget or limit is at most watch."""
    if growth is None or against is None or against.status == "act" or growth.status != "act":
        return growth
    return Judgement("watch", f"{growth.reason}; inside the {noun}", growth.judged)


def _concentration(value: float, th: StatusThresholds) -> Judgement:
    """Partner HHI: the outside providers' shares of all tokens, squared and summed."""
    if value <= 0.0:
        return Judgement("good", "nothing served outside")
    return _ladder(value, th.hhi_watch, th.hhi_act, (f"{th.hhi_watch:,.0f}", f"{th.hhi_act:,.0f}"))


def statuses(
    results: Results,
    th: StatusThresholds,
    limits: Limits = NO_LIMITS,
    baseline: Results | None = None,
) -> dict[StatusKpi, list[Status]]:
    """Every status KPI's status per year (`scaledeck evaluate --json` key `status`)."""
    return {
        kpi: [judge(results, kpi, year, th, limits, baseline).status for year in results.years]
        for kpi in STATUS_KPIS
    }


def thresholds_text(kpi: StatusKpi, th: StatusThresholds, limits: Limits = NO_LIMITS) -> str:
    """The thresholds of `kpi` in words, for a tooltip or the brief."""
    if kpi in COMMITMENTS:
        return _commitment_text(kpi, th, limits)
    if kpi == "utilization":
        idle, full = _pct(th.utilization_idle), _pct(th.utilization_full)
        return (
            f"good {idle}-{full}; watch under {idle} (idle capital); act over {full} (cloud burst)"
        )
    if kpi == "gpus":
        return "good as planned; watch when the site's power cap holds GPUs back"
    ladders: dict[StatusKpi, tuple[str, str]] = {
        "cost_per_m_tokens_usd": (
            f"over ${th.cost_per_m_tokens_watch_usd:g}/M tokens",
            f"over ${th.cost_per_m_tokens_act_usd:g}/M tokens",
        ),
        "external_token_share": (
            f"over {_pct(th.external_share_watch)} of tokens",
            f"over {_pct(th.external_share_act)}",
        ),
        "partner_hhi": (
            f"over {th.hhi_watch:,.0f} (2023 Merger Guidelines)",
            f"over {th.hhi_act:,.0f}",
        ),
        "risk_index": (f"over {th.risk_watch:g}/100", f"over {th.risk_act:g}/100"),
        "slo_breach_token_share": (
            f"over {_pct(th.slo_breach_watch)} of tokens late",
            f"over {_pct(th.slo_breach_act)}",
        ),
        "under_floor_token_share": (
            f"over {_pct(th.slo_breach_watch)} of tokens on a model under the product's "
            "quality floor",
            f"over {_pct(th.slo_breach_act)} (the latency promise's lines)",
        ),
    }
    watch, act = ladders[kpi]
    return f"watch {watch}; act {act}"


def _commitment_text(kpi: StatusKpi, th: StatusThresholds, limits: Limits) -> str:
    """The budget or limit with its figures, the baseline's lines, and cost's own lines."""
    noun, said = COMMITMENTS[kpi]
    if kpi == "facility_mw":
        figures = [] if limits.power_mw is None else [said(limits.power_mw)]
    else:
        every, rows = limits.budget.listed("cost" if kpi == "total_cost_usd" else "capex_cash")
        figures = [f"{said(every)} a year"] if every is not None else []
        figures += [f"{row.year} {said(row.usd)}" for row in rows]
    limit = (
        f"{noun} {', '.join(figures)}: act over it, watch over {_pct(th.limit_watch)} of it, "
        "growth inside it at most watch"
        if figures
        else f"no {noun} set"
    )
    base = (
        f"over the baseline's same year: watch over +{_pct(th.baseline_growth_watch)}, "
        f"act over +{_pct(th.baseline_growth_act)}"
    )
    if kpi != "total_cost_usd":
        return f"{limit}; {base}"
    return (
        f"{limit}; {base}; watch growth over {_pct(th.cost_growth_watch)}/yr or over "
        f"${th.cost_per_m_tokens_watch_usd:g}/M tokens; act growth over "
        f"{_pct(th.cost_growth_act)}/yr or over ${th.cost_per_m_tokens_act_usd:g}/M tokens"
    )


def change_is_good(kpi: StatusKpi, value: float, base: float, now: Judgement) -> bool | None:
    """Whether moving from `base` to `value` is for the better; None when neither.

    The change is judged by itself, by the KPI's direction (`core.summary.direction`:
    lower cost is better, utilization toward its band), never by the status: a cost that
    falls is good news even in a year its growth on the year before makes act. The badge
    says the status, and the tile's line what it reads when that is not the change.
    Utilization outside its band (`now` not good) is never good, only less bad; the
    baseline's status plays no part (a status move is no change's colour).
    """
    verdict = change_direction(kpi, base, value)
    if verdict == "better" and kpi == "utilization" and now.status != "good":
        return None
    return {"better": True, "worse": False}.get(verdict)


STATUS_MARK: dict[Status, str] = {"good": "✓", "watch": "⚠", "act": "✕"}  # never colour alone
