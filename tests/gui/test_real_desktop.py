"""The real desktop: ScaleDeck on X11 through Qt's xcb plugin, not only offscreen.

Under `xvfb-run`, tests/real_desktop.py starts `scaledeck`, presses a key on the first
slider with xdotool (real input events through the X server), grabs the X display with
xwd and quits. Here the X display's picture is checked to be the dashboard, the window's
title and size right, the edit seen and undone, and the log clean. The list of xcb
system libraries (docs/xcb-packages.txt) is checked against what the xcb plugin cannot load (ldd).

Without the tools (`apt install xvfb xdotool x11-utils x11-apps`) or those xcb
libraries the desktop test is skipped, saying which; `.ci/run` installs them and sets
SCALEDECK_REQUIRE_DESKTOP=1, which turns that skip into a failure.
"""

import json
import os
import shutil
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from paths import ROOT, TESTS
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from gui.app import DEFAULT_SIZE
from gui.style.theme import PROVIDER_COLORS

pytestmark = pytest.mark.slow

HERE = TESTS
XCB_PACKAGES = ROOT / "docs" / "xcb-packages.txt"
TOOLS = {"xvfb-run": "xvfb", "xdotool": "xdotool", "xwininfo": "x11-utils", "xwd": "x11-apps"}
SCREEN = "-screen 0 1920x1200x24"
RUN_TIMEOUT_S = 240


def listed_xcb_packages() -> list[str]:
    """The packages docs/xcb-packages.txt lists for the xcb plugin (one a line, # comments)."""
    lines = XCB_PACKAGES.read_text().splitlines()
    packages = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert packages, "docs/xcb-packages.txt lists no package"
    return packages


def debian_package(soname: str) -> str:
    """Debian's package name for a library: libxcb-icccm.so.4 is in libxcb-icccm4."""
    stem, _, version = soname.partition(".so.")
    version = version.split(".")[0]
    return f"{stem}-{version}".lower() if stem[-1].isdigit() else f"{stem}{version}".lower()


def xcb_plugin() -> Path:
    """Qt's xcb platform plugin inside the installed PySide6."""
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_libraries() -> list[str]:
    """The shared libraries the xcb plugin needs and the loader cannot find (ldd)."""
    done = subprocess.run(
        ["ldd", str(xcb_plugin())], capture_output=True, text=True, check=True, timeout=60
    )
    lines = done.stdout.splitlines()
    return sorted({line.split()[0] for line in lines if "=> not found" in line})


def read_xwd(path: Path) -> QImage:
    """An XWD file of a TrueColor display as an image.

    Xvfb's depth-24 screen comes back from xwd as 24-bit pixels, blue byte first, in
    rows of `bytes_per_line`; read as 32-bit pixels, every fill shows red, green and
    blue stripes that are not on the screen (Qt's own grab of the display has none).
    """
    data = path.read_bytes()
    header = struct.unpack(">25I", data[:100])
    size, width, height, byte_order, bits, bytes_per_line, colours = (
        header[0], header[4], header[5], header[7], header[11], header[12], header[19]
    )  # fmt: skip
    formats = {32: QImage.Format.Format_RGB32, 24: QImage.Format.Format_BGR888}
    assert bits in formats, f"{path}: {bits}-bit pixels"
    assert byte_order == 0, f"{path}: not least significant byte first"
    start = size + 12 * colours
    pixels = data[start : start + bytes_per_line * height]
    return QImage(pixels, width, height, bytes_per_line, formats[bits]).copy()


def colours(image: QImage, area: QRect, step: int = 2) -> Counter[str]:
    """How often each colour occurs in `area` (every `step`th pixel each way)."""
    return Counter(
        image.pixelColor(x, y).name().upper()
        for x in range(area.left(), area.right(), step)
        for y in range(area.top(), area.bottom(), step)
    )


def unlisted(missing: list[str], listed: list[str]) -> dict[str, str]:
    """The missing libraries whose Debian package `listed` does not name, with that package."""
    packages = {soname: debian_package(soname) for soname in missing}
    return {soname: package for soname, package in packages.items() if package not in listed}


def test_the_package_list_names_every_xcb_library_this_machine_lacks():
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb plugin is Linux's")
    if shutil.which("ldd") is None:
        pytest.skip("ldd not found: it lists what the xcb plugin cannot load")
    unlisted_here = unlisted(missing_libraries(), listed_xcb_packages())
    assert not unlisted_here, (
        f"docs/xcb-packages.txt is incomplete: the xcb plugin cannot load "
        f"{sorted(unlisted_here)}; add {sorted(set(unlisted_here.values()))} (Debian names)"
    )


def test_a_missing_library_the_list_does_not_name_is_reported_by_package():
    listed = listed_xcb_packages()
    missing = ["libxcb-icccm.so.4", "libxkbcommon-x11.so.0", "libxcb-xinerama.so.0", "libGL.so.1"]
    assert unlisted(missing, listed) == {
        "libxcb-xinerama.so.0": "libxcb-xinerama0",
        "libGL.so.1": "libgl1",
    }


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`; fail instead where CI installed everything (REQUIRE)."""
    if os.environ.get("SCALEDECK_REQUIRE_DESKTOP") == "1":
        pytest.fail(f"SCALEDECK_REQUIRE_DESKTOP=1 but {reason}")
    pytest.skip(reason)


def test_the_dashboard_on_a_real_x_display(tmp_path):
    if not sys.platform.startswith("linux"):
        skip_or_fail("the X11 desktop test runs on Linux")
    absent = [tool for tool in TOOLS if shutil.which(tool) is None]
    if absent:
        packages = " ".join(sorted({TOOLS[t] for t in absent}))
        skip_or_fail(f"{', '.join(absent)} not installed (apt install {packages})")
    missing = missing_libraries()
    if missing:
        packages = " ".join(debian_package(s) for s in missing)
        skip_or_fail(f"the xcb plugin cannot load {missing} (apt install {packages})")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # xcb, as users run
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", SCREEN, sys.executable, str(HERE / "real_desktop.py"), str(tmp_path)],
        capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=env,
    )  # fmt: skip
    assert done.returncode == 0, f"xvfb-run failed: {done.stderr[-2000:]}"
    seen = json.loads((tmp_path / "seen.json").read_text())
    assert seen["log"] == "", f"the app's log is not clean:\n{seen['log']}"
    assert "killed" not in seen, "Ctrl+Q did not quit it"
    assert seen["exit_code"] == 0
    assert seen["title"] == "ScaleDeck - Baseline"
    assert seen["title_after_key"] == "ScaleDeck - Baseline (modified)"  # the key reached it
    assert seen["title_after_undo"] == "ScaleDeck - Baseline"
    where = seen["geometry"]
    assert (where["width"], where["height"]) == (DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
    window = QRect(where["x"], where["y"], where["width"], where["height"])
    before, after = (read_xwd(tmp_path / seen[name]) for name in ("before", "after"))
    before.save(str(tmp_path / "before.png"))  # to look at when it fails
    after.save(str(tmp_path / "after.png"))
    shown = colours(before, window)
    assert len(shown) > 100, f"the window is nearly blank: {shown.most_common(5)}"
    providers = [name for name, c in PROVIDER_COLORS.items() if shown[c.upper()] > 20]
    assert providers == list(PROVIDER_COLORS), f"not every provider's colour on screen: {providers}"
    controls = QRect(window.x(), window.y(), 300, window.height() // 3)  # the scale slider
    assert colours(before, controls, 1) != colours(after, controls, 1), "the slider did not move"
