import csv
import json
import os
import shutil
import socket
import subprocess

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import ARTICLES, NEO4J_PASSWORD, ROOT


def test_json_and_graphml_hold_the_whole_graph(sample_store_path, sample_store, tmp_path):
    g = sample_store.to_networkx()
    base = ["--store", str(sample_store_path)]
    r = CliRunner().invoke(main, ["export", "--format", "json", "-o", str(tmp_path / "g.json"), *base])
    assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / "g.json").read_text())
    assert len(data["nodes"]) == g.number_of_nodes() and len(data["relationships"]) == g.number_of_edges()
    assert {"id", "label", "properties"} == set(data["nodes"][0])
    CliRunner().invoke(main, ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml"), *base])
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()


def test_neo4j_admin_files_have_the_import_headers(sample_store_path, sample_store, tmp_path):
    out = tmp_path / "import"
    r = CliRunner().invoke(main, ["export", "--format", "neo4j-admin", str(out), "--store", str(sample_store_path)])
    assert r.exit_code == 0, r.output
    with (out / "nodes_Claim.csv").open() as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:2] == ["id:ID", "name"] and header[-1] == ":LABEL" and "confidence:float" in header
    assert all(row[-1] == "Claim" for row in rows[1:])
    with (out / "rels_ABOUT.csv").open() as f:
        rels = list(csv.reader(f))
    assert rels[0][:4] == [":START_ID", ":END_ID", ":TYPE", "key"] and "start:int" in rels[0]
    total = 0
    for p in out.glob("rels_*.csv"):
        with p.open() as f:
            total += sum(1 for _ in csv.reader(f)) - 1
    assert total == sample_store.to_networkx().number_of_edges()


def test_export_needs_one_target(sample_store_path):
    r = CliRunner().invoke(main, ["export", "--store", str(sample_store_path)])
    assert r.exit_code == 2 and "either --format" in r.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.neo4j
def test_bulk_import_builds_the_same_graph_as_kg_load_into_neo4j(neo4j_store, tmp_path):
    """kg extract -> kg load --backend neo4j, against kg load -> kg export neo4j-admin -> scripts/neo4j import."""
    from kg.pipeline import load_triples
    from kg.store import open_store
    from kg.store.neo4j import Neo4jStore
    from kg.triples_io import read_triples
    from tests.test_store_neo4j import signature
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("neo4j-admin needs java and mvn (scripts/neo4j fetches the jars)")
    runner = CliRunner()
    triples = tmp_path / "triples.jsonl"
    triples.write_text(runner.invoke(main, ["extract", str(ARTICLES)]).output, encoding="utf-8")
    load_triples(read_triples([str(triples)]), neo4j_store)
    with open_store(tmp_path / "kg.db") as store:
        load_triples(read_triples([str(triples)]), store)
    r = runner.invoke(main, ["export", "--format", "neo4j-admin", str(tmp_path / "import"),
                             "--store", str(tmp_path / "kg.db")])
    assert r.exit_code == 0, r.output
    port = int(os.environ.get("KG_TEST_BULK_NEO4J_PORT") or _free_port())
    env = {**os.environ, "KG_NEO4J_HOME": str(tmp_path / "bulk"), "KG_NEO4J_PORT": str(port),
           "KG_NEO4J_PASSWORD": NEO4J_PASSWORD}
    script = str(ROOT / "scripts" / "neo4j")
    done = subprocess.run([script, "import", str(tmp_path / "import")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    again = subprocess.run([script, "import", str(tmp_path / "import")], env=env, capture_output=True, text=True)
    assert again.returncode == 1 and "--replace" in again.stderr  # never over a database by accident
    try:
        subprocess.run([script, "start"], env=env, check=True, capture_output=True)
        bulk = Neo4jStore(f"bolt://127.0.0.1:{port}", "neo4j", NEO4J_PASSWORD)
        try:
            assert signature(bulk.to_networkx()) == signature(neo4j_store.to_networkx())
            assert bulk.stats() == neo4j_store.stats()
        finally:
            bulk.close()
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True)
