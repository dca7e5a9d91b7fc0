"""File > Export > Finance workbook: the window writes every scenario of its file, as formulas."""

import openpyxl

from gui.testing.testkit import trigger


def test_the_window_writes_a_finance_workbook_of_every_scenario(scaledeck_window, tmp_path):
    window = scaledeck_window
    window.document.fork()
    out = tmp_path / "finance.xlsx"
    assert window.exports.workbook_to(out)
    book = openpyxl.load_workbook(out)
    assert {"Inputs", "Calculations", "Outputs", "Checks"} <= set(book.sheetnames)
    names = window.document.book.names
    assert len(names) == 2
    assert {f"s{k}_total_cost_usd" for k in range(1, len(names) + 1)} <= set(book.defined_names)
    formulas = [c.value for row in book["Calculations"].iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("=") for v in formulas)
    assert f"Exported {out}" in window.statusBar().currentMessage()


def test_a_workbook_that_cannot_be_written_says_why(scaledeck_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "gui.controllers.export_controller.message",
        lambda _w, _icon, name, _title, text: shown.append((name, text)),
    )
    folder = tmp_path / "a folder"
    folder.mkdir()
    assert not scaledeck_window.exports.workbook_to(folder)
    [(name, text)] = shown
    assert name == "exportErrorDialog"
    assert str(folder) in text


def test_the_menu_entry_asks_where_and_writes(scaledeck_window, tmp_path, monkeypatch):
    out = tmp_path / "chosen"
    monkeypatch.setattr(
        "gui.controllers.export_controller.QFileDialog.getSaveFileName",
        lambda *_args: (str(out), ""),
    )
    trigger(scaledeck_window, "exportWorkbookAction")
    assert (tmp_path / "chosen.xlsx").exists()
