"""Exports as analysts read them: the tables, the stamp, sources, and the files written.

Pure core and CLI (no Qt), so these run under mutation testing too.
"""

import json
import re
from datetime import datetime
from io import StringIO

import pandas as pd
import pytest

import core
from cli.main import main
from core.formats.export import (
    column_unit,
    csv_texts,
    export_files,
    export_results,
    inputs_table,
    key_inputs,
    result_tables,
    stamp,
    value_text,
    xlsx_bytes,
)
from core.scenario.edits import with_changes
from core.scenario.sources import named_path, source_for

WHEN = datetime(2026, 11, 29, 9, 5)


def test_xlsx_holds_the_same_numbers_as_evaluate_json(tmp_path, capsys):
    out = tmp_path / "results.xlsx"
    assert main(["export", str(out)]) == 0
    assert main(["evaluate", "--json"]) == 0
    printed = capsys.readouterr().out
    evaluated = json.loads(printed[printed.index("{") :])
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == ["about", "kpis", "products", "models", "providers", "inputs"]
    kpis = sheets["kpis"].set_index("year")
    assert list(kpis.index) == evaluated["years"]
    for name, values in evaluated["kpis"].items():
        expected = [float("nan") if v is None else v for v in values]
        assert kpis[name].to_numpy() == pytest.approx(expected, rel=1e-12, nan_ok=True), name
    products = sheets["products"].set_index(["product", "year"])
    for product, columns in evaluated["products"].items():
        for column, values in columns.items():
            assert products.loc[product, column].to_numpy() == pytest.approx(
                [float(v) for v in values]
            ), column
    assert "scenario Baseline" in sheets["about"].iloc[0, 0]


def test_csv_export_writes_one_file_per_table_and_the_stamp_beside(tmp_path, capsys):
    book = tmp_path / "book.scaledeck.json"
    base = core.default_scenario()
    variant = base.model_copy(update={"name": "Big"})
    core.save_workbook(core.make_workbook(base).forked("Baseline", "Big"), book)
    out = tmp_path / "r.csv"
    assert main(["export", str(book), str(out), "--scenario", "Big"]) == 0
    written = capsys.readouterr().out.split()
    assert len([w for w in written if w.endswith(".csv")]) == 6
    assert out.read_text().startswith("year,gpus,")
    about = pd.read_csv(tmp_path / "r-about.csv").set_index("field")["value"]
    assert about["ScaleDeck export"].startswith("ScaleDeck | scenario Big | ")
    assert about["scenario"] == "Big"
    assert about["unit of kpis.total_cost_usd"] == "USD"
    assert pd.read_csv(out)["total_cost_usd"].equals(
        pd.read_csv(out, comment="#")["total_cost_usd"]
    )
    kpis = pd.read_csv(out, comment="#")
    expected = core.evaluate(variant).by_year["total_cost_usd"].to_numpy()
    assert kpis["total_cost_usd"].to_numpy() == pytest.approx(expected)
    for table in ("products", "models", "providers", "inputs"):
        assert not pd.read_csv(tmp_path / f"r-{table}.csv", comment="#").empty


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "out.txt"], "must end in .xlsx or .csv"),
        (["export", "/no/such/folder/out.xlsx"], "its folder does not exist"),
        (["report", "brief.png"], "must end in .pdf"),
    ],
)
def test_share_commands_name_a_bad_output(args, message, capsys):
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_report_refuses_a_year_outside_the_horizon(tmp_path, capsys):
    assert main(["report", str(tmp_path / "b.pdf"), "--year", "1999"]) == 2
    assert capsys.readouterr().err == "error: year: 1999 is outside the horizon 2026-2031\n"
    assert not (tmp_path / "b.pdf").exists()


def test_every_default_number_has_a_source_or_says_illustrative():
    table = inputs_table(core.default_scenario())
    numbers = table[
        table["value"].map(
            lambda v: isinstance(v, int | float) and v is not True and v is not False
        )
    ]
    missing = numbers[~numbers["kind"].isin(["sourced", "illustrative"])]
    assert missing.empty, missing["input"].tolist()


