"""Monte Carlo ranges: inputs drawn N times, P10/P50/P90 of cost, risk and present cost.

Cost and risk are per year; the present cost is over the horizon (the figure plans are
compared by).

All draws are made up front from one seeded generator (the same seed gives the same
numbers, whatever the chunking), then evaluated in vectorized chunks of the kernel;
a `progress` callback can report and cancel between chunks.
"""

from collections.abc import Callable, Generator
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from core.engine.compiled import INPUT_LIMITS, BoolArray, Inputs, Structure, compile_scenario
from core.engine.evaluate import BATCH_CHUNK, evaluate_batch
from core.scenario.checks import Problem, ScenarioError
from core.scenario.schema import DEFAULT_PARTNER_AVAILABILITY, Scenario

MAX_DRAWS = 1_000_000
PROVIDER_FIELDS = frozenset({"provider_availability"})  # Inputs with one column per provider
PERCENTILES = (10, 50, 90)
# The serving software's yearly gain measured on InferenceX (docs/model.md#F-software-drift):
# drawn from none (the default's) to that trend, the most likely none.
SOFTWARE_GROWTH_MEASURED = 2.0
# Each distribution's parameters in words, and the Range field that holds each: a table
# of ranges labels a lognormal's numbers "median" and "sigma", not "mode" and "high".
PARAMETERS: dict[str, tuple[tuple[str, str], ...]] = {
    "triangular": (("low", "low"), ("mode", "mode"), ("high", "high")),
    "lognormal": (("median", "mode"), ("sigma", "high")),
}


class Cancelled(Exception):
    """The progress callback asked to stop."""


@dataclass(frozen=True)
class Range:
    """An uncertain input: `triangular` (low, mode, high) or `lognormal` (median, sigma)."""

    field: str  # an Inputs field
    label: str
    kind: str
    low: float
    mode: float  # triangular mode, or lognormal median
    high: float  # triangular high, or lognormal sigma (of the log)
    models: str | None = None  # per-model field: "in_house" or "partner"
    per_model: bool = False  # independent draws per model (else one draw for all)
    # Its numbers as a person reads them, in the unit of the input's slider: shown =
    # value x factor + offset ("Capex per GPU ($k)" 50, not 50000). A sigma has no unit.
    unit: str = ""
    factor: float = 1.0
    offset: float = 0.0

    @property
    def title(self) -> str:
        """The label with the unit its numbers are shown in: "Training MFU (%)"."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def shown(self, value: float, parameter: str = "") -> float:
        """A parameter (low, mode, high, median) in the shown unit; a sigma as it is."""
        return value if parameter == "sigma" else value * self.factor + self.offset

    def typed(self, shown: float, parameter: str = "") -> float:
        """The model's value of a parameter typed in the shown unit; a sigma as it is."""
        return shown if parameter == "sigma" else (shown - self.offset) / self.factor


SOFTWARE_GAIN = Range(
    "software_growth",
    "Serving software gain / yr",
    "triangular",
    1.0,
    1.0,
    SOFTWARE_GROWTH_MEASURED,
    unit="%",
    factor=100.0,
    offset=-100.0,  # x1.2 a year reads +20%
)


def default_ranges(scenario: Scenario) -> list[Range]:
    """Ranges around the scenario's own values (illustrative widths; editable in the GUI).

    Each range holds the scenario's value: the default widths widen to reach it, so a
    scenario with, say, demand growth x2 still has a valid distribution. Each stays within
    its input's valid values (`INPUT_LIMITS`): demand growth x4's 1.5 x 4 = 6 is cut to 5,
    where the scenario was refused for a range the user never set.
    """
    partners = [m for m in scenario.models if m.kind == "partner"]
    mfu = [m.mfu_train for m in scenario.models if m.kind == "in_house"]
    change = float(np.mean([m.annual_price_change for m in partners])) if partners else -0.3
    availability = _partner_availability(scenario)
    growth = scenario.levers.demand_growth_multiplier
    mfu_mode = float(np.mean(mfu)) if mfu else 0.4
    ranges = [
        Range("demand_growth_multiplier", "Demand growth", "triangular",
              0.6 * growth, growth, 1.5 * growth, unit="x"),
        _in_percent(Range("annual_price_change", "Partner price change / yr", "triangular",
                          min(-0.5, change), change, max(0.0, change), "partner")),
        _in_percent(Range("mfu_train", "Training MFU", "triangular",
                          min(0.3, mfu_mode), mfu_mode, max(0.5, mfu_mode), "in_house")),
        Range("capex_per_gpu_usd", "Capex per GPU", "lognormal",
              0.0, scenario.fleet.capex_per_gpu_usd, 0.15, unit="$k", factor=1e-3),
        SOFTWARE_GAIN,
        _in_percent(Range("provider_availability", "Partner availability", "triangular",
                          min(0.995, availability), availability, max(0.9999, availability),
                          "partner", True)),
    ]  # fmt: skip
    return [_within_limits(r) for r in ranges]


