"""Products > Import trace…: read in a worker, every change unticked, sizes and warnings,
one undo step, sources recorded, bad files and a cancelled read change nothing.

The profile's formulas: docs/model.md#F-trace-profile; provenance: docs/model.md#imports.
"""

import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
)

import core
import gui.dialogs.imports.trace
from gui.editors.result_tabs import sources_frame
from gui.style.appearance import appearance
from gui.testing.testkit import trigger

HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
HAND = HEADER + (  # the hand-worked trace of tests/core/formats/test_trace.py: 130 s
    "2024-01-01 00:00:00,100,10\n"
    "2024-01-01 00:00:30,100,10\n"
    "2024-01-01 00:01:00,200,20\n"
    "2024-01-01 00:01:59,300,30\n"
    "2024-01-01 00:02:10,900,100\n"
)
# Three complete hours of 100, 500 and 100 tokens (the request at 3:00 is past them):
# busy hour 500 / (700 / 3) = 2.142857; 710 tokens over 10,800 s.
HOURS = HEADER + (
    "2024-01-01 00:00:00,90,10\n"
    "2024-01-01 01:00:00,450,50\n"
    "2024-01-01 02:00:00,90,10\n"
    "2024-01-01 03:00:00,9,1\n"
)
PEAK = "peak to average (busy hour)"


@pytest.fixture
def hand_trace(tmp_path) -> Path:
    path = tmp_path / "hand.csv"
    path.write_text(HAND)
    return path


@pytest.fixture
def hours_trace(tmp_path) -> Path:
    path = tmp_path / "hours.csv"
    path.write_text(HOURS)
    return path


def pick_file(monkeypatch, path: Path | None) -> None:
    """Answer the next file dialog with `path` (None: the user cancels)."""
    answer = (str(path), "") if path else ("", "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: answer)


def open_dialog(window, monkeypatch, path: Path, qtbot) -> QDialog:
    """Open the preview of `path` and wait for its worker to read it."""
    pick_file(monkeypatch, path)
    trigger(window, "importTraceAction")
    dialog = window.findChild(QDialog, "traceImportDialog")
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.trace is not None, timeout=10_000)
    return dialog


def table(dialog: QDialog) -> QTableWidget:
    return dialog.findChild(QTableWidget, "tracePreviewTable")


def rows(dialog: QDialog) -> dict[str, tuple[str, ...]]:
    """Field: (now, from the trace, change) of each row ("" for a cell left empty)."""
    shown = table(dialog)
    return {
        shown.item(r, 0).text(): tuple(
            item.text() if (item := shown.item(r, c)) else "" for c in (1, 2, 3)
        )
        for r in range(shown.rowCount())
    }


def tick(dialog: QDialog, label: str) -> None:
    shown = table(dialog)
    row = next(r for r in range(shown.rowCount()) if shown.item(r, 0).text() == label)
    shown.item(row, 0).setCheckState(Qt.CheckState.Checked)


def apply_button(dialog: QDialog) -> QPushButton:
    return dialog.findChild(QPushButton, "traceApplyButton")


def test_nothing_is_ticked_and_apply_is_one_undo_step_of_the_ticked_rows(
    scaledeck_window, monkeypatch, hours_trace, qtbot
):
    window = scaledeck_window
    before = window.document.scenario
    steps = window.document.undo_stack.count()
    dialog = open_dialog(window, monkeypatch, hours_trace, qtbot)
    dialog.findChild(QComboBox, "traceProductCombo").setCurrentText("M365 Copilot Excel")
    excel = before.products[1]
    preview = rows(dialog)
    assert preview["prompt tokens (mean per request)"][1] == "159.8"  # (90+450+90+9) / 4
    assert preview["output tokens (mean per request)"][1] == "17.75"
    assert preview[PEAK] == (
        "2",
        "2.143",  # 500 / (700 / 3), 4 significant digits
        "+7%",
    )
    assert preview["tokens per year (base year)"][1] == "2.073 M"  # 710 tokens / 10,800 s
    checks = [table(dialog).item(r, 0).checkState() for r in range(table(dialog).rowCount())]
    assert checks == [Qt.CheckState.Unchecked] * 5
    assert not apply_button(dialog).isEnabled()

    tick(dialog, PEAK)
    assert apply_button(dialog).isEnabled()
    apply_button(dialog).click()
    after = window.document.scenario.products[1]
    assert after.peak_to_average == pytest.approx(500 / (700 / 3))
    assert (after.prompt_tokens, after.tokens_per_year) == (
        excel.prompt_tokens,
        excel.tokens_per_year,
    )
    assert window.document.undo_stack.count() == steps + 1
    assert window.document.undo_stack.undoText() == "Import trace hours.csv into M365 Copilot Excel"
    expected = f"Request trace hours.csv: 4 rows, imported {date.today().isoformat()}"
    sources = window.document.scenario.sources
    assert sources["products.M365 Copilot Excel.peak_to_average"].text == expected
    assert "products.M365 Copilot Excel.prompt_tokens" not in sources  # not ticked: not taken
    shown = sources_frame(window.document.scenario)["Source"]  # by field path
    assert shown["products.GitHub Copilot.peak_to_average"] != expected  # only that product
    assert not dialog.isVisible()

    trigger(window, "undoAction")
    assert window.document.scenario == before


