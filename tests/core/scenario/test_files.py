"""Scenario files: round trips, atomic saves, and a save that fails leaves the old file."""

import json
import os

import pytest

import core
from core.scenario import files
from core.scenario.edits import with_changes
from core.scenario.files import scenario_to_json
from core.scenario.messages import MAX_PROBLEMS


def test_save_then_load_is_identity(tmp_path):
    scenario = with_changes(core.default_scenario(), {"fleet.scale": 7.25, "name": "Seven"})
    path = tmp_path / "seven.scaledeck.json"
    core.save_scenario(scenario, path)
    assert core.load_scenario(path) == scenario
    assert json.loads(path.read_text())["schema_version"] == core.SCHEMA_VERSION


def test_save_leaves_no_temporary_files(tmp_path):
    core.save_scenario(core.default_scenario(), tmp_path / "a.json")
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "kept.json"
    core.save_scenario(core.default_scenario(), path)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        core.save_scenario(with_changes(core.default_scenario(), {"fleet.scale": 3.0}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kept.json"]


def test_read_only_folder_says_why(tmp_path, monkeypatch):
    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)  # root ignores chmod, so simulate
    with pytest.raises(PermissionError, match="Permission denied"):
        core.save_scenario(core.default_scenario(), tmp_path / "x.json")
    assert list(tmp_path.iterdir()) == []


def test_save_into_a_path_under_a_file_fails_cleanly(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(NotADirectoryError):
        core.save_scenario(core.default_scenario(), tmp_path / "plain" / "x.json")


def test_missing_catalog_takes_the_default_catalog():
    data = json.loads(scenario_to_json(core.default_scenario()))
    del data["gpu_catalog"]
    assert core.parse_scenario(data).gpu_catalog == core.default_scenario().gpu_catalog


def test_default_scenario_has_provenance_for_its_numbers():
    scenario = core.default_scenario()
    assert scenario.source_of("fleet.baseline_gpus").text.startswith("MAI-1-preview")
    assert scenario.source_of("fleet.opex_fraction").illustrative
    assert scenario.source_of("products.tokens_per_year").illustrative


def test_all_problems_are_collected():
    data = json.loads(scenario_to_json(core.default_scenario()))
    data["products"][0]["routing"]["GPT-9"] = 0.0
    data["products"][2]["routing"]["GPT-5 class"] = 0.7
    with pytest.raises(core.ScenarioError) as caught:
        core.parse_scenario(data)
    assert len(caught.value.problems) == 2


def test_many_problems_are_capped():
    data = json.loads(scenario_to_json(core.default_scenario()))
    data["products"] = [{"name": f"p{i}"} for i in range(200)]
    with pytest.raises(core.ScenarioError) as caught:
        core.parse_scenario(data)
    assert len(caught.value.problems) == MAX_PROBLEMS + 1
    assert "more problems" in str(caught.value.problems[-1])


def test_assets_are_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files.default_scenario.cache_clear()
    assert core.default_scenario().name == "Baseline"


def test_saved_files_get_normal_permissions_and_keep_their_own(tmp_path):
    import os
    import stat

    path = tmp_path / "shared.scaledeck.json"
    old = os.umask(0o022)
    try:
        core.save_scenario(core.default_scenario(), path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's private 0600
    path.chmod(0o664)
    core.save_scenario(core.default_scenario(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664  # a re-save keeps the file's mode


KILLED_BEFORE_RENAME = """
import os, signal, sys
import core
from core.scenario.edits import with_changes
os.replace = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)  # die at the rename
core.save_scenario(with_changes(core.default_scenario(), {"fleet.scale": 9.0}), sys.argv[1])
"""


def test_killed_between_write_and_rename_leaves_the_old_file(tmp_path):
    import signal
    import subprocess
    import sys

    path = tmp_path / "plan.scaledeck.json"
    core.save_scenario(core.default_scenario(), path)
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BEFORE_RENAME, str(path)], timeout=120, check=False
    )
    assert done.returncode == -signal.SIGKILL
    assert path.read_bytes() == before  # the old file, whole
    assert core.load_scenario(path) == core.default_scenario()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1  # the new text is in a hidden temporary file; the file is untouched
