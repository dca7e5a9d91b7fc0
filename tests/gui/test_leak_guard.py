"""The leak guards fail a test that leaves a window open or a timer running."""

from paths import TESTS

pytest_plugins = ["pytester"]

LEAKY = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

def test_leaves_a_window(qapp):
    w = QWidget()
    w.setObjectName("forgotten")
    w.show()
    test_leaves_a_window.keep = w

def test_leaves_a_timer(qapp):
    t = QTimer()
    t.setObjectName("ticking")
    t.start(1000)
    test_leaves_a_timer.keep = t

def test_clean(qapp):
    w = QWidget()
    w.show()
    w.close()
"""


def test_guards_fail_leaks_and_pass_clean_tests(pytester):
    here = TESTS
    pytester.makeconftest((here / "conftest.py").read_text())
    pytester.makepyfile(test_leaky=LEAKY)
    pytester.makeini("[pytest]\nqt_api = pyside6\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=300)
    result.assert_outcomes(passed=3, errors=2)
    output = result.stdout.str()
    assert "left open: ['forgotten']" in output
    assert "left running: ['ticking']" in output
