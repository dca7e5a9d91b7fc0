"""Scenario files: safe parsing, readable errors, atomic saves.

A file is plain JSON, parsed with the standard library and validated by the schema:
nothing in it is ever executed. Every problem is reported with its field path, and a
file that fails leaves whatever the caller had open untouched.

Format (schema_version 4): the baseline scenario's fields at the top level, plus
`schema_version` and an optional `variants` list of full scenarios. Older files
upgrade on load (`core.scenario.migrations`).
"""

import json
import os
import stat
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.scenario.checks import Problem, ScenarioError
from core.scenario.messages import (
    MAX_PROBLEMS,
    capped,
    json_type,
    not_a_file,
    scenario_error,
)
from core.scenario.migrations import MIGRATIONS
from core.scenario.schema import (
    MAX_GPUS,
    MAX_MODELS,
    MAX_PRODUCTS,
    SCHEMA_VERSION,
    InHouseModel,
    Scenario,
)
from core.scenario.workbook import MAX_VARIANTS, Workbook, make_workbook

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_INT_DIGITS = 30
FILE_SUFFIX = ".scaledeck.json"


def load_workbook(path: str | os.PathLike[str]) -> Workbook:
    """Read and validate a file (baseline and variants); `ScenarioError` lists every problem."""
    return parse_workbook(read_json(Path(path)))


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """The baseline scenario of a file."""
    return load_workbook(path).baseline


def save_workbook(workbook: Workbook, path: str | os.PathLike[str]) -> None:
    """Write `workbook` as JSON atomically: the old file survives any failure midway.

    Raises OSError (read-only folder, full disk, ...) after removing the temporary file.
    """
    write_text_atomic(Path(path), workbook_to_json(workbook))


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write one scenario (no variants) as a file, atomically."""
    save_workbook(make_workbook(scenario), path)


def workbook_to_json(workbook: Workbook) -> str:
    """The JSON text of a file holding `workbook`."""
    return json.dumps(workbook_data(workbook), indent=2, allow_nan=False) + "\n"


def workbook_data(workbook: Workbook) -> dict[str, Any]:
    """What a file holding `workbook` decodes to (an autosave embeds it without a re-parse)."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data |= workbook.baseline.model_dump(mode="json")
    if workbook.variants:
        data["variants"] = [v.model_dump(mode="json") for v in workbook.variants]
    return data


