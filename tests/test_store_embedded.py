"""The embedded backend's own behaviour: its SQLite file (the store contract is in test_store_contract.py)."""

import sqlite3

import pytest

from kg.errors import StoreError
from kg.schema import Article
from kg.store import open_store


def graph_signature(store):
    g = store.to_networkx()
    nodes = sorted((n, tuple(sorted((k, str(v)) for k, v in d.items()))) for n, d in g.nodes(data=True))
    edges = sorted((u, v, k, tuple(sorted((a, str(b)) for a, b in d.items()))) for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def test_not_a_store_is_a_clear_error(tmp_path):
    p = tmp_path / "x.db"
    p.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(p)
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_store_file_is_sqlite_in_wal_mode(tmp_path):
    with open_store(tmp_path / "kg.db"):
        pass
    mode = sqlite3.connect(tmp_path / "kg.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_store_whose_edges_have_a_unique_key_column_still_takes_writes(tmp_path, extractor):
    # Stores created before 2026-11-28 keep a PRIMARY KEY on edges.key; the same code writes to both.
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE edges (key TEXT PRIMARY KEY, src TEXT NOT NULL, type TEXT NOT NULL, "
               "dst TEXT NOT NULL, props TEXT NOT NULL DEFAULT '{}')")
    db.close()
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    with open_store(path) as old, open_store(tmp_path / "new.db") as new:
        assert old.add_article(ex.source, ex.triples).relationships_added == len(ex.triples)
        new.add_article(ex.source, ex.triples)
        assert graph_signature(old) == graph_signature(new)
