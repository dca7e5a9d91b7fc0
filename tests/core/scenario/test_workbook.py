"""Workbooks (baseline + named variants), the v2 file format and the v1 migration."""

import json

import pytest
from paths import DATA

import core
from core.scenario.edits import with_changes
from core.scenario.files import workbook_to_json

V1 = DATA / "v1" / "baseline.scaledeck.json"


@pytest.fixture
def book() -> core.Workbook:
    base = core.default_scenario()
    return (
        core.make_workbook(base)
        .forked("Baseline", "Scale 6x")
        .replaced("Scale 6x", with_changes(base, {"name": "Scale 6x", "fleet.scale": 6.0}))
    )


def test_v1_file_migrates_on_load_and_saves_as_the_current_version(tmp_path):
    data = json.loads(V1.read_text())
    assert data["schema_version"] == 1
    book = core.load_workbook(V1)
    assert book.variants == ()
    # Version 3 keeps a file's numbers: its throughputs become measured overrides, its
    # output fractions prompt and output lengths, and its busy hour the average hour.
    for old, model in zip(data["models"], book.baseline.models, strict=True):
        if old["kind"] == "in_house":
            assert model.measured_tokens_per_gpu_s == old["serve_tokens_per_gpu_s"]
    for old, product in zip(data["products"], book.baseline.products, strict=True):
        assert product.output_fraction == pytest.approx(old["output_fraction"], rel=1e-12)
        assert product.peak_to_average == 1.0
    out = tmp_path / "migrated.scaledeck.json"
    core.save_workbook(book, out)
    assert json.loads(out.read_text())["schema_version"] == core.SCHEMA_VERSION
    assert core.load_workbook(out) == book


def test_file_with_variants_round_trips(tmp_path, book):
    path = tmp_path / "book.scaledeck.json"
    core.save_workbook(book, path)
    assert core.load_workbook(path) == book
    assert core.load_scenario(path) == book.baseline  # one-scenario readers see the baseline
    data = json.loads(path.read_text())
    assert data["name"] == "Baseline"
    assert [v["name"] for v in data["variants"]] == ["Scale 6x"]


def test_file_without_variants_writes_no_variants_key(book):
    assert "variants" not in json.loads(workbook_to_json(core.make_workbook(book.baseline)))


def test_fork_rename_delete(book):
    forked = book.forked("Scale 6x", book.free_name("Scale 6x"))
    assert forked.names == ["Baseline", "Scale 6x", "Scale 6x 2"]
    assert forked.named("Scale 6x 2").fleet.scale == 6.0
    renamed = forked.renamed("Scale 6x 2", "Aggressive")
    assert renamed.names == ["Baseline", "Scale 6x", "Aggressive"]
    assert renamed.without("Scale 6x").names == ["Baseline", "Aggressive"]


def test_names_stay_unique_and_the_baseline_stays(book):
    with pytest.raises(
        core.ScenarioError, match=r"^'Baseline' is already the name of the baseline$"
    ):
        book.renamed("Scale 6x", "Baseline")
    with pytest.raises(core.ScenarioError, match="the baseline cannot be deleted"):
        book.without("Baseline")
    with pytest.raises(KeyError):
        book.named("Nope")


@pytest.mark.parametrize(
    ("renamed", "typed", "said"),
    [
        ("Scale 6x", " Baseline ", "'Baseline' is already the name of the baseline"),
        ("Scale 6x", "Bold", "'Bold' is already the name of another variant"),
        ("Baseline", "Bold", "'Bold' is already the name of a variant"),
        # Names differing only in case passed: `--scenario BASELINE` then found neither.
        ("Scale 6x", "BASELINE", "'BASELINE' differs only in case from 'Baseline', the name of "
                                 "the baseline"),
        ("Baseline", "bold", "'bold' differs only in case from 'Bold', the name of a variant"),
    ],
)  # fmt: skip
def test_a_taken_name_is_refused_in_words_without_a_field_path(book, renamed, typed, said):
    """Rename said "variants[1].name: 'Baseline' is also the baseline": a list index."""
    book = book.forked("Baseline", "Bold")
    with pytest.raises(core.ScenarioError) as refused:
        book.renamed(renamed, typed)
    assert str(refused.value) == said
    assert book.renamed(renamed, renamed).names == book.names  # its own name is no clash


def test_a_scenario_may_change_the_case_of_its_own_name_and_forks_skip_taken_names(book):
    assert book.renamed("Scale 6x", "SCALE 6X").names == ["Baseline", "SCALE 6X"]
    assert book.free_name("scale 6x") == "scale 6x 2"


def test_a_file_with_a_name_twice_names_the_variant_by_its_path(book):
    data = json.loads(workbook_to_json(book.forked("Baseline", "Bold").forked("Baseline", "B2")))
    data["variants"][2]["name"] = "Bold"
    with pytest.raises(core.ScenarioError) as refused:
        core.parse_workbook(data)
    assert str(refused.value) == "variants[2].name: 'Bold' is already the name of another variant"


