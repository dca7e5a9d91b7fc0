"""Numbers in words with their units, for the dashboard and the CLI alike.

$3.0B, 120 T tokens, 90,000 GPUs, 33%: no view or command rescales a number inline.
"""

import math
from collections.abc import Callable, Sequence
from typing import Any

from core.numbers import past


def usd(value: float) -> str:
    """Dollars abbreviated: $3.04B, $182M, $52k."""
    if not math.isfinite(value):
        return "n/a"
    sign, size = "-" if value < 0 else "", abs(value)  # -$3.04B, not $-3.04B
    for factor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= factor:
            return f"{sign}${size / factor:,.{2 if factor == 1e9 else 0}f}{suffix}"
    return f"{sign}${size:,.2f}"


def some_percent(fraction: float) -> str:
    """A share that is there, never "0%": 0.0002 reads "under 1%" (a flag of 0% says nothing)."""
    return percent(fraction) if fraction >= 0.005 or fraction <= 0 else "under 1%"


def tokens(value: float) -> str:
    """Tokens abbreviated: 120 T tokens; 2,030 T, never "2 P" (read beside "564 T" as less)."""
    for factor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= factor:
            return f"{value / factor:,.0f} {suffix} tokens"
    return f"{value:,.0f} tokens"


def percent(fraction: float, digits: int = 0) -> str:
    """A fraction as a percentage: 0.334 -> 33%."""
    return f"{fraction * 100:,.{digits}f}%" if math.isfinite(fraction) else "n/a"


def percent_past(fraction: float, line: float = 1.0) -> str:
    """A percentage that reads past `line` when it is: 1.0001 busy is "100.01%".

    "100%" sat beside an ACT badge (cloud burst bought) and read as a full fleet.
    """
    if not math.isfinite(fraction):
        return percent(fraction)
    return f"{past(fraction * 100, line * 100)}%"


def count(value: float) -> str:
    """A whole count with thousands separators."""
    return f"{value:,.0f}"


def counted(number: float, noun: str, plural: str = "") -> str:
    """A count with its noun, singular for one: "1 draw", "10,000 draws" (not "1 draws").

    `plural` where adding an s is wrong: counted(1, "entry", "entries").
    """
    shown = f"{number:,.0f}"  # the noun agrees with the figure printed: 0.9 reads "1 GPU"
    return f"{shown} {noun if shown == '1' else plural or noun + 's'}"


def mw_text(mw: float) -> str:
    """Megawatts with one decimal; three significant digits below 1 MW (0.001 MW, not 0.0)."""
    return f"{mw:,.1f} MW" if abs(mw) >= 1.0 or mw == 0 else f"{mw:.3g} MW"


def year_runs(years: Sequence[int]) -> list[str]:
    """Runs of consecutive years: [2026, 2027, 2028, 2030] -> ["2026-2028", "2030"]."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [f"{run[0]}" if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs]


def significant(value: float, digits: int) -> str:
    """`value` to `digits` significant digits, never in scientific notation.

    187.7, 0.2028, and whole numbers from 10^(digits - 1): 1,877.
    """
    if not math.isfinite(value) or value == 0:
        return f"{value:,.0f}" if value == 0 else "n/a"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return f"{value:,.{min(max(decimals, 0), 12)}f}"


def years_text(years: Sequence[int]) -> str:
    """2026-2029 for a run of years, else its runs listed: 2026, 2028-2029."""
    return ", ".join(year_runs(years))


HOURS_PER_YEAR = 8760.0


def gpus_in_an_hour(gpu_hours_per_year: Any) -> Any:
    """GPU-hours a year at one hour's rate, as GPUs busy in that hour (a number or an array)."""
    return gpu_hours_per_year / HOURS_PER_YEAR


def thousands(value: Any) -> Any:
    """A number or an array in thousands (GPUs), for a k axis."""
    return value / 1e3


def gpu_hours(value: float, unit: str = "GPU-hours") -> str:
    """GPU-hours in millions: 120.9 M GPU-hours; none at all reads "0 GPU-hours"."""
    return f"{millions(value):,.1f} M {unit}" if value else f"0 {unit}"


def gpu_hours_short(hours: float, unit: str = "GPU-hours") -> str:
    """GPU-hours at a unit that shows them: "$2M" beside "0.0 M GPU-hours" read as none.

    28.4 M GPU-hours, 21k GPU-hours, 350 GPU-hours; some but under one: "under 1 GPU-hour".
    `unit` names other hours ("H100-hours": cloud burst, priced per reference-GPU hour).
    """
    if hours >= 1e6:
        return gpu_hours(hours, unit)
    if 0 < hours < 0.5:
        return f"under 1 {unit.removesuffix('s')}"
    return f"{hours / 1e3:,.0f}k {unit}" if hours >= 1e3 else f"{hours:,.0f} {unit}"


# The risk index to one decimal, as evaluate, plan, optimize, montecarlo and the dashboard's
# risk chart print it (the most places): a year's move of a few tenths (62.6 to 62.9) is
# the signal, and read whole it was "63" beside evaluate's "63.0".
RISK_DECIMALS = 1

# Chart axes and tables: the one place numbers are scaled (USD to $B, GPU-hours to millions,
# fractions to percent), so an axis label or column header and its data never disagree.
BILLION, MILLION = 1e9, 1e6
Scale = Callable[[Any], Any]


def as_is(value: Any) -> Any:
    """A number shown in its own unit (GPUs, HHI, the 0-100 risk index)."""
    return value


def billions(value: Any) -> Any:
    """A number or an array in billions (USD for a $B axis, tokens)."""
    return value / BILLION


def millions(value: Any) -> Any:
    """A number or an array in millions (GPU-hours, USD), for an M axis."""
    return value / MILLION


