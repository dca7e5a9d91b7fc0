"""Status by meaning: each headline KPI read as good, watch or act against its thresholds.

The thresholds live in the scenario (`status_thresholds`, docs/model.md#F-status). A
status says what a figure means (an idle fleet is "watch" though nothing is short);
`change_is_good` says whether a change is for the better by the same meaning, never by
the sign alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

from core.engine.result_tables import share
from core.engine.results import EXTERNAL_SPEND_FLOOR, Results
from core.scenario.schema import StatusThresholds
from core.summary.direction import change_direction

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
]
STATUS_KPIS: tuple[StatusKpi, ...] = get_args(StatusKpi)


@dataclass(frozen=True)
class Judgement:
    """A KPI's status in one year, and the figure against its threshold in a few words."""

    status: Status
    reason: str  # "idle: under 50%", "HHI 5,726: over 2,500"


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


def judge(results: Results, kpi: StatusKpi, year: int, th: StatusThresholds) -> Judgement:
    """The status of `kpi` in `year` of `results` (docs/model.md#F-status)."""
    t = results.years.index(year)
    y = results.yearly
    if kpi == "utilization":
        return _utilization(float(y.utilization[t]), th)
    if kpi == "total_cost_usd":
        return _total_cost(results, t, th)
    if kpi == "cost_per_m_tokens_usd":
        return _unit_cost(float(y.cost_per_m_tokens_usd[t]), th)
    if kpi == "gpus":
        held = float(y.held_back_gpus[t])
        if held >= 0.5:
            return Judgement("watch", f"power cap holds back {held:,.0f}")
        return Judgement("good", "as planned")
    if kpi == "external_token_share":
        value = float(y.external_token_share[t])
        limits = (_pct(th.external_share_watch), _pct(th.external_share_act))
        return _ladder(value, th.external_share_watch, th.external_share_act, limits)
    if kpi == "partner_hhi":
        return _concentration(results, t, th)
    if kpi == "risk_index":
        value = float(y.risk_index[t])
        limits = (f"{th.risk_watch:g}", f"{th.risk_act:g}")
        return _ladder(value, th.risk_watch, th.risk_act, limits)
    value = float(y.slo_breach_token_share[t])
    if value <= 0.0:  # not "under the watch line": 17% late under a 20% line is no promise kept
        return Judgement("good", "every latency promise kept")
    limits = (_pct(th.slo_breach_watch), _pct(th.slo_breach_act))
    return _ladder(value, th.slo_breach_watch, th.slo_breach_act, limits, f"{_pct(value)} late")


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


def _total_cost(results: Results, t: int, th: StatusThresholds) -> Judgement:
    """The worse of the year-on-year growth and the cost per million tokens."""
    unit = _unit_cost(float(results.yearly.cost_per_m_tokens_usd[t]), th)
    cost = results.yearly.total_cost_usd
    if t == 0 or cost[t - 1] <= 0:
        return unit
    growth = float(cost[t] / cost[t - 1] - 1.0)
    limits = (_pct(th.cost_growth_watch), _pct(th.cost_growth_act))
    grew = _ladder(growth, th.cost_growth_watch, th.cost_growth_act, limits, f"{growth:+.0%}/yr")
    return grew if STATUS_RANK[grew.status] >= STATUS_RANK[unit.status] else unit


def _concentration(results: Results, t: int, th: StatusThresholds) -> Judgement:
    """Partner HHI of outside spend, once outside spend is a tenth of the cost (F-flags)."""
    y = results.yearly
    outside = share(y.partner_spend_usd + y.cloud_burst_usd, y.total_cost_usd)[t]
    if outside < EXTERNAL_SPEND_FLOOR:
        return Judgement("good", f"{_pct(float(outside))} spent outside")
    value = float(y.partner_hhi[t])
    limits = (f"{th.hhi_watch:,.0f}", f"{th.hhi_act:,.0f}")
    return _ladder(value, th.hhi_watch, th.hhi_act, limits)


def statuses(results: Results, th: StatusThresholds) -> dict[StatusKpi, list[Status]]:
    """Every status KPI's status per year (`scaledeck evaluate --json` key `status`)."""
    return {
        kpi: [judge(results, kpi, year, th).status for year in results.years] for kpi in STATUS_KPIS
    }


def thresholds_text(kpi: StatusKpi, th: StatusThresholds) -> str:
    """The thresholds of `kpi` in words, for a tooltip or the brief."""
    if kpi == "utilization":
        idle, full = _pct(th.utilization_idle), _pct(th.utilization_full)
        return (
            f"good {idle}-{full}; watch under {idle} (idle capital); act over {full} (cloud burst)"
        )
    if kpi == "gpus":
        return "good as planned; watch when the site's power cap holds GPUs back"
    ladders: dict[StatusKpi, tuple[str, str]] = {
        "total_cost_usd": (
            f"growth over {_pct(th.cost_growth_watch)}/yr or over "
            f"${th.cost_per_m_tokens_watch_usd:g}/M tokens",
            f"growth over {_pct(th.cost_growth_act)}/yr or over "
            f"${th.cost_per_m_tokens_act_usd:g}/M tokens",
        ),
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
            f"over {th.hhi_act:,.0f}; good while under "
            f"{_pct(EXTERNAL_SPEND_FLOOR)} of spend is outside",
        ),
        "risk_index": (f"over {th.risk_watch:g}/100", f"over {th.risk_act:g}/100"),
        "slo_breach_token_share": (
            f"over {_pct(th.slo_breach_watch)} of tokens late",
            f"over {_pct(th.slo_breach_act)}",
        ),
    }
    watch, act = ladders[kpi]
    return f"watch {watch}; act {act}"


def change_is_good(
    kpi: StatusKpi, value: float, base: float, now: Judgement, before: Judgement
) -> bool | None:
    """Whether moving from `base` to `value` is for the better; None when neither.

    A better status is good and a worse one bad; within one status the KPI's direction
    decides (`core.summary.direction`), except that utilization outside its band is never good,
    only less bad.
    """
    if now.status != before.status and math.isfinite(value - base):
        return STATUS_RANK[now.status] < STATUS_RANK[before.status]
    verdict = change_direction(kpi, base, value)
    if verdict == "better" and kpi == "utilization" and now.status != "good":
        return None
    return {"better": True, "worse": False}.get(verdict)


STATUS_MARK: dict[Status, str] = {"good": "✓", "watch": "⚠", "act": "✕"}  # never colour alone
