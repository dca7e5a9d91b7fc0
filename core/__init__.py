"""ScaleDeck's strategy model: pure Python, numpy and pandas; never Qt.

The public surface: a scenario is an immutable value (`Scenario`), `evaluate` turns it
into `Results`, files go through `load_scenario` / `save_scenario`, and every problem
with a scenario is a `ScenarioError` listing field paths and reasons.
"""

from core.engine.evaluate import BatchResults, evaluate, evaluate_batch, owned_usd_per_gpu_hour
from core.engine.results import Flag, Results
from core.engine.training import BOUNDS as TRAINING_BOUNDS
from core.engine.training import TrainingInputError, TrainingRun, training_run
from core.scenario.checks import MIN_REQUEST_TOKENS, Problem, ScenarioError
from core.scenario.files import (
    default_scenario,
    load_scenario,
    load_workbook,
    parse_scenario,
    parse_workbook,
    save_scenario,
    save_workbook,
)
from core.scenario.schema import SCHEMA_VERSION, Scenario
from core.scenario.workbook import Workbook, make_workbook

__all__ = [
    "MIN_REQUEST_TOKENS",
    "SCHEMA_VERSION",
    "TRAINING_BOUNDS",
    "BatchResults",
    "Flag",
    "Problem",
    "Results",
    "Scenario",
    "ScenarioError",
    "TrainingInputError",
    "TrainingRun",
    "Workbook",
    "default_scenario",
    "evaluate",
    "evaluate_batch",
    "load_scenario",
    "load_workbook",
    "make_workbook",
    "owned_usd_per_gpu_hour",
    "parse_scenario",
    "parse_workbook",
    "save_scenario",
    "save_workbook",
    "training_run",
]
