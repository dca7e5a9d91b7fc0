"""A copyable table whose first columns stay in place while the others scroll.

Compare's every-year table scrolled its Measure and Scenario columns away at 1280x720 and
in presentation mode: in a meeting nobody knew which row was which. Qt has no frozen
columns; its classic way is a second view over the table's left edge that shares the
table's model and selection, which `FrozenOverlay` is. The table keeps the keyboard,
Copy and the screen reader's one table: the overlay takes no focus, its clicks and wheel
go to the table, and it tells assistive technology nothing.

The scroll bar moves the other columns one whole column at a time, the first of them
just right of the frozen ones, so none is cut at their edge (Qt's own per-item scroll
starts at the table's left edge, behind the overlay). Columns are never moved or hidden.
"""

from PySide6.QtCore import QAbstractItemModel, QItemSelection, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QTableView,
    QWidget,
)

from gui.dialogs.compare_table import CopyTable
from gui.views.tables.frame_model import Index

OFF = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
ScrollHint = QAbstractItemView.ScrollHint


class FrozenOverlay(QTableView):
    """The frozen columns, drawn over the table's left edge; the table does all the rest.

    Its other columns, as wide as the table's, lie outside it and are never drawn.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.setObjectName(f"{table.objectName()}Frozen")
        self.table = table
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no second Tab stop
        self.setFocusProxy(table)  # a click focuses the table; its current cell ringed here too
        self.setTabKeyNavigation(False)
        self.setAutoScroll(False)  # moved by the table only, never to a cell it cannot show
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(OFF)
        self.setVerticalScrollBarPolicy(OFF)
        self.verticalHeader().hide()
        self.setEditTriggers(table.editTriggers())
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setWordWrap(table.wordWrap())
        header, own = table.horizontalHeader(), self.horizontalHeader()
        own.setHighlightSections(header.highlightSections())  # the current column's name bold
        own.setDefaultAlignment(header.defaultAlignment())
        own.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # sized by the table alone

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The table scrolls, this with it."""
        QApplication.sendEvent(self.table.viewport(), event)

    def currentChanged(self, current: Index, previous: Index) -> None:
        """Repaint both cells, without QTableView's event to a screen reader: the table sends it."""
        QAbstractItemView.currentChanged(self, current, previous)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        """Repaint the cells, without QTableView's event to a screen reader: the table sends it."""
        QAbstractItemView.selectionChanged(self, selected, deselected)


