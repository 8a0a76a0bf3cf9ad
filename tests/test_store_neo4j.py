"""The Neo4j backend against a real server (scripts/neo4j start), and its parity with the embedded store."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.pipeline import ingest
from kg.query.named import named_queries
from kg.readers import iter_articles
from kg.schema import EXTRACTOR_VERSION
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


ADHOC = [
    ("MATCH (c:Claim)-[r:ABOUT]->(co:Company) WHERE co.name = $name RETURN c.text AS text, r.stance AS stance "
     "ORDER BY text", {"name": "OpenAI"}),
    ("MATCH (p:Person)-[:AFFILIATED_WITH]->(c:Company) RETURN p.name AS person, c.name AS company ORDER BY person, company", {}),
    ("MATCH (s:Source)-[:REPORTS]->(c:Claim)-[r:ABOUT]->(co:Company) WHERE r.stance = 'losing' AND s.published >= $since "
     "RETURN co.name AS company, count(c) AS n ORDER BY n DESC, company LIMIT 5", {"since": "2026-03-01"}),
    ("MATCH (t:Trend)<-[:CITES]-(c:Claim)<-[:ASSERTS]-(p:Person) RETURN DISTINCT t.name AS trend, p.name AS person", {}),
    ("MATCH (t:Trend)<-[:CITES]-(c:Claim) RETURN DISTINCT t.name AS trend ORDER BY trend", {}),
    ("MATCH (c:Company) WHERE toLower(c.name) CONTAINS 'ai' RETURN c.name AS name ORDER BY name", {}),
    ("MATCH (co:Company)<-[r:ABOUT]-(c:Claim) RETURN co.name AS company, collect(r.stance) AS stances, sum(r.score) AS net "
     "ORDER BY company", {}),
    # a relationship condition the embedded backend applies before matching, on parallel relationships
    ("MATCH (t:Trend)-[r:FAVORS|THREATENS]->(co:Company) WHERE r.extractor = $version AND co.name = $company "
     "RETURN t.name AS trend, type(r) AS effect, count(r) AS n ORDER BY n DESC, trend, effect",
     {"version": EXTRACTOR_VERSION, "company": "Nvidia"}),
    # ... and one it must not (two relationships of one type, one of them filtered)
    ("MATCH (a:Company)<-[r:ABOUT]-(c:Claim)-[s:ABOUT]->(b:Company) WHERE r.stance = 'gaining' "
     "RETURN a.name AS a, b.name AS b, s.stance AS other ORDER BY a, b, other", {}),
]


def test_named_and_adhoc_queries_give_identical_results(neo4j_store, sample_store, extractor):
    ingest(iter_articles([str(ARTICLES)]), neo4j_store, extractor)
    args = {"company": "Nvidia", "text": "ground"}
    for name, q in named_queries().items():
        params = {**q.defaults, **{k: v for k, v in args.items() if k in q.params}}
        a, b = sample_store.query(q.cypher, params), neo4j_store.query(q.cypher, params)
        assert a.columns == b.columns, name
        assert a.rows == b.rows, name
    for cypher, params in ADHOC:
        a, b = sample_store.query(cypher, params), neo4j_store.query(cypher, params)
        assert a.columns == b.columns, cypher
        if "collect" in cypher:  # the order inside collect() is not defined
            a.rows = [[r[0], sorted(r[1]), r[2]] for r in a.rows]
            b.rows = [[r[0], sorted(r[1]), r[2]] for r in b.rows]
        if "ORDER BY" not in cypher:
            a.rows, b.rows = sorted(a.rows), sorted(b.rows)
        assert a.rows == b.rows, cypher


def test_article_text_with_quotes_and_cypher_round_trips(neo4j_store, extractor):
    text = ("Title: It's \"quoted\" \\ {braces}\n\n"
            "Nvidia gained ground, said Ana Ruiz; she added \"MATCH (n) DETACH DELETE n\" and '} RETURN 1 //' \\n.")
    (article,) = [a for a in iter_articles_from_text(text)]
    ex = extractor.extract(article)
    neo4j_store.add_article(ex.source, ex.triples)
    rows = neo4j_store.query("MATCH (s:Source) RETURN s.title AS title").rows
    assert rows == [[article.title]]
    sentences = {r[0] for r in neo4j_store.query("MATCH ()-[r:ASSERTS]->() RETURN r.sentence").rows}
    assert any("DETACH DELETE" in s and "\\n" in s for s in sentences)
    assert neo4j_store.stats().labels["Source"] == 1


def iter_articles_from_text(text: str):
    from kg.readers import parse_text
    yield parse_text(text, "tricky.txt")


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


def test_momentum_why_contested_trends_agree_across_backends(neo4j_store, sample_store, extractor):
    from kg.analysis import contested, momentum, trends, why
    ingest(iter_articles([str(ARTICLES)]), neo4j_store, extractor)
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
