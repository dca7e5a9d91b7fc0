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
without running anything. `--sample N [--seed S]` runs again N of the unsettled
mutants (not run by a stopped pass, survivors of older tests, untested), drawn at random,
and scores all the unsettled from them with a 95% interval (benchmarks/mutation_sample.py):
a whole pass and its recheck take longer than a working day on 2 cores.
"""

import argparse
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

from benchmarks import mutation_sample
from benchmarks.report import RESULTS, Row

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent_mutants.txt"
SAVED = RESULTS / "mutation.json"
SAMPLE = "sample.json"  # in MUTANTS: the draw of `--sample` (benchmarks/mutation_sample.py)
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


def categories() -> dict[str, str]:
    """Each mutant's standing, from mutmut's per-file records: killed, survived, untested
    (no selected test reaches it), equivalent (listed, not killed), skipped or pending."""
    equivalent = equivalent_names()
    found = {}
    for meta in sorted((MUTANTS / "core").rglob("*.py.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            found[name] = _category(name, code, equivalent)
    return found


def _category(name: str, code: int | None, equivalent: set[str]) -> str:
    if code is None:  # mutmut has not run it yet
        return "pending"
    if code in KILLED:  # a kill counts as one, listed as equivalent or not
        return "killed"
    if name in equivalent:
        return "equivalent"
    if code in (5, 33):
        return "untested"
    return "skipped" if code == 34 else "survived"  # 34: skipped by a pragma


def score(found: dict[str, str] | None = None) -> Score:
    """The verdicts of the last mutmut run (of `categories()`, read again unless given)."""
    found = categories() if found is None else found

    def named(kind: str) -> list[str]:
        return [name for name, category in found.items() if category == kind]

    return Score(
        killed=len(named("killed")),
        survived=named("survived"),
        untested=named("untested"),
        equivalent=len(named("equivalent")),
        pending=named("pending"),
    )


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
    (MUTANTS / SAMPLE).unlink(missing_ok=True)  # a pass's own verdicts supersede a sample's
    (MUTANTS / "mutmut-stats.json").unlink(missing_ok=True)
    env = _mutation_env()
    if subprocess.run(["mutmut", "run"], cwd=ROOT, env=env, check=False).returncode != 0:
        return False
    survivors = score().survived
    if resume and recheck and survivors:
        return mutation_sample.run_mutmut_on(survivors, ROOT, env) == 0
    return True


def run_sample(size: int, seed: int) -> bool:
    """Run `size` of the unsettled mutants again, drawn from `seed` (a sampled score).

    Unsettled: not run yet, survived (with the tests of their day) or reached by no test.
    The drawn ones' old verdicts are cleared first, so a verdict in the draw is today's.
    mutmut's map of which tests reach which code is kept when the pass left one.
    """
    result = score()
    unsettled = result.pending + result.survived + result.untested
    if not unsettled:
        print("every mutant is killed or listed: nothing to sample", file=sys.stderr)
        return True
    drawn = mutation_sample.draw(unsettled, size, seed, MUTANTS / SAMPLE)
    _forget_verdicts(set(drawn))
    env = _mutation_env()
    return mutation_sample.run_batches(
        drawn, lambda names: mutation_sample.run_mutmut_on(names, ROOT, env)
    )


def _forget_verdicts(names: set[str]) -> None:
    """Clear these mutants' verdicts in mutmut's per-file records: pending until run again."""
    for meta in (MUTANTS / "core").rglob("*.py.meta"):
        record = json.loads(meta.read_text())
        codes = record["exit_code_by_key"]
        if names.isdisjoint(codes):
            continue
        codes.update(dict.fromkeys(names & codes.keys()))
        meta.write_text(json.dumps(record))


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
    if saved.get("estimate"):
        how += f"; {saved['estimate']}"
    elif saved.get("pending"):
        how += f"; partial: {len(saved['pending']):,} not run"
    return Row("mutation score, core/", saved["percent"], "%", GOAL_PERCENT, how, True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.mutation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--resume", action="store_true", help="keep the verdicts there")
    parser.add_argument("--recheck", action="store_true", help="with --resume: survivors again")
    parser.add_argument("--report", action="store_true", help="score without running")
    parser.add_argument("--sample", type=int, metavar="N", help="run N unsettled mutants again")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed (default 0)")
    return parser.parse_args(sys.argv[1:])


def _ran(asked: argparse.Namespace) -> bool:
    """Check the unchanged code, then run the pass (or its sample); False: no score."""
    failures = unchanged_code_failures()
    if failures:
        print(
            "the core test selection ([tool.mutmut] in pyproject.toml) fails on the "
            "unchanged code with HYPOTHESIS_PROFILE=mutation; fix it before mutating:",
            *failures,
            sep="\n",
            file=sys.stderr,
        )
        return False
    if asked.sample is not None:
        ran = run_sample(asked.sample, asked.seed)
    else:
        ran = run_mutmut(resume=asked.resume, recheck=asked.recheck)
    if not ran:
        print("mutmut failed (its output is above): no score saved", file=sys.stderr)
    return ran


def main() -> int:
    """Check the unchanged code, run (or resume, or sample), print survivors by function,
    score, save.

    `--report` only scores the verdicts mutmut already has (a run stopped part-way keeps
    the verdicts it reached). A test failing on the unchanged code stops the run: exit 1.
    """
    asked = _arguments()
    if not asked.report and not _ran(asked):
        return 1
    found = categories()
    result = score(found)
    listed = equivalent_names() - set(result.pending)  # a pending mutant has no verdict yet
    stale = sorted(listed - set(result.survived) - _surviving_equivalents())
    for name in stale:
        print(f"stale line in {EQUIVALENT.name}: {name} is killed or gone")
    by_function = Counter(
        name.rsplit("__mutmut_", 1)[0] for name in result.survived + result.untested
    )
    for function, count in by_function.most_common():
        print(f"{count:4d}  {function}")
    estimate = mutation_sample.estimate(found, MUTANTS / SAMPLE)
    partial = f"; PARTIAL: {len(result.pending):,} not run yet" if result.pending else ""
    print(
        f"\nmutation score of core/: {result.percent:.1f}% ({result.killed:,} of {result.total:,} "
        f"killed; {len(result.survived)} survived, {len(result.untested)} untested, "
        f"{result.equivalent} listed as equivalent{partial}); goal {GOAL_PERCENT:g}%"
    )
    if estimate:
        print(f"with a sample of the unsettled run again: {estimate.words()}")
    _save(result, estimate)
    return 0


def _save(result: Score, estimate: mutation_sample.Estimate | None) -> None:
    """The score for the benchmark table: the estimate's when a sample stands in for the rest."""
    RESULTS.mkdir(exist_ok=True)
    central = estimate.percent(estimate.kill_rate) if estimate else result.percent
    SAVED.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "percent": central,
                "killed": result.killed,
                "total": result.total,
                "equivalent": result.equivalent,
                "estimate": estimate.words() if estimate else None,
                "survived": result.survived,
                "untested": result.untested,
                "pending": result.pending,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
