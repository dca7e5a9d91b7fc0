"""GUI responsiveness: slider change to repainted window, cold start, resident memory."""

import os
import subprocess
import sys
import time

import numpy as np

from benchmarks.report import Row, median, percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def slider_to_repaint_ms(moves: int = 200) -> list[float]:
    """Per move: set the scale slider, let the edit flow, repaint the whole window."""
    from superqt import QLabeledDoubleSlider

    import core
    from gui.app import application, show_main_window

    app = application()
    window = show_main_window(core.default_scenario())
    slider = window.findChild(QLabeledDoubleSlider, "scaleSlider")
    samples = []
    for value in np.concatenate(
        [np.linspace(1, 10, moves // 2), np.linspace(10, 1, moves - moves // 2)]
    ):
        time.sleep(0.02)  # past the 16 ms throttle, so each move takes the leading edge
        app.processEvents()
        start = time.perf_counter()
        slider.setValue(float(value))
        app.processEvents()
        window.repaint()
        samples.append((time.perf_counter() - start) * 1e3)
    window.close()
    return samples


def cold_start() -> tuple[list[float], float]:
    """Wall-clock seconds of 5 fresh processes to first painted window; max resident MB."""
    probe = [sys.executable, "-m", "benchmarks.startup_probe"]
    times, memory = [], 0.0
    for _ in range(5):
        start = time.perf_counter()
        done = subprocess.run(probe, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        memory = max(memory, float(done.stdout.strip().splitlines()[-1]))
    return times, memory


def run() -> list[Row]:
    """The GUI rows of the report."""
    samples = slider_to_repaint_ms()
    starts, memory = cold_start()
    return [
        Row(
            "slider to repaint p50 (200 moves)",
            median(samples),
            "ms",
            16.7,
            "scale slider, 1600x1000 offscreen",
        ),
        Row(
            "slider to repaint p95 (200 moves)",
            percentile(samples, 95),
            "ms",
            16.7,
            "goal one frame; never > 50 ms",
        ),
        Row("slider to repaint max", max(samples), "ms", 50.0, "worst of 200"),
        Row(
            "cold start to first paint (median of 5)",
            median(starts),
            "s",
            1.5,
            "new process, incl. imports",
        ),
        Row("resident memory after start", memory, "MB", 300.0, "max RSS of the start-up probe"),
    ]
