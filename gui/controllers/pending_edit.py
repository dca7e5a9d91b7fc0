"""A value still being typed reaches the document before anything saves, closes or switches.

A table cell's editor and a slider's value box apply what was typed only when they lose
focus (or on Enter). A shortcut (Ctrl+S, Ctrl+Q), a menu or a tool button takes no focus:
the file was saved without the typed value, a close dropped it, and a Fork or Delete on
the scenario bar let it land later in whichever scenario was on screen then. As Excel
does, every such command first commits the open edit (`commit_pending_edit`).
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QWidget,
)


def commit_pending_edit() -> None:
    """Commit what is typed in the focused editor, as leaving it would; keep the focus there.

    An item view's open editor is committed and closed (focus back on its view); a value
    or spin box loses focus and gets it back, so it reads its text (`editingFinished`).
    Anything else is left alone: it applied its value when it was changed.
    """
    focus = QApplication.focusWidget()
    if focus is None:
        return
    found = _open_item_editor(focus)
    if found is not None:
        view, editor = found
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    elif isinstance(focus, QLineEdit | QAbstractSpinBox):
        focus.clearFocus()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)


def _open_item_editor(focus: QWidget) -> tuple[QAbstractItemView, QWidget] | None:
    """The item view editing and its editor (`focus` or the editor holding it), if any."""
    widget: QWidget | None = focus
    while widget is not None:
        parent = widget.parentWidget()
        view = parent.parentWidget() if parent is not None else None
        if (
            isinstance(view, QAbstractItemView)
            and parent is view.viewport()
            and view.state() == QAbstractItemView.State.EditingState
        ):
            return view, widget
        widget = parent
    return None
