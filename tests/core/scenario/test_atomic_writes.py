"""Atomic writes go through a symlink to its target and never replace a read-only file."""

import pytest

import core
from core.scenario.edits import with_changes
from core.scenario.files import write_text_atomic


def test_a_symlink_stays_a_link_and_its_target_gets_the_text(tmp_path):
    target = tmp_path / "shared" / "team.scaledeck.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.scaledeck.json"
    link.symlink_to(target)
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["team.scaledeck.json"]


def test_a_dangling_symlink_writes_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_text() == "new"


def test_a_read_only_file_is_refused_even_for_root(tmp_path):
    path = tmp_path / "locked.scaledeck.json"
    core.save_scenario(core.default_scenario(), path)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(PermissionError, match="it is read-only"):
        core.save_scenario(with_changes(core.default_scenario(), {"fleet.scale": 9.0}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["locked.scaledeck.json"]


def test_a_read_only_target_behind_a_symlink_is_refused(tmp_path):
    target = tmp_path / "target.json"
    target.write_text("old")
    target.chmod(0o444)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(PermissionError, match="read-only"):
        write_text_atomic(link, "new")
    assert target.read_text() == "old"
