"""Products > Import trace…: preview, one undo step, sources recorded, bad files change nothing.

The profile's formulas: docs/model.md#F-trace-profile; provenance: docs/model.md#imports.
"""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableWidget,
)

from gui.editors.result_tabs import sources_frame
from gui.testing.testkit import trigger

HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
HAND = HEADER + (  # the hand-worked trace of tests/core/formats/test_trace.py
    "2024-01-01 00:00:00,100,10\n"
    "2024-01-01 00:00:30,100,10\n"
    "2024-01-01 00:01:00,200,20\n"
    "2024-01-01 00:01:59,300,30\n"
    "2024-01-01 00:02:10,900,100\n"
)


@pytest.fixture
def hand_trace(tmp_path) -> Path:
    path = tmp_path / "hand.csv"
    path.write_text(HAND)
    return path


def pick_file(monkeypatch, path: Path | None) -> None:
    """Answer the next file dialog with `path` (None: the user cancels)."""
    answer = (str(path), "") if path else ("", "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: answer)


def open_dialog(window, monkeypatch, path: Path) -> QDialog:
    pick_file(monkeypatch, path)
    trigger(window, "importTraceAction")
    dialog = window.findChild(QDialog, "traceImportDialog")
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def rows(dialog: QDialog) -> dict[str, tuple[str, str]]:
    table = dialog.findChild(QTableWidget, "tracePreviewTable")
    return {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }


def test_the_preview_shows_old_and_new_and_apply_is_one_undo_step(
    scaledeck_window, monkeypatch, hand_trace
):
    window = scaledeck_window
    before = window.document.scenario
    steps = window.document.undo_stack.count()
    dialog = open_dialog(window, monkeypatch, hand_trace)
    dialog.findChild(QComboBox, "traceProductCombo").setCurrentText("M365 Copilot Excel")
    preview = rows(dialog)
    excel = before.products[1]
    assert preview["prompt tokens (mean per request)"] == (f"{excel.prompt_tokens:,.0f}", "320")
    assert preview["output tokens (mean per request)"][1] == "34"
    assert preview["p95 prompt tokens"][1] == "780"
    assert preview["peak to average"] == ("2", "1.4286")
    assert preview["tokens per year (base year)"][1] == "4.294e+08"
    assert (
        "hand.csv: 5 requests over 130.0 s" in dialog.findChild(QLabel, "traceSummaryLabel").text()
    )

    dialog.findChild(QPushButton, "traceApplyButton").click()
    after = window.document.scenario.products[1]
    assert (after.prompt_tokens, after.output_tokens) == (320, 34)
    assert after.p95_prompt_tokens == pytest.approx(780)
    assert after.peak_to_average == pytest.approx(550 / 385)
    assert after.tokens_per_year == pytest.approx(1770 / 130 * 31_536_000)
    assert window.document.undo_stack.count() == steps + 1
    assert window.document.undo_stack.undoText() == "Import trace hand.csv into M365 Copilot Excel"
    expected = f"Request trace hand.csv: 5 rows, imported {date.today().isoformat()}"
    source = window.document.scenario.sources["products.M365 Copilot Excel.prompt_tokens"]
    assert (source.text, source.illustrative) == (expected, False)
    shown = sources_frame(window.document.scenario).set_index("Input")["Source"]
    assert shown["products.M365 Copilot Excel.peak_to_average"] == expected
    assert shown["products.GitHub Copilot.peak_to_average"] != expected  # only that product
    assert not dialog.isVisible()

    trigger(window, "undoAction")
    assert window.document.scenario == before


def test_the_window_and_the_volume_box_change_the_preview(
    scaledeck_window, monkeypatch, hand_trace
):
    window = scaledeck_window
    dialog = open_dialog(window, monkeypatch, hand_trace)
    dialog.findChild(QDoubleSpinBox, "traceWindowSpin").setValue(30)
    assert rows(dialog)["peak to average"][1] == "1.7143"  # 330 / (770 / 4)
    dialog.findChild(QCheckBox, "traceVolumeCheck").setChecked(False)
    assert "tokens per year (base year)" not in rows(dialog)
    before = window.document.scenario.products[0].tokens_per_year
    dialog.findChild(QPushButton, "traceApplyButton").click()
    product = window.document.scenario.products[0]
    assert product.tokens_per_year == before
    assert product.peak_to_average == pytest.approx(330 / (770 / 4))
    assert "products.GitHub Copilot.tokens_per_year" not in window.document.scenario.sources


def test_a_window_longer_than_the_trace_disables_apply(scaledeck_window, monkeypatch, hand_trace):
    dialog = open_dialog(scaledeck_window, monkeypatch, hand_trace)
    dialog.findChild(QDoubleSpinBox, "traceWindowSpin").setValue(600)
    assert not dialog.findChild(QPushButton, "traceApplyButton").isEnabled()
    assert dialog.findChild(QLabel, "traceMessageLabel").text() == (
        "hand.csv covers 130.0 s, less than one 600 s window; use a shorter window or a longer trace"
    )
    dialog.findChild(QPushButton, "traceCancelButton").click()
    assert not dialog.isVisible()


def test_cancel_and_a_cancelled_file_dialog_change_nothing(
    scaledeck_window, monkeypatch, hand_trace
):
    window = scaledeck_window
    before, steps = window.document.scenario, window.document.undo_stack.count()
    pick_file(monkeypatch, None)
    assert window.import_trace() is None
    dialog = open_dialog(window, monkeypatch, hand_trace)
    dialog.findChild(QPushButton, "traceCancelButton").click()
    assert (window.document.scenario, window.document.undo_stack.count()) == (before, steps)


def test_a_bad_file_is_one_error_dialog_and_nothing_changes(
    scaledeck_window, monkeypatch, tmp_path, dialogs
):
    window = scaledeck_window
    before, steps = window.document.scenario, window.document.undo_stack.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(HAND.replace(",300,", ",-300,"))
    pick_file(monkeypatch, bad)
    trigger(window, "importTraceAction")
    assert dialogs.names() == ["traceErrorDialog"]
    assert dialogs.shown[0][1] == (
        f"{bad}: row 4 (line 5), column 'ContextTokens': '-300' is negative; token counts "
        "are 0 or more\n\nNothing was imported; the scenario is unchanged."
    )
    assert window.findChild(QDialog, "traceImportDialog") is None
    assert (window.document.scenario, window.document.undo_stack.count()) == (before, steps)


def test_a_profile_the_scenario_cannot_take_is_refused_in_the_dialog(
    scaledeck_window, monkeypatch, tmp_path
):
    """One burst among 200 quiet minutes: a peak-to-average over the schema's 100."""
    window = scaledeck_window
    before = window.document.scenario
    quiet = "".join(f"2024-01-01 {m // 60:02d}:{m % 60:02d}:00,1,0\n" for m in range(201))
    spiky = tmp_path / "spiky.csv"
    spiky.write_text(HEADER + quiet + "2024-01-01 00:00:30,100000,0\n")
    dialog = open_dialog(window, monkeypatch, spiky)
    assert not dialog.findChild(QPushButton, "traceApplyButton").click()
    message = dialog.findChild(QLabel, "traceMessageLabel").text()
    assert message.startswith("Not applied: products[0].peak_to_average: ")
    assert message.endswith("is above the maximum 100")
    assert dialog.isVisible()
    assert window.document.scenario == before
    dialog.findChild(QPushButton, "traceCancelButton").click()
