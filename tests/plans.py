"""Running the plan window in a test: Run, then wait until its worker is gone."""


def run_plan(qtbot, dialog) -> None:
    """Press Run on the plan window `dialog` and wait (a minute at most) for the run to end."""
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
