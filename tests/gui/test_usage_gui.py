"""Products > Import usage history…: preview, mapping unknown names, one undo step, bad files.

The fit: docs/model.md#F-usage-fit.
"""

from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLabel, QPushButton, QTableWidget

import core
from gui.dialogs.imports.preview import number_text
from gui.testing.testkit import trigger

HEADER = "month,product,input_tokens,output_tokens\n"


def usage_text() -> str:
    """GitHub Copilot doubling a year, 'excel ' (case and spaces) flat, 'Teams' unknown."""
    rows = []
    for m in range(12):
        month = f"2025-{m + 1:02d}"
        rows.append(f"{month},GitHub Copilot,{1e9 * 2 ** (m / 12):.0f},0\n")
        rows.append(f"{month}, m365 copilot excel ,300,100\n")
        rows.append(f"{month},Teams,5,5\n")
    return HEADER + "".join(rows)


@pytest.fixture
def usage_file(tmp_path):
    path = tmp_path / "usage.csv"
    path.write_text(usage_text())
    return path


def open_dialog(window, monkeypatch, path) -> QDialog:
    """Open the preview of `path`; `trigger` waits for the worker that fits it."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    trigger(window, "importUsageAction")
    dialog = window.findChild(QDialog, "usageImportDialog")
    assert dialog is not None
    assert dialog.targets  # read and fitted
    return dialog


def cells(dialog: QDialog, row: int) -> list[str]:
    table = dialog.findChild(QTableWidget, "usagePreviewTable")
    return [table.item(row, c).text() for c in range(table.columnCount())]


def tick(dialog: QDialog, *rows: int) -> None:
    table = dialog.findChild(QTableWidget, "usagePreviewTable")
    for row in rows:
        table.item(row, 0).setCheckState(Qt.CheckState.Checked)


def test_preview_maps_names_lists_unknown_and_applies_in_one_step(
    scaledeck_window, monkeypatch, usage_file
):
    window = scaledeck_window
    before, steps = window.document.scenario, window.document.undo_stack.count()
    dialog = open_dialog(window, monkeypatch, usage_file)
    assert dialog.findChild(QLabel, "usageUnknownLabel").text() == (
        "Not in the scenario: 'Teams'. Map each to a product or skip."
    )
    targets = [dialog.findChild(QComboBox, f"usageTarget_{i}").currentText() for i in range(3)]
    assert targets == ["GitHub Copilot", "M365 Copilot Excel", "(skip)"]
    copilot = cells(dialog, 0)
    growth = before.products[0].growth
    assert copilot[5:] == [
        f"{growth:+.1%}",
        "+100.0%",
        f"{(1.0 - growth) * 100:+.1f} points",
        "1.000",
        "12",
    ]
    assert copilot[3] == "33.63 B"  # 2026: 1e9 x 2^(k/12) summed for k = 12..23
    fitted = sum(1e9 * 2 ** (k / 12) for k in range(12, 24))
    assert copilot[4].startswith("x0.")  # far below the scenario's volume: sized, warned
    assert float(copilot[4][1:]) == pytest.approx(fitted / before.products[0].tokens_per_year, 0.05)
    assert f"tokens per year (base year) {copilot[4]}: less than half" in (
        dialog.findChild(QLabel, "usageWarningLabel").text()
    )
    assert window.document.scenario == before  # nothing applied by the preview
    apply_button = dialog.findChild(QPushButton, "usageApplyButton")
    assert not apply_button.isEnabled()  # nothing is ticked
    tick(dialog, 2)
    assert not apply_button.isEnabled()  # ticked but skipped: still nothing to apply
    tick(dialog, 0, 1)
    assert apply_button.isEnabled()

    apply_button.click()
    after = window.document.scenario
    assert after.products[0].growth == pytest.approx(1.0)
    assert after.products[0].tokens_per_year == pytest.approx(
        sum(1e9 * 2 ** (k / 12) for k in range(12, 24)), rel=1e-6
    )
    assert after.products[1].growth == pytest.approx(0.0, abs=1e-9)
    assert after.products[1].tokens_per_year == pytest.approx(12 * 400)
    assert after.products[2:] == before.products[2:]
    assert window.document.undo_stack.count() == steps + 1
    assert window.document.undo_stack.undoText() == "Import usage history usage.csv (2 products)"
    source = after.sources["products.GitHub Copilot.growth"].text
    assert (
        source == f"Usage history usage.csv: 12 rows, imported {date.today().isoformat()}, R² 1.000"
    )
    trigger(window, "undoAction")
    assert window.document.scenario == before


def test_an_unknown_name_can_be_mapped_and_a_clash_is_refused(
    scaledeck_window, monkeypatch, usage_file
):
    window = scaledeck_window
    dialog = open_dialog(window, monkeypatch, usage_file)
    teams = dialog.findChild(QComboBox, "usageTarget_2")
    teams.setCurrentText("Copilot consumer")
    assert cells(dialog, 2)[2] == number_text(window.document.scenario.products[4].tokens_per_year)
    assert cells(dialog, 2)[4].startswith("x0.")  # 10 tokens a month against billions
    dialog.findChild(QComboBox, "usageTarget_1").setCurrentText("Copilot consumer")
    tick(dialog, 0, 1, 2)
    before = window.document.scenario
    assert not dialog.findChild(QPushButton, "usageApplyButton").click()
    assert dialog.findChild(QLabel, "usageMessageLabel").text() == (
        "Not applied: more than one row maps to Copilot consumer"
    )
    assert window.document.scenario == before
    for i in range(3):
        dialog.findChild(QComboBox, f"usageTarget_{i}").setCurrentText("(skip)")
    assert not dialog.findChild(QPushButton, "usageApplyButton").isEnabled()
    assert not dialog.apply()
    assert dialog.findChild(QLabel, "usageMessageLabel").text() == (
        "Not applied: no ticked row is mapped to a product"
    )
    dialog.findChild(QPushButton, "usageCancelButton").click()
    assert window.document.scenario == before


def test_a_preview_left_open_across_file_open_maps_to_the_new_products(
    scaledeck_window, monkeypatch, usage_file, tiny, tmp_path
):
    """Its pickers listed the old workbook's products: a row read another product's
    figures by position, and Apply raised KeyError for a product no longer there."""
    window = scaledeck_window
    dialog = open_dialog(window, monkeypatch, usage_file)
    tick(dialog, 0, 1)
    path = tmp_path / "tiny.scaledeck.json"
    core.save_workbook(core.make_workbook(tiny()), path)
    assert window.files.open_file(path, confirmed=True)
    copilot = dialog.targets[0]  # a new picker (the old one is deleted later)
    assert copilot.objectName() == "usageTarget_0"
    assert [copilot.itemText(i) for i in range(copilot.count())] == ["(skip)", "A", "B"]
    assert copilot.currentText() == "(skip)"  # no product of that name any more
    apply_button = dialog.findChild(QPushButton, "usageApplyButton")
    assert not apply_button.isEnabled()  # unticked again
    copilot.setCurrentText("B")
    assert cells(dialog, 0)[2] == number_text(window.document.scenario.products[1].tokens_per_year)
    tick(dialog, 0)
    apply_button.click()
    assert window.document.scenario.products[1].growth == pytest.approx(1.0)
    assert window.document.undo_stack.undoText() == "Import usage history usage.csv (1 products)"


def test_a_bad_usage_file_is_one_error_dialog_and_nothing_changes(
    scaledeck_window, monkeypatch, tmp_path, dialogs
):
    window = scaledeck_window
    before, steps = window.document.scenario, window.document.undo_stack.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2025-01,GitHub Copilot,-1,0\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    trigger(window, "importUsageAction")
    assert dialogs.shown == [
        (
            "usageErrorDialog",
            f"{bad}: row 1 (line 2), column 'input_tokens': '-1' is negative; token counts are "
            "0 or more\n\nNothing was imported; the scenario is unchanged.",
        )
    ]
    assert window.findChild(QDialog, "usageImportDialog") is None
    assert (window.document.scenario, window.document.undo_stack.count()) == (before, steps)


def test_a_product_with_too_few_months_is_shown_and_not_offered(
    scaledeck_window, monkeypatch, tmp_path
):
    path = tmp_path / "short.csv"
    path.write_text(HEADER + "2025-01,GitHub Copilot,1,1\n")
    dialog = open_dialog(scaledeck_window, monkeypatch, path)
    assert cells(dialog, 0)[3] == "has 1 months with tokens; a fit needs at least 3"
    assert not dialog.findChild(QComboBox, "usageTarget_0").isEnabled()
    dialog.findChild(QPushButton, "usageCancelButton").click()


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2e14, "200 T"), (2.096e12, "2.096 T"), (4109.768, "4,110"), (312.2101, "312.2"),
     (1.8, "1.8"), (0.0706, "0.0706"), (0.0, "0")],
)  # fmt: skip
def test_preview_figures_read_without_exponents_or_noise(value, shown):
    """The trace preview showed '2e+14', '2.096e+12' and '4,109.768'."""
    assert number_text(value) == shown


@pytest.mark.parametrize("presenting", [False, True])
def test_each_row_names_its_products_whole_on_a_1280_by_720_screen(
    scaledeck_window, monkeypatch, tmp_path, presenting
):
    """The pickers read "GitHub C" and "M365 Co" (four products start "M365 Copilot"),
    the tick box's name "M365 Copilot ...": the columns were measured on their empty
    cells, before the pickers and tick boxes went in. (A figure wider than its column
    measured them again: these volumes are near the scenario's, their changes short.)"""
    monthly = {"GitHub Copilot": 7.5e12, "M365 Copilot Excel": 2.7e12, "Teams Premium": 2e12}
    rows = [
        f"2025-{m + 1:02d},{name},{tokens * 1.04**m * 0.8:.0f},{tokens * 1.04**m * 0.2:.0f}\n"
        for m in range(12)
        for name, tokens in monthly.items()
    ]
    path = tmp_path / "usage.csv"
    path.write_text(HEADER + "".join(rows))
    screen = scaledeck_window.screen()
    monkeypatch.setattr(screen, "availableGeometry", lambda: QRect(0, 0, 1280, 720))
    monkeypatch.setattr(scaledeck_window.presentation, "screen_width", lambda: 1280)
    scaledeck_window.presentation.set_active(presenting)
    dialog = open_dialog(scaledeck_window, monkeypatch, path)
    table = dialog.findChild(QTableWidget, "usagePreviewTable")
    longest = max((p.name for p in scaledeck_window.document.scenario.products), key=len)
    for combo in dialog.targets:
        assert combo.findText(longest) >= 0
        assert combo.width() >= combo.sizeHint().width()  # wide enough for its longest name
        assert table.columnWidth(1) >= combo.sizeHint().width()
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)  # tick box and name
    assert dialog.width() <= 1240
    whole = table.horizontalHeader().length() <= table.viewport().width()
    assert whole or dialog.width() == 1240  # every column in sight, or as wide as it can be
