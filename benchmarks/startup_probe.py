"""Start the app, paint the first window, print resident memory (MB); timed from outside."""

import os
import resource

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import core
from gui.app import application
from gui.main_window import MainWindow

app = application()
window = MainWindow(core.default_scenario())
window.resize(1600, 1000)
window.show()
app.processEvents()
window.repaint()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
