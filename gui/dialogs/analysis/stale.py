"""Whether an answer found for one scenario still speaks for the scenario on screen.

The Analysis window is not modal: the dashboard keeps editing while its answers stay on
screen. An answer is only applied, or shown as current, while the scenario it was found
for is the one on screen; a rename is no new question, nor, where a tab says so, the
fields its own Apply writes.
"""

import core


def same_scenario(found_for: core.Scenario, now: core.Scenario, *ignored: str) -> bool:
    """True when `now` differs from `found_for` at most in its name and the fields `ignored`.

    Scenarios are immutable and share what an edit left alone, so the comparison stops
    at the first shared part: a few microseconds on every slider frame.
    """
    if found_for is now:
        return True
    same_parts = {field: getattr(found_for, field) for field in ("name", *ignored)}
    return found_for == now.model_copy(update=same_parts)
