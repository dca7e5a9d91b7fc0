"""Tables that never cut a name or a number: one behaviour for every table of the window.

`fit_columns(view)` gives a table a `FittedHeader`: each column is as wide as its widest
cell and its name wrapped onto at most `lines` lines (whole words), within limits: a
column of prose (a source) is capped at `TEXT_COLUMN_CHARS` characters and its cells
wrap. Room to spare is shared out, first to the capped columns. A name still too long
for its column (the user narrowed it) is elided line by line, its tooltip the full name.

Work stays off a slider's path: widths wanted are measured when the model is reset or
the table shown; a changed cell only checks the rows on screen and widens its column
when its text no longer fits; row heights follow a capped column once resizing pauses.
"""

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    SignalInstance,
)
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView, QToolTip

TEXT_COLUMN_CHARS = 48  # a column of prose (a source, a note) wraps at about this many characters
ROWS_PAUSE_MS = 120  # rows are measured again once a resize pauses this long (~1 ms a row)
Index = QModelIndex | QPersistentModelIndex
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def wrapped(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """`text` broken at its own line ends, then at spaces so each line fits `width` if it can."""
    lines: list[str] = []
    for hard in text.split("\n"):
        line = ""
        for word in hard.split():
            joined = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(joined) > width:
                lines.append(line)
                joined = word
            line = joined
        lines.append(line)
    return lines


def fitted_lines(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """`text` wrapped to `width` in at most `most` lines, a line too long elided with '…'."""
    lines = wrapped(text, metrics, width)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    mode = Qt.TextElideMode.ElideRight
    return [
        line if metrics.horizontalAdvance(line) <= width else metrics.elidedText(line, mode, width)
        for line in lines
    ]


def narrowest_width(text: str, metrics: QFontMetrics, most: int) -> int:
    """The least width at which `text` wraps whole onto at most `most` lines (no word cut)."""
    words = [hard.split() for hard in text.split("\n")]
    runs = {
        metrics.horizontalAdvance(" ".join(line[i:j]))
        for line in words
        for i in range(len(line))
        for j in range(i + 1, len(line) + 1)
    }
    longest_word = max((metrics.horizontalAdvance(w) for line in words for w in line), default=0)
    for width in sorted(r for r in runs if r >= longest_word):
        if len(wrapped(text, metrics, width)) <= most:
            return width
    return max(runs, default=0)


def shared_out(floors: dict[int, int], wants: dict[int, int], room: int) -> dict[int, int]:
    """Each column's width: its floor, plus the room left over.

    The room goes first to the capped columns, in proportion to what they lack, then evenly.
    """
    widths = dict(floors)
    spare = room - sum(widths.values())
    lacking = {c: wants[c] - widths[c] for c in widths if wants[c] > widths[c]}
    if spare > 0 and lacking:
        given = min(spare, sum(lacking.values()))
        for c, lack in lacking.items():
            widths[c] += given * lack // sum(lacking.values())
        spare = room - sum(widths.values())
    if spare > 0 and widths:
        each, odd = divmod(spare, len(widths))
        for i, c in enumerate(widths):
            widths[c] += each + (1 if i < odd else 0)
    return widths


class FittedHeader(QHeaderView):
    """A table's column header: sizes its columns to their contents, wraps and elides names."""

    def __init__(self, view: QTableView, lines: int) -> None:
        super().__init__(Qt.Orientation.Horizontal, view)
        self.view, self.lines = view, max(lines, 1)
        self.setSectionsClickable(True)  # as a table's own header: a click selects the column
        self.setHighlightSections(True)
        self._model: QAbstractItemModel | None = None
        self._wants: dict[int, int] | None = None  # None: to be measured
        self._texts: dict[tuple[str, int], list[str]] = {}  # (name, width) -> lines shown
        self._narrowest: dict[str, int] = {}
        # Rows are measured once resizing or editing pauses: a restarted single shot, owned
        # by the header. QTimer.singleShot's own timer had no parent and outlived a closed
        # table, running, which the testers' leak guard reported now and then.
        self._rows_timer = QTimer(self)
        self._rows_timer.setObjectName("rowsMeasureTimer")
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(ROWS_PAUSE_MS)
        self._rows_timer.timeout.connect(self.view.resizeRowsToContents)
        view.verticalScrollBar().valueChanged.connect(self._scrolled)

    # The names ---------------------------------------------------------------------
    def full_text(self, section: int) -> str:
        """The column's whole name as its model gives it."""
        value = self._model.headerData(section, self.orientation()) if self._model else None
        return "" if value is None else str(value)

    def shown_lines(self, section: int) -> list[str]:
        """The lines drawn in `section` at its present width."""
        key = (self.full_text(section), self._text_width(section))
        if key not in self._texts:
            self._texts[key] = fitted_lines(*key[:1], self.name_metrics(), key[1], self.lines)
        return self._texts[key]

    def is_elided(self, section: int) -> bool:
        """Whether part of the name is hidden (wrapping at spaces hides nothing)."""
        return " ".join(self.shown_lines(section)).split() != self.full_text(section).split()

    def tooltip(self, section: int) -> str:
        """The model's tooltip; with the full name first when the name is elided."""
        own = self._model.headerData(section, self.orientation(), TOOLTIP) if self._model else None
        own_text = "" if own is None else str(own)
        full = " ".join(self.full_text(section).split())
        if not self.is_elided(section) or full in " ".join(own_text.split()):
            return own_text
        return f"{full}\n{own_text}".strip()

    def name_width(self, section: int) -> int:
        """The width the name needs, wrapped onto at most `lines` lines, margins included."""
        text = self.full_text(section)
        if text not in self._narrowest:
            self._narrowest[text] = narrowest_width(text, self.name_metrics(), self.lines)
        return self._narrowest[text] + 2 * self._margin()

    def name_metrics(self) -> QFontMetrics:
        """The bold font's: Qt draws the name of a column holding the current cell in bold."""
        font = QFont(self.font())
        font.setBold(True)
        return QFontMetrics(font)

    def _margin(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)

    def _text_width(self, section: int) -> int:
        return max(self.sectionSize(section) - 2 * self._margin(), 1)

    # Qt's hooks --------------------------------------------------------------------
    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:
        """Qt's option for the section, with the wrapped and elided name."""
        super().initStyleOptionForIndex(option, logicalIndex)
        option.text = "\n".join(self.shown_lines(logicalIndex))

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        """The name's width wrapped as narrow as `lines` allow; its height at today's width."""
        width = self.name_width(logicalIndex)
        lines = max(len(self.shown_lines(logicalIndex)), 1)
        return QSize(width, lines * self.name_metrics().lineSpacing() + 2 * self._margin() + 2)

    def viewportEvent(self, event: QEvent) -> bool:
        """A tooltip that names the column in full when its name is elided."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            section = self.logicalIndexAt(event.pos())
            text = self.tooltip(section) if section >= 0 else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Another font (presentation mode): every name and column is measured again."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._texts.clear()
            self._narrowest.clear()
            self._measure_again()
        super().changeEvent(event)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Watch the new model: its columns are measured again when it changes."""
        if self._model is not None:
            for signal in self._reshaped(self._model):
                signal.disconnect(self._measure_again)
            self._model.dataChanged.disconnect(self._cells_changed)
        super().setModel(model)
        self._model = model
        if model is not None:
            for signal in self._reshaped(model):
                signal.connect(self._measure_again)
            model.dataChanged.connect(self._cells_changed)
        self._measure_again()

    @staticmethod
    def _reshaped(model: QAbstractItemModel) -> tuple[SignalInstance, ...]:
        return (
            model.modelReset,
            model.layoutChanged,
            model.headerDataChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.columnsInserted,
            model.columnsRemoved,
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A wider or narrower table shares its room out again."""
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        """A table shown again is fitted to what changed while it was hidden."""
        super().showEvent(event)
        self.fit()

    # The widths --------------------------------------------------------------------
    def _measure_again(self, *_args: object) -> None:
        self._wants = None
        self.fit()

    def _cells_changed(self, top_left: Index, bottom_right: Index, _roles: object = ()) -> None:
        """Changed cells widen their column when their text no longer fits."""
        if not self.isVisible() or self._wants is None:
            self._wants = None  # measured when shown
            return
        columns = range(top_left.column(), bottom_right.column() + 1)
        if any(self._wants.get(c, 0) > self.sectionSize(c) for c in columns):
            self._measure_rows_later()  # a capped column's text may wrap onto more lines
        self._grow_to_rows_shown(columns)

    def _scrolled(self, _value: int) -> None:
        self._grow_to_rows_shown(range(self.count()))

    def _grow_to_rows_shown(self, columns: range) -> None:
        """Measure again if a cell on screen is wider than its column (a capped one wraps)."""
        model, view, wants = self._model, self.view, self._wants
        if model is None or wants is None or not self.isVisible():
            return
        first, last = max(view.rowAt(0), 0), view.rowAt(view.viewport().height())
        last = model.rowCount() - 1 if last < 0 else last
        metrics = view.fontMetrics()
        style = view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view)
        icon = view.iconSize().width()
        icon = icon if icon > 0 else style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        for c in (c for c in columns if wants.get(c, 0) <= self.sectionSize(c)):
            room = self.sectionSize(c) - 2 * (margin + 1)  # Qt's text margin in a cell
            for r in range(first, last + 1):
                index = model.index(r, c)
                text = model.data(index)
                # A cell's icon (a plan's lock) takes its width and a margin from the text.
                beside = 0
                if model.data(index, Qt.ItemDataRole.DecorationRole) is not None:
                    beside = icon + 2 * (margin + 1)
                if text is not None and metrics.horizontalAdvance(str(text)) > room - beside:
                    self._measure_again()
                    return

    def fit(self) -> None:
        """Each column as wide as it needs (within limits), room to spare shared out."""
        if self._model is None or not self.isVisible():
            return  # a hidden table is fitted when shown: no work on a slider's path
        shown = [c for c in range(self.count()) if not self.isSectionHidden(c)]
        if self._wants is None or set(self._wants) != set(shown):
            self._wants = {c: self._wanted(c) for c in shown}
        wants = self._wants
        cap = TEXT_COLUMN_CHARS * self.fontMetrics().averageCharWidth()
        floors = {c: max(min(wants[c], cap), self.name_width(c)) for c in shown}
        widths = shared_out(floors, wants, self.width())
        changed = [c for c, w in widths.items() if self.sectionSize(c) != w]
        for c in changed:
            self.resizeSection(c, widths[c])
        if changed and any(wants[c] > widths[c] for c in shown):
            self._measure_rows_later()  # a capped column's text wraps onto more or fewer lines

    def _wanted(self, section: int) -> int:
        """The width of the widest cell or of the wrapped name, with a character to spare."""
        cells = self.view.sizeHintForColumn(section)
        return max(cells, self.name_width(section)) + self.fontMetrics().averageCharWidth()

    def natural_width(self) -> int:
        """The table's width with every column whole: frame, row names and scroll bar too."""
        view = self.view
        columns = sum(self._wanted(c) for c in range(self.count()) if not self.isSectionHidden(c))
        rows = 0 if view.verticalHeader().isHidden() else view.verticalHeader().sizeHint().width()
        bar = view.verticalScrollBar().sizeHint().width()
        return columns + rows + bar + 2 * view.frameWidth()

    def _measure_rows_later(self) -> None:
        """Row heights to their wrapped text, once resizing or editing pauses."""
        if self.view.wordWrap():
            self._rows_timer.start()


def fit_columns(view: QTableView, lines: int = 2) -> FittedHeader:
    """Give `view` the fitted header (one behaviour for every table): see the module's words."""
    header = FittedHeader(view, lines)
    view.setHorizontalHeader(header)
    return header
