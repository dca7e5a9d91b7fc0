"""Scenario files and the sentences a user reads, rule by rule; compare and Monte Carlo defaults.

Complements tests/core/scenario/test_bad_files.py (one committed file per flaw) with the rules a file
cannot show on its own: versions, variants, size limits, each pydantic error kind.
"""

import json
import re
from dataclasses import replace

import numpy as np
import pytest

import core
from core.analysis.compare import compare, format_kpi
from core.analysis.montecarlo import Range, default_ranges, monte_carlo
from core.analysis.sensitivity import tornado
from core.numbers import ungrouped
from core.scenario.edits import with_changes
from core.scenario.files import MAX_FILE_BYTES, parse_workbook, read_json, scenario_to_json
from core.scenario.workbook import MAX_VARIANTS


def file_data(scenario: core.Scenario) -> dict:
    return json.loads(scenario_to_json(scenario))


def problems(data: object) -> list[str]:
    with pytest.raises(core.ScenarioError) as caught:
        parse_workbook(data)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (None, f"schema_version: is required (this ScaleDeck writes {core.SCHEMA_VERSION})"),
        (0, "schema_version: 0 is not a version number"),
        (True, "schema_version: True is not a version number"),
        ("2", "schema_version: '2' is not a version number"),
        (
            core.SCHEMA_VERSION + 1,
            f"schema_version: the file is version {core.SCHEMA_VERSION + 1}, this ScaleDeck reads "
            f"versions up to {core.SCHEMA_VERSION}; update ScaleDeck to open it",
        ),
    ],
)
def test_versions_are_checked_before_anything_else(tiny, version, message):
    data = file_data(tiny())
    data["schema_version"] = version
    if version is None:
        del data["schema_version"]
    assert problems(data) == [message]


def test_a_version_1_file_upgrades_and_keeps_every_value(tiny):
    data = file_data(tiny({"fleet.scale": 2.5}))
    data["schema_version"] = 1
    assert parse_workbook(data).baseline == tiny({"fleet.scale": 2.5})


def test_variants_are_checked_with_their_index(tiny):
    data = file_data(tiny())
    assert problems(data | {"variants": {}}) == ["variants: must be an array, got an object"]
    too_many = [{}] * (MAX_VARIANTS + 1)
    assert problems(data | {"variants": too_many}) == [
        f"variants: has {MAX_VARIANTS + 1:,} entries; at most {MAX_VARIANTS}"
    ]
    variant = {k: v for k, v in data.items() if k != "schema_version"} | {"name": "V"}
    variant["fleet"] = variant["fleet"] | {"scale": 0.5}
    assert problems(data | {"variants": [variant, 7]}) == [
        "variants[0].fleet.scale: 0.5 is below the minimum 1",
        "variants[1]: expected a JSON object, got a number",
    ]


def test_a_file_without_a_catalog_takes_the_default_one(tiny):
    data = file_data(tiny())
    data["reference_gpu"] = data["fleet"]["gpu"] = data["fleet"]["baseline_gpu"] = "H100"
    del data["gpu_catalog"]
    names = [g.name for g in parse_workbook(data).baseline.gpu_catalog]
    assert names == [g.name for g in core.default_scenario().gpu_catalog]


