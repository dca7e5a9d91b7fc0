"""The routing table: products x models, editable shares in %, floor and in-house-only per row.

A cell that breaks a promise (a route under the product's quality floor or late for its
latency promise, a floor the mix's mean misses) is tinted and marked in its text ("40% ⚠"),
so the state never rests on colour alone (WCAG 1.4.1); its tooltip says why.

Rebalancing rule (a row always sums to 100%): setting one model's share to v scales the
row's other shares in proportion so they sum to 100% - v; if they were all zero, the
rest is spread evenly over the allowed models. Ticking In-house only moves the partner
shares in-house (`gui.editors.routing_in_house`).
"""

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.engine.compiled import Structure
from core.engine.result_tables import ProductColumn
from core.plan.locks import closed_routes
from core.scenario.edits import rebalanced
from core.scenario.schema import InHouseModel, PartnerModel, Product
from core.units import percent, percent_points
from gui.document import ScenarioDocument, Shown
from gui.editors.routing_in_house import set_in_house_only
from gui.style.appearance import appearance
from gui.style.icons import lock_icon

Index = QModelIndex | QPersistentModelIndex
FIXED_COLUMNS = ("Product", "Floor", "In-house only")
BROKEN_MARK = "⚠"  # after a cell's text where the route or the floor breaks a promise


