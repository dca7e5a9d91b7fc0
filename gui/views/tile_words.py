"""A KPI tile in words, as a screen reader says it: each figure with its unit, signs as words.

The tile shows "$3.84 B/yr", "+13% YoY" and "✓ GOOD" as three labels, read one by one
out of context; its accessible name says them as one sentence: "Total cost: $3.84 billion
a year in 2029, up 13% on 2028, under 20%, status good".
"""

import re

# "+13% YoY", "▲ +0.52B vs base": the sign, the amount and what it is measured on.
CHANGE = re.compile(r"(?:[▲▼] )?([+-])([\d.,]+(?:%|B|M)?(?: pts)?) (YoY|vs base)")
SHORT_FORMS = (
    (re.compile(r"(\d)B\b"), r"\1 billion"),
    (re.compile(r"(\d)M\b"), r"\1 million"),
    (re.compile(r"(\d)-(\d)"), r"\1 to \2"),  # "in band: 50-100%"
    (re.compile(r"\bpts\b"), "points"),
    (re.compile(r"/M tokens\b"), " per million tokens"),
    (re.compile(r"/yr\b"), " a year"),
)


def in_words(text: str, year: int | None) -> str:
    """`text` with its signs and short units said: "+13% YoY" in 2029 is "up 13% on 2028"."""
    before = "the year before" if year is None else f"{year - 1}"

    def change(match: re.Match[str]) -> str:
        sign, amount, measured = match.groups()
        on = before if measured == "YoY" else "the baseline"
        return f"{'up' if sign == '+' else 'down'} {amount} on {on}"

    text = CHANGE.sub(change, text)
    for short, words in SHORT_FORMS:
        text = short.sub(words, text)
    return text


def tile_sentence(
    title: str, figure: str, year: int | None, line: tuple[str, str], status: str
) -> str:
    """The tile as one sentence: its title, figure and unit, year, last line and status."""
    when = "" if year is None else f" in {year}"
    said = [f"{title}: {figure}{when}", *(in_words(part, year) for part in line if part)]
    return ", ".join([*said, f"status {status}"])
