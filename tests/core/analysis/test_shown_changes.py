"""A change shown beside two rounded figures is their difference (`format_change`), and the
risk index reads to one decimal wherever a compare, the GUI's Compare window or the deck
shows it, as evaluate and plan print it."""

import pytest

from core.analysis.compare import format_change, format_kpi


@pytest.mark.parametrize(
    ("kpi", "reference", "value", "text"),
    [
        ("external_token_share", 0.821, 0.975, "+16 pts"),  # 82% to 98%, not +15 pts
        ("utilization", 0.764, 0.755, "+0 pts"),  # 76% and 76%: nothing to see
        ("total_cost_usd", 3.8349e9, 2.8051e9, "-$1.02B"),  # 3.83B to 2.81B, not -1.03B
        ("cost_per_m_tokens_usd", 1.224, 1.836, "+0.62"),
        ("facility_mw", 22.04, 210.26, "+188.3 MW"),  # 22.0 to 210.3, not +188.2
        ("risk_index", 62.96, 85.66, "+22.7"),
        ("gpus", 15_000.4, 90_000.6, "+75,001"),
        ("risk_index", float("nan"), 3.0, "n/a"),
    ],
)
def test_a_change_is_the_difference_of_the_figures_shown(kpi, reference, value, text):
    assert format_change(kpi, value, reference) == text
    if text != "n/a":
        shown = [format_kpi(kpi, v, unit=False).rstrip("%B") for v in (reference, value)]
        figures = [float(s.replace(",", "")) for s in shown]
        change = float(text.split()[0].rstrip("B").replace(",", "").replace("$", ""))
        assert change == pytest.approx(figures[1] - figures[0])


def test_format_change_leaves_out_a_unit_the_label_names():
    assert format_change("facility_mw", 30.0, 22.0, unit=False) == "+8.0"


@pytest.mark.parametrize(
    ("value", "signed", "text"), [(63.04, False, "63.0"), (22.66, True, "+22.7")]
)
def test_the_risk_index_reads_to_one_decimal_as_evaluate_prints_it(value, signed, text):
    assert format_kpi("risk_index", value, signed) == text


@pytest.mark.parametrize(
    ("kpi", "value", "text", "bare"),
    [
        ("pv_cost_usd", 76e3, "$76k", "76k"),  # read "0.00B" beside the deck's $76k
        ("cloud_burst_usd", 5.5e6, "$6M", "6M"),  # read "0.01B"
        ("total_cost_usd", 3.8349e9, "$3.83B", "3.83B"),  # billions as they were, with the $
        ("total_cost_usd", 0.0, "$0.00", "0.00"),
        ("facility_mw", 0.001, "0.001 MW", "0.001"),  # read "0.0 MW"
        ("cost_per_m_tokens_usd", 0.0042, "0.004", "0.004"),  # read "0.00"
        ("capacity_gpu_hours", 8_760.0, "0.01M", "0.01M"),  # one GPU's year read "0M"
        ("risk_index", 1e-12, "0.0", "0.0"),  # residue below 6 decimals reads as none
    ],
)
def test_a_figure_that_is_not_zero_never_reads_zero(kpi, value, text, bare):
    assert format_kpi(kpi, value) == text
    assert format_kpi(kpi, value, unit=False) == bare


@pytest.mark.parametrize(
    ("kpi", "reference", "value", "text"),
    [
        ("pv_cost_usd", 18.29e9, 76e3, "-$18.29B"),  # in the larger figure's unit
        ("cloud_burst_usd", 5.5e6, 0.0, "-$6M"),  # $6M to $0.00, not -0.01B
        ("cloud_burst_usd", 5.5e6, 5.5e6 + 1e3, "+$0M"),  # the same figure: no change shown
        ("facility_mw", 22.04, 0.001, "-21.999 MW"),  # 22.0 to 0.001 as printed
    ],
)
def test_a_change_of_small_figures_reads_in_their_units(kpi, reference, value, text):
    assert format_change(kpi, value, reference) == text
