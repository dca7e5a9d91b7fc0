"""The plan against the current scenario in numbers, its binding constraints, the robust range."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.analysis.compare import format_change, format_kpi
from core.plan.explain import BURST, Explain
from core.plan.solve import Plan
from core.units import UNITS, horizon_cost_name, signed, usd, usd_change_billions
from gui.dialogs.plan.solve import PlanRun
from gui.views.tables.fitted import fit_columns
from gui.views.tables.keyboard import keyboard_table

HEADERS = ("", "Current", "Plan", "Change")
TABLE_PAD_PX = 4  # the table's frame, above and below its rows
LIST_PAD_PX = 6  # a list's frame and margins, above and below its lines


def compare_rows(plan: Plan) -> list[tuple[str, str, str, str]]:
    """Present cost, 6-year cost, external share, risk and peak power: now, plan, change.

    Each change is the difference of the two figures beside it as shown: taken from the
    unrounded ones, "84% → 38%" read "-45 pts" and "65.5 → 27.7" read "-37.9".
    """
    cost, cost_now = sum(plan.total_cost_usd), sum(plan.current_total_cost_usd)
    mw, mw_now = round(max(plan.facility_mw)), round(max(plan.current_facility_mw))
    share, share_now = plan.external_share, plan.current_external_share
    risk, risk_now = plan.risk_index, plan.current_risk_index
    return [
        ("Present cost", usd(plan.current_pv_cost_usd), usd(plan.pv_cost_usd),
         usd_change(plan.pv_cost_usd, plan.current_pv_cost_usd)),
        (horizon_cost_name(len(plan.total_cost_usd)).capitalize(), usd(cost_now), usd(cost),
         usd_change(cost, cost_now)),
        ("External share (mean)", format_kpi("external_token_share", share_now),
         format_kpi("external_token_share", share),
         format_change("external_token_share", share, share_now)),
        ("Risk index (mean)", format_kpi("risk_index", risk_now), format_kpi("risk_index", risk),
         format_change("risk_index", risk, risk_now)),
        ("Peak power", f"{mw_now:,} MW", f"{mw:,} MW", f"{signed(mw - mw_now, '+,.0f')} MW"),
    ]  # fmt: skip


def usd_change(value_usd: float, base_usd: float) -> str:
    """`usd_change_billions` of the two costs as `usd` writes them: $22.62B to $16.18B is -$6.44B.

    From the unrounded costs it read -$6.45B beside them.
    """
    return usd_change_billions(*(_as_usd_writes(v) for v in (value_usd, base_usd)))


def _as_usd_writes(value_usd: float) -> float:
    """`value_usd` rounded as `usd` writes it: $18.29B is 18.29e9, $182M is 182e6."""
    text = usd(value_usd)
    unit = text[-1] if text[-1] in UNITS else ""
    decimals = len(text.removesuffix(unit).partition(".")[2])
    return round(value_usd / UNITS.get(unit, 1.0), decimals) * UNITS.get(unit, 1.0)


def robust_words(run: PlanRun) -> str:
    """The robust plan's present cost range against the current scenario's on the same draws."""
    robust = run.robust
    if robust is None:
        return f"Robust plan: {run.robust_note}."
    mine = (robust.pv_cost_p10_usd, robust.pv_cost_p50_usd, robust.pv_cost_p90_usd)
    now = (
        robust.current_pv_cost_p10_usd,
        robust.current_pv_cost_p50_usd,
        robust.current_pv_cost_p90_usd,
    )
    return (
        f"Robust plan over {robust.draws:,} draws (seed {robust.seed}): present cost P10/P50/P90 "
        + " / ".join(usd(v) for v in mine)
        + ", current "
        + " / ".join(usd(v) for v in now)
        + "."
    )


class ShortList(QListWidget):
    """A list that asks for two lines, and takes the room to spare (its stretch) for more.

    QListWidget asks for 192 px, and in the plan window's column (whose word-wrapped
    labels make it lay out by height for width) that wish counted as a minimum: on a
    1280x720 screen the two lists took the inputs' room and left them two lines.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 2 * LIST_PAD_PX)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.minimumHeight())


class PlanSummary(QWidget):
    """A KPI table (current, plan, change), the binding constraints in words, the robust line.

    In the plan window it sits under the inputs' scroll area, not in it: on a 1280x720
    screen, scrolled with the inputs, the table showed its first row alone. The table is
    exactly as tall as its rows, the lists two lines each at least (`ShortList`): the room
    a small screen lacks is taken from the inputs, and room to spare goes to the lists.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("planCompareTable")
        keyboard_table(self.table, "The plan against now: cost, external share, risk, power")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fit_columns(self.table)
        self.binding = ShortList(self)
        self.binding.setObjectName("planBindingList")
        keyboard_table(self.binding, "Constraints at their limit")
        self.binding.setWordWrap(True)
        self.reasons = ShortList(self)
        self.reasons.setObjectName("planReasonsList")
        keyboard_table(self.reasons, "Why this plan")
        self.reasons.setWordWrap(True)
        self.robust = QLabel("", self)
        self.robust.setObjectName("planRobustLabel")
        self.robust.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("Constraints at their limit:", self))
        layout.addWidget(self.binding, 1)
        layout.addWidget(QLabel("Why this plan:", self))
        layout.addWidget(self.reasons, 2)
        layout.addWidget(self.robust)

    def show_plan(self, plan: Plan) -> None:
        """Fill the table and the binding list from `plan`."""
        rows = compare_rows(plan)
        # Every row on screen before it is filled: the fitted header widens a column to
        # the cells it shows, and "External share (mean)" was cut while out of sight.
        rows_px = len(rows) * self.table.verticalHeader().defaultSectionSize()
        height = rows_px + self.table.horizontalHeader().sizeHint().height() + TABLE_PAD_PX
        self.table.setFixedHeight(height)
        self.table.resize(self.table.width(), height)  # now, not at the layout's next pass
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.binding.clear()
        self.binding.addItems(list(plan.binding) or ["none: no constraint is at its limit"])
        self.binding.addItems([f"the current scenario breaks: {b}" for b in plan.current_breaks])

    def show_reasons(self, lines: list[str]) -> None:
        """The plan's reasons (`reason_lines`), one per row."""
        self.reasons.clear()
        self.reasons.addItems(lines)


def reason_lines(reasons: Explain, chosen: str, build: dict[int, dict[str, int]]) -> list[str]:
    """How the plan was chosen, each year's cheapest generation and buys, limits, changes.

    "2026: GB200 is cheapest ..." for three years in which nothing was bought read as if
    the plan ignored its own reason: each year says what it bought, or that it bought none.
    """
    lines = [f"Chosen: {chosen}."]
    for year, row in reasons.generation_costs.items():
        cheapest = reasons.cheapest_gpu(year)
        bought = ", ".join(f"{n:,} {g}" for g, n in build.get(year, {}).items() if n > 0)
        priced = (  # a year serving no token has no price per token to compare
            "no token is served, so no GPU is priced per million tokens"
            if cheapest is None
            else f"{cheapest} is cheapest at ${row[cheapest]:,.3f} per million tokens over "
            f"its life (cloud burst ${row[BURST]:,.3f})"
        )
        lines.append(f"{year}: {priced}; {'bought ' + bought if bought else 'none bought'}")
    lines += reasons.limits + reasons.notes
    lines += [f"What would change it: {c}" for c in reasons.changes]
    return lines
