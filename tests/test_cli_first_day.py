"""A new user's first day with the kg command: mistyped store paths, names, parameters and folders
get a clear answer, never a silent empty one (CliRunner, and a subprocess where the shell matters)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main

READ_COMMANDS = [
    ["stats"],
    ["query", "who_is_losing"],
    ["query", "MATCH (c:Company) RETURN c.name AS name"],
    ["momentum"],
    ["momentum", "--plot", "chart.png"],
    ["why", "OpenAI"],
    ["contested"],
    ["trends"],
    ["viz", "-o", "page.html"],
    ["export", "--format", "json", "-o", "graph.json"],
    ["export", "--to", "neo4j"],
]


def run(args, **kw):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kw)


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_read_command_on_a_missing_store_says_so_and_creates_nothing(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    r = run([*args, "--store", "typo.db"])
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [
        "Error: no store at typo.db; run kg ingest first (or point --store or KG_STORE at an existing store)"]
    assert list(tmp_path.iterdir()) == []


def test_plain_stats_in_the_wrong_folder_creates_no_kg_db(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    p = subprocess.run([sys.executable, "-m", "kg", "stats"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr == "Error: no store at kg.db; run kg ingest first (or point --store or KG_STORE at an existing store)\n"
    assert not (tmp_path / "kg.db").exists()


def test_write_commands_still_create_the_store(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Title: Test\nPublished: 2026-04-02\n\nGroq has gained ground in inference chips.\n")
    r = run(["ingest", str(article), "--store", str(tmp_path / "new.db")])
    assert r.exit_code == 0 and (tmp_path / "new.db").exists()
    triples = tmp_path / "t.jsonl"
    triples.write_text(run(["extract", str(article)]).output)
    r = run(["load", str(triples), "--store", str(tmp_path / "other.db")])
    assert r.exit_code == 0 and (tmp_path / "other.db").exists()
    r = run(["stats", "--store", str(tmp_path / "other.db")])
    assert r.exit_code == 0 and "articles: 1" in r.output


def test_why_resolves_aliases_and_case_like_extraction_and_says_so(sample_store_path):
    base = ["--store", str(sample_store_path)]
    canonical = run(["why", "Mistral AI", *base])
    assert canonical.exit_code == 0 and "note:" not in canonical.output and "(1 row" in canonical.output
    for typed in (["Mistral"], ["mistral"], ["mistral", "ai"], ["MISTRAL AI"]):
        r = run(["why", *typed, *base])
        assert r.exit_code == 0, r.output
        assert r.stderr == f"note: {' '.join(typed)!r} is the company Mistral AI\n"
        assert r.stdout == canonical.stdout


def test_why_on_an_unknown_company_suggests_the_near_one(sample_store_path):
    r = run(["why", "OpenIA", "--store", str(sample_store_path)])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: no company named 'OpenIA' in the store; did you mean OpenAI?")
    r = run(["why", "ChatGPT", "--store", str(sample_store_path)])
    assert r.exit_code == 2 and "ChatGPT is a product of OpenAI: try OpenAI" in r.stderr


def test_company_options_and_the_company_parameter_resolve_too(sample_store_path, tmp_path):
    base = ["--store", str(sample_store_path)]
    r = run(["trends", "--company", "nvidia", *base])
    assert r.exit_code == 0 and "(0 rows)" not in r.stdout and "'nvidia' is the company Nvidia" in r.stderr
    r = run(["query", "claims_about", "--param", "company=openai", *base])
    assert r.exit_code == 0 and "(0 rows)" not in r.stdout and "'openai' is the company OpenAI" in r.stderr
    r = run(["viz", "--company", "mistral", "-o", str(tmp_path / "m.html"), *base])
    assert r.exit_code == 0 and "'mistral' is the company Mistral AI" in r.stderr


def test_a_mistyped_parameter_is_refused_naming_the_ones_the_query_takes(sample_store_path):
    base = ["--store", str(sample_store_path)]
    r = run(["query", "who_is_losing", "--param", "limti=3", *base])
    assert r.exit_code == 2
    assert r.output == "Error: query 'who_is_losing' has no parameter limti; it takes limit (default 10)\n"
    r = run(["query", "contested", "-p", "limit=3", *base])
    assert r.exit_code == 2 and r.output.endswith("it takes no parameters\n")
    r = run(["query", "MATCH (c:Company) WHERE c.name = $name RETURN c.name AS n", "-p", "nme=OpenAI", *base])
    assert r.exit_code == 2 and r.output == "Error: this query has no parameter nme; it takes name\n"
    r = run(["query", "who_is_losing", "--param", "limit=3", *base])
    assert r.exit_code == 0 and "(3 rows)" in r.output
    r = run(["query", "whos_losing", *base])
    assert r.exit_code == 1 and "did you mean who_is_losing?" in r.output


def test_why_wide_prints_claims_whole_and_help_explains_the_columns(sample_store_path):
    base = ["--store", str(sample_store_path)]
    cut = run(["why", "Anthropic", *base]).stdout
    whole = run(["why", "Anthropic", "--wide", *base]).stdout
    assert "\u2026" in cut and "\u2026" not in whole
    # one row per story: its main claim, the share sentence that all four rewrites report
    assert "Anthropic's share of business spending on AI models has more than tripled since the start of the year, driven by companies" in whole
    assert max(map(len, whole.splitlines())) > max(map(len, cut.splitlines()))
    help_text = run(["why", "--help"]).output
    assert "`article` when the article says it in its own voice" in help_text and "--wide" in help_text


def test_store_help_shows_its_default_once():
    for command in ("query", "stats", "why", "ingest"):
        text = " ".join(run([command, "--help"]).output.split())
        assert text.count("kg.db") == 1, text
        assert "[env var: KG_STORE; default: kg.db]" in text


def test_a_folder_walk_counts_every_skipped_file_and_names_them_with_v(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4 binary")
    (folder / "blob.bin").write_bytes(bytes(range(256)))
    tool = folder / "run"
    tool.write_text("#!/bin/sh\necho hi\n")
    tool.chmod(0o755)
    store = ["--store", str(tmp_path / "kg.db")]
    r = run(["ingest", str(folder), *store])
    assert r.exit_code == 1
    assert "note: 3 files in the folders skipped, not of a type kg reads (plain text, Markdown, HTML" in r.stderr
    assert "; -v lists them" in r.stderr
    assert f"Error: {folder / 'empty.txt'}: empty file" in r.stderr
    r = run(["ingest", "-v", str(folder), *store])
    for name in ("paper.pdf", "blob.bin", "run"):
        assert f"skipped {folder / name}: not a type kg reads" in r.stderr
    r = run(["ingest", str(folder / "paper.pdf"), *store])
    assert "this is a PDF document, not an article (kg reads plain text, Markdown, HTML, RSS and Atom feeds, " \
           "JSON, JSON lines and CSV)" in r.stderr


def test_a_mistyped_label_gets_a_note_beside_its_empty_answer(sample_store_path):
    r = run(["query", "MATCH (c:Compnay)-[:ABOUT]-(x) RETURN c.name AS name", "--store", str(sample_store_path)])
    assert r.exit_code == 0 and "(0 rows)" in r.stdout
    assert r.stderr.startswith("note: kg's graph has no label or relationship type 'Compnay' (labels: Company, ")
    r = run(["query", "MATCH (p:Person)-[:ASSERTS]->(c:Claim) RETURN p.name AS who", "--store", str(sample_store_path)])
    assert r.exit_code == 0 and r.stderr == ""
