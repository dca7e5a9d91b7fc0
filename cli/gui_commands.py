"""Commands that open or render the dashboard (Qt is imported only when one of them runs)."""

import argparse
import os
import re
from typing import Any


def register(commands: Any) -> None:
    """Add `gui` and `screenshot` to the `scaledeck` parser."""
    gui = commands.add_parser("gui", help="open the dashboard (on FILE, or the default)")
    gui.add_argument("file", nargs="?")
    gui.set_defaults(run=run_gui)
    shot = commands.add_parser("screenshot", help="render the dashboard offscreen to a PNG")
    shot.add_argument("out", help="PNG file to write")
    shot.add_argument("file", nargs="?", help="scenario file (default: the built-in baseline)")
    shot.add_argument(
        "--size", type=_size, default=(1600, 1000), help="WIDTHxHEIGHT (default 1600x1000)"
    )
    shot.add_argument(
        "--theme", choices=("light", "dark"), default="light", help="colour theme (default light)"
    )
    shot.set_defaults(run=run_screenshot)


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1600x1000")
    return int(match.group(1)), int(match.group(2))


def run_gui(args: argparse.Namespace) -> int:
    """`scaledeck` or `scaledeck gui [FILE]`."""
    from gui.app import run_gui as start

    return start(getattr(args, "file", None))


def run_screenshot(args: argparse.Namespace) -> int:
    """`scaledeck screenshot OUT.png [FILE] [--size WxH] [--theme]`, offscreen by default."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize

    from gui.app import screenshot

    width, height = args.size
    return screenshot(args.out, args.file, QSize(width, height), args.theme)
