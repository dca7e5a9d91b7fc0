"""Files, messages, edits, workbooks and exports, checked to the character a user reads.

Each test pins one promise of core/scenario/files.py, messages.py, edits.py, workbook.py, export.py
or checks.py with hand-written expected values: the exact sentence of an error, a limit
accepted at its edge and refused one past it, the bytes of a saved file, the cells of an
export.
"""

import io
import json
import os
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from pydantic import BaseModel, Field, ValidationError

import core
from core.formats.export import inputs_table, stamp, value_text, xlsx_bytes
from core.scenario.checks import Problem, ScenarioError
from core.scenario.edits import field_value, with_changes, with_generation
from core.scenario.files import (
    MAX_FILE_BYTES,
    parse_workbook,
    read_json,
    save_scenario,
    scenario_to_json,
    workbook_to_json,
)
from core.scenario.messages import scenario_error
from core.scenario.sources import source_for
from core.scenario.workbook import Workbook, make_workbook

WHEN = datetime(2026, 11, 29, 9, 5)


def file_data(scenario: core.Scenario) -> dict:
    return json.loads(scenario_to_json(scenario))


def lines_of(call, *args) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        call(*args)
    return [str(p) for p in caught.value.problems]


def bad_growth(count: int) -> list[dict]:
    """A valid product, then `count` whose growth is below its minimum -0.9 (one error each)."""
    product = {
        "name": "P",
        "task": "a",
        "tokens_per_year": 1.0,
        "growth": -5.0,
        "prompt_tokens": 1000.0,
        "output_tokens": 1000.0,
        "peak_to_average": 1.0,
        "quality_floor": 0.0,
        "routing": {"Own": 1.0},
    }
    return [product | {"growth": 0.0}] + [product | {"name": f"P{i}"} for i in range(count)]


# --- messages: the sentences of pydantic errors -------------------------------------------


def test_fifty_problems_are_all_listed_and_more_are_summed_up(tiny):
    fifty = lines_of(with_changes, tiny(), {"products": bad_growth(50)})
    assert len(fifty) == 50
    assert fifty[49] == "products[50].growth: -5 is below the minimum -0.9"
    fifty_three = lines_of(with_changes, tiny(), {"products": bad_growth(53)})
    assert len(fifty_three) == 51
    assert fifty_three[49] == "products[50].growth: -5 is below the minimum -0.9"
    assert fifty_three[50] == "... and 3 more problems"  # no path, so no colon either
    with pytest.raises(ScenarioError) as caught:
        with_changes(tiny(), {"products": bad_growth(53)})
    assert str(caught.value).endswith(
        "products[50].growth: -5 is below the minimum -0.9\n... and 3 more problems"
    )


def test_a_file_lists_at_most_fifty_one_lines_baseline_first(tiny):
    data = file_data(tiny())
    baseline = {k: v for k, v in data.items() if k != "schema_version"}
    data["products"] = bad_growth(53)
    variant = baseline | {"name": "V", "products": bad_growth(2)}
    lines = lines_of(parse_workbook, data | {"variants": [variant]})
    assert len(lines) == 51
    assert lines[-1] == "... and 3 more problems"
    data["products"] = baseline["products"]
    lines = lines_of(parse_workbook, data | {"variants": [baseline | {"products": bad_growth(52)}]})
    assert lines[49:] == [
        "variants[0].products[50].growth: -5 is below the minimum -0.9",
        "variants[0]: ... and 2 more problems",
    ]


def test_a_path_that_ends_in_a_capital_x_keeps_it(tiny):
    data = file_data(tiny())
    data["products"][1]["routing"] = {"X": 1.5}
    assert lines_of(parse_workbook, data) == ["products[1].routing.X: 1.5 is above the maximum 1"]


