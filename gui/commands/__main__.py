"""`python -m gui.commands --markdown > docs/commands.md`: the generated docs, on stdout."""

import sys

from gui.commands.docs import markdown


def main(argv: list[str]) -> int:
    """Print docs/commands.md for `--markdown`; a usage line otherwise."""
    if argv != ["--markdown"]:
        print("usage: python -m gui.commands --markdown > docs/commands.md", file=sys.stderr)
        return 2
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
