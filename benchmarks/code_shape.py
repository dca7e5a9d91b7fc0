"""Files over 400 lines: a review point, not a failure (docs/architecture.md).

`python -m benchmarks.code_shape` lists them, longest first, so a reviewer asks whether
each still has one purpose; CI prints the list.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEW_LINES = 400


def long_files(root: Path = ROOT) -> list[tuple[int, str]]:
    """(lines, path) of every source file under `root` over REVIEW_LINES, longest first."""
    sources = (p for package in ("core", "gui", "cli") for p in (root / package).rglob("*.py"))
    sized = ((len(p.read_text().splitlines()), str(p.relative_to(root))) for p in sources)
    return sorted((item for item in sized if item[0] > REVIEW_LINES), reverse=True)


def main() -> None:
    """Print the files to review, or say there are none."""
    found = long_files()
    print(f"files over {REVIEW_LINES} lines (a review point): {len(found) or 'none'}")
    for lines, path in found:
        print(f"  {lines:5d}  {path}")


if __name__ == "__main__":
    main()
