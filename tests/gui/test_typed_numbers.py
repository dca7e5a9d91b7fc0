"""A number typed in a slider's value box is read by the app's one rule (`core.numbers`).

"1,5" was read as 15 (a scale of 10x): the value box's validator dropped the comma. A comma
only separates thousands ("1,000" is 1000); any other is refused by name, in every locale.
"""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from superqt import QLabeledDoubleSlider, QLabeledSlider

import core
from gui.controls.sliders import ControlPanel
from gui.document import ScenarioDocument
from gui.testing.testkit import wait_idle

COMMA = "a comma only separates thousands, as in 1,500; decimals take a point: 1.5"


def type_into(qtbot, slider: QLabeledSlider | QLabeledDoubleSlider, text: str) -> None:
    """Type `text` over the slider's value box and press Return, key by key as a user does."""
    box = slider._label
    box.selectAll()
    qtbot.keyClicks(box, text)
    assert box.text() == text  # no keystroke dropped
    qtbot.keyClick(box, Qt.Key.Key_Return)


def slider(window, name: str) -> QLabeledDoubleSlider:
    found = window.findChild(QLabeledDoubleSlider, name)
    assert found is not None, name
    return found


def test_a_decimal_comma_is_refused_by_name_and_the_scale_kept(qtbot, window):
    scale = slider(window, "scaleSlider")
    type_into(qtbot, scale, "1,5")
    wait_idle(window)
    assert window.document.scenario.fleet.scale == 1.0  # not 15, clamped to 10x
    assert scale.value() == 1.0
    assert scale._label.text() == "1.0"  # the box shows the slider's value again
    message = window.statusBar().currentMessage()
    assert message == f"Not applied: Scale: '1,5' is not a number ({COMMA})"


def test_a_thousands_separator_is_read_as_one(qtbot, window):
    power = slider(window, "powerCapSlider")
    type_into(qtbot, power, "1,000")
    qtbot.waitUntil(lambda: window.document.scenario.fleet.power_cap_mw == 1000.0)
    type_into(qtbot, slider(window, "targetYearSlider"), "2,030")
    qtbot.waitUntil(lambda: window.document.scenario.fleet.target_year == 2030)
    year = window.findChild(QLabeledSlider, "yearSlider")
    type_into(qtbot, year, "2,029")
    assert window.document.year == 2029


def test_a_point_is_a_decimal_point(qtbot, window):
    type_into(qtbot, slider(window, "scaleSlider"), "2.5")
    qtbot.waitUntil(lambda: window.document.scenario.fleet.scale == 2.5)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("15", "Scale: 15 is outside 1.0 to 10.0"),  # was clamped to 10x without a word
        ("nan", "Scale: 'nan' is not a number"),
        ("x2", "Scale: 'x2' is not a number"),
    ],
)
def test_a_number_the_slider_cannot_take_is_refused_not_clamped(qtbot, window, typed, said):
    scale = slider(window, "scaleSlider")
    type_into(qtbot, scale, typed)
    wait_idle(window)
    assert window.document.scenario.fleet.scale == 1.0
    assert window.statusBar().currentMessage() == f"Not applied: {said}"


@pytest.fixture
def decimal_comma_locale() -> Iterator[None]:
    """The process's locale German (decimal comma, point for thousands) for one test."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def test_no_locale_reads_a_decimal_comma_as_ten_times(qtbot, decimal_comma_locale):
    """Under a decimal comma, Qt's validator took "1,5" and Python's float() raised on it; a
    point, what the box shows, was a thousands separator. The one rule holds in any locale."""
    document = ScenarioDocument(core.default_scenario())
    refused: list[str] = []
    document.editRejected.connect(refused.append)
    panel = ControlPanel(document)
    qtbot.addWidget(panel)
    scale = panel.slider("scaleSlider")
    type_into(qtbot, scale, "1,5")
    assert scale.value() == 1.0
    assert refused == [f"Scale: '1,5' is not a number ({COMMA})"]
    type_into(qtbot, scale, "1.5")
    assert scale.value() == 1.5
    qtbot.waitUntil(lambda: document.scenario.fleet.scale == 1.5)
    type_into(qtbot, panel.slider("powerCapSlider"), "1,000")
    qtbot.waitUntil(lambda: document.scenario.fleet.power_cap_mw == 1000.0)
