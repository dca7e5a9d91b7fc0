"""Deprecated until 0.3: moved to `gui.editors.year_routing_model` (docs/testing.md, "Changes")."""

from gui.testing.moved import forward

forward(__name__, "gui.editors.year_routing_model", globals())