def test_a_large_change_is_sized_and_warned_in_words_and_colour(
    scaledeck_window, monkeypatch, hours_trace, qtbot
):
    """Two million tokens a year against GitHub Copilot's volume: a slip, said before ticking."""
    window = scaledeck_window
    dialog = open_dialog(window, monkeypatch, hours_trace, qtbot)
    volume = window.document.scenario.products[0].tokens_per_year
    ratio = (710 / 10_800 * 31_536_000) / volume
    assert ratio < 0.5
    size = rows(dialog)["tokens per year (base year)"][2]
    assert size.startswith("x0.")
    assert float(size[1:]) == pytest.approx(ratio, rel=0.05)
    warning = dialog.findChild(QLabel, "traceWarningLabel").text()
    assert f"tokens per year (base year) {size}: less than half what it is now" in warning
    labels = [table(dialog).item(r, 0).text() for r in range(5)]
    volume_row, peak_row = labels.index("tokens per year (base year)"), labels.index(PEAK)
    assert rows(dialog)[PEAK][2] == "+19%"  # 2.1429 / 1.8: a small change
    warned = QColor(appearance().theme.warning)
    assert table(dialog).item(volume_row, 3).foreground().color() == warned
    assert table(dialog).item(peak_row, 3).foreground().color() != warned
    assert "peak to average" not in warning
    assert window.document.scenario.products[0].tokens_per_year == volume
    dialog.findChild(QPushButton, "traceCancelButton").click()


def test_a_preview_left_open_across_file_open_lists_the_new_products(
    scaledeck_window, monkeypatch, hours_trace, qtbot, tiny, tmp_path
):
    """Picking a product raised IndexError, and Apply KeyError, once the workbook was replaced."""
    window = scaledeck_window
    dialog = open_dialog(window, monkeypatch, hours_trace, qtbot)
    combo = dialog.findChild(QComboBox, "traceProductCombo")
    combo.setCurrentIndex(combo.count() - 1)  # a product the opened file does not have
    tick(dialog, PEAK)
    path = tmp_path / "tiny.scaledeck.json"
    core.save_workbook(core.make_workbook(tiny()), path)
    assert window.files.open_file(path, confirmed=True)
    assert [combo.itemText(i) for i in range(combo.count())] == ["A", "B"]
    assert rows(dialog)[PEAK][0] == "1"  # A's own figure now, and unticked again
    assert not apply_button(dialog).isEnabled()
    combo.setCurrentText("B")
    tick(dialog, PEAK)
    apply_button(dialog).click()
    assert window.document.scenario.products[1].peak_to_average == pytest.approx(500 / (700 / 3))
    assert window.document.undo_stack.undoText() == "Import trace hours.csv into B"


def test_a_trace_under_two_hours_offers_no_busy_hour_and_says_why(
    scaledeck_window, monkeypatch, hand_trace, qtbot
):
    window = scaledeck_window
    dialog = open_dialog(window, monkeypatch, hand_trace, qtbot)
    peak = rows(dialog)[PEAK]
    assert peak[1:] == ("not offered", "")
    shown = table(dialog)
    last = shown.item(shown.rowCount() - 1, 0)
    assert not last.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not last.flags() & Qt.ItemFlag.ItemIsEnabled
    summary = dialog.findChild(QLabel, "traceSummaryLabel").text()
    assert "No busy hour: hand.csv covers 130.0 s; a busy-hour factor (the busiest hour " in summary
    for label in [shown.item(r, 0).text() for r in range(shown.rowCount() - 1)]:
        tick(dialog, label)
    apply_button(dialog).click()
    product = window.document.scenario.products[0]
    assert product.prompt_tokens == 320
    assert "products.GitHub Copilot.peak_to_average" not in window.document.scenario.sources


