"""Small figures on the tiles (review of extremes, finding 8): a $4M capex read
"$0.00 B/yr" and a 0.3 MW site "0 MW". Under $0.1B a dollar tile takes the figure's own
scale (M/yr), in the full and the narrow look and in words; the default reads as before."""

import pytest
from keyboard_focus import focus_by_keyboard
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
from tiles import tile

from gui.testing.testkit import kpi_text, read_kpi
from gui.views.kpi_tiles import TILES

pytestmark = pytest.mark.usefixtures("light_after")
SPECS = {spec.name: spec for spec in TILES}
SMALL = {
    "budget.capex_cash_usd_per_year": 4e6,
    "fleet.power_cap_mw": 0.4,
    "fleet.baseline_gpus": 200,
}


@pytest.mark.parametrize(
    ("value", "full", "narrow"),
    [
        (3.84e9, ("$3.84", "B/yr"), ("$3.84", "B")),  # the default's look, unchanged
        (0.17e9, ("$0.17", "B/yr"), ("$0.17", "B")),
        (4e6, ("$4", "M/yr"), ("$4", "M")),
        (52e3, ("$52", "k/yr"), ("$52", "k")),
    ],
)
def test_a_dollar_tile_takes_the_figures_scale(value, full, narrow):
    for name in ("kpiTotalCost", "kpiCapex"):
        assert SPECS[name].texts(value, narrow=False) == full
        assert SPECS[name].texts(value, narrow=True) == narrow


def test_site_power_under_10_mw_keeps_two_significant_digits():
    power = SPECS["kpiPowerMw"]
    assert power.texts(0.2937, narrow=False) == ("0.29", "MW")
    assert power.texts(3.44, narrow=False) == ("3.4", "MW")
    assert power.texts(22.4, narrow=False) == ("22", "MW")  # whole from 10, as before
    assert power.texts(1234.5, narrow=True) == ("1,234", "MW")


def test_a_small_capex_and_site_read_their_figure_on_screen_and_aloud(window, qtbot):
    window.document.edit(SMALL, "small fleet")
    results, year = window.document.results, window.document.year
    capex, power = read_kpi(window, "kpiCapex"), read_kpi(window, "kpiPowerMw")
    assert capex == results.kpi("capex_cash_usd", year) < 1e8
    assert 0 < power < 1
    assert kpi_text(window, "kpiCapex").endswith(" M/yr")
    assert "0.00" not in kpi_text(window, "kpiCapex")
    assert kpi_text(window, "kpiPowerMw") != "0 MW"
    assert "% of $4M, the capex budget)" in tile(window, "kpiCapex").toolTip()
    assert "% of 0.4 MW, the power limit)" in tile(window, "kpiPowerMw").toolTip()
    shown = tile(window, "kpiCapex")
    focus_by_keyboard(shown)
    name = QAccessible.queryAccessibleInterface(shown).text(QAccessible.Text.Name)
    assert name.startswith(f"Capex cash: {shown.value.text()} million a year in {year}, ")
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: shown.narrow)
    assert shown.unit.text() == "M"  # the narrow look keeps the scale: never "$4 B"
    assert kpi_text(window, "kpiCapex").endswith(" M/yr")  # whole for a tester


def test_a_limit_under_its_sliders_step_reads_as_set_not_as_none(window):
    """A 0.4 MW cap read "0" beside "(0 = none)", a $4M budget "0.0" ($B/yr)."""
    window.document.edit(SMALL, "small fleet")
    assert window.findChild(QWidget, "powerCapSlider")._label.text() == "0.4"
    assert window.findChild(QWidget, "capexBudgetSlider")._label.text() == "0.004"
    window.document.edit({"fleet.power_cap_mw": 30.0}, "a whole cap")
    assert window.findChild(QWidget, "powerCapSlider")._label.text() == "30"


def test_a_small_figures_change_reads_on_its_scale():
    """A change read "+$0.02B" beside "$50 M/yr", and "+0 MW" beside a 0.29 MW site."""
    from gui.views.kpi_tiles import _dollar_change, _mw_change

    assert _dollar_change(50e6, 30e6) == "+$20M"
    assert _dollar_change(30e6, 50e6) == "-$20M"
    assert _dollar_change(3.84e9, 3.4e9) == "+$0.44B"  # the default's scale, as before
    assert _mw_change(0.29, 0.24) == "+0.05"
    assert _mw_change(132.0, 22.0) == "+110"
