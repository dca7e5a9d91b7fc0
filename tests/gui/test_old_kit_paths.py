"""The testers' kit's old import paths work for one release, each with a DeprecationWarning."""

import importlib
import sys

import pytest


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("gui.testkit", "gui.testing.testkit", "set_control"),
        ("gui.pytest_plugin", "gui.testing.pytest_plugin", "scaledeck_window"),
    ],
)
def test_an_old_path_still_imports_and_names_the_new_one(old, new, name):
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=rf"{old} is deprecated .* import {new}$"):
        module = importlib.import_module(old)
    assert getattr(module, name) is getattr(importlib.import_module(new), name)
    assert name in module.__all__


def test_from_the_old_testkit_import_set_control_works_with_the_warning():
    sys.modules.pop("gui.testkit", None)
    with pytest.deprecated_call():
        from gui.testkit import set_control
    from gui.testing.testkit import set_control as current

    assert set_control is current
