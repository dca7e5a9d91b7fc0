"""Deprecated: the pytest plugin is `gui.testing.pytest_plugin` (docs/testing.md, "Changes").

pip's entry point loads the new module by itself; this name serves suites that list the
old one in `pytest_plugins` or `-p`.
"""

from gui.testing.moved import forward

forward(__name__, "gui.testing.pytest_plugin", globals())