def test_each_kind_of_table_row_names_its_field_without_the_kind_tag(tiny):
    data = file_data(tiny())
    data["models"][0]["active_params"] = -1.0
    data["models"][1]["price_in_per_m"] = -2.0
    data["models"][1]["quality"] = {"a": 90, "b": 90, "": 50}
    data["models"].append(file_data(tiny())["models"][1] | {"name": "Valid"})
    data["products"][0]["routing"] = {"Own": 0.5, "Ext": 0.5, "my model": 2.0}
    assert lines_of(parse_workbook, data) == [
        "models[0].active_params: -1 must be above 0",
        "models[1].price_in_per_m: -2 is below the minimum 0",
        "models[1].quality['']: must not be blank",
        "products[0].routing['my model']: 2 is above the maximum 1",
    ]


def test_a_bad_key_of_a_table_is_named_by_its_position():
    with pytest.raises(ScenarioError) as caught:
        with_changes(core.default_scenario(), {"models[0].quality": {7: 50.0}})
    assert str(caught.value) == "models[0].quality[7]: must be a valid string, got a number 7"


def test_missing_and_non_finite_values_read_as_sentences(tiny):
    data = file_data(tiny())
    del data["models"][0]["available_from"]
    del data["products"][1]["task"]
    assert lines_of(parse_workbook, data) == [
        "models[0].available_from: is required",
        "products[1].task: is required",
    ]
    assert lines_of(with_changes, tiny(), {"fleet.scale": float("nan")}) == [
        "fleet.scale: NaN and infinity are not allowed"
    ]


def test_a_cross_field_rule_and_a_value_error_read_as_sentences(tiny):
    assert lines_of(with_changes, tiny(), {"horizon.end_year": 2025}) == [
        "horizon: end_year 2025 is before start_year 2026"
    ]
    assert lines_of(with_changes, tiny(), {"fleet.gpu": "X9"}) == [
        "fleet.gpu: unknown GPU 'X9' (catalog: NEW, REF)"
    ]


def test_a_workbook_validated_as_data_prefixes_each_scenarios_problems(tiny):
    raw = tiny().model_dump(mode="json")
    bad_rule = raw | {"name": "V", "fleet": raw["fleet"] | {"gpu": "X9"}}
    with pytest.raises(ValidationError) as caught:
        Workbook.model_validate({"baseline": raw | {"name": 7}, "variants": [bad_rule]})
    assert [str(p) for p in scenario_error(caught.value).problems] == [
        "baseline.name: must be a valid string, got a number 7",
        "variants[0].fleet.gpu: unknown GPU 'X9' (catalog: NEW, REF)",
    ]


def test_too_many_variants_are_counted(tiny):
    variants = tuple(tiny({"name": f"V{i}"}) for i in range(101))
    assert lines_of(make_workbook, tiny(), variants) == ["variants: has 101 entries; at most 100"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("x" * 38, "'" + "x" * 38 + "'"),  # 40 characters: shown whole
        ("x" * 39, "'" + "x" * 36 + "..."),  # 41: cut to 37 and an ellipsis
    ],
)
def test_a_long_wrong_value_is_shortened_past_forty_characters(tiny, value, shown):
    assert lines_of(with_changes, tiny(), {"fleet.scale": value}) == [
        f"fleet.scale: must be a valid number, got a string {shown}"
    ]


