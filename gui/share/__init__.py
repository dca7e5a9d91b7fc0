"""Sharing what the window shows: the executive brief (PDF) and stamped images (PNG, SVG).

The export commands that ask where to write live in `gui.controllers.export_controller`;
the headless CLI (`scaledeck report`, `scaledeck screenshot`) draws through here too.
"""
