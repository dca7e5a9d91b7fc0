"""The plan window's inputs: lambda, limits, frontier points, robust draws and seed, locks.

Limits are free text (blank = no limit) in the units an executive thinks in (MW, $B a
year, %), read into `core.plan.solve.Limits` only when Run is pressed: a bad entry is one
line naming the input and the problem, said before any thread starts.
"""

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

import core
from core.numbers import ungrouped
from core.plan.lp import Limits
from core.plan.robust import MAX_ROBUST_DRAWS
from core.scenario.schema import MAX_POWER_CAP_MW, MAX_USD
from gui.dialogs.plan.locks import PlanLocks, locks_caption
from gui.dialogs.widgets import named_spin


@dataclass(frozen=True)
class LimitField:
    """One optional limit: its Limits field, label, unit and how a typed number is stored."""

    field: str
    label: str
    unit: str
    factor: float  # stored = typed x factor (MW as is, $B -> USD, % -> share)
    upper: float  # highest value that makes sense, in the typed unit
    tip: str
    share: bool = False  # a share may be 0; a cap or budget may not


LIMITS = (
    # A cap and a budget are bounded as a scenario's are (a plan saves them into one).
    LimitField("power_cap_mw", "Power cap", "MW", 1.0, MAX_POWER_CAP_MW,
               "Most facility power in any year, MW. Blank: the scenario's own cap, if any."),
    LimitField("capex_budget_usd", "Capex budget", "$B / year", 1e9, MAX_USD / 1e9,
               "Most GPU capex paid in any one year, $ billions. Blank: no budget."),
    LimitField("max_provider_share", "Max provider share", "%", 0.01, 100.0,
               "Most share of a year's spend any one partner provider may take. Blank: no cap.",
               share=True),
    LimitField("min_in_house_share", "Min in-house share", "%", 0.01, 100.0,
               "Least share of tokens served in-house, every year. Blank: no floor.",
               share=True),
)  # fmt: skip


@dataclass(frozen=True)
class PlanRequest:
    """What one Run solves: the deterministic plan, and optionally a frontier and a robust plan."""

    risk_weight: float  # $B of present cost per point of external token share
    limits: Limits
    frontier_points: int  # 0: no frontier
    draws: int  # 0: no robust plan
    seed: int


class PlanInputs(QWidget):
    """A form of the plan's options; `request()` reads it (ScenarioError on a bad entry)."""

    def __init__(self, scenario: core.Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planInputs")
        form = QFormLayout(self)
        self.risk_weight = QDoubleSpinBox(self)
        self.risk_weight.setObjectName("planLambdaSpin")
        self.risk_weight.setAccessibleName("Lambda, $B per point of external share")
        self.risk_weight.setRange(0.0, 1_000.0)
        self.risk_weight.setDecimals(3)
        self.risk_weight.setSingleStep(0.05)
        self.risk_weight.setToolTip(
            "lambda: $B of present cost the plan may spend per point less external token share."
        )
        form.addRow("λ ($B / point)", self.risk_weight)
        self.limits: dict[str, QLineEdit] = {}
        for spec in LIMITS:
            edit = QLineEdit(self)
            edit.setObjectName(f"plan{_camel(spec.field)}Edit")
            edit.setPlaceholderText("none")
            edit.setToolTip(spec.tip)
            edit.setAccessibleName(spec.label)
            form.addRow(f"{spec.label} ({spec.unit})", edit)
            self.limits[spec.field] = edit
        self.frontier_points = named_spin(self, "planFrontierSpin", "Frontier points", 0, 50, 20)
        self.frontier_points.setToolTip("Plans on the cost-dependency frontier; 0: none.")
        self.draws = named_spin(self, "planDrawsSpin", "Robust draws", 0, MAX_ROBUST_DRAWS, 0)
        self.draws.setToolTip(
            "Monte Carlo draws for a robust build (mean + CVaR 90%), at most "
            f"{MAX_ROBUST_DRAWS:,} (the program grows by one routing per draw); 0: none."
        )
        self.seed = named_spin(self, "planSeedSpin", "Seed", 0, 2**31 - 1, 0)
        for label, spin in (
            ("Frontier points", self.frontier_points),
            ("Robust draws", self.draws),
            ("Seed", self.seed),
        ):
            form.addRow(label, spin)
        self.lock_box = PlanLocks(scenario, self)
        form.addRow(locks_caption(self), self.lock_box)

    def request(self, scenario: core.Scenario) -> PlanRequest:
        """The options as entered; ScenarioError naming each entry that is not usable."""
        values: dict[str, Any] = {"locks": self.lock_box.locks(scenario)}  # Limits' fields
        problems: list[core.Problem] = []
        for spec in LIMITS:
            text = ungrouped(self.limits[spec.field].text().strip().rstrip("%"))
            values[spec.field] = None
            if not text:
                continue
            try:
                number = float(text)
            except ValueError:
                problems.append(core.Problem(spec.label, f"{text!r} is not a number"))
                continue
            above = number >= 0 if spec.share else number > 0
            if not (above and number <= spec.upper):
                low = "between 0 and" if spec.share else "above 0 and at most"
                bound = f"{low} {spec.upper:,g}"
                problems.append(core.Problem(spec.label, f"{text} {spec.unit} must be {bound}"))
                continue
            values[spec.field] = number * spec.factor
        if problems:
            raise core.ScenarioError(problems)
        return PlanRequest(
            self.risk_weight.value(),
            Limits(**values),
            self.frontier_points.value(),
            self.draws.value(),
            self.seed.value(),
        )


def _camel(field: str) -> str:
    """`power_cap_mw` -> `PowerCapMw`, for objectNames."""
    return "".join(part.title() for part in field.split("_"))
