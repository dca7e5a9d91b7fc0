"""`python -m cli` runs the `scaledeck` program (a checkout without the console script)."""

import json
import subprocess
import sys
from pathlib import Path

from processes import offscreen_env

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_cli_is_the_scaledeck_program(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cli", "evaluate", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=offscreen_env(tmp_path, PYTHONPATH=str(ROOT)),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenario"] == "Baseline"