def test_every_variant_problem_is_reported_with_its_path(book):
    data = json.loads(workbook_to_json(book))
    data["variants"][0]["fleet"]["scale"] = 60
    data["variants"].append({**data["variants"][0], "name": "Other", "levers": {"price_shock": -1}})
    data["products"][0]["routing"]["GPT-9"] = 0.0
    with pytest.raises(core.ScenarioError) as caught:
        core.parse_workbook(data)
    lines = [str(p) for p in caught.value.problems]
    assert "products[0].routing: unknown model 'GPT-9'" in lines
    assert "variants[0].fleet.scale: 60 is above the maximum 10" in lines
    assert "variants[1].levers.price_shock: -1 is below the minimum 0.1" in lines


V2 = DATA / "v2" / "baseline.scaledeck.json"
# What ScaleDeck 2 (commit a4b7978) computed for that file, year by year.
V2_TOTAL_COST_USD = [
    2670825848.4, 2987751098.4, 3795580314.264791, 4040878476.81389, 5186414810.360805,
    6801588958.155308,
]  # fmt: skip
V2_DEMAND_GPU_HOURS = [
    40277777.777778, 63194444.444444, 183662973.261431, 156765277.777778, 247887361.111111,
    393032986.111111,
]  # fmt: skip


def test_a_version_2_file_opens_with_the_numbers_version_2_gave():
    """docs/model.md#files: the migration keeps a file's numbers."""
    assert json.loads(V2.read_text())["schema_version"] == 2
    y = core.evaluate(core.load_workbook(V2).baseline).by_year
    assert y.total_cost_usd.tolist() == pytest.approx(V2_TOTAL_COST_USD, rel=1e-12)
    assert y.demand_gpu_hours.tolist() == pytest.approx(V2_DEMAND_GPU_HOURS, rel=1e-9)
    # The risk index changed meaning (burst an outside provider since version 4; the
    # outage term and compute dependency since version 5; every term reads dependency
    # only since issue 26, docs/model.md#F-risk-terms), so version 2's index is no longer
    # its figure (43.56 in 2026). Where no burst is bought its external term is still
    # version 2's: the partners' share of the tokens, as routed.
    results = core.evaluate(core.load_workbook(V2).baseline)
    s, shares = results.structure, results.outputs.shares[0]  # (T, P, M)
    tokens = results.product_arrays.tokens
    partner = (tokens * (shares * ~s.in_house).sum(axis=2)).sum(axis=1) / tokens.sum(axis=1)
    bought = y.cloud_burst_usd.to_numpy() > 0
    assert bought.any()
    assert not bought.all()
    assert y.risk_external_share[~bought].tolist() == pytest.approx(
        partner[~bought].tolist(), rel=1e-12
    )
    assert (y.risk_external_share[bought] > partner[bought]).all()  # burst is outside


@pytest.mark.parametrize("fraction", [1.5, -0.1])
def test_a_v2_output_fraction_outside_0_to_1_is_named(fraction):
    """A finite fraction out of range is refused like a non-number (not migrated to a
    negative or infinite output length)."""
    data = json.loads(V2.read_text())
    data["products"][1]["output_fraction"] = fraction
    with pytest.raises(core.ScenarioError) as error:
        core.parse_scenario(data)
    assert str(error.value) == f"products[1].output_fraction: {fraction} is not from 0 to 1"


@pytest.mark.parametrize("fraction", [0.0, 1.0])
def test_a_v2_output_fraction_at_its_ends_migrates(fraction):
    data = json.loads(V2.read_text())
    data["products"][1]["output_fraction"] = fraction
    assert core.parse_scenario(data).products[1].output_fraction == fraction


def test_a_v2_model_or_product_that_is_no_object_is_named_not_migrated():
    """Migration reads only objects: anything else is left for validation to name."""
    data = json.loads(V2.read_text())
    data["models"][0] = 7
    data["products"][1] = "Excel"
    with pytest.raises(core.ScenarioError) as error:
        core.parse_scenario(data)
    assert [str(p) for p in error.value.problems] == [
        "models[0]: must be a valid dictionary or object to extract fields from, got a number 7",
        "products[1]: must be a valid dictionary or instance of Product, got a string 'Excel'",
    ]


def test_a_copy_is_named_within_80_characters_and_never_copy_copy():
    """Forking a 78-character scenario was refused ('name: is longer than 80 characters')
    though the user typed no name; forks of forks read 'Baseline copy copy copy'."""
    long_name = "L" * 78
    book = core.make_workbook(core.default_scenario().model_copy(update={"name": long_name}))
    name = book.copy_name(long_name)
    assert name == "L" * 71 + " copy"  # room left for its number
    book = book.forked(long_name, name)
    assert book.copy_name(name) == "L" * 71 + " copy 2"
    base = core.make_workbook(core.default_scenario())
    first = base.copy_name("Baseline")
    assert first == "Baseline copy"
    forked = base.forked("Baseline", first)
    assert forked.copy_name(first) == "Baseline copy 2"
