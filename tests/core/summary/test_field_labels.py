"""Every numeric input in words with its unit (core.summary.field_labels): the Sources tab's."""

import json
from typing import Annotated, Any, get_args, get_origin

import pytest
from pydantic import BaseModel

import core
from core.formats.export import inputs_table
from core.scenario.edits import with_changes
from core.scenario.schema import SCHEMA_VERSION, RiskWeights, Scenario, StatusThresholds
from core.summary.field_labels import FIELDS, ROWS, field_label


def numeric_fields(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """The names of every int or float field reachable from `model` (booleans are not)."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    found = set()
    for name, info in model.model_fields.items():
        for leaf in _leaves(info.annotation):
            if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                found |= numeric_fields(leaf, seen)
            elif leaf in (int, float):
                found.add(name)
    return found


def _leaves(annotation: Any) -> list[Any]:
    """The plain types inside an annotation (Annotated, unions, tuples, mappings)."""
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return _leaves(args[0])
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in _leaves(arg)]


def test_every_numeric_field_of_the_schema_has_words_and_a_unit():
    own_rules = set(StatusThresholds.model_fields) | set(RiskWeights.model_fields)
    mappings = {"quality", "routing", "provider_availability"}  # named by their keys
    names = numeric_fields(Scenario) - own_rules - mappings
    assert names - set(FIELDS) == set()  # a new field needs its label here
    scenario = core.default_scenario()
    for name in StatusThresholds.model_fields:
        assert field_label(scenario, f"status_thresholds.{name}").words
    for name in RiskWeights.model_fields:
        assert field_label(scenario, f"risk_weights.{name}").unit == "weight"


@pytest.mark.parametrize(
    ("path", "text", "stored", "shown"),
    [
        ("fleet.capex_per_gpu_usd", "Capex per GPU, all-in (USD)", 50_000.0, 50_000.0),
        ("products[1].cache_hit", "M365 Copilot Excel: cache hit (% of prompt tokens)", 0.5, 50),
        ("models[0].layers", "MAI-1-preview: layers", 64, 64),
        ("gpu_catalog[0].tdp_w", "H100: TDP (W)", 700.0, 700.0),
        ("models[3].quality.sheets", "GPT-5 class: quality on sheets (score 0-100)", 84, 84),
        (
            "products[0].routing.GPT-5 class",
            "GitHub Copilot: share on GPT-5 class (% of tokens)",
            0.6,
            60,
        ),
        ("provider_availability.OpenAI", "OpenAI: availability (% of the year)", 0.9986, 99.86),
        (
            "status_thresholds.external_share_act",
            "Act when external share is over (% of tokens)",
            0.75,
            75,
        ),
        (
            "status_thresholds.utilization_idle",
            "Idle when busy-hour utilization is under (%)",
            0.5,
            50,
        ),
        ("risk_weights.compute_dependency", "Risk weight: compute dependency (weight)", 1.0, 1.0),
        ("horizon.start_year", "First year", 2026, 2026),
    ],
)
def test_labels_read_with_their_unit_and_show_the_value_in_it(path, text, stored, shown):
    label = field_label(core.default_scenario(), path)
    assert label.text == text
    assert label.shown(stored) == pytest.approx(shown)
    assert type(label.shown(stored)) is type(stored) or label.factor != 1.0  # a year stays an int


def test_a_row_of_a_plan_or_a_years_routing_is_named_by_its_year():
    scenario = with_changes(
        core.default_scenario(),
        {
            "build_plan": [{"year": 2028, "gpu": "B200", "gpus": 5_000}],
            "routing_by_year": [
                {"year": 2029, "product": "GitHub Copilot", "routing": {"MAI-2": 1.0}}
            ],
        },
    )
    assert (
        field_label(scenario, "build_plan[0].gpus").text
        == "Build plan 2028, B200: GPUs added (GPUs)"
    )
    routed = field_label(scenario, "routing_by_year[0].routing.MAI-2")
    assert routed.text == "GitHub Copilot in 2029: share on MAI-2 (% of tokens)"


def test_a_model_whose_name_holds_a_dot_keeps_it_whole():
    data = core.default_scenario().model_dump(mode="json") | {"schema_version": SCHEMA_VERSION}
    dumped = json.dumps(data)
    renamed = core.parse_scenario(json.loads(dumped.replace('"GPT-5 class', '"GPT-4.1')))
    price = field_label(renamed, "models[3].price_in_per_m")
    assert price.text == "GPT-4.1: input price (USD per M tokens)"
    share = field_label(renamed, "products[0].routing.GPT-4.1")
    assert share.words == "GitHub Copilot: share on GPT-4.1"


def test_every_number_of_the_default_has_a_label():
    scenario = core.default_scenario()
    table = inputs_table(scenario)
    numbers = [
        p
        for p, v in zip(table["input"], table["value"], strict=True)
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]
    labels = {field_label(scenario, p).text for p in numbers}
    assert len(labels) == len(numbers)  # no two inputs read the same


def _rows_of(annotation: Any) -> bool:
    """Whether a field is a table: a tuple of parts (its rows are named by `ROWS`)."""
    if get_origin(annotation) is Annotated:
        return _rows_of(get_args(annotation)[0])
    parts = [leaf for leaf in _leaves(annotation) if isinstance(leaf, type)]
    return get_origin(annotation) is tuple and any(issubclass(p, BaseModel) for p in parts)


def test_every_table_of_the_schema_names_its_rows():
    """A software factor row broke the Sources tab on every move: its table had no row name."""
    tables = {name for name, info in Scenario.model_fields.items() if _rows_of(info.annotation)}
    assert tables >= {"models", "software_factor"}
    assert tables <= set(ROWS)
    scenario = with_changes(
        core.default_scenario(), {"software_factor": [{"year": 2028, "factor": 1.2}]}
    )
    label = field_label(scenario, "software_factor[0].factor")
    assert label.words == "Software from 2028: serving software factor"
