"""A seeded random-interaction driver over the real main window (the soak test).

Every event is something a user can do: move any slider, pick a generation, switch a
model, edit a routing cell, a floor or in-house-only, change the year, the Undo,
Redo and Reset menu actions, fork, rename, switch, delete, save and reopen, open
Compare, close Compare and toggle presentation mode at once, run the tornado, Monte
Carlo and the frontier (and apply a point of it), recommend a plan (cancelled now and
then, and run again beside the abandoned solve), and a crash's recovery (the autosave
read back as a restart reads it).
After every event the invariants are checked: results finite, every routing row at
100%, the workbook valid (it round-trips through its file). The seed is printed so a
failure replays.
"""

import contextlib
import ctypes
import gc
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QWidget,
)
from superqt import QLabeledDoubleSlider, QLabeledSlider

import core
from core.engine.result_tables import columns
from core.formats.catalog import catalog
from core.formats.catalog_edits import add_partner_changes
from core.scenario.files import workbook_to_json
from gui.controllers.autosave_file import read_recovery
from gui.controls.fleet_options import OPTIONS as FLEET_OPTIONS
from gui.controls.specs import SLIDERS
from gui.main_window import MainWindow

SLIDER_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
               Qt.Key.Key_Home, Qt.Key.Key_End)  # fmt: skip


