"""What each dashboard chart shows, in words: the start of its accessible description.

A title such as "LATENCY  (| = promise)" is read out as letters and signs; a screen reader
user hears this instead, then the selected year's figures (`Chart.summary`). Keyed by
objectName, the testers' stable names (docs/testing.md).
"""

MEANINGS = {
    "costChart": (
        "Cost per year in billions of dollars, stacked by part: GPU capital, facility, "
        "power, opex, partner API and cloud burst; the total as a line, and the cost per "
        "million tokens on the right axis."
    ),
    "capacityChart": (
        "The busy hour per year in thousands of reference-GPU equivalents: inference at "
        "the busy hour with the year's training on it (training runs in the quiet hours), "
        "against what the fleet has (the step line); above it, the shortfall bought as "
        "cloud burst; utilization on the right axis."
    ),
    "latencyChart": (
        "Per product in the selected year, the slower of its p95 time to first token and "
        "time per output token, as a percentage of its promise; over 100% misses it."
    ),
    "externalShareChart": (
        "Per product in the selected year, the share of its tokens served outside, by "
        "partners and cloud burst, judged on the external share tile's watch and act lines."
    ),
    "providerChart": (
        "Each provider's share of the tokens served per year, stacked to 100% (cloud burst: "
        "the in-house models' tokens run on rented GPUs), with the partner HHI on the right "
        "axis and the HHI tile's act line."
    ),
    "riskIndexChart": (
        "The dependency risk index per year, 0 to 100, low is safe; the baseline dashed."
    ),
    "qualityChart": (
        "Per product in the selected year, the mean quality of the models serving it "
        "against its quality floor; marked under floor where any of its tokens runs on a "
        "model under the floor."
    ),
}
