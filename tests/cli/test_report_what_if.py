"""`scaledeck report` with what-ifs writes the brief of a variant beside the file's baseline."""

from pathlib import Path

import pytest

import core
from cli.main import main


def test_the_what_if_is_a_variant_its_tiles_compare_with_the_baseline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Put in the baseline's place, the what-if's tiles compared it with itself: 6x GB200
    read "CAPEX ✓ GOOD" (+0% vs base) in the brief while its deck said "✕ ACT: +1,576%"."""
    import gui.share.brief as brief

    written: dict[str, object] = {}

    def capture(book: core.Workbook, current: str, out: Path, year: int | None = None) -> int:
        written.update(book=book, current=current, year=year)
        return 2

    monkeypatch.setattr(brief, "write_brief", capture)
    assert main(["report", str(tmp_path / "b.pdf"), "--scale", "6", "--gpu", "GB200"]) == 0
    book = written["book"]
    assert isinstance(book, core.Workbook)
    assert book.baseline == core.default_scenario()  # the file's, unchanged
    assert written["current"] == "Baseline (what-if)" == book.variants[-1].name
    assert book.variants[-1].fleet.scale == 6.0
    assert book.variants[-1].fleet.gpu == "GB200"