class Soak:
    """Drives `window` with random events; `run(n)` returns counts per kind of event."""

    def __init__(self, window: MainWindow, seed: int, folder: Path) -> None:
        self.window, self.seed, self.folder = window, seed, folder
        self.rng = random.Random(seed)
        self.events: Counter[str] = Counter()
        self.actions: list[tuple[int, Callable[[], None]]] = [
            (30, self.slider), (4, self.year), (2, self.generation), (3, self.model_switch),
            (2, self.model_year), (10, self.routing_cell), (2, self.floor), (1, self.in_house_only),
            (6, self.undo), (3, self.redo), (1, self.reset), (2, self.fork), (1, self.rename),
            (3, self.switch), (1, self.delete), (1, self.save_and_reopen), (1, self.compare),
            (1, self.compare_then_present),
            (1, self.tornado), (1, self.monte_carlo), (1, self.frontier),
            (3, self.product_input), (3, self.model_input),
            (2, self.cost_view), (1, self.add_partner), (1, self.import_trace),
            (1, self.import_usage), (1, self.deck), (1, self.plan), (1, self.fill),
            (1, self.recover), (4, self.keys), (1, self.wide_expert_parallel), (2, self.fleet_option),
            (1, self.promise_cost),
        ]  # fmt: skip

    def run(self, events: int) -> Counter[str]:
        """Play `events` random events, checking the invariants after each."""
        weights = [w for w, _ in self.actions]
        for _ in range(events):
            self._play(self.rng.choices(self.actions, weights)[0][1])
        return self.events

    def play_each_once(self) -> None:
        """Every kind of event once, in the list's order.

        First uses (a module imported for the deck, the plan's solver, a window made and
        kept) then happen here, not in a measurement.
        """
        for _weight, action in self.actions:
            self._play(action)

    def _play(self, action: Callable[[], None]) -> None:
        """One event, counted, its posted work delivered, then the invariants checked."""
        action()
        self.events[action.__name__] += 1
        settle()
        self.check()

    def check(self) -> None:
        """Results finite, rows at 100%, the workbook valid: or an AssertionError with the seed."""
        doc = self.window.document
        outputs = doc.results.outputs
        context = f"(seed {self.seed}, after {sum(self.events.values())} events)"
        kpis, structure = columns(doc.results.yearly), doc.results.structure
        served = outputs.model_tokens[0]
        tokens = {
            "cost_per_m_tokens_usd": kpis["tokens"],
            "in_house_cost_per_m_tokens_usd": (served * structure.in_house).sum(axis=1),
            "partner_cost_per_m_tokens_usd": (served * ~structure.in_house).sum(axis=1),
        }
        for name, values in kpis.items():
            # a rate per token is undefined ("n/a") under one token (docs/model.md)
            defined = tokens[name] >= 1.0 if name in tokens else np.ones_like(values, bool)
            assert np.isfinite(values[defined]).all(), f"KPI {name} not finite {context}"
        assert np.isfinite(outputs.product_cost_usd).all(), f"product cost not finite {context}"
        on_time = outputs.on_time_share  # held routes: the part their GPUs have hours for
        assert ((on_time >= 0.0) & (on_time <= 1.0)).all(), f"on-time share off 0-1 {context}"
        for scenario in doc.book.scenarios:
            for product in scenario.products:
                total = sum(product.routing.values())
                assert abs(total - 1) < 1e-6, f"{product.name} routes {total:.4f} {context}"
        assert core.parse_workbook(json.loads(workbook_to_json(doc.book))) == doc.book, context
        assert doc.current in doc.book.names, context

    # Events -------------------------------------------------------------------------
    def slider(self) -> None:
        spec = self.rng.choice(SLIDERS)
        widget = self.window.findChild(QLabeledDoubleSlider, spec.name)
        widget.setValue(self.rng.uniform(widget.minimum(), widget.maximum()))
        if self.rng.random() < 0.3:
            widget.sliderReleased.emit()

    def keys(self) -> None:
        """A keyboard user: a slider moved by keys, a value typed then applied or escaped,
        and Tab on to the next control (docs/user-guide.md, Keyboard)."""
        spec = self.rng.choice(SLIDERS)
        slider = self.window.findChild(QLabeledDoubleSlider, spec.name)
        slider.setFocus(Qt.FocusReason.TabFocusReason)
        focused = QApplication.focusWidget() or slider
        for _ in range(self.rng.randint(1, 4)):
            QTest.keyClick(focused, self.rng.choice(SLIDER_KEYS))
        box = self.window.findChild(QLineEdit, f"{spec.name}Value")
        if box is not None and box.isVisible():
            box.setFocus()
            box.selectAll()
            QTest.keyClicks(box, f"{self.rng.uniform(slider.minimum(), slider.maximum()):.2f}")
            QTest.keyClick(box, self.rng.choice((Qt.Key.Key_Return, Qt.Key.Key_Escape)))
        QTest.keyClick(QApplication.focusWidget() or slider, Qt.Key.Key_Tab)

    def year(self) -> None:
        widget = self.window.findChild(QLabeledSlider, "yearSlider")
        widget.setValue(self.rng.randint(widget.minimum(), widget.maximum()))

    def generation(self) -> None:
        combo = self.window.findChild(QComboBox, "generationCombo")
        combo.setCurrentIndex(self.rng.randrange(combo.count()))

    def fill(self) -> None:
        """Fill the fleet to a random target: one undo step, or nothing when nothing fits."""
        self.window.findChild(QSpinBox, "fillTargetSpin").setValue(self.rng.randint(10, 100))
        self.window.findChild(QPushButton, "fillFleetButton").click()

    def model_switch(self) -> None:
        boxes = [
            b
            for b in self.window.controls.findChildren(QCheckBox)
            if b.objectName().startswith("modelEnabled_")
        ]
        self.rng.choice(boxes).click()

    def model_year(self) -> None:
        spins = [
            s
            for s in self.window.controls.findChildren(QSpinBox)
            if s.objectName().startswith("modelFromYear_")
        ]
        self.rng.choice(spins).setValue(self.rng.randint(2020, 2034))

    def routing_cell(self) -> None:
        model = self.window.tables.routing_model
        index = model.index(
            self.rng.randrange(model.rowCount()), self.rng.randrange(3, model.columnCount())
        )
        model.setData(
            index, self.rng.choice([0, 100, self.rng.uniform(0, 100)]), Qt.ItemDataRole.EditRole
        )

    def floor(self) -> None:
        model = self.window.tables.routing_model
        model.setData(
            model.index(self.rng.randrange(model.rowCount()), 1), self.rng.uniform(0, 100)
        )

    def in_house_only(self) -> None:
        model = self.window.tables.routing_model
        index = model.index(self.rng.randrange(model.rowCount()), 2)
        state = self.rng.choice([Qt.CheckState.Checked, Qt.CheckState.Unchecked])
        model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)

    def product_input(self) -> None:
        self._input("productInputsTable")

    def model_input(self) -> None:
        self._input("modelInputsTable")

    def _input(self, name: str) -> None:
        """Type into a random inputs cell: a plausible number, an extreme, text or nothing."""
        model = self.window.findChild(QTableView, name).model()
        index = model.index(
            self.rng.randrange(model.rowCount()), self.rng.randrange(1, model.columnCount())
        )
        typed = self.rng.choice(
            ["0", "1", "-5", "1e12", "abc", "", f"{self.rng.uniform(0, 200):.3f}"]
        )
        model.setData(index, typed, Qt.ItemDataRole.EditRole)

    def undo(self) -> None:
        self._menu("undoAction")

    def redo(self) -> None:
        self._menu("redoAction")

    def reset(self) -> None:
        self._menu("resetAction")

    def _menu(self, name: str) -> None:
        self.window.findChild(QAction, name).trigger()

    def fork(self) -> None:
        if len(self.window.document.book.variants) < 6:
            self.window.scenario_bar.fork.click()

    def rename(self) -> None:
        self.window.document.rename(
            self.rng.choice(["Plan A", "Plan B", "Bold", "Baseline copy", ""])
        )

    def switch(self) -> None:
        combo = self.window.scenario_bar.combo
        combo.setCurrentIndex(self.rng.randrange(combo.count()))

    def delete(self) -> None:
        if self.window.scenario_bar.delete.isEnabled():
            self.window.scenario_bar.delete.click()

    def save_and_reopen(self) -> None:
        path = self.folder / f"soak-{self.rng.randrange(3)}.scaledeck.json"
        before = self.window.document.book
        assert self.window.files.save_to(path)
        assert self.window.files.open_file(path, confirmed=True)
        assert self.window.document.book == before

    def wide_expert_parallel(self) -> None:
        """Open the work on screen with `fleet.wide_expert_parallel` flipped, as a file brings
        it: the serving search runs again and the figures follow the flag."""
        document, name = self.window.document, self.window.document.current
        fleet = document.scenario.fleet
        flipped = fleet.model_copy(update={"wide_expert_parallel": not fleet.wide_expert_parallel})
        book = document.book.replaced(name, document.scenario.model_copy(update={"fleet": flipped}))
        path = self.folder / "soak-wide.scaledeck.json"
        path.write_text(workbook_to_json(book), encoding="utf-8")
        assert self.window.files.open_file(path, confirmed=True)
        assert document.book == book  # the flag and every other scenario as the file has them

    def fleet_option(self) -> None:
        """Click one of the fleet's on/off boxes under the Cluster sliders: one undo step."""
        boxes = [self.window.findChild(QCheckBox, option.name) for option in FLEET_OPTIONS]
        box = self.rng.choice(boxes)
        before = box.isChecked()
        box.click()
        assert box.isChecked() != before, f"{box.objectName()} did not toggle"

    def recover(self) -> None:
        """Autosave now and read it back as a restart after a crash would: nothing is lost.

        The work, the scenario on screen, the year and the saved baseline the deltas are
        measured from all come back as they were.
        """
        document, autosave = self.window.document, self.window.autosave
        if not autosave.write_if_modified():
            return  # nothing unsaved: a restart offers nothing, and loses nothing
        recovered = read_recovery(autosave.path)
        assert recovered.book == document.book
        assert (recovered.current, recovered.year) == (document.current, document.year)
        assert recovered.reference == document.reference

    def compare(self) -> None:
        """Compare opened, its every-year table scrolled under its fixed names, at times
        exported as a workbook (two sheets), then closed."""
        if len(self.window.document.book.names) > 1:
            dialog = self.window.show_compare()
            bar = dialog.decisions.horizontalScrollBar()
            bar.setValue(self.rng.randint(bar.minimum(), bar.maximum()))
            if self.rng.random() < 0.3:
                assert dialog.export_to(self.folder / "soak-compare.xlsx"), dialog.message.text()
            dialog.close()

    def promise_cost(self) -> None:
        """What a promise costs: opened, its model and GPU changed (promise lines and their
        labels drawn again), then closed."""
        self._menu("promiseCostAction")
        dialog = self.window.findChild(QDialog, "promiseCostDialog")
        for name in ("promiseCostModelCombo", "promiseCostGpuCombo"):
            combo = dialog.findChild(QComboBox, name)
            combo.setCurrentIndex(self.rng.randrange(combo.count()))
        dialog.close()

    def compare_then_present(self) -> None:
        """Close Compare and toggle presentation mode with no wait between (issue 18).

        The closed dialog's charts are deleted after the restyle the new scale starts;
        a legend anchored to a deleted view box used to raise there.
        """
        dialog = self.window.show_compare()
        if self.rng.random() < 0.5:
            settle()  # shown and laid out, as after a look at it
        dialog.close()
        self._menu("presentationAction")

    def cost_view(self) -> None:
        """Cost as cash or as charges (View > Cost as cash)."""
        self._menu("costCashAction")

    def add_partner(self) -> None:
        """A partner from the price catalog, while the portfolio stays small."""
        book, document = catalog(), self.window.document
        found = book.search(self.rng.choice(["gemini", "mistral", "deepseek", "grok", "llama"]))
        if found and len(document.scenario.models) < 10:
            entry = self.rng.choice(found)
            document.edit(add_partner_changes(document.scenario, entry, book), "Add partner")

    def import_trace(self) -> None:
        """A generated trace previewed, then applied to a random product or cancelled."""
        path = self.folder / "soak-trace.csv"
        rows = [
            f"2024-01-01 00:{s // 60:02d}:{s % 60:02d},"
            f"{self.rng.randint(1, 8000)},{self.rng.randint(1, 800)}"
            for s in range(0, 3600, self.rng.choice([7, 11, 29]))
        ]
        path.write_text("TIMESTAMP,ContextTokens,GeneratedTokens\n" + "\n".join(rows) + "\n")
        dialog = self.window.import_trace(path)
        combo = dialog.findChild(QComboBox, "traceProductCombo")
        combo.setCurrentIndex(self.rng.randrange(combo.count()))
        self._apply_or_cancel(dialog, "trace")

    def import_usage(self) -> None:
        """A year of monthly usage for two products, previewed, then applied or cancelled."""
        names = [p.name for p in self.window.document.scenario.products]
        path = self.folder / "soak-usage.csv"
        rows = [
            f"2025-{m:02d},{name},{self.rng.uniform(1e9, 1e12):.0f},{self.rng.uniform(1e8, 1e11):.0f}"
            for name in self.rng.sample(names, min(2, len(names)))
            for m in range(1, 13)
        ]
        path.write_text("month,product,input_tokens,output_tokens\n" + "\n".join(rows) + "\n")
        self._apply_or_cancel(self.window.import_usage(path), "usage")

    def _apply_or_cancel(self, dialog: QDialog | None, prefix: str) -> None:
        """Once the file is read, tick a random row (every row starts unticked), then go on."""
        if dialog is None:
            return
        deadline = time.monotonic() + 30
        while (
            dialog.findChild(QWidget, prefix + "Read").isVisible() and time.monotonic() < deadline
        ):
            settle()
        table = dialog.findChild(QTableWidget, prefix + "PreviewTable")
        if table.rowCount():
            item = table.item(self.rng.randrange(table.rowCount()), 0)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked)
        button = "ApplyButton" if self.rng.random() < 0.7 else "CancelButton"
        found = dialog.findChild(QPushButton, prefix + button)
        if found is not None and found.isEnabled():
            found.click()
        dialog.close()

    def deck(self) -> None:
        """The PowerPoint deck of the scenario on screen."""
        assert self.window.exports.deck_to(self.folder / "soak.pptx")

    def plan(self) -> None:
        """Analysis > Recommend a plan: a run (now and then with a small frontier or a
        provider cap, a quarter of the time cancelled and perhaps run again), applied half
        the time while the book has room for another variant."""
        window = self.window.show_plan()
        window.inputs.frontier_points.setValue(self.rng.choice([0, 0, 3]))
        window.inputs.draws.setValue(0)
        window.inputs.risk_weight.setValue(self.rng.choice([0.0, 0.05]))
        # A 40% provider cap is where the whole plan closes a token generation (F-plan-whole).
        window.inputs.limits["max_provider_share"].setText(self.rng.choice(["", "", "40"]))
        window.run_button.click()
        if self.rng.random() < 0.25:  # Cancel at once or a few frames in, then maybe run again
            for _ in range(self.rng.randrange(4)):
                settle()
            window.cancel_button.click()
            assert window.worker is None, "Cancel kept the run"
            assert window.run_button.isEnabled(), "Cancel left Run off"
            if self.rng.random() < 0.5:
                window.run_button.click()  # beside the abandoned solve, never mixed with it
        deadline = time.monotonic() + 30
        while window.worker is not None and time.monotonic() < deadline:
            settle()
        if self.rng.random() < 0.5 and len(self.window.document.book.variants) < 6:
            window.apply_button.click()
        window.close()

    def tornado(self) -> None:
        analysis = self.window.show_analysis()
        analysis.tabs.setCurrentWidget(analysis.tornado)
        settle()
        analysis.close()

    def frontier(self) -> None:
        analysis = self.window.show_analysis()
        tab = analysis.frontier
        tab.run_button.click()
        deadline = time.monotonic() + 30
        while tab.worker is not None and time.monotonic() < deadline:
            settle()
        if tab.found and self.rng.random() < 0.5:
            tab.select(self.rng.randrange(len(tab.found)))
            tab.apply_button.click()
        analysis.close()

    def monte_carlo(self) -> None:
        analysis = self.window.show_analysis()
        tab = analysis.monte_carlo
        tab.draws.setValue(300)
        tab.run()
        deadline = time.monotonic() + 30
        while tab.worker is not None and time.monotonic() < deadline:
            settle()
        analysis.close()


