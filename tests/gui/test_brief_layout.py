"""The brief's layout (issue 27, 2): a tile's title never runs into its status badge, and
a source too long for its two lines is cut at a word, never inside one."""

import re
import shutil
import subprocess

import pytest

import core
from cli.main import main
from core.summary.input_labels import labelled_inputs
from gui.views.kpi_tiles import TILES

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" [^>]*>([^<]*)</word>')
MARKS = ("✓", "⚠", "✕")


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    """The brief of the issue's meeting: its external share reads WATCH, the widest badge."""
    out = tmp_path_factory.mktemp("brief") / "brief.pdf"
    office = "M365 Copilot Excel=MAI-2:1;M365 Copilot PowerPoint=MAI-2:1"
    assert main(["report", str(out), "--scale", "10", "--gpu", "GB200", "--route", office]) == 0
    return out


def pdf_text(path, page, *options) -> str:
    command = ["pdftotext", "-f", str(page), "-l", str(page), *options, str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout


def test_a_tile_title_ends_before_its_status_badge(brief):
    words = [
        (float(x0), float(y0), float(x1), text)
        for x0, y0, x1, text in WORD.findall(pdf_text(brief, 1, "-bbox"))
    ]
    badges = [w for w in words if w[3] in MARKS]
    assert len(badges) == len(TILES)  # one per tile
    titles = {"EXTERNAL", "SHARE", "PARTNER", "HHI", "RISK", "INDEX", "TOTAL", "COST"}
    checked = 0
    for x0, y0, _x1, _mark in badges:
        left = [w for w in words if abs(w[1] - y0) < 1 and w[2] <= x0 + 40 and w[0] < x0]
        title = [w for w in left if w[3] in titles and x0 - w[0] < 200]
        for word in title:
            assert word[2] < x0 - 2, f"{word[3]} runs into its badge"
            checked += 1
    assert checked >= 4
    assert "EXTERNAL" in pdf_text(brief, 1)  # the short title where the full one has no room


def test_sources_are_cut_at_a_word(brief):
    sources = [row.source for row in labelled_inputs(core.default_scenario()) if row.source]
    assert "⚠ WATCH" in pdf_text(brief, 1)
    whole = {word for source in sources for word in source.split(" ")}
    cut = re.findall(r"(\S+)…", pdf_text(brief, 2))
    assert cut  # some sources are longer than their two lines
    for stem in cut:
        assert any(w.startswith(stem) and w.rstrip(",;:.(-") == stem for w in whole), stem


def test_a_tile_says_its_status_s_reason_beside_its_change_as_on_screen(window, tmp_path):
    """A page read "▲ +38 vs base" under "⚠ WATCH" with nothing on what was watched (60 of
    60 MW, the power limit): the brief's tiles now choose the tile's line (`line_shown`)."""
    from gui.share.brief import write_brief

    window.document.fork("Six times")
    window.document.edit({"fleet.scale": 6.0, "fleet.power_cap_mw": 60.0}, "6x fleet, 60 MW")
    window.document.set_year(2028)
    out = tmp_path / "brief.pdf"
    write_brief(window.document.book, window.document.current, out, 2028)
    page = " ".join(pdf_text(out, 1).split())
    both = [t for t in window.kpis.tiles.values() if all(t.delta.parts)]
    assert both  # the fixture's point: some tile has a change and a reason to say
    for tile in both:  # where the line has no room for both, the reason wins, as on screen
        reason = tile.delta.parts[1]
        assert reason.split(",")[0] in page, (tile.spec.name, reason)


def test_the_window_s_brief_compares_with_the_baseline_its_tiles_do(window, tmp_path):
    """After an unsaved edit of the baseline the tiles compare with it as opened, and the
    brief compared with the edited one: "▼ -2,882 vs base" on paper, "-2,685" on screen."""
    window.document.edit({"fleet.scale": 2.0}, "2x")  # the baseline, not saved
    window.document.set_year(2029)
    gpus = window.kpis.tiles["kpiGpus"]
    change = gpus.delta.parts[0]
    assert change == "▲ +15,000 vs base"  # the saved baseline's 15,000
    out = tmp_path / "brief.pdf"
    assert window.exports.brief_to(out)
    assert change in " ".join(pdf_text(out, 1).split())
