"""The views' data contract: they draw the payload each signal carries, once per change."""

import ast
from pathlib import Path

import pytest
from paths import ROOT

import core
from gui.app import application
from gui.document import ScenarioDocument, Shown
from gui.main_window import MainWindow

VIEWS = ROOT / "gui" / "views"
EDITORS = ROOT / "gui" / "editors"
# What a view may touch on the document: the signals it follows and the snapshot it draws
# once when built. Everything else comes in the payload; a view never edits. An editor
# (a table a user types into, gui/editors) follows the same payloads and may `edit`, or
# say why it will not (`editRejected`: a typed value refused in the cell's own unit).
ALLOWED = {"resultsChanged", "yearChanged", "referenceChanged", "shown"}
EDITING = ALLOWED | {"edit", "editRejected"}


def _document_reads(path: Path, allowed: set[str] = ALLOWED) -> list[str]:
    """`document.x` / `self._doc.x` attribute uses in one module, as 'line: x'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        named = isinstance(owner, ast.Name) and owner.id == "document"
        held = isinstance(owner, ast.Attribute) and owner.attr == "_doc"
        if (named or held) and node.attr not in allowed:
            found.append(f"{node.lineno}: {node.attr}")
    return found


@pytest.mark.parametrize("path", sorted(VIEWS.rglob("*.py")), ids=lambda p: p.name)
def test_views_never_read_the_document_back_nor_edit(path):
    assert _document_reads(path) == []


@pytest.mark.parametrize("path", sorted(EDITORS.rglob("*.py")), ids=lambda p: p.name)
def test_editors_read_only_payloads_and_edit(path):
    assert _document_reads(path, EDITING) == []


def test_the_rule_check_sees_a_read_back_and_an_edit(tmp_path):
    module = tmp_path / "view.py"
    module.write_text(
        "def f(self, document):\n    document.results\n    self._doc.year\n"
        "    self._doc.edit({}, 'x')\n"
    )
    assert _document_reads(module) == ["2: results", "3: year", "4: edit"]
    assert _document_reads(module, EDITING) == ["2: results", "3: year"]


def _payloads(document: ScenarioDocument) -> dict[str, list[Shown]]:
    seen: dict[str, list[Shown]] = {"results": [], "year": [], "reference": []}
    document.resultsChanged.connect(seen["results"].append)
    document.yearChanged.connect(seen["year"].append)
    document.referenceChanged.connect(seen["reference"].append)
    return seen


def test_one_edit_is_one_results_payload_consistent_with_the_document(qapp):
    document = ScenarioDocument(core.default_scenario())
    seen = _payloads(document)
    assert document.edit({"fleet.scale": 4.0}, "Scale")
    assert [len(v) for v in seen.values()] == [1, 0, 0]
    shown = seen["results"][0]
    assert shown == document.shown
    assert shown.scenario.fleet.scale == 4.0
    assert shown.results.scenario_name == shown.scenario.name
    assert shown.reference is document.reference_results


def test_a_shorter_horizon_gives_a_payload_whose_year_is_in_it(qapp):
    document = ScenarioDocument(core.default_scenario())
    document.set_year(2031)
    seen = _payloads(document)
    assert document.edit({"horizon.end_year": 2028}, "Horizon")
    shown = seen["results"][0]
    assert shown.year == 2028
    assert shown.year in shown.results.years
    assert [s.year for s in seen["year"]] == [2028]  # the year slider follows


def test_saving_changes_the_reference_and_says_so_once(qapp):
    document = ScenarioDocument(core.default_scenario())
    document.edit({"fleet.scale": 4.0}, "Scale")
    seen = _payloads(document)
    document.mark_saved()
    assert [len(v) for v in seen.values()] == [0, 0, 1]
    assert seen["reference"][0].reference.yearly.gpus.tolist() == (
        seen["reference"][0].results.yearly.gpus.tolist()
    )


def test_reference_year_falls_back_to_the_references_last_year(qapp):
    document = ScenarioDocument(core.default_scenario())
    document.edit({"horizon.end_year": 2033}, "Horizon")
    document.set_year(2033)
    assert document.shown.reference_year == document.reference_results.years[-1]


def test_a_slider_move_refreshes_the_open_table_once(qtbot, monkeypatch):
    application()
    window = MainWindow(core.default_scenario())
    window.tables.setCurrentWidget(window.tables.products_page)
    frames = []
    model = window.tables.products_model
    monkeypatch.setattr(model, "set_frame", frames.append)
    window.document.edit({"fleet.scale": 3.0}, "Scale")
    assert len(frames) == 1
    window.document.set_year(2030)
    assert len(frames) == 2
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
