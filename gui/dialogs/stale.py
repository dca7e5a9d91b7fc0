"""Whether an answer found for one scenario still speaks for the scenario on screen.

The Analysis and plan windows are not modal: the dashboard keeps editing while their
answers stay on screen. An answer is only applied, or shown as current, while the
scenario it was found for is unchanged; a rename is no new question, nor, where a tab
says so, the fields its own Apply writes.
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


def still_in(book: core.Workbook, found_for: core.Scenario) -> bool:
    """True while some scenario of `book` is `found_for` but for its name (`same_scenario`).

    A plan is added as a new variant, so it stays sound while the scenario it was solved
    for is in the workbook as it was, whichever scenario is on screen.
    """
    return any(same_scenario(found_for, scenario) for scenario in book.scenarios)