def test_a_source_is_the_most_specific_one_that_covers_the_input():
    scenario = core.default_scenario()
    assert source_for(scenario, "models[0].mfu_train").text.startswith("Default 0.40")
    assert "500B" in source_for(scenario, "models[0].total_params").text  # MAI-1-preview's own
    assert source_for(scenario, "models[0].active_params").illustrative
    assert (
        source_for(scenario, "provider_availability.OpenAI")
        == scenario.sources["provider_availability"]
    )
    assert source_for(scenario, "provider_availability.In-house").illustrative
    assert "list prices" in source_for(scenario, "models[3].price_out_per_m").text
    assert (
        source_for(scenario, "products[2].routing.GPT-5 class")
        == scenario.sources["products.routing"]
    )
    assert source_for(scenario, "name") is None


def test_the_stamp_names_the_scenario_time_and_key_inputs(tiny):
    scenario = tiny({"fleet.scale": 2.5, "levers.in_house_shift": 0.25, "levers.price_shock": 1.5})
    assert key_inputs(scenario) == {
        "Fleet": "1,000 GPUs x 2.5 by 2027 (REF added)",
        "In-house shift": "25%",
        "Partner price shock": "x1.5",
        "Demand growth": "x1",
        "Horizon": "2026-2027",
    }
    assert stamp(scenario, WHEN) == (
        "ScaleDeck | scenario Tiny | 2026-11-29 09:05 | Fleet: 1,000 GPUs x 2.5 by 2027 "
        "(REF added); In-house shift: 25%; Partner price shock: x1.5; Demand growth: x1; "
        "Horizon: 2026-2027"
    )


def test_the_stamp_names_a_build_plan_s_generations():
    """A plan variant buying only GB200 was stamped "15,000 GPUs x 1 by 2029 (H100 added)"
    on the brief, every deck footer and the export's about sheet."""
    plan = [
        {"year": 2029, "gpu": "GB200", "gpus": 30_000},
        {"year": 2030, "gpu": "B200", "gpus": 5_000},
        {"year": 2031, "gpu": "GB200", "gpus": 22_651},
    ]
    scenario = with_changes(core.default_scenario(), {"build_plan": plan})
    assert key_inputs(scenario)["Fleet"] == (
        "15,000 H100 + a build plan adding 52,651 GB200, 5,000 B200"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1234567, "0.123457"),
        (1234567.0, "1.23457e+06"),
        (15000, "15,000"),
        (2026, "2026"),
        (9999, "9999"),
        (-20000, "-20,000"),
        (True, "True"),
        ("H100", "H100"),
    ],
)
def test_input_values_read_as_people_write_them(value, text):
    assert value_text(value) == text


def test_rows_are_named_in_paths(tiny):
    scenario = tiny()
    assert named_path(scenario, "products[1].growth") == "products.B.growth"
    assert named_path(scenario, "models[0].quality.a") == "models.Own.quality.a"
    assert named_path(scenario, "gpu_catalog[1].tdp_w") == "gpu_catalog.NEW.tdp_w"
    assert named_path(scenario, "fleet.scale") == "fleet.scale"


def test_the_inputs_table_lists_every_leaf_with_its_kind(tiny):
    sources = {
        "fleet": {"text": "Fleet figures.", "illustrative": False},
        "models.Own": {"text": "Own model.", "illustrative": True},
        "models.price_per_m": {"text": "List prices.", "illustrative": False},
    }
    table = inputs_table(tiny({"sources": sources})).set_index("input")
    assert table.loc["fleet.pue", "value"] == 1.0
    assert table.loc["fleet.pue", "kind"] == "sourced"
    assert table.loc["fleet.pue", "source"] == "Fleet figures."
    assert table.loc["models[0].measured_tokens_per_gpu_s", "kind"] == "illustrative"
    assert table.loc["models[1].price_in_per_m", "source"] == "List prices."
    assert table.loc["horizon.start_year", "kind"] == ""
    assert table.loc["products[0].fallback", "value"] == "Ext, Own"
    assert table.loc["products[0].routing.Own", "value"] == 0.5
    assert "sources" not in " ".join(table.index)


