"""`python -m cli`: the `scaledeck` program, for a checkout without the console script."""

import sys

from cli.main import console

sys.exit(console())
