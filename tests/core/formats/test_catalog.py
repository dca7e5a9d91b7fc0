"""The partner price catalog: search, base tier, matching, the CLI, and no network."""

import json
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from paths import ROOT

from cli.main import main
from core.formats.catalog import catalog

pytestmark = pytest.mark.usefixtures("fresh_catalog")


def test_search_is_a_case_insensitive_substring_of_every_word():
    rows = catalog().search("GOOGLE gemini 2.5 PRO")
    assert ("Google", "Gemini 2.5 Pro") in {(r.provider, r.model) for r in rows}
    for r in rows:  # each word somewhere in the provider or the model, name or id
        text = f"{r.provider} {r.provider_id} {r.model} {r.model_id}".lower()
        assert all(word in text for word in ("google", "gemini", "2.5", "pro"))
    by_id = catalog().search("gemini-2.5-pro")  # ids match too
    assert any(r.model == "Gemini 2.5 Pro" for r in by_id)
    assert catalog().search("no such model qzx") == []
    assert len(catalog().search("")) == len(catalog().entries)


def test_the_issue_providers_are_all_there():
    providers = {r.provider for r in catalog().entries}
    assert {"Google", "Deepseek", "Mistral", "X AI", "OpenAI", "Anthropic"} <= providers


def test_tiered_prices_give_the_base_tier():
    """Gemini 2.5 Pro: $1.25 in / $10 out up to 200k prompt tokens ($2.50 / $15 above)."""
    entry = catalog().find("Google", "Gemini 2.5 Pro")
    assert entry is not None
    assert (entry.input_usd_per_m, entry.output_usd_per_m) == (1.25, 10.0)


def test_time_of_day_prices_give_the_peak_list_price():
    """DeepSeek Chat: $0.27 / $1.10 by day, $0.135 / $0.55 off-peak; a plan takes the day."""
    entry = catalog().find("deepseek", "deepseek-chat")
    assert entry is not None
    assert (entry.input_usd_per_m, entry.output_usd_per_m) == (0.27, 1.1)


def test_find_matches_provider_and_model_by_name_or_id_ignoring_case():
    book = catalog()
    by_name = book.find(" openai ", "GPT 4o")
    assert by_name is not None
    assert by_name.model_id == "gpt-4o"
    assert book.find("OpenAI", "gpt-4o") == by_name
    assert book.find("OpenAI", "gpt 4o (OpenAI)") == by_name  # the name given on a clash
    assert book.find("Anthropic", "gpt-4o") is None  # the provider must match too


def test_names_are_unique_per_provider():
    keys = [(r.provider, r.model) for r in catalog().entries]
    assert len(keys) == len(set(keys))


def test_snapshot_date_is_the_newest_price_start_date():
    book = catalog()
    assert book.snapshot_date == date(2027, 1, 1)  # genai-prices 0.2.3
    assert {r.snapshot_date for r in book.entries} == {book.snapshot_date}
    assert book.source_name == "genai-prices 0.2.3, prices as of 2027-01-01"


def test_cli_json_rows_have_the_five_keys(capsys):
    assert main(["catalog", "gemini 2.5 pro", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert all(
        set(row) == {"provider", "model", "input_usd_per_m", "output_usd_per_m", "snapshot_date"}
        for row in rows
    )
    pro = next(r for r in rows if r["provider"] == "Google" and r["model"] == "Gemini 2.5 Pro")
    assert pro == {
        "provider": "Google",
        "model": "Gemini 2.5 Pro",
        "input_usd_per_m": 1.25,
        "output_usd_per_m": 10.0,
        "snapshot_date": "2027-01-01",
    }


def test_cli_table_and_no_match(capsys):
    assert main(["catalog", "mistral", "large"]) == 0  # words unquoted, as typed in a shell
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["Provider", "Model", "In", "$/M", "Out", "$/M"]
    assert "prices from genai-prices 0.2.3, prices as of 2027-01-01, base tier." in out
    assert main(["catalog", "qzx"]) == 0
    assert capsys.readouterr().out == (
        "No catalog model matches 'qzx' (genai-prices 0.2.3, prices as of 2027-01-01).\n"
    )
    assert main(["catalog", "qzx", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_catalog_never_touches_the_network():
    """A fresh interpreter with sockets refused still builds the catalog and searches it."""
    script = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise AssertionError("network access: " + repr(args))
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from cli.main import main
        raise SystemExit(main(["catalog", "claude", "--json"]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert any(r["provider"] == "Anthropic" for r in json.loads(done.stdout))