class RoutingTableModel(QAbstractTableModel):
    """A view of the document's routing; edits become undoable document edits."""

    def __init__(self, document: ScenarioDocument) -> None:
        super().__init__(document)
        self._doc = document  # only to edit: the cells show the payloads below
        self._now = document.shown
        self._models = [m.name for m in self._now.scenario.models]
        self._rows = len(self._now.scenario.products)
        self._last_fingerprint = self._fingerprint()
        document.resultsChanged.connect(self._show)  # bound: disconnected when self is deleted
        document.yearChanged.connect(self._show)
        appearance().changed.connect(self._recolor)

    def _recolor(self) -> None:
        """The cell colours follow the theme."""
        if self._rows:
            bottom_right = self.index(self._rows - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), bottom_right, [Qt.ItemDataRole.BackgroundRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_COLUMNS) + len(self._models)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section < len(FIXED_COLUMNS):
            return FIXED_COLUMNS[section]
        model = self._now.scenario.models[section - len(FIXED_COLUMNS)]
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = model.kind.replace("_", "-")
            return f"{model.name} ({model.provider}, {kind}): share of each product's tokens"
        return f"{model.name} ({model.provider})"  # the header wraps it (gui.views.tables.fitted)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == 2:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == 0 or self._forbidden(index):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        product = self._now.scenario.products[index.row()]
        column = index.column()
        if column == 2:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if product.in_house_only else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Data residency: only in-house models may serve this product."
            return None
        if column == 0:
            return (
                product.name
                if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole)
                else None
            )
        if column == 1:
            return self._floor_data(index.row(), role)
        return self._share_data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row, column = index.row(), index.column()
        product = self._now.scenario.products[row]
        if column == 2 and role == Qt.ItemDataRole.CheckStateRole:
            return set_in_house_only(self._doc, row, Qt.CheckState(value) == Qt.CheckState.Checked)
        number = typed_number(value)
        if role != Qt.ItemDataRole.EditRole or number is None or column < 1:
            return False
        if column == 1:
            return self._doc.edit(
                {f"products[{row}].quality_floor": number}, f"{product.name}: floor {number:g}"
            )
        model = self._models[column - len(FIXED_COLUMNS)]
        now_pct = percent_points(product.routing.get(model, 0.0))
        if not share_to_apply(self._doc, f"{product.name} / {model}", number, now_pct):
            return False
        allowed = self._allowed_models(row)
        shares = rebalanced(dict(product.routing), model, number / 100.0, allowed)
        return self._doc.edit(
            {f"products[{row}].routing": shares}, f"{product.name}: {model} {number:g}%"
        )

    def _floor_data(self, row: int, role: int) -> Any:
        product = self._now.scenario.products[row]
        if role == Qt.ItemDataRole.EditRole:
            return product.quality_floor
        gap = self._product_value("quality_gap", row)
        if role == Qt.ItemDataRole.DisplayRole:
            return marked(f"{product.quality_floor:g}", gap < -1e-9)
        if role == Qt.ItemDataRole.BackgroundRole and gap < -1e-9:
            return QBrush(QColor(appearance().theme.under_floor))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._floor_tooltip(row, gap)
        return None

    def _floor_tooltip(self, row: int, gap: float) -> str:
        """The mix's mean against the floor, and the tokens on models under it.

        "quality 87.6 meets floor 85" beside a red cell with 40% of the tokens read as a
        contradiction: the mean may clear the floor while routes break it (F-quality).
        """
        product = self._now.scenario.products[row]
        quality = self._product_value("quality", row)
        under = self._product_value("under_floor_share", row)
        verdict = "under" if gap < -1e-9 else "meets"
        tokens = (
            f"{percent(under)} of its tokens are on models under it (the red cells)"
            if under > 1e-9
            else "every token is on a model that meets it"
        )
        return (
            f"{product.name}: quality {quality:.1f} on average in {self._now.year} {verdict} "
            f"floor {product.quality_floor:g}; {tokens}"
        )

    def _share_data(self, index: Index, role: int) -> Any:
        row, model_index = index.row(), index.column() - len(FIXED_COLUMNS)
        product = self._now.scenario.products[row]
        model = self._models[model_index]
        base = product.routing.get(model, 0.0)
        effective = float(self._now.results.outputs.shares[0, self._year_index(), row, model_index])
        if role == Qt.ItemDataRole.DisplayRole:
            return marked(share_text(base, effective), self._breaks(index, effective))
        if role == Qt.ItemDataRole.EditRole:
            return round(percent_points(base), 6)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._lock(row, model_index)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self._forbidden(index):
                return QBrush(QColor(appearance().theme.forbidden))
            if self._breaks(index, effective):
                return QBrush(QColor(appearance().theme.under_floor))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._share_tooltip(index, base, effective)
        return None

    def _breaks(self, index: Index, effective: float) -> bool:
        """Whether the route serves traffic under the product's floor or late for its promise."""
        row, model_index = index.row(), index.column() - len(FIXED_COLUMNS)
        if effective <= 0:
            return False
        product = self._now.scenario.products[row]
        model = self._now.scenario.model_named(self._models[model_index])
        # The kernel's own on-time share: the words (`late_words`) only for the tooltip.
        on_time = self._now.results.outputs.on_time_share[0, self._year_index(), row, model_index]
        return model.quality[product.task] < product.quality_floor or on_time < 1.0 - 1e-9

    def _lock(self, row: int, model_index: int) -> Any:
        """A lock where the plan gives the route no share in the year shown."""
        closed = plan_locks(self._now).get((self._year_index(), row, model_index))
        return None if closed is None else lock_icon(appearance().theme.muted)

    def _share_tooltip(self, index: Index, base: float, effective: float) -> str:
        row, column = index.row(), index.column() - len(FIXED_COLUMNS)
        product = self._now.scenario.products[row]
        model = self._now.scenario.model_named(self._models[column])
        closed = plan_locks(self._now).get((self._year_index(), row, column))
        locked = [] if closed is None else [lock_words(closed, self._now.year)]
        if self._forbidden(index):
            return "\n".join(locked)
        shown, served = share_texts(base, effective)  # as the cell reads them
        year = self._now.year
        lines = [f"{product.name} on {model.name}: {shown} routed, {served} effective in {year}"]
        if shown != served:
            lines.append(
                "Effective share differs: in-house shift or fallback for models not "
                "serving that year."
            )
        quality = model.quality[product.task]
        if quality < product.quality_floor:
            lines.append(
                f"{model.name} scores {quality:g} on {product.task}, under the floor "
                f"{product.quality_floor:g}."
            )
        late = self._now.results.late_words.get((self._year_index(), row, column))
        if late is not None:
            lines.append(f"{model.name} {late} in {self._now.year}.")
        return "\n".join(lines + locked)

    def _forbidden(self, index: Index) -> bool:
        if index.column() < len(FIXED_COLUMNS):
            return False
        product = self._now.scenario.products[index.row()]
        return forbidden(product, self._now.scenario.models[index.column() - len(FIXED_COLUMNS)])

    def _allowed_models(self, row: int) -> list[str]:
        product = self._now.scenario.products[row]
        return [m.name for m in self._now.scenario.models if not forbidden(product, m)]

    def _product_value(self, column: ProductColumn, row: int) -> float:
        return float(self._now.results.per_product(column, self._now.year)[row])

    def _year_index(self) -> int:
        return self._now.results.years.index(self._now.year)

    def _show(self, shown: Shown) -> None:
        """Reset when the rows or columns change; else repaint only what the cells show."""
        self._now = shown
        models = [m.name for m in shown.scenario.models]
        if models != self._models or self._rows != len(shown.scenario.products):
            self.beginResetModel()
            self._models, self._rows = models, len(shown.scenario.products)
            self._last_fingerprint = self._fingerprint()
            self.endResetModel()
            return
        fingerprint = self._fingerprint()
        if fingerprint == self._last_fingerprint or not (self.rowCount() and self.columnCount()):
            return  # not on every scale move
        self._last_fingerprint = fingerprint
        self.dataChanged.emit(
            self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
        )

    def _fingerprint(self) -> tuple[object, ...]:
        """Everything the cells display: the tables, the year, its shares and quality."""
        results, year = self._now.results, self._now.year
        t = results.years.index(year)
        return (
            self._now.scenario.products,
            self._now.scenario.models,
            year,
            results.outputs.shares[0, t].round(6).tobytes(),
            results.per_product("quality", year).round(6).tobytes(),
        )


