"""Issue 26 (4, 9): the quality chart reads the floor by route, as the headline and flags do;
the dependency charts colour by meaning and keep the HHI on its own axis."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from core.summary.headline import headline_for
from gui.style.appearance import appearance
from gui.style.theme import PROVIDER_COLORS, status_color
from gui.views.charts.risk_charts import share_status

EXCEL, WORD = 1, 3  # M365 Copilot Excel and Word/Outlook/Teams in the default


def _bar_colors(chart) -> list[str]:
    return [pg.mkColor(brush).name().upper() for brush in chart.bars_item.opts["brushes"]]


def test_a_route_under_its_floor_is_red_in_the_chart_the_headline_and_the_flags(window):
    """The default: every mix clears its floor on average, yet Excel has 40% of its tokens
    on GPT-5 class (84 < 85) and Word/Outlook/Teams 20% on MAI-1-preview (75 < 80)."""
    doc = window.document
    results, year = doc.results, doc.year
    chart = window.quality_chart
    quality = results.per_product("quality", year)
    floor = results.per_product("quality_floor", year)
    assert (quality >= floor).all()  # the mean alone says all is well
    under = results.per_product("under_floor_share", year)
    assert under[EXCEL] == pytest.approx(0.4)
    assert under[WORD] == pytest.approx(0.2)
    assert chart.under.tolist() == (under > 0).tolist()
    theme = appearance().theme
    colors = _bar_colors(chart)
    assert colors[EXCEL] == theme.warning.upper()
    assert colors[0] == theme.good.upper()
    said = chart.describe(50, EXCEL)
    assert "UNDER IT: 40% of its tokens on GPT-5 class, quality 84 under its floor 85" in said
    line = headline_for(results, year, doc.scenario.status_thresholds)
    assert "Worst breach: M365 Copilot Word/Outlook/Teams has 20% of its tokens on MAI-1" in line
    assert "No promise is broken" not in line
    flagged = {f.product for f in results.flags_for(year) if f.kind == "under_floor"}
    names = results.structure.product_names
    assert flagged == {names[i] for i in np.nonzero(chart.under)[0]}


def test_the_routing_floor_cell_says_the_mean_and_the_tokens_under_it(window):
    """The Floor cell read "quality 87.6 in 2029 meets floor 85" beside a red GPT-5 cell
    holding 40% of Excel's tokens: it now says both, as the red cells and the chart do."""
    window.document.set_year(2029)
    model = window.findChild(QTableView, "routingTable").model()
    tip = model.data(model.index(EXCEL, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip == (
        "M365 Copilot Excel: quality 87.6 on average in 2029 meets floor 85; 40% of its "
        "tokens are on models under it (the red cells)"
    )
    gpt5 = 3 + [m.name for m in window.document.scenario.models].index("GPT-5 class")
    assert model.data(model.index(EXCEL, gpt5), Qt.ItemDataRole.BackgroundRole) is not None
    first = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert first.endswith("meets floor 85; every token is on a model that meets it")


def test_moving_the_route_off_the_model_under_the_floor_turns_the_bar_green(window):
    doc = window.document
    product = doc.scenario.products[EXCEL]
    doc.edit({f"products[{EXCEL}].routing": {"Claude Sonnet class": 1.0}}, "Excel on Sonnet")
    assert not window.quality_chart.under[EXCEL]
    assert _bar_colors(window.quality_chart)[EXCEL] == appearance().theme.good.upper()
    assert product.name not in {f.product for f in doc.results.flags_for(doc.year)
                                if f.kind == "under_floor"}  # fmt: skip


def test_external_share_bars_are_coloured_by_status_not_by_provider(window):
    chart = window.risk_charts.external
    doc = window.document
    th = doc.scenario.status_thresholds
    share = doc.results.per_product("external_token_share", doc.year)
    theme = appearance().theme
    expected = [
        status_color(theme, share_status(float(s), th.external_share_watch, th.external_share_act))
        for s in share
    ]
    assert _bar_colors(chart) == [c.upper() for c in expected]
    assert not set(_bar_colors(chart)) & {c.upper() for c in PROVIDER_COLORS.values()}
    # The colour changes only where the status does, on the scenario's lines.
    assert share_status(0.49, 0.5, 0.75) == share_status(0.0, 0.5, 0.75) == "good"
    assert share_status(0.51, 0.5, 0.75) == "watch"
    assert share_status(0.76, 0.5, 0.75) == "act"


def test_the_providers_chart_draws_the_partner_hhi_on_its_own_axis(window):
    chart = window.risk_charts.providers
    hhi = window.document.results.yearly.partner_hhi
    assert np.array_equal(chart.hhi.yData, hhi)
    assert chart.hhi.getViewBox() is chart.hhi_axis.view
    assert chart.threshold.getViewBox() is chart.hhi_axis.view
    assert "partner HHI" in chart.describe(2029, 50)


def test_the_charts_keep_their_object_names(window):
    assert window.quality_chart.objectName() == "qualityChart"
    assert window.risk_charts.external.objectName() == "externalShareChart"
    assert window.risk_charts.providers.objectName() == "providerChart"


def test_a_residency_product_on_burst_is_act_in_the_external_share_chart(window):
    """Regulated-industry models is in-house only (data residency). The fleet keeps its
    work first; when even that cannot hold it (2.5 times the demand growth, everything
    moved in-house), its share on cloud burst is *act* however small, and says why. It was
    a green bar at 22% on the default's 2031 (docs/model.md#F-external-share)."""
    doc, chart = window.document, window.risk_charts.external
    regulated = doc.results.structure.product_names.index("Regulated-industry models")
    doc.set_year(2031)
    assert doc.results.per_product("external_token_share", 2031)[regulated] == 0.0
    doc.edit({"levers.in_house_shift": 1.0, "levers.demand_growth_multiplier": 2.5}, "short")
    shares = doc.results.product_arrays.external_token_share[:, regulated]
    year = next(y for y, f in zip(doc.results.years, shares, strict=True) if 0.0 < f < 0.5)
    doc.set_year(year)  # under the watch line, yet a breach
    assert _bar_colors(chart)[regulated] == appearance().theme.warning.upper()
    said = chart.describe(50, regulated)
    assert "on cloud burst (rented GPUs): act, an in-house-only product (data residency)" in said


def test_the_quality_axis_keeps_red_in_every_short_form(window):
    """At 1280x720 it read "some under floor": a fact, as if some bar were under it."""
    from gui.testing.testkit import trigger, wait_idle
    from gui.views.charts.axis_titles import QUALITY_AXIS, fitting_title

    forms = {fitting_title(QUALITY_AXIS, room, len) for room in range(len(QUALITY_AXIS) + 1)}
    assert all(form.startswith("red") for form in forms - {None, QUALITY_AXIS})
    window.resize(1280, 720)
    wait_idle(window)
    axis = window.quality_chart.plot_item.getAxis("bottom")
    assert axis.label.isVisible()
    assert axis.labelText == "red: some under"
    trigger(window, "presentationAction")  # 1.45x type: the shortest form
    assert axis.labelText == "red: under"