def test_cancel_and_a_cancelled_file_dialog_change_nothing(
    scaledeck_window, monkeypatch, hand_trace, qtbot
):
    window = scaledeck_window
    before, steps = window.document.scenario, window.document.undo_stack.count()
    pick_file(monkeypatch, None)
    assert window.import_trace() is None
    dialog = open_dialog(window, monkeypatch, hand_trace, qtbot)
    dialog.findChild(QPushButton, "traceCancelButton").click()
    assert (window.document.scenario, window.document.undo_stack.count()) == (before, steps)


def test_the_read_runs_in_a_worker_and_a_cancelled_read_changes_nothing(
    scaledeck_window, monkeypatch, hand_trace, qtbot
):
    """A read that never ends on its own: the window answers, Cancel stops it, nothing applies."""

    def endless(path):
        rows = 0
        while True:
            rows += 100_000
            time.sleep(0.01)
            yield rows

    monkeypatch.setattr(gui.dialogs.imports.trace, "iter_trace_import", endless)
    window = scaledeck_window
    before, steps = window.document.scenario, window.document.undo_stack.count()
    dialog = window.import_trace(hand_trace)  # not `trigger`: it would wait for the read to end
    label = dialog.findChild(QLabel, "traceReadLabel")
    qtbot.waitUntil(lambda: "00,000 rows" in label.text(), timeout=5_000)  # the GUI answers
    assert dialog.findChild(QProgressBar, "traceReadProgress").isVisible()
    assert not apply_button(dialog).isEnabled()
    dialog.findChild(QPushButton, "traceReadCancelButton").click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert (window.document.scenario, window.document.undo_stack.count()) == (before, steps)


def test_a_bad_file_is_one_error_dialog_and_nothing_changes(
    scaledeck_window, monkeypatch, tmp_path, dialogs, qtbot
):
    window = scaledeck_window
    before, steps = window.document.scenario, window.document.undo_stack.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(HAND.replace(",300,", ",-300,"))
    pick_file(monkeypatch, bad)
    trigger(window, "importTraceAction")
    qtbot.waitUntil(lambda: dialogs.names() == ["traceErrorDialog"], timeout=10_000)
    assert dialogs.shown[0][1] == (
        f"{bad}: row 4 (line 5), column 'ContextTokens': '-300' is negative; token counts "
        "are 0 or more\n\nNothing was imported; the scenario is unchanged."
    )
    dialog = window.findChild(QDialog, "traceImportDialog")
    assert dialog is None or not dialog.isVisible()
    assert (window.document.scenario, window.document.undo_stack.count()) == (before, steps)


def test_a_profile_the_scenario_cannot_take_is_refused_in_the_dialog(
    scaledeck_window, monkeypatch, tmp_path, qtbot
):
    """One burst among quiet hours: a busy-hour factor over the schema's 100."""
    window = scaledeck_window
    before = window.document.scenario
    quiet = "".join(f"2024-01-{1 + h // 24:02d} {h % 24:02d}:00:00,1,0\n" for h in range(201))
    spiky = tmp_path / "spiky.csv"
    spiky.write_text(HEADER + quiet + "2024-01-01 00:30:00,100000,0\n")
    dialog = open_dialog(window, monkeypatch, spiky, qtbot)
    tick(dialog, PEAK)
    assert not dialog.findChild(QPushButton, "traceApplyButton").click()
    message = dialog.findChild(QLabel, "traceMessageLabel").text()
    assert message.startswith("Not applied: products[0].peak_to_average: ")
    assert message.endswith("is above the maximum 100")
    assert dialog.isVisible()
    assert window.document.scenario == before
    dialog.findChild(QPushButton, "traceCancelButton").click()


def test_0_1_s_trace_options_are_found_and_say_what_they_do_now(
    scaledeck_window, monkeypatch, hand_trace, qtbot
):
    """0.1's `traceWindowSpin` and `traceVolumeCheck` were removed outright: a suite that
    set them failed to find them. Until 0.3 they are there, hidden, and warn: the check
    box ticks the tokens-per-year row; the window is not used (the busy hour's is)."""
    from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox

    from core.formats.imports import FIELD_LABELS

    dialog = open_dialog(scaledeck_window, monkeypatch, hand_trace, qtbot)
    volume_row = FIELD_LABELS["tokens_per_year"]
    shown = table(dialog)
    row = next(r for r in range(shown.rowCount()) if shown.item(r, 0).text() == volume_row)
    with pytest.warns(DeprecationWarning, match="tick the tokens-per-year row"):
        dialog.findChild(QCheckBox, "traceVolumeCheck").setChecked(True)
    assert shown.item(row, 0).checkState() == Qt.CheckState.Checked
    assert apply_button(dialog).isEnabled()
    with pytest.warns(DeprecationWarning, match="busy hour"):
        dialog.findChild(QDoubleSpinBox, "traceWindowSpin").setValue(30)
    dialog.close()
