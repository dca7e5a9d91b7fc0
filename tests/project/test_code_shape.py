"""The code stays small enough to read: functions under 60 lines, prefixes become packages.

A file over 400 lines is a review point, not a failure: `python -m benchmarks.code_shape`
lists them for the reviewer (docs/quality.md).
"""

import ast
from collections import Counter

import pytest
from paths import ROOT

from benchmarks.code_shape import long_files

PACKAGES = ("core", "gui", "cli")
SOURCES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))
MAX_FUNCTION_LINES = 60
PREFIX_LIMIT = 3  # three files that share a prefix are a package waiting to be made


def _long_functions(source: str) -> list[str]:
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def shared_prefixes(names: list[str]) -> list[str]:
    """Prefixes (before the first underscore) that PREFIX_LIMIT or more file names share."""
    counts = Counter(name.split("_")[0] for name in names if "_" in name)
    counts.update(name for name in names if "_" not in name and counts[name])
    return sorted(prefix for prefix, n in counts.items() if n >= PREFIX_LIMIT)


def test_there_are_sources_to_check():
    assert len(SOURCES) > 50


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_function_sizes(path):
    assert _long_functions(path.read_text()) == []


def test_the_check_sees_a_long_function():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    assert _long_functions(f"def f():\n{body}\n") == [f"f ({MAX_FUNCTION_LINES + 1} lines)"]


def test_no_folder_has_three_files_sharing_a_prefix():
    folders = {p.parent for p in SOURCES}
    crowded = {
        str(folder.relative_to(ROOT)): shared_prefixes([p.stem for p in folder.glob("*.py")])
        for folder in folders
    }
    assert {folder: found for folder, found in crowded.items() if found} == {}


def test_the_prefix_check_sees_a_crowd():
    assert shared_prefixes(["plan", "plan_lp", "plan_rows", "kernel"]) == ["plan"]
    assert shared_prefixes(["plan_lp", "plan_rows", "deck", "deck_charts"]) == []


def test_the_review_list_names_a_long_file_and_only_it(tmp_path):
    (tmp_path / "core" / "room").mkdir(parents=True)
    (tmp_path / "core" / "room" / "long.py").write_text("x = 1\n" * 401)
    (tmp_path / "core" / "short.py").write_text("x = 1\n" * 400)
    assert long_files(tmp_path) == [(401, "core/room/long.py")]
