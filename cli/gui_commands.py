"""Commands that open or render the dashboard (Qt is imported only when one of them runs)."""

import argparse
import os
import re
from pathlib import Path
from typing import Any

import core
from cli.errors import EXIT_OK, check_writable, writing


def register(commands: Any) -> None:
    """Add `gui` and `screenshot` to the `scaledeck` parser."""
    gui = commands.add_parser("gui", help="open the dashboard (on FILE, or the default)")
    gui.add_argument("file", nargs="?")
    gui.set_defaults(run=run_gui, opens_window=True)
    shot = commands.add_parser("screenshot", help="render the dashboard offscreen to a PNG")
    shot.add_argument("out", metavar="OUT.png", type=Path, help="PNG file to write")
    shot.add_argument("file", nargs="?", help="scenario file (default: the built-in baseline)")
    shot.add_argument(
        "--size", type=_size, default=(1600, 1000), help="WIDTHxHEIGHT (default 1600x1000)"
    )
    shot.add_argument(
        "--theme", choices=("light", "dark"), default="light", help="colour theme (default light)"
    )
    shot.set_defaults(run=run_screenshot)


SMALLEST, LARGEST = (1280, 720), (7680, 4320)  # the size the product promises; 8K


def _size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT, each within SMALLEST and LARGEST.

    99999x99999 crashed Qt's painter, and 640x480 silently wrote the window's minimum.
    """
    match = re.fullmatch(r"([0-9]+)x([0-9]+)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1600x1000")
    size = int(match.group(1)), int(match.group(2))
    if not all(low <= n <= high for n, low, high in zip(size, SMALLEST, LARGEST, strict=True)):
        (w0, h0), (w1, h1) = SMALLEST, LARGEST
        raise argparse.ArgumentTypeError(f"{text!r} must lie between {w0}x{h0} and {w1}x{h1}")
    return size


def run_gui(args: argparse.Namespace) -> int:
    """`scaledeck` or `scaledeck gui [FILE]`."""
    from gui.app import run_gui as start

    return start(getattr(args, "file", None))


def run_screenshot(args: argparse.Namespace) -> int:
    """`scaledeck screenshot OUT.png [FILE] [--size WxH] [--theme]`, offscreen by default.

    A bad FILE or an output that cannot be written is an error before Qt starts.
    """
    check_writable(args.out)
    path = Path(args.file) if args.file else None
    book = core.load_workbook(path) if path else core.make_workbook(core.default_scenario())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize

    from gui.app import screenshot

    width, height = args.size
    with writing(args.out):
        shown = screenshot(args.out, book, path, QSize(width, height), args.theme)
    print(f"wrote {args.out} ({shown.width()}x{shown.height()})")
    return EXIT_OK
