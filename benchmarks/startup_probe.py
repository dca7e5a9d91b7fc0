"""Start the app, paint the first window, print resident memory (MB); timed from outside."""

import os
import resource

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import core
from gui.app import application, show_main_window

application()
window = show_main_window(core.default_scenario())
window.repaint()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
