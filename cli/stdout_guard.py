"""Keep the command's standard output ScaleDeck's own: a native library's prints go to stderr."""

import os
import sys


def keep_stdout_for_python() -> None:
    """Point file descriptor 1 at stderr, and Python's `sys.stdout` at the real stdout.

    HiGHS (the plan's and the routing's solver, inside scipy) prints debugging lines such
    as "HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();" straight
    to file descriptor 1 on a few solves. Under `--json` they would come before the JSON
    and break whatever reads it. What ScaleDeck prints goes where it went.
    """
    if sys.stdout is None or sys.stderr is None:  # no console (pythonw): nothing to guard
        return
    sys.stdout.flush()
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = os.fdopen(
        real_stdout,
        "w",
        encoding=sys.stdout.encoding,
        errors=sys.stdout.errors,
        buffering=1 if sys.stdout.line_buffering else -1,  # a console's is line by line
    )
