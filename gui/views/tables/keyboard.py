"""Tables and lists a keyboard passes through, named in words for a screen reader."""

from PySide6.QtWidgets import QAbstractItemView


def keyboard_table(view: QAbstractItemView, words: str) -> None:
    """Tab and Shift+Tab go on to the next control; the arrow keys move between cells.

    QTableView takes Tab for itself: Tab went round a table's cells for ever, and the
    buttons after it (Add, Copy, Apply) were out of reach. A screen reader names the view
    by `words`, what it holds; its objectName is for testers, not for reading out.
    """
    view.setTabKeyNavigation(False)
    view.setAccessibleName(words)
