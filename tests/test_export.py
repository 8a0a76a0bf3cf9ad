import csv
import json

import networkx as nx
from click.testing import CliRunner

from kg.cli import main


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


def test_csv_is_in_neo4j_admin_import_format(sample_store_path, sample_store, tmp_path):
    out = tmp_path / "import"
    r = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(out), "--store", str(sample_store_path)])
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
