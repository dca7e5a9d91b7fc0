"""`python -m benchmarks.mutation` stops before mutating when the unchanged code fails.

pytest itself is replaced here by a recorded answer: the real selection takes minutes.
"""

import ast
import json
import subprocess
import sys
import tomllib

import pytest

from benchmarks import mutation

FAILED_LINE = "FAILED tests/test_x.py::test_y - AssertionError"


def _answer(returncode: int, stdout: str, calls: list[list[str]]):
    def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        assert kwargs["env"]["HYPOTHESIS_PROFILE"] == "mutation"
        return subprocess.CompletedProcess(args, returncode, stdout, "")

    return run


def test_a_failing_selection_stops_the_run_and_names_the_test(monkeypatch, capsys):
    calls: list[list[str]] = []
    stdout = f"..F.\n=== short test summary info ===\n{FAILED_LINE}\n1 failed, 3 passed\n"
    monkeypatch.setattr(mutation.subprocess, "run", _answer(1, stdout, calls))
    monkeypatch.setattr(mutation, "run_mutmut", lambda resume: pytest.fail("mutmut ran"))
    monkeypatch.setattr(sys, "argv", ["mutation"])
    assert mutation.main() == 1
    err = capsys.readouterr().err
    assert "fails on the unchanged code" in err
    assert FAILED_LINE in err.splitlines()
    config = tomllib.loads((mutation.ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    [args] = calls
    assert (
        args[-len(config["pytest_add_cli_args_test_selection"]) :]
        == (config["pytest_add_cli_args_test_selection"])
    )


def test_a_failing_mutmut_saves_no_score(monkeypatch, capsys):
    """mutmut could not run the tests in mutants/ (every verdict missing): that is no 0% score."""
    monkeypatch.setattr(mutation, "unchanged_code_failures", list)
    monkeypatch.setattr(mutation, "MUTANTS", mutation.ROOT / "no-mutants-here")
    monkeypatch.setattr(mutation.subprocess, "run", _answer(1, "", []))
    monkeypatch.setattr(mutation, "SAVED", mutation.ROOT / "no-mutants-here" / "saved.json")
    monkeypatch.setattr(sys, "argv", ["mutation"])
    assert mutation.main() == 1
    assert "no score saved" in capsys.readouterr().err
    assert not mutation.SAVED.exists()


def test_every_local_package_the_selected_tests_import_is_copied_for_mutmut():
    """mutmut runs the tests from mutants/: a package missing there fails every collection."""
    config = tomllib.loads((mutation.ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    copied = {path.strip("/") for path in config["also_copy"]} | {"core"}
    local = {p.name for p in mutation.ROOT.iterdir() if (p / "__init__.py").exists()}
    imported = set()
    for folder in config["pytest_add_cli_args_test_selection"]:
        for test in (mutation.ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(test.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    imported.add(node.module.split(".")[0])
                elif isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
    assert imported & local <= copied


def test_a_passing_selection_reports_no_failure(monkeypatch):
    calls: list[list[str]] = []
    monkeypatch.setattr(mutation.subprocess, "run", _answer(0, "....\n4 passed\n", calls))
    assert mutation.unchanged_code_failures() == []
    assert len(calls) == 1


def test_a_crash_without_failed_tests_shows_pytests_last_lines(monkeypatch):
    monkeypatch.setattr(mutation.subprocess, "run", _answer(3, "INTERNALERROR> boom\n", []))
    assert mutation.unchanged_code_failures() == [
        "pytest exited with 3:",
        "INTERNALERROR> boom",
    ]


def test_the_score_reads_every_room_of_core(monkeypatch, tmp_path):
    """core/ is split into rooms: verdicts in core/engine/*.py.meta count like top-level ones."""
    for folder, codes in {
        "core": {"core.units.x_a__mutmut_1": 1},
        "core/engine": {
            "core.engine.kernel.x_b__mutmut_1": 1,
            "core.engine.kernel.x_b__mutmut_2": 0,
        },
    }.items():
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        meta = tmp_path / folder / "x.py.meta"
        meta.write_text(f'{{"exit_code_by_key": {json.dumps(codes)}}}')
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    monkeypatch.setattr(mutation, "equivalent_names", set)
    result = mutation.score()
    assert (result.killed, result.survived) == (2, ["core.engine.kernel.x_b__mutmut_2"])


def test_the_deck_tests_are_in_the_pure_selection_and_the_palette_needs_no_qt():
    """The deck (core.formats) reads the palette from gui.style.theme, which imports no Qt:
    its tests must not be marked gui, or the mutation run never tests the deck."""
    palette = subprocess.run(
        [sys.executable, "-c", "import sys, gui.style.theme; print('PySide6' in sys.modules)"],
        cwd=mutation.ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert palette.stdout.strip() == "False"
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "not gui and not slow",
         "tests/core/formats/test_deck.py", "tests/core/formats/test_deck_argues.py"],
        cwd=mutation.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert collected.stdout.count("::") >= 10


@pytest.mark.parametrize(("recheck", "runs"), [(False, 1), (True, 2)])
def test_survivors_run_again_only_when_asked(monkeypatch, tmp_path, recheck, runs):
    """A resumed pass tests the untested; `--recheck` re-runs the survivors (hours)."""
    calls: list[list[str]] = []
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    monkeypatch.setattr(mutation.subprocess, "run", _answer(0, "", calls))
    monkeypatch.setattr(mutation, "score", lambda: mutation.Score(1, ["core.x__mutmut_1"], [], 0))
    assert mutation.run_mutmut(resume=True, recheck=recheck)
    assert calls[0] == ["mutmut", "run"]
    assert len(calls) == runs
    if recheck:
        assert calls[1] == ["mutmut", "run", "core.x__mutmut_1"]


def test_a_mutant_not_run_yet_is_pending_not_a_survivor(monkeypatch, tmp_path):
    """A pass stopped part-way leaves verdicts of None: they are no survivors."""
    meta = tmp_path / "core" / "x.py.meta"
    meta.parent.mkdir()
    codes = {"core.x__mutmut_1": 1, "core.x__mutmut_2": 0, "core.x__mutmut_3": None}
    meta.write_text(json.dumps({"exit_code_by_key": codes}))
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    monkeypatch.setattr(mutation, "equivalent_names", set)
    result = mutation.score()
    assert (result.killed, result.survived, result.pending) == (
        1,
        ["core.x__mutmut_2"],
        ["core.x__mutmut_3"],
    )
    assert result.percent == 50.0


def test_a_listed_equivalent_not_run_yet_is_not_called_stale(monkeypatch, tmp_path, capsys):
    """A pass stopped part-way has no verdict on a listed mutant: only a kill makes it stale."""
    meta = tmp_path / "core" / "x.py.meta"
    meta.parent.mkdir()
    codes = {"core.x__mutmut_1": None, "core.x__mutmut_2": 1, "core.x__mutmut_3": 0}
    meta.write_text(json.dumps({"exit_code_by_key": codes}))
    listed = {"core.x__mutmut_1", "core.x__mutmut_2", "core.x__mutmut_3"}
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    monkeypatch.setattr(mutation, "RESULTS", tmp_path)
    monkeypatch.setattr(mutation, "SAVED", tmp_path / "saved.json")
    monkeypatch.setattr(mutation, "equivalent_names", lambda: listed)
    monkeypatch.setattr(sys, "argv", ["mutation", "--report"])
    assert mutation.main() == 0
    stale = [line for line in capsys.readouterr().out.splitlines() if line.startswith("stale")]
    assert stale == ["stale line in equivalent_mutants.txt: core.x__mutmut_2 is killed or gone"]


def test_no_fixture_in_the_selection_shares_its_work_under_mutation():
    """mutmut maps a module-scoped fixture's work to the first test that asks for it only
    (tests/scopes.py): the selection's shared fixtures take `scope=SHARED`."""
    config = tomllib.loads((mutation.ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    shared = []
    for folder in config["pytest_add_cli_args_test_selection"]:
        for test in (mutation.ROOT / folder).rglob("*.py"):
            text = test.read_text()
            shared += [
                test.name for scope in ('scope="module"', 'scope="package"') if scope in text
            ]
    assert shared == []
