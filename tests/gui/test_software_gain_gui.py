"""The serving software's gain on the control panel (`softwareGainSlider`, F-software-drift)."""

import numpy as np
import pytest
from superqt import QLabeledDoubleSlider

from gui.testing.testkit import set_control


def _in_house_hours(window) -> np.ndarray:
    """In-house inference GPU-hours per year of the results on screen."""
    return window.document.shown.results.outputs.inference_gpu_hours[0].sum(axis=(1, 2))


def test_the_gain_writes_a_factor_per_year_and_divides_in_house_hours(window):
    set_control(window, "inHouseShiftSlider", 40.0)
    before = _in_house_hours(window)
    steps = window.document.undo_stack.count()
    set_control(window, "softwareGainSlider", 50.0)
    rows = window.document.scenario.software_factor
    assert [(row.year, row.factor) for row in rows] == [
        (year, pytest.approx(1.5 ** (year - 2026))) for year in range(2027, 2032)
    ]
    np.testing.assert_allclose(_in_house_hours(window), before / 1.5 ** np.arange(6))
    assert window.document.undo_stack.count() == steps + 1
    slider = window.findChild(QLabeledDoubleSlider, "softwareGainSlider")
    assert "InferenceX" in slider.toolTip()  # the measured trend, cited from the sources
    set_control(window, "softwareGainSlider", 0.0)
    assert window.document.scenario.software_factor == ()
    np.testing.assert_allclose(_in_house_hours(window), before)
