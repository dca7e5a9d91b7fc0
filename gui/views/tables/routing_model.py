"""Deprecated until 0.3: moved to `gui.editors.routing_model` (docs/testing.md, "Changes")."""

from gui.testing.moved import forward

forward(__name__, "gui.editors.routing_model", globals())