def test_csv_texts_open_with_the_header_and_read_back(tiny):
    results = core.evaluate(tiny())
    frame = results.by_year.reset_index()
    texts = csv_texts({"kpis": frame})
    assert texts["kpis"].startswith("year,")
    from io import StringIO

    for comment in (None, "#"):  # old readers pass comment="#" for the stamp line
        back = pd.read_csv(StringIO(texts["kpis"]), comment=comment)
        assert back["total_cost_usd"].to_numpy() == pytest.approx(
            frame["total_cost_usd"].to_numpy()
        )


def test_every_numeric_result_column_has_a_unit(tiny):
    scenario = tiny()
    for name, frame in result_tables(scenario, core.evaluate(scenario)).items():
        for column in frame.select_dtypes(include=["number", "bool"]).columns:
            assert column_unit(str(column)), f"{name}.{column}"
    assert column_unit("total_cost_usd") == "USD"
    assert column_unit("cost_per_m_tokens_usd") == "USD per million tokens"
    assert column_unit("tpot_p95_ms") == "milliseconds"
    assert column_unit("ttft_p95_s") == "seconds"
    assert column_unit("product") == ""


def test_xlsx_tables_have_units_formats_widths_and_a_frozen_header(tmp_path, tiny):
    import openpyxl

    scenario = tiny()
    path = tmp_path / "r.xlsx"
    export_results(scenario, core.evaluate(scenario), path, WHEN)
    kpis = openpyxl.load_workbook(path)["kpis"]
    headers = {c.value: c for c in kpis[1]}
    assert headers["total_cost_usd"].comment.text == "Unit: USD"
    assert kpis.cell(2, headers["total_cost_usd"].column).number_format == "#,##0"
    assert kpis.cell(2, headers["utilization"].column).number_format == "0.0%"
    assert kpis.freeze_panes == "B2"
    width = kpis.column_dimensions[headers["in_house_cost_per_m_tokens_usd"].column_letter].width
    assert width >= len("in_house_cost_per_m_tokens_usd")


def test_xlsx_has_an_about_sheet_and_the_stamp_as_description(tmp_path, tiny):
    frame = core.evaluate(tiny()).by_year.reset_index()
    data = xlsx_bytes({"kpis": frame}, "ScaleDeck | y")
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["about", "kpis"]
    assert sheets["about"].columns[0] == "ScaleDeck export"
    assert sheets["about"].iloc[0, 0] == "ScaleDeck | y"
    import openpyxl

    book = openpyxl.load_workbook(path)
    assert book.properties.title == "ScaleDeck results"
    assert book.properties.description == "ScaleDeck | y"


def test_export_results_writes_what_it_returns_and_refuses_other_suffixes(tmp_path, tiny):
    scenario = tiny()
    results = core.evaluate(scenario)
    written = export_results(scenario, results, tmp_path / "Out.CSV", WHEN)
    assert [p.name for p in written] == [
        "Out.CSV",
        "Out-products.csv",
        "Out-models.csv",
        "Out-providers.csv",
        "Out-inputs.csv",
        "Out-about.csv",
    ]
    assert not any(p.read_text().startswith("#") for p in written)
    assert "ScaleDeck | scenario Tiny | 2026-11-29 09:05" in written[-1].read_text()
    assert export_results(scenario, results, tmp_path / "r.xlsx", WHEN) == [tmp_path / "r.xlsx"]
    with pytest.raises(
        ValueError, match=re.escape("r.txt: results are exported as .xlsx or .csv, not '.txt'")
    ):
        export_results(scenario, results, tmp_path / "r.txt", WHEN)
    assert not (tmp_path / "r.txt").exists()


def test_a_field_holding_a_hash_is_quoted_so_read_csv_comment_keeps_it(tiny):
    """docs/cli.md promises `read_csv(comment="#")`; "C# Copilot" came back as "C"."""
    frame = pd.DataFrame({"product": ["C# Copilot", "plain"], "cost_usd": [1.0, 2.0]})
    text = csv_texts({"products": frame})["products"]
    assert text.splitlines() == ["product,cost_usd", '"C# Copilot",1.0', "plain,2.0"]
    assert pd.read_csv(StringIO(text), comment="#").equals(frame)
    scenario = tiny({"products[0].name": "C# A", "name": "Plan #2"})
    texts = csv_texts(result_tables(scenario, core.evaluate(scenario)))
    products = pd.read_csv(StringIO(texts["products"]), comment="#")
    assert set(products["product"]) == {"C# A", "B"}


