"""A mutation score when a whole pass will not finish: the unsettled mutants, from a sample.

mutmut runs the mutants whose tests are quickest first, so a pass stopped part-way leaves
the costliest: the serving model's and the kernel's, whose every test reaches them (about
a minute and a half of tests for each survivor on 2 cores). And a survivor keeps the
verdict of the tests of its day: tests written since may kill it. Both are *unsettled*:
not run yet, survived or reached by no test. `python -m benchmarks.mutation --sample N
[--seed S]` draws N of them (uniformly, from the seed), saves the draw to
mutants/sample.json, clears the drawn mutants' old verdicts and runs them again with
today's tests, in batches of BATCH in the draw's order.

The score is then stratified: each settled mutant (killed, or listed as equivalent) counts
as its verdict; the unsettled ones count at the kill rate of the draw's complete batches,
with a 95% Wilson interval. Each complete batch is a uniform sample of what was unsettled,
so the run may stop after any batch; a batch cut short is left out, since mutmut runs its
cheapest mutants first.
"""

import json
import math
import random
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BATCH = 50
Z95 = 1.959964  # the standard normal's 97.5th percentile: a two-sided 95% interval


@dataclass(frozen=True)
class Estimate:
    """The settled mutants, counted exactly, and the unsettled ones from the sample."""

    unsettled: int  # mutants not run, survived or untested when the sample was drawn
    killed_exact: int  # of the others: killed
    counted_exact: int  # ... and counted (killed, survived or untested; not equivalent)
    sampled: int  # mutants in the draw's complete batches
    killed_sampled: int
    counted_sampled: int

    def percent(self, kill_rate: float) -> float:
        """The score if the unsettled mutants are killed at `kill_rate` (0-1)."""
        counted_unsettled = self.unsettled * self.counted_sampled / self.sampled
        killed = self.killed_exact + counted_unsettled * kill_rate
        return 100.0 * killed / (self.counted_exact + counted_unsettled)

    @property
    def kill_rate(self) -> float:
        """The sample's killed share of its counted mutants."""
        return self.killed_sampled / self.counted_sampled

    def interval(self) -> tuple[float, float]:
        """The score's 95% interval, from the Wilson interval of the sample's kill rate."""
        n, rate = self.counted_sampled, self.kill_rate
        centre = (rate + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
        half = Z95 / (1 + Z95**2 / n) * math.sqrt(rate * (1 - rate) / n + Z95**2 / (4 * n * n))
        return self.percent(max(0.0, centre - half)), self.percent(min(1.0, centre + half))

    def words(self) -> str:
        """'88.1% estimated (95%: 87.2-89.0%): 8,190 unsettled, from a sample of 400 (...)'."""
        low, high = self.interval()
        return (
            f"{self.percent(self.kill_rate):.1f}% estimated (95%: {low:.1f}-{high:.1f}%): "
            f"{self.unsettled:,} unsettled (not run, or survivors of older tests), from a "
            f"sample of {self.sampled:,} run again "
            f"({100 * self.kill_rate:.0f}% of those counted killed)"
        )


def draw(unsettled: Sequence[str], size: int, seed: int, where: Path) -> list[str]:
    """`size` of the `unsettled` mutants in a random order from `seed`, saved to `where`."""
    population = sorted(unsettled)
    drawn = random.Random(seed).sample(population, min(size, len(population)))
    where.write_text(json.dumps({"seed": seed, "unsettled": population, "drawn": drawn}))
    return drawn


def run_batches(drawn: Sequence[str], run: Callable[[list[str]], int]) -> bool:
    """Run `drawn` batch by batch in its order (`run` gets the names); False if one fails."""
    return all(run(list(drawn[i : i + BATCH])) == 0 for i in range(0, len(drawn), BATCH))


def run_mutmut_on(names: list[str], cwd: Path, env: Mapping[str, str]) -> int:
    """`mutmut run NAMES`: those mutants run again, whatever their verdict."""
    return subprocess.run(["mutmut", "run", *names], cwd=cwd, env=env, check=False).returncode


def estimate(verdicts: Mapping[str, str], where: Path) -> Estimate | None:
    """The stratified score of the draw saved at `where` (None: no draw, or it is stale).

    `verdicts` maps each mutant to its category: 'killed', 'survived', 'untested',
    'equivalent', 'skipped' or 'pending' (the drawn ones are pending until run again). A
    draw is stale when a mutant is pending that was not unsettled at the draw (the code
    changed since): it would belong to neither stratum.
    """
    if not where.exists():
        return None
    saved = json.loads(where.read_text())
    unsettled = set(saved["unsettled"])
    if any(verdicts.get(n) == "pending" for n in set(verdicts) - unsettled):
        return None
    counted = ("killed", "survived", "untested")
    exact = [verdicts[n] for n in verdicts if n not in unsettled]
    sample = _complete_batches(saved["drawn"], verdicts)
    sampled = [verdicts[n] for n in sample]
    if not sum(v in counted for v in sampled):
        return None
    return Estimate(
        unsettled=len(unsettled),
        killed_exact=exact.count("killed"),
        counted_exact=sum(v in counted for v in exact),
        sampled=len(sampled),
        killed_sampled=sampled.count("killed"),
        counted_sampled=sum(v in counted for v in sampled),
    )


def _complete_batches(drawn: Sequence[str], verdicts: Mapping[str, str]) -> list[str]:
    """The draw's leading batches whose every mutant has a verdict."""
    done: list[str] = []
    for i in range(0, len(drawn), BATCH):
        batch = drawn[i : i + BATCH]
        if any(verdicts.get(name, "pending") == "pending" for name in batch):
            break
        done += batch
    return done
