"""Scenario files: safe parsing, readable errors, atomic saves.

A file is plain JSON, parsed with the standard library and validated by the schema:
nothing in it is ever executed. Every problem is reported with its field path, and a
file that fails leaves whatever the caller had open untouched.
"""

import json
import os
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.checks import Problem, ScenarioError
from core.messages import json_type, scenario_error
from core.schema import MAX_GPUS, MAX_MODELS, MAX_PRODUCTS, SCHEMA_VERSION, Scenario

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_INT_DIGITS = 30
FILE_SUFFIX = ".scaledeck.json"

# Older schema versions upgrade one step at a time: version -> function returning version + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file; raises `ScenarioError` listing every problem."""
    return parse_scenario(_read_json(Path(path)))


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write `scenario` as JSON atomically: the old file survives any failure midway.

    Raises OSError (read-only folder, full disk, ...) after removing the temporary file.
    """
    write_text_atomic(Path(path), scenario_to_json(scenario))


def scenario_to_json(scenario: Scenario) -> str:
    """The scenario as the JSON text of its file."""
    return json.dumps(scenario.model_dump(mode="json"), indent=2, allow_nan=False) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def parse_scenario(data: object) -> Scenario:
    """Validate decoded JSON as a scenario, upgrading older schema versions first."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem("file", f"expected a JSON object, got {json_type(data)}")])
    data = _upgraded(data)
    _check_table_sizes(data)
    if "gpu_catalog" not in data:
        data = {**data, "gpu_catalog": _asset_json("gpu_catalog.json")["gpu_catalog"]}
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise scenario_error(error) from None


@cache
def default_scenario() -> Scenario:
    """The default scenario of MODEL.md, built from the files in `assets/`."""
    return parse_scenario(_asset_json("default_scenario.json"))


def _asset_json(name: str) -> dict[str, Any]:
    text = resources.files("assets").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _check_table_sizes(data: dict[str, Any]) -> None:
    """Refuse oversized tables before validating them item by item."""
    limits = {"gpu_catalog": MAX_GPUS, "models": MAX_MODELS, "products": MAX_PRODUCTS}
    problems = [
        Problem(table, f"has {len(data[table]):,} entries; at most {limit:,} are allowed")
        for table, limit in limits.items()
        if isinstance(data.get(table), list) and len(data[table]) > limit
    ]
    if problems:
        raise ScenarioError(problems)


def _upgraded(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema_version")
    if version is None:
        raise ScenarioError([Problem("schema_version", "is required (this ScaleDeck writes 1)")])
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ScenarioError([Problem("schema_version", f"{version!r} is not a version number")])
    if version > SCHEMA_VERSION:
        raise ScenarioError(
            [
                Problem(
                    "schema_version",
                    f"the file is version {version}, this ScaleDeck reads versions up to "
                    f"{SCHEMA_VERSION}; update ScaleDeck to open it",
                )
            ]
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def _read_json(path: Path) -> object:
    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(str(path), message)])

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise fail(f"is {info.st_size / 2**20:.1f} MB; scenario files are at most 10 MB")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise fail(error.strerror or str(error)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail("is larger than 10 MB; scenario files are at most 10 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"is not UTF-8 text (byte {error.start})") from None
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise fail(f"is not valid JSON: {error.msg} ({where})") from None
    except RecursionError:
        raise fail("is nested too deeply to be a scenario") from None
    except ValueError as error:
        raise fail(str(error)) from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text} is out of range")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"number {text[:20]}... has too many digits")
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open folders; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
