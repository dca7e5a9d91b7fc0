"""Deprecated until 0.3: moved to `gui.editors.plan_tab` (docs/testing.md, "Changes")."""

from gui.testing.moved import forward

forward(__name__, "gui.editors.plan_tab", globals())
