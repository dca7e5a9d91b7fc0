"""The opt-in fixtures work in any order a test names them, as a tester's suite runs them.

pytest tears fixtures down in the reverse order of the test's signature: a leak guard
named after `scaledeck_window` checked the live window, closed it, and the window's own
teardown then raised "already deleted", crashed, or hung on "Save the changes?".
"""

import itertools

pytest_plugins = ["pytester"]

FIXTURES = ("scaledeck_window", "scaledeck_leak_guard", "scaledeck_dialogs")
ORDERS = [
    *itertools.permutations(FIXTURES),
    ("scaledeck_window", "scaledeck_leak_guard"),
    ("scaledeck_leak_guard", "scaledeck_window"),
]
EDIT = """
def test_{number}({arguments}):
    set_control(scaledeck_window, "scaleSlider", 2)  # unsaved work: the close must not ask
"""
LEAK = """
def test_a_leak_is_still_named_after_the_window(scaledeck_window, scaledeck_leak_guard):
    forgotten = QWidget()
    forgotten.setObjectName("forgotten")
    forgotten.show()
    test_a_leak_is_still_named_after_the_window.keep = forgotten
"""


def test_every_order_of_the_fixtures_passes_and_the_guard_still_guards(pytester):
    tests = [
        EDIT.format(number=number, arguments=", ".join(order))
        for number, order in enumerate(ORDERS)
    ]
    source = (
        "from PySide6.QtWidgets import QWidget\n\nfrom gui.testing.testkit import set_control\n"
    )
    pytester.makepyfile(test_orders=source + "".join(tests) + LEAK)
    pytester.makeini("[pytest]\nqt_api = pyside6\n")
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-o", "faulthandler_timeout=60", timeout=300
    )
    result.assert_outcomes(passed=len(ORDERS) + 1, errors=1)
    output = result.stdout.str()
    assert "left open: ['forgotten']" in output
    assert "already deleted" not in output
