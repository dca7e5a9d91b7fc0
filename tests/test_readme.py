"""The README's commands are the ones CI runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_installs_and_tests_the_way_the_readme_says():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install ".[test]"' in readme
    assert 'pip install -q ".[test]"' in ci
    assert "\nQT_QPA_PLATFORM=offscreen python -m pytest\n" in readme
    assert "grep -m1 '^QT_QPA_PLATFORM=offscreen python -m pytest' README.md" in ci
