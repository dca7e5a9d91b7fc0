"""The import contract: core/ stays free of Qt, charts and the GUI, and the check has teeth."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ],
        cwd=folder,
        capture_output=True,
        timeout=300,
        text=True,
        check=False,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
    )


def copy_project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy(ROOT / "pyproject.toml", target)
    for package in ("core", "gui", "cli"):
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return target


def test_contract_passes_on_the_project(tmp_path):
    done = lint_imports(copy_project(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_contract_fails_when_core_imports_qt(tmp_path):
    project = copy_project(tmp_path)
    with (project / "core" / "kernel.py").open("a") as handle:
        handle.write("\nimport PySide6.QtCore  # noqa\n")
    done = lint_imports(project)
    assert done.returncode != 0
    assert "core.kernel -> PySide6" in done.stdout
