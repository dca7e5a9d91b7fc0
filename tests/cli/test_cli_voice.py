"""One CLI voice: every subcommand, found in the parser, answers each kind of bad argument
with exit 2 and one line on stderr, never a traceback (docs/cli.md).

The subcommands and their arguments are read from `cli.main.build_parser()`, so a new
command is walked without touching this file. A runtime case (missing file, bad year,
unwritable output) fills the command's required options with a sample value: `1` for a
number, the first choice of a choice; a command that needs other values says so in SAMPLES.
"""

import argparse
import errno
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from paths import ROOT

import core
from cli.main import build_parser, main
from core.scenario import files
from core.scenario.edits import with_changes
from core.scenario.messages import write_reason

SAMPLES: dict[str, dict[str, str]] = {}  # command -> {option: a valid value}, when 1 is not
MISSING = "no-such-scenario.json"
BAD_YEAR = 1800
NO_FOLDER = "its folder does not exist"


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand's parser, by name, as main builds them."""
    parser = build_parser()
    table = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(table.choices)


COMMANDS = subcommands()


def positionals(sub: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in sub._actions if not a.option_strings]


def options(sub: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in sub._actions if a.option_strings and a.nargs != 0]


def output_suffix(action: argparse.Action) -> str | None:
    """`.png` for an OUT.png argument; None for an argument that is not an output."""
    found = re.search(r"OUT(\.\w+)?", str(action.metavar or ""))
    return None if found is None else found.group(1) or ".out"


def filled(name: str, sub: argparse.ArgumentParser) -> list[str]:
    """The required options with a sample value each."""
    argv: list[str] = []
    for action in options(sub):
        if action.required:
            flag = action.option_strings[-1]
            sample = SAMPLES.get(name, {}).get(flag)
            sample = sample or (str(next(iter(action.choices))) if action.choices else "1")
            argv += [flag, sample]
    return argv


def runtime_argv(name: str, sub: argparse.ArgumentParser, file: str, out: Path) -> list[str]:
    """A command line for `name` reading `file` and writing `out` (each where it takes one)."""
    argv = [name]
    for action in positionals(sub):
        suffix = output_suffix(action)
        if suffix is None:
            argv.append(file)
        else:
            paired = str(action.metavar).startswith("[FILE]")
            argv += [file] * paired + [str(out.with_suffix(suffix))]
    return argv + filled(name, sub)


def reads_a_file(sub: argparse.ArgumentParser) -> bool:
    return any(a.dest == "file" or str(a.metavar).startswith("[FILE]") for a in positionals(sub))


def headless(sub: argparse.ArgumentParser) -> bool:
    """A command that opens a window is walked only through its parse errors."""
    return not sub.get_default("opens_window")


def cases() -> Iterator[tuple[str, str]]:
    """(command, kind of bad argument) for every kind each command can get."""
    for name, sub in COMMANDS.items():
        yield name, "unknown option"
        if any(a.required for a in sub._actions):
            yield name, "missing argument"
        for action in options(sub):
            if action.type in (int, float):
                yield name, f"not a number: {action.option_strings[-1]}"
        if not headless(sub):
            continue
        if reads_a_file(sub):
            yield name, "missing file"
        if any("--year" in a.option_strings for a in options(sub)):
            yield name, "bad year"
        if any(output_suffix(a) for a in positionals(sub)):
            yield name, "unwritable output"


@pytest.fixture
def book(tmp_path: Path) -> str:
    """A valid file with a variant (compare needs two scenarios)."""
    base = core.default_scenario()
    path = tmp_path / "book.scaledeck.json"
    core.save_workbook(core.make_workbook(base, (with_changes(base, {"name": "Big"}),)), path)
    return str(path)


def one_error_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run `scaledeck argv`: it must exit 2 with one line on stderr (returned)."""
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2, (argv, err)
    assert len(err.splitlines()) == 1, (argv, err)
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_help_exits_0(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A '%' in a help text once broke `scaledeck --help` with a traceback."""
    with pytest.raises(SystemExit) as done:
        main([name, "--help"] if name else ["--help"])
    assert done.value.code == 0
    assert f"usage: scaledeck {name}".strip() in capsys.readouterr().out


