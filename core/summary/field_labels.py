"""Every numeric input of a scenario in words with its unit: the Sources tab's first column.

`products[0].cache_hit` reads "GitHub Copilot: cache hit (% of prompt tokens)" and its
value 0.5 reads 50: a field stored as a fraction is shown in percent, as the dashboard's
controls and tables show it. The units are docs/model.md's (the scenario file tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.scenario.schema import Scenario

PERCENT = 100.0  # a fraction shown in percent


@dataclass(frozen=True)
class FieldLabel:
    """A field's words and unit, and the factor from its stored value to the shown one."""

    words: str
    unit: str
    factor: float = 1.0

    def shown(self, value: float) -> float:
        """`value` in the unit of the label (a fraction as percent; else as stored)."""
        return value * self.factor if self.factor != 1.0 else value

    @property
    def text(self) -> str:
        """`Capex per GPU (USD)`: the words, then the unit in brackets."""
        return f"{self.words} ({self.unit})" if self.unit else self.words


def _pct(words: str, of: str = "") -> FieldLabel:
    return FieldLabel(words, f"% {of}".strip(), PERCENT)


# A field's label by its name (its table or section gives the row's name first).
FIELDS: dict[str, FieldLabel] = {
    # horizon
    "start_year": FieldLabel("First year", ""),
    "end_year": FieldLabel("Last year", ""),
    # fleet
    "baseline_gpus": FieldLabel("GPUs installed before the horizon", "GPUs"),
    "scale": FieldLabel("Fleet scale by the target year", "x baseline"),
    "target_year": FieldLabel("Year the ramp reaches its scale", ""),
    "capex_per_gpu_usd": FieldLabel("Capex per GPU, all-in", "USD"),
    "amortization_years": FieldLabel("GPU life", "years"),
    "server_power_factor": FieldLabel("Server power over GPU TDP", "x"),
    "avg_power_fraction": _pct("Average draw", "of TDP"),
    "pue": FieldLabel("Power usage effectiveness, PUE", "x"),
    "electricity_usd_per_kwh": FieldLabel("Electricity", "USD/kWh"),
    "opex_fraction": _pct("Opex", "of capex a year"),
    "availability": _pct("Fleet availability", "of hours"),
    "cloud_burst_usd_per_gpu_hour": FieldLabel("Cloud burst price", "USD per H100-hour"),
    "burst_price_change": _pct("Cloud burst price change", "a year"),
    "cost_of_capital": _pct("Cost of capital", "a year"),
    "facility_capex_usd_per_mw": FieldLabel("Facility capex", "USD per MW of IT power"),
    "facility_life_years": FieldLabel("Facility life", "years"),
    "power_cap_mw": FieldLabel("Site power cap", "MW"),
    # GPU catalog
    "peak_tflops": FieldLabel("BF16 peak", "TFLOP/s"),
    "fp8_tflops": FieldLabel("FP8 peak", "TFLOP/s"),
    "fp4_tflops": FieldLabel("FP4 peak", "TFLOP/s"),
    "memory_bandwidth_tb_s": FieldLabel("Memory bandwidth", "TB/s"),
    "tdp_w": FieldLabel("TDP", "W"),
    "memory_gb": FieldLabel("Memory", "GB"),
    "capex_usd": FieldLabel("Price", "USD per GPU"),
    "cloud_usd_per_gpu_hour": FieldLabel("Cloud price", "USD per GPU-hour"),
    "nvlink_domain": FieldLabel("Scale-up domain", "GPUs"),
    "scale_up_gb_s": FieldLabel("Scale-up link", "GB/s per GPU"),
    "scale_out_gb_s": FieldLabel("Scale-out link", "GB/s per GPU"),
    "all_in_kw": FieldLabel("Server and network power", "kW per GPU"),
    "published_tco_usd_per_gpu_hour": FieldLabel("Published TCO", "USD per GPU-hour"),
    # models
    "active_params": FieldLabel("Active parameters", ""),
    "total_params": FieldLabel("Total parameters", ""),
    "train_tokens": FieldLabel("Training tokens", "tokens"),
    "train_year": FieldLabel("Training year", ""),
    "available_from": FieldLabel("Serves from", ""),
    "mfu_train": _pct("Training MFU", "of peak"),
    "bytes_per_param": FieldLabel("Bytes per parameter", "bytes"),
    "layers": FieldLabel("Layers", ""),
    "hidden_size": FieldLabel("Hidden size", ""),
    "experts": FieldLabel("Routed experts", "per layer"),
    "experts_per_token": FieldLabel("Experts per token", ""),
    "kv_bytes_per_token_per_layer": FieldLabel("KV cache per token and layer", "bytes"),
    "attention_flops_per_context_token": FieldLabel("Attention per context token", "FLOPs"),
    "measured_tokens_per_gpu_s": FieldLabel("Measured throughput", "tokens/s per GPU"),
    "price_in_per_m": FieldLabel("Input price", "USD per M tokens"),
    "price_out_per_m": FieldLabel("Output price", "USD per M tokens"),
    "annual_price_change": _pct("Price change", "a year"),
    "ttft_p95_s": FieldLabel("API time to first token, p95", "s"),
    "tpot_p95_ms": FieldLabel("API time per output token, p95", "ms"),
    # products
    "tokens_per_year": FieldLabel("Tokens in the first year", "tokens"),
    "growth": _pct("Growth", "a year"),
    "quality_floor": FieldLabel("Quality floor", "score 0-100"),
    "prompt_tokens": FieldLabel("Prompt", "tokens per request"),
    "output_tokens": FieldLabel("Output", "tokens per request"),
    "p95_prompt_tokens": FieldLabel("Prompt, p95", "tokens"),
    "cache_hit": _pct("Cache hit", "of prompt tokens"),
    "ttft_slo_s": FieldLabel("Time to first token promise, p95", "s"),
    "tpot_slo_ms": FieldLabel("Time per output token promise", "ms"),
    "peak_to_average": FieldLabel("Busy hour", "x average hour"),
    # levers
    "in_house_shift": _pct("In-house shift", "of partner traffic"),
    "price_shock": FieldLabel("Partner price shock", "x"),
    "demand_growth_multiplier": FieldLabel("Demand growth multiplier", "x"),
    # plans and budgets (one row each: the row's year names it)
    "gpus": FieldLabel("GPUs added", "GPUs"),
    "year": FieldLabel("Year", ""),
    "usd": FieldLabel("Amount", "USD"),
    "factor": FieldLabel("Serving software factor", "x the physics' throughput"),
    "cost_usd_per_year": FieldLabel("Cost budget, every year", "USD"),
    "capex_cash_usd_per_year": FieldLabel("Capex cash budget, every year", "USD"),
}
# The status thresholds: stored as the KPI reads them (a fraction shown in percent).
THRESHOLDS: dict[str, FieldLabel] = {
    "utilization": _pct("busy-hour utilization"),
    "cost_growth": _pct("cost growth", "a year"),
    "cost_per_m_tokens": FieldLabel("cost per M tokens", "USD"),
    "external_share": _pct("external share", "of tokens"),
    "hhi": FieldLabel("partner HHI", "0-10,000"),
    "risk": FieldLabel("risk index", "0-100"),
    "slo_breach": _pct("the share of tokens late", "of tokens"),
    "baseline_growth": _pct("growth over the baseline"),
    "limit": _pct("the share of a budget or limit used"),
}
RISK_TERMS = {
    "external_share": "external share",
    "concentration": "concentration",
    "outage": "outage",
    "price_shock": "price shock",
    "compute_dependency": "compute dependency",
}