@pytest.mark.parametrize(
    ("value", "got"),
    [
        (2.5, "a number 2.5"),
        (None, "null"),
        ([1, 2], "an array [1, 2]"),
        ({"a": 1}, "an object {'a': 1}"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_named_as_json_names_it(tiny, value, got):
    data = file_data(tiny())
    data["fleet"]["baseline_gpus"] = value
    assert lines_of(parse_workbook, data) == [
        f"fleet.baseline_gpus: must be a valid integer, got {got}"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "file: expected a JSON object, got null"),
        (7, "file: expected a JSON object, got a number"),
        (7.5, "file: expected a JSON object, got a number"),
        (True, "file: expected a JSON object, got a boolean"),
        ("{}", "file: expected a JSON object, got a string"),
        (b"{}", "file: expected a JSON object, got bytes"),  # undecoded text
    ],
)
def test_a_file_that_is_no_object_says_what_it_is(data, message):
    assert lines_of(parse_workbook, data) == [message]


def test_variants_that_are_not_objects_say_what_they_are(tiny):
    data = file_data(tiny())
    assert lines_of(parse_workbook, data | {"variants": None}) == [
        "variants: must be an array, got null"
    ]
    assert lines_of(parse_workbook, data | {"variants": [None, "x"]}) == [
        "variants[0]: expected a JSON object, got null",
        "variants[1]: expected a JSON object, got a string",
    ]


class Window(BaseModel):
    """A model with bounds the scenario does not use: the messages cover every bound kind."""

    share: float = Field(default=0.0, lt=1.0)
    day: date = Field(default=date(2026, 1, 1), ge=date(2026, 1, 1))


def test_every_bound_kind_reads_as_a_sentence():
    with pytest.raises(ValidationError) as caught:
        Window.model_validate({"share": 1.5, "day": "2025-01-02"})
    assert str(scenario_error(caught.value)) == (
        "share: 1.5 must be below 1\nday: '2025-01-02' is below the minimum 2026-01-01"
    )


def test_a_value_that_does_not_parse_says_what_was_expected():
    with pytest.raises(ValidationError) as caught:
        Window.model_validate({"day": "soon"})
    assert str(scenario_error(caught.value)) == (
        "day: must be a valid date or datetime, input is too short, got a string 'soon'"
    )


# --- checks: rules between fields -----------------------------------------------------------


def test_control_characters_are_found_in_every_name(tiny):
    changes = {
        "name": "T\x00",
        "gpu_catalog[1].name": "N\x1b",
        "fleet.gpu": "N\x1b",
        "models[1].name": "E\x7f",
        "models[1].provider": "P\x01",
        "products[0].routing": {"Own": 0.5, "E\x7f": 0.5},
        "products[0].fallback": [],
        "products[1].routing": {"E\x7f": 1.0},
        "products[1].name": "B\x02",
        "products[1].task": "b\x03",
        "models[0].quality": {"a": 80, "b\x03": 60},
        "models[1].quality": {"a": 80, "b\x03": 60},
        "provider_availability": {},
    }
    assert lines_of(with_changes, tiny(), changes) == [
        "name: 'T\\x00' contains control characters (U+0000)",
        "gpu_catalog[1].name: 'N\\x1b' contains control characters (U+001B)",
        "models[1].name: 'E\\x7f' contains control characters (U+007F)",
        "models[1].provider: 'P\\x01' contains control characters (U+0001)",
        "products[1].name: 'B\\x02' contains control characters (U+0002)",
        "products[1].task: 'b\\x03' contains control characters (U+0003)",
    ]


def test_a_problem_without_a_path_is_its_message_alone():
    assert str(Problem("", "pick a file")) == "pick a file"
    assert str(Problem("fleet", "too big")) == "fleet: too big"
    error = ScenarioError([Problem("a", "one"), Problem("", "two")])
    assert str(error) == "a: one\ntwo"
    assert error.problems == (Problem("a", "one"), Problem("", "two"))


# --- edits ----------------------------------------------------------------------------------


def test_field_paths_read_values_from_the_scenario(tiny):
    scenario = tiny()
    assert field_value(scenario, "name") == "Tiny"
    assert field_value(scenario, "fleet.baseline_gpus") == 1000
    assert field_value(scenario, "gpu_catalog[1].capex_usd") == 100000.0
    assert field_value(scenario, "products[1].routing") == {"Ext": 1.0}
    assert field_value(scenario, "products[0].fallback[1]") == "Own"
    assert field_value(scenario, "models[0]") is scenario.models[0]


def test_a_path_with_a_space_or_nothing_valid_is_refused(tiny):
    for path in ("fleet scale", "fleet.scale!", "", "[x]"):
        with pytest.raises(KeyError) as caught:
            with_changes(tiny(), {path: 2.0})
        assert caught.value.args == (f"not a field path: {path!r}",)
        with pytest.raises(KeyError):
            field_value(tiny(), path)


def test_a_row_can_be_replaced_or_added_one_past_the_end(tiny):
    scenario = with_changes(tiny(), {"products[1].fallback[0]": "Ext"})
    assert scenario.products[1].fallback == ("Ext",)
    scenario = with_changes(tiny(), {"products[1].fallback[1]": "Ext"})
    assert scenario.products[1].fallback == ("Own", "Ext")


def test_switching_generation_takes_the_catalog_capex_not_the_burst_price(tiny):
    scenario = with_generation(tiny(), "NEW")
    assert scenario.fleet.gpu == "NEW"
    assert scenario.fleet.capex_per_gpu_usd == 100000.0
    assert scenario.fleet.cloud_burst_usd_per_gpu_hour == 5.0  # per H100-equivalent hour
    assert scenario.fleet.baseline_gpu == "REF"
    back = with_generation(scenario, "REF")
    assert back == tiny()


def test_switching_to_an_unknown_generation_names_the_catalog(tiny):
    assert lines_of(with_generation, tiny(), "X9") == [
        "fleet.gpu: unknown GPU 'X9' (catalog: NEW, REF)"
    ]


def test_models_and_gpus_are_found_by_name(tiny):
    scenario = tiny()
    assert scenario.model_named("Ext").provider == "P1"
    assert scenario.model_named("Own").kind == "in_house"
    assert scenario.gpu_spec("NEW").capex_usd == 100000.0


# --- workbooks ------------------------------------------------------------------------------


def test_replacing_the_baseline_keeps_the_variants(tiny):
    book = make_workbook(tiny()).forked("Tiny", "V")
    bigger = tiny({"fleet.scale": 2.0})
    replaced = book.replaced("Tiny", bigger)
    assert replaced.baseline == bigger
    assert replaced.names == ["Tiny", "V"]
    assert replaced.renamed("Tiny", "Base").names == ["Base", "V"]


def test_a_missing_scenario_is_named_and_the_baseline_stays(tiny):
    book = make_workbook(tiny()).forked("Tiny", "V")
    for call in (book.named, book.without, lambda n: book.replaced(n, tiny())):
        with pytest.raises(KeyError) as caught:
            call("Nope")
        assert caught.value.args == ("Nope",)
    assert lines_of(book.without, "Tiny") == ["baseline: the baseline cannot be deleted"]
    assert book.without("V").names == ["Tiny"]


# --- files ----------------------------------------------------------------------------------


def test_a_saved_file_is_indented_json_ending_in_a_newline(tiny):
    text = scenario_to_json(tiny())
    version = f'"schema_version": {core.SCHEMA_VERSION}'
    assert text.startswith("{\n  " + version + ',\n  "name": "Tiny",\n  "horizon": {\n')
    assert text.endswith("\n}\n")
    book = make_workbook(tiny()).forked("Tiny", "V")
    assert '\n  "variants": [\n    {\n      "name": "V",\n' in workbook_to_json(book)


def test_a_scenario_holding_nan_is_never_written(tmp_path, tiny):
    path = tmp_path / "s.scaledeck.json"
    save_scenario(tiny(), path)
    before = path.read_bytes()
    smuggled = tiny().model_copy(
        update={"fleet": tiny().fleet.model_copy(update={"pue": float("nan")})}
    )
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        save_scenario(smuggled, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["s.scaledeck.json"]


def test_the_temporary_file_is_hidden_beside_the_target(tmp_path, tiny, monkeypatch):
    seen = []
    real_replace = os.replace

    def replace(source, target):
        seen.append(Path(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    save_scenario(tiny(), tmp_path / "s.scaledeck.json")
    (temporary,) = seen
    assert temporary.parent == tmp_path
    assert temporary.name.startswith(".s.scaledeck.json.")
    assert temporary.name.endswith(".tmp")


def test_a_failed_rename_reports_its_own_error(tmp_path, tiny, monkeypatch):
    """Even when the temporary file vanished too (its folder was emptied meanwhile)."""

    def replace(source, target):
        os.unlink(source)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(PermissionError, match="Permission denied"):
        save_scenario(tiny(), tmp_path / "s.scaledeck.json")
    assert os.listdir(tmp_path) == []


def test_a_file_of_exactly_ten_megabytes_is_read(tmp_path):
    path = tmp_path / "f.json"
    path.write_bytes(b"{}" + b" " * (MAX_FILE_BYTES - 2))
    assert read_json(path) == {}


class GrowingFile(type(Path())):  # type: ignore[misc]
    """A file that grows after its size was checked: stat() reports the size it had."""

    def stat(self, *, follow_symlinks=True):
        real = super().stat(follow_symlinks=follow_symlinks)
        return os.stat_result((real.st_mode, *real[1:6], 2, *real[7:]))


def test_a_file_that_grows_after_the_check_is_refused_reading_only_the_limit(tmp_path):
    path = tmp_path / "f.json"
    with path.open("wb") as handle:
        handle.truncate(6 * MAX_FILE_BYTES)  # sparse: no disk used
    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError) as caught:
            read_json(GrowingFile(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == f"{path}: is larger than 10 MB; scenario files are at most 10 MB"
    assert peak < 3 * MAX_FILE_BYTES


def test_unreadable_paths_say_why(tmp_path):
    assert lines_of(read_json, tmp_path) == [f"{tmp_path}: is a folder, not a file"]
    assert lines_of(read_json, Path("/dev/null")) == ["/dev/null: is not a regular file"]
    missing = tmp_path / "gone.json"
    assert lines_of(read_json, missing) == [f"{missing}: No such file or directory"]


def test_thirty_digits_are_a_number_and_thirty_one_are_too_many(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{"a": -' + "9" * 30 + "}")
    assert read_json(path) == {"a": -int("9" * 30)}
    path.write_text('{"a": -' + "9" * 31 + "}")
    assert lines_of(read_json, path) == ["a: number -9999999999999999999... has too many digits"]


def test_tables_and_variants_at_their_limits_are_accepted(tiny):
    data = file_data(tiny())
    gpu = data["gpu_catalog"][0]
    data["gpu_catalog"] += [gpu | {"name": f"G{i}"} for i in range(18)]
    model = data["models"][1]
    data["models"] += [model | {"name": f"M{i}"} for i in range(198)]
    product = data["products"][1]
    data["products"] += [product | {"name": f"P{i}"} for i in range(998)]
    small = file_data(tiny())
    del small["schema_version"]
    variants = [small | {"name": f"V{i}"} for i in range(100)]
    book = parse_workbook(data | {"variants": variants})
    scenario = book.baseline
    assert (len(scenario.gpu_catalog), len(scenario.models), len(scenario.products)) == (
        20,
        200,
        1000,
    )
    assert len(book.variants) == 100


# --- exports --------------------------------------------------------------------------------


def test_the_stamp_rounds_the_in_house_shift_to_whole_percent(tiny):
    line = stamp(tiny({"levers.in_house_shift": 0.6}), WHEN)
    assert "; In-house shift: 60%; " in line
    line = stamp(tiny({"levers.in_house_shift": 1.0}), WHEN)
    assert "; In-house shift: 100%; " in line


def test_an_input_without_a_source_has_empty_source_and_kind(tiny):
    table = inputs_table(tiny()).set_index("input")
    assert table.loc["name"].tolist() == ["Tiny", "", ""]
    assert list(table.columns) == ["value", "source", "kind"]


def test_counts_get_separators_from_ten_thousand():
    assert [value_text(v) for v in (9_999, 10_000, -10_000, 10_000.0)] == [
        "9999",
        "10,000",
        "-10,000",
        "10,000",
    ]


def test_an_empty_source_key_covers_nothing(tiny):
    scenario = tiny({"sources": {"": {"text": "Everything."}, "fleet": {"text": "Fleet."}}})
    assert source_for(scenario, "fleet.pue").text == "Fleet."
    assert source_for(scenario, "models[0].mfu_train") is None
    assert source_for(scenario, "name") is None


def test_xlsx_sheets_hold_the_tables_without_an_index_column(tiny):
    frame = pd.DataFrame({"year": [2026, 2027], "gpus": [1000.0, 1500.0]})
    data = xlsx_bytes({"kpis": frame}, "ScaleDeck | z")
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert sheets["about"].to_dict("list") == {"ScaleDeck export": ["ScaleDeck | z"]}
    assert sheets["kpis"].to_dict("list") == {"year": [2026, 2027], "gpus": [1000.0, 1500.0]}
