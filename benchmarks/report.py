"""One row per benchmark: a measured figure against its goal, printed and saved as JSON."""

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Row:
    """A benchmark result: lower is better unless `higher_is_better`."""

    name: str
    value: float
    unit: str
    goal: float
    how: str
    higher_is_better: bool = False

    @property
    def passed(self) -> bool:
        """Whether the figure meets its goal."""
        return self.value >= self.goal if self.higher_is_better else self.value <= self.goal


def timings_ms(work: Callable[[], object], repeats: int, warmup: int = 3) -> list[float]:
    """Wall-clock milliseconds of `repeats` calls after `warmup` untimed ones."""
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def median(samples: list[float]) -> float:
    """The median of `samples`."""
    return statistics.median(samples)


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) of `samples`."""
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def print_and_save(rows: list[Row], name: str = "latest") -> Path:
    """Print the table and write it to benchmarks/results/<name>.json."""
    width = max(len(r.name) for r in rows)
    print(f"{'benchmark':<{width}}  {'value':>12}  {'goal':>12}  result  how")
    for r in rows:
        sign = ">=" if r.higher_is_better else "<="
        value = f"{r.value:,.3f} {r.unit}"
        goal = f"{sign}{r.goal:,g} {r.unit}"
        print(
            f"{r.name:<{width}}  {value:>12}  {goal:>12}  {'pass' if r.passed else 'MISS':<6}  {r.how}"
        )
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
        },
        "rows": [asdict(r) | {"passed": r.passed} for r in rows],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nwritten: {path}")
    return path
