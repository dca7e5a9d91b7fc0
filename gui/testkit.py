"""Deprecated: the testers' helpers are in `gui.testing.testkit` (docs/testing.md, "Changes")."""

from gui.testing.moved import forward

forward(__name__, "gui.testing.testkit", globals())
