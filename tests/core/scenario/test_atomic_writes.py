"""Atomic writes go through a symlink to its target and never replace a read-only file.

Nor a FIFO or a device, even through a symlink: the rename put a regular file in its place
(as root, /dev/null itself). Tests make FIFOs only; /dev is never touched.
"""

import os
import re

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


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@needs_fifo
def test_a_fifo_is_refused_not_replaced(tmp_path):
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match=r"^it is not a regular file$"):
        core.save_scenario(core.default_scenario(), fifo)
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temporary file left


@needs_fifo
def test_a_fifo_behind_a_symlink_is_refused_naming_it(tmp_path):
    fifo = tmp_path / "devnode"
    os.mkfifo(fifo)
    link = tmp_path / "brief.pdf"
    link.symlink_to("devnode")
    said = f"it leads to {fifo}, which is not a regular file"
    with pytest.raises(OSError, match=f"^{re.escape(said)}$"):
        write_text_atomic(link, "new")
    assert link.is_symlink()
    assert fifo.is_fifo()


@needs_fifo
def test_the_cli_says_it_in_one_line_and_exits_2(tmp_path, capsys):
    from cli.main import main

    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    assert main(["new", "--force", str(fifo)]) == 2
    error = f"error: {fifo}: could not be written: it is not a regular file\n"
    assert capsys.readouterr().err == error
    assert fifo.is_fifo()
