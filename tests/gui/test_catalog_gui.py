"""Models > Add partner from catalog… and Update prices from catalog…, driven by objectName."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QTableView, QTableWidget

from gui.editors.result_tabs import sources_frame
from gui.testing.testkit import trigger


def _dialog(window, name: str) -> QDialog:
    dialog = window.findChild(QDialog, name)
    assert dialog is not None
    return dialog


def _add_gemini(window, qtbot) -> QDialog:
    trigger(window, "addPartnerAction")
    dialog = _dialog(window, "catalogDialog")
    search = dialog.findChild(QLineEdit, "catalogSearch")
    table = dialog.findChild(QTableView, "catalogTable")
    qtbot.keyClicks(search, "google gemini 2.5 pro")
    qtbot.waitUntil(lambda: dialog.rows.rows and all("2.5" in r.model for r in dialog.rows.rows))
    row = next(i for i, r in enumerate(dialog.rows.rows) if r.model == "Gemini 2.5 Pro")
    table.selectRow(row)
    qtbot.mouseClick(dialog.findChild(QPushButton, "addPartnerButton"), Qt.MouseButton.LeftButton)
    return dialog


def test_search_filters_live_and_add_is_one_undo_step(scaledeck_window, qtbot):
    window = scaledeck_window
    document = window.document
    before = document.scenario
    dialog = _add_gemini(window, qtbot)
    assert (
        dialog.findChild(QLabel, "catalogCount")
        .text()
        .startswith(f"{len(dialog.rows.rows)} models")
    )
    added = document.scenario.models[-1]
    assert (added.name, added.provider, added.price_in_per_m, added.price_out_per_m) == (
        "Gemini 2.5 Pro",
        "Google",
        1.25,
        10.0,
    )
    assert "illustrative until you set them" in dialog.findChild(QLabel, "catalogMessage").text()
    sources = sources_frame(document.scenario)  # rows by field path
    price = sources.loc["models.Gemini 2.5 Pro.price_in_per_m"]
    assert "genai-prices 0.2.3, prices as of 2027-01-01" in price["Source"]
    assert price["Kind"] == "sourced"
    assert sources.loc["models.Gemini 2.5 Pro.ttft_p95_s", "Kind"] == "illustrative"
    trigger(window, "undoAction")
    assert document.scenario == before
    dialog.close()


def test_a_search_with_no_match_disables_add(scaledeck_window, qtbot):
    trigger(scaledeck_window, "addPartnerAction")
    dialog = _dialog(scaledeck_window, "catalogDialog")
    dialog.findChild(QLineEdit, "catalogSearch").setText("qzx no such model")
    qtbot.waitUntil(lambda: not dialog.rows.rows)
    assert not dialog.findChild(QPushButton, "addPartnerButton").isEnabled()
    assert dialog.findChild(QLabel, "catalogCount").text().startswith("0 models")
    dialog.close()


def test_update_prices_shows_old_and_new_and_applies_ticked_rows_in_one_step(
    scaledeck_window, qtbot
):
    window = scaledeck_window
    document = window.document
    _add_gemini(window, qtbot).close()
    index = len(document.scenario.models) - 1
    assert document.edit({f"models[{index}].price_in_per_m": 9.0}, "dearer")
    edited = document.scenario
    trigger(window, "updatePricesAction")
    dialog = _dialog(window, "priceUpdateDialog")
    table = dialog.findChild(QTableWidget, "priceUpdateTable")
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert cells == ["Gemini 2.5 Pro", "Google", "9.000", "1.250", "10.000", "10.000"]
    assert table.item(0, 0).checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(dialog.findChild(QPushButton, "applyPricesButton"), Qt.MouseButton.LeftButton)
    assert document.scenario.models[index].price_in_per_m == 1.25
    assert not dialog.isVisible()
    trigger(window, "undoAction")
    assert document.scenario == edited


def test_update_prices_with_no_match_says_so(scaledeck_window):
    trigger(scaledeck_window, "updatePricesAction")
    dialog = _dialog(scaledeck_window, "priceUpdateDialog")
    assert dialog.findChild(QLabel, "priceUpdateMessage").text().startswith("No partner model")
    assert not dialog.findChild(QPushButton, "applyPricesButton").isEnabled()
    dialog.close()


def test_a_placeholder_typed_over_is_no_longer_illustrative(scaledeck_window):
    """Issue: an added partner's latency is illustrative until the user sets it."""
    from datetime import date

    from core.formats.catalog import catalog
    from core.formats.catalog_edits import add_partner_changes
    from core.scenario.sources import source_for

    window = scaledeck_window
    document = window.document
    entry = catalog().find("Google", "Gemini 2.5 Pro")
    assert document.edit(add_partner_changes(document.scenario, entry, catalog()), "Add")
    row = len(document.scenario.models) - 1
    key = f"models[{row}].tpot_p95_ms"
    assert source_for(document.scenario, key).illustrative
    model = window.findChild(QTableView, "modelInputsTable").model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    tpot = next(c for c, h in enumerate(headers) if str(h).startswith("API TPOT"))
    assert model.setData(model.index(row, tpot), "22")
    source = source_for(document.scenario, key)
    assert (source.text, source.illustrative) == (f"Set by hand on {date.today()}.", False)
    assert source_for(document.scenario, f"models[{row}].ttft_p95_s").illustrative  # untouched
    document.undo_stack.undo()
    assert source_for(document.scenario, key).illustrative
