"""Version 6 -> 7 (docs/model.md#files): serving architectures replace per-model efficiencies."""

import json
from importlib import resources

import pytest

import core
from core.scenario.migrations import MIGRATIONS


def test_a_version_6_model_gets_kv_per_layer_and_loses_its_efficiencies():
    """120,000 KV bytes over the default 60 layers are 2,000 a layer; 80,000 over 40 too."""
    data = {
        "schema_version": 6,
        "models": [
            {"kind": "in_house", "name": "A", "kv_bytes_per_token": 120_000.0,
             "prefill_efficiency": 0.3, "decode_efficiency": 0.165},
            {"kind": "in_house", "name": "B", "layers": 40, "kv_bytes_per_token": 80_000.0},
            {"kind": "partner", "name": "P", "kv_bytes_per_token": 1.0},
        ],
    }  # fmt: skip
    out = MIGRATIONS[6](data)
    assert out["schema_version"] == 7
    assert out["models"][0] == {
        "kind": "in_house",
        "name": "A",
        "kv_bytes_per_token_per_layer": 2_000.0,
    }
    assert out["models"][1]["kv_bytes_per_token_per_layer"] == 2_000.0
    assert out["models"][2] == data["models"][2]  # a partner is not touched (the schema names it)


def test_the_default_saved_by_version_6_loads_with_the_same_kv_cache():
    """The default written the version-6 way (all-layer KV, efficiencies) reads back as today's."""
    text = resources.files("assets").joinpath("default_scenario.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data["schema_version"] = 6
    for model in data["models"]:
        if model["kind"] == "in_house":
            per_layer = model.pop("kv_bytes_per_token_per_layer")
            model["kv_bytes_per_token"] = per_layer * model["layers"]
            model["prefill_efficiency"], model["decode_efficiency"] = 0.3, 0.165
    old = core.parse_scenario(data)
    new = core.default_scenario()
    for a, b in zip(old.models, new.models, strict=True):
        if a.kind == "in_house":
            assert a.kv_bytes_per_token_per_layer == pytest.approx(b.kv_bytes_per_token_per_layer)
    assert old.models == new.models
