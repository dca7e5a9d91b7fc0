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
    with pytest.warns(DeprecationWarning, match=rf"{old} is deprecated .*{new}"):
        module = importlib.import_module(old)
    assert getattr(module, name) is getattr(importlib.import_module(new), name)
    assert name in module.__all__


def test_from_the_old_testkit_import_set_control_works_with_the_warning():
    sys.modules.pop("gui.testkit", None)
    with pytest.deprecated_call():
        from gui.testkit import set_control
    from gui.testing.testkit import set_control as current

    assert set_control is current


@pytest.mark.parametrize(
    ("name", "attribute"),
    [
        ("routing_model", "RoutingTableModel"),
        ("inputs_model", None),
        ("plan_tab", None),
        ("result_tabs", "sources_frame"),
        ("year_routing_model", None),
    ],
)
def test_0_1_s_table_modules_import_from_their_old_path(name, attribute):
    """docs/testing.md said the editable tables moved to gui.editors; the old path raised
    ModuleNotFoundError, where an old name keeps working for a release."""
    old, new = f"gui.views.tables.{name}", f"gui.editors.{name}"
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=rf"{old} is deprecated .* import {new}$"):
        module = importlib.import_module(old)
    current = importlib.import_module(new)
    for public in [attribute] if attribute else module.__all__:
        assert getattr(module, public) is getattr(current, public)


def test_the_warning_points_at_the_suite_s_import_line():
    """It pointed at pytest's rewrite.py:185, so `filterwarnings` naming a suite missed it."""
    sys.modules.pop("gui.testkit", None)
    with pytest.warns(DeprecationWarning, match="gui.testkit is deprecated") as said:
        import gui.testkit  # noqa: F401
    assert said[0].filename == __file__


def test_the_old_plugin_name_says_to_drop_it_not_to_rename_it():
    """Renamed as the warning said, `-p gui.testing.pytest_plugin` beside the installed
    entry point stopped pytest ("Plugin already registered under a different name")."""
    sys.modules.pop("gui.pytest_plugin", None)
    with pytest.warns(DeprecationWarning, match="drop it from -p and pytest_plugins"):
        importlib.import_module("gui.pytest_plugin")


def test_a_0_1_export_handler_takes_the_chart_s_exports(scaledeck_window):
    """A 0.1 suite set `chart.export_handler` and triggered the menu: with the window's
    exports listening it opened a real file dialog and hung. Until 0.3 the handler set
    takes the requests instead of the window, with a DeprecationWarning."""
    chart = scaledeck_window.quality_chart
    asked = []
    with pytest.deprecated_call():
        chart.export_handler = lambda c, suffix: asked.append((c, suffix))
    menu = chart.context_menu()
    names = {a.objectName(): a for a in menu.actions()}
    names["exportChartSvgAction"].trigger()
    assert asked == [(chart, ".svg")]
    menu.deleteLater()
    with pytest.deprecated_call():
        assert chart.export_handler is not None