ROWS = {  # how a table's row is named: by its name, or its year (and product or generation)
    "gpu_catalog": "{row.name}",
    "models": "{row.name}",
    "products": "{row.name}",
    "build_plan": "Build plan {row.year}, {row.gpu}",
    "routing_by_year": "{row.product} in {row.year}",
    "cost_by_year": "Cost budget {row.year}",
    "capex_cash_by_year": "Capex cash budget {row.year}",
    "software_factor": "Software from {row.year}",
}
# A mapping's key may hold dots (a model "GPT-4.1"): all after the mapping's name is its key.
KEYED = re.compile(
    r"(?:(?P<owner>.*?)\.)?(?P<field>quality|routing|provider_availability)\.(?P<key>.+)"
)


def field_label(scenario: Scenario, path: str) -> FieldLabel:
    """`path`'s words and unit, its row named first (`models[1].mfu_train` -> 'MAI-2: ...')."""
    keyed = KEYED.fullmatch(path)
    if keyed is not None:
        owner, field, key = keyed.group("owner") or "", keyed.group("field"), keyed.group("key")
    else:
        owner, _, field = path.rpartition(".")
    if owner == "status_thresholds":
        return _threshold(field)
    if owner == "risk_weights":
        return FieldLabel(f"Risk weight: {RISK_TERMS[field]}", "weight")
    if keyed is None:
        label = FIELDS[field]
    elif field == "quality":
        label = FieldLabel(f"Quality on {key}", "score 0-100")
    elif field == "routing":
        label = _pct(f"Share on {key}", "of tokens")
    else:
        label = _pct(f"{key}: availability", "of the year")
    row = _row_words(scenario, owner)
    if not row:
        return label
    words = label.words
    if words[1:2].islower():  # "Cache hit" -> "cache hit"; "TDP", "KV cache" stay
        words = words[0].lower() + words[1:]
    return FieldLabel(f"{row}: {words}", label.unit, label.factor)


def _threshold(field: str) -> FieldLabel:
    """`external_share_act` -> 'Act when external share is over (% of tokens)'."""
    match = re.fullmatch(r"(.+?)_(watch|act|idle|full)(_usd)?", field)
    assert match is not None, field  # every threshold ends in its status
    label = THRESHOLDS[match.group(1)]
    when = {
        "watch": "Watch when {} is over",
        "act": "Act when {} is over",
        "idle": "Idle when {} is under",
        "full": "Full when {} is over",
    }
    return FieldLabel(when[match.group(2)].format(label.words), label.unit, label.factor)


def _row_words(scenario: Scenario, owner: str) -> str:
    """The row `owner` leads to ('models[1]' -> 'MAI-2'); "" for a section (`fleet`)."""
    found: object = scenario
    words = ""
    for part in owner.split(".") if owner else []:
        name, _, index = part.partition("[")
        found = getattr(found, name)
        if index:
            found = found[int(index.rstrip("]"))]  # type: ignore[index]
            words = ROWS[name].format(row=found)
    return words
