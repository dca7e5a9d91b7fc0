"""`python -m benchmarks.mutation --sample N`: the unsettled mutants scored from a random draw."""

import json
import subprocess
import sys

import pytest

from benchmarks import mutation, mutation_sample
from benchmarks.mutation_sample import BATCH, Estimate

UNSETTLED = [f"core.x.x_f__mutmut_{i}" for i in range(200)]


def _standing(drawn: list[str]) -> dict[str, str]:
    """Settled: 8 killed, 1 equivalent. Unsettled at the draw: 200, of which the draw's
    first batch is run again (40 killed, 10 survived), its second is one short of done,
    and the others keep their old verdicts (survived) or have none (pending)."""
    found = {f"core.y.x_g__mutmut_{i}": "killed" for i in range(8)}
    found["core.y.x_g__mutmut_10"] = "equivalent"
    found |= {name: "survived" if i % 2 else "pending" for i, name in enumerate(UNSETTLED)}
    found |= dict.fromkeys(drawn, "pending")  # cleared at the draw
    found |= {name: "killed" if i < 40 else "survived" for i, name in enumerate(drawn[:BATCH])}
    found |= dict.fromkeys(drawn[BATCH : 2 * BATCH - 1], "killed")
    return found


@pytest.fixture
def drawn(tmp_path) -> list[str]:
    return mutation_sample.draw(UNSETTLED, 2 * BATCH, seed=3, where=tmp_path / "sample.json")


def test_the_settled_count_exactly_and_the_unsettled_at_the_samples_rate(tmp_path, drawn):
    estimate = mutation_sample.estimate(_standing(drawn), tmp_path / "sample.json")
    # the second batch is cut short: mutmut runs a batch's cheapest mutants first
    assert estimate == Estimate(200, 8, 8, BATCH, 40, BATCH)
    assert estimate.percent(estimate.kill_rate) == pytest.approx(100 * (8 + 200 * 0.8) / 208)
    low, high = estimate.interval()  # Wilson's 95% for 40 of 50: 0.66963-0.88756
    assert low == pytest.approx(100 * (8 + 200 * 0.66963) / 208, abs=1e-3)
    assert high == pytest.approx(100 * (8 + 200 * 0.88756) / 208, abs=1e-3)
    assert estimate.words().startswith("80.8% estimated (95%: 68.2-89.2%): 200 unsettled")


def test_a_mutant_pending_outside_the_draws_population_makes_it_stale(tmp_path, drawn):
    """New code since the draw: its mutants belong to no stratum, so there is no estimate."""
    standing = _standing(drawn) | {"core.z.x_h__mutmut_1": "pending"}
    assert mutation_sample.estimate(standing, tmp_path / "sample.json") is None
    assert mutation_sample.estimate(_standing(drawn), tmp_path / "no-draw.json") is None


def test_the_draw_is_the_seeds_and_is_saved(tmp_path, drawn):
    again = mutation_sample.draw(list(reversed(UNSETTLED)), 2 * BATCH, 3, tmp_path / "again.json")
    assert again == drawn  # the same seed, the same mutants in the same order
    assert len(set(drawn)) == 2 * BATCH
    assert set(drawn) <= set(UNSETTLED)
    saved = json.loads((tmp_path / "sample.json").read_text())
    assert saved == {"seed": 3, "unsettled": sorted(UNSETTLED), "drawn": drawn}
    assert mutation_sample.draw(UNSETTLED, 2 * BATCH, 4, tmp_path / "other.json") != drawn


def test_batches_run_in_the_draws_order_and_stop_at_a_failure(drawn):
    calls: list[list[str]] = []
    assert mutation_sample.run_batches(drawn, lambda names: calls.append(names) or 0)
    assert calls == [drawn[:BATCH], drawn[BATCH:]]
    calls.clear()
    assert not mutation_sample.run_batches(drawn, lambda names: calls.append(names) or 1)
    assert calls == [drawn[:BATCH]]


def test_the_report_prints_and_saves_the_estimate(monkeypatch, tmp_path, capsys, drawn):
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    monkeypatch.setattr(mutation, "RESULTS", tmp_path)
    monkeypatch.setattr(mutation, "SAVED", tmp_path / "saved.json")
    monkeypatch.setattr(mutation, "categories", lambda: _standing(drawn))
    monkeypatch.setattr(mutation, "equivalent_names", set)
    monkeypatch.setattr(sys, "argv", ["mutation", "--report"])
    assert mutation.main() == 0
    assert "with a sample of the unsettled run again: 80.8% estimated" in capsys.readouterr().out
    saved = json.loads((tmp_path / "saved.json").read_text())
    assert saved["percent"] == pytest.approx(100 * 168 / 208)
    assert mutation.saved_row().how.endswith(saved["estimate"])
    assert (
        "200 unsettled (not run, or survivors of older tests), from a sample of 50"
        in (saved["estimate"])
    )


@pytest.fixture
def records(monkeypatch, tmp_path) -> dict[str, object]:
    """mutmut's record of one file: killed, survived, untested, not run, listed equivalent."""
    codes = {"core.x.k__mutmut_1": 1, "core.x.s__mutmut_1": 0, "core.x.u__mutmut_1": 33}
    codes |= {"core.x.p__mutmut_1": None, "core.x.e__mutmut_1": 0}
    meta = tmp_path / "core" / "x.py.meta"
    meta.parent.mkdir()
    meta.write_text(json.dumps({"exit_code_by_key": codes, "durations_by_key": {}}))
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    monkeypatch.setattr(mutation, "equivalent_names", lambda: {"core.x.e__mutmut_1"})
    return {"meta": meta, "codes": codes}


def test_a_sample_draws_every_unsettled_kind_and_clears_their_verdicts(monkeypatch, records):
    calls: list[list[str]] = []

    def run(args, **kwargs):
        calls.append(args)
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(mutation_sample.subprocess, "run", run)
    assert mutation.run_sample(10, seed=0)
    unsettled = {"core.x.s__mutmut_1", "core.x.u__mutmut_1", "core.x.p__mutmut_1"}
    [call] = calls
    assert call[:2] == ["mutmut", "run"]
    assert set(call[2:]) == unsettled
    saved = json.loads(records["meta"].read_text())
    assert saved["exit_code_by_key"] == records["codes"] | dict.fromkeys(unsettled)
    assert saved["durations_by_key"] == {}  # the rest of mutmut's record is kept


def test_a_whole_pass_drops_the_sample(monkeypatch, records, tmp_path):
    (tmp_path / mutation.SAMPLE).write_text("{}")
    monkeypatch.setattr(
        mutation.subprocess, "run", lambda args, **kw: subprocess.CompletedProcess(args, 0)
    )
    assert mutation.run_mutmut(resume=True)
    assert not (tmp_path / mutation.SAMPLE).exists()
