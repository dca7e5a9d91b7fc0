"""docs/model.md stays honest: every formula anchor has a hand-check test, and back.

Each `F-...` anchor of docs/model.md must be named as `docs/model.md#F-...` by at least
one test file (tests/test_*.py, this file aside); a test or a code comment must not name
an anchor the page lacks; and no code or asset may cite a design file outside the
repository (a bare design-file name).
"""

import re
from pathlib import Path

from paths import ROOT

DOC = ROOT / "docs" / "model.md"
ANCHOR = re.compile(r'^<a id="([A-Za-z0-9_-]+)"></a>$', re.MULTILINE)
CITATION = re.compile(r"docs/model\.md#([A-Za-z0-9_-]+)")
OUTSIDE_CITATION = re.compile(r"(?<!docs/)\b(?:model|model-2)\.md", re.IGNORECASE)
CODE_FOLDERS = ("core", "gui", "cli", "assets")


def anchors() -> list[str]:
    return ANCHOR.findall(DOC.read_text(encoding="utf-8"))


def formula_ids() -> set[str]:
    return {a for a in anchors() if a.startswith("F-")}


def files_of_tests() -> list[Path]:
    return sorted(p for p in (ROOT / "tests").rglob("test_*.py") if p.name != Path(__file__).name)


def cited(paths: list[Path]) -> dict[str, set[str]]:
    """Anchor id -> the files (relative paths) that cite it."""
    found: dict[str, set[str]] = {}
    for path in paths:
        for name in CITATION.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def code_files() -> list[Path]:
    return sorted(
        p
        for folder in CODE_FOLDERS
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def test_the_doc_has_formula_anchors_each_once_before_a_heading():
    text = DOC.read_text(encoding="utf-8")
    ids = anchors()
    assert len(formula_ids()) >= 25
    assert len(ids) == len(set(ids)), "an anchor id is used twice"
    for name in ids:
        after = text.split(f'<a id="{name}"></a>\n', 1)[1]
        assert after.startswith("#"), f"anchor {name} is not right before a heading"


def test_every_formula_anchor_is_checked_by_a_test():
    tested = cited(files_of_tests())
    missing = sorted(formula_ids() - set(tested))
    assert missing == [], f"formulas with no test naming docs/model.md#<id>: {missing}"


def test_tests_name_only_anchors_the_doc_has():
    unknown = {
        name: files for name, files in cited(files_of_tests()).items() if name not in anchors()
    }
    assert unknown == {}, f"tests cite anchors docs/model.md does not have: {unknown}"


def test_code_and_assets_cite_only_anchors_the_doc_has():
    unknown = {name: files for name, files in cited(code_files()).items() if name not in anchors()}
    assert unknown == {}, f"code cites anchors docs/model.md does not have: {unknown}"


def test_no_citation_of_a_design_file_outside_the_repository():
    offenders = []
    for path in code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE_CITATION.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "cite docs/model.md instead:\n" + "\n".join(offenders)


def test_the_outside_citation_check_has_teeth():
    design, revision = "MODEL" + ".md", "MODEL-2" + ".md"  # split: the repo cites neither
    assert OUTSIDE_CITATION.search(f'({design}, "Entities")')
    assert OUTSIDE_CITATION.search(f"{design}'s rule")
    assert OUTSIDE_CITATION.search(f"see {revision}")
    assert not OUTSIDE_CITATION.search("docs/model.md#F-routing")
    assert CITATION.findall("docs/model.md#F-a and docs/model.md#entities") == ["F-a", "entities"]
