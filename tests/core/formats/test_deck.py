"""The PowerPoint deck: native charts holding the numbers `evaluate --json` gives, the
headline on its title slide, a stamp on every slide, names kept as data; a deck that
argues (message titles, comparison and recommendation slides, meaning colours, the cost
combo chart, one appendix at 12 pt) is in test_deck_argues.py."""

import io
import json
import re
import shutil
import subprocess
import zipfile

import numpy as np
import openpyxl
import pytest
from pptx import Presentation

import core
from cli.main import main
from core.formats.deck import build_deck
from core.scenario.edits import with_changes
from core.scenario.files import save_workbook
from gui.style.theme import DARK, LIGHT, deck_colors

CHART_TITLES = (
    "Cost by component",
    "Capacity against busy-hour demand",
    "Latency against each product's promise",
    "External share by product",
    "Tokens served by provider",
    "Risk index",
    "Quality against each product's floor",
)


def slide_texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def charts_by_title(deck) -> dict[str, object]:
    """Each chart by its label (the line under the slide's message: what it shows, in units)."""
    found = {}
    for slide in deck.slides:
        charts = [s.chart for s in slide.shapes if s.has_chart]
        if charts:
            label = slide_texts(slide).split("\n")[1]
            found[label] = charts[0]
    return found


def default_book():
    return core.make_workbook(core.default_scenario())


def series_values(chart) -> dict[str, list[float]]:
    return {s.name: list(s.values) for s in chart.plots[0].series}


