"""The program's standard output holds only what ScaleDeck prints (cli/stdout_guard.py).

HiGHS, inside scipy, writes debugging lines straight to file descriptor 1 on some solves;
`scaledeck ... --json` must stay JSON. A child process stands in for the native library.
"""

import json
import subprocess
import sys

NATIVE_PRINT = (
    "import os, sys\n"
    "from cli.main import console\n"
    "os.write(1, b'HighsMipSolverData::transformNewIntegerFeasibleSolution\\n')\n"  # before: as ever
    "import cli.main, core\n"
    "real = core.evaluate\n"
    "def noisy(*a, **k):\n"
    "    os.write(1, b'HighsMipSolverData::transformNewIntegerFeasibleSolution\\n')\n"
    "    return real(*a, **k)\n"
    "core.evaluate = noisy\n"
    "sys.argv = ['scaledeck', 'evaluate', '--json']\n"
    "sys.exit(console())\n"
)


def test_a_native_print_during_a_command_goes_to_stderr_and_the_json_stays_whole(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", NATIVE_PRINT],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    head, _, body = done.stdout.partition("\n")
    assert head == "HighsMipSolverData::transformNewIntegerFeasibleSolution"  # before the guard
    assert json.loads(body)["scenario"] == "Baseline"  # the command's own output: JSON alone
    assert "transformNewIntegerFeasibleSolution" in done.stderr  # the solver's line, kept


def test_a_reader_that_leaves_early_ends_the_program_quietly():
    """`scaledeck evaluate --json | head -c 100`: exit 0 and nothing on stderr.

    The output is buffered past the command's end, so the closed pipe shows when the
    program flushes it: the program handles that as `main` does inside a command.
    """
    with subprocess.Popen(
        [sys.executable, "-m", "cli.main", "evaluate", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None
        assert child.stderr is not None
        assert child.stdout.read(100).startswith(b"{")
        child.stdout.close()  # the reader leaves before the end
        errors = child.stderr.read()
        assert child.wait(timeout=120) == 0
    assert b"BrokenPipeError" not in errors
    assert b"Exception ignored" not in errors
