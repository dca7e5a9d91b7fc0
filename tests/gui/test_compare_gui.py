"""Compare: every decision row for every year, coloured by meaning, copied and exported."""

import re

import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QPushButton, QTableView
from three_scenarios import LONG, open_three

import core
from core.analysis.compare import HORIZON
from core.scenario.edits import with_changes
from core.summary.direction import change_direction
from gui.style.appearance import appearance


@pytest.fixture
def compare_dialog(scaledeck_window, tmp_path):
    open_three(scaledeck_window, tmp_path)
    dialog = scaledeck_window.show_compare()
    dialog.set_picked(["Baseline", "B200 build", LONG])
    yield dialog
    dialog.close()


def table_text(view: QTableView) -> list[list[str]]:
    model = view.model()
    head = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    body = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    return [head, *body]


def test_every_year_and_every_decision_row_for_each_variant(compare_dialog):
    view = compare_dialog.findChild(QTableView, "compareDecisionsTable")
    head, *rows = table_text(view)
    assert head == ["Measure", "Scenario", "Horizon", *map(str, range(2026, 2032))]
    measures = [row[0] for row in rows if row[0]]
    assert measures[:3] == [
        "Present cost (USD, horizon)",
        "6-year cost (USD)",
        "Peak power (MW, facility)",
    ]
    for label in ("Capex cash (USD/yr)", "GPUs: H100", "GPUs: B200", "External token share"):
        assert label in measures
    for label in ("Risk index (0-100)", "Products missing a latency promise"):
        assert label in measures
    assert "Products under their quality floor" in measures
    assert [row[1] for row in rows[:3]] == ["Baseline", "B200 build", LONG]  # names whole
    present = {
        d.scenario: d for d in compare_dialog.comparison.decisions if d.measure == "pv_cost_usd"
    }
    shocked = present[LONG]
    assert rows[2][2] == f"{shocked.value / 1e9:,.2f}B (+{shocked.delta / 1e9:,.2f}B)"
    assert rows[0][2] == f"{present['Baseline'].value / 1e9:,.2f}B"
    assert rows[0][3] == ""  # a horizon figure has no year
    assert shocked.year == HORIZON


def test_changes_are_coloured_by_what_they_mean(compare_dialog):
    model = compare_dialog.findChild(QTableView, "compareDecisionsTable").model()
    theme = appearance().theme

    def colour(row: int, column: int) -> str | None:
        found = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
        return None if found is None else found.name()

    assert colour(2, 2) == QColor(theme.warning).name()  # present cost up: worse
    assert colour(0, 2) is None  # the reference itself
    rows = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    gpus = rows.index("GPUs")
    assert colour(gpus + 1, 8) is None  # more GPUs: neither better nor worse
    risk = rows.index("Risk index (0-100)")
    risk_2029 = [
        d
        for d in compare_dialog.comparison.decisions
        if d.measure == "risk_index" and d.year == 2029
    ]
    b200 = next(d for d in risk_2029 if d.scenario == "B200 build")
    by_direction = {"better": QColor(theme.good).name(), "worse": QColor(theme.warning).name()}
    direction = change_direction("risk_index", b200.value - b200.delta, b200.value)
    assert colour(risk + 1, 6) == by_direction.get(direction)  # "same": no colour


def test_copy_puts_tab_separated_text_on_the_clipboard(compare_dialog):
    QGuiApplication.clipboard().clear()
    compare_dialog.findChild(QPushButton, "compareCopyButton").click()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["Measure", "Scenario", "Horizon", *map(str, range(2026, 2032))]
    view = compare_dialog.findChild(QTableView, "compareDecisionsTable")
    assert len(lines) == 1 + view.model().rowCount()
    assert lines[3].split("\t")[1] == LONG
    # Ctrl+C on the table copies the selected cells only, with their headers.
    selection = view.selectionModel()
    model = view.model()
    for column in (1, 2):
        selection.select(model.index(0, column), QItemSelectionModel.SelectionFlag.Select)
    view.setFocus()
    QTest.keySequence(view, Qt.Modifier.CTRL | Qt.Key.Key_C)
    assert QGuiApplication.clipboard().text().splitlines() == [
        "Scenario\tHorizon",
        f"Baseline\t{model.data(model.index(0, 2))}",
    ]