def scenario_to_json(scenario: Scenario) -> str:
    """The JSON text of a file holding only `scenario`."""
    return workbook_to_json(make_workbook(scenario))


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` as UTF-8, atomically (see `write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`.

    A crash or a full disk leaves either the old file or the new one, never half of one.

    The file keeps the permissions it had (a new one gets the usual ones, as the umask
    says): mkstemp makes private 0600 files, which must not leak into the user's files.
    A symlink is written through (its target is replaced, the link stays a link), and a
    read-only file is refused with PermissionError: the rename would replace it anyway.
    A device or a FIFO is refused with OSError: the rename put a file in its place (as
    root, /dev/null itself, through a symlink to it).
    """
    _refuse_special(path)
    path = Path(os.path.realpath(path))
    _refuse_read_only(path)
    folder = path.parent  # "." for a bare file name
    mode = _mode_for(path)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def parse_workbook(data: object) -> Workbook:
    """Validate a decoded file (upgrading older versions first): every problem, with paths."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem("file", f"expected a JSON object, got {json_type(data)}")])
    data = dict(_upgraded(data))
    data.pop("schema_version")
    variants = data.pop("variants", [])
    if not isinstance(variants, list):
        raise ScenarioError([Problem("variants", f"must be an array, got {json_type(variants)}")])
    if len(variants) > MAX_VARIANTS:
        raise ScenarioError(
            [Problem("variants", f"has {len(variants):,} entries; at most {MAX_VARIANTS}")]
        )
    parsed, problems = [], []
    for prefix, item in [("", data), *((f"variants[{i}].", v) for i, v in enumerate(variants))]:
        try:
            parsed.append(_scenario(item))
        except ScenarioError as error:
            problems += [Problem((prefix + p.path).rstrip("."), p.message) for p in error.problems]
    if problems:
        raise ScenarioError(problems[: MAX_PROBLEMS + 1])
    return make_workbook(parsed[0], tuple(parsed[1:]))


def parse_scenario(data: object) -> Scenario:
    """Validate decoded JSON of a file and return its baseline scenario."""
    return parse_workbook(data).baseline


def _scenario(data: object) -> Scenario:
    """One scenario from its JSON object (the default GPU catalog when it has none)."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem("", f"expected a JSON object, got {json_type(data)}")])
    _check_table_sizes(data)
    if "gpu_catalog" not in data:
        data = {**data, "gpu_catalog": _asset_json("gpu_catalog.json")["gpu_catalog"]}
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise scenario_error(error) from None


@cache
def default_scenario() -> Scenario:
    """The default scenario of docs/model.md#defaults, built from the files in `assets/`."""
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
        raise ScenarioError(
            [Problem("schema_version", f"is required (this ScaleDeck writes {SCHEMA_VERSION})")]
        )
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


def read_json(path: Path) -> object:
    """Decode a JSON file under the size, depth and finiteness limits (ScenarioError)."""

    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(str(path), message)])

    try:
        info = path.stat()
        kind = not_a_file(info.st_mode)
        if kind is not None:
            raise fail(kind)
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
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            object_pairs_hook=unique_keys,
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise fail(f"is not valid JSON: {error.msg} ({where})") from None
    except RecursionError:
        raise fail("is nested too deeply to be a scenario") from None
    except ValueError as error:
        raise fail(str(error)) from None
    refused = _refused_numbers(data, str(path))
    if refused:
        raise capped(refused)
    return data


@dataclass(frozen=True)
class _Refused:
    """A number the decoder read but a scenario may not hold, left in place to find its path.

    The decoder's hooks see a number without its key; the walk after (`_refused_numbers`)
    names the field, as the schema's problems do: `fleet.pue: NaN is not allowed`.
    """

    reason: str


def _reject_constant(name: str) -> _Refused:
    return _Refused(f"{name} is not allowed (numbers must be finite)")


def _finite_float(text: str) -> float | _Refused:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _Refused(f"number {text} is out of range")
    return value


def _bounded_int(text: str) -> int | _Refused:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return _Refused(f"number {text[:20]}... has too many digits")
    return int(text)


def _refused_numbers(data: object, file: str) -> list[Problem]:
    """Each refused number in decoded `data`, by its field path (`variants[0].fleet.pue`).

    A walk with a stack, not recursion: the decoder's depth limit is the only one. A
    number that is the whole file is named by the file.
    """
    found: list[Problem] = []
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, _Refused):
            found.append(Problem(path or file, item.reason))
        elif isinstance(item, dict):
            stack += [(f"{path}.{k}" if path else k, v) for k, v in reversed(item.items())]
        elif isinstance(item, list):
            stack += [(f"{path}[{i}]", v) for i, v in reversed(list(enumerate(item)))]
    return found


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict; ValueError if two keys are one name.

    One name once trimmed, as the schema trims names: {"GPT-5 class": 0.2, " GPT-5 class":
    0.6} loaded as 0.6 alone, the 0.2 dropped without a word.
    """
    result: dict[str, Any] = {}
    seen: set[str] = set()
    for key, value in pairs:
        if key.strip() in seen:
            raise ValueError(f"key {key.strip()!r} appears twice in one object")
        seen.add(key.strip())
        result[key] = value
    return result


def _refuse_special(path: Path) -> None:
    """OSError if `path`, symlinks followed, is a device, a FIFO or a socket.

    Said as the readers say it (`not_a_file`), naming the target when a symlink led there.
    A folder is left to the rename, which says so by its errno (EISDIR).
    """
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except OSError:
        return  # a new file; or the write itself says why it cannot be made
    kind = None if stat.S_ISDIR(mode) else not_a_file(mode)
    if kind is not None:
        leads = f"it leads to {target}, which" if path.is_symlink() else "it"
        raise OSError(f"{leads} {kind}")


def _refuse_read_only(path: Path) -> None:
    """PermissionError if `path` is a file its permissions keep from being written.

    No write bit at all counts even for root, whom the system would let through: a file
    someone marked read-only (chmod 444) is never replaced behind their back.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # a new file; or the write itself says why it cannot be made
    if stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(path, os.W_OK)):
        raise PermissionError("it is read-only")


def _mode_for(path: Path) -> int:
    """The permission bits of the existing file, else 0o666 less the process umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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


@cache
def model_presets() -> dict[str, tuple[InHouseModel, str]]:
    """Published architectures by preset name, each with its source (assets/model_presets.json)."""
    presets: dict[str, tuple[InHouseModel, str]] = {}
    for name, fields in _asset_json("model_presets.json")["model_presets"].items():
        spec = {k: v for k, v in fields.items() if k != "source"}
        presets[name] = (
            InHouseModel(name=name, available_from=2025, quality={}, **spec),
            str(fields["source"]),
        )
    return presets
