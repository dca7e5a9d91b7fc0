"""Names are data: names from a file never become formulas in CSV/XLSX or markup in charts.

A scenario file is input from anyone. A product called `=HYPERLINK(...)` must reach a
spreadsheet as that text, and a provider called `<i>x</i>` must reach a legend, the
brief or a slide as those characters.
"""

import io
import json
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

import core
from core.formats.export import FORMULA_STARTS, export_results
from core.formats.finance import finance_workbook_bytes
from core.scenario.edits import with_changes
from core.scenario.files import scenario_to_json

RENAMED = {  # default name -> hostile name
    "GitHub Copilot": '=HYPERLINK("http://evil.example","Copilot")',
    "Copilot consumer": "<b>bold</b> & <i>consumer</i>",
    "M365 Copilot Excel": "'quoted",
    "GPT-5 class": "+SUM(A1:A2)",
    "Claude Opus class": "-2+3",
    "OpenAI": "@cmd|' /C calc'!A0",
    "Anthropic": "<i>Anthropic</i>",
}


@pytest.fixture
def hostile(tmp_path) -> core.Scenario:
    """The default scenario's file with its product, model and provider names replaced."""
    text = scenario_to_json(core.default_scenario())
    for old, new in RENAMED.items():
        text = text.replace(json.dumps(old), json.dumps(new))
    path = tmp_path / "names.scaledeck.json"
    path.write_text(text, encoding="utf-8")
    scenario = core.load_scenario(path)
    assert {p.name for p in scenario.products} >= {RENAMED["GitHub Copilot"]}
    return scenario


def _unescaped(cell: object) -> object:
    """The documented CSV rule, reversed: drop one leading apostrophe from text."""
    return cell[1:] if isinstance(cell, str) and cell.startswith("'") else cell


def test_xlsx_keeps_names_as_text_never_formulas(hostile, tmp_path):
    out = export_results(hostile, core.evaluate(hostile), tmp_path / "r.xlsx")[0]
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert set(RENAMED.values()) <= texts  # verbatim: no apostrophe added in XLSX
    formula_like = [
        c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)
    ]
    assert all(c.quotePrefix for c in formula_like)  # text even once a reader edits the cell
    products = pd.read_excel(out, sheet_name="products")
    assert products["cost_usd"].dtype == float  # numbers stay numbers


def test_the_finance_workbook_keeps_every_name_as_text(hostile):
    """Its scenario list and row labels stored `=HYPERLINK(...)` as a live formula."""
    named = with_changes(hostile, {"name": '=HYPERLINK("http://evil.example","s")'})
    book = openpyxl.load_workbook(io.BytesIO(finance_workbook_bytes([named])))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    names = [n for n in (named.name, *RENAMED.values()) if n.startswith(FORMULA_STARTS)]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert len(formulas) > 500  # ScaleDeck's own, over cell references only
    assert not [f for f in formulas if any(n in f for n in names)]
    labels = [c for c in cells if isinstance(c.value, str) and c.value.startswith(tuple(names))]
    assert named.name in {c.value for c in labels}  # About's list of scenarios
    route = f"{RENAMED['GitHub Copilot']} -> "  # a product's row label, twice
    assert len([c for c in labels if c.value.startswith(route)]) >= 2
    assert all(c.data_type == "s" and c.quotePrefix for c in labels)


def test_csv_escapes_formula_starts_and_reads_back_verbatim(hostile, tmp_path):
    results = core.evaluate(hostile)
    export_results(hostile, results, tmp_path / "r.csv")
    products = pd.read_csv(tmp_path / "r-products.csv", comment="#")
    written = set(products["product"])
    assert '\'=HYPERLINK("http://evil.example","Copilot")' in written
    assert "''quoted" in written
    assert "<b>bold</b> & <i>consumer</i>" in written  # not formula-like: untouched
    assert set(products["product"].map(_unescaped)) == set(results.structure.product_names)
    models = pd.read_csv(tmp_path / "r-models.csv", comment="#")
    assert set(models["provider"].map(_unescaped)) >= {RENAMED["OpenAI"], RENAMED["Anthropic"]}
    assert (models["tokens"] >= 0).all()  # numbers are never prefixed
    kpis = pd.read_csv(tmp_path / "r.csv", comment="#")
    assert kpis.select_dtypes(exclude="number").empty


def test_chart_legends_show_names_as_typed(hostile, qapp):
    """The provider legend (on screen, in PNG/SVG exports and in the brief) is plain text."""
    from gui.document import ScenarioDocument
    from gui.views.charts.risk_charts import ProviderChart

    document = ScenarioDocument(hostile)
    chart = ProviderChart(document)
    labels = {label.item.toPlainText() for _sample, label in chart.legend.items}
    assert {RENAMED["OpenAI"], RENAMED["Anthropic"]} <= labels
    chart.deleteLater()
    document.deleteLater()


def test_the_brief_prints_names_as_typed(hostile, tmp_path, qapp):
    from gui.share.brief import write_brief

    out = tmp_path / "brief.pdf"
    assert write_brief(core.make_workbook(hostile), hostile.name, out) >= 2
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "<i>Anthropic</i>" in text
