"""Numbers in sentences and in what users type.

Never "quality 80 is under its floor 80"; never "1,5" read as 15.
"""

import math
import re

# A number written with thousands separators: 1,500 or -12,000,000.5 (not 1,5 nor 1,50).
GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?")


def apart(a: float, b: float, decimals: int = 0) -> tuple[str, str]:
    """`a` and `b` with the fewest decimals (at least `decimals`, at most 6) that differ.

    A message that compares two numbers must show them different when they are:
    80.4 against a floor of 80.5 reads "80.4 ... 80.5", not "80 ... 80".
    """
    left, right = f"{a:,.{decimals}f}", f"{b:,.{decimals}f}"
    places = decimals
    while left == right and a != b and places < 6:
        places += 1
        left, right = f"{a:,.{places}f}", f"{b:,.{places}f}"
    return left, right


def past(value: float, limit: float, decimals: int = 0) -> str:
    """`value` with the fewest decimals (`decimals` to 6) that do not read as `limit`.

    For a figure set beside a limit written as typed: "50.001 ms against the 50 ms
    promise", where one decimal read "50.0 ms against the 50 ms promise", a promise met.
    """
    places = decimals
    text = f"{value:,.{places}f}"
    while float(text.replace(",", "")) == limit and value != limit and places < 6:
        places += 1
        text = f"{value:,.{places}f}"
    return text


def ungrouped(text: str) -> str:
    """Typed text with its thousands separators dropped where they are ones ("1,500").

    Any other comma stays, so the number is refused by name: "1,5" (a decimal comma, or a
    slip) was read as 15 and a scale of 1.5 became 10x.
    """
    stripped = text.strip()
    return stripped.replace(",", "") if GROUPED.fullmatch(stripped) else stripped


def typed_number(text: str) -> float:
    """The finite number typed in `text`, its thousands separators dropped (`ungrouped`).

    ValueError "'1,5' is not a number" otherwise: any other comma (a decimal comma, or a
    slip), NaN or infinity. A box that read "1,5" as 15 set a scale of 10x.
    """
    try:
        number = float(ungrouped(text))
    except ValueError:
        number = math.nan
    if math.isfinite(number):
        return number
    hint = " (a comma only separates thousands, as in 1,500; decimals take a point: 1.5)"
    raise ValueError(f"{text.strip()!r} is not a number" + (hint if "," in text else ""))
