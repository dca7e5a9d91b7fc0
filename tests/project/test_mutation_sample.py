"""`python -m benchmarks.mutation --sample N`: the pending mutants scored from a random draw."""

import json
import sys

import pytest

from benchmarks import mutation, mutation_sample
from benchmarks.mutation_sample import BATCH, Estimate

PENDING = [f"core.x.x_f__mutmut_{i}" for i in range(200)]


def _standing(drawn: list[str]) -> dict[str, str]:
    """8 killed, 2 survived and 1 equivalent run before the draw; of the draw's first batch
    40 killed and 10 survived; its second batch one short of done; the rest pending."""
    found = {f"core.y.x_g__mutmut_{i}": "killed" for i in range(8)}
    found |= {"core.y.x_g__mutmut_8": "survived", "core.y.x_g__mutmut_9": "survived"}
    found["core.y.x_g__mutmut_10"] = "equivalent"
    found |= dict.fromkeys(PENDING, "pending")
    found |= {name: "killed" if i < 40 else "survived" for i, name in enumerate(drawn[:BATCH])}
    found |= dict.fromkeys(drawn[BATCH : 2 * BATCH - 1], "killed")
    return found


@pytest.fixture
def drawn(tmp_path) -> list[str]:
    return mutation_sample.draw(PENDING, 2 * BATCH, seed=3, where=tmp_path / "sample.json")


def test_the_score_counts_the_run_exactly_and_the_pending_at_the_samples_rate(tmp_path, drawn):
    estimate = mutation_sample.estimate(_standing(drawn), tmp_path / "sample.json")
    # the second batch is cut short: mutmut runs a batch's cheapest mutants first
    assert estimate == Estimate(200, 8, 10, BATCH, 40, BATCH)
    assert estimate.percent(estimate.kill_rate) == pytest.approx(100 * (8 + 200 * 0.8) / 210)
    low, high = estimate.interval()  # Wilson's 95% for 40 of 50: 0.66963-0.88756
    assert low == pytest.approx(100 * (8 + 200 * 0.66963) / 210, abs=1e-3)
    assert high == pytest.approx(100 * (8 + 200 * 0.88756) / 210, abs=1e-3)
    assert estimate.words().startswith("80.0% estimated (95%: 67.6-88.3%): 200 not run")


def test_a_mutant_pending_since_the_draw_makes_it_stale(tmp_path, drawn):
    """New code since the draw: its mutants belong to no stratum, so there is no estimate."""
    standing = _standing(drawn) | {"core.z.x_h__mutmut_1": "pending"}
    assert mutation_sample.estimate(standing, tmp_path / "sample.json") is None
    assert mutation_sample.estimate(_standing(drawn), tmp_path / "no-draw.json") is None


def test_the_draw_is_the_seeds_and_is_saved(tmp_path, drawn):
    again = mutation_sample.draw(list(reversed(PENDING)), 2 * BATCH, 3, tmp_path / "again.json")
    assert again == drawn  # the same seed, the same mutants in the same order
    assert len(set(drawn)) == 2 * BATCH
    assert set(drawn) <= set(PENDING)
    saved = json.loads((tmp_path / "sample.json").read_text())
    assert saved == {"seed": 3, "pending": sorted(PENDING), "drawn": drawn}
    assert mutation_sample.draw(PENDING, 2 * BATCH, 4, tmp_path / "other.json") != drawn


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
    assert "with the sample of those not run: 80.0% estimated" in capsys.readouterr().out
    saved = json.loads((tmp_path / "saved.json").read_text())
    assert saved["percent"] == pytest.approx(80.0)
    assert mutation.saved_row().how.endswith(saved["estimate"])
    assert "200 not run, from a sample of 50" in saved["estimate"]
