"""Soak: 20,000 seeded random events (SCALEDECK_SOAK_EVENTS to change); memory growth."""

import os
import random
import tempfile
from pathlib import Path

from benchmarks.report import Row


def run() -> list[Row]:
    """One row: resident-memory growth over the events (after a 200-event warm-up)."""
    import core
    from benchmarks.bench_gui import close_discarding
    from benchmarks.soak import soak
    from gui.app import application, show_main_window

    events = int(os.environ.get("SCALEDECK_SOAK_EVENTS", "20000"))
    seed = int(os.environ.get("SCALEDECK_SOAK_SEED", random.randrange(2**31)))
    application()
    window = show_main_window(core.default_scenario())
    with tempfile.TemporaryDirectory() as folder:
        report = soak(window, events, seed, Path(folder))
    close_discarding(window)
    how = f"{events:,} events, seed {seed}, {report['seconds']:.0f} s"
    return [Row("soak memory growth", report["memory_growth_mb"], "MB", 20.0, how)]
