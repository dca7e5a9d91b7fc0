"""`scaledeck train`: every input gets finite figures or one line naming the option, exit 2.

`--mfu 1e-320 --json` printed `"gpu_hours": Infinity` (no JSON) with exit 0, the text
`GPU-hours inf`; `--availability 1e-320` and `--gpus 1e-320` gave `wall-clock days inf on
0 GPUs`, and `--gpus 0.5` "on 0 GPUs".
"""

import json
import math

import pytest

from cli.main import main
from core.engine.training import BOUNDS

RUN = ["train", "--active-params", "1e14", "--tokens", "1e16"]


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str) -> dict:
    """`json.loads`, refusing Infinity, -Infinity and NaN as Python's default accepts them."""
    return json.loads(text, parse_constant=_no_constant)


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (
            ["--gpus", "1", "--mfu", "1e-320"],
            "error: --mfu: 1e-320 is below the minimum 0.01 (a run using under 1% of its "
            "GPUs' peak is no training run)",
        ),
        (
            ["--gpus", "1", "--availability", "1e-320"],
            "error: --availability: 1e-320 is below the minimum 0.01 (a fleet up under 1% "
            "of its hours is no fleet, as a scenario's fleet.availability)",
        ),
        (
            ["--gpus", "1e-320"],
            "error: --gpus: 1e-320 is below the minimum 1 (a run needs at least one whole GPU)",
        ),
        (
            ["--gpus", "0.5"],
            "error: --gpus: 0.5 is below the minimum 1 (a run needs at least one whole GPU)",
        ),
        (
            ["--gpus", "1.5"],
            "error: --gpus: 1.5 is not a whole number (GPUs are counted whole: none is split)",
        ),
        (["--gpus", "0"], "error: --gpus: 0 is outside (0, 1e+07] (the minimum is 1)"),
        (
            ["--gpus", "2e7"],
            "error: --gpus: 2e+07 is outside (0, 1e+07] (the largest fleet a scenario may hold)",
        ),
        (["--gpus", "inf"], "error: --gpus: inf is not a finite number"),
        (["--gpus", "1", "--mfu", "nan"], "error: --mfu: nan is not a finite number"),
        (
            ["--gpus", "1", "--mfu", "2"],
            "error: --mfu: 2 is outside (0, 1] (a GPU does no more than its peak)",
        ),
        (
            ["--gpus", "1", "--availability", "-1"],
            "error: --availability: -1 is outside (0, 1] (the minimum is 0.01)",
        ),
    ],
)
@pytest.mark.parametrize("as_json", [False, True])
def test_an_option_out_of_range_is_one_line_naming_it(capsys, flags, said, as_json):
    code = main([*RUN, *flags, *(["--json"] if as_json else [])])
    out, err = capsys.readouterr()
    assert (code, out, err) == (2, "", said + "\n")


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (
            ["--active-params", "1e-320", "--tokens", "1e9"],
            "error: --active-params: 1e-320 is below the minimum 1e+06 "
            "(the least a scenario's model may have)",
        ),
        (
            ["--active-params", "1e15", "--tokens", "1e9"],
            "error: --active-params: 1e+15 is outside (0, 1e+14] "
            "(the most a scenario's model may use per token)",
        ),
        (
            ["--active-params", "1e9", "--tokens", "1e18"],
            "error: --tokens: 1e+18 is outside (0, 1e+17] "
            "(the most a scenario's model may train on)",
        ),
        (
            ["--active-params", "1e9", "--tokens", "1e9", "--gpu", "TPU"],
            "error: --gpu: unknown GPU 'TPU' (catalog: H100, H200, B200, B300, GB200, GB300, "
            "MI300X, MI325X, MI355X)",
        ),
    ],
)
def test_the_size_of_the_run_is_bounded_by_name(capsys, flags, said):
    assert main(["train", *flags, "--gpus", "8"]) == 2
    assert capsys.readouterr() == ("", said + "\n")


@pytest.mark.parametrize(
    "flags",
    [
        ["--active-params", "1e14", "--tokens", "1e17", "--gpus", "1"],  # the largest run
        ["--active-params", str(BOUNDS["active_params"].low), "--tokens", "1", "--gpus", "1e7"],
    ],
)
@pytest.mark.parametrize("gpu", ["H100", "GB300", "MI355X"])
@pytest.mark.parametrize("rates", [["--mfu", "0.01", "--availability", "0.01"], []])
def test_every_run_within_the_bounds_is_finite_json(capsys, flags, gpu, rates):
    """At the bounds together, --json parses strictly and every figure is finite and > 0."""
    assert main(["train", *flags, *rates, "--gpu", gpu, "--json"]) == 0
    out = strict_json(capsys.readouterr().out)
    assert set(out) == {"flops", "gpu_hours", "wall_clock_days"}
    assert all(isinstance(v, float) and math.isfinite(v) and v > 0 for v in out.values())


def test_the_text_counts_whole_gpus_and_prints_no_inf(capsys):
    assert main([*RUN, "--gpus", "1", "--mfu", "0.01", "--availability", "0.01"]) == 0
    out = capsys.readouterr().out
    assert "inf" not in out.lower()
    assert "nan" not in out.lower()
    assert out.splitlines()[-1].endswith(" on 1 GPU")
    assert main([*RUN, "--gpus", "1e4"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(" on 10,000 GPUs")


def test_the_help_gives_each_range():
    """The ranges `--help` states are BOUNDS' own: the reference and the check agree."""
    from cli.main import build_parser

    parser = build_parser()
    table = next(a for a in parser._actions if hasattr(a, "choices") and a.choices)
    helps = {a.dest: a.help for a in table.choices["train"]._actions}
    for name, bound in BOUNDS.items():
        assert f"{bound.low:g} to {bound.high:g}" in helps[name]


@pytest.mark.parametrize(
    "flags",
    [
        ["--gpus", "1", "--mfu", "1e-320"],  # the reviewer's: "gpu_hours": Infinity, exit 0
        ["--gpus", "1", "--availability", "1e-320"],
        ["--gpus", "1e-320"],
        ["--gpus", "5e-324", "--mfu", "5e-324", "--availability", "5e-324"],
        ["--gpus", "0.5"],
        ["--gpus", "1", "--mfu", "0.01", "--availability", "0.01"],
        ["--gpus", "1e7"],
    ],
)
def test_json_output_always_parses_strictly(capsys, flags):
    """Either exit 0 and JSON with no Infinity or NaN in it, or exit 2 and nothing on stdout."""
    code = main([*RUN, *flags, "--json"])
    out, err = capsys.readouterr()
    if code == 0:
        assert all(math.isfinite(v) for v in strict_json(out).values())
    else:
        assert (code, out, err.count("\n")) == (2, "", 1)
        assert err.startswith("error: --")
