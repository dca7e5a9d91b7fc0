"""The hostile scenario files: those committed in tests/data/bad/, plus a symlink loop.

The loop is made at test time in a temporary folder: committed, it breaks every tool that
copies the tree (mutation testers, packagers, some editors).
"""

import shutil
from pathlib import Path

COMMITTED = Path(__file__).parent / "data" / "bad"
LOOP = ("symlink_loop.json", "symlink_loop_b.json")  # each points at the other


def names() -> list[str]:
    """Every hostile file name, committed or made at test time."""
    return sorted([p.name for p in COMMITTED.glob("*.json")] + list(LOOP))


def make_hostile_folder(folder: Path) -> Path:
    """A copy of tests/data/bad/ in `folder`, with the symlink loop added."""
    shutil.copytree(COMMITTED, folder, dirs_exist_ok=True)
    for link, target in zip(LOOP, reversed(LOOP), strict=True):
        (folder / link).unlink(missing_ok=True)
        (folder / link).symlink_to(target)
    return folder
