"""The testers' kit: the pytest plugin and the helpers that drive the window."""