def test_oversized_tables_are_refused_before_item_checks(tiny):
    data = file_data(tiny())
    data["models"] = [{}] * 201
    data["gpu_catalog"] = [{}] * 21
    assert problems(data) == [
        "gpu_catalog: has 21 entries; at most 20 are allowed",
        "models: has 201 entries; at most 200 are allowed",
    ]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("fleet.pue", 0.5, "fleet.pue: 0.5 is below the minimum 1"),
        ("fleet.pue", 3.5, "fleet.pue: 3.5 is above the maximum 3"),
        ("fleet.capex_per_gpu_usd", 0.0, "fleet.capex_per_gpu_usd: 0 must be above 0"),
        ("fleet.gpu", 7, "fleet.gpu: must be a valid string, got a number 7"),
        ("fleet.refresh", "yes", "fleet.refresh: must be a valid boolean, got a string 'yes'"),
        ("fleet.scale", None, "fleet.scale: must be a valid number, got null"),
        ("fleet.colour", "red", "fleet.colour: is not a known field"),
        ("models[0].kind", "robot", "models[0]: kind 'robot' is not one of 'in_house', 'partner'"),
        ("products", [], "products: has 0 entries; at least 1"),
        ("name", "x" * 81, "name: is longer than 80 characters"),
        ("name", "  ", "name: must not be blank"),
    ],
)
def test_each_error_kind_reads_as_a_sentence(tiny, path, value, message):
    data = file_data(tiny())
    node = data
    *parents, last = re.split(r"\.|\[(\d+)\]\.?", path)
    for part in filter(None, parents):
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    assert problems(data) == [message]


def test_a_missing_kind_says_which_kinds_exist(tiny):
    data = file_data(tiny())
    del data["models"][0]["kind"]
    assert problems(data) == ["models[0]: needs a kind: 'in_house' or 'partner'"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"\xef\xbb\xbf{}", None),  # a UTF-8 byte-order mark is fine
        (b'{"a": 1, "a": 2}', "FILE: key 'a' appears twice in one object"),
        # A number refused by its value is named by its field, as the schema's problems are.
        (b'{"a": ' + b"1" * 31 + b"}", "a: number 11111111111111111111... has too many digits"),
        (b'{"a": -Infinity}', "a: -Infinity is not allowed (numbers must be finite)"),
        (b'{"a": 1e999}', "a: number 1e999 is out of range"),
        (b'{"a": [{"b": 1}, {"b": NaN}]}', "a[1].b: NaN is not allowed (numbers must be finite)"),
        (b"NaN", "FILE: NaN is not allowed (numbers must be finite)"),
        (b"\xff{}", "FILE: is not UTF-8 text (byte 0)"),
        (b"[" * 100_000, "FILE: is nested too deeply to be a scenario"),
    ],
)
def test_json_is_read_under_limits(tmp_path, text, message):
    path = tmp_path / "f.json"
    path.write_bytes(text)
    if message is None:
        assert read_json(path) == {}
        return
    with pytest.raises(core.ScenarioError) as caught:
        read_json(path)
    assert str(caught.value) == message.replace("FILE", str(path), 1)