def test_true_false_columns_are_booleans_in_csv_and_xlsx(tmp_path, tiny):
    """Their unit says true/false: 1.0 and 0.0 read as numbers to sum, TRUE/FALSE do not."""
    import openpyxl

    scenario = tiny()
    results = core.evaluate(scenario)
    export_results(scenario, results, tmp_path / "r.csv", WHEN)
    products = pd.read_csv(tmp_path / "r-products.csv")
    assert products["meets_slo"].dtype == bool
    assert products["meets_slo"].tolist() == (results.products["meets_slo"] > 0.5).tolist()
    assert pd.read_csv(tmp_path / "r-models.csv")["serving"].dtype == bool
    export_results(scenario, results, tmp_path / "r.xlsx", WHEN)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    for sheet, column in (("products", "meets_slo"), ("models", "serving")):
        headers = {c.value: c.column for c in book[sheet][1]}
        cells = [row[headers[column] - 1] for row in book[sheet].iter_rows(min_row=2)]
        assert {c.data_type for c in cells} == {"b"}, sheet


def test_the_exported_inputs_carry_the_unit_of_each_stored_value():
    scenario = core.default_scenario()
    inputs = result_tables(scenario, core.evaluate(scenario))["inputs"].set_index("input")
    assert list(inputs.columns) == ["value", "source", "kind", "unit"]  # added last
    assert inputs.loc["fleet.capex_per_gpu_usd", "unit"] == "USD"
    assert inputs.loc["fleet.electricity_usd_per_kwh", "unit"] == "USD/kWh"
    assert inputs.loc["fleet.cost_of_capital", "value"] == 0.08
    assert inputs.loc["fleet.cost_of_capital", "unit"] == "share (0-1) a year"  # not "%"
    assert inputs.loc["products[0].routing.GPT-5 class", "unit"] == "share (0-1) of tokens"
    assert inputs.loc["gpu_catalog[0].tdp_w", "unit"] == "W"
    assert inputs.loc[["name", "fleet.gpu", "fleet.refresh"], "unit"].tolist() == ["", "", ""]


def test_export_files_are_the_files_an_export_writes(tmp_path):
    assert export_files(tmp_path / "r.xlsx") == [tmp_path / "r.xlsx"]
    names = [p.name for p in export_files(tmp_path / "o.csv")]
    assert names == [f"o{t}.csv" for t in ("", "-products", "-models", "-providers", "-inputs")] + [
        "o-about.csv"
    ]


def test_both_exports_give_the_present_cost_and_the_horizon_cost(tmp_path, capsys):
    """Neither the XLSX nor the CSV set held a present cost: a recipient could only sum
    total_cost_usd, the undiscounted 6-year cost, and quote it as the cost."""
    assert main(["evaluate", "--json"]) == 0
    printed = capsys.readouterr().out
    evaluated = json.loads(printed[printed.index("{") :])
    assert main(["export", str(tmp_path / "r.xlsx")]) == 0
    assert main(["export", str(tmp_path / "r.csv")]) == 0
    sheet = pd.read_excel(tmp_path / "r.xlsx", sheet_name="about")
    xlsx = sheet.set_index("ScaleDeck export")
    csv_about = pd.read_csv(tmp_path / "r-about.csv").set_index("field")["value"]
    words = {
        "pv_cost_usd": "present cost (the figure to quote)",
        "horizon_cost_usd": "undiscounted",
    }
    for key, said in words.items():
        assert xlsx.loc[key, "value"] == pytest.approx(evaluated[key], rel=1e-12)
        assert float(csv_about[key]) == pytest.approx(evaluated[key], rel=1e-12)
        for unit in (xlsx.loc[key, "unit"], csv_about[f"unit of {key}"]):
            assert unit.startswith("USD: ")
            assert said in unit
            assert "2026-2031" in unit
    assert "6-year cost (undiscounted)" in csv_about["unit of horizon_cost_usd"]
    import openpyxl

    about = openpyxl.load_workbook(tmp_path / "r.xlsx")["about"]
    assert about["A2"].value.startswith("ScaleDeck | scenario Baseline")  # the stamp stays first
    assert [about[f"B{row}"].number_format for row in (3, 4)] == ["#,##0", "#,##0"]