@pytest.mark.parametrize(("name", "kind"), list(cases()))
def test_bad_argument_is_one_line_and_exit_2(
    name: str, kind: str, book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub = COMMANDS[name]
    out = tmp_path / "out"
    if kind == "unknown option":
        line = one_error_line([*runtime_argv(name, sub, book, out), "--no-such-option"], capsys)
        assert line.startswith(f"scaledeck {name}: error: unrecognized arguments: --no-such")
    elif kind == "missing argument":
        line = one_error_line([name], capsys)
        assert line.startswith(f"scaledeck {name}: error: the following arguments are required")
    elif kind.startswith("not a number"):
        flag = kind.split(": ")[1]
        line = one_error_line([name, flag, "abc"], capsys)
        assert line.startswith(f"scaledeck {name}: error: argument ")
        names = line.removeprefix(f"scaledeck {name}: error: argument ").split(":")[0]
        assert flag in names.split("/")  # an option with an old name lists both
        assert "'abc'" in line
    elif kind == "missing file":
        line = one_error_line(runtime_argv(name, sub, MISSING, out), capsys)
        assert line == f"error: {MISSING}: No such file or directory\n"
    elif kind == "bad year":
        line = one_error_line(
            [*runtime_argv(name, sub, book, out), "--year", str(BAD_YEAR)], capsys
        )
        assert line == f"error: year: {BAD_YEAR} is outside the horizon 2026-2031\n"
    else:
        out = tmp_path / "no-such-folder" / "out"
        line = one_error_line(runtime_argv(name, sub, book, out), capsys)
        assert line.endswith(f": could not be written: {NO_FOLDER}\n")
    assert capsys.readouterr().out == ""


def test_the_walk_covers_every_kind_of_bad_argument() -> None:
    """Every kind of case occurs for some command: the walk cannot lose one silently."""
    kinds = {kind.split(":")[0] for _name, kind in cases()}
    assert kinds == {
        "unknown option",
        "missing argument",
        "not a number",
        "missing file",
        "bad year",
        "unwritable output",
    }


def test_an_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    line = one_error_line(["bogus"], capsys)
    assert line.startswith("scaledeck: error: argument COMMAND: invalid choice: 'bogus'")


# --- could not write: why --------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOENT, "its folder does not exist"),
        (errno.EISDIR, "it is a folder, not a file"),
        (errno.EACCES, "permission denied (the folder or file is not writable for you)"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EIO, "input/output error"),  # no words of ours: the system's, lower case
    ],
)
def test_write_reasons_are_plain_words(code: int, reason: str) -> None:
    assert write_reason(OSError(code, os.strerror(code))) == reason


def test_a_reason_without_errno_keeps_its_words() -> None:
    assert write_reason(OSError("Chart.png: the image could not be encoded")) == (
        "Chart.png: the image could not be encoded"
    )


def export_error(out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return one_error_line(["export", str(out)], capsys)


def test_export_into_a_missing_folder_says_so(tmp_path, capsys) -> None:
    out = tmp_path / "gone" / "r.xlsx"
    assert export_error(out, capsys) == f"error: {out}: could not be written: {NO_FOLDER}\n"


def test_export_onto_a_folder_says_so(tmp_path, capsys) -> None:
    out = tmp_path / "r.xlsx"
    out.mkdir()
    assert export_error(out, capsys).endswith("could not be written: it is a folder, not a file\n")


def test_a_folder_named_like_a_csv_sidecar_is_named_and_nothing_is_written(tmp_path, capsys):
    """`o-models.csv` a folder: the error blamed o.csv and left o.csv, o-products.csv behind."""
    folder = tmp_path / "o-models.csv"
    folder.mkdir()
    line = export_error(tmp_path / "o.csv", capsys)
    assert line == f"error: {folder}: could not be written: it is a folder, not a file\n"
    assert list(tmp_path.iterdir()) == [folder]


def test_a_csv_set_failing_midway_names_the_file_and_those_written(tmp_path, monkeypatch, capsys):
    from core.formats import export

    def full_at_providers(path: Path, text: str) -> None:
        if path.name == "o-providers.csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        path.write_text(text)

    monkeypatch.setattr(export, "write_text_atomic", full_at_providers)
    line = export_error(tmp_path / "o.csv", capsys)
    done = ", ".join(str(tmp_path / f"o{n}.csv") for n in ("", "-products", "-models"))
    failed = f"{tmp_path / 'o-providers.csv'}: could not be written: the disk is full"
    assert line == f"error: {failed}; written before it: {done}\n"


def test_compare_says_a_year_outside_the_horizon_before_it_asks_for_two(capsys):
    assert one_error_line(["compare", "--year", "2040"], capsys) == (
        "error: year: 2040 is outside the horizon 2026-2031\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_export_into_a_read_only_folder_says_permission_denied(tmp_path, capsys) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    assert "could not be written: permission denied" in export_error(folder / "r.csv", capsys)


def test_a_write_refused_midway_says_permission_denied(tmp_path, monkeypatch, capsys) -> None:
    """As root chmod refuses nothing: the refusal the folder would give, simulated."""

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    assert "could not be written: permission denied" in export_error(tmp_path / "r.csv", capsys)


@pytest.mark.parametrize("command", ["export", "report", "screenshot"])
def test_a_full_disk_says_so_and_leaves_nothing(command, tmp_path, monkeypatch, capsys) -> None:
    """Every CLI writer goes through core.scenario.files; ENOSPC arrives at the fsync."""

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    out = tmp_path / {"export": "r.xlsx", "report": "b.pdf", "screenshot": "s.png"}[command]
    argv = [command, str(out)] + ["--size", "1280x720"] * (command == "screenshot")
    assert one_error_line(argv, capsys) == f"error: {out}: could not be written: the disk is full\n"
    assert list(tmp_path.iterdir()) == []


# --- screenshot: a bad FILE is an error, found before Qt starts --------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "No such file or directory"),
        ("folder", "is a folder, not a file"),
        ("{", "is not valid JSON"),
    ],
)
def test_screenshot_of_a_bad_file_is_one_line_before_qt(
    content, reason, tmp_path, monkeypatch, capsys
) -> None:
    def qt_started(*args: object) -> None:
        raise AssertionError("the screenshot was rendered")

    monkeypatch.setattr("gui.app.screenshot", qt_started)
    bad = tmp_path / "bad.json"
    if content == "folder":
        bad.mkdir()
    elif content is not None:
        bad.write_text(content)
    line = one_error_line(["screenshot", str(tmp_path / "s.png"), str(bad)], capsys)
    assert line.startswith(f"error: {bad}: {reason}")
    assert not (tmp_path / "s.png").exists()


