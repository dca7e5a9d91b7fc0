"""The tester kit as an outsider uses it: the plugin found by pytest itself, the docs' example."""

import re

import pytest
import shiboken6
from paths import ROOT, TESTS

from gui.testing.testkit import set_control, trigger

pytest_plugins = ["pytester"]
DOCS = ROOT / "docs" / "testing.md"
OUTSIDE = TESTS / "outside"


def test_the_documented_example_is_the_outside_suites_first_file():
    example = re.search(r"```python\n# test_strategy.py\n(.*?)```", DOCS.read_text(), re.S)
    assert example, "docs/testing.md lost its worked example"
    assert example.group(1) == (OUTSIDE / "test_strategy.py").read_text()


def test_the_outside_suite_passes_in_a_fresh_folder(pytester):
    """tests/outside/ as a tester has it: no conftest of ours, only the installed plugin."""
    for source in OUTSIDE.iterdir():
        if source.suffix in (".py", ".ini"):
            (pytester.path / source.name).write_text(source.read_text())
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=600)
    outcomes = result.parseoutcomes()
    assert set(outcomes) == {"passed"}, result.stdout.str()[-3000:]
    assert outcomes["passed"] >= 16


def test_a_broken_expectation_fails_with_the_numbers(pytester):
    pytester.makepyfile(
        test_wrong="""
from gui.testing.testkit import read_kpi, set_control

def test_wrong(scaledeck_window):
    set_control(scaledeck_window, "scaleSlider", 2.0)
    assert read_kpi(scaledeck_window, "kpiGpus") == 1
"""
    )
    pytester.makeini("[pytest]\nqt_api = pyside6\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=300)
    result.assert_outcomes(failed=1)
    assert "assert 30000.0 == 1" in result.stdout.str()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("scaleSlider", 0.5, "outside its range 1 to 10"),
        ("scaleSlider", "big", "expected a float"),
        ("generationCombo", "TPU", "'TPU' is not one of"),
        ("modelEnabled_MAI_2", 1, "expected a bool"),
        ("kpiGpus", 3, "not a control set_control knows"),
        ("noSuchSlider", 3, "no widget with objectName 'noSuchSlider'"),
    ],
)
def test_set_control_refuses_what_the_control_cannot_take(scaledeck_window, name, value, message):
    with pytest.raises((ValueError, TypeError, LookupError), match=re.escape(message)):
        set_control(scaledeck_window, name, value)


def test_closing_compare_and_presenting_at_once_raises_nothing(scaledeck_window, qtbot):
    """The closed dialog's charts go after the restyle presenting starts (issue 18)."""
    window = scaledeck_window
    trigger(window, "forkAction")
    dialog = window.show_compare()
    qtbot.wait(50)  # shown and laid out
    dialog.close()
    trigger(window, "presentationAction")
    assert window.presentation.active
    assert not shiboken6.isValid(dialog)  # deleted, without "ViewBox already deleted"


def test_wait_idle_shows_the_axis_the_user_sees_once_a_drag_ends(scaledeck_window):
    """A chart keeps the room a drag gave its axis for 0.4 s: the testkit returns after it."""
    window = scaledeck_window
    set_control(window, "scaleSlider", 3)
    set_control(window, "scaleSlider", 2)  # the capacity axis had room for 3x: 60 k, not 30 k
    view = window.capacity_chart.plot_item.vb
    after_the_move = view.viewRange()[1]
    window.capacity_chart.settle_axes()  # what the user sees 0.4 s later
    assert view.viewRange()[1] == after_the_move
