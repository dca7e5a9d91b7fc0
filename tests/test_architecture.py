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
    target.mkdir(parents=True)
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
    assert "core.engine.kernel -> PySide6" in done.stdout


def _broken_by(tmp_path: Path, module: str, line: str) -> str:
    project = copy_project(tmp_path / line.split()[-1])
    with (project / module).open("a") as handle:
        handle.write(f"\n{line}  # noqa\n")
    done = lint_imports(project)
    assert done.returncode != 0, f"{module} with {line!r} passed the contracts"
    return done.stdout


def test_a_view_may_not_import_a_controller_or_a_control(tmp_path):
    out = _broken_by(tmp_path, "gui/views/kpi_tiles.py", "import gui.controllers.file_controller")
    assert "gui.views.kpi_tiles -> gui.controllers.file_controller" in out
    out = _broken_by(tmp_path, "gui/views/kpi_tiles.py", "import gui.controls.sliders")
    assert "gui.views.kpi_tiles -> gui.controls.sliders" in out


def test_a_control_may_not_import_a_view(tmp_path):
    out = _broken_by(tmp_path, "gui/controls/sliders.py", "import gui.views.kpi_tiles")
    assert "gui.controls.sliders -> gui.views.kpi_tiles" in out


def test_the_document_may_not_import_what_draws_or_drives_it(tmp_path):
    out = _broken_by(tmp_path, "gui/document.py", "import gui.views.kpi_tiles")
    assert "gui.document -> gui.views.kpi_tiles" in out
