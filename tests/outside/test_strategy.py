import pytest

import core
from gui.testing.testkit import (
    kpi_text,
    read_effective_share,
    read_kpi,
    read_share,
    set_control,
    set_share,
    trigger,
)


@pytest.fixture
def scaledeck_scenario():
    """Open the default scenario, but with demand growing 50% faster."""
    base = core.default_scenario()
    levers = base.levers.model_copy(update={"demand_growth_multiplier": 1.5})
    return base.model_copy(update={"levers": levers})


def test_a_bigger_cluster_moves_traffic_in_house_and_costs_capex(scaledeck_window):
    window = scaledeck_window
    # 2028: the in-house models serving then fit a bigger H100 fleet. From 2029 the shift
    # also reaches MAI-2, whose illustrative 1.2T-parameter build needs 32-72 H100s a
    # replica (docs/model.md#F-serving), and the work above the fleet is bought as cloud
    # burst, which the external share counts as outside since version 0.2 (docs/testing.md,
    # "Changes").
    set_control(window, "yearSlider", 2028)
    external_before = read_kpi(window, "kpiExternalShare")

    set_control(window, "scaleSlider", 8.0)
    external_scaled = read_kpi(window, "kpiExternalShare")  # less burst: less outside
    set_control(window, "inHouseShiftSlider", 60)  # % of partner traffic moved in-house

    assert read_kpi(window, "kpiGpus") == 85_000  # 2028: two-thirds of the way to 8x in 2029
    assert read_kpi(window, "kpiExternalShare") < external_scaled <= external_before
    assert kpi_text(window, "kpiGpus") == "85,000 GPUs"

    trigger(window, "undoAction")  # one undo step per control change
    assert read_kpi(window, "kpiExternalShare") == pytest.approx(external_scaled)


def test_routing_a_product_to_a_model_not_yet_serving(scaledeck_window):
    window = scaledeck_window
    set_control(window, "yearSlider", 2027)
    set_share(window, "Copilot consumer", "MAI-2", 50)  # MAI-2 serves from 2029

    assert read_share(window, "Copilot consumer", "MAI-2") == 50
    assert read_share(window, "Copilot consumer", "GPT-5 class") == pytest.approx(35)
    assert read_effective_share(window, "Copilot consumer", "MAI-2") == 0  # falls back

    set_control(window, "yearSlider", 2030)
    assert read_effective_share(window, "Copilot consumer", "MAI-2") > 0


def test_out_of_range_values_are_refused(scaledeck_window):
    with pytest.raises(ValueError, match="scaleSlider: 12 is outside its range 1 to 10"):
        set_control(scaledeck_window, "scaleSlider", 12)