def percent_points(fraction: Any) -> Any:
    """A fraction (a number or an array) in percent, for a 0-100 axis or a progress bar."""
    return fraction * 100


def signed(value: float, spec: str) -> str:
    """`value` with its sign (`spec` such as "+,.0f"); one that rounds to zero reads +0, not -0.

    A change of -0.3 points read "-0 pts" beside "+0%" for the same change.
    """
    text = format(value, spec)
    return text.replace("-", "+", 1) if reads_zero(text) else text


def usd_change_billions(value_usd: float, base_usd: float) -> str:
    """A change in dollars on the $B scale: +$0.25B; under $5M in $M (-$4M), not -$0.00B."""
    change_usd = value_usd - base_usd
    if abs(change_usd) < 5e6:
        shown = f"{signed(change_usd / 1e6, '+,.0f')}M"
    else:
        shown = f"{signed(billions(change_usd), '+,.2f')}B"
    return f"{shown[0]}${shown[1:]}"  # the sign, then the dollar: "+$1.14B" reads as money


def points_change(fraction: float, base_fraction: float) -> str:
    """A change of a share in percentage points: +5 pts."""
    return f"{signed(percent_points(fraction - base_fraction), '+,.0f')} pts"


def percent_change(fraction: float) -> str:
    """A relative change in whole percent: +14%, +0% (never -0%), n/a where undefined."""
    return signed(fraction, "+.0%") if math.isfinite(fraction) else "n/a"


def horizon_cost_name(years: int) -> str:
    """The undiscounted total's one name everywhere: '6-year cost' (docs/model.md#F-cost-words)."""
    return f"{years}-year cost"


def cost_change(
    value_usd: float, base_usd: float, money: Callable[[float], str] | None = None
) -> str:
    """A cost against its reference in words: 'saves $2.10B' or 'costs $8.20B more'.

    The one sign rule (docs/model.md#F-cost-words): value less reference, below zero saves.
    `money` writes the dollars (`usd_short` by default); a sentence that states both costs
    with `usd` passes it, so a change of $100M-$1B reads as the costs do ($182M, not $0.18B).
    """
    write = usd_short if money is None else money
    change = value_usd - base_usd
    shown = [_as_written(write(v)) for v in (value_usd, base_usd, abs(change))]
    (value, unit), (base, base_unit), (_, change_unit) = shown
    if unit == base_unit == change_unit:  # "$16.59B (now $29.97B: saves $13.38B)", not 13.37
        change = value - base
    if write(abs(change)) == write(0.0):
        return "costs the same"
    if change < 0:
        return f"saves {write(-change)}"
    return f"costs {write(change)} more"


def _as_written(text: str) -> tuple[float, str]:
    """The number a dollar text shows and its unit: "$16.59B" is (16.59e9, "B").

    A change of two costs is the difference of the figures written beside it, when it is
    written in their unit: a reader subtracts what is printed. ("n/a": NaN, no unit.)
    """
    unit = text[-1] if text[-1:] in UNITS else ""
    digits = text.replace("$", "").replace(",", "").removesuffix(unit)
    try:
        return float(digits) * UNITS.get(unit, 1.0), unit
    except ValueError:
        return math.nan, ""


UNITS = {"B": 1e9, "M": 1e6, "k": 1e3}  # the suffixes `usd` writes


def as_set(value: float) -> str:
    """A figure as someone set it: three significant digits, no trailing zeros.

    A limit reads as typed: a 0.4 MW power cap read "0 MW", and "0.400" or "60.0" is
    no figure anyone typed. Whole from 100 up (1,234); 0.4, 4.5, 60, 60.5, 0.001.
    """
    text = significant(value, 3)
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd_as_set(value: float) -> str:
    """A budget as set: `usd_short`'s scale with the decimals it has, $4.5M not $4M.

    $5.00B (cents of a billion, as the tiles), $4M, $4.5M, $52k; "$0.00B" read a $4M
    budget as none.
    """
    text = usd_short(value)
    unit = _as_written(text)[1]
    if unit not in ("M", "k"):
        return text
    sign = "-" if value < 0 else ""
    return f"{sign}${as_set(abs(value) / UNITS[unit])}{unit}"


def usd_scaled(value: float) -> tuple[str, str]:
    """Dollars as `usd_short` writes them, split into the figure and its scale letter.

    ("$3.84", "B"), ("$45", "M"), ("$52", "k"), ("$512.00", ""): a tile shows the letter
    with its unit (B/yr, M/yr), and $4M never reads "$0.00 B". Zero stays on the B
    scale, as every other dollar tile reads.
    """
    if value == 0:
        return f"${0.0:,.2f}", "B"
    text = usd_short(value)
    unit = _as_written(text)[1]
    return text.removesuffix(unit), unit


def usd_short(value: float) -> str:
    """Dollars for a sentence: $3.84B, $0.11B (from $100M), else as `usd` ($45M, not $0.04B).

    Cents of a billion, as the KPI tiles and Compare show the same figure: a headline's
    "$3.8B" beside a tile's "$3.84 B" read as two figures. Two significant digits at
    least: "$0.01B" would say $5M and $14M alike.
    """
    if math.isfinite(value) and abs(value) >= 1e8:
        sign = "-" if value < 0 else ""  # -$1.00B, as `usd` writes it
        return f"{sign}${abs(value) / 1e9:,.2f}B"
    return usd(value)


def reads_zero(text: str) -> bool:
    """Whether a figure as shown has no digit but zeros ("+0.00B", "-0 pts"): no change.

    A change too small for its precision is shown as none, not as a green or red zero.
    """
    return not any(digit in text for digit in "123456789")
