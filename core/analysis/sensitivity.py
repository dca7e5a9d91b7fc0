"""Sensitivity tornado: each input moved down and up, the change in present cost and risk.

Cost is the present cost over the whole horizon (results' `pv_cost_usd`: what a plan
costs, in today's dollars), so a lever that bites in later years is not missed; risk is
the risk index in the chosen year, in index points. Each has its own unit.

All 2 x inputs + 1 evaluations run as one batch of the kernel. A move is clamped to
the input's valid range (scale stays within 1-10, availability at most 100%, PUE at
least 1), so a bar may be shorter on one side; the table says the values used, which
`input_value` writes in each input's unit for the CLI's text and the dashboard's tooltip.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.engine.compiled import INPUT_LIMITS, Inputs, compile_scenario
from core.engine.evaluate import evaluate_batch
from core.scenario.checks import Problem, ScenarioError
from core.scenario.messages import year_outside
from core.scenario.schema import Scenario
from core.units import percent, significant, usd


@dataclass(frozen=True)
class Lever:
    """One input of the tornado: its Inputs field, label, unit and valid range."""

    field: str
    label: str
    low: float
    high: float
    models: Callable[[np.ndarray], np.ndarray] | None = None  # per-model fields: which models


def _in_house(in_house: np.ndarray) -> np.ndarray:
    return in_house


LEVERS = (
    Lever("scale", "Cluster scale", *INPUT_LIMITS["scale"]),
    Lever("capex_per_gpu_usd", "Capex per GPU", *INPUT_LIMITS["capex_per_gpu_usd"]),
    Lever("pue", "PUE", *INPUT_LIMITS["pue"]),
    Lever("electricity_usd_per_kwh", "Electricity price", *INPUT_LIMITS["electricity_usd_per_kwh"]),
    Lever("mfu_train", "Training MFU", *INPUT_LIMITS["mfu_train"], _in_house),
    Lever("price_shock", "Partner prices", *INPUT_LIMITS["price_shock"]),
    Lever("demand_growth_multiplier", "Demand growth", *INPUT_LIMITS["demand_growth_multiplier"]),
    Lever("fleet_availability", "Fleet availability", *INPUT_LIMITS["fleet_availability"]),
    Lever("opex_fraction", "Opex share of capex", *INPUT_LIMITS["opex_fraction"]),
    Lever(
        "cloud_burst_usd_per_gpu_hour",
        "Cloud burst price",
        *INPUT_LIMITS["cloud_burst_usd_per_gpu_hour"],
    ),
)


def _times(value: float) -> str:
    """A multiplier as the dashboard writes one: x1.2."""
    return f"x{value:g}"


def _dollars(value: float) -> str:
    """A small price in dollars, two significant digits: $0.064 (`usd` would say $0.06)."""
    return f"${significant(value, 2)}"


# Each input's values in its unit (core.units), by its lever's field: how a value reads, then
# the unit's words after it. PUE is a ratio, quoted bare.
UNITS: dict[str, tuple[Callable[[float], str], str]] = {
    "scale": (_times, "of the baseline fleet"),
    "capex_per_gpu_usd": (usd, "per GPU"),
    "pue": ("{:g}".format, ""),
    "electricity_usd_per_kwh": (_dollars, "per kWh"),
    "mfu_train": (percent, "of peak"),
    "price_shock": (_times, "of list prices"),
    "demand_growth_multiplier": (_times, "of the growth rate"),
    "fleet_availability": (percent, "of hours"),
    "opex_fraction": (lambda v: percent(v, 1), "of capex a year"),
    "cloud_burst_usd_per_gpu_hour": (usd, "per H100-hour"),
}


def _unit(label: str) -> tuple[Callable[[float], str], str]:
    """The formatter and unit words of the input labelled `label`."""
    return UNITS[next(lever.field for lever in LEVERS if lever.label == label)]


def input_value(label: str, value: float) -> str:
    """One value of a tornado input in its unit: `$40k per GPU`, `x0.8 of list prices`, `1`."""
    shown, unit = _unit(label)
    return f"{shown(float(value))} {unit}".rstrip()


def input_values(label: str, low: float, high: float) -> str:
    """A tornado input's lower and higher values in its unit: `$40k / $60k per GPU`."""
    shown, unit = _unit(label)
    return f"{shown(float(low))} / {shown(float(high))} {unit}".rstrip()


COLUMNS = [
    "label",
    "low_value",
    "high_value",
    "pv_cost_low_usd",
    "pv_cost_high_usd",
    "risk_low",
    "risk_high",
    "cost_low_usd",
    "cost_high_usd",
]


def tornado(scenario: Scenario, year: int, move: float = 0.2) -> pd.DataFrame:
    """Per input: values used, change in present cost and risk index, sorted by size.

    Columns: label, low_value, high_value, pv_cost_low_usd, pv_cost_high_usd (change in
    the horizon's present cost), risk_low, risk_high (change in the risk index in `year`,
    points), cost_low_usd, cost_high_usd (change in `year`'s total cost, kept for the
    CLI's JSON), and size (the larger present-cost swing) that orders the rows.
    """
    if not 0 < move < 1:
        raise ScenarioError(
            [Problem("move", f"{move} must be between 0 and 1 (e.g. 0.2 for +/-20%)")]
        )
    if year not in scenario.horizon.years:
        raise ScenarioError([year_outside(year, scenario.horizon.years)])
    structure, inputs = compile_scenario(scenario)
    batch = {
        name: np.repeat(value, 2 * len(LEVERS) + 1, axis=0) for name, value in vars(inputs).items()
    }
    used: list[tuple[int, str, float, float]] = []
    for i, lever in enumerate(LEVERS):
        values = batch[lever.field]  # (B,) or (B, M): row 0 is the scenario itself
        mask = lever.models(structure.in_house) if lever.models else np.ones(values.shape[1:], bool)
        if not mask.any():
            continue  # nothing for this lever to move (MFU without an in-house model)
        for row, factor in ((2 * i + 1, 1 - move), (2 * i + 2, 1 + move)):
            values[row] = np.where(
                mask, np.clip(values[0] * factor, lever.low, lever.high), values[0]
            )
        low, high = (float(np.mean(values[row][mask])) for row in (2 * i + 1, 2 * i + 2))
        used.append((2 * i + 1, lever.label, low, high))
    results = evaluate_batch(structure, Inputs(**batch))
    t = list(structure.years).index(year)
    measures = (results.pv_cost_usd, results.risk_index[:, t], results.total_cost_usd[:, t])
    rows = []
    for row, label, low, high in used:  # rows `row` (lever down) and `row + 1` (lever up)
        changes = [(m[row] - m[0], m[row + 1] - m[0]) for m in measures]
        rows.append((label, low, high, *(float(c) for pair in changes for c in pair)))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["size"] = frame[["pv_cost_low_usd", "pv_cost_high_usd"]].abs().max(axis=1)
    return frame.sort_values("size", ascending=False, ignore_index=True)
