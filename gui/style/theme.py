"""Colours: one per thing, everywhere (Okabe-Ito, colour-blind safe), in a light and a dark theme.

Data colours (providers, cost components) are the same in both themes, so a provider
is recognised on any screen; the chrome and the lines drawn "in ink" follow the theme.
"""

from dataclasses import dataclass
from enum import Enum

from core.engine.result_tables import KpiName
from core.formats.deck_charts import DeckColors

CLOUD_BURST = "#E69F00"
PROVIDER_COLORS = {
    "In-house": "#0072B2",
    "OpenAI": "#009E73",
    "Anthropic": "#D55E00",
    "Cloud burst": CLOUD_BURST,
}
OTHER_PROVIDER = "#CC79A7"
COST_COLORS: dict[KpiName, str] = {
    "capital_charge_usd": "#0072B2",
    "facility_charge_usd": "#009E73",
    "power_usd": "#56B4E9",
    "opex_usd": "#7F7F7F",
    "partner_spend_usd": "#D55E00",
    "cloud_burst_usd": CLOUD_BURST,
}
TRAINING = "#56B4E9"
SHORTFALL = "#E8A29A"  # demand above the fleet, bought as cloud burst: opaque, as in its legend
INFERENCE = "#0072B2"
# Analysis: the Monte Carlo fan, and the tornado's low and high ends of an input.
LOWER_INPUT, HIGHER_INPUT = "#0072B2", "#E69F00"
FRONTIER, PICKED = "#0072B2", "#E69F00"  # the frontier's routings; the one previewed
# The plan window: GPUs added per generation (catalog order): Okabe-Ito, then three of
# Paul Tol's muted set, so the catalog's nine generations never share a colour.
GENERATION_COLORS = (
    "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00",
    "#999933", "#882255", "#DDCC77",
)  # fmt: skip
FIRST_BAR = "#0072B2"  # a per-product bar before its first update colours it
# Compare: each scenario after the reference (Dark2, apart from the provider colours).
SCENARIO_COLORS = ("#1B9E77", "#7570B3", "#E7298A", "#66A61E", "#A6761D", "#E6AB02")


class Role(Enum):
    """A colour that depends on the theme; its value names the `Theme` field."""

    INK = "ink"  # totals, HHI, capacity: the lines that must stand out on the background
    MUTED = "muted"
    ACCENT = "accent"  # right-axis lines (cost per token, utilization)
    REFERENCE = "reference"  # the baseline or reference scenario, dashed
    GOOD = "good"
    WARNING = "warning"
    FAN = "fan"  # the Monte Carlo fan: its band and median


@dataclass(frozen=True)
class Theme:
    """Colours of the chrome around the data, chosen for contrast on a projector."""

    name: str
    background: str
    foreground: str
    muted: str
    panel: str
    ink: str
    accent: str
    reference: str
    good: str
    warning: str
    under_floor: str  # routing cells whose product is under its quality floor
    forbidden: str  # routing cells that may not be used (in-house-only products)
    grid_alpha: float
    fan: str  # the Monte Carlo band and median: Okabe-Ito blue, its sky blue on dark
    focus: str  # the keyboard focus ring: 3:1 on the background, panel and selection colours

    def color(self, role: Role) -> str:
        """The colour this theme gives `role`."""
        value: str = getattr(self, role.value)
        return value


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    foreground="#1A1A1A",
    muted="#5F6368",
    panel="#F4F5F7",
    ink="#1A1A1A",
    accent="#6A3D9A",
    reference="#5A5A5A",
    good="#2E7D32",
    warning="#C0392B",
    under_floor="#F6D5D1",
    forbidden="#E6E6E6",
    grid_alpha=0.15,
    fan="#0072B2",
    focus="#002F6C",  # navy: 3.5:1 even on a selected cell (Fusion's #308CC6)
)
DARK = Theme(
    name="dark",
    background="#1B1D21",
    foreground="#E8EAED",
    muted="#A8ADB4",
    panel="#25282D",
    ink="#F2F2F2",
    accent="#C9A0F0",
    reference="#BDBDBD",
    good="#6CCB70",
    warning="#FF7364",
    under_floor="#5E2A26",
    forbidden="#33363B",
    grid_alpha=0.22,
    fan="#56B4E9",  # #0072B2 on this background is about 3.2:1
    focus="#A8D4FF",  # the selection blue #2F6FB3 is 2.8:1 on the panel: a ring needs 3:1
)
THEMES = {theme.name: theme for theme in (LIGHT, DARK)}


def provider_color(provider: str) -> str:
    """The colour of a provider; partners beyond OpenAI and Anthropic share purple."""
    return PROVIDER_COLORS.get(provider, OTHER_PROVIDER)


# Status of a KPI (good / watch / act): text colours with 4.5:1 on each theme's panel.
STATUS_COLORS = {
    "light": {"good": LIGHT.good, "watch": "#8A5A00", "act": LIGHT.warning},
    "dark": {"good": DARK.good, "watch": "#F0B84A", "act": DARK.warning},
}


def status_color(theme: Theme, status: str) -> str:
    """The colour of a KPI status in `theme`."""
    return STATUS_COLORS[theme.name][status]


def deck_colors(theme: Theme) -> DeckColors:
    """The theme's palette as hex strings for the deck (core.formats.deck imports no Qt)."""
    return DeckColors(
        background=theme.background,
        foreground=theme.foreground,
        muted=theme.muted,
        ink=theme.ink,
        accent=theme.accent,
        reference=theme.reference,
        good=theme.good,
        warning=theme.warning,
        watch=STATUS_COLORS[theme.name]["watch"],
        providers=dict(PROVIDER_COLORS),
        costs={str(kpi): color for kpi, color in COST_COLORS.items()},
        other_provider=OTHER_PROVIDER,
        training=TRAINING,
        inference=INFERENCE,
    )