def test_export_writes_xlsx_csv_and_png(compare_dialog, tmp_path, monkeypatch):
    assert compare_dialog.export_to(tmp_path / "compare.csv")
    table = pd.read_csv(tmp_path / "compare.csv")
    assert list(table.columns) == [
        "scenario",
        "measure",
        "label",
        "year",
        "value",
        "delta",
        "delta_pct",
    ]
    assert set(table.scenario) == {"Baseline", "B200 build", LONG}
    frame = compare_dialog.comparison.decisions_frame()
    assert len(table) == len(frame)
    assert table.value.to_numpy() == pytest.approx(frame.value.to_numpy())
    assert compare_dialog.export_to(tmp_path / "compare.xlsx")
    sheets = pd.read_excel(tmp_path / "compare.xlsx", sheet_name=None)
    assert list(sheets) == ["about", "compare", "one_year"]
    assert len(sheets["compare"]) == len(frame)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "compare.png"), "")
    )
    compare_dialog.findChild(QPushButton, "compareExportButton").menu().actions()[2].trigger()
    assert (tmp_path / "compare.png").read_bytes()[:4] == b"\x89PNG"
    assert not compare_dialog.export_to(tmp_path / "compare.txt")
    assert compare_dialog.message.text() == (
        "Not exported: compare.txt: a comparison is exported as .xlsx, .csv or .png"
    )


def test_the_xlsx_holds_the_one_year_table_as_numbers(compare_dialog, tmp_path):
    """The XLSX held every decision row only: the one-year table (its KPIs, each scenario's
    value, the others' delta and delta_pct) was text on screen and nowhere as numbers."""
    compare_dialog.year.setValue(2030)
    assert compare_dialog.export_to(tmp_path / "compare.xlsx")
    sheet = pd.read_excel(tmp_path / "compare.xlsx", sheet_name="one_year")
    comparison = compare_dialog.comparison
    assert list(zip(sheet.kpi, sheet.label, strict=True)) == comparison.one_year_rows()
    assert set(sheet.year) == {2030}
    assert "Baseline delta" not in sheet.columns  # the reference's change is none
    for name, measures in (("Baseline", ["value"]), (LONG, ["value", "delta", "delta_pct"])):
        for measure in measures:
            column = sheet[f"{name} {measure}"]
            assert column.dtype.kind == "f"  # numbers, not text
            expected = [comparison.cell(kpi, name, measure) for kpi in sheet.kpi]
            assert list(column) == pytest.approx(expected, nan_ok=True)


def test_the_small_multiples_take_the_charts_row_they_would_repeat(compare_dialog):
    tabs = compare_dialog.tabs
    tabs.setCurrentWidget(compare_dialog.multiples_page)
    assert not any(chart.isVisibleTo(compare_dialog) for chart in compare_dialog.charts)
    tabs.setCurrentIndex(0)
    assert all(chart.isVisibleTo(compare_dialog) for chart in compare_dialog.charts)


def test_small_multiples_draw_each_measure_for_each_scenario(compare_dialog):
    names = {"Baseline", "B200 build", LONG}
    charts = {chart.objectName(): chart for chart in compare_dialog.multiples}
    assert list(charts) == [
        "compareMultipleCost",
        "compareMultipleCapex",
        "compareMultiplePower",
        "compareMultipleGpus",
        "compareMultipleExternal",
        "compareMultipleRisk",
    ]
    for chart in charts.values():
        assert set(chart.lines) == names
    b200 = next(r for r in compare_dialog.comparison.results if r.scenario_name == "B200 build")
    _x, gpus = charts["compareMultipleGpus"].lines["B200 build"].getData()
    assert list(gpus) == list(b200.yearly.gpus)
    _x, power = charts["compareMultiplePower"].lines["B200 build"].getData()
    assert list(power) == pytest.approx(list(b200.yearly.facility_mw))


def test_a_change_that_reads_zero_is_not_shown_as_one():
    """The GB200 variant's 2026 total cost read '2.72B (+0.00B)': the same figure as the
    reference's, with a change of a few dollars. A change too small to show is left out."""
    from core.analysis.compare import Decision
    from gui.dialogs.compare_table import _cell

    same = Decision("GB200 x6", "total_cost_usd", "Total cost", 2026, 2.72e9, 1_000.0, 0.0)
    moved = Decision("GB200 x6", "total_cost_usd", "Total cost", 2027, 3.46e9, 0.42e9, 0.14)
    assert _cell(same, reference=False) == "2.72B"
    assert _cell(moved, reference=False) == "3.46B (+0.42B)"


@pytest.fixture
def projector(scaledeck_window, tmp_path, monkeypatch):
    """The dashboard on a 6x GB200 fork, on a 1280x720 projector (Compare opens 1240x680)."""
    base = core.default_scenario()
    faster = with_changes(base, {"name": "GB200 x6", "fleet.scale": 6.0, "fleet.gpu": "GB200"})
    path = tmp_path / "gb200.scaledeck.json"
    core.save_workbook(core.make_workbook(base, (faster,)), path)
    assert scaledeck_window.files.open_file(path)
    scaledeck_window.document.switch("GB200 x6")
    screen = scaledeck_window.screen()
    monkeypatch.setattr(screen, "availableGeometry", lambda: QRect(0, 0, 1280, 720))
    monkeypatch.setattr(scaledeck_window.presentation, "screen_width", lambda: 1280)
    return scaledeck_window


