"""The import contract: core/ stays free of Qt, charts and the GUI, and the check has teeth."""

import importlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from paths import ROOT

pytestmark = pytest.mark.slow


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
    with (project / "core" / "engine" / "kernel.py").open("a") as handle:
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


def test_a_view_may_not_import_a_controller_a_control_or_an_editor(tmp_path):
    out = _broken_by(tmp_path, "gui/views/kpi_tiles.py", "import gui.controllers.file_controller")
    assert "gui.views.kpi_tiles -> gui.controllers.file_controller" in out
    out = _broken_by(tmp_path, "gui/views/kpi_tiles.py", "import gui.controls.sliders")
    assert "gui.views.kpi_tiles -> gui.controls.sliders" in out
    out = _broken_by(tmp_path, "gui/views/kpi_tiles.py", "import gui.editors.routing_model")
    assert "gui.views.kpi_tiles -> gui.editors.routing_model" in out


def test_an_editor_may_not_import_a_dialog_or_the_commands(tmp_path):
    out = _broken_by(tmp_path, "gui/editors/plan_tab.py", "import gui.commands.dialogs")
    assert "gui.editors.plan_tab -> gui.commands.dialogs" in out


def test_a_control_may_not_import_a_view(tmp_path):
    out = _broken_by(tmp_path, "gui/controls/sliders.py", "import gui.views.kpi_tiles")
    assert "gui.controls.sliders -> gui.views.kpi_tiles" in out


def test_the_document_may_not_import_what_draws_or_drives_it(tmp_path):
    out = _broken_by(tmp_path, "gui/document.py", "import gui.views.kpi_tiles")
    assert "gui.document -> gui.views.kpi_tiles" in out


def test_a_circle_between_two_modules_breaks_the_contract(tmp_path):
    out = _broken_by(tmp_path, "core/scenario/checks.py", "import core.scenario.messages")
    assert "No cycles are allowed in core.scenario." in out
    assert ".messages -> .checks" in out


def test_a_room_may_not_import_a_room_above_it(tmp_path):
    out = _broken_by(tmp_path, "core/engine/kernel.py", "import core.plan.solve")
    assert "core.engine is not allowed to import core.plan" in out
    assert "core.engine.kernel -> core.plan.solve" in out


def test_only_the_formats_room_imports_file_format_libraries(tmp_path):
    out = _broken_by(tmp_path, "core/engine/money.py", "import openpyxl")
    assert "core.engine.money -> openpyxl" in out
    out = _broken_by(tmp_path, "core/summary/status.py", "import pptx")
    assert "core.summary.status -> pptx" in out


def test_gui_and_cli_may_not_import_a_private_module_of_a_room(tmp_path):
    out = _broken_by(tmp_path, "gui/views/kpi_tiles.py", "import core.engine.money")
    assert "gui.views.kpi_tiles -> core.engine.money" in out
    out = _broken_by(tmp_path, "cli/tables.py", "import core.scenario.migrations")
    assert "cli.tables -> core.scenario.migrations" in out


def _rooms() -> dict[str, tuple[set[str], set[str]]]:
    """Each room of core: (its modules, the public ones its `__all__` names)."""
    rooms = {}
    for init in sorted((ROOT / "core").glob("*/__init__.py")):
        modules = {p.stem for p in init.parent.glob("*.py") if p.stem != "__init__"}
        public = set(importlib.import_module(f"core.{init.parent.name}").__all__)
        rooms[init.parent.name] = (modules, public)
    return rooms


def test_each_room_names_its_public_modules_and_the_contract_forbids_the_rest():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    [public_only] = [c for c in contracts["contracts"] if c["name"].startswith("gui and cli")]
    private = set()
    for room, (modules, public) in _rooms().items():
        assert public <= modules, f"core.{room}.__all__ names modules it does not have"
        private |= {f"core.{room}.{m}" for m in modules - public}
    assert set(public_only["forbidden_modules"]) == private


def test_core_has_rooms_and_few_modules_of_its_own():
    direct = [p.name for p in (ROOT / "core").glob("*.py")]
    assert len(direct) <= 12, direct
    assert set(_rooms()) == {"scenario", "engine", "summary", "analysis", "plan", "formats"}
