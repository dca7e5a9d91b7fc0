"""One colour per thing, everywhere (Okabe-Ito, colour-blind safe), and projector-sized fonts."""

from dataclasses import dataclass

PROVIDER_COLORS = {"In-house": "#0072B2", "OpenAI": "#009E73", "Anthropic": "#D55E00"}
OTHER_PROVIDER = "#CC79A7"
CLOUD_BURST = "#E69F00"
COST_COLORS = {
    "capex_amortization_usd": "#0072B2",
    "power_usd": "#56B4E9",
    "opex_usd": "#7F7F7F",
    "partner_spend_usd": "#D55E00",
    "cloud_burst_usd": CLOUD_BURST,
}
WARNING = "#C0392B"
GOOD = "#2E7D32"
TRAINING = "#56B4E9"
PER_TOKEN = "#6A3D9A"  # right-axis lines: dark enough to read beside the data colours
UTILIZATION = "#6A3D9A"
INFERENCE = "#0072B2"


@dataclass(frozen=True)
class Theme:
    """Colours of the chrome around the data (the data colours never change)."""

    name: str
    background: str
    foreground: str
    muted: str
    panel: str
    grid_alpha: float


LIGHT = Theme("light", "#FFFFFF", "#1A1A1A", "#5F6368", "#F4F5F7", 0.15)


def provider_color(provider: str) -> str:
    """The colour of a provider; partners beyond OpenAI and Anthropic share purple."""
    return PROVIDER_COLORS.get(provider, OTHER_PROVIDER)
