"""Drive the real app on an X display (run under xvfb-run by tests/gui/test_real_desktop.py).

`python tests/real_desktop.py OUT_DIR` starts `scaledeck` on the display in $DISPLAY
with Qt's default platform there (xcb: QT_QPA_PLATFORM is removed), waits for its
window, moves the focus from the year (the first control) past its value box to
`scaleSlider` with Tab, Tab and presses End there, all with xdotool's real key events, grabs the whole X display with xwd, undoes with Ctrl+Z, quits with Ctrl+Q,
and writes what it saw to OUT_DIR/seen.json (screenshots beside it). Every wait has a
timeout; the app is killed if it does not quit.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

START_TIMEOUT_S = 60  # the first start of a fresh venv compiles its bytecode
SETTLE_S = 1.0  # the window is shown; let it finish its first paint
STEP_TIMEOUT_S = 20


def run(*command: str) -> str:
    """The output of an X tool (CalledProcessError or TimeoutExpired when it fails)."""
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=STEP_TIMEOUT_S
    )
    return done.stdout.strip()


def app_command() -> list[str]:
    """`scaledeck` from the interpreter's own environment, else this Python running the CLI."""
    script = Path(sys.executable).with_name("scaledeck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli.main"]


def geometry(window: str) -> dict[str, int]:
    """The window's absolute position and size, from xwininfo."""
    keys = {"Absolute upper-left X": "x", "Absolute upper-left Y": "y", "Width": "width"}
    keys["Height"] = "height"
    found: dict[str, int] = {}
    for line in run("xwininfo", "-id", window).splitlines():
        name, _, value = line.strip().partition(":")
        if name in keys:
            found[keys[name]] = int(value)
    return found


def grab(out: Path) -> str:
    """The whole X display (the root window) as an XWD file."""
    run("xwd", "-root", "-silent", "-out", str(out))
    return out.name


def drive(out: Path) -> dict[str, object]:
    """Start, look, press, look, undo, quit; what was seen at each step."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["SCALEDECK_DATA_DIR"] = str(out / "data")
    runtime = out / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)  # else Qt warns that it is not set
    log = (out / "app.log").open("w")
    app = subprocess.Popen(app_command(), env=env, stdout=log, stderr=subprocess.STDOUT)
    seen: dict[str, object] = {"command": app_command()}
    try:
        window = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--name", "^ScaleDeck"],
            capture_output=True, text=True, check=True, timeout=START_TIMEOUT_S,
        ).stdout.split()[0]  # fmt: skip
        time.sleep(SETTLE_S)
        seen["title"] = run("xdotool", "getwindowname", window)
        seen["geometry"] = geometry(window)
        seen["before"] = grab(out / "before.xwd")
        run("xdotool", "windowfocus", "--sync", window)
        # The year has the focus; Tab, Tab reach the scale (tests/gui/test_share.py's tab order).
        run("xdotool", "key", "Tab", "Tab", "End")  # the scale to its top, 10x
        time.sleep(SETTLE_S)
        seen["title_after_key"] = run("xdotool", "getwindowname", window)
        seen["after"] = grab(out / "after.xwd")
        run("xdotool", "key", "ctrl+z")
        time.sleep(SETTLE_S)
        seen["title_after_undo"] = run("xdotool", "getwindowname", window)
        run("xdotool", "key", "ctrl+q")
        seen["exit_code"] = app.wait(timeout=STEP_TIMEOUT_S)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=STEP_TIMEOUT_S)
            seen["killed"] = True
        log.close()
    seen["log"] = (out / "app.log").read_text()
    return seen


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    (folder / "seen.json").write_text(json.dumps(drive(folder), indent=2))