_LOCKS: list[tuple[Structure, tuple[Product, ...], dict[tuple[int, int, int], str]]] = []


def plan_locks(shown: Shown) -> dict[tuple[int, int, int], str]:
    """The routes the plan gives no share (`core.plan.locks.closed_routes`) on screen.

    Worked out once per compiled structure and product table: a slider's move shares both.
    """
    s, products = shown.results.structure, shown.scenario.products
    if not (_LOCKS and _LOCKS[0][0] is s and _LOCKS[0][1] == products):
        _LOCKS[:] = [(s, products, closed_routes(shown.scenario, s))]
    return _LOCKS[0][2]


def lock_words(closed: str, year: int) -> str:
    """A locked cell's tooltip line: what the plan keeps and why."""
    return f"Locked for the plan in {year} (it routes nothing here): {closed}."


SHARE_GAP = 5e-4  # effective and routed shares this close (0.05 points) are the same


def share_texts(routed: float, effective: float) -> tuple[str, str]:
    """The routed and effective shares, with the decimals (up to 2) that tell them apart.

    In whole percent a 40% route served at 39.6% read "40% → 40%", an arrow that changed
    nothing, and 0.09% served read "0% → 0%". Trailing zeros go: "40% → 39.6%", "0% → 0.1%".
    """
    if abs(effective - routed) >= SHARE_GAP:
        for digits in range(3):  # 0.05 points apart: two decimals always differ
            texts = (percent(routed, digits), percent(effective, digits))
            if texts[0] != texts[1]:
                return _trimmed(texts[0]), _trimmed(texts[1])
    return percent(routed), percent(routed)


def _trimmed(text: str) -> str:
    """A percentage without trailing zeros after its point: "40.0%" is "40%"."""
    number = text.removesuffix("%")
    return f"{number.rstrip('0').rstrip('.')}%" if "." in number else text


def share_text(routed: float, effective: float) -> str:
    """`60%`, or `60% → 18%` when the effective share differs (shift, fallback)."""
    shown, served = share_texts(routed, effective)
    return shown if shown == served else f"{shown} → {served}"


def marked(text: str, broken: bool) -> str:
    """A cell's text, with `BROKEN_MARK` after it when it breaks a promise."""
    return f"{text} {BROKEN_MARK}" if broken else text


def forbidden(product: Product, model: InHouseModel | PartnerModel) -> bool:
    """Data residency: an in-house-only product may not route to a partner model."""
    return product.in_house_only and model.kind == "partner"


EDITOR_DECIMALS = 2  # a share cell's editor shows and gives back this many decimals


def share_to_apply(doc: ScenarioDocument, where: str, typed_pct: float, now_pct: float) -> bool:
    """Whether a typed share is an edit: not the one shown (Enter on an open cell), in range.

    Enter on an unchanged cell made an undo step (and 33.3333% became 33.33%), and on the
    Plan tab froze the year into its own routing; 150% was silently taken as 100%.
    """
    if abs(typed_pct - now_pct) <= 0.5 * 10.0**-EDITOR_DECIMALS:
        return False
    if not 0.0 <= typed_pct <= 100.0:
        doc.editRejected.emit(f"{where}: {typed_pct:g}% is outside 0-100%")
        return False
    return True


def typed_number(value: Any) -> float | None:
    """A typed share or floor (`35`, `35%`); None for text that is not a finite number."""
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        return None
    return number if np.isfinite(number) else None