def opened(window, qtbot):
    dialog = window.show_compare()
    qtbot.waitExposed(dialog)
    qtbot.wait(300)  # the tables fitted, the year scrolled to, the axes settled
    return dialog


def test_capacity_and_demand_read_as_on_the_dashboard(projector, qtbot):
    """Compare drew the fleet's own GPU-hours: the GB200 fork's demand 'fell' ~3x and its
    capacity read 725M GPU-hours beside the dashboard's thousands of H100-equivalents."""
    dialog = opened(projector, qtbot)
    chart = next(c for c in dialog.charts if c.objectName() == "compareCapacityChart")
    assert chart.axis_titles["left"] == "k H100-eq, busy hour"  # the dashboard's axis
    dashboard = projector.capacity_chart
    _edges, available = dashboard.capacity.getData()
    _x, capacity = chart.lines["GB200 x6"].getData()
    assert list(capacity) == pytest.approx(list(available))
    # The dashboard's demand (its utilization line x the fleet): training waits out the
    # busy hour, so no bar's top is the demand (docs/model.md#F-demand).
    results = projector.document.results
    _x, demand = chart.demand["GB200 x6"].getData()
    expected = results.reference_gpus(results.yearly.demand_gpu_hours) / 1e3
    assert list(demand) == pytest.approx(list(expected))
    assert list(demand) == pytest.approx(list(available * results.yearly.utilization))
    labels = [dialog.model.headerData(r, Qt.Orientation.Vertical) for r in range(12)]
    row = labels.index("Capacity (H100-eq, busy hour)")
    year = dialog.comparison.year - 2026
    shown = dialog.model.data(dialog.model.index(row, 1))  # the fork, beside the baseline
    assert shown == f"{available[year] * 1e3:,.0f}"
    assert "Demand (H100-eq, busy hour)" in labels


def test_each_line_of_capacity_against_demand_is_told_apart(projector, qtbot):
    """The baseline's capacity (grey dashes) and demand (grey dots) looked alike: demand is
    marked with triangles, and each scenario's demand has its own legend entry."""
    chart = next(c for c in opened(projector, qtbot).charts if c.demand)
    for name, line in chart.lines.items():
        assert chart.demand[name].opts["symbol"] != line.opts["symbol"]
    labels = [label.text for _sample, label in chart.legend.items]
    assert labels == ["Baseline", "Baseline demand", "GB200 x6", "GB200 x6 demand"]


def drawn(item) -> tuple[str, Qt.PenStyle, float, str | None, str | None]:
    """How a line (or a legend sample of it) is drawn: pen colour, style, width, marker."""
    pen, symbol = item.opts["pen"], item.opts["symbol"]
    brush = item.opts["symbolBrush"] if symbol is not None else None
    marker = None if brush is None else QColor(brush.color()).name()
    return pen.color().name(), pen.style(), pen.widthF(), symbol, marker


def test_every_legend_sample_is_drawn_as_its_line(projector, qtbot):
    """The demand key was black dashes with a black triangle over lines drawn dotted in
    each scenario's colour (green for the fork): the legend did not describe the lines."""
    dialog = opened(projector, qtbot)
    for chart in [*dialog.charts, *dialog.multiples]:
        plotted = [
            item
            for item in chart.plot_item.listDataItems()
            if item.getData()[0] is not None and len(item.getData()[0])
        ]
        samples = {label.text: sample.item for sample, label in chart.legend.items}
        named = {item.name(): item for item in plotted}
        assert set(samples) == set(named), chart.objectName()  # every line, and only lines
        for text, item in samples.items():
            assert drawn(item) == drawn(named[text]), (chart.objectName(), text)
    chart = next(c for c in dialog.charts if c.demand)
    fork = drawn(chart.demand["GB200 x6"])  # green dots with green triangles
    assert fork[1] == Qt.PenStyle.DotLine
    assert fork[3] == "t1"
    assert fork[0] == fork[4] == drawn(chart.lines["GB200 x6"])[0]


def every_year_columns_shown(dialog) -> list[str]:
    """The every-year table's columns on screen whole."""
    view = dialog.decisions
    model = view.model()
    return [
        model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(model.columnCount())
        if view.columnViewportPosition(c) >= 0
        and view.columnViewportPosition(c) + view.columnWidth(c) <= view.viewport().width()
    ]


