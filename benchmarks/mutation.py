"""Mutation score of core/: `python -m benchmarks.mutation` (~20,000 mutants: hours).

Runs mutmut 3 over core/ against the core test files (`[tool.mutmut]` in pyproject.toml),
then scores it: killed mutants over all mutants, less those listed as equivalent in
benchmarks/equivalent_mutants.txt (one per line: the mutant's name, then `#` and why no
test can tell it from the original). The score is saved for the benchmark table
(`python -m benchmarks.run` reads it) and every remaining survivor is printed by function,
so that each one is either killed by a new test or listed with its reason.

Before mutating, the test selection runs once on the unchanged code: a test that fails
there would "kill" every mutant it reaches, so the run stops and names it instead.

`--resume` keeps the previous run's verdicts and only tests what changed or is untested;
`--recheck` then runs the survivors again (a survivor's verdict stands until re-run, and a
survivor runs every test that reaches it, hours on 2 cores; without it the score is a floor:
tests added since can only kill more); `--report` scores the verdicts already there
without running anything.
"""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.report import RESULTS, Row

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent_mutants.txt"
SAVED = RESULTS / "mutation.json"
GOAL_PERCENT = 90.0
KILLED = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}  # failed, errored, timed out, crashed


@dataclass(frozen=True)
class Score:
    """How many mutants of core/ the tests told apart from the original code."""

    killed: int
    survived: list[str]
    untested: list[str]  # no test reaches the mutated function
    equivalent: int
    pending: list[str] = field(default_factory=list)  # not run yet: a pass stopped part-way

    @property
    def total(self) -> int:
        """Mutants that count: every mutant tested but the equivalent ones."""
        return self.killed + len(self.survived) + len(self.untested)

    @property
    def percent(self) -> float:
        """Killed mutants in percent of those that count."""
        return 100.0 * self.killed / self.total if self.total else 0.0


def equivalent_names() -> set[str]:
    """Mutants listed as equivalent (no observable difference), each with its reason."""
    names = set()
    for line in EQUIVALENT.read_text().splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            if not reason.strip():
                raise ValueError(f"{EQUIVALENT.name}: {name.strip()} needs a reason after '#'")
            names.add(name.strip())
    return names


def score() -> Score:
    """The verdicts of the last mutmut run, read from its per-file records."""
    equivalent = equivalent_names()
    killed, survived, untested, pending, skipped = 0, [], [], [], 0
    for meta in sorted((MUTANTS / "core").rglob("*.py.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if code is None:  # mutmut has not run it yet
                pending.append(name)
            elif code in KILLED:  # a kill counts as one, listed as equivalent or not
                killed += 1
            elif name in equivalent:
                skipped += 1
            elif code in (5, 33):
                untested.append(name)
            elif code != 34:  # 34: skipped by a pragma
                survived.append(name)
    return Score(killed, survived, untested, skipped, pending)


def _surviving_equivalents() -> set[str]:
    """Listed mutants that the last run let survive (the list's lines that still apply)."""
    names = set()
    for meta in (MUTANTS / "core").rglob("*.py.meta"):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        names |= {name for name, code in codes.items() if code is not None and code not in KILLED}
    return names & equivalent_names()


def _mutation_env() -> dict[str, str]:
    """The environment of every test run here: the quick hypothesis profile, headless Qt."""
    return os.environ | {"HYPOTHESIS_PROFILE": "mutation", "QT_QPA_PLATFORM": "offscreen"}


def unchanged_code_failures() -> list[str]:
    """The tests of `[tool.mutmut]`'s selection failing on the unchanged code (none: [])."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *config["pytest_add_cli_args"],
            "-rfE",
            *config["pytest_add_cli_args_test_selection"],
        ],
        cwd=ROOT,
        env=_mutation_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode == 0:
        return []
    failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return failed or [f"pytest exited with {run.returncode}:", *run.stdout.splitlines()[-20:]]


def run_mutmut(resume: bool, recheck: bool = False) -> bool:
    """Run mutmut over core/ (fresh unless `resume`), with the quick hypothesis profile.

    A resumed run tests what changed in core/ and what is untested; with `recheck`, the
    survivors again: mutmut keeps a survivor's verdict even when a new test would kill it.
    Its map of which tests reach which code is rebuilt first, so new tests are in it. False
    when mutmut itself fails (a test module that cannot be imported in mutants/, say): its
    verdicts are not a score.
    """
    if not resume and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    (MUTANTS / "mutmut-stats.json").unlink(missing_ok=True)
    env = _mutation_env()
    if subprocess.run(["mutmut", "run"], cwd=ROOT, env=env, check=False).returncode != 0:
        return False
    survivors = score().survived
    if resume and recheck and survivors:
        again = subprocess.run(["mutmut", "run", *survivors], cwd=ROOT, env=env, check=False)
        return again.returncode == 0
    return True


def saved_row() -> Row:
    """The benchmark table's row, from the last saved run."""
    if not SAVED.exists():
        return Row(
            "mutation score, core/",
            0.0,
            "%",
            GOAL_PERCENT,
            "not run: python -m benchmarks.mutation",
            True,
        )
    saved = json.loads(SAVED.read_text())
    how = f"{saved['killed']:,} of {saved['total']:,} killed; {saved['equivalent']} equivalent; run {saved['when'][:10]}"
    if saved.get("pending"):
        how += f"; partial: {len(saved['pending']):,} not run"
    return Row("mutation score, core/", saved["percent"], "%", GOAL_PERCENT, how, True)


def main() -> int:
    """Check the unchanged code, run (or resume), print survivors by function, score, save.

    `--report` only scores the verdicts mutmut already has (a run stopped part-way keeps
    the verdicts it reached). A test failing on the unchanged code stops the run: exit 1.
    """
    if "--report" not in sys.argv[1:]:
        failures = unchanged_code_failures()
        if failures:
            print(
                "the core test selection ([tool.mutmut] in pyproject.toml) fails on the "
                "unchanged code with HYPOTHESIS_PROFILE=mutation; fix it before mutating:",
                *failures,
                sep="\n",
                file=sys.stderr,
            )
            return 1
        asked = sys.argv[1:]
        if not run_mutmut(resume="--resume" in asked, recheck="--recheck" in asked):
            print("mutmut failed (its output is above): no score saved", file=sys.stderr)
            return 1
    result = score()
    listed = equivalent_names() - set(result.pending)  # a pending mutant has no verdict yet
    stale = sorted(listed - set(result.survived) - _surviving_equivalents())
    for name in stale:
        print(f"stale line in {EQUIVALENT.name}: {name} is killed or gone")
    by_function = Counter(
        name.rsplit("__mutmut_", 1)[0] for name in result.survived + result.untested
    )
    for function, count in by_function.most_common():
        print(f"{count:4d}  {function}")
    partial = f"; PARTIAL: {len(result.pending):,} not run yet" if result.pending else ""
    print(
        f"\nmutation score of core/: {result.percent:.1f}% ({result.killed:,} of {result.total:,} "
        f"killed; {len(result.survived)} survived, {len(result.untested)} untested, "
        f"{result.equivalent} listed as equivalent{partial}); goal {GOAL_PERCENT:g}%"
    )
    RESULTS.mkdir(exist_ok=True)
    SAVED.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "percent": result.percent,
                "killed": result.killed,
                "total": result.total,
                "equivalent": result.equivalent,
                "survived": result.survived,
                "untested": result.untested,
                "pending": result.pending,
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
