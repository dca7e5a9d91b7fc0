"""Deprecated: the pytest plugin is `gui.testing.pytest_plugin` (docs/testing.md, "Changes").

pip's entry point (`scaledeck`) loads the new module by itself; this name serves suites
that list the old one in `pytest_plugins` or `-p`. Naming the new module there as well
registers it twice, and pytest stops ("Plugin already registered under a different
name"): the warning says to drop the name, not to rename it.
"""

from gui.testing.moved import forward

forward(
    __name__,
    "gui.testing.pytest_plugin",
    globals(),
    "drop it from -p and pytest_plugins: the installed 'scaledeck' entry point loads "
    "gui.testing.pytest_plugin by itself (naming that module too registers it twice)",
)
