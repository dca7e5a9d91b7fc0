"""The window's commands as data: one table (`table.COMMANDS`) builds menus and shortcuts.

`python -m gui.commands --markdown` prints docs/commands.md from the same tables.
"""