def _within_limits(r: Range) -> Range:
    """`r` cut to its input's valid values: a triangle's ends and mode, a lognormal's median."""
    low, high = INPUT_LIMITS[r.field]
    if r.kind == "lognormal":
        return replace(r, mode=float(np.clip(r.mode, low, high)))
    low_end, mode, high_end = np.clip([r.low, r.mode, r.high], low, high)
    return replace(r, low=float(low_end), mode=float(mode), high=float(high_end))


def _in_percent(r: Range) -> Range:
    """`r` shown in percent, as its slider shows it (0.4 reads 40)."""
    return replace(r, unit="%", factor=100.0)


def _partner_availability(scenario: Scenario) -> float:
    """The mean availability of the partner providers (the default when there are none)."""
    providers = sorted({m.provider for m in scenario.models if m.kind == "partner"})
    if not providers:
        return DEFAULT_PARTNER_AVAILABILITY
    return float(np.mean([scenario.availability_of(p) for p in providers]))


@dataclass(frozen=True)
class MonteCarlo:
    """Percentiles per year and the draws' KPI series (draws x years); present cost per draw."""

    years: list[int]
    draws: int
    seed: int
    total_cost_usd: np.ndarray
    risk_index: np.ndarray
    pv_cost_usd: np.ndarray  # (draws,): the horizon's costs discounted (results' pv_cost_usd)

    def pv_cost_percentiles(self) -> dict[str, float]:
        """P10/P50/P90 of the present cost over the horizon, keyed "p10", "p50", "p90"."""
        values = np.percentile(self.pv_cost_usd, PERCENTILES)
        return {f"p{p}": float(v) for p, v in zip(PERCENTILES, values, strict=True)}

    def percentiles(self, kpi: str) -> pd.DataFrame:
        """P10/P50/P90 of `total_cost_usd` or `risk_index`, one row per year."""
        values = getattr(self, kpi)
        table = np.percentile(values, PERCENTILES, axis=0).T
        return pd.DataFrame(
            table, index=pd.Index(self.years, name="year"), columns=[f"p{p}" for p in PERCENTILES]
        )


def monte_carlo(
    scenario: Scenario,
    draws: int = 10_000,
    seed: int = 0,
    ranges: list[Range] | None = None,
    progress: Callable[[float], bool] | None = None,
) -> MonteCarlo:
    """Evaluate `draws` random variations of `scenario`; `progress(fraction)` -> False cancels."""
    steps = iter_monte_carlo(scenario, draws, seed, ranges)
    while True:
        try:
            fraction = next(steps)
        except StopIteration as done:
            result: MonteCarlo = done.value
            return result
        if progress is not None and not progress(fraction):
            raise Cancelled


def iter_monte_carlo(
    scenario: Scenario, draws: int = 10_000, seed: int = 0, ranges: list[Range] | None = None
) -> Generator[float, None, MonteCarlo]:
    """`monte_carlo` as a generator: yields the fraction done after each chunk.

    It returns the result; a GUI worker runs it and can stop it between chunks.
    """
    if not 1 <= draws <= MAX_DRAWS:
        raise ScenarioError([Problem("draws", f"{draws} must be between 1 and {MAX_DRAWS:,}")])
    if seed < 0:  # numpy refuses a negative seed with a ValueError
        raise ScenarioError([Problem("seed", f"{seed} must be 0 or more")])
    structure, inputs = compile_scenario(scenario)
    chosen = default_ranges(scenario) if ranges is None else ranges
    for r in chosen:
        check_range(r)
    values = vars(draw_inputs(structure, inputs, chosen, draws, np.random.default_rng(seed)))
    cost, risk, pv_cost = [], [], []
    for start in range(0, draws, BATCH_CHUNK):
        chunk = Inputs(**{k: v[start : start + BATCH_CHUNK] for k, v in values.items()})
        part = evaluate_batch(structure, chunk)
        cost.append(part.total_cost_usd)
        risk.append(part.risk_index)
        pv_cost.append(part.pv_cost_usd)
        yield min(1.0, (start + BATCH_CHUNK) / draws)
    years = [int(y) for y in structure.years]
    series = (np.concatenate(part) for part in (cost, risk, pv_cost))
    return MonteCarlo(years, draws, seed, *series)


