"""Soak: 20,000 seeded random events (SCALEDECK_SOAK_EVENTS to change); memory growth.

The soak runs in a process of its own, as a user's session does: in the report's process
it would start on the heap the GUI rows before it left behind (on one seed, 44.6 MB of
growth there against 15.6 MB alone), and measure their leftovers, not its events.
"""

import dataclasses
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.report import Row


def run() -> list[Row]:
    """One row: resident-memory growth over the events, measured in a new process."""
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "row.json"
        command = [sys.executable, "-m", "benchmarks.bench_soak", str(saved)]
        subprocess.run(command, check=True, cwd=Path(__file__).resolve().parents[1])
        return [Row(**json.loads(saved.read_text()))]


def measure() -> Row:
    """Warm up, play the events in one window, and report its resident-memory growth."""
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
    how = f"{events:,} events, seed {seed}, {report['seconds']:.0f} s, own process"
    return Row("soak memory growth", report["memory_growth_mb"], "MB", 20.0, how)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    Path(sys.argv[1]).write_text(json.dumps(dataclasses.asdict(measure())))