@pytest.mark.parametrize("size", ["99999x99999", "640x480", "٣٠٠x٣٠٠", "1280x7200"])
def test_a_screenshot_size_out_of_range_is_one_line(size, tmp_path, capsys) -> None:
    """99999x99999 crashed Qt (SIGSEGV); 640x480 wrote 1215x670 without a word."""
    line = one_error_line(["screenshot", str(tmp_path / "s.png"), "--size", size], capsys)
    assert line.startswith("scaledeck screenshot: error: argument --size: ")
    assert not (tmp_path / "s.png").exists()


@pytest.mark.parametrize("command", ["new", "export", "report", "deck", "screenshot"])
def test_a_file_name_too_long_is_one_line(command, tmp_path, capsys) -> None:
    """A name over 255 bytes made `Path.exists` raise: a traceback, exit 1, in every writer."""
    suffix = {"new": ".json", "export": ".xlsx", "report": ".pdf", "deck": ".pptx"}
    out = tmp_path / ("x" * 300 + suffix.get(command, ".png"))
    line = one_error_line([command, str(out)], capsys)
    assert line == f"error: {out}: could not be written: the name is too long\n"


def test_a_subcommands_positionals_may_follow_its_options(tmp_path, monkeypatch) -> None:
    """`screenshot OUT.png --size 1280x720 FILE`, as docs/cli.md orders it, read FILE as
    unknown: argparse takes positionals in one run. A third positional is still unknown."""
    seen: dict[str, object] = {}

    def rendered(out: Path, book: object, path: object, size: object, theme: str) -> object:
        seen.update(out=out, path=path, theme=theme)
        raise SystemExit(0)

    monkeypatch.setattr("gui.app.screenshot", rendered)
    scenario = ROOT / "assets" / "default_scenario.json"
    with pytest.raises(SystemExit):
        main(["screenshot", str(tmp_path / "s.png"), "--theme", "dark", str(scenario)])
    assert seen == {"out": tmp_path / "s.png", "path": scenario, "theme": "dark"}
    with pytest.raises(SystemExit) as done:
        main(["screenshot", str(tmp_path / "s.png"), "--theme", "dark", str(scenario), "x"])
    assert done.value.code == 2


# --- montecarlo's seed: docs/cli.md, help and code agree --------------------------------------


def test_montecarlo_seed_defaults_to_0_as_help_and_the_cli_reference_say(capsys) -> None:
    seed = next(a for a in COMMANDS["montecarlo"]._actions if a.dest == "seed")
    assert seed.default == 0
    assert "default 0" in str(seed.help)
    reference = (ROOT / "docs" / "cli.md").read_text()
    row = next(
        line for line in reference.splitlines() if line.startswith("| `scaledeck montecarlo")
    )
    assert "[--seed S]" in row
    assert "`--seed` defaults to 0" in row
    outputs = []
    for extra in ([], ["--seed", "0"]):
        assert main(["montecarlo", "--draws", "20", "--json", *extra]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0]["seed"] == 0
    assert outputs[0] == outputs[1]


def test_a_negative_seed_is_one_line(capsys) -> None:
    line = one_error_line(["montecarlo", "--draws", "20", "--seed", "-1"], capsys)
    assert line == "error: seed: -1 must be 0 or more\n"


# --- no display: one line instead of Qt's abort ------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland is Linux's")
@pytest.mark.parametrize("argv", [[], ["gui"]])
def test_no_display_is_one_line_with_the_headless_ways(argv, tmp_path) -> None:
    hidden = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env["PYTHONPATH"] = str(ROOT)  # this checkout, wherever pytest runs
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: no display")
    assert len(done.stderr.splitlines()) == 1
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert "scaledeck screenshot" in done.stderr
