"""The kg command through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from tests.conftest import ARTICLES

ARTICLE = """Title: Test article
Published: 2026-04-02
Publisher: Test Desk

Groq has gained ground in inference chips, while Graphcore lost ground to Cerebras.
"Buyers want cheaper tokens," said Rosa Lindgren, an analyst at Gartner.
Open-source models are eroding the pricing power of the big labs.
"""


def run(args, **kw):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kw)


def test_extract_prints_jsonl_in_the_documented_shape(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE)
    r = run(["extract", str(f)])
    assert r.exit_code == 0, r.output
    lines = [json.loads(line) for line in r.output.splitlines()]
    for t in lines:
        assert set(t) >= {"subject", "predicate", "object", "properties", "source", "evidence"}
        assert {"label", "name"} <= set(t["subject"]) and {"id", "title", "path"} <= set(t["source"])
        assert ARTICLE.split("\n\n", 1)[1] and {"sentence", "start", "end"} <= set(t["evidence"])
    about = {(t["object"]["name"], t["properties"]["stance"]) for t in lines if t["predicate"] == "ABOUT"}
    assert ("Graphcore", "losing") in about and ("Groq", "gaining") in about
    assert any(t["predicate"] == "ASSERTS" and t["subject"] == {"label": "Person", "name": "Rosa Lindgren",
                                                                 "id": "person:rosa-lindgren", "properties": {}}
               for t in lines)
    assert any(t["object"]["label"] == "Trend" for t in lines)


def test_extract_table_format(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE)
    r = run(["extract", "--format", "table", str(f)])
    assert "ABOUT{losing}\tCompany:Graphcore" in r.output


def test_ingest_twice_leaves_counts_unchanged_and_load_matches(tmp_path):
    store = str(tmp_path / "kg.db")
    r1 = run(["ingest", "--store", store, str(ARTICLES)])
    assert r1.exit_code == 0 and "15 read, 15 added" in r1.output
    stats1 = run(["stats", "--store", store, "--format", "json"]).output
    r2 = run(["ingest", "--store", store, str(ARTICLES)])
    assert "0 added, 15 unchanged" in r2.output and "nodes added: 0, relationships added: 0" in r2.output
    assert run(["stats", "--store", store, "--format", "json"]).output == stats1
    # extract + load gives the same graph as ingest
    triples = tmp_path / "t.jsonl"
    triples.write_text(run(["extract", str(ARTICLES)]).output)
    other = str(tmp_path / "other.db")
    r3 = run(["load", "--store", other, str(triples)])
    assert r3.exit_code == 0 and "15 added" in r3.output
    s1, s3 = json.loads(stats1), json.loads(run(["stats", "--store", other, "--format", "json"]).output)
    assert s1 == s3
    assert s1["articles"] == 15 and s1["first_published"] == "2026-01-14" and s1["last_published"] == "2026-09-10"


def test_ingest_reports_bad_input_and_keeps_going(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 ...")
    r = CliRunner().invoke(main, ["ingest", "--store", str(tmp_path / "kg.db"), str(bad), str(good)])
    assert r.exit_code == 1
    assert f"Error: {bad}: this is a PDF document" in r.output
    assert "1 read, 1 added" in r.output and "1 failed" in r.output


def test_load_bad_line_is_one_clear_error(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_text('{"subject": 1}\n')
    r = CliRunner().invoke(main, ["load", "--store", str(tmp_path / "kg.db"), str(f)])
    assert r.exit_code == 1
    assert r.output.startswith(f"Error: {f}:1: not a triple")
    assert "Traceback" not in r.output


def test_query_formats_and_named_queries(sample_store_path):
    base = ["--store", str(sample_store_path)]
    r = run(["query", "who_is_losing", "--format", "json", *base])
    rows = json.loads(r.output)
    assert rows and set(rows[0]) == {"company", "losing_claims"}
    csv_out = run(["query", "MATCH (c:Company) WHERE c.name = $n RETURN c.name AS name", "-p", "n=Intel", "--format", "csv", *base]).output
    assert csv_out == "name\nIntel\n"
    table = run(["query", "net_momentum", *base]).output.splitlines()
    assert table[0].split() == ["company", "net", "claims"] and table[-1].endswith("rows)")
    listing = run(["queries"]).output
    assert "who_is_gaining" in listing and "--param company=" in listing


def test_query_error_is_one_line(sample_store_path):
    r = CliRunner().invoke(main, ["query", "MATCH (c) SET c.x = 1", "--store", str(sample_store_path)])
    assert r.exit_code == 1
    assert r.output.strip().count("\n") == 0 and "read-only: SET is refused" in r.output


def test_kg_as_a_subprocess(tmp_path):
    env = {**os.environ, "KG_STORE": str(tmp_path / "kg.db")}
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE)
    kg = [sys.executable, "-m", "kg"]
    p = subprocess.run([*kg, "ingest", str(f)], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "1 added" in p.stdout
    p = subprocess.run([*kg, "stats"], capture_output=True, text=True, env=env, timeout=60)
    assert "articles: 1 (published 2026-04-02 .. 2026-04-02" in p.stdout
    p = subprocess.run([*kg, "query", "MATCH (c:Company RETURN c"], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 1 and p.stderr.startswith("Error: ") and "Traceback" not in p.stderr
    assert Path(env["KG_STORE"]).exists()


def test_progress_bar_only_on_a_terminal(tmp_path):
    import shlex
    import shutil
    r = run(["ingest", "--store", str(tmp_path / "a.db"), str(ARTICLES)])
    assert "articles/s" not in r.output  # not a terminal: no bar
    if shutil.which("script") is None:
        return
    cmd = " ".join(shlex.quote(c) for c in [sys.executable, "-m", "kg", "ingest", "--jobs", "1", "--store",
                                             str(tmp_path / "b.db"), str(ARTICLES)])
    p = subprocess.run(["script", "-qc", cmd, "/dev/null"], capture_output=True, text=True, timeout=300)
    assert "articles/s" in p.stdout and "15/15" in p.stdout  # a terminal: rate and count
    q = subprocess.run(["script", "-qc", cmd.replace("b.db", "c.db") + " --quiet", "/dev/null"],
                       capture_output=True, text=True, timeout=300)
    assert "articles/s" not in q.stdout


def test_load_reads_standard_input(tmp_path):
    triples = run(["extract", str(ARTICLES / sorted(p.name for p in ARTICLES.iterdir())[0])]).output
    r = CliRunner().invoke(main, ["load", "--store", str(tmp_path / "kg.db"), "-"], input=triples)
    assert r.exit_code == 0 and "1 added" in r.output
