"""Shared fixtures: headless Qt, and a tiny scenario with round numbers for hand calculations."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import core
from core.scenario.edits import with_changes

if TYPE_CHECKING:  # Qt only for the tests that make windows: pure ones run without it
    from gui.main_window import MainWindow

# Hypothesis profiles: "ci" is derandomized (the same examples on every run, so a landing
# never fails by chance) and "dev" explores new examples each run. Neither has a deadline:
# a slow shared machine must not turn a passing property into a failure.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Mutation testing runs the properties once per mutant: fewer examples, still derandomized.
settings.register_profile("mutation", settings.get_profile("ci"), max_examples=15)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

TINY: dict[str, Any] = {
    "schema_version": 3,
    "name": "Tiny",
    "horizon": {"start_year": 2026, "end_year": 2027},
    "reference_gpu": "REF",
    "gpu_catalog": [
        {
            "name": "REF",
            "peak_tflops": 1000,
            "memory_bandwidth_tb_s": 4.0,
            "tdp_w": 1000,
            "memory_gb": 80,
            "capex_usd": 60000,
            "cloud_usd_per_gpu_hour": 5,
        },
        {
            "name": "NEW",
            "peak_tflops": 2000,
            "memory_bandwidth_tb_s": 8.0,
            "tdp_w": 1500,
            "memory_gb": 160,
            "capex_usd": 100000,
            "cloud_usd_per_gpu_hour": 10,
        },
    ],
    "fleet": {
        "gpu": "REF",
        "baseline_gpu": "REF",
        "baseline_gpus": 1000,
        "scale": 1.0,
        "target_year": 2027,
        "capex_per_gpu_usd": 60000.0,
        "amortization_years": 3,
        "refresh": False,
        "server_power_factor": 2.0,
        "avg_power_fraction": 0.5,
        "pue": 1.0,
        "electricity_usd_per_kwh": 0.1,
        "opex_fraction": 0.1,
        "availability": 0.9,
        "cloud_burst_usd_per_gpu_hour": 5.0,
    },
    "models": [
        {
            "kind": "in_house",
            "name": "Own",
            "active_params": 1e10,
            "total_params": 1e10,
            "available_from": 2020,
            "measured_tokens_per_gpu_s": 1000,
            "quality": {"a": 80, "b": 60},
        },
        {
            "kind": "partner",
            "name": "Ext",
            "provider": "P1",
            "price_in_per_m": 2.0,
            "price_out_per_m": 10.0,
            "annual_price_change": -0.5,
            "quality": {"a": 90, "b": 90},
        },
    ],
    "products": [
        {
            "name": "A",
            "task": "a",
            "tokens_per_year": 1e12,
            "growth": 1.0,
            "prompt_tokens": 1000.0,  # output fraction 0.5
            "output_tokens": 1000.0,
            "peak_to_average": 1.0,  # sized for the average hour, as the hand figures are
            "quality_floor": 70,
            "routing": {"Own": 0.5, "Ext": 0.5},
            "fallback": ["Ext", "Own"],
        },
        {
            "name": "B",
            "task": "b",
            "tokens_per_year": 2e12,
            "growth": 0.0,
            "prompt_tokens": 3000.0,  # output fraction 0.25
            "output_tokens": 1000.0,
            "peak_to_average": 1.0,
            "quality_floor": 85,
            "routing": {"Ext": 1.0},
            "fallback": ["Own"],
        },
    ],
    "provider_availability": {"In-house": 0.99, "P1": 0.9},
}


# tests/outside/ is an outside tester's suite: test_tester_kit.py runs it in a fresh
# folder against the installed plugin, never with this conftest.
collect_ignore = ["outside"]

QT_PACKAGES = ("PySide6", "shiboken6", "pyqtgraph", "superqt", "gui")
QT_FIXTURES = {"qapp", "qtbot", "scaledeck_window", "window", "make_window"}
# gui modules that import no Qt: the palette, which the deck's tests (core.formats) read.
# Tests that use only these stay in the pure model's selection (and so in the mutation run).
QT_FREE = {"gui.style.theme"}


def _uses_qt(item: pytest.Item) -> bool:
    """A test needs Qt if it asks for a Qt fixture or its module imports Qt or gui/."""
    if QT_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    module = getattr(item, "module", None)
    names = (
        (
            getattr(v, "__module__", None) or getattr(v, "__name__", "")
            for v in vars(module).values()
        )
        if module
        else ()
    )
    return any(
        str(name).split(".")[0] in QT_PACKAGES and str(name) not in QT_FREE for name in names
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every Qt test `gui`, so `pytest -m "not gui"` runs the pure model's tests alone."""
    for item in items:
        if _uses_qt(item):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory) -> Path:
    """Every hostile scenario file (tests/hostile.py) in one temporary folder."""
    from hostile import make_hostile_folder  # here, so this conftest also works copied alone

    return make_hostile_folder(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory, monkeypatch):
    """Settings and autosaves of every test go to a fresh folder, never the user's."""
    folder = tmp_path_factory.mktemp("scaledeck-data")
    monkeypatch.setenv("SCALEDECK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def dialogs(scaledeck_dialogs):
    """Every QMessageBox.exec in a test is answered by name (the plugin's `scaledeck_dialogs`)."""
    return scaledeck_dialogs


@pytest.fixture(autouse=True)
def leak_guard(scaledeck_leak_guard):
    """A test must not leave a top-level widget, a running QTimer or a running thread."""
    return


@pytest.fixture
def light_after():
    """The light theme back after a test that switches themes (the preference is global)."""
    yield
    from PySide6.QtWidgets import QApplication

    from gui.style.appearance import appearance

    if QApplication.instance() is not None:
        appearance().set_preference("light", remember=False)


@pytest.fixture
def window(scaledeck_window):
    """The dashboard on the default scenario at 1600x1000, reset and deleted after (the plugin's)."""
    return scaledeck_window


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., "MainWindow"]]:
    """Main windows made on demand (a workbook or scenario, a path), shown at 1600x1000;
    closed after the test without prompts (a normal close drops each one's autosave)."""
    from gui.app import application
    from gui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(
        book: core.Workbook | core.Scenario | None = None, path: Path | None = None
    ) -> MainWindow:
        application()
        window = MainWindow(book or core.default_scenario(), path)
        window.resize(1600, 1000)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.document.undo_stack.setClean()
        window.close()
        window.deleteLater()


@pytest.fixture
def fresh_catalog() -> None:
    """The price catalog built anew for the test, as a fresh process builds it: a mistake
    in building it cannot hide behind an earlier test's cached catalog."""
    from core.formats.catalog import _lookup, catalog

    catalog.cache_clear()
    _lookup.cache_clear()


@pytest.fixture
def tiny() -> Callable[..., core.Scenario]:
    """Build the tiny scenario, optionally with field-path changes: tiny({"fleet.scale": 3})."""

    def build(changes: dict[str, Any] | None = None) -> core.Scenario:
        return with_changes(core.parse_scenario(TINY), changes or {})

    return build