class FrozenTable(CopyTable):
    """A `CopyTable` whose first `frozen` columns stay in sight, in an overlay kept in step.

    The horizontal scroll bar counts the other columns: at value n the (frozen + n)th
    column is the first shown beside the frozen ones.
    """

    def __init__(
        self, name: str, words: str, parent: QWidget, frozen: int = 2, header_lines: int = 2
    ) -> None:
        super().__init__(name, words, parent, header_lines)
        self.frozen = frozen
        self.overlay = FrozenOverlay(self)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)  # a column a step
        ours, theirs = self.verticalScrollBar(), self.overlay.verticalScrollBar()
        ours.valueChanged.connect(theirs.setValue)
        theirs.valueChanged.connect(ours.setValue)
        theirs.rangeChanged.connect(lambda *_: theirs.setValue(ours.value()))

    def frozen_widths(self) -> list[int]:
        """Each frozen column's width on screen: the table's, or narrower in proportion.

        Narrower where they would leave no room beside them for the widest other column,
        whole (a long scenario name in presentation mode covered every year), but never
        narrower in all than half the table.
        """
        header, shown = self.horizontalHeader(), self.viewport().width()
        widths = [header.sectionSize(c) for c in range(min(self.frozen, header.count()))]
        others = [header.sectionSize(c) for c in range(self.frozen, header.count())]
        room = max(shown - max(others, default=0), shown // 2)
        return widths if sum(widths) <= room else [w * room // sum(widths) for w in widths]

    def frozen_width(self) -> int:
        """The overlay's width: where the scrolled columns start."""
        return sum(self.frozen_widths())

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Show `model` here and in the overlay, which follows this table's selection."""
        super().setModel(model)
        self.overlay.setModel(model)
        own = self.overlay.selectionModel()
        self.overlay.setSelectionModel(self.selectionModel())
        if own is not None:
            own.deleteLater()

    def updateGeometries(self) -> None:
        """Qt's, then the scroll bar's range, the scrolled columns' place and the overlay.

        Qt calls it on every change of size: the table's, a column's, a row's, the names'.
        Its range counts columns from the table's left edge, fewer than the scrolled ones:
        the scroll bar's value is kept from before, not cut to it.
        """
        bar = self.horizontalScrollBar()
        step = bar.value()
        super().updateGeometries()
        widths = self.frozen_widths()
        bar.setRange(0, self._last_step(sum(widths)))
        bar.setValue(step)  # within the range
        self._pin(sum(widths))
        self._place_overlay(widths)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Qt's scroll, then the first scrolled column moved out from behind the overlay."""
        super().scrollContentsBy(dx, dy)
        if dx:
            self._pin(self.frozen_width())

    def scrollTo(self, index: Index, hint: ScrollHint = ScrollHint.EnsureVisible) -> None:
        """Qt's scroll for the row; for the column, as little as shows it beside the frozen ones.

        A frozen column is always in sight: it scrolls nothing sideways.
        """
        step = self._step_showing(index.column()) if index.isValid() else None
        super().scrollTo(index, hint)
        if step is not None:
            self.horizontalScrollBar().setValue(step)  # Qt's own step counts from the left edge

    def _step_showing(self, column: int) -> int:
        """The scroll bar's value that shows `column` whole, nearest the present one."""
        header, step = self.horizontalHeader(), self.horizontalScrollBar().value()
        if column < self.frozen:
            return step
        left = header.sectionViewportPosition(column)
        if left < self.frozen_width():
            return column - self.frozen
        right, room = left + header.sectionSize(column), self.viewport().width()
        last = self.horizontalScrollBar().maximum()
        while right > room and step < last:  # a column at a time, as little as it takes
            right -= header.sectionSize(self.frozen + step)
            step += 1
        return step

    def _last_step(self, frozen_width: int) -> int:
        """The scroll bar's end: the last column whole, as many before it as fit beside it."""
        header = self.horizontalHeader()
        room = self.viewport().width() - frozen_width
        fitting, width = 0, 0
        for column in reversed(range(self.frozen, header.count())):
            width += header.sectionSize(column)
            if width > room:
                break
            fitting += 1
        return max(header.count() - self.frozen - max(fitting, 1), 0)

    def _pin(self, frozen_width: int) -> None:
        """Put the first scrolled column just right of the frozen ones."""
        header = self.horizontalHeader()
        offset = 0
        if header.count() > self.frozen:
            first = min(self.frozen + self.horizontalScrollBar().value(), header.count() - 1)
            offset = header.sectionPosition(first) - frozen_width
        if header.offset() != offset:
            header.setOffset(offset)
            self.viewport().update()

    def _place_overlay(self, widths: list[int]) -> None:
        """Lay the overlay over the frozen columns and their names, each size as on screen.

        A reset model resets the overlay's sizes after the table's were fitted: all are
        copied again here, the table's layout coming after any reset.
        """
        header, overlay = self.horizontalHeader(), self.overlay
        for column in range(header.count()):
            width = widths[column] if column < len(widths) else header.sectionSize(column)
            if overlay.columnWidth(column) != width:
                overlay.setColumnWidth(column, width)
        for row in range(self.verticalHeader().count()):
            if overlay.rowHeight(row) != self.rowHeight(row):
                overlay.setRowHeight(row, self.rowHeight(row))
        viewport = self.viewport().geometry()
        overlay.horizontalHeader().setFixedHeight(header.height())
        overlay.setGeometry(
            viewport.x(), header.y(), sum(widths), header.height() + viewport.height()
        )
        overlay.raise_()