def settle() -> None:
    """Deliver posted events (including the throttled slider's trailing edit)."""
    QCoreApplication.processEvents()
    QThreadPool.globalInstance().waitForDone(0)


def resident_mb() -> float:
    """Current resident memory of this process, MB (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def live_mb() -> float:
    """Resident memory once garbage is collected and freed heap is handed back to the OS.

    Without `malloc_trim`, glibc keeps freed blocks mapped and RSS swings by 5-15 MB
    between two reads of the same live data; growth measured that way is noise.
    """
    gc.collect()
    with contextlib.suppress(OSError):  # not glibc: RSS as it is
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return resident_mb()


def soak(
    window: MainWindow, events: int, seed: int, folder: Path, warmup: int = 200
) -> dict[str, Any]:
    """Warm up, then play `events`; report the events, time and resident-memory growth.

    The warm-up plays every kind of event once, then `warmup` random ones, so the growth
    is what the events keep, not what their first use loads.
    """
    print(f"soak seed {seed} ({events:,} events)", flush=True)
    driver = Soak(window, seed, folder)
    driver.play_each_once()
    driver.run(warmup)
    start_mb, start = live_mb(), time.perf_counter()
    driver.run(events)
    seconds = time.perf_counter() - start
    return {
        "seed": seed,
        "events": events,
        "seconds": seconds,
        "memory_growth_mb": live_mb() - start_mb,
        "by_kind": dict(driver.events),
    }
