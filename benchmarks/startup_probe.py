"""Start the app, paint the first window, print resident memory (MB); timed from outside."""

import os
import resource

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import core
from gui.app import application, show_main_window


def peak_resident_mb() -> float:
    """This process's peak resident memory in MB.

    /proc's VmHWM belongs to this program's own memory map; `ru_maxrss` also counts the
    parent's memory at the fork before exec (a benchmark that has run the GUI for minutes
    made a 150 MB start look like 250 MB).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


application()
window = show_main_window(core.default_scenario())
window.repaint()
print(peak_resident_mb())
