"""Deprecated until 0.3: moved to `gui.editors.result_tabs` (docs/testing.md, "Changes")."""

from gui.testing.moved import forward

forward(__name__, "gui.editors.result_tabs", globals())
