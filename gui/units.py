"""Numbers in words with their units: $3.0B, 120 T tokens, 90,000 GPUs, 33%."""

import math


def usd(value: float) -> str:
    """Dollars abbreviated: $3.04B, $182M, $52k."""
    if not math.isfinite(value):
        return "n/a"
    for factor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"${value / factor:,.{2 if factor == 1e9 else 0}f}{suffix}"
    return f"${value:,.2f}"


def tokens(value: float) -> str:
    """Tokens abbreviated: 120 T tokens."""
    for factor, suffix in ((1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= factor:
            return f"{value / factor:,.0f} {suffix} tokens"
    return f"{value:,.0f} tokens"


def percent(fraction: float, digits: int = 0) -> str:
    """A fraction as a percentage: 0.334 -> 33%."""
    return f"{fraction * 100:,.{digits}f}%" if math.isfinite(fraction) else "n/a"


def count(value: float) -> str:
    """A whole count with thousands separators."""
    return f"{value:,.0f}"


def gpu_hours(value: float) -> str:
    """GPU-hours in millions: 120.9 M GPU-hours."""
    return f"{value / 1e6:,.1f} M GPU-hours"
