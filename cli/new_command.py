"""`scaledeck new OUT.json`: the default scenario (with any what-ifs) in a new file.

The start of a scripted what-if: `scaledeck new plan.json --scale 6 --gpu B200`, then
`scaledeck evaluate plan.json`. An existing file is never replaced without `--force`.
"""

import argparse
from pathlib import Path
from typing import Any

import core
from cli.errors import EXIT_OK, check_writable, refuse_existing, writing
from cli.scenario_args import add_what_if, changed_and_saved


def register(commands: Any) -> None:
    """Add `new` to the `scaledeck` parser."""
    new = commands.add_parser(
        "new", help="write the default scenario (with any what-ifs) to a new file"
    )
    new.add_argument("out", metavar="OUT.json", help="the scenario file to write")
    add_what_if(new)  # with --force, which lets OUT.json (and --save's file) be written over
    new.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    """Write the default, changed by the what-if options, atomically to OUT.json."""
    out = Path(args.out)
    if out.suffix.lower() != ".json":
        raise core.ScenarioError([core.Problem(str(out), "a scenario file must end in .json")])
    refuse_existing(out, args.force)
    check_writable(out)
    scenario = changed_and_saved(core.default_scenario(), args)
    with writing(out):
        core.save_scenario(scenario, out)
    print(f"wrote {out}")
    return EXIT_OK
