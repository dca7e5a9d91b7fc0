"""The brief's and the deck's key inputs: each with its label, value in units and source."""

import core
from core.scenario.edits import with_changes
from core.summary.input_labels import labelled_inputs

# (label, value, has a source, marked illustrative) for the default, in the order shown
DEFAULT_INPUTS = [
    ("Horizon", "2026-2031", True, False),
    ("GPUs today", "15,000 H100", True, False),
    ("Fleet scale", "x1 by 2029", True, False),
    ("GPU bought from now on", "H100", False, False),
    ("Capex per GPU", "$50,000", True, False),
    ("GPU life", "6 years", True, False),
    ("PUE", "1.15", True, False),
    ("Electricity", "$0.080/kWh", True, False),
    ("Opex", "6% of capex a year", True, True),
    ("Fleet availability", "92%", True, False),
    ("Cloud burst price", "$6.98 per H100-hour", True, False),
    ("Burst price change", "-15%/yr", True, True),
    ("Cost of capital", "8.0%/yr", True, True),
    ("Facility capex", "$11.0M per MW", True, True),
    ("Facility life", "15 years", True, True),
    ("Site power cap", "none", True, True),
    ("In-house shift", "0%", True, True),
    ("Partner price shock", "x1.00", True, True),
    ("Demand growth multiplier", "x1.00", True, True),
    ("MAI-1-preview", "from 2025", True, False),
    ("MAI-1-preview: training MFU", "40%", True, False),
    ("MAI-2", "from 2029", True, True),
    ("MAI-2: training MFU", "40%", True, False),
    ("MAI small", "from 2025", True, True),
    ("MAI small: training MFU", "40%", True, False),
    ("GPT-5 class (OpenAI)", "$1.25 in / $10.00 out per M tokens", True, False),
    ("GPT-5 class: price change", "-30%/yr", True, True),
    ("Claude Sonnet class (Anthropic)", "$3.00 in / $15.00 out per M tokens", True, False),
    ("Claude Sonnet class: price change", "-30%/yr", True, True),
    ("Claude Opus class (Anthropic)", "$5.00 in / $25.00 out per M tokens", True, False),
    ("Claude Opus class: price change", "-30%/yr", True, True),
    ("GitHub Copilot", "200 T tokens a year, +60%/yr", True, True),
    ("GitHub Copilot: promises", "floor 85; TTFT 2.5 s, TPOT 25 ms", True, True),
    ("M365 Copilot Excel", "50 T tokens a year, +80%/yr", True, True),
    ("M365 Copilot Excel: promises", "floor 85; TTFT 3 s, TPOT 40 ms", True, True),
    ("M365 Copilot PowerPoint", "40 T tokens a year, +80%/yr", True, True),
    ("M365 Copilot PowerPoint: promises", "floor 85; TTFT 3 s, TPOT 40 ms", True, True),
    ("M365 Copilot Word/Outlook/Teams", "200 T tokens a year, +60%/yr", True, True),
    ("M365 Copilot Word/Outlook/Teams: promises", "floor 80; TTFT 3 s, TPOT 40 ms", True, True),
    ("Copilot consumer", "250 T tokens a year, +50%/yr", True, True),
    ("Copilot consumer: promises", "floor 75; TTFT 2.5 s, TPOT 50 ms", True, True),
    ("Regulated-industry models", "30 T tokens a year, +70%/yr", True, True),
    ("Regulated-industry models: promises", "floor 70; TTFT 4 s, TPOT 50 ms", True, True),
]


def test_the_default_inputs_read_in_units_with_their_sources():
    shown = [
        (row.label, row.value, bool(row.source), row.illustrative)
        for row in labelled_inputs(core.default_scenario())
    ]
    assert shown == DEFAULT_INPUTS


def test_changed_inputs_read_as_changed():
    changes = {"fleet.power_cap_mw": 40.0, "fleet.scale": 6.0, "fleet.gpu": "B200"}
    changes["models[3].annual_price_change"] = 0.1  # a partner whose prices rise: signed
    rows = {
        r.label: r.value for r in labelled_inputs(with_changes(core.default_scenario(), changes))
    }
    assert rows["Site power cap"] == "40 MW"
    assert rows["Fleet scale"] == "x6 by 2029"
    assert rows["GPU bought from now on"] == "B200"
    assert rows["GPT-5 class: price change"] == "+10%/yr"
