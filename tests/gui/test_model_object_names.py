"""Per-model objectNames are unique: two names that read the same get `_2`, `_3`, ..."""

import pytest
from PySide6.QtWidgets import QCheckBox

import core
from gui.controls.sliders import name_keys, object_name
from gui.testing.testkit import find, set_control


def test_a_name_already_taken_gets_the_next_number():
    assert name_keys(["MAI-2", "MAI 2", "MAI_2_2", "MAI small"]) == [
        "MAI_2",  # the first keeps the name it always had
        "MAI_2_2",
        "MAI_2_2_2",  # "MAI_2_2" itself was taken by then
        "MAI_small",
    ]
    assert object_name("modelEnabled", "MAI-2") == "modelEnabled_MAI_2"


@pytest.fixture
def scaledeck_scenario():
    """The default, with a second in-house model whose name reads as MAI-2's."""
    base = core.default_scenario()
    mai2 = next(m for m in base.models if m.name == "MAI-2")
    twin = mai2.model_copy(update={"name": "MAI 2"})
    return base.model_copy(update={"models": (*base.models, twin)})


def test_each_model_has_its_own_controls(scaledeck_window):
    window = scaledeck_window
    assert len(window.findChildren(QCheckBox, "modelEnabled_MAI_2")) == 1
    assert find(window, "modelEnabled_MAI_2").text() == "MAI-2"
    assert find(window, "modelEnabled_MAI_2_2").text() == "MAI 2"
    set_control(window, "modelEnabled_MAI_2_2", False)
    set_control(window, "modelFromYear_MAI_2_2", 2031)
    models = {m.name: m for m in window.document.scenario.models}
    assert (models["MAI 2"].enabled, models["MAI 2"].available_from) == (False, 2031)
    assert models["MAI-2"].enabled
