"""Dialogs: windows beside the dashboard (Compare, Analysis)."""
