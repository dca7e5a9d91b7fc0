"""The windows the dashboard opens on demand: Compare, Analysis, plan, catalog, imports.

Each is made when asked for, its module imported only then: Compare brings pandas
(~0.15 s, ~40 MB) and Analysis and the plan scipy (~0.3 s, ~40 MB), which a first
window does not need. Asking again replaces the one open (it is closed first), and
`opened` announces each new one, so the window can connect its charts' exports.
"""

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from gui.document import ScenarioDocument

if TYPE_CHECKING:
    from gui.dialogs.analysis.window import AnalysisWindow
    from gui.dialogs.catalog_dialog import CatalogDialog, PriceUpdateDialog
    from gui.dialogs.compare_view import CompareDialog
    from gui.dialogs.imports.trace import TraceImportDialog
    from gui.dialogs.imports.usage import UsageImportDialog
    from gui.dialogs.plan.window import PlanWindow
    from gui.dialogs.promise_cost import PromiseCostDialog

WindowT = TypeVar("WindowT", bound=QWidget)
REMOVED_IN = "0.3"  # the release after the one that announced the change


class DialogHolder(QObject):
    """Creates each dialog lazily, keeps the open one of each kind, replaces it when asked."""

    opened = Signal(QWidget)  # a new dialog is on screen

    def __init__(self, document: ScenarioDocument, window: QWidget) -> None:
        super().__init__(window)
        self._doc, self._window = document, window
        self._open: dict[str, QWidget] = {}  # by objectName

    def current(self, name: str) -> QWidget | None:
        """The open dialog called `name` (e.g. "planWindow"), if any."""
        dialog = self._open.get(name)
        return dialog if dialog is not None and shiboken6.isValid(dialog) else None

    def compare(self) -> "CompareDialog":
        """Edit > Compare scenarios…: the compare view on the workbook as it is now."""
        from gui.dialogs.compare_view import CompareDialog

        return self._replace(CompareDialog(self._doc, self._window))

    def analysis(self) -> "AnalysisWindow":
        """Analysis > Recommended routing, sensitivity, Monte Carlo… on the scenario on screen."""
        from gui.dialogs.analysis.window import AnalysisWindow

        return self._replace(AnalysisWindow(self._doc, self._window))

    def plan(self) -> "PlanWindow":
        """Analysis > Recommend a plan… on the scenario on screen."""
        from gui.dialogs.plan.window import PlanWindow

        return self._replace(PlanWindow(self._doc, self._window))

    def catalog(self) -> "CatalogDialog":
        """Models > Add partner from catalog… (the catalog loads on first use, ~0.2 s)."""
        from gui.dialogs.catalog_dialog import CatalogDialog

        return self._replace(CatalogDialog(self._doc, self._window))

    def price_update(self) -> "PriceUpdateDialog":
        """Models > Update prices from catalog…: old and new prices, applied when ticked."""
        from gui.dialogs.catalog_dialog import PriceUpdateDialog

        return self._replace(PriceUpdateDialog(self._doc, self._window))

    def promise_cost(self) -> "PromiseCostDialog":
        """Models > What a promise costs…: one in-house model's serving frontier per product."""
        from gui.dialogs.promise_cost import PromiseCostDialog

        return self._replace(PromiseCostDialog(self._doc, self._window))

    def import_trace(self, path: Path | None = None) -> "TraceImportDialog | None":
        """Products > Import trace…: read a trace (asking for it without `path`), preview it."""
        from gui.dialogs.imports.trace import import_trace

        dialog = import_trace(self._doc, self._window, path)
        return None if dialog is None else self._replace(dialog)

    def import_usage(self, path: Path | None = None) -> "UsageImportDialog | None":
        """Products > Import usage history…: fit a monthly table (asked for), preview it."""
        from gui.dialogs.imports.usage import import_usage

        dialog = import_usage(self._doc, self._window, path)
        return None if dialog is None else self._replace(dialog)

    def _replace(self, new: WindowT) -> WindowT:
        """Show `new` in place of the open one of its kind (closed first)."""
        old = self.current(new.objectName())
        if old is not None:
            old.close()
        self._open[new.objectName()] = new
        self.opened.emit(new)
        new.show()
        return new


class HasDialogs(Protocol):
    """A window whose dialogs a `DialogHolder` keeps."""

    dialogs: DialogHolder


class OldDialogAttribute:
    """0.1's `window.plan_window` and the like: the open dialog, with a DeprecationWarning.

    The window kept one attribute per dialog; `window.dialogs.current(objectName)` is
    the one way now (docs/testing.md, "Changes"). Kept for one release.
    """

    def __init__(self, name: str) -> None:
        self.name = name  # the dialog's objectName
        self.attribute = ""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, window: HasDialogs, owner: type | None = None) -> QWidget | None:
        warnings.warn(
            f"window.{self.attribute} is deprecated and will be removed in ScaleDeck "
            f"{REMOVED_IN}; use window.dialogs.current({self.name!r})",
            DeprecationWarning,
            stacklevel=2,
        )
        return window.dialogs.current(self.name)
