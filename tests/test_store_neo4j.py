"""The Neo4j backend's own behaviour against a real server (scripts/neo4j start): the store contract is in
test_store_contract.py, query parity in test_parity.py."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.pipeline import ingest
from kg.readers import iter_articles
from kg.store.neo4j import Neo4jStore
from tests.conftest import ARTICLES, NEO4J_PASSWORD, NEO4J_URI

pytestmark = pytest.mark.neo4j


def signature(g):
    nodes = sorted((n, tuple(sorted((k, repr(v)) for k, v in d.items() if k != "__labels__")), tuple(sorted(d["__labels__"])))
                   for n, d in g.nodes(data=True))
    edges = sorted((u, v, k, tuple(sorted((a, repr(b)) for a, b in d.items() if a != "__labels__")), tuple(d["__labels__"]))
                   for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def test_same_graph_as_the_embedded_store_and_idempotent(neo4j_store, sample_store, extractor):
    report = ingest(iter_articles([str(ARTICLES)]), neo4j_store, extractor)
    assert report.added == 15
    assert signature(neo4j_store.to_networkx()) == signature(sample_store.to_networkx())
    assert neo4j_store.stats() == sample_store.stats()
    again = ingest(iter_articles([str(ARTICLES)]), neo4j_store, extractor)
    assert again.added == 0 and again.unchanged == 15
    assert neo4j_store.stats() == sample_store.stats()


def test_queries_are_read_only_unless_write(neo4j_store):
    with pytest.raises(QueryError, match="--write"):
        neo4j_store.query("CREATE (:Company {id: 'company:x', name: 'X'})")
    neo4j_store.query("CREATE (:Company {id: 'company:x', name: 'X'})", write=True)
    assert neo4j_store.query("MATCH (c:Company) RETURN c.name AS n").rows == [["X"]]


def test_wrong_password_and_unreachable_server_are_clear_errors(neo4j_available):
    with pytest.raises(StoreError, match="refused user"):
        Neo4jStore(NEO4J_URI, "neo4j", "wrong-password")
    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        Neo4jStore("bolt://127.0.0.1:1", "neo4j", "x")


def test_cli_against_neo4j(neo4j_store, tmp_path):
    env = {"NEO4J_URI": NEO4J_URI, "NEO4J_PASSWORD": NEO4J_PASSWORD}
    f = tmp_path / "a.txt"
    f.write_text("Cerebras gained ground in inference, said Mia Holt of Gartner.")
    r = CliRunner().invoke(main, ["ingest", "--backend", "neo4j", str(f)], env=env)
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["query", "--backend", "neo4j", "who_is_gaining", "--format", "csv"], env=env)
    assert r.output == "company,gaining_claims\nCerebras,1\n"
    r = CliRunner().invoke(main, ["stats", "--backend", "neo4j", "--neo4j-password", "nope"], env={"NEO4J_URI": NEO4J_URI})
    assert r.exit_code == 1 and r.output.startswith("Error: Neo4j at") and "Traceback" not in r.output


def test_momentum_why_stories_contested_trends_agree_across_backends(neo4j_store, sample_store, extractor):
    from kg.analysis import contested, momentum, trends, why
    from kg.stories import stories
    ingest(iter_articles([str(ARTICLES)]), neo4j_store, extractor)
    assert stories(neo4j_store, min_sources=1) == stories(sample_store, min_sources=1)
    for by in ("month", "quarter"):
        assert momentum(neo4j_store, by) == momentum(sample_store, by)
    assert momentum(neo4j_store, as_of="2026-03-31") == momentum(sample_store, as_of="2026-03-31")
    for company in ("OpenAI", "Anthropic", "Nvidia"):
        assert why(neo4j_store, company) == why(sample_store, company)
    assert contested(neo4j_store) == contested(sample_store)
    assert trends(neo4j_store) == trends(sample_store)


def test_load_interrupted_by_a_restart_completes_on_rerun(neo4j_store, sample_store, tmp_path):
    """Restart the project's Neo4j in the middle of a load: clear message (or a retried success), then a
    re-run leaves exactly the graph the embedded store holds."""
    import subprocess
    import sys
    import time
    from tests.conftest import ROOT
    # scripts/neo4j restarts the server on the port the tests use (KG_NEO4J_PORT), not on its default.
    port = NEO4J_URI.rsplit(":", 1)[-1]
    env = {**__import__("os").environ, "NEO4J_URI": NEO4J_URI, "NEO4J_PASSWORD": NEO4J_PASSWORD, "KG_NEO4J_PORT": port}
    if subprocess.run([str(ROOT / "scripts" / "neo4j"), "status"], capture_output=True, env=env).returncode != 0:
        pytest.skip("this test restarts the server that scripts/neo4j started; none is running")
    triples = tmp_path / "t.jsonl"
    triples.write_text(CliRunner().invoke(main, ["extract", str(ARTICLES)]).output)
    kg = [sys.executable, "-m", "kg", "load", "--backend", "neo4j", str(triples)]
    proc = subprocess.Popen(kg, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(1.0)
    subprocess.run([str(ROOT / "scripts" / "neo4j"), "stop"], check=True, capture_output=True, env=env)
    subprocess.run([str(ROOT / "scripts" / "neo4j"), "start"], check=True, capture_output=True, env=env)
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in err
    if proc.returncode != 0:
        assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1
    again = subprocess.run(kg, capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    fresh = Neo4jStore(NEO4J_URI, "neo4j", NEO4J_PASSWORD)
    try:
        assert signature(fresh.to_networkx()) == signature(sample_store.to_networkx())
    finally:
        fresh.close()


def test_export_to_neo4j_copies_the_embedded_store(neo4j_store, sample_store, sample_store_path):
    env = {"NEO4J_URI": NEO4J_URI, "NEO4J_PASSWORD": NEO4J_PASSWORD}
    r = CliRunner().invoke(main, ["export", "--to", "neo4j", "--store", str(sample_store_path)], env=env)
    assert r.exit_code == 0, r.output
    assert signature(neo4j_store.to_networkx()) == signature(sample_store.to_networkx())
    again = CliRunner().invoke(main, ["export", "--to", "neo4j", "--store", str(sample_store_path)], env=env)
    assert "new in Neo4j: 0 nodes, 0 relationships" in again.output
