"""Import speed: a 1,000,000-request trace read and profiled (the issue's goal: <= 2 s)."""

import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.report import Row
from core.formats.trace import load_trace_profile

REQUESTS = 1_000_000


def write_trace(path: Path, requests: int = REQUESTS, seed: int = 0) -> Path:
    """A day of Azure-format requests (7-digit fractions, as the published traces)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    offsets = np.sort(rng.uniform(0.0, 86_400.0, requests))
    arrival = pd.Timestamp("2023-11-16") + pd.to_timedelta(offsets, unit="s")
    pd.DataFrame(
        {
            "TIMESTAMP": arrival.strftime("%Y-%m-%d %H:%M:%S.%f") + "0",
            "ContextTokens": rng.integers(1, 8_000, requests),
            "GeneratedTokens": rng.integers(1, 500, requests),
        }
    ).to_csv(path, index=False)
    return path


def run() -> list[Row]:
    """The import row: best of three reads of a freshly written 1M-row CSV."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_trace(Path(folder) / "trace.csv")
        size_mb = path.stat().st_size / 1e6
        times = []
        for _ in range(3):
            start = time.perf_counter()
            load_trace_profile(path)
            times.append(time.perf_counter() - start)
    return [
        Row(
            "trace import, 1,000,000 requests",
            min(times),
            "s",
            2.0,
            f"best of 3; {size_mb:,.0f} MB CSV read in chunks and profiled",
        )
    ]


if __name__ == "__main__":
    from benchmarks.report import print_and_save

    print_and_save(run(), name="import")