def test_the_every_year_table_shows_the_year_picked_at_1280_by_720(projector, qtbot):
    """At 1280x720 the every-year table showed 2026-2028; the year picked, 2029, was off
    to the right. More years fit (figures without the MW their label names, the list of
    scenarios as wide as their names), and a later year picked is scrolled into sight."""
    dialog = opened(projector, qtbot)
    assert dialog.size().width() <= 1240
    shown = every_year_columns_shown(dialog)
    assert shown[:3] == ["Measure", "Scenario", "Horizon"]
    assert shown[3:8] == ["2026", "2027", "2028", "2029", "2030"]
    dialog.year.setValue(2031)
    qtbot.wait(100)
    assert "2031" in every_year_columns_shown(dialog)
    dialog.year.setValue(2026)
    qtbot.wait(100)
    assert "Measure" in every_year_columns_shown(dialog)


def test_presentation_mode_keeps_the_capacity_unit_and_the_year_picked(projector, qtbot):
    """In presentation mode at 1280x720 Compare showed 2026 alone and its capacity chart
    lost its unit ("M GPU-h / yr" had no short form)."""
    projector.presentation.set_active(True)
    dialog = opened(projector, qtbot)
    chart = next(c for c in dialog.charts if c.objectName() == "compareCapacityChart")
    axis = chart.plot_item.getAxis("left")
    assert axis.label.isVisible()
    assert "H100" in axis.labelText
    assert str(dialog.comparison.year) in every_year_columns_shown(dialog)


def test_power_figures_leave_out_the_unit_their_label_names():
    """'226.0 MW (+204.1 MW)' made each year's column ~40 px wider than a cost's."""
    from core.analysis.compare import Decision
    from gui.dialogs.compare_table import _cell

    power = Decision("GB200 x6", "facility_mw", "Power (MW, facility)", 2031, 226.0, 204.1, 9.3)
    assert _cell(power, reference=False) == "226.0 (+204.1)"


def test_a_change_is_the_difference_of_the_figures_shown():
    """82% against 98% read '+15 pts' (0.821 to 0.975 unrounded): a sum no reader can redo."""
    from core.analysis.compare import Decision
    from gui.dialogs.compare_table import _cell

    share = Decision("Big", "external_token_share", "External share", 2029, 0.975, 0.154, 0.19)
    assert _cell(share, reference=False) == "98% (+16 pts)"


def test_a_renamed_scenario_keeps_its_tick(compare_dialog, scaledeck_window):
    """Renaming a picked scenario un-ticked it ("pick at least two"); undo brings the name back."""
    document = scaledeck_window.document
    document.switch("B200 build")
    assert document.rename("Big bet")
    assert compare_dialog.picked() == ["Baseline", "Big bet", LONG]
    document.switch("Baseline")
    assert document.rename("Plan of record")
    assert compare_dialog.picked() == ["Plan of record", "Big bet", LONG]
    document.undo_stack.undo()
    assert compare_dialog.picked() == ["Baseline", "Big bet", LONG]


def test_the_xlsx_shows_each_figure_as_its_label_says(compare_dialog, tmp_path):
    """The XLSX wrote "Utilization (% busy)" as 1.1309 in General format (113% read as 1%):
    shares stay fractions, as `compare --json` gives them, shown as percentages."""
    import openpyxl

    assert compare_dialog.export_to(tmp_path / "compare.xlsx")
    book = openpyxl.load_workbook(tmp_path / "compare.xlsx")
    for name, key in (("compare", "measure"), ("one_year", "kpi")):
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            cells = dict(zip(header, row, strict=True))
            label, measure = cells["label"].value, cells[key].value
            values = [c for h, c in cells.items() if h.endswith("value")]
            changes = [c for h, c in cells.items() if h.endswith("delta")]
            is_share = re.search(r"%|\bshare\b", label) is not None  # HHI's "shares" no
            for cell in values:
                assert cell.number_format.endswith("%") == is_share, (name, label)
                assert cell.number_format != "General", (name, label)
            for cell in changes:
                assert cell.number_format.startswith("+"), (name, label)
            if measure == "utilization":
                value = values[0]
                assert value.number_format == "0.0%"
                assert value.value == pytest.approx(
                    compare_dialog.comparison.cell(measure, "Baseline", "value")
                )
    compare = book["compare"]
    header = [cell.value for cell in compare[1]]
    pv = next(
        r for r in compare.iter_rows(min_row=2) if r[header.index("measure")].value == "pv_cost_usd"
    )
    assert pv[header.index("value")].number_format == "#,##0"
    assert pv[header.index("delta_pct")].number_format == "+0.0%;-0.0%;0.0%"
