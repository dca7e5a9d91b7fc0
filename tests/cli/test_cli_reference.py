"""docs/cli.md names every command and every option the parser has.

The reference is what held-out users script against: an option the CLI gained but the
reference does not name is as good as missing (the serve row once still described
version 3's flags, and `new` and `workbook` had no row).
"""

import argparse

import pytest
from paths import ROOT

from cli.main import build_parser

REFERENCE = (ROOT / "docs" / "cli.md").read_text()
WHAT_IF_GROUP = "what-if (the scenario changed before the command runs)"


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    table = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(table.choices)


def _row(name: str) -> str:
    """The reference table's row for `scaledeck NAME` (the GUI's row names it second)."""
    starts = (f"| `scaledeck {name} ", f"| `scaledeck {name}`", "| `scaledeck` or `scaledeck gui")
    rows = [line for line in REFERENCE.splitlines() if line.startswith(starts[:2])]
    if not rows and name == "gui":
        rows = [line for line in REFERENCE.splitlines() if line.startswith(starts[2])]
    assert len(rows) == 1, f"docs/cli.md has {len(rows)} rows for `scaledeck {name}`"
    return rows[0]


def _options(parser: argparse.ArgumentParser, *, what_if: bool) -> set[str]:
    """Long options of `parser`, those of the shared what-if group or all the others."""
    found = set()
    for group in parser._action_groups:
        if (group.title == WHAT_IF_GROUP) != what_if:
            continue
        for action in group._group_actions:
            found |= {o for o in action.option_strings if o.startswith("--") and o != "--help"}
    return found


@pytest.mark.parametrize("name", sorted(_commands()))
def test_each_command_has_a_row_naming_each_of_its_options(name):
    parser = _commands()[name]
    row = _row(name)
    missing = sorted(
        o
        for o in _options(parser, what_if=False)
        if f"`{o}" not in row and f"[{o}" not in row and f" {o} " not in row
    )
    assert not missing, f"docs/cli.md's row for `scaledeck {name}` does not name {missing}"


def test_the_what_if_paragraph_names_each_shared_option():
    paragraph = REFERENCE.split("**What-if options.**")[1].split("\n\n")[0]
    shared = set().union(*(_options(p, what_if=True) for p in _commands().values()))
    assert shared, "no command has the what-if options"
    assert not sorted(o for o in shared if f"`{o}" not in paragraph)