def draw_inputs(
    structure: Structure,
    inputs: Inputs,
    ranges: list[Range],
    draws: int,
    rng: np.random.Generator,
) -> Inputs:
    """`draws` copies of `inputs`, each range's field replaced by random draws.

    A per-model range touches only its kind of model (in-house or partner): one draw shared
    by all of them, or with `per_model` an independent draw for each.
    """
    values = {name: np.repeat(v, draws, axis=0) for name, v in vars(inputs).items()}
    for r in ranges:
        column = values[r.field]
        if r.models is None:
            column[:] = _draw(rng, r, draws)
            continue
        mask = _columns(structure, r)
        width = int(mask.sum()) if r.per_model else 1
        drawn = _draw(rng, r, draws * width).reshape(draws, width)
        column[:, mask] = drawn if r.per_model else drawn[:, :1]
    return Inputs(**values)


def _columns(structure: Structure, r: Range) -> BoolArray:
    """The columns a per-model range draws: models of its kind, or providers of it.

    A per-provider input (availability) draws partner providers, never Cloud burst.
    """
    if r.field in PROVIDER_FIELDS:
        partner = np.ones(len(structure.providers), dtype=bool)
        partner[[0, -1]] = False  # In-house first, Cloud burst last
        in_house = np.arange(len(structure.providers)) == 0
        return in_house if r.models == "in_house" else partner
    mask: BoolArray = structure.in_house if r.models == "in_house" else ~structure.in_house
    return mask


def check_range(r: Range) -> None:
    """ScenarioError naming the range if its numbers do not make a distribution.

    A range must also stay within its input's valid values (`INPUT_LIMITS`): a draw of
    availability above 100% or a negative electricity price is no scenario at all.
    """
    if r.field not in INPUT_LIMITS:
        raise ScenarioError([Problem(r.label, f"{r.field!r} is not an input a range can vary")])
    low, high = INPUT_LIMITS[r.field]

    def said(value: float) -> str:  # in the unit the user typed
        return f"{r.shown(value):.6g}"

    if r.kind == "triangular":
        if not (np.isfinite([r.low, r.mode, r.high]).all() and r.low <= r.mode <= r.high):
            got = ", ".join(said(v) for v in (r.low, r.mode, r.high))
            raise _range_error(r, f"needs low <= mode <= high, got {got}")
        if r.low < low or r.high > high:
            got = f"{said(r.low)} to {said(r.high)}"
            raise _range_error(r, f"must stay within {said(low)} to {said(high)}, got {got}")
    elif r.kind == "lognormal":
        if not (r.mode > 0 and 0 <= r.high <= 3):
            raise _range_error(
                r, f"needs a median > 0 and a sigma in 0-3, got {said(r.mode)}, {r.high:g}"
            )
        if not low <= r.mode <= high:
            raise _range_error(
                r, f"needs a median within {said(low)} to {said(high)}, got {said(r.mode)}"
            )
    else:
        raise _range_error(r, f"unknown distribution {r.kind!r} (triangular or lognormal)")


def _range_error(r: Range, message: str) -> ScenarioError:
    return ScenarioError([Problem(r.title, message)])


def _draw(rng: np.random.Generator, r: Range, size: int) -> np.ndarray:
    if r.kind == "lognormal":  # clipped to the input's valid values (a long right tail)
        return np.clip(r.mode * np.exp(rng.normal(0.0, r.high, size)), *INPUT_LIMITS[r.field])
    if r.low == r.high:
        return np.full(size, r.low)
    return rng.triangular(r.low, r.mode, r.high, size)