def test_a_file_over_the_size_limit_is_refused_by_its_size(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(
        core.ScenarioError, match=re.escape("is 10.0 MB; scenario files are at most 10 MB")
    ):
        read_json(path)
    path.write_bytes(b" " * MAX_FILE_BYTES + b"{}")
    with pytest.raises(core.ScenarioError, match=re.escape("is 10.0 MB")):
        read_json(path)


def test_default_monte_carlo_ranges_centre_on_the_scenario():
    scenario = core.default_scenario()
    ranges = {r.field: replace(r, mode=round(r.mode, 12)) for r in default_ranges(scenario)}
    assert ranges["demand_growth_multiplier"] == Range(
        "demand_growth_multiplier", "Demand growth", "triangular", 0.6, 1.0, 1.5, unit="x"
    )
    assert ranges["annual_price_change"] == Range(
        "annual_price_change", "Partner price change / yr", "triangular", -0.5, -0.3, 0.0, "partner",
        unit="%", factor=100.0,
    )  # fmt: skip
    assert ranges["mfu_train"] == Range(
        "mfu_train", "Training MFU", "triangular", 0.3, 0.4, 0.5, "in_house", unit="%", factor=100.0
    )
    assert ranges["capex_per_gpu_usd"] == Range(
        "capex_per_gpu_usd",
        "Capex per GPU",
        "lognormal",
        0.0,
        scenario.fleet.capex_per_gpu_usd,
        0.15,
        unit="$k",
        factor=1e-3,
    )
    assert ranges["software_growth"] == Range(
        "software_growth", "Serving software gain / yr", "triangular", 1.0, 1.0, 2.0,
        unit="%", factor=100.0, offset=-100.0,
    )  # fmt: skip
    assert ranges["provider_availability"] == Range(
        "provider_availability",
        "Partner availability",
        "triangular",
        0.995,
        round((0.9979 + 0.9986) / 2, 12),  # the partner providers' mean, rounded as above
        0.9999,
        "partner",
        True,
        unit="%",
        factor=100.0,
    )


def test_default_ranges_widen_to_hold_the_scenarios_own_values(tiny):
    scenario = tiny(
        {
            "levers.demand_growth_multiplier": 2.0,
            "models[1].annual_price_change": -0.9,
            "models[0].mfu_train": 0.8,
            "provider_availability": {"P1": 0.9},
        }
    )
    ranges = {r.field: r for r in default_ranges(scenario)}
    bounds = {
        field: (r.low, r.mode, r.high)
        for field, r in ranges.items()
        if field != "capex_per_gpu_usd"
    }
    assert bounds == {
        "demand_growth_multiplier": (pytest.approx(1.2), 2.0, pytest.approx(3.0)),
        "annual_price_change": (-0.9, -0.9, 0.0),
        "mfu_train": (0.3, 0.8, 0.8),
        "provider_availability": (0.9, 0.9, 0.9999),
        "software_growth": (1.0, 1.0, 2.0),
    }
    result = monte_carlo(scenario, draws=50)
    assert result.total_cost_usd.shape == (50, 2)


def test_tornado_skips_levers_with_nothing_to_move(tiny):
    no_in_house = tiny({"models[0].enabled": False}).model_copy()
    partners_only = tiny(
        {
            "models": [tiny().models[1].model_dump(mode="json")],
            "products[0].routing": {"Ext": 1.0},
            "products[0].fallback": [],
            "products[1].fallback": [],
        }
    )
    labels = set(tornado(partners_only, 2026)["label"])
    assert "Training MFU" not in labels
    assert "Partner prices" in labels
    assert "Training MFU" in set(tornado(no_in_house, 2026)["label"])


@pytest.mark.parametrize(
    ("kpi", "value", "signed", "text"),
    [
        ("total_cost_usd", 3.04e9, False, "$3.04B"),
        ("partner_spend_usd", -2.5e8, True, "-$0.25B"),
        ("fleet_cost_usd", 1.2e9, True, "+$1.20B"),
        ("cost_per_m_tokens_usd", 1234.5, False, "1,234.50"),
        ("cost_per_m_tokens_usd", 0.5, True, "+0.50"),
        ("utilization", 0.333, False, "33%"),
        ("external_token_share", 0.05, True, "+5 pts"),
        ("capacity_gpu_hours", 1.25e8, False, "125M"),
        ("gpus", 15000.0, True, "+15,000"),
        ("risk_index", float("nan"), False, "n/a"),
    ],
)
def test_compared_figures_read_in_their_units(kpi, value, signed, text):
    assert format_kpi(kpi, value, signed) == text


def test_compare_picks_the_target_year_and_names_bad_picks(tiny):
    base, big = tiny(), tiny({"name": "Big", "fleet.scale": 2.0})
    table = compare([base, big])
    assert table.year == 2027  # the reference's ramp target year
    assert table.cell("gpus", "Big", "delta") == pytest.approx(1000.0)
    assert table.cell("gpus", "Big", "delta_pct") == pytest.approx(1.0)
    assert (
        compare(
            [
                base,
                big.model_copy(
                    update={"fleet": big.fleet.model_copy(update={"target_year": 2030})}
                ),
            ],
            2026,
        ).year
        == 2026
    )
    for scenarios, year, message in (
        ([base], None, "scenarios: pick at least two scenarios to compare"),
        ([base, base], None, "scenarios: each scenario may be picked once"),
        ([base, big], 2030, "year: 2030 is outside the horizon 2026-2027"),
    ):
        with pytest.raises(core.ScenarioError) as caught:
            compare(scenarios, year)
        assert str(caught.value) == message


def test_too_many_sources_says_the_limit_without_a_count(tiny):
    data = file_data(tiny())
    data["sources"] = {f"k{i}": {"text": "x"} for i in range(2001)}
    assert problems(data) == ["sources: has more than 2,000 entries"]


def test_rows_that_all_fail_are_reported_without_a_false_empty_table(tiny):
    """pydantic counts only valid rows: two bad products are not 'at least 1' missing."""
    data = file_data(tiny())
    for product in data["products"]:
        product["growth"] = -5
    assert problems(data) == [
        "products[0].growth: -5 is below the minimum -0.9",
        "products[1].growth: -5 is below the minimum -0.9",
    ]
    data["products"] = []
    assert problems(data) == ["products: has 0 entries; at least 1"]


@pytest.mark.parametrize(
    ("r", "message"),
    [
        (
            Range("provider_availability", "Availability", "triangular", 0.9, 0.99, 1.2, "partner"),
            "Availability: must stay within 0.01 to 1, got 0.9 to 1.2",
        ),
        (  # in the unit the table shows, as the user typed it
            Range(
                "provider_availability",
                "Availability",
                "triangular",
                0.9,
                0.99,
                1.2,
                "partner",
                unit="%",
                factor=100.0,
            ),
            "Availability (%): must stay within 1 to 100, got 90 to 120",
        ),
        (
            Range(
                "software_growth",
                "Gain",
                "triangular",
                1.2,
                1.1,
                2.0,
                unit="%",
                factor=100.0,
                offset=-100.0,
            ),
            "Gain (%): needs low <= mode <= high, got 20, 10, 100",
        ),
        (
            Range("electricity_usd_per_kwh", "Power price", "triangular", -4.0, -4.0, -4.0),
            "Power price: must stay within 0 to 2, got -4 to -4",
        ),
        (
            Range("capex_per_gpu_usd", "Capex", "lognormal", 0.0, 2e8, 0.1),
            "Capex: needs a median within 1 to 1e+08, got 2e+08",
        ),
        (
            Range("routing", "Routing", "triangular", 0.0, 0.5, 1.0),
            "Routing: 'routing' is not an input a range can vary",
        ),
    ],
)
def test_a_range_must_stay_within_its_inputs_valid_values(tiny, r, message):
    with pytest.raises(core.ScenarioError) as caught:
        monte_carlo(tiny(), draws=10, ranges=[r])
    assert str(caught.value) == message


def test_lognormal_draws_are_clipped_to_the_inputs_limits(tiny):
    from core.analysis.montecarlo import draw_inputs
    from core.engine.compiled import compile_scenario

    structure, inputs = compile_scenario(tiny())
    wide = Range("fleet_availability", "Availability", "lognormal", 0.0, 0.9, 3.0)
    drawn = draw_inputs(structure, inputs, [wide], 2_000, np.random.default_rng(1))
    assert drawn.fleet_availability.max() == 1.0
    assert drawn.fleet_availability.min() >= 0.01


def test_ranges_may_reach_exactly_their_inputs_limits(tiny):
    edges = [
        Range("provider_availability", "Availability", "triangular", 0.01, 0.5, 1.0, "partner"),
        Range("capex_per_gpu_usd", "Capex", "lognormal", 0.0, 1e8, 0.1),
    ]
    assert monte_carlo(tiny(), draws=5, ranges=edges).draws == 5


def test_a_short_table_does_not_hide_the_problems_after_it(tiny):
    data = file_data(tiny())
    for product in data["products"]:
        product["growth"] = -5
    data["levers"]["price_shock"] = 50.0
    data["risk_weights"]["outage"] = -1.0
    assert problems(data) == [
        "products[0].growth: -5 is below the minimum -0.9",
        "products[1].growth: -5 is below the minimum -0.9",
        "levers.price_shock: 50 is above the maximum 10",
        "risk_weights.outage: -1 is below the minimum 0",
    ]


def test_a_range_shows_its_numbers_in_its_sliders_unit_and_reads_them_back():
    """The ranges table read 50000 beside a capex slider in $k and 1-2 beside a gain in %."""
    ranges = {r.field: r for r in default_ranges(core.default_scenario())}
    gain, capex = ranges["software_growth"], ranges["capex_per_gpu_usd"]
    assert gain.title == "Serving software gain / yr (%)"
    assert (gain.shown(1.2), gain.typed(20.0)) == pytest.approx((20.0, 1.2))  # x1.2 a year
    assert capex.title == "Capex per GPU ($k)"
    assert capex.shown(capex.mode, "median") == pytest.approx(50.0)
    assert capex.shown(0.15, "sigma") == capex.typed(0.15, "sigma") == 0.15  # of the log
    for r in ranges.values():  # every number the table shows reads back as it was
        for value in (r.low, r.mode, r.high):
            assert r.typed(r.shown(value)) == pytest.approx(value, rel=1e-12, abs=1e-12)


def test_a_mixture_that_fits_a_rack_is_a_valid_model():
    """5.2T weights, 165B active over 256 experts (8 a token: 2.6B shared), on H100: over
    64 x 76 GB, yet on 72 GPUs with its shared weights whole on each (2.6 + 5,197 / 72 =
    74.8 GB) it fits, and the serving search serves it there. The same mixture at 5.6T does
    not fit a rack either, and a dense model of 5.2T is refused as before."""
    base = core.default_scenario()
    mixture = {"models[1].active_params": 1.65e11, "models[1].experts": 256,
               "models[1].experts_per_token": 8}  # fmt: skip
    fits = with_changes(base, {**mixture, "models[1].total_params": 5.2e12})
    assert fits.models[1].total_params == 5.2e12
    assert core.evaluate(fits).pv_cost_usd > 0
    with pytest.raises(
        core.ScenarioError,
        match=r"nor on 72 \(0 GB of shared weights and 78 GB of experts on each GPU, 76 GB usable\)",
    ):
        with_changes(base, {**mixture, "models[1].total_params": 5.6e12})
    dense = {"models[1].active_params": 5.2e12, "models[1].total_params": 5.2e12,
             "models[1].experts": 0, "models[1].experts_per_token": None}  # fmt: skip
    with pytest.raises(core.ScenarioError, match=r"\(4,864 GB usable\)$"):
        with_changes(base, dense)


@pytest.mark.parametrize(("field", "tiny"), [("ttft_slo_s", 1e-320), ("tpot_slo_ms", 1e-9)])
def test_a_promise_too_small_to_mean_anything_is_refused_by_name(field, tiny):
    """A positive 1e-320 s promise passed and made latency / promise infinite: the latency
    chart raised 'Cannot set range [-inf, inf]' on every move."""
    with pytest.raises(
        core.ScenarioError, match=rf"products\[0\]\.{field}: .* is below the minimum"
    ):
        with_changes(core.default_scenario(), {f"products[0].{field}": tiny})


@pytest.mark.parametrize(
    ("typed", "read"),
    [("1,500", "1500"), (" -12,000,000.5 ", "-12000000.5"), ("1,5", "1,5"), ("1,50", "1,50"),
     ("1.5", "1.5")],
)  # fmt: skip
def test_only_a_thousands_separator_is_dropped_from_a_typed_number(typed, read):
    """'1,5' was read as 15 (a plan's share cap of 1.5% became 15%): a comma that is not
    a thousands separator stays, so the number is refused by name."""
    assert ungrouped(typed) == read


def test_an_in_house_only_refusal_names_every_partner_and_what_to_do():
    """Ticking In-house only on GitHub Copilot said only "routed to partner model 'GPT-5
    class'": not that Claude Sonnet class was routed too, nor what to do."""
    with pytest.raises(core.ScenarioError) as refused:
        with_changes(core.default_scenario(), {"products[0].in_house_only": True})
    assert str(refused.value).endswith(
        "in-house-only product routed to partner model 'GPT-5 class', 'Claude Sonnet class': "
        "give each 0% and leave it out of the fallback, or make the product not in-house only"
    )
