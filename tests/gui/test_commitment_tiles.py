"""The commitment on screen (issue 26, 8): capex cash and site MW as tiles, judged against
the capex budget and the power limit set on the controls (docs/model.md#F-status), and
the row of eight tiles whole at 1280x720 and 1600x1000 in both themes."""

import pytest
from PySide6.QtWidgets import QComboBox
from tiles import tile

import core
from core.summary.status import judge, limits_of, thresholds_text
from gui.style.appearance import appearance
from gui.testing.testkit import kpi_text, read_kpi, set_control
from gui.views.kpi_tiles import TILES, KpiBar, KpiTile, status_text

pytestmark = pytest.mark.usefixtures("light_after")  # a theme test leaves light


def judged(window, kpi: str):
    doc = window.document
    th = doc.scenario.status_thresholds
    return judge(doc.results, kpi, doc.year, th, limits_of(doc.scenario), doc.reference_results)


def test_capex_cash_and_site_power_are_tiles_of_the_selected_year(window):
    window.document.set_year(2028)
    set_control(window, "scaleSlider", 10.0)
    results = window.document.results
    assert read_kpi(window, "kpiCapex") == results.kpi("capex_cash_usd", 2028)
    assert read_kpi(window, "kpiPowerMw") == results.kpi("facility_mw", 2028)
    assert kpi_text(window, "kpiPowerMw") == f"{results.kpi('facility_mw', 2028):,.0f} MW"
    # No budget, no limit: judged against the baseline as opened, far over it.
    assert tile(window, "kpiCapex").status == "act"
    assert tile(window, "kpiPowerMw").status == "act"


def test_the_budget_and_the_power_limit_set_the_status_and_the_tooltip(window):
    window.document.set_year(2029)
    set_control(window, "scaleSlider", 10.0)
    capex = read_kpi(window, "kpiCapex")
    set_control(window, "capexBudgetSlider", 20.0)  # $20B a year: well inside
    assert window.document.scenario.budget.capex_cash_usd_per_year == 20e9
    capex_tile = tile(window, "kpiCapex")
    assert capex_tile.status == judged(window, "capex_cash_usd").status == "watch"
    assert "capex budget $20.00B a year" in capex_tile.toolTip()
    set_control(window, "capexBudgetSlider", 1.0)  # under this year's capex cash
    assert capex > 1e9
    assert capex_tile.status == "act"
    assert capex_tile.delta.full_text.startswith("▲")  # the change vs base stays below
    set_control(window, "powerCapSlider", 100.0)
    power = tile(window, "kpiPowerMw")
    assert power.status == judged(window, "facility_mw").status == "watch"  # held at 100 MW
    assert window.document.scenario.fleet.power_cap_mw == 100.0
    assert thresholds_text("facility_mw", window.document.scenario.status_thresholds,
                           limits_of(window.document.scenario)) in power.toolTip()  # fmt: skip
    set_control(window, "costBudgetSlider", 30.0)
    assert tile(window, "kpiTotalCost").status == judged(window, "total_cost_usd").status
    set_control(window, "costBudgetSlider", 0.0)  # 0 is no budget
    assert window.document.scenario.budget.cost_usd_per_year is None


def test_every_tile_status_is_the_cores_for_a_variant(window):
    set_control(window, "scaleSlider", 6.0)
    set_control(window, "costBudgetSlider", 4.0)
    for year in (2027, 2029, 2031):
        window.document.set_year(year)
        for spec in TILES:
            assert tile(window, spec.name).status == judged(window, spec.column).status, (
                spec.name,
                year,
            )


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1600, 1000)])
def test_eight_tiles_fit_whole(window, qtbot, theme, width, height):
    appearance().set_preference(theme, remember=False)
    set_control(window, "scaleSlider", 10.0)  # the widest figures: 150,000 GPUs
    window.document.set_year(2031)
    window.resize(width, height)
    qtbot.wait(50)
    assert window.width() == width  # the row never holds the window wider than the screen
    bar = window.findChild(KpiBar)
    assert [t.objectName() for t in bar.findChildren(KpiTile)] == [s.name for s in TILES]
    for spec in TILES:
        shown = tile(window, spec.name)
        assert shown.narrow == (width == 1280), spec.name
        for label in (shown.value, shown.unit):
            text_width = label.fontMetrics().horizontalAdvance(label.text())
            assert text_width <= label.contentsRect().width(), (spec.name, label.text())
        assert shown.badge.text() == status_text(shown.status)
        badge_width = shown.badge.fontMetrics().horizontalAdvance(shown.badge.text())
        assert badge_width <= shown.badge.contentsRect().width(), spec.name
        assert shown.title.geometry().right() < shown.badge.geometry().left(), spec.name
    assert kpi_text(window, "kpiTotalCost").endswith(" B/yr")  # the unit whole for a tester
    assert kpi_text(window, "kpiGpus") == "150,000 GPUs"


def test_a_narrow_tile_gives_way_in_its_unit_and_size_never_its_figure(window, qtbot):
    gpus = tile(window, "kpiGpus")
    window.resize(1600, 1000)
    qtbot.wait(50)
    assert (gpus.narrow, gpus.unit.text()) == (False, "GPUs")
    full = gpus.value.font().pointSize()
    window.resize(1280, 720)
    qtbot.wait(50)
    assert (gpus.narrow, gpus.unit.isVisible()) == (True, False)
    assert gpus.value.font().pointSize() < full
    assert tile(window, "kpiUtilization").unit.text() == "busy"


def test_the_statuses_of_evaluate_name_the_new_tiles():
    from core.summary.status import statuses

    scenario = core.default_scenario()
    got = statuses(core.evaluate(scenario), scenario.status_thresholds)
    assert {"capex_cash_usd", "facility_mw"} <= {spec.column for spec in TILES} <= set(got)


def test_a_site_past_its_cap_after_a_refresh_says_why(window, qtbot):
    """6x B200 under a 60 MW cap, 2031: "69 MW ✕ ACT" and nothing said the refresh re-buys
    the baseline's H100 as hotter B200, which the cap does not hold back."""
    set_control(window, "scaleSlider", 6.0)
    window.findChild(QComboBox, "generationCombo").setCurrentText("B200")
    set_control(window, "powerCapSlider", 60.0)
    window.document.set_year(2031)
    window.resize(1280, 720)
    qtbot.wait(50)
    site = tile(window, "kpiPowerMw")
    assert site.status == "act"
    assert "the 2031 refresh re-bought H100 as B200, which draw more" in site.toolTip()
    assert "over 60 MW" in site.delta.text()  # what the badge judges, on the tile
    assert "a hotter one may take the site past the cap" in site.toolTip()
    cap = window.controls.slider("powerCapSlider")
    assert "a hotter one may take the site past the cap" in cap.toolTip()


def test_the_capex_tile_says_the_fleet_before_the_horizon_pays_by_charges(window):
    """$0.17B every year beside "none added": the baseline's charges, as a lease's."""
    said = tile(window, "kpiCapex").toolTip()
    assert "paid by its charges until it is first re-bought, as a lease would be" in said
    assert "A refresh pays for the GPUs it re-buys in its year" in said