def evaluate_json(capsys) -> dict:
    assert main(["evaluate", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_deck_charts_hold_the_numbers_evaluate_gives(tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    data = evaluate_json(capsys)
    kpis, years = data["kpis"], data["years"]
    deck = Presentation(str(out))
    charts = charts_by_title(deck)
    assert [t.split(" (")[0].split(",")[0] for t in charts] == list(CHART_TITLES)
    cost = series_values(next(c for t, c in charts.items() if t.startswith("Cost")))
    for t, total in enumerate(kpis["total_cost_usd"]):
        assert sum(v[t] for v in cost.values()) == pytest.approx(total / 1e9, rel=1e-9)
    assert cost["Cloud burst"] == pytest.approx([v / 1e9 for v in kpis["cloud_burst_usd"]])
    assert cost["Partner API"] == pytest.approx([v / 1e9 for v in kpis["partner_spend_usd"]])
    capacity = series_values(next(c for t, c in charts.items() if t.startswith("Capacity")))
    results = core.evaluate(core.default_scenario())  # busy-hour H100-eq, as the dashboard's
    for name, column in (
        ("Available", "capacity_gpu_hours"),
        ("Busy-hour demand", "demand_gpu_hours"),
    ):
        busy = results.reference_gpus(np.asarray(kpis[column], dtype=float)) / 1e3
        assert capacity[name] == pytest.approx(list(busy)), name
    served = series_values(next(c for t, c in charts.items() if t.startswith("Tokens served")))
    shares = results.provider_arrays.token_share
    for k, name in enumerate(results.structure.providers):  # the shares the HHI squares
        assert served[name] == pytest.approx(list(100 * shares[:, k]), rel=1e-9)
    for t, hhi in enumerate(kpis["partner_hhi"]):
        outside = [v[t] for name, v in served.items() if name != "In-house"]
        assert sum(v**2 for v in outside) == pytest.approx(hhi, rel=1e-9)
    risk = series_values(next(c for t, c in charts.items() if t.startswith("Risk")))
    assert risk["Risk index"] == pytest.approx(kpis["risk_index"])
    t = years.index(2029)  # the product charts show the dashboard's opening year
    external = series_values(next(c for ti, c in charts.items() if ti.startswith("External")))
    quality = series_values(next(c for ti, c in charts.items() if ti.startswith("Quality")))
    products = data["products"]
    assert external["External share"] == pytest.approx(
        [p["external_token_share"][t] * 100 for p in products.values()]
    )
    assert quality["Quality"] == pytest.approx([p["quality"][t] for p in products.values()])
    assert quality["Floor"] == pytest.approx([p["quality_floor"][t] for p in products.values()])


def test_title_slide_has_the_headline_and_every_slide_the_stamp(tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(out), "--year", "2028"]) == 0
    capsys.readouterr()
    headline = evaluate_json(capsys)["headline"][2]
    deck = Presentation(str(out))
    slides = list(deck.slides)
    assert headline in slide_texts(slides[0])
    assert "✕ ACT: Partner HHI, over 2,500" in slide_texts(slides[0])
    assert any("Top risks, by dollars at stake" in slide_texts(s) for s in slides)
    assert any("Appendix: the inputs and their sources" in slide_texts(s) for s in slides)
    for slide in slides:
        assert "ScaleDeck | scenario Baseline |" in slide_texts(slide)
    assert deck.core_properties.comments.startswith("ScaleDeck | scenario Baseline |")
    risks = next(s for s in slides if "Top risks" in slide_texts(s))
    assert "partner HHI 4,177-4,369 in every year" in slide_texts(risks)
    tables = [s for s in slides for shape in s.shapes if shape.has_table]
    cells = [
        c.text for s in tables for sh in s.shapes if sh.has_table for c in sh.table.iter_cells()
    ]
    assert "Capex per GPU" in cells
    assert "$50,000" in cells
    assert "fleet.capex_per_gpu_usd" not in cells


def test_a_comparison_slide_carries_its_variant_s_stamp():
    """A variant's slide compares that variant: stamped with the deck's scenario, it named
    the baseline's inputs (x1 by 2029) under the variant's figures (x6)."""
    base = core.default_scenario()
    variant = with_changes(base, {"name": "Scale 6x", "fleet.scale": 6.0})
    blob = build_deck(core.make_workbook(base, (variant,)), base.name, 2029, deck_colors(LIGHT))
    title, comparison, *rest = Presentation(io.BytesIO(blob)).slides
    assert "ScaleDeck | scenario Scale 6x |" in slide_texts(comparison)
    assert "15,000 GPUs x 6 by 2029" in slide_texts(comparison)
    for slide in (title, *rest):  # the deck's own slides keep its scenario's
        assert "ScaleDeck | scenario Baseline |" in slide_texts(slide)


def test_the_deck_follows_the_theme():
    for theme in (LIGHT, DARK):
        deck = Presentation(
            io.BytesIO(build_deck(default_book(), "Baseline", 2029, deck_colors(theme)))
        )
        slide = deck.slides[1]
        assert str(slide.background.fill.fore_color.rgb) == theme.background.lstrip("#").upper()
        burst = next(s for s in slide.shapes if s.has_chart).chart.plots[0].series[5]
        assert str(burst.format.fill.fore_color.rgb) == "E69F00"  # Cloud burst, both themes


def test_names_are_data_in_the_deck():
    base = core.default_scenario()
    scenario = with_changes(
        base,
        {
            "name": '=HYPERLINK("x")',
            "products[0].name": "=SUM(A1)",
            "models[4].provider": "<b>x</b>",
        },
    )
    book = core.make_workbook(scenario)
    blob = build_deck(book, scenario.name, 2029, deck_colors(LIGHT))
    deck = Presentation(io.BytesIO(blob))
    assert 'ScaleDeck: =HYPERLINK("x")' in slide_texts(deck.slides[0])
    assert slide_texts(deck.slides[0]).startswith('=HYPERLINK("x"): present cost')
    charts = charts_by_title(deck)
    external = next(c for t, c in charts.items() if t.startswith("External"))
    assert external.plots[0].categories[0] == "=SUM(A1)"
    served = next(c for t, c in charts.items() if t.startswith("Tokens served"))
    assert "<b>x</b>" in [s.name for s in served.plots[0].series]
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        books = [n for n in archive.namelist() if n.endswith(".xlsx")]
        assert len(books) == 7
        for name in books:
            sheet = openpyxl.load_workbook(io.BytesIO(archive.read(name))).active
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, cell.coordinate, cell.value)


def test_deck_of_a_variant_from_a_file(tmp_path, capsys):
    base = core.default_scenario()
    variant = with_changes(base, {"name": "Scale 3x", "fleet.scale": 3.0})
    path = tmp_path / "two.scaledeck.json"
    save_workbook(core.make_workbook(base, (variant,)), path)
    out = tmp_path / "variant.pptx"
    assert main(["deck", str(path), str(out), "--scenario", "Scale 3x"]) == 0
    deck = Presentation(str(out))
    assert "ScaleDeck: Scale 3x" in slide_texts(deck.slides[0])
    risk = series_values(charts_by_title(deck)["Risk index (0-100, lower is safer)"])
    assert risk["Baseline"] == pytest.approx(core.evaluate(base).yearly.risk_index.tolist())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deck", "out.pdf"], "error: out.pdf: the output must end in .pptx\n"),
        (
            ["deck", "{tmp}/deck.pptx", "--year", "2040"],
            "error: year: 2040 is outside the horizon 2026-2031\n",
        ),
        (["deck", "{tmp}/none/deck.pptx"], "its folder does not exist"),
    ],
)
def test_deck_errors_are_one_line(tmp_path, capsys, argv, message):
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_window_exports_the_deck(scaledeck_window, tmp_path):
    out = tmp_path / "from window.pptx"
    assert scaledeck_window.exports.deck_to(out)
    deck = Presentation(str(out))
    assert len(charts_by_title(deck)) == 7
    assert scaledeck_window.findChild(
        type(scaledeck_window.menuBar().actions()[0]), "exportDeckAction"
    )


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_converts_the_deck_to_pdf(tmp_path):
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(out)]) == 0
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    pdf = (tmp_path / "deck.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(Presentation(str(out)).slides)


def test_the_capacity_slide_counts_as_the_dashboard_does():
    """In fleet GPU-hours a 6x GB200 deck showed busy-hour demand at 35.3 against the
    baseline's 91.5: as if faster GPUs cut demand 61%. In thousands of H100-equivalents
    at the busy hour (the dashboard's and Compare's unit) the same work reads the same,
    within 2%: a fleet's hours become H100 hours at its speed on the year's work
    (docs/model.md#F-busy-hour), whose product mix is not the busy hour's. Since replicas
    span at most two NVLink domains, GB200 runs 3.7-6.4x H100 by product (was 2.6-2.8x),
    so the two mixes differ by 1.9% here (0.03% before)."""
    from core.formats.deck_charts import chart_specs
    from core.scenario.edits import with_generation

    base = core.default_scenario()
    faster = with_changes(with_generation(base, "GB200"), {"fleet.scale": 6.0})
    colors = deck_colors(LIGHT)

    def capacity(scenario: core.Scenario) -> dict[str, tuple[float | None, ...]]:
        results = core.evaluate(scenario)
        spec = next(s for s in chart_specs(results, results, 2029, colors) if "Capacity" in s.label)
        assert spec.label.endswith("(thousand H100-eq, busy hour)")
        return {series.name: series.values for series in spec.series}

    before, after = capacity(base), capacity(faster)
    t = base.horizon.years.index(2029)
    assert after["Busy-hour demand"][t] == pytest.approx(before["Busy-hour demand"][t], rel=0.02)
    assert after["Available"][t] > 10 * before["Available"][t]
    results = core.evaluate(base)
    assert before["Available"][t] == pytest.approx(
        results.reference_gpus(results.yearly.capacity_gpu_hours)[t] / 1e3
    )
