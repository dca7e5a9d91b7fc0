"""The README's commands are the ones CI runs; the testers' objectNames all exist."""

from paths import ROOT


def test_ci_installs_and_tests_the_way_the_readme_says():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install ".[test]"' in readme
    assert 'pip install -q ".[test]"' in ci
    assert "\nQT_QPA_PLATFORM=offscreen python -m pytest -n auto\n" in readme
    assert "grep -m1 '^QT_QPA_PLATFORM=offscreen python -m pytest' README.md" in ci


def test_every_object_name_the_testing_docs_list_exists(scaledeck_window, tmp_path):
    """Testers rely on docs/testing.md's objectNames: each must be findable in the running app."""
    import re

    from PySide6.QtCore import QObject

    section = (ROOT / "docs" / "testing.md").read_text().split("## objectNames")[1]
    rows = [line for line in section.split("\n## ")[0].splitlines() if line.startswith("| `")]
    names = {n for row in rows for n in re.findall(r"`([A-Za-z]\w+)`", row.split(" | ")[0])}
    window = scaledeck_window
    places = [window, window.show_compare(), window.show_analysis(), window.cost_chart]
    places += [window.show_catalog(), window.show_price_update()]
    trace, usage = tmp_path / "trace.csv", tmp_path / "usage.csv"
    trace.write_text(
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        + "".join(f"2024-01-01 00:0{m}:00,100,10\n" for m in range(4))
    )
    usage.write_text(
        "month,product,input_tokens,output_tokens\n"
        + "".join(f"2025-0{m}-01,GitHub Copilot,{m}000,0\n" for m in range(1, 5))
    )
    places += [window.import_trace(trace), window.import_usage(usage), window.show_plan()]
    places.append(window.dialogs.promise_cost())
    places.append(window.cost_chart.context_menu())
    modal = {name for name in names if name.endswith("Dialog") and name != "compareDialog"}
    missing = [
        name
        for name in sorted(names - modal - {"recentFile0"})
        if not any(p.objectName() == name or p.findChild(QObject, name) for p in places)
    ]
    for place in (*places[1:3], *places[4:10]):
        place.close()
    places[-1].deleteLater()
    assert missing == []
    assert len(names) > 80


def test_the_readme_is_short_enough_for_a_newcomer():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 150


def _relative_links(page):
    import re

    text = page.read_text()
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if not target.startswith(("http://", "https://", "#", "mailto:")):
            yield target.split("#")[0]


def test_every_relative_link_of_the_readme_and_docs_points_at_a_file():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = [
        f"{page.relative_to(ROOT)} -> {target}"
        for page in pages
        for target in _relative_links(page)
        if not (page.parent / target).exists()
    ]
    assert broken == []
    assert sum(1 for page in pages for _ in _relative_links(page)) > 10
