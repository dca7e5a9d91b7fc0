"""Qt's own model tester over every item model of the window and of each dialog it opens.

`QAbstractItemModelTester` checks a model's answers (flags, data, parents, row counts)
and every reset or change signal it sends; in Warning mode a broken rule is a Qt
warning, which fails the test (`qt_log_level_fail = "WARNING"`). It caught the year
grids' `flags()` calling an invalid index selectable and enabled.
"""

import pytest
import shiboken6
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QComboBox

from gui.testing.testkit import set_control, set_share, trigger, wait_idle

WARN = QAbstractItemModelTester.FailureReportingMode.Warning


class ModelTesters:
    """One tester per model found, kept alive until the end of the test."""

    def __init__(self) -> None:
        self.tested: dict[int, QAbstractItemModel] = {}
        self.testers: list[QAbstractItemModelTester] = []
        self.answered: list[str] = []  # models that gave data for the invalid index

    def attach(self, places: list[QObject]) -> list[str]:
        """Test every model in `places` not tested yet; their class names.

        Qt 6's tester no longer asks an invalid index for data; this does (`answered`).
        """
        new = []
        for model in _models(places):
            if id(model) not in self.tested:
                self.tested[id(model)] = model
                self.testers.append(QAbstractItemModelTester(model, WARN))
                new.append(type(model).__name__)
                if model.data(QModelIndex()) is not None:
                    self.answered.append(type(model).__name__)
        return new

    def release(self) -> None:
        """Delete the testers: a model being destroyed must not report to a live one."""
        for tester in self.testers:
            shiboken6.delete(tester)
        self.testers.clear()


@pytest.fixture
def testers():
    """Testers deleted before the window goes, even when the test fails."""
    kept = ModelTesters()
    yield kept
    kept.release()


def _models(places: list[QObject]) -> list[QAbstractItemModel]:
    """The models of every item view and combo box, and every model parented in `places`."""
    found: list[QAbstractItemModel] = []
    for place in places:
        found += place.findChildren(QAbstractItemModel)
        found += [v.model() for v in place.findChildren(QAbstractItemView) if v.model() is not None]
        found += [c.model() for c in place.findChildren(QComboBox)]
    return found


def _small_files(tmp_path):
    trace, usage = tmp_path / "trace.csv", tmp_path / "usage.csv"
    trace.write_text(
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        + "".join(f"2024-01-01 00:0{m}:00,100,10\n" for m in range(4))
    )
    usage.write_text(
        "month,product,input_tokens,output_tokens\n"
        + "".join(f"2025-0{m}-01,GitHub Copilot,{m}000,0\n" for m in range(1, 5))
    )
    return trace, usage


def _open_everything(window, tmp_path) -> list[QObject]:
    trace, usage = _small_files(tmp_path)
    return [
        window,
        window.show_compare(),
        window.show_analysis(),
        window.show_plan(),
        window.show_catalog(),
        window.show_price_update(),
        window.import_trace(trace),
        window.import_usage(usage),
    ]


def _edit_everything(window) -> None:
    """A slider, a routing share, the year, a build plan's cell, a fork and a switch."""
    set_control(window, "scaleSlider", 6.0)
    set_share(window, "Copilot consumer", "MAI-2", 40)
    set_control(window, "yearSlider", 2028)
    plan = window.tables.plan_page
    assert plan.start_plan()
    model = plan.table.model()
    assert model.setData(model.index(2, 0), "5000")
    year_routing = plan.year_routing.table.model()
    assert year_routing.setData(year_routing.index(3, 0), "30") in (True, False)
    trigger(window, "forkAction")
    window.document.switch(window.document.book.baseline.name)
    wait_idle(window)


def test_every_item_model_keeps_qt_s_rules_through_edits(window, tmp_path, testers):
    places = _open_everything(window, tmp_path)
    names = testers.attach(places)
    for expected in (
        "RoutingTableModel",
        "InputsTableModel",
        "FrameModel",
        "BuildPlanModel",
        "YearRoutingModel",
        "RoutingHeatModel",
        "CatalogRows",
    ):
        assert expected in names
    _edit_everything(window)
    testers.attach(places)  # models made by the edits (a new tab's, a new combo's)
    assert testers.answered == []
    testers.release()  # before the dialogs close: their models go with them
    for place in places[1:]:
        place.close()
