"""Export commands of the window: ask where, write, and say what was written (or why not)."""

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from core.formats.export import export_results
from core.scenario.messages import write_reason
from gui.controllers.file_controller import message
from gui.document import ScenarioDocument
from gui.share.images import export_image, stamp_line
from gui.style.appearance import appearance
from gui.style.theme import deck_colors
from gui.views.charts.base import Chart

FILTERS = {
    ".png": "PNG image (*.png)",
    ".svg": "SVG image (*.svg)",
    ".xlsx": "Excel workbook (*.xlsx)",
    ".csv": "CSV files (*.csv)",
    ".pdf": "PDF document (*.pdf)",
    ".pptx": "PowerPoint deck (*.pptx)",
}


class ExportController(QObject):
    """Owns every export the window offers; testers call the `*_to` methods with a path."""

    def __init__(self, document: ScenarioDocument, window: QMainWindow) -> None:
        super().__init__(window)
        self._doc, self._window = document, window
        self.folder = Path.home()

    def image_to(self, widget: QWidget, path: Path) -> bool:
        """A chart, or the whole dashboard, to PNG or SVG."""
        return self._run(path, lambda: [export_image(widget, path, stamp_line(self._doc))])

    def results_to(self, path: Path) -> bool:
        """The result tables to XLSX or CSV."""
        doc = self._doc
        return self._run(path, lambda: export_results(doc.scenario, doc.results, path))

    def brief_to(self, path: Path) -> bool:
        """The executive brief to PDF."""
        from gui.share.brief import write_brief  # the PDF layout: imported on first use

        def write() -> list[Path]:
            doc = self._doc
            write_brief(doc.book, doc.current, path, doc.year, doc.reference)  # as on screen
            return [path]

        return self._run(path, write)

    def deck_to(self, path: Path) -> bool:
        """The PowerPoint deck, native charts in the theme's colours."""
        from core.formats.deck import write_deck  # python-pptx: imported on first use

        def write() -> list[Path]:
            doc = self._doc
            write_deck(
                path,
                book=doc.book,
                name=doc.current,
                year=doc.year,
                colors=deck_colors(appearance().theme),
            )
            return [path]

        return self._run(path, write)

    def workbook_to(self, path: Path) -> bool:
        """The finance workbook: every scenario of the file side by side, money as formulas."""
        from core.formats.finance import write_finance_workbook  # openpyxl: on first use

        def write() -> list[Path]:
            write_finance_workbook(self._doc.book.scenarios, path)
            return [path]

        return self._run(path, write)

    def workbook_dialog(self) -> bool:
        """Ask where, then write the finance workbook."""
        path = self._ask("Finance workbook", "finance", ".xlsx")
        return path is not None and self.workbook_to(path)

    def deck_dialog(self) -> bool:
        """Ask where, then write the PowerPoint deck."""
        path = self._ask("PowerPoint deck", "deck", ".pptx")
        return path is not None and self.deck_to(path)

    def offer_chart_exports(self, where: QWidget) -> None:
        """Every chart in `where` exports through `image_dialog` (its menu's PNG / SVG)."""
        for chart in where.findChildren(Chart):
            chart.exportRequested.connect(self.image_dialog)

    def image_dialog(self, widget: QWidget, suffix: str) -> bool:
        """Ask where, then export `widget` as `suffix` (.png or .svg)."""
        path = self._ask(
            f"Export {widget.accessibleName() or 'image'}", widget.objectName(), suffix
        )
        return path is not None and self.image_to(widget, path)

    def results_dialog(self, suffix: str) -> bool:
        """Ask where, then export the result tables as `suffix` (.xlsx or .csv)."""
        path = self._ask("Export results", "results", suffix)
        return path is not None and self.results_to(path)

    def brief_dialog(self) -> bool:
        """Ask where, then write the executive brief."""
        path = self._ask("Executive brief", "brief", ".pdf")
        return path is not None and self.brief_to(path)

    def _ask(self, title: str, what: str, suffix: str) -> Path | None:
        suggested = self.folder / f"{self._doc.current} {what}{suffix}"
        name, _filter = QFileDialog.getSaveFileName(
            self._window, title, str(suggested), FILTERS[suffix]
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _run(self, path: Path, write: Callable[[], Sequence[object]]) -> bool:
        try:
            written = write()
        except (OSError, ValueError) as error:
            reason = write_reason(error) if isinstance(error, OSError) else str(error)
            text = f"{path} could not be written: {reason}."
            message(
                self._window, QMessageBox.Icon.Critical, "exportErrorDialog", "Not exported", text
            )
            return False
        self.folder = path.parent
        extra = f" and {len(written) - 1} more files beside it" if len(written) > 1 else ""
        self._window.statusBar().showMessage(f"Exported {path}{extra}", 8000)
        return True
